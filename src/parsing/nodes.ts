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
