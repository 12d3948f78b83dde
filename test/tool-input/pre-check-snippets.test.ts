import { describe, expect, it } from '@jest/globals';
import { passes, registeringFiles, snippetRepository } from './pre-check-helpers.js';

/**
 * The JavaScript / TypeScript pre-check (`mayRegisterJavaScript`) decides which files are parsed for tool
 * discovery, so it must be a superset of discovery: discovery runs here on every file WITHOUT the pre-check
 * (a probe rule that parses every code file), and every generated snippet it finds a tool in must pass the
 * pre-check. The snippets cover the registrations of `JsDiscovery` (framework `tool(…)`, LangChain classes and
 * constructors, Mastra `createTool`, MCP server methods and request handlers, repository factories, wrappers),
 * each imported and called several ways; the false keeps the pre-check drops are checked after them.
 */

const Z = "import { z } from 'zod';\n";
const AI_OBJECT = "{ description: 'd', parameters: z.object({ p: z.string() }), execute: async ({ p }) => p }";
const AGENTS_OBJECT = "{ name: 'run', description: 'd', parameters: z.object({ p: z.string() }), execute: async ({ p }) => p }";

/** How a call's value is used: assigned, returned, exported, awaited, in an object, an array or a spread. */
function uses(call: string): string[] {
  return [
    `export const t = ${call};\n`,
    `export function f() {\n  return ${call};\n}\n`,
    `export default ${call};\n`,
    `export const t = await ${call};\n`,
    `export const tools = { run: ${call} };\n`,
    `export const tools = [\n  ${call},\n];\n`,
    `export const tools = [...[${call}]];\n`,
    `export const t = cond ? ${call} : null;\n`,
  ];
}

/** A call of `name` on `args`, written several ways: type arguments, spaces, comments, a line break. */
function calls(name: string, args: string): string[] {
  return [`${name}(${args})`, `${name}<Args>(${args})`, `${name} (${args})`, `${name} /* the tool */ (${args})`, `${name}(\n  // the definition\n  ${args}\n)`];
}

/** Registration snippets, each a whole module (extra files of a snippet are keyed by their name). */
function snippets(): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const one = (text: string) => out.push({ 'm.ts': text });
  // framework `tool(…)`: the AI SDK, OpenAI Agents, @supabase/mcp-utils, through every import form
  for (const [lib, object] of [
    ['ai', AI_OBJECT],
    ['@openai/agents', AGENTS_OBJECT],
    ['@supabase/mcp-utils', AI_OBJECT],
  ]) {
    const imports: [string, string][] = [
      [`import { tool } from '${lib}';\n`, 'tool'],
      [`import { tool as defineIt } from '${lib}';\n`, 'defineIt'],
      [`import {\n  other,\n  tool as defineIt,\n} from '${lib}';\n`, 'defineIt'],
      [`import type { Other } from '${lib}';\nimport { type Other2, tool as defineIt } from '${lib}';\n`, 'defineIt'],
      [`import * as lib from '${lib}';\n`, 'lib.tool'],
      [`const { tool } = require('${lib}');\n`, 'tool'],
      [`const { tool: defineIt } = require('${lib}');\n`, 'defineIt'],
      [`const { other, tool: defineIt } = require('${lib}');\n`, 'defineIt'],
      [`const defineIt = require('${lib}').tool;\n`, 'defineIt'],
      [`const lib = require('${lib}');\n`, 'lib.tool'],
      [`const { tool: defineIt } = await import('${lib}');\n`, 'defineIt'],
      [`const defineIt = (await import('${lib}')).tool;\n`, 'defineIt'],
    ];
    for (const [imp, name] of imports) for (const call of calls(name, object)) one(`${imp}${Z}${uses(call)[0]}`);
    for (const use of uses(`tool(${object})`)) one(`import { tool } from '${lib}';\n${Z}${use}`);
  }
  // LangChain.js: tool(fn, config), the Dynamic tools, tool classes
  const LC = "import { tool, DynamicStructuredTool, DynamicTool, StructuredTool, Tool } from '@langchain/core/tools';\n";
  for (const call of [
    "tool(async ({ p }) => p, { name: 'run', description: 'd', schema: z.object({ p: z.string() }) })",
    "tool(run, { name: 'run', schema: z.object({ p: z.string() }) })",
    "new DynamicStructuredTool({ name: 'run', description: 'd', schema: z.object({ p: z.string() }), func: async ({ p }) => p })",
    "new DynamicTool({ name: 'run', description: 'd', func: async (input: string) => input })",
    "new lc.DynamicTool({ name: 'run', description: 'd', func: async (input: string) => input })",
  ])
    for (const use of uses(call)) one(`${LC}import * as lc from '@langchain/core/tools';\n${Z}async function run({ p }: { p: string }) { return p; }\n${use}`);
  for (const base of ['StructuredTool', 'Tool', 'lc.StructuredTool', 'lc . Tool', '/* the base */ Tool'])
    one(
      `${LC}import * as lc from '@langchain/core/tools';\nexport class Shell extends ${base} {\n  name = 'shell';\n  description = 'd';\n  async _call(input: string) { return input; }\n}\n`,
    );
  // Mastra
  for (const imp of ["import { createTool } from '@mastra/core/tools';\n", "import { createTool as ct } from '@mastra/core/tools';\n", ''])
    for (const call of calls(
      imp.includes(' as ct') ? 'ct' : 'createTool',
      "{ id: 'run', description: 'd', inputSchema: z.object({ p: z.string() }), execute: async ({ context }) => context.p }",
    ))
      one(`${imp}${Z}${uses(call)[0]}`);
  // MCP servers: every method, receiver and spelling
  const MCP = "import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';\n";
  const methods = [
    "tool('run', 'Run a command', { cmd: z.string() }, async ({ cmd }) => ({ content: [] }))",
    "tool('run', async () => ({ content: [] }))",
    "registerTool('run', { description: 'd', inputSchema: { cmd: z.string() } }, async ({ cmd }) => ({ content: [] }))",
    "resource('r', new ResourceTemplate('r://{id}', { list: undefined }), async (uri, { id }) => ({ contents: [] }))",
    "registerResource('r', new ResourceTemplate('r://{id}', { list: undefined }), { description: 'd' }, async (uri, { id }) => ({ contents: [] }))",
    "prompt('p', { topic: z.string() }, ({ topic }) => ({ messages: [] }))",
    "registerPrompt('p', { argsSchema: { topic: z.string() } }, ({ topic }) => ({ messages: [] }))",
    'setRequestHandler(CallToolRequestSchema, async (request) => ({ content: [request.params.arguments] }))',
    "setRequestHandler('tools/call', async (request) => ({ content: [request.params.arguments] }))",
  ];
  for (const method of methods) {
    for (const [imp, receiver] of [
      [MCP, 'server'],
      [MCP, 'app'],
      [MCP, 'this.#app'],
      [MCP, 'getApp()'],
      ['', 'server'],
      ['', 'mcp'],
      ['', 'this.mcpServer'],
      ['', 'ctx.server'],
      ["import { FastMCP } from 'fastmcp';\n", 'app'],
      ["const sdk = require('@modelcontextprotocol/sdk/server/mcp.js');\n", 'app'],
    ])
      for (const sep of ['.', '?.', '\n  .', ' . ', ' // the method\n  .', '. // the method\n  ', ' /* a */ . /* b */ '])
        one(
          `${imp}${Z}import { CallToolRequestSchema } from '@modelcontextprotocol/sdk/types.js';\n` +
            (receiver.startsWith('this')
              ? `export class S {\n  #app: any;\n  start() {\n    ${receiver}${sep}${method};\n  }\n}\n`
              : `${receiver}${sep}${method};\n`),
        );
  }
  // repository factories (declared here or imported) and forwarding factories
  const EXEC = "import { execSync } from 'node:child_process';\n";
  for (const call of calls('makeShellTool', "{ name: 'shell', description: 'd', inputSchema: {}, execute: async (ctx: any, { cmd }: any) => execSync(cmd) }"))
    one(`${EXEC}function makeShellTool(def: any) { return def; }\n${uses(call)[0]}`);
  out.push({
    'make.ts': 'export function defineTool(def: any) { return def; }\n',
    'm.ts': `${EXEC}import { defineTool as dt } from './make';\nimport { defineTool } from './make';\nexport const a = defineTool({ name: 'shell', description: 'd', parameters: {}, handler: async ({ cmd }: any) => execSync(cmd) });\n`,
  });
  one(
    `import { tool } from '@supabase/mcp-utils';\n${EXEC}function injectableTool({ description, parameters, execute }: any) {\n  return tool({ description, parameters, execute });\n}\nexport const t = injectableTool({ description: 'd', parameters: {}, execute: async ({ cmd }: any) => execSync(cmd) });\nexport const u = injectableTool({ ...defs.list, execute: async ({ cmd }: any) => execSync(cmd) });\n`,
  );
  // wrappers of a registration
  one(
    `${MCP}${Z}const server = new McpServer({ name: 's', version: '1' });\nconst reg = (name: string, d: string, s: any, cb: (a: any) => any) => server.tool(name, d, s, async (args) => cb(args));\nreg('run', 'd', { cmd: z.string() }, async ({ cmd }) => cmd);\n`,
  );
  return out;
}

/** The snippets laid out as one repository, each in its own directory, also as JavaScript and with CRLF line ends. */
function repository(): Record<string, string> {
  return snippetRepository(snippets());
}

/**
 * Files that name registration words where no registration is (each shape kept the file before): prose in
 * strings and templates, declarations, casts, tagged templates, MCP methods on other receivers or bare, object
 * keys and parameters in files that require, reads of a property, factories given no object with a handler
 * and a schema.
 */
const FALSE_KEEPS: Record<string, string> = {
  'prose.ts': "export function fail(e: unknown) {\n  throw new Error('Error running tool (non-fatal)', { cause: e });\n}\n",
  'template.ts': 'export async function ask(name: string, args: string) {\n  return confirm(`Approve running tool (mcp: ${name}, params: ${args})?`);\n}\n',
  'declaration.ts':
    'export function tool<TParameters>(options: { parameters: TParameters; execute: (input: unknown) => unknown }) {\n  return { type: "function", ...options };\n}\n',
  'cast.ts':
    'export function init(tool: unknown, map: Map<unknown, unknown>) {\n  map.set(tool as AnyComputerTool, 1);\n  use(tool as NamespacedTool, { x: 1 });\n}\n',
  'tagged.ts':
    'export function prompt(strings: TemplateStringsArray, ...values: unknown[]) {\n  return strings.join("");\n}\nexport const a = prompt`You are ${"x"}`;\nexport const b = cond ? prompt`A` : "";\nexport function c() {\n  return prompt`B`;\n}\n',
  'member.ts':
    'export async function start(configAgent: Agent, ctx: object) {\n  const instructions = await configAgent.prompt(ctx, { a: 1 }, () => 1);\n  return instructions;\n}\n',
  'keys.ts': "export async function load() {\n  const mod = await import('./other');\n  return { tool: mod.tool, prompt: 'A Japanese coach' };\n}\n",
  'params.ts':
    "const { readFileSync } = require('node:fs');\nexport function emit(runner: Runner, tool: Tool<any>, toolRun: { tool: Tool }) {\n  runner.emit('start', tool, toolRun.tool);\n  return { type: 'x', tool: toolRun.tool };\n}\n",
  'strings.ts':
    "export function createTool(name: string) {\n  return { name };\n}\nexport const tools = [createTool('first-tool'), createTool(`tool-${1}`)];\nexport const more = { ...createTool('modern-tool') };\n",
  'factory-prose.ts':
    "import { toolSearchTool } from './tools';\nexport function check(ok: boolean) {\n  if (!ok) throw new Error('Runner.run() requires toolSearchTool({ execution: \"client\", execute }) here');\n}\n",
  'factory-no-schema.ts':
    "import { toolSearchTool } from './tools';\nconst execute = async () => null;\nexport const t = toolSearchTool({ execution: 'client', execute });\nexport const u = toolSearchTool({ execute: async () => null });\n",
};

describe('the JavaScript / TypeScript tool-input pre-check on generated registrations', () => {
  it('passes every generated registration snippet discovery finds a tool in', async () => {
    const files = repository();
    const registering = await registeringFiles(files);
    // (most snippets register: the test would prove nothing if discovery found none of them)
    expect(registering.size).toBeGreaterThan(0.7 * Object.keys(files).filter((p) => p.endsWith('/m.ts')).length);
    const missed = [...registering.keys()].filter((path) => !passes(path, files[path]));
    expect(missed.map((path) => [path, files[path]])).toEqual([]);
  });

  it('rejects the shapes that only name registration words, which discovery finds nothing in', async () => {
    expect((await registeringFiles({ ...FALSE_KEEPS, 'tools.ts': 'export const toolSearchTool = (o: object) => o;\n' })).size).toBe(0);
    for (const [path, text] of Object.entries(FALSE_KEEPS)) expect({ path, passes: passes(path, text) }).toEqual({ path, passes: false });
  });

  it('keeps the same words where they may register', () => {
    const kept = [
      // after a keyword an expression starts: a call
      'return tool({ execute });\n',
      'export default tool({ execute });\n',
      'x = new DynamicTool({ func });\n',
      // an MCP method on a receiver named for a server, or in a file importing an MCP library
      "this.server.prompt('p', cb);\n",
      "getApp().prompt('p', cb);\n",
      "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\napp.prompt('p', cb);\n",
      "import { McpServer } from '@model\\x63ontextprotocol/sdk/server/mcp.js';\napp.prompt('p', cb);\n",
      'x.setRequestHandler`CallToolRequestSchema${h}`;\n',
      // a renamed import, a destructured require, a require's property
      "import { a, tool as t } from 'ai';\n",
      "import {\n  a, // the first\n  tool as t,\n} from 'ai';\n",
      "const { tool: t } = require('ai');\n",
      "const { a, tool: t } = await import('ai');\n",
      "const { tool: t }: typeof import('ai') = require('ai');\n",
      "const t = require('ai').tool;\n",
      "const t = require('ai')\n  .tool;\n",
      // a bare call whose first argument may be an object or a function
      'createTool(cfg);\n',
      'tool(run, { schema });\n',
      '...createTool({ id, execute });\n',
      // a factory whose object has a handler and a schema, or a spread
      "import { lookupTool } from './lookup';\nexport const a = lookupTool({ name: 'x', execute, parameters });\n",
      "import { lookupTool } from './lookup';\nexport const a = lookupTool({ ...defs.x, execute });\n",
    ];
    for (const text of kept) expect({ text, passes: passes('a.ts', text) }).toEqual({ text, passes: true });
  });

  // each input made every name read its line, an object or an import clause again; they now finish at once
  // (no timing asserted), answering what they can read
  it('reads long minified lines, renames, keys and member calls and answers', () => {
    const n = 50_000;
    expect(passes('a.js', `${'a,tool(1)'.repeat(n)}`)).toBe(false);
    expect(passes('a.js', `${'x.prompt(1),'.repeat(n)}`)).toBe(false);
    expect(passes('a.js', `${'x.tool as y, '.repeat(n)}`)).toBe(true); // too many renames to read: kept
    expect(passes('a.js', `require('a');\nconst o = { ${'tool: 1, '.repeat(n)} };`)).toBe(true); // too many keys to read: kept
    expect(passes('a.js', `${'x. // c\n tool(1)\n'.repeat(n)}`)).toBe(true); // a comment before the name: kept
  }, 60_000);
});
