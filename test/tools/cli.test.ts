import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';
import { join } from 'node:path';
import { buildInventory, formatInventoryText, inventoryJson } from '../../src/app/tool-inventory.js';
import type { SinkAnalyzer } from '../../src/families/tool-input/discovery/sinks.js';
import { fixtureFiles, markedTools } from './fixtures.js';

interface JsonTool {
  framework: string;
  kind?: string;
  name: string;
  path: string;
  line: number;
  handler: { path: string; line: number };
  otherHandlers?: { path: string; line: number }[];
  parameters: { name: string; shape: string; inputPath?: string[] }[];
  description?: { text: string };
  sinks: { ruleId: string; sink: string; path: string; line: number }[];
}

const files = fixtureFiles();
let repo: { dir: string; cleanup: () => void };

beforeAll(() => {
  repo = makeRepo(files);
});
afterAll(() => repo.cleanup());

function lineOf(t: JsonTool): string {
  const params = t.parameters.length
    ? t.parameters.map((p) => `${p.name}:${p.shape}${p.inputPath?.length ? `[${p.inputPath.join('.')}]` : ''}`).join(',')
    : '-';
  return `${t.handler.path}:${t.handler.line} ${t.framework}${t.kind ? `/${t.kind}` : ''} ${t.name} ${params}`;
}

describe('agent-guard tools', () => {
  it('lists every fixture tool of every framework as JSON', async () => {
    const run = await runCli(['tools', '--format', 'json'], repo.dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { tools: JsonTool[] };
    // A tool with two handlers (a BaseTool's _run and _arun) is listed once, the second as otherHandlers.
    const others = new Set(out.tools.flatMap((t) => (t.otherHandlers ?? []).map((o) => `${o.path}:${o.line} `)));
    expect([...others].sort()).toEqual(['py/langchain_tools.py:54 ', 'py/llamaindex_spec.py:18 ']);
    expect(out.tools.map(lineOf).sort()).toEqual(markedTools(files).filter((line) => ![...others].some((o) => line.startsWith(o))));
    const frameworks = new Set(out.tools.map((t) => t.framework));
    expect([...frameworks].sort()).toEqual(
      [
        'agno',
        'async-toolformer',
        'browser-use',
        'callable-tool',
        'camel',
        'crewai',
        'google-adk',
        'langchain',
        'langchain-js',
        'llamaindex',
        'mastra',
        'mcp-python',
        'mcp-python-lowlevel',
        'mcp-typescript',
        'openai-agents',
        'openai-agents-js',
        'pydantic-ai',
        'smolagents',
        'swarm',
        'vercel-ai-sdk',
      ].sort(),
    );
    const cross = out.tools.find((t) => t.name === 'lookup' && t.path === 'py/pkg/agent.py')!;
    expect(cross).toMatchObject({ path: 'py/pkg/agent.py', line: 8, handler: { path: 'py/pkg/handlers.py', line: 4 } });
  });

  it('prints a text inventory: location, framework, name, parameters', async () => {
    const run = await runCli(['tools'], repo.dir);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const at = (head: string) => lines.indexOf(head);
    expect(at('py/langchain_tools.py:13  langchain  read_file')).toBeGreaterThanOrEqual(0);
    expect(lines[at('py/langchain_tools.py:13  langchain  read_file') + 1]).toBe('  parameters: path');
    expect(lines[at('js/mcp_lowlevel.js:11  mcp-typescript  read|write') + 1]).toBe('  parameters: request.params.arguments.*');
    expect(lines[at('js/vercel_alias.mjs:6  vercel-ai-sdk  run') + 1]).toBe('  parameters: {cmd}, {cwd}');
    expect(lines[at('js/mcp_server.ts:12  mcp-typescript  ping') + 1]).toBe('  parameters: (none)');
    expect(at('py/pkg/handlers.py:4  langchain  lookup  (registered at py/pkg/agent.py:8)')).toBeGreaterThanOrEqual(0);
    expect(lines).toContain('py/langchain_tools.py:51  langchain  shell  (also handled at py/langchain_tools.py:54)');
    // _run/_arun and a tool spec's load/aload are listed once each; resources and prompts are counted apart.
    const marked = markedTools(files);
    const count = (kind: string) => marked.filter((l) => l.split(' ')[1].endsWith(`/${kind}`)).length;
    expect(run.stdout).toContain(
      `${marked.length - 2} tool handlers (of which ${count('resource')} resource handlers and ${count('prompt')} prompt handlers) in `,
    );
    expect(lines).toContain('py/mcp_resources_prompts.py:13  mcp-python  resource read_table');
    expect(lines).toContain('js/mcp_resources_prompts.ts:19  mcp-typescript  prompt review');
  });

  it('scans only the given path, with paths relative to the repository root', async () => {
    const run = await runCli(['tools', 'py/pkg', '--format', 'json'], repo.dir);
    const out = JSON.parse(run.stdout) as { tools: JsonTool[] };
    expect(out.tools.map((t) => `${t.path} ${t.name}`).sort()).toEqual([
      'py/pkg/adk_agent.py export_report',
      'py/pkg/adk_agent.py purge_cache',
      'py/pkg/agent.py delete_file',
      'py/pkg/agent.py lookup',
      'py/pkg/mcp_tools.py fetch',
    ]);
  });

  it('lists the sinks the dataflow analyzer it is given reports', async () => {
    const analyzer: SinkAnalyzer = async (handler) =>
      handler.name === 'read_file' && handler.framework === 'langchain'
        ? [{ ruleId: 'tool-input/path-traversal', sink: 'open()', path: handler.handler.path, line: handler.handler.range.startLine + 2 }]
        : [];
    const inventory = await buildInventory([join(repo.dir, 'py')], undefined, analyzer);
    const json = JSON.parse(JSON.stringify(inventoryJson(inventory))) as { tools: JsonTool[]; sinkAnalysis: boolean };
    expect(json.sinkAnalysis).toBe(true);
    expect(json.tools.find((t) => t.name === 'read_file' && t.framework === 'langchain')!.sinks).toEqual([
      { ruleId: 'tool-input/path-traversal', sink: 'open()', path: 'py/langchain_tools.py', line: 15 },
    ]);
    const text = formatInventoryText(inventory);
    expect(text).toContain(
      'py/langchain_tools.py:13  langchain  read_file\n  parameters: path\n  sinks:\n    py/langchain_tools.py:15  open()  tool-input/path-traversal\n',
    );
    expect(text).toContain('py/langchain_tools.py:20  langchain  run_command\n  parameters: cmd\n  sinks: none reached\n');
  });

  it('says so when nothing is found, and rejects an unknown format', async () => {
    const empty = makeRepo({ 'app.py': 'def read(path):\n    return open(path).read()\n' });
    try {
      const run = await runCli(['tools'], empty.dir);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('no tool handlers found in 1 file');
      const bad = await runCli(['tools', '--format', 'sarif'], empty.dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('unknown --format "sarif" for tools');
    } finally {
      empty.cleanup();
    }
  });
});
