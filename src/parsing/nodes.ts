import type { Node, Tree } from 'web-tree-sitter';

/** Node types of the tree-sitter grammars that several analyses share, written down once. */

/** Python nodes that open a function body. */
export const PY_FUNCTION_TYPES: ReadonlySet<string> = new Set(['function_definition', 'lambda']);

/** JavaScript / TypeScript nodes that open a function body. */
export const JS_FUNCTION_TYPES: ReadonlySet<string> = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
]);

/**
 * Node types that analyses look for over a whole file. A file's tree is searched for a whole group at once,
 * on the first question about any of them, and later whole-file questions are answered from that search: each
 * search of a tree costs about a sixth of parsing it whatever the types asked, and a file with tool handlers
 * was searched five to nine times. Declarations (imports, variables, functions, classes) are one group; with
 * calls, object pairs and loops (several times as many nodes, asked for by fewer files) they make the second.
 */
const DECLARATION_TYPES: readonly string[] = [
  // JavaScript / TypeScript
  'import_statement',
  'variable_declarator',
  'function_declaration',
  'generator_function_declaration',
  'method_definition',
  'public_field_definition',
  'class_declaration',
  'class',
  'abstract_class_declaration',
  // Python
  'import_from_statement',
  'decorated_definition',
  'class_definition',
  'function_definition',
  'assignment',
  'typed_parameter',
  'typed_default_parameter',
];
const ALL_TYPES: readonly string[] = [
  ...DECLARATION_TYPES,
  'call_expression',
  'new_expression',
  'pair',
  'while_statement',
  'do_statement',
  'for_statement',
  'call',
  'decorator',
  'with_statement',
];
const DECLARATIONS = new Set(DECLARATION_TYPES);
const ALL = new Set(ALL_TYPES);

/** One search of a tree for a group of types: the nodes in document order (descendantsOfType's order), by type. */
interface TypeIndex {
  nodes: Node[];
  types: string[];
  byType: Map<string, Node[]>;
}
interface TreeIndexes {
  /** The id of the tree's root node: only questions about the whole tree are answered from an index. */
  rootId: number;
  declarations?: TypeIndex;
  all?: TypeIndex;
}
const treeIndexes = new WeakMap<Tree, TreeIndexes>();

function typeIndex(root: Node, group: readonly string[]): TypeIndex {
  const nodes = root.descendantsOfType([...group]).filter((n): n is Node => !!n);
  const byType = new Map<string, Node[]>();
  const types = nodes.map((n) => {
    const type = n.type;
    const list = byType.get(type);
    if (list) list.push(n);
    else byType.set(type, [n]);
    return type;
  });
  return { nodes, types, byType };
}

/**
 * `root.descendantsOfType(types)` without the null entries: the nodes of those types under `root`, in
 * document order. For a tree's root node and indexed types, served from one search per tree and group.
 */
export function descendantsOf(root: Node, types: string | readonly string[]): Node[] {
  const wanted = typeof types === 'string' ? [types] : types;
  const declarations = wanted.every((t) => DECLARATIONS.has(t));
  if (declarations || wanted.every((t) => ALL.has(t))) {
    const tree = root.tree;
    let indexes = treeIndexes.get(tree);
    if (!indexes) treeIndexes.set(tree, (indexes = { rootId: tree.rootNode.id }));
    if (root.id === indexes.rootId) {
      const index = indexes.all ?? (declarations ? (indexes.declarations ??= typeIndex(root, DECLARATION_TYPES)) : (indexes.all = typeIndex(root, ALL_TYPES)));
      if (wanted.length === 1) return [...(index.byType.get(wanted[0]) ?? [])];
      const set = new Set(wanted);
      return index.nodes.filter((_, i) => set.has(index.types[i]));
    }
  }
  return root.descendantsOfType(wanted as string[]).filter((n): n is Node => !!n);
}
