import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { git, makeRepo } from '../helpers/repo.js';

/**
 * The config's `testFiles` (default: test folders and test file names): the tool-input and rate-limit rules
 * leave test code alone, the secret and tool-payload rules still scan it, and every report says how many
 * files were left out. A real git repository per test, scanned through the CLI.
 */

const MCP_SERVER = [
  "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
  "import { readFileSync } from 'node:fs';",
  "import { z } from 'zod';",
  "const server = new McpServer({ name: 'files', version: '1.0.0' });",
  "server.tool('read', { path: z.string() }, async ({ path }) => ({ content: [{ type: 'text', text: readFileSync(path, 'utf8') }] }));",
  '',
].join('\n');
const FASTMCP = [
  'import subprocess',
  'from mcp.server.fastmcp import FastMCP',
  'mcp = FastMCP("x")',
  '',
  '@mcp.tool()',
  'def run(command: str) -> str:',
  '    return subprocess.check_output(command, shell=True).decode()',
  '',
].join('\n');
const LOOP = ['from langchain.agents import AgentExecutor', '', 'executor = AgentExecutor(agent=agent, tools=tools, max_iterations=None)', ''].join('\n');
const TOOL_CALLS = JSON.stringify({
  tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } }],
  messages: [{ role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookupp', arguments: '{"q":"x"}' } }] }],
});

const key = fakeKey('openai-project', seededRng(99)).key;
const TREE = {
  'src/server.ts': MCP_SERVER,
  'src/server.test.ts': MCP_SERVER,
  'src/__tests__/server.ts': MCP_SERVER,
  'tests/server.ts': MCP_SERVER,
  'qa/server.ts': MCP_SERVER,
  'agent/tools.py': FASTMCP,
  'agent/test_tools.py': FASTMCP,
  'agent/tools_test.py': FASTMCP,
  'agent/loop.py': LOOP,
  'tests/loop.py': LOOP,
  'tests/conftest.py': FASTMCP,
  // secret and tool-payload rules still scan test code
  'tests/keys.ts': `export const OPENAI_API_KEY = '${key}';\n`,
  'tests/fixtures/chat.json': TOOL_CALLS,
};

interface Report {
  summary: { testFiles?: number; files: number };
  findings: { ruleId: string; path: string }[];
}

let repo: { dir: string; cleanup: () => void };
beforeEach(() => {
  repo = makeRepo(TREE);
});
afterEach(() => repo.cleanup());

async function scan(...args: string[]): Promise<Report> {
  const r = await runCli(['scan', '--format', 'json', '--fail-on', 'never', ...args], repo.dir);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Report;
}
const where = (report: Report, family: string) => [...new Set(report.findings.filter((f) => f.ruleId.startsWith(`${family}/`)).map((f) => f.path))].sort();
const config = (yaml: string) => {
  writeFileSync(join(repo.dir, '.agent-guard.yml'), yaml);
  git(repo.dir, 'add', '-A');
};

describe('testFiles', () => {
  it('by default: tool-input and rate-limit skip test folders and test file names; secret and tool-payload do not', async () => {
    const report = await scan();
    expect(where(report, 'tool-input')).toEqual(['agent/tools.py', 'qa/server.ts', 'src/server.ts']);
    expect(where(report, 'rate-limit')).toEqual(['agent/loop.py']);
    expect(where(report, 'secret')).toEqual(['tests/keys.ts']);
    expect(where(report, 'tool-payload')).toEqual(['tests/fixtures/chat.json']);
    // src/server.test.ts, src/__tests__/server.ts, tests/ (5 files), agent/test_tools.py, agent/tools_test.py
    expect(report.summary.testFiles).toBe(9);
  });

  it('says so in the text report, under --verbose, and in the tool inventory', async () => {
    const text = await runCli(['scan', '--fail-on', 'never', '--verbose'], repo.dir);
    expect(text.stdout).toMatch(/in 13 files scanned, 9 test files left out of tool-input and rate-limit \(testFiles\)/);
    expect(text.stderr).toMatch(/scanned 13 files .*; 9 test files left out of tool-input and rate-limit \(testFiles\)/);
    const tools = await runCli(['tools', '--format', 'json'], repo.dir);
    const inventory = JSON.parse(tools.stdout) as { tools: { path: string }[]; testFiles: number };
    expect([...new Set(inventory.tools.map((t) => t.path))].sort()).toEqual(['agent/tools.py', 'qa/server.ts', 'src/server.ts']);
    expect(inventory.testFiles).toBe(9);
    expect((await runCli(['tools'], repo.dir)).stdout).toContain('9 test files not searched for tools (testFiles in the config)');
  });

  it('testFiles: [] analyzes every file with every rule, and the reports say nothing of tests', async () => {
    config('testFiles: []\n');
    const report = await scan();
    expect(where(report, 'tool-input')).toEqual([
      'agent/test_tools.py',
      'agent/tools.py',
      'agent/tools_test.py',
      'qa/server.ts',
      'src/__tests__/server.ts',
      'src/server.test.ts',
      'src/server.ts',
      'tests/conftest.py',
      'tests/server.ts',
    ]);
    expect(where(report, 'rate-limit')).toEqual(['agent/loop.py', 'tests/loop.py']);
    expect(report.summary).not.toHaveProperty('testFiles');
    expect((await runCli(['scan', '--fail-on', 'never'], repo.dir)).stdout).not.toContain('test file');
  });

  it('a list of its own replaces the default one', async () => {
    config('testFiles: ["qa/**"]\n');
    const report = await scan();
    expect(where(report, 'tool-input')).toEqual([
      'agent/test_tools.py',
      'agent/tools.py',
      'agent/tools_test.py',
      'src/__tests__/server.ts',
      'src/server.test.ts',
      'src/server.ts',
      'tests/conftest.py',
      'tests/server.ts',
    ]);
    expect(report.summary.testFiles).toBe(1);
  });

  it('counts nothing when the test-exempt families are off', async () => {
    config('rules:\n  tool-input/*: off\n  rate-limit/*: off\n');
    const report = await scan();
    expect(report.summary).not.toHaveProperty('testFiles');
    expect(where(report, 'secret')).toEqual(['tests/keys.ts']);
  });

  it('refuses a glob that could backtrack and a value that is not a list, naming the key', async () => {
    config('testFiles: ["**/*a*b*c*d"]\n');
    const bad = await runCli(['scan'], repo.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/key "testFiles\[0\]": glob refused: more than 3 "\*" in one path segment/);
    config('testFiles: "tests/**"\n');
    const notList = await runCli(['scan'], repo.dir);
    expect(notList.code).toBe(2);
    expect(notList.stderr).toMatch(/testFiles/);
  });
});
