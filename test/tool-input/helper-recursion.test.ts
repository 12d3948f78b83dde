/**
 * Helpers that call themselves, or each other, with the tool's value (summary.ts: each walker passes the
 * summaries being computed on its call chain to its callees' walkers; a summary already on the chain is
 * recursion). The flow through the recursion is found, for every tool that calls it, and nothing is
 * reported incomplete.
 */
import { describe, expect, it } from '@jest/globals';
import { runOnFiles } from '../helpers/rules.js';
import { SINK_RULES } from './shared.js';

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

const TS_SERVER = [
  "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
  "import { z } from 'zod';",
  "import { collect } from './walk.js';",
  "const server = new McpServer({ name: 'x', version: '1.0.0' });",
  "server.tool('read', { dir: z.string() }, async ({ dir }) => {",
  '  return { content: [{ type: "text", text: collect(dir, 8) }] };',
  '});',
  '',
].join('\n');

// walk.ts: collect -> visit -> collect -> ... with the tool's path (visit calls collect at ten places); the read is under the recursion
const TS_WALK = [
  "import { readFileSync } from 'node:fs';",
  'export function collect(dir: string, depth: number): string {',
  '  if (depth > 0) return visit(dir, depth - 1);',
  "  return readFileSync(dir, 'utf8');",
  '}',
  'function visit(dir: string, depth: number): string {',
  `  return [${Array.from({ length: 10 }, (_, i) => `collect(dir + "/${i}", depth)`).join(', ')}].join("");`,
  '}',
  '',
].join('\n');

const PY_SERVER = [
  'from mcp.server.fastmcp import FastMCP',
  'import subprocess',
  'mcp = FastMCP("x")',
  '',
  'def even(cmd, n):',
  '    if n == 0:',
  '        return subprocess.run(cmd, shell=True)',
  '    return odd(cmd, n - 1)',
  '',
  'def odd(cmd, n):',
  '    return even(cmd + " -v", n - 1) or odd(cmd, n)',
  '',
  '@mcp.tool()',
  'def run(cmd: str) -> str:',
  '    return str(even(cmd, 10))',
  '',
].join('\n');

describe('recursive helpers', () => {
  it('finds the flow through mutually recursive TypeScript helpers in another module, completely', async () => {
    const r = await runOnFiles(SINK_RULES, { 'server.ts': TS_SERVER, 'walk.ts': TS_WALK });
    expect(r.ruleErrors).toEqual([]);
    expect(r.findings.map((f) => [f.ruleId, f.path, f.range.startLine])).toEqual([
      ['tool-input/path-traversal', 'walk.ts', lineOf(TS_WALK, 'readFileSync(dir')],
    ]);
  });

  it('finds the flow through mutually recursive Python helpers, completely', async () => {
    const r = await runOnFiles(SINK_RULES, { 'server.py': PY_SERVER });
    expect(r.ruleErrors).toEqual([]);
    expect(r.findings.map((f) => [f.ruleId, f.range.startLine])).toEqual([['tool-input/command-injection', lineOf(PY_SERVER, 'shell=True')]]);
  });

  it('reports the flow for each of many tools sharing the recursive helpers', async () => {
    const tools = Array.from({ length: 12 }, (_, i) =>
      [`server.tool('read${i}', { dir: z.string() }, async ({ dir }) => {`, `  return { content: [{ type: "text", text: collect(dir, ${i}) }] };`, '});'].join(
        '\n',
      ),
    );
    const many = TS_SERVER.replace(/server\.tool[\s\S]*\}\);\n/, `${tools.join('\n')}\n`);
    const r = await runOnFiles(SINK_RULES, { 'server.ts': many, 'walk.ts': TS_WALK });
    expect(r.ruleErrors).toEqual([]);
    const line = lineOf(TS_WALK, 'readFileSync(dir');
    expect(r.findings.map((f) => `${f.path}:${f.range.startLine} ${/Tool "(\w+)"/.exec(f.message)?.[1]}`).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `walk.ts:${line} read${i}`).sort(),
    );
  });
});
