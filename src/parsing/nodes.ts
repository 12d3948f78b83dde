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

/** One search of a tree for the declarations: the nodes in document order (descendantsOfType's order), by type. */
interface TypeIndex {
  /** The id of the tree's root node: only questions about the whole tree are answered from the index. */
  rootId: number;
  nodes?: Node[];
  types?: string[];
  byType?: Map<string, Node[]>;
}
const treeIndexes = new WeakMap<Tree, TypeIndex>();

/**
 * `root.descendantsOfType(types)` without the null entries: the nodes of those types under `root`, in
 * document order. For a tree's root node and declaration types, served from one search per tree.
 */
export function descendantsOf(root: Node, types: string | readonly string[]): Node[] {
  const wanted = typeof types === 'string' ? [types] : types;
  if (wanted.every((t) => DECLARATIONS.has(t))) {
    const tree = root.tree;
    let index = treeIndexes.get(tree);
    if (!index) treeIndexes.set(tree, (index = { rootId: tree.rootNode.id }));
    if (root.id === index.rootId) {
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
