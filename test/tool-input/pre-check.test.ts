import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { withoutCommentLines } from '../../src/families/tool-input/discovery/javascript.js';
import { filesUnder, FIXTURES as TOOL_FIXTURES } from '../tools/fixtures.js';
import { FIXTURES as FLOW_FIXTURES, loadFixtures } from './shared.js';
import { passes, registeringFiles } from './pre-check-helpers.js';

/**
 * The pre-check decides which files are parsed for tool discovery, so it must be a superset of discovery:
 * here discovery runs on every file WITHOUT the pre-check (a probe rule that parses every code file), and
 * every file that registers a tool must pass the pre-check.
 */

const MCP =
  "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport { z } from 'zod';\nconst server = new McpServer({ name: 's', version: '1' });\n";
const EXEC = "import { execSync } from 'node:child_process';\n";

/** Registration shapes a simple word test on `tool(` would miss: renamed imports, comments before the arguments, class chains, factories. */
const TRICKY: Record<string, string> = {
  'renamed.ts': `import { tool as defineIt } from 'ai';\nimport { z } from 'zod';\nexport const t = defineIt({ description: 'd', parameters: z.object({ p: z.string() }), execute: async ({ p }) => p });\n`,
  'required.js': `const { tool: defineIt } = require('ai');\nconst { z } = require('zod');\nmodule.exports = defineIt({ description: 'd', parameters: z.object({ p: z.string() }), execute: async ({ p }) => p });\n`,
  'member.js': `const defineIt = require('ai').tool;\nconst { z } = require('zod');\nmodule.exports = defineIt({ description: 'd', parameters: z.object({ p: z.string() }), execute: async ({ p }) => p });\n`,
  'gap.ts': `${MCP}server.tool /* the name */ ('run', { cmd: z.string() }, async ({ cmd }) => ({ content: [] }));\n`,
  'line-gap.ts': `${MCP}server\n  .registerTool // a comment\n  ('run', { inputSchema: { cmd: z.string() } }, async ({ cmd }) => ({ content: [] }));\n`,
  'generic.ts': `import { tool } from 'ai';\nimport { z } from 'zod';\nconst s = z.object({ p: z.string() });\nexport const t = tool<typeof s, string>({ description: 'd', parameters: s, execute: async ({ p }) => p });\n`,
  'chain.ts': `import * as lc from '@langchain/core/tools';\nclass Base extends lc.StructuredTool {\n  name = 'base';\n  async _call(input: string) { return input; }\n}\nexport class Shell extends Base {\n  name = 'shell';\n  async _call(input: string) { return input; }\n}\n`,
  'chain-implements.ts': `import * as lc from '@langchain/core/tools';\nexport class Shell extends lc.StructuredTool implements Named {\n  name = 'shell';\n  async _call(input: string) { return input; }\n}\n`,
  'chain-comment.ts': `import { Tool } from '@langchain/core/tools';\nexport class Shell extends /* the base */ Tool {\n  name = 'shell';\n  async _call(input: string) { return input; }\n}\n`,
  'factory.ts': `${EXEC}function makeShellTool(def: any) { return def; }\nexport const shell = makeShellTool({ name: 'shell', description: 'd', inputSchema: {}, execute: async (ctx: any, { cmd }: any) => execSync(cmd) });\n`,
  'factory-generic.ts': `${EXEC}const defineShellTool = <T>(def: T) => def;\nexport const shell = defineShellTool<{ cmd: string }>(\n  // the definition\n  { name: 'shell', description: 'd', inputSchema: {}, execute: async (ctx: any, { cmd }: any) => execSync(cmd) },\n);\n`,
  'after-docs.ts': `/**\n * Registers the shell tool.\n * server.tool('shell', ...)\n */\n// tool(...) is called below\n${MCP}server.tool('run', { cmd: z.string() }, async ({ cmd }) => ({ content: [] }));\n`,
  'after-template.ts': `import { tool } from 'ai';\nimport { z } from 'zod';\nconst banner = \`\n// generated\n\`; export const t = tool({ description: 'd', parameters: z.object({ p: z.string() }), execute: async ({ p }) => p });\n`,
};

/** A factory imported from a repository module (registered where it is called, not where it is declared). */
const IMPORTED_FACTORY: Record<string, string> = {
  'make.ts': `export function makeShellTool(def: any) { return def; }\n`,
  'use.ts': `${EXEC}import { makeShellTool as make_shell_tool } from './make';\nimport {\n  makeShellTool,\n} from './make';\nexport const shell = makeShellTool({ name: 'shell', description: 'd', inputSchema: {}, execute: async (ctx: any, { cmd }: any) => execSync(cmd) });\n`,
  'use-require.js': `const { execSync } = require('node:child_process');\nconst { makeShellTool } = require('./make');\nmodule.exports = makeShellTool({ name: 'shell', description: 'd', inputSchema: {}, execute: async (ctx, { cmd }) => execSync(cmd) });\n`,
};

/** Files that talk about tools (comments, strings, types, object keys) and register none. */
const TALK: Record<string, string> = {
  'types.ts': `import type { Tool, FunctionTool } from '@openai/agents';\n// every tool of the agent is listed here\nexport function names(tools: Tool[]): string[] { return tools.map((t) => t.name); }\nexport const kind = { tool: 'function', toolChoice: 'auto' };\n`,
  'extends.ts': `// a class that extends a tool's result type is not a tool\nexport class Output extends ToolOutput {}\nexport class Runner extends Base.Toolkit {}\n`,
  'test.ts': `import { expect, it } from 'vitest';\nit('emits a tool call item', () => {\n  const item = { type: 'tool_call', tool: 'search' };\n  expect(item.tool).toBe('search');\n});\n`,
  'docs.ts': `/**\n * Wraps tool(): call tool({ execute }) or server.tool('x', ...) to register.\n * @see registerTool(name, config, handler)\n */\n// server.registerTool('x', {}, () => {})\nexport const docs = 1;\n`,
  'reads.ts': `import type { Tool } from './types';\nexport function kind(tool: Tool | undefined): string {\n  if (tool?.name) return (tool as Record<string, string>).name;\n  return 'tool/' + 'call';\n}\n`,
  'lookups.ts': `import { lookupTool } from 'some-package';\nimport { isFunctionTool } from './guards';\nexport const a = lookupTool({ name: 'x' });\nexport const b = isFunctionTool(a);\nexport const c = getTool('x');\nthrow new Error('call searchTool({ query }) first');\n`,
};

/** Types only: a declaration file registers nothing whatever it declares. */
const DECLARATIONS = `export declare function tool<T>(def: T): T;\nexport declare const search: ReturnType<typeof tool<{ q: string }>>;\ndeclare module 'x' {\n  function registerTool(name: string, config: object, cb: () => void): void;\n}\n`;

describe('the tool-input pre-check', () => {
  it('passes every JavaScript / TypeScript fixture that registers a tool, resource or prompt', async () => {
    const files = { ...filesUnder(join(TOOL_FIXTURES, 'js')), ...loadFixtures(join(FLOW_FIXTURES, 'js')) };
    const registering = await registeringFiles(files);
    expect(registering.size).toBeGreaterThan(20);
    for (const path of registering.keys()) expect({ path, passes: passes(path, files[path]) }).toEqual({ path, passes: true });
  });

  it('passes registrations written as renamed imports, with comments before the arguments, as class chains and as factories', async () => {
    const registering = await registeringFiles(TRICKY);
    expect([...registering.keys()].sort()).toEqual(Object.keys(TRICKY).sort());
    for (const [path, text] of Object.entries(TRICKY)) expect({ path, passes: passes(path, text) }).toEqual({ path, passes: true });
  });

  it('passes a call of a factory imported from a repository module, through import or require', async () => {
    const registering = await registeringFiles(IMPORTED_FACTORY);
    expect([...registering.keys()].sort()).toEqual(['use-require.js', 'use.ts']);
    for (const path of registering.keys()) expect({ path, passes: passes(path, IMPORTED_FACTORY[path]) }).toEqual({ path, passes: true });
  });

  it('rejects tool talk in comment lines, reads and casts of a `tool` variable, and calls of package or non-object factories', async () => {
    for (const path of ['docs.ts', 'reads.ts', 'lookups.ts']) expect({ path, passes: passes(path, TALK[path]) }).toEqual({ path, passes: false });
    // the same talk as code is taken as a possible registration
    expect(passes('code.ts', `export const t = tool({ execute });\n`)).toBe(true);
    expect(passes('code.ts', `server.tool?.<Args>('x', {}, run);\n`)).toBe(true);
    expect(passes('code.ts', `server.tool!('x', {}, run);\n`)).toBe(true);
    expect(passes('code.ts', `if (tool !== undefined && tool != null) use(tool);\n`)).toBe(false);
    expect(passes('code.ts', `server.registerTool?.('x', {}, run);\n`)).toBe(true);
    expect(passes('code.ts', `import { tool as t } from 'ai';\n`)).toBe(true);
    expect(passes('code.ts', `import { lookupTool } from './lookup';\nexport const a = lookupTool({ name: 'x', execute, parameters });\n`)).toBe(true);
    // (a factory's object needs a schema beside its handler: without one it registers nothing)
    expect(passes('code.ts', `import { lookupTool } from './lookup';\nexport const a = lookupTool({ name: 'x', execute });\n`)).toBe(false);
  });

  it('rejects calls of repository factories whose object has no handler key, and reads the object to its end', async () => {
    const factory = `import { lookupTool } from './lookup';\n`;
    const without = `${factory}export const a = lookupTool({ name: 'x', description: \`a \${{ a: 1 }.a} b\`, nested: { deep: ['execute'] } });\n`;
    expect((await registeringFiles({ 'lookup.ts': 'export const lookupTool = (d: any) => d;\n', 'without.ts': without })).size).toBe(0);
    expect(passes('without.ts', without)).toBe(false);
    expect(passes('local.ts', `function searchTool(o: object) { return o; }\nexport const s = searchTool({ name: 'x', kind: 'hosted' });\n`)).toBe(false);
    // a handler key in any spelling discovery reads, after strings, templates and comments that hold brackets
    for (const object of [
      `{ name: 'x', execute: run }`,
      `{ name: 'x}', /* } */ 'execute': run }`,
      `{ name: \`\${'}'}\`, // }\n execute }`,
      `{ name: 'x', async run(input) { return input; } }`,
      `{ name: 'x', invoke<T>(input: T) { return input; } }`,
      `{ name: 'x', handler /* the handler */ : run }`,
      `{ name: 'x', call }`,
      // not read to the end: a regular expression, an escape that may spell a key, a string left open, too long
      `{ name: 'x', pattern: /[}]/, ['exec' + 'ute']: run }`,
      `{ name: 'x', '\\x65xecute': run }`,
      `{ name: 'x\n`,
      `{ name: '${'x'.repeat(60_000)}' }`,
    ])
      expect({ object, passes: passes('code.ts', `${factory}export const a = lookupTool(${object.replace('{ ', '{ inputSchema: s, ')});\n`) }).toEqual({
        object,
        passes: true,
      });
  });

  it('drops whole comment lines, and no line that may be code in a template literal or a continued string', () => {
    const cases: [string, string][] = [
      ['a\n// c\nb', 'a\nb'],
      ['a\n// c', 'a'],
      ['  /* x\n * y\n */ z', ' z'],
      ['/* a */ b\n// c\\\n// d', ' b\n// d'],
      ['a\r\n// c\r\nb', 'a\r\nb'],
      ['\u00a0// nbsp\ncode', 'code'],
      ['/* open\n  code', '  code'],
      ['/* a\n * b */ c /* d\n * e\n f', ' c /* d\n * e\n f'],
      ['x\n/* `a` */\n// ${b}\n/* c\n * `\n */', 'x\n/* `a` */\n// ${b}\n * `\n */'],
      ['a\\\n// b\n// c', 'a\\\n// b'],
      ['// a\n\n// b\n', '\n'],
      ['/**/x\n/*/ y\n*/z', 'x\nz'],
      ['const a = 1;\nconst b = 2;\n', 'const a = 1;\nconst b = 2;\n'],
    ];
    for (const [text, kept] of cases) expect({ text, kept: withoutCommentLines(text) }).toEqual({ text, kept });
    // a long block comment, and many comment openings never closed, are read in one pass each
    const block = `/*\n${' * line\n'.repeat(50_000)} */\ncode`;
    expect(withoutCommentLines(block)).toBe('\ncode');
    // (a line opening a comment inside a comment ends it: every other one is kept)
    expect(withoutCommentLines('/* x\n'.repeat(50_000))).toBe('/* x\n'.repeat(25_000));
  });

  it('rejects TypeScript declaration files, which hold no code', () => {
    expect(passes('tools.ts', DECLARATIONS)).toBe(true);
    for (const path of ['tools.d.ts', 'tools.d.mts', 'tools.d.cts']) expect({ path, passes: passes(path, DECLARATIONS) }).toEqual({ path, passes: false });
  });

  it('rejects JavaScript that only talks about tools, so it is not parsed', async () => {
    expect((await registeringFiles(TALK)).size).toBe(0);
    for (const [path, text] of Object.entries(TALK)) expect({ path, passes: passes(path, text) }).toEqual({ path, passes: false });
  });

  it('narrows Python to registration shapes too (pre-check-python.test.ts)', () => {
    expect(passes('a.py', '# the tool list\nTOOLS = []\n')).toBe(false);
    expect(passes('a.py', '# the tool list\n@mcp.tool()\ndef run(): pass\n')).toBe(true);
    expect(passes('a.py', 'print(1)\n')).toBe(false);
  });
});
