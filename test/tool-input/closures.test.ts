/**
 * Local closures are walked where they are called, with the scope they see there (issue 13: a handler's
 * `const op = async () => { … args … }` run as `withTimeout(op(), ms)`). The walks stay bounded: a call seeing
 * the same values as an earlier one reuses that walk, recursion stops, and past a number of different walks
 * the file is reported incomplete rather than clean.
 */
import { describe, expect, it } from '@jest/globals';
import { runOnFiles } from '../helpers/rules.js';
import { SINK_RULES } from './shared.js';

function server(body: string[]): string {
  return [
    "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
    "import { exec } from 'node:child_process';",
    "import { z } from 'zod';",
    "const server = new McpServer({ name: 'x', version: '1.0.0' });",
    "server.tool('run', { cmd: z.string() }, async ({ cmd }) => {",
    ...body.map((l) => `  ${l}`),
    '  return { content: [] };',
    '});',
    '',
  ].join('\n');
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('local closures', () => {
  it('walks closures that call each other twice per level once per level (2^40 walks otherwise)', async () => {
    const levels = 40;
    const body = ['const f0 = () => exec(cmd);'];
    for (let i = 1; i <= levels; i++) body.push(`const f${i} = () => { f${i - 1}(); f${i - 1}(); };`);
    body.push(`f${levels}();`);
    const text = server(body);
    const r = await runOnFiles(SINK_RULES, { 'server.ts': text });
    expect(r.ruleErrors).toEqual([]);
    expect(r.findings.map((f) => [f.ruleId, f.range.startLine])).toEqual([['tool-input/command-injection', lineOf(text, 'const f0')]]);
  }, 60_000);

  it('walks a closure called many times with the same values once, and again for a call with a tool value', async () => {
    const body = ['const log = (m: string) => exec(`logger ${m}`);'];
    for (let i = 0; i < 300; i++) body.push(`log('step ${i}');`);
    body.push('log(cmd);');
    const text = server(body);
    const r = await runOnFiles(SINK_RULES, { 'server.ts': text });
    expect(r.ruleErrors).toEqual([]);
    expect(r.findings.map((f) => f.range.startLine)).toEqual([lineOf(text, 'const log')]);
  }, 60_000);

  it('keeps what an earlier walk wrote into the variables around the closure when a later call reuses it', async () => {
    const text = server(['let out = "";', 'const grab = () => { out = cmd; };', 'grab();', 'out = "";', 'grab();', 'exec(out);']);
    const r = await runOnFiles(SINK_RULES, { 'server.ts': text });
    expect(r.findings.map((f) => f.range.startLine)).toEqual([lineOf(text, 'exec(out)')]);
  });

  it('reports the file incomplete, not clean, past the limit of different closure walks', async () => {
    const body = ['let v = cmd;'];
    for (let i = 0; i < 300; i++) body.push(`const c${i} = () => v;`, `v = v + c${i}();`);
    body.push('exec(v);');
    const r = await runOnFiles(SINK_RULES, { 'server.ts': server(body) });
    expect(r.ruleErrors.map((e) => e.reason).join('\n')).toMatch(/more than 256 different calls of local closures/);
  }, 60_000);
});
