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
 * Declarations (imports, variables, functions, classes) that analyses look for over a whole file. A file's
 * tree is searched for all of them at once, on the first such question, and later whole-file questions about
 * declarations are answered from that search: each search of a tree costs about a sixth of parsing it whatever
 * the types asked, and a file with tool handlers was searched five to nine times. Calls, object pairs and
 * loops (several times as many nodes, asked for by fewer files) are searched per question: keeping them
 * for every kept tree would cost more memory than the searches cost time.
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
const DECLARATIONS = new Set(DECLARATION_TYPES);

/**
 * JavaScript / TypeScript declarations found from the keyword they are written with, without a search of the
 * whole tree: each node of these types has the keyword as a child token (`import_statement` its `import`,
 * `function_declaration` its `function`, a `lexical_declaration` / `variable_declaration` holding the
 * declarators its `const` / `let` / `var`), and the keyword token of `class` is itself a node of type `class`.
 * The keywords are found in the text and the token at each is asked for (a word in a string, a comment or a
 * name is no such token): a few wasm calls per keyword instead of visiting every node of the tree, the
 * larger part of answering the first whole-file question (openai-agents-js: about a sixth of the tool-input
 * family's tree work). Only for trees without a syntax error, where every such node has its keyword.
 */
const KEYWORD_GROUPS: readonly { keywords: readonly string[]; types: readonly string[]; declarators?: true }[] = [
  { keywords: ['import'], types: ['import_statement'] },
  // the keyword's parent declaration holds the declarators
  { keywords: ['const', 'let', 'var'], types: ['variable_declarator'], declarators: true },
  { keywords: ['function'], types: ['function_declaration', 'generator_function_declaration'] },
  { keywords: ['class'], types: ['class_declaration', 'class', 'abstract_class_declaration'] },
];
const GROUP_OF_TYPE = new Map(KEYWORD_GROUPS.flatMap((g) => g.types.map((t) => [t, g] as const)));
const DECLARATION_PARENTS = new Set(['lexical_declaration', 'variable_declaration']);

/** Document order, as descendantsOfType gives it: by start, an enclosing node before the nodes inside it. */
const documentOrder = (a: Node, b: Node) => a.startIndex - b.startIndex || b.endIndex - a.endIndex;

/** The nodes of one keyword group's types in a JavaScript / TypeScript tree without errors, by type, in document order. */
function locateGroup(root: Node, group: (typeof KEYWORD_GROUPS)[number]): Map<string, Node[]> {
  // the root's text starts where its first token or comment does (a file's leading blank lines are not in it)
  const text = root.text;
  const base = root.startIndex;
  const wanted = new Set(group.types);
  const found = new Map<number, Node>();
  const add = (n: Node) => {
    if (wanted.has(n.type)) found.set(n.id, n);
  };
  for (const keyword of group.keywords) {
    for (let at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + keyword.length)) {
      const end = at + keyword.length;
      if ((at > 0 && NAME_CHAR.test(text[at - 1])) || (end < text.length && NAME_CHAR.test(text[end]))) continue;
      // the token there, or the string, comment or name the word is in: then its parent is none of the types, or
      // (a comment inside a declaration) one the declaration's own keyword finds too
      const token = root.descendantForIndex(base + at, base + end);
      const parent = token?.parent;
      if (!parent) continue;
      if (group.declarators) {
        if (DECLARATION_PARENTS.has(parent.type)) for (const c of parent.namedChildren) if (c) add(c);
        continue;
      }
      if (keyword === 'class') add(token!);
      add(parent);
    }
  }
  const byType = new Map<string, Node[]>(group.types.map((t) => [t, []]));
  for (const n of [...found.values()].sort(documentOrder)) byType.get(n.type)!.push(n);
  return byType;
}
const NAME_CHAR = /[\w$]/;

/** One search of a tree for the declarations: the nodes in document order (descendantsOfType's order), by type. */
interface TypeIndex {
  /** The id of the tree's root node: only questions about the whole tree are answered from the index. */
  rootId: number;
  nodes?: Node[];
  types?: string[];
  byType?: Map<string, Node[]>;
  /** A JavaScript / TypeScript tree without syntax errors: keyword groups are located (`locateGroup`) instead. */
  locatable?: boolean;
  /** Types answered from a located keyword group: always from it afterwards, so one type's nodes stay the same objects. */
  located?: Map<string, Node[]>;
}
const treeIndexes = new WeakMap<Tree, TypeIndex>();

/**
 * `root.descendantsOfType(types)` without the null entries: the nodes of those types under `root`, in
 * document order. For a tree's root node and declaration types, served from one search per tree, or for
 * the keyword-written JavaScript / TypeScript declarations, from their keywords.
 */
export function descendantsOf(root: Node, types: string | readonly string[]): Node[] {
  const wanted = typeof types === 'string' ? [types] : types;
  if (wanted.every((t) => DECLARATIONS.has(t))) {
    const tree = root.tree;
    let index = treeIndexes.get(tree);
    if (!index) treeIndexes.set(tree, (index = { rootId: tree.rootNode.id }));
    if (root.id === index.rootId) {
      const located = locatedAnswer(index, root, wanted);
      if (located) return located;
      if (!index.nodes) {
        const nodes = root.descendantsOfType([...DECLARATION_TYPES]).filter((n): n is Node => !!n);
        const byType = new Map<string, Node[]>();
        const types = nodes.map((n) => {
          const type = n.type;
          const list = byType.get(type);
          if (list) list.push(n);
          else byType.set(type, [n]);
          return type;
        });
        Object.assign(index, { nodes, types, byType });
      }
      if (wanted.length === 1) return [...(index.byType!.get(wanted[0]) ?? [])];
      const set = new Set(wanted);
      const types = index.types!;
      return index.nodes!.filter((_, i) => set.has(types[i]));
    }
  }
  return root.descendantsOfType(wanted as string[]).filter((n): n is Node => !!n);
}

/**
 * The answer from located keyword groups, when every type asked is one (and the tree can be: JavaScript /
 * TypeScript without errors); a type the whole-tree search answered before stays answered by it. Else null.
 */
function locatedAnswer(index: TypeIndex, root: Node, wanted: readonly string[]): Node[] | null {
  if (!wanted.every((t) => GROUP_OF_TYPE.has(t) && (index.located?.has(t) || !index.byType))) return null;
  index.locatable ??= root.type === 'program' && !root.hasError;
  if (!index.locatable) return null;
  const located = (index.located ??= new Map());
  for (const t of wanted) if (!located.has(t)) for (const [type, nodes] of locateGroup(root, GROUP_OF_TYPE.get(t)!)) located.set(type, nodes);
  if (wanted.length === 1) return [...located.get(wanted[0])!];
  const lists = [...new Set(wanted)].map((t) => located.get(t)!);
  return lists.length === 1 ? [...lists[0]] : lists.flat().sort(documentOrder);
}

/** What `const x = await (require('m'))` may wrap a call in, between the declarator and the call. */
const CALL_WRAPPERS = new Set(['await_expression', 'parenthesized_expression']);

/**
 * The JavaScript / TypeScript variable declarators whose value is a call of one of `callees` (`require`,
 * `import`), possibly awaited or parenthesized (`const m = await import('m')`), in document order: found from
 * where the text writes each callee, instead of reading every declarator of the tree. A superset: the callers
 * check each value as before.
 */
export function callDeclarators(root: Node, callees: readonly string[]): Node[] {
  const text = root.text;
  const base = root.startIndex;
  const found = new Map<number, Node>();
  for (const callee of callees) {
    for (let at = text.indexOf(callee); at >= 0; at = text.indexOf(callee, at + callee.length)) {
      const end = at + callee.length;
      if ((at > 0 && NAME_CHAR.test(text[at - 1])) || (end < text.length && NAME_CHAR.test(text[end]))) continue;
      // (the TypeScript grammar wraps the `import` keyword in a node of the same type)
      let n = root.descendantForIndex(base + at, base + end)?.parent ?? null;
      while (n?.type === callee) n = n.parent;
      if (n?.type !== 'call_expression') continue;
      n = n.parent;
      while (n && CALL_WRAPPERS.has(n.type)) n = n.parent;
      if (n?.type === 'variable_declarator') found.set(n.id, n);
    }
  }
  return [...found.values()].sort(documentOrder);
}
