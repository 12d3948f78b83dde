import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { COMMANDS } from '../../src/cli/main.js';
import { closest, editDistance } from '../../src/config/suggest.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

const key = fakeKey('anthropic', seededRng(1414)).key;
let clean: { dir: string; cleanup: () => void };
let dirty: { dir: string; cleanup: () => void };

beforeAll(() => {
  clean = makeRepo({ 'app.py': 'print("hello")\n' });
  dirty = makeRepo({ 'app.py': `ANTHROPIC_API_KEY = "${key}"\n` });
});
afterAll(() => {
  clean?.cleanup();
  dirty?.cleanup();
});

/** Exit 2 and exactly this one line on stderr, nothing on stdout. */
async function expectUsageError(args: string[], line: string): Promise<void> {
  const run = await runCli(args, clean.dir);
  expect({ args, code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ args, code: 2, stdout: '', stderr: `agent-guard: ${line}\n` });
}

describe('did you mean', () => {
  it('measures edits with transpositions, ignoring case first', () => {
    expect(editDistance('failon', 'fail-on')).toBe(1);
    expect(editDistance('injectoin', 'injection')).toBe(1);
    expect(closest('failon', ['include', 'failOn', 'rules'])).toBe('failOn');
    expect(closest('x', ['q', 'h'])).toBe('q'); // one letter: one edit allowed
    expect(closest('formt', ['format', 'fail-on', 'output'])).toBe('format');
    expect(closest('something', ['format', 'output'])).toBeNull();
  });
});

describe('usage errors: one line, a suggestion, exit 2', () => {
  it('names an unknown option and suggests the flag meant, without parseArgs text', async () => {
    await expectUsageError(
      ['scan', '--failon', 'warning'],
      'scan: unknown option "--failon": did you mean "--fail-on"? (run "agent-guard scan --help" for its options)',
    );
    await expectUsageError(
      ['scan', '--fromat=json'],
      'scan: unknown option "--fromat": did you mean "--format"? (run "agent-guard scan --help" for its options)',
    );
    await expectUsageError(['scan', '--bogus'], 'scan: unknown option "--bogus" (run "agent-guard scan --help" for its options)');
    await expectUsageError(['tools', '-x'], 'tools: unknown option "-x" (run "agent-guard tools --help" for its options)');
    await expectUsageError(
      ['scan', '--no-colour'],
      'scan: unknown option "--no-colour": did you mean "--no-color"? (run "agent-guard scan --help" for its options)',
    );
  });

  it('names a missing or unexpected value and an unexpected argument', async () => {
    await expectUsageError(['scan', '--format'], 'scan: option "--format" needs a value');
    await expectUsageError(['scan', '-f'], 'scan: option "-f/--format" needs a value');
    await expectUsageError(
      ['scan', '--format', '--json'],
      'scan: option "--format" needs a value, got the option "--json" (write --format=--json if it is the value)',
    );
    await expectUsageError(['scan', '--staged=yes'], 'scan: option "--staged" takes no value');
    await expectUsageError(['rules', 'extra'], 'rules: unexpected argument "extra" (rules takes no paths; run "agent-guard rules --help" for its options)');
  });

  it('suggests the command and the flag value meant', async () => {
    await expectUsageError(['scna'], 'unknown command "scna": did you mean "scan"? (expected one of: scan, demo, rules, init, baseline, install-hook, tools)');
    await expectUsageError(['rule'], 'unknown command "rule": did you mean "rules"? (expected one of: scan, demo, rules, init, baseline, install-hook, tools)');
    await expectUsageError(
      ['--format', 'json'],
      'expected a command before "--format" (one of: scan, demo, rules, init, baseline, install-hook, tools; run "agent-guard --help")',
    );
    await expectUsageError(['scan', '--format', 'jsno'], 'unknown --format "jsno": did you mean "json"? (expected one of: text, json, sarif, github)');
    await expectUsageError(
      ['scan', '--fail-on', 'warnings'],
      'unknown --fail-on "warnings": did you mean "warning"? (expected one of: error, warning, note, never)',
    );
    await expectUsageError(['tools', '--format', 'sarif'], 'unknown --format "sarif" for tools (expected one of: text, json)');
    await expectUsageError(['scan', '--quiet', '--verbose'], 'scan: --quiet and --verbose cannot be used together');
  });

  it('suggests config keys and rule ids too (one line, exit 2)', async () => {
    const repo = makeRepo({ '.agent-guard.yml': 'failon: warning\nrules:\n  tool-input/sql-injectoin: off\n', 'a.py': 'x = 1\n' });
    try {
      const run = await runCli(['scan'], repo.dir);
      expect(run.code).toBe(2);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain('unknown key "failon": did you mean "failOn"?');
      expect(run.stderr).toContain('key "rules.tool-input/sql-injectoin": unknown rule: did you mean "tool-input/sql-injection"?');
    } finally {
      repo.cleanup();
    }
  });
});

describe('help', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s --help prints the summary, usage, description and every option', async (name, command) => {
    const run = await runCli([name, '--help'], clean.dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const out = run.stdout;
    expect(out.startsWith(`Usage: agent-guard ${name}`)).toBe(true);
    expect(out).toContain(command.summary.slice(1));
    expect(out).toContain('\nOptions:\n');
    expect(out).toContain('\nGlobal options:\n');
    for (const flag of [...Object.keys(command.options), 'quiet', 'verbose', 'no-color', 'help'])
      expect({ name, flag, listed: out.includes(`--${flag}`) }).toEqual({ name, flag, listed: true });
    expect(out.split('\n').length).toBeGreaterThan(10);
    expect((await runCli(['help', name], clean.dir)).stdout).toBe(out);
  });

  it('lists the global options in the top-level help', async () => {
    const run = await runCli(['--help'], clean.dir);
    expect(run.code).toBe(0);
    for (const flag of ['--quiet', '--verbose', '--no-color', '--version']) expect(run.stdout).toContain(flag);
  });
});

describe('--quiet and --verbose', () => {
  it('--quiet prints the findings alone: no summary, nothing for a clean scan', async () => {
    expect(await runCli(['scan', '--quiet'], clean.dir)).toEqual({ code: 0, stdout: '', stderr: '' });
    const run = await runCli(['scan', '-q'], dirty.dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('secret/anthropic-api-key');
    expect(run.stdout).not.toContain('✖');
    expect(run.stdout).not.toContain('problem');
    expect(run.stderr).toBe('');
    // Before the command, too.
    expect((await runCli(['-q', 'scan'], dirty.dir)).stdout).toBe(run.stdout);
    const tools = await runCli(['tools', '--quiet'], clean.dir);
    expect(tools).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await runCli(['rules', '--quiet'], clean.dir)).stdout).not.toMatch(/^\d+ rules$/m);
  });

  it('--quiet drops the status line of a report written to a file', async () => {
    const normal = await runCli(['scan', '--format', 'json', '--output', 'r.json'], dirty.dir);
    expect(normal.stderr).toContain('json report written to r.json');
    const quiet = await runCli(['scan', '--format', 'json', '--output', 'r.json', '--quiet'], dirty.dir);
    expect(quiet.stderr).toBe('');
    rmSync(join(dirty.dir, 'r.json'));
  });

  it('--verbose says what was scanned and how long it took, on stderr only', async () => {
    const normal = await runCli(['scan'], dirty.dir);
    const run = await runCli(['scan', '--verbose'], dirty.dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(normal.stdout);
    expect(run.stderr).toMatch(/^agent-guard: root .+ \(git repository\); config none \(defaults\); loaded in \d+ ms$/m);
    expect(run.stderr).toMatch(/^agent-guard: \d+ of \d+ rules enabled; scanning the working tree$/m);
    expect(run.stderr).toMatch(/^agent-guard: read app\.py$/m);
    expect(run.stderr).toMatch(/^agent-guard: scanned 1 file \(\d+ B\) with \d+ rules in \d+ ms$/m);
    expect(run.stderr).toMatch(/^agent-guard: text report \(.+\) written to stdout in \d+ ms; fail-on error$/m);
    expect(run.stderr).not.toContain(key);
    const tools = await runCli(['tools', '--verbose'], dirty.dir);
    expect(tools.stderr).toMatch(/^agent-guard: root .+; 1 file read, 0 tools \(0 handlers\) found in \d+ ms$/m);
  });
});

describe('colour', () => {
  const colored = async (args: string[], env: NodeJS.ProcessEnv, tty: boolean) =>
    (await runCli(['scan', ...args], dirty.dir, env, { tty })).stdout.includes('\u001b[');

  it('follows --color/--no-color, then FORCE_COLOR, then NO_COLOR, then the terminal', async () => {
    expect(await colored([], {}, true)).toBe(true);
    expect(await colored([], {}, false)).toBe(false);
    expect(await colored(['--no-color'], {}, true)).toBe(false);
    expect(await colored(['--color'], {}, false)).toBe(true);
    expect(await colored(['--no-color'], { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(await colored([], { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(await colored([], { FORCE_COLOR: '' }, false)).toBe(true);
    expect(await colored([], { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(await colored([], { FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(await colored([], { NO_COLOR: '1' }, true)).toBe(false);
    expect(await colored([], { NO_COLOR: '' }, true)).toBe(true);
    expect(await colored([], { NO_COLOR: '1', FORCE_COLOR: '1' }, false)).toBe(true);
    expect(await colored([], { TERM: 'dumb' }, true)).toBe(false);
    // Never in a machine-readable format, whatever is asked.
    expect(await colored(['--format', 'json', '--color'], { FORCE_COLOR: '1' }, true)).toBe(false);
  });
});

describe('JSON report', () => {
  it('starts with its format version', async () => {
    const run = await runCli(['scan', '--format', 'json'], dirty.dir);
    const doc = JSON.parse(run.stdout);
    expect(Object.keys(doc)[0]).toBe('formatVersion');
    expect(doc.formatVersion).toBe(1);
  });
});
