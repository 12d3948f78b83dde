/**
 * The independent counter of bench/discovery.mjs (tool discovery on real repositories) and its matching with
 * agent-guard's inventory: the TS/JS counter (TypeScript's parser), the Python counter (bench/lib/
 * discovery_counter.py, run with python3 on a source given on stdin), which paths are tests, and how counted
 * registrations pair with discovered ones. Sources written here — no snapshot, no bundle.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { countJs, discoveredOf, isTestPath, match, tally } from '../../bench/lib/discovery-count.mjs';
import type { Counted, Discovered } from '../../bench/lib/discovery-count.mjs';

const counter = fileURLToPath(new URL('../../bench/lib/discovery_counter.py', import.meta.url));
const hasPython = spawnSync('python3', ['--version']).status === 0;

function countPy(source: string, name = 'server.py'): Counted[] {
  const r = spawnSync('python3', [counter, '--stdin', name], { input: source, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as { registrations: Counted[] }).registrations;
}
const brief = (cs: Counted[]) => cs.map((c) => `${c.line} ${c.kind} ${c.idiom} ${c.name}`);

describe('countJs (MCP TypeScript SDK idioms)', () => {
  it('counts tool / resource / prompt registrations and low-level request handlers, at the method name line', () => {
    const src = [
      "server.tool('add', { a: z.number() }, async ({ a }) => ({ content: [] }));", // 1
      "server.registerTool('echo', { inputSchema: {} }, handler);", // 2
      "server.resource('cfg', 'config://app', async (uri) => ({ contents: [] }));", // 3
      "server.registerResource('r', new ResourceTemplate('x://{id}', {}), {}, read);", // 4
      "server.prompt('review', { code: z.string() }, ({ code }) => ({ messages: [] }));", // 5
      'server', // 6
      "  .registerPrompt('p', {}, cb);", // 7
      'server.setRequestHandler(CallToolRequestSchema, async (req) => ({}));', // 8
      "server.setRequestHandler('resources/read', async (req) => ({}));", // 9
      'server.setRequestHandler(types.GetPromptRequestSchema, handle);', // 10
    ].join('\n');
    expect(brief(countJs(src, 'src/index.ts'))).toEqual([
      '1 tool x.tool() add',
      '2 tool x.registerTool() echo',
      '3 resource x.resource() cfg',
      '4 resource x.registerResource() r',
      '5 prompt x.prompt() review',
      '7 prompt x.registerPrompt() p',
      '8 tool setRequestHandler(CallToolRequestSchema) CallToolRequestSchema',
      '9 resource setRequestHandler(resources/read) resources/read',
      '10 prompt setRequestHandler(types.GetPromptRequestSchema) types.GetPromptRequestSchema',
    ]);
  });

  it('leaves out calls that register nothing: one argument, no function, other request handlers, declaration files', () => {
    const src = [
      "client.prompt('text');",
      "llm.tool('name', 'description only');",
      'server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [] }));',
      "server.setRequestHandler('tools/list', list);",
      "server.registerPrompt('p', cb);", // the SDK takes (name, config, cb)
      "server.registerResource('r', 'x://r', read);", // and (name, uri, config, cb)
      'tool(a, b);',
    ].join('\n');
    expect(countJs(src, 'a.js')).toEqual([]);
    expect(countJs("server.tool('x', {}, cb);", 'types.d.ts')).toEqual([]);
  });
});

(hasPython ? describe : describe.skip)('discovery_counter.py (Python idioms)', () => {
  it('counts FastMCP decorators, their call form, add_tool and from_function objects that reach a server', () => {
    const src = [
      'from mcp.server.fastmcp import FastMCP', // 1
      'from mcp.server.fastmcp.prompts import Prompt', // 2
      'mcp = FastMCP("x")', // 3
      '@mcp.tool()', // 4
      'def a(x: str): ...', // 5
      '@mcp.resource("db://{t}")', // 6
      'def b(t): ...', // 7
      '@mcp.prompt', // 8
      'def c(): ...', // 9
      'def d(): ...', // 10
      'mcp.tool(name="dee")(d)', // 11
      'mcp.add_tool(d)', // 12
      'p = Prompt.from_function(c, name="cee")', // 13
      'mcp.add_prompt(p)', // 14
      'unused = Prompt.from_function(c)', // 15: never registered
      'def register(server, fn):', // 16
      '    server.add_tool(fn)', // 17: forwards a parameter
      'manager.add_tool(d)', // 18: the SDK's internal ToolManager
    ].join('\n');
    expect(brief(countPy(src))).toEqual([
      '4 tool @x.tool a',
      '6 resource @x.resource b',
      '8 prompt @x.prompt c',
      '11 tool x.tool(...)(fn) dee',
      '13 prompt Prompt.from_function(fn) cee',
      '12 tool x.add_tool(fn) d',
    ]);
  });

  it('counts low-level handlers at the keyword and leaves out registrations a test expects to be rejected', () => {
    const src = [
      'from mcp.server import Server', // 1
      'async def call(ctx, params): ...', // 2
      'server = Server(', // 3
      '    "s",', // 4
      '    on_list_tools=lst,', // 5
      '    on_call_tool=call,', // 6
      ')', // 7
      '@server.read_resource()', // 8
      'async def rr(uri): ...', // 9
      'with pytest.raises(TypeError):', // 10
      '    @mcp.resource', // 11
      '    def bad(x): ...', // 12
    ].join('\n');
    expect(brief(countPy(src))).toEqual(['8 resource @server.read_resource() rr', '6 tool Server(on_call_tool=f) call']);
  });

  it('counts LangChain tools through intermediate bases and each LlamaIndex spec function', () => {
    const src = [
      'class BaseGmail(BaseTool):', // 1: a base without _run: not a tool itself
      '    api: object = None', // 2
      'class Send(BaseGmail):', // 3
      '    name: str = "send"', // 4
      '    def _run(self, to): ...', // 5
      'class Draft(Send):', // 6: sets name, inherits _run
      '    name: str = "draft"', // 7
      'class Helper(Send):', // 8: neither
      '    pass', // 9
      'class Unrelated:', // 10
      '    def _run(self): ...', // 11
      'class Spec(BaseToolSpec):', // 12
      '    spec_functions = ["search", ("load", "aload")]', // 13
      '    def search(self, q): ...', // 14
      '    def load(self, u): ...', // 15
    ].join('\n');
    expect(brief(countPy(src))).toEqual([
      '3 tool class(BaseTool) Send',
      '6 tool class(BaseTool) Draft',
      '14 tool spec_functions search',
      '15 tool spec_functions load',
    ]);
  });
});

describe('isTestPath', () => {
  it('recognizes test folders and test file names, not source paths that merely contain "test"', () => {
    for (const p of [
      'tests/a.py',
      'pkg/test/x.ts',
      'src/__tests__/a.ts',
      'a/test_server.py',
      'a/server_test.py',
      'conftest.py',
      'src/mcp.test.ts',
      'x.spec.mjs',
    ])
      expect({ p, test: isTestPath(p) }).toEqual({ p, test: true });
    for (const p of ['src/testing_utils.py', 'src/attestation/server.py', 'src/latest.ts', 'examples/server.py'])
      expect({ p, test: isTestPath(p) }).toEqual({ p, test: false });
  });
});

describe('match / tally', () => {
  const c = (line: number, name: string, kind: Counted['kind'] = 'tool', path = 's.py'): Counted => ({ path, line, kind, idiom: '@x.tool', name });
  const d = (line: number, name: string, handler: [number, number], kind: Counted['kind'] = 'tool', path = 's.py'): Discovered =>
    discoveredOf({ path, line, kind, name, framework: 'mcp-python', handler: { path, line: handler[0], endLine: handler[1] } });

  it('pairs on the registration line, then inside the handler, then on the name; each discovery used once', () => {
    const counted = [c(4, 'a'), c(20, 'spec_fn'), c(30, 'b'), c(40, 'gone'), c(50, 'r', 'resource')];
    const found = [d(4, 'a', [5, 6]), d(10, 'spec_fn', [20, 25]), d(33, 'b', [34, 36]), d(50, 'r', [51, 52], 'prompt'), d(60, 'extra', [61, 62])];
    const m = match(counted, found);
    expect(m.found.map(([x, y]) => `${x.line}->${y.line}`)).toEqual(['4->4', '20->10', '30->33']);
    expect(m.missed.map((x) => x.line)).toEqual([40, 50]); // 50: kinds differ
    expect(m.extra.map((x) => x.line)).toEqual([50, 60]);
    expect(match([c(4, 'a'), c(4, 'a')], [d(4, 'a', [5, 6])]).missed).toHaveLength(1);
  });

  it('matches a name listed in a low-level handler’s `a|b` name', () => {
    expect(match([c(9, 'b')], [d(3, 'a|b', [1, 2])]).found).toHaveLength(1);
    expect(match([c(9, 'b')], [d(3, 'a|bb', [1, 2])]).found).toHaveLength(0);
  });

  it('tallies found / counted / extra per kind, percent null when nothing is counted', () => {
    const m = match([c(1, 'a'), c(2, 'b'), c(3, 'p', 'prompt')], [d(1, 'a', [1, 2]), d(9, 'z', [9, 9], 'resource')]);
    expect(tally(m)).toEqual({
      tool: { found: 1, counted: 2, extra: 0, percent: 50 },
      resource: { found: 0, counted: 0, extra: 1, percent: null },
      prompt: { found: 0, counted: 1, extra: 0, percent: 0 },
    });
  });
});
