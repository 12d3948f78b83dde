import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

/**
 * Issue 18, "silently blind": a file that makes a rule fail (here a stack overflow in the tool-input or
 * tool-payload walkers) must never read as a clean scan. The hostile files are generated here; a fake key
 * planted beside them must still be found.
 */
const key = fakeKey('anthropic', seededRng(18)).key;

/**
 * A FastMCP tool handler with deeply nested parentheses in its body. The 2,500 overflowed the stack
 * of a fresh `agent-guard` process; the walkers now stop at a depth limit and report the file as analyzed
 * incompletely, a rule error all the same (test/hostile/analysis-bounds.test.ts has the forms and limits).
 * The handler reaches no sink, so the rule errors are all the scan finds in it.
 */
const PARENS = 20000;
function deepPythonHandler(): string {
  const deep = `${'('.repeat(PARENS)}path${')'.repeat(PARENS)}`;
  return [
    'from mcp.server.fastmcp import FastMCP',
    '',
    'mcp = FastMCP("demo")',
    '',
    '@mcp.tool()',
    'def read_file(path: str) -> str:',
    `    x = ${deep}`,
    '    return x.upper()',
    '',
  ].join('\n');
}

/** A tool-call payload file: one ordinary record and one line nested 50,000 objects deep. */
function deepJsonl(): string {
  const ok = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] });
  return `${ok}\n${'{"a":'.repeat(50000)}1${'}'.repeat(50000)}\n`;
}

const cases = [
  { name: 'a Python tool handler with 20,000 nested parentheses', file: 'server.py', text: deepPythonHandler, family: 'tool-input/' },
  { name: 'a tools.jsonl line nested 50,000 deep', file: 'tools.jsonl', text: deepJsonl, family: 'tool-payload/' },
];

describe.each(cases)('a rule that fails on $name', ({ file, text, family }) => {
  let repo: { dir: string; cleanup: () => void };
  beforeAll(() => {
    repo = makeRepo({ [file]: text(), 'config.py': `ANTHROPIC_API_KEY = "${key}"\n` });
  });
  afterAll(() => repo.cleanup());

  it('fails the scan and says so in the text report, the key still found', async () => {
    const run = await runCli(['scan'], repo.dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('secret/anthropic-api-key');
    expect(run.stdout).not.toContain(key);
    expect(run.stdout).toMatch(/^rule errors: /m);
    expect(run.stdout).toMatch(new RegExp(`^  ${file.replace('.', '\\.')}  rule ${family}[a-z-]+ failed: `, 'm'));
    expect(run.stdout).not.toContain('no problems');
  });

  it('fails the scan when nothing else is found, and not with --fail-on never', async () => {
    const clean = makeRepo({ [file]: text() });
    try {
      const run = await runCli(['scan'], clean.dir);
      expect(run.code).toBe(1);
      expect(run.stdout).not.toContain('no problems');
      expect(run.stdout).toMatch(/✖ \d+ rule errors?/);
      const never = await runCli(['scan', '--fail-on', 'never'], clean.dir);
      expect(never.code).toBe(0);
      expect(never.stdout).toMatch(/^rule errors: /m);
      expect((await runCli(['scan', '--quiet'], clean.dir)).stdout).toContain(`${file}  rule error: rule ${family}`);
    } finally {
      clean.cleanup();
    }
  });

  it('keeps the rule error in JSON', async () => {
    const run = await runCli(['scan', '--format', 'json'], repo.dir);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc.summary.ruleErrors).toBeGreaterThan(0);
    expect(doc.ruleErrors.length).toBe(doc.summary.ruleErrors);
    expect(doc.ruleErrors[0]).toMatchObject({ path: file, ruleId: expect.stringMatching(new RegExp(`^${family}`)) });
    expect(doc.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('secret/anthropic-api-key');
  });

  it('marks the SARIF invocation unsuccessful with an error notification', async () => {
    const run = await runCli(['scan', '--format', 'sarif'], repo.dir);
    expect(run.code).toBe(1);
    const invocation = JSON.parse(run.stdout).runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    const errors = invocation.toolExecutionNotifications.filter((n: { level: string }) => n.level === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].message.text).toContain(`${file}: rule ${family}`);
    expect(errors[0].associatedRule.id).toMatch(new RegExp(`^${family}`));
    expect(JSON.parse(run.stdout).runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('secret/anthropic-api-key');
  });

  it('annotates it as an error with --format github', async () => {
    const run = await runCli(['scan', '--format', 'github'], repo.dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^::error file=${file.replace('.', '\\.')},title=agent-guard rule error::rule ${family}`, 'm'));
    expect(run.stdout).toMatch(/rule errors?/);
  });

  it('refuses to write a baseline', async () => {
    const run = await runCli(['baseline'], repo.dir);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(file);
    expect(existsSync(join(repo.dir, '.agent-guard-baseline.json'))).toBe(false);
  });
});

describe('tools, when discovery fails on a file', () => {
  it('reports the error and exits 1', async () => {
    const repo = makeRepo({ 'server.py': deepPythonHandler() });
    try {
      const run = await runCli(['tools'], repo.dir);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^error: server\.py: rule /m);
      const json = await runCli(['tools', '--format', 'json'], repo.dir);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout).errors[0].path).toBe('server.py');
    } finally {
      repo.cleanup();
    }
  });
});
