/**
 * Issue 18, config and key-leak cases: a config, a baseline or a payload schema from the repository (or a
 * flag) can neither stall agent-guard nor make it print a key. Cases that could block a process (FIFOs,
 * devices, a catastrophic glob, a huge config) run the CLI bundled from source in a child process with a
 * timeout, so a regression fails instead of hanging the suite.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { maskSecret } from '../../src/core/redact.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo, tempDir } from '../helpers/repo.js';
import { childCli, type ChildRun } from '../helpers/child-cli.js';

const key = fakeKey('anthropic', seededRng(1801)).key;
const nameKey = fakeKey('anthropic', seededRng(1802)).key;
// Keys no scan in this process finds (the process-wide redactor would mask them): only the code under test can.
const configKey = fakeKey('anthropic', seededRng(1803)).key;
const baselineKey = fakeKey('anthropic', seededRng(1804)).key;
const TIMEOUT_MS = 20_000;

const child = childCli('agent-guard-hostile-bundle-');
beforeAll(() => child.build());
afterAll(() => child.cleanup());

/** The CLI in a child process, killed after TIMEOUT_MS (a hang fails the test with code null). */
const run = (args: string[], cwd: string): ChildRun => child.run(args, cwd, { timeoutMs: TIMEOUT_MS });

const repo = (files: Record<string, string>) => makeRepo(files, { commit: false });

function expectOneLineExit2(r: ReturnType<typeof run>, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('hostile config inputs stay bounded', () => {
  it('refuses a 10 MB config with one line (was: V8 heap abort, exit 134)', () => {
    const t = repo({ 'a.py': 'x = 1\n' });
    try {
      const big = 'exclude:\n' + '  - "vendor/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/**"\n'.repeat(200_000);
      writeFileSync(join(t.dir, '.agent-guard.yml'), big);
      expectOneLineExit2(run(['scan', '.'], t.dir), /larger than 1 MiB/);
    } finally {
      t.cleanup();
    }
  });

  it('refuses a catastrophic glob instead of backtracking for minutes', () => {
    const t = repo({ ['a'.repeat(64)]: 'x\n', '.agent-guard.yml': 'exclude: ["*a*a*a*a*a*a*a*a*a*a*a*a*b"]\n' });
    try {
      expectOneLineExit2(run(['scan', '.'], t.dir), /exclude\[0\].*glob refused: more than 3 "\*" in one path segment/);
    } finally {
      t.cleanup();
    }
  });

  it('refuses a FIFO or a device as --config or --baseline (was: blocks forever)', () => {
    const t = repo({ 'a.py': 'x = 1\n' });
    try {
      execFileSync('mkfifo', [join(t.dir, 'fifo')]);
      for (const target of [join(t.dir, 'fifo'), '/dev/zero', '/dev/urandom']) {
        expectOneLineExit2(run(['scan', '.', '--config', target], t.dir), /is not a regular file/);
        expectOneLineExit2(run(['scan', '.', '--baseline', target], t.dir), /is not a regular file/);
      }
    } finally {
      t.cleanup();
    }
  });

  it('does not block on a FIFO named as a payloads schema', () => {
    const t = repo({
      'data/calls.jsonl': '{"role":"assistant","tool_calls":[]}\n',
      '.agent-guard.yml': 'payloads:\n  - files: "data/*.jsonl"\n    schema: "schema.json"\n',
    });
    try {
      execFileSync('mkfifo', [join(t.dir, 'schema.json')]);
      const r = run(['scan', '.', '--format', 'json'], t.dir);
      expect(r.code).not.toBeNull();
      expect(r.code).not.toBe(2);
    } finally {
      t.cleanup();
    }
  });

  it('refuses a .agent-guard.yml that links out of the repository (was: an outside failOn: never made the scan green)', () => {
    const outside = tempDir();
    const t = repo({ 'app.py': `ANTHROPIC_API_KEY = "${key}"\n` });
    try {
      writeFileSync(join(outside.dir, 'evil.yml'), 'failOn: never\n');
      symlinkSync(join(outside.dir, 'evil.yml'), join(t.dir, '.agent-guard.yml'));
      expectOneLineExit2(run(['scan', '.'], t.dir), /symbolic link to a file outside the repository/);
    } finally {
      t.cleanup();
      outside.cleanup();
    }
  });

  it('still follows a config symlink that stays inside the repository', async () => {
    const t = repo({ 'config/agent-guard.yml': 'failOn: never\n', 'app.py': `ANTHROPIC_API_KEY = "${key}"\n` });
    try {
      symlinkSync('config/agent-guard.yml', join(t.dir, '.agent-guard.yml'));
      expect((await runCli(['scan', '.'], t.dir)).code).toBe(0);
    } finally {
      t.cleanup();
    }
  });
});

describe('keys in config text, file names and baselines are masked', () => {
  /** The key, or a run of its random part (`sk-ant-api03-` is every Anthropic key's fixed start). */
  const leaks = (text: string, secret: string) => text.includes(secret) || text.includes(secret.slice(13, 25));

  it('masks a key pasted as a config key or rule id in the one-line error', async () => {
    for (const config of [
      `${configKey}: true\n`,
      `rules:\n  ${configKey}: off\n`,
      `rules:\n  secret/${configKey}: off\n`,
      `ignore:\n  - rule: "${configKey}"\n    files: "**"\n    reason: x\n`,
    ]) {
      const t = repo({ 'a.py': 'x = 1\n', '.agent-guard.yml': config });
      try {
        const r = await runCli(['scan', '.'], t.dir);
        expect(r.code).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(leaks(r.stderr, configKey)).toBe(false);
      } finally {
        t.cleanup();
      }
    }
  });

  it('keeps plain names whole in config errors', async () => {
    const t = repo({ 'a.py': 'x = 1\n', '.agent-guard.yml': 'exlude: ["x"]\n' });
    try {
      const r = await runCli(['scan', '.'], t.dir);
      expect(r.stderr).toContain('unknown key "exlude"');
    } finally {
      t.cleanup();
    }
  });

  it('masks a key in a file name in every format, --output and the baseline file', async () => {
    const t = repo({ [`notes/${nameKey}.py`]: `ANTHROPIC_API_KEY = "${key}"\n`, [`${nameKey}.txt`]: 'hello\n' });
    try {
      for (const format of ['text', 'json', 'sarif', 'github']) {
        const r = await runCli(['scan', '.', '--format', format], t.dir);
        expect(r.code).toBe(1);
        expect(leaks(r.stdout + r.stderr, nameKey)).toBe(false);
        expect(r.stdout).toContain(maskSecret(nameKey));
        const o = await runCli(['scan', '.', '--format', format, '--output', 'report.out'], t.dir);
        expect(o.code).toBe(1);
        expect(leaks(readFileSync(join(t.dir, 'report.out'), 'utf8'), nameKey)).toBe(false);
      }
      const json = JSON.parse((await runCli(['scan', '.', '--format', 'json'], t.dir)).stdout) as { notices?: { message: string }[] };
      expect(JSON.stringify(json.notices)).toMatch(/file name holds a key/);
      const b = await runCli(['baseline'], t.dir);
      expect(b.code).toBe(0);
      const baseline = readFileSync(join(t.dir, '.agent-guard-baseline.json'), 'utf8');
      expect(baseline).toContain('secret/anthropic-api-key');
      expect(leaks(baseline, nameKey)).toBe(false);
    } finally {
      t.cleanup();
    }
  });

  it('does not quote the start of a corrupt baseline (was: its first 10 characters)', async () => {
    const t = repo({ 'a.py': 'x = 1\n' });
    try {
      mkdirSync(join(t.dir, 'b'));
      // The random part of the key first: V8's message quotes the first 10 characters of the text.
      const body = baselineKey.slice(13);
      writeFileSync(join(t.dir, 'b', 'baseline.json'), `${body}\n`);
      const r = await runCli(['scan', '.', '--baseline', 'b/baseline.json'], t.dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is corrupt: not valid JSON/);
      expect(r.stderr).not.toContain(body.slice(0, 6));
      writeFileSync(join(t.dir, 'b', 'baseline.json'), JSON.stringify({ version: baselineKey, findings: [] }));
      const v = await runCli(['scan', '.', '--baseline', 'b/baseline.json'], t.dir);
      expect(v.code).toBe(2);
      expect(v.stderr).not.toContain(body.slice(0, 6));
    } finally {
      t.cleanup();
    }
  });
});
