import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeKey, seededRng } from '../../src/secrets/fake-keys.js';
import { VERSION } from '../../src/version.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo, tempDir, writeTree } from '../helpers/repo.js';

const key = fakeKey('anthropic', seededRng(7)).key;

describe('agent-guard CLI', () => {
  it('prints its version, the same as package.json', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(VERSION).toBe(pkg.version);
    expect((await runCli(['--version'], process.cwd())).stdout).toBe(`${VERSION}\n`);
  });

  it('exits 0 on a clean repository and 1 when a finding is at or above --fail-on', async () => {
    const clean = makeRepo({ 'app.py': 'print("hello")\n' });
    const dirty = makeRepo({ 'app.py': `ANTHROPIC_API_KEY = "${key}"\n` });
    try {
      expect((await runCli(['scan', '.'], clean.dir)).code).toBe(0);
      const run = await runCli(['scan'], dirty.dir);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('app.py');
      expect(run.stdout).toContain('secret/anthropic-api-key');
      expect(run.stdout).not.toContain(key);
      expect((await runCli(['scan', '--fail-on', 'never'], dirty.dir)).code).toBe(0);
    } finally {
      clean.cleanup();
      dirty.cleanup();
    }
  });

  it('fails on warnings only when asked', async () => {
    const repo = makeRepo({ '.agent-guard.yml': 'rules:\n  secret/anthropic-api-key: warning\n', 'app.py': `K = "${key}"\n` });
    try {
      expect((await runCli(['scan'], repo.dir)).code).toBe(0);
      expect((await runCli(['scan', '--fail-on', 'warning'], repo.dir)).code).toBe(1);
    } finally {
      repo.cleanup();
    }
  });

  it('exits 2 with one line naming the problem for bad flags and bad configs', async () => {
    const repo = makeRepo({ '.agent-guard.yml': 'exclude: [oops\n' });
    try {
      const yaml = await runCli(['scan'], repo.dir);
      expect(yaml.code).toBe(2);
      expect(yaml.stderr).toMatch(/^agent-guard: \.agent-guard\.yml: YAML syntax error at line \d+, column \d+: .+\n$/);
      writeTree(repo.dir, { '.agent-guard.yml': 'severity: high\n' });
      const unknown = await runCli(['scan'], repo.dir);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/^agent-guard: \.agent-guard\.yml: unknown key "severity" \(expected one of: .*\)\n$/);
      for (const args of [['scan', '--format', 'xml'], ['scan', '--bogus'], ['nope'], ['scan', 'missing-dir'], ['scan', '--fail-on', 'sometimes']]) {
        const r = await runCli(args, repo.dir);
        expect(r.code).toBe(2);
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      }
    } finally {
      repo.cleanup();
    }
  });

  it('prints only the SARIF document on stdout with --format sarif', async () => {
    const repo = makeRepo({ 'app.py': `K = "${key}"\n` });
    try {
      const r = await runCli(['scan', '--format', 'sarif'], repo.dir);
      expect(JSON.parse(r.stdout).version).toBe('2.1.0');
      expect(r.stderr).toBe('');
    } finally {
      repo.cleanup();
    }
  });

  it('writes --output atomically, leaving no temp files', async () => {
    const repo = makeRepo({ 'app.py': `K = "${key}"\n` });
    const out = tempDir();
    try {
      const r = await runCli(['scan', repo.dir, '--format', 'json', '--output', join(out.dir, 'report.json')], out.dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const doc = JSON.parse(readFileSync(join(out.dir, 'report.json'), 'utf8'));
      expect(doc.findings[0].ruleId).toBe('secret/anthropic-api-key');
      expect(JSON.stringify(doc)).not.toContain(key);
      expect(readdirSync(out.dir)).toEqual(['report.json']);
      const bad = await runCli(['scan', repo.dir, '--output', join(out.dir, 'no-such-dir', 'r.txt')], out.dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/cannot write .*ENOENT/);
    } finally {
      repo.cleanup();
      out.cleanup();
    }
  });

  it('colours text only on a TTY without NO_COLOR', async () => {
    const repo = makeRepo({ 'app.py': `K = "${key}"\n` });
    try {
      expect((await runCli(['scan'], repo.dir)).stdout).not.toContain('\u001b[');
      expect((await runCli(['scan'], repo.dir, {}, { tty: true })).stdout).toContain('\u001b[31m');
      expect((await runCli(['scan'], repo.dir, { NO_COLOR: '1' }, { tty: true })).stdout).not.toContain('\u001b[');
      expect((await runCli(['scan', '--format', 'json'], repo.dir, {}, { tty: true })).stdout).not.toContain('\u001b[');
    } finally {
      repo.cleanup();
    }
  });

  it('lists rules as text and JSON', async () => {
    const text = await runCli(['rules'], process.cwd());
    expect(text.code).toBe(0);
    const json = JSON.parse((await runCli(['rules', '--format', 'json'], process.cwd())).stdout);
    for (const family of ['secret', 'tool-input', 'rate-limit', 'tool-payload']) {
      expect(json.some((r: { family: string }) => r.family === family)).toBe(true);
    }
    for (const r of json) {
      expect(r.docs).toMatch(/docs\/rules\/.+\.md$/);
      expect(text.stdout).toContain(r.id);
    }
  });

  it('init writes a starter config that loads, and refuses to overwrite it', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    try {
      const first = await runCli(['init'], repo.dir);
      expect(first.code).toBe(0);
      expect(existsSync(join(repo.dir, '.agent-guard.yml'))).toBe(true);
      expect((await runCli(['scan'], repo.dir)).code).toBe(0);
      const again = await runCli(['init'], repo.dir);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('already exists');
    } finally {
      repo.cleanup();
    }
  });

  it('scans the demo repository with findings of all four families', async () => {
    const r = await runCli(['demo', '--format', 'json', '--fail-on', 'never'], process.cwd());
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const families = new Set(doc.findings.map((f: { ruleId: string }) => f.ruleId.split('/')[0]));
    expect([...families].sort()).toEqual(['rate-limit', 'secret', 'tool-input', 'tool-payload']);
    expect((await runCli(['demo'], process.cwd())).code).toBe(1);
  });
});
