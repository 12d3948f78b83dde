import { describe, expect, it } from '@jest/globals';
import { parseCode, type Node } from '../../src/parsing/parsers.js';
import { descendantsOf } from '../../src/parsing/nodes.js';

const JS = [
  "import { tool } from '@openai/agents';",
  "const { execSync } = require('child_process');",
  'export class Runner extends Base {',
  '  limit = 3;',
  '  run(x) { const y = call(x, { a: 1 }); while (true) { new Thing(y); } return y; }',
  '}',
  'function helper(a) { for (;;) { do { a = f(a); } while (a); } }',
  'function* gen() { yield 1; }',
  "const t = tool({ name: 'x', execute: async ({ p }) => execSync(p) });",
  'const c = class {};',
  '',
].join('\n');

const PY = [
  'import os',
  'from mcp.server.fastmcp import FastMCP',
  'mcp = FastMCP("x")',
  '@mcp.tool()',
  'def read(path: str, mode: str = "r") -> str:',
  '    with open(path, mode) as f:',
  '        return f.read()',
  'class Tools:',
  '    def run(self, n):',
  '        while True:',
  '            x = {"a": n}',
  '',
].join('\n');

const QUESTIONS: string[][] = [
  ['import_statement'],
  ['variable_declarator'],
  ['import_statement', 'variable_declarator'],
  ['function_declaration', 'generator_function_declaration', 'variable_declarator'],
  ['class_declaration', 'class', 'abstract_class_declaration'],
  ['method_definition', 'public_field_definition'],
  ['pair', 'call_expression', 'new_expression', 'while_statement', 'do_statement', 'for_statement'],
  ['call_expression'],
  ['import_statement', 'import_from_statement'],
  ['decorated_definition', 'call', 'class_definition'],
  ['decorated_definition', 'class_definition'],
  ['typed_parameter', 'typed_default_parameter'],
  ['assignment'],
  ['call', 'pair', 'assignment', 'while_statement'],
  ['call', 'with_statement'],
  ['function_definition'],
  // types no index holds, alone and with indexed ones
  ['identifier'],
  ['identifier', 'call_expression'],
  ['return_statement', 'import_statement'],
];

const shape = (nodes: (Node | null)[]) => nodes.filter((n): n is Node => !!n).map((n) => `${n.type}@${n.startIndex}-${n.endIndex}`);

describe('descendantsOf', () => {
  for (const [language, text] of [
    ['typescript', JS],
    ['javascript', JS],
    ['python', PY],
  ] as const) {
    it(`answers every question as descendantsOfType does, in any order of questions (${language})`, async () => {
      for (const order of [QUESTIONS, [...QUESTIONS].reverse()]) {
        const parsed = (await parseCode(language, text))!;
        try {
          for (const types of order) {
            expect(shape(descendantsOf(parsed.root, types))).toEqual(shape(parsed.root.descendantsOfType(types)));
            // a subtree is searched on its own, never answered with nodes outside it
            const inner = parsed.root.namedChildren.find((c) => c && c.endIndex - c.startIndex > 40)!;
            expect(shape(descendantsOf(inner, types))).toEqual(shape(inner.descendantsOfType(types)));
          }
        } finally {
          parsed.tree.delete();
        }
      }
    });
  }

  it('answers later whole-file questions from the first search of the tree', async () => {
    const parsed = (await parseCode('typescript', JS))!;
    try {
      const imports = descendantsOf(parsed.root, 'import_statement');
      const both = descendantsOf(parsed.root, ['variable_declarator', 'import_statement']);
      expect(both[0]).toBe(imports[0]);
      // the same root reached another way (a fresh node object) is the same tree
      const declarators = descendantsOf(parsed.tree.rootNode, 'variable_declarator');
      expect(declarators[0]).toBe(both[1]);
      // a caller changing its array does not change the next answer
      imports.length = 0;
      expect(descendantsOf(parsed.root, 'import_statement')).toHaveLength(1);
    } finally {
      parsed.tree.delete();
    }
  });
});
