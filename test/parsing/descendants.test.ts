import { describe, expect, it, jest } from '@jest/globals';
import { Node as TreeNode } from 'web-tree-sitter';
import { parseCode, type Node } from '../../src/parsing/parsers.js';
import { callDeclarators, descendantsOf } from '../../src/parsing/nodes.js';

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

/** Keywords where no declaration is: strings, comments, property names, names that contain them; a file opening with blank lines. */
const KEYWORDS_ELSEWHERE = [
  '',
  '',
  '// function f() {} const a = 1; import x from "y"; class K {}',
  "const s = 'const t = 1; function g() {} class L {}', u = `let ${'v'} = import`;",
  '/* let w = 2;',
  '   var z = 3; */',
  'obj.import = obj.class + obj.function + obj.const;',
  'const constant = { let: 1, var: 2, function: 3, class: 4, import: 5 };',
  'export default class {}',
  'export abstract class Base { m() { const inner = class Inner {}; return inner; } }',
  'for (let i = 0, j = 1; i < j; i++) { var k = i; }',
  'declare const declared: number;',
  'async function* agen() { let q; }',
  "import type { T } from './t';",
  "import legacy = require('legacy');",
  "const lazy = async () => { const { execSync } = await import('node:child_process'); return execSync; };",
  "const required = (require('fs')), member = require('path').join, called = x.require('q'), notCall = require;",
  'function outer() { function inner() {} let a = () => { var b = function named() {}; }; }',
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
    ['typescript', KEYWORDS_ELSEWHERE],
    ['tsx', KEYWORDS_ELSEWHERE],
    // a syntax error: the whole tree is searched
    ['typescript', `${KEYWORDS_ELSEWHERE}\nconst broken = ;\nfunction (`],
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

  it('finds keyword-written declarations of a JavaScript tree without searching the whole tree', async () => {
    const parsed = (await parseCode('typescript', KEYWORDS_ELSEWHERE))!;
    const search = jest.spyOn(TreeNode.prototype, 'descendantsOfType');
    try {
      const questions = [
        ['import_statement'],
        ['function_declaration', 'generator_function_declaration', 'variable_declarator'],
        ['class_declaration', 'class', 'abstract_class_declaration'],
      ];
      const located = questions.map((types) => shape(descendantsOf(parsed.root, types)));
      expect(search).not.toHaveBeenCalled();
      search.mockRestore();
      expect(located).toEqual(questions.map((types) => shape(parsed.root.descendantsOfType(types))));
      expect(located.map((nodes) => nodes.length)).toEqual([2, 20, 6]);
    } finally {
      search.mockRestore();
      parsed.tree.delete();
    }
  });

  it('finds the declarators whose value is a call of require or import, in document order', async () => {
    const parsed = (await parseCode('typescript', `${JS}${KEYWORDS_ELSEWHERE}`))!;
    try {
      const names = callDeclarators(parsed.root, ['require', 'import']).map((d) => d.childForFieldName('name')!.text);
      expect(names).toEqual(['{ execSync }', '{ execSync }', 'required']);
    } finally {
      parsed.tree.delete();
    }
  });

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
