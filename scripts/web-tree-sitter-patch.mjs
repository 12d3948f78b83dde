// A build-time patch of web-tree-sitter's JS glue (node_modules/web-tree-sitter/web-tree-sitter.js), applied
// while esbuild bundles dist/: every syntax node the analyses touch crosses the wasm boundary through
// `marshalNode` / `unmarshalNode` and a new `Node` object, and on awslabs/mcp that glue was 15% of a scan's
// CPU. What it changes, and nothing else:
// - `Node` keeps its wasm handle in a named property (`_other`), not in the element `this[0]`: an indexed
//   property gave every node its own elements store; and its fields are assigned once in the constructor
//   instead of being declared as class fields (defined as undefined, then assigned again);
// - `marshalNode` / `unmarshalNode` read and write the transfer buffer through `HEAP32` instead of the
//   generic `setValue(ptr, value, "i32")` (a string test and a switch per word), on little-endian hosts
//   (the wasm heap is little-endian; elsewhere the original calls stay).
// Each replacement must match exactly once: a web-tree-sitter whose glue differs fails the build here, with
// the reason, instead of shipping half a patch. test/parsing/web-tree-sitter-patch.test.ts parses real code
// with the patched and the original glue and compares every node.
import { readFileSync } from 'node:fs';

const NODE_FIELDS_BEFORE = `  /** @internal */
  // @ts-expect-error: never read
  [0] = 0;
  // Internal handle for Wasm
  /** @internal */
  _children;
  /** @internal */
  _namedChildren;
  /** @internal */
  constructor(internal, {
    id,
    tree,
    startIndex,
    startPosition,
    other
  }) {
    assertInternal(internal);
    this[0] = other;
    this.id = id;
    this.tree = tree;
    this.startIndex = startIndex;
    this.startPosition = startPosition;
  }`;
// the constructor alone, assigning the handle to `_other` and the two caches once
const NODE_FIELDS_AFTER = NODE_FIELDS_BEFORE.slice(NODE_FIELDS_BEFORE.indexOf('  constructor('))
  .replace('this[0] = other;', 'this._other = other;')
  .replace(/\n {2}\}$/, '\n    this._children = void 0;\n    this._namedChildren = void 0;\n  }');

// the class-field declarations of Node's public fields (assigned by the constructor above)
const NODE_DECLARED_BEFORE = `  id;
  /** The byte index where this node starts. */
  startIndex;
  /** The position where this node starts. */
  startPosition;
  /** The tree that this node belongs to. */
  tree;
  /** Get this node's type as a numerical id. */`;
const NODE_DECLARED_AFTER = `  /** Get this node's type as a numerical id. */`;

const MARSHAL_BEFORE = `function marshalNode(node, index = 0) {
  let address = TRANSFER_BUFFER + index * SIZE_OF_NODE;
  C.setValue(address, node.id, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, node.startIndex, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, node.startPosition.row, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, node.startPosition.column, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, node[0], "i32");
}`;
// The fast paths go in front of the original bodies, which stay for big-endian hosts.
const MARSHAL_AFTER =
  'var HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;\n' +
  MARSHAL_BEFORE.replace(
    'let address = TRANSFER_BUFFER + index * SIZE_OF_NODE;\n',
    (line) => `${line}  if (HOST_IS_LITTLE_ENDIAN) {
    const heap = C.HEAP32, i = address >> 2;
    heap[i] = node.id;
    heap[i + 1] = node.startIndex;
    heap[i + 2] = node.startPosition.row;
    heap[i + 3] = node.startPosition.column;
    heap[i + 4] = node._other;
    return;
  }
`,
  ).replace('node[0]', 'node._other');

const UNMARSHAL_BEFORE = `function unmarshalNode(tree, address = TRANSFER_BUFFER) {
  const id = C.getValue(address, "i32");
  address += SIZE_OF_INT;
  if (id === 0) return null;
  const index = C.getValue(address, "i32");
  address += SIZE_OF_INT;
  const row = C.getValue(address, "i32");
  address += SIZE_OF_INT;
  const column = C.getValue(address, "i32");
  address += SIZE_OF_INT;
  const other = C.getValue(address, "i32");`;
const UNMARSHAL_AFTER = UNMARSHAL_BEFORE.replace(
  '{\n',
  (line) => `${line}  if (HOST_IS_LITTLE_ENDIAN) {
    const heap = C.HEAP32, i = address >> 2;
    if (heap[i] === 0) return null;
    return new Node(INTERNAL, { id: heap[i], tree, startIndex: heap[i + 1], startPosition: { row: heap[i + 2], column: heap[i + 3] }, other: heap[i + 4] });
  }
`,
);

const REPLACEMENTS = [
  ['the Node class fields and constructor', NODE_FIELDS_BEFORE, NODE_FIELDS_AFTER],
  ["the Node class's declared public fields", NODE_DECLARED_BEFORE, NODE_DECLARED_AFTER],
  ['marshalNode', MARSHAL_BEFORE, MARSHAL_AFTER],
  ['unmarshalNode', UNMARSHAL_BEFORE, UNMARSHAL_AFTER],
];

/** web-tree-sitter.js's source with the patch applied; throws when the source is not the one it was written for. */
export function patchWebTreeSitter(source) {
  let out = source;
  for (const [what, before, after] of REPLACEMENTS) {
    const count = out.split(before).length - 1;
    if (count !== 1)
      throw new Error(
        `web-tree-sitter patch: ${what} found ${count} times where 1 was expected: update scripts/web-tree-sitter-patch.mjs for this web-tree-sitter`,
      );
    out = out.replace(before, () => after);
  }
  // the element handle must be gone from Node entirely: one left would read undefined
  if (/\bnode\[0\]/.test(out)) throw new Error('web-tree-sitter patch: a node[0] read is left: update scripts/web-tree-sitter-patch.mjs');
  return out;
}

/** The esbuild plugin applying it to the bundled web-tree-sitter. */
export const webTreeSitterPatch = {
  name: 'agent-guard-web-tree-sitter-patch',
  setup(build) {
    build.onLoad({ filter: /[\\/]web-tree-sitter[\\/]web-tree-sitter\.js$/ }, (args) => ({
      contents: patchWebTreeSitter(readFileSync(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};
