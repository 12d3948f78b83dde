import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { VERSION } from '../../src/core/identity.js';
import { runCli } from '../helpers/cli.js';
import { git, makeRepo, tempDir, writeTree } from '../helpers/repo.js';

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

  it('scans a repository holding a 3 MB binary, an invalid UTF-8 Python file and a symlink to /etc: exit 0, each listed as skipped in every format', async () => {
    const repo = makeRepo({
      'assets/model.bin': Buffer.alloc(3 * 1024 * 1024, 7),
      'legacy.py': Buffer.from([0x70, 0x72, 0x69, 0x6e, 0x74, 0x28, 0x22, 0xe9, 0x22, 0x29, 0x0a]),
      'app.py': 'print("hello")\n',
    });
    try {
      symlinkSync('/etc', join(repo.dir, 'system-config'));
      const text = await runCli(['scan'], repo.dir);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/assets\/model\.bin {2}larger than the size cap/);
      expect(text.stdout).toMatch(/legacy\.py {2}not valid UTF-8 text/);
      expect(text.stdout).toMatch(/system-config {2}symlink leaves the repository/);
      const json = JSON.parse((await runCli(['scan', '--format', 'json'], repo.dir)).stdout);
      expect(json.skipped.map((s: { path: string }) => s.path)).toEqual(['assets/model.bin', 'legacy.py', 'system-config']);
      const sarif = JSON.parse((await runCli(['scan', '--format', 'sarif'], repo.dir)).stdout);
      expect(sarif.runs[0].invocations[0].toolExecutionNotifications).toHaveLength(3);
      const github = await runCli(['scan', '--format', 'github'], repo.dir);
      expect(github.code).toBe(0);
      expect(github.stdout.match(/^::notice file=/gm)).toHaveLength(3);
    } finally {
      repo.cleanup();
    }
  });

  it('handles hostile file names and unparsable files without losing a finding or crashing', async () => {
    const repo = makeRepo({
      '-rf.py': `K = "${key}"\n`,
      'new\nline.py': `K2 = "${key}"\n`,
      'broken.py': 'def (((:\n  return ]]]\n\x00'.replace('\x00', '') + '@tool\ndef f(p):\n  open(p\n',
      'broken.ts': 'export const t = tool({ execute: async ({ p }) => { fs.readFileSync(p',
      'data/broken.jsonl': '{"messages": [\n',
      '\u001b[31mred.py': 'x = 1\n',
    });
    try {
      const r = await runCli(['scan', '--format', 'json'], repo.dir);
      expect(r.code).toBe(1);
      const doc = JSON.parse(r.stdout);
      expect(doc.ruleErrors).toEqual([]);
      expect(
        doc.findings
          .filter((f: { ruleId: string }) => f.ruleId === 'secret/anthropic-api-key')
          .map((f: { path: string }) => f.path)
          .sort(),
      ).toEqual(['-rf.py', 'new\nline.py']);
      const text = await runCli(['scan'], repo.dir);
      expect(text.stdout).toContain('new\\nline.py');
      expect(text.stdout).not.toContain('\u001b[31m');
      const github = await runCli(['scan', '--format', 'github'], repo.dir);
      for (const line of github.stdout.trimEnd().split('\n')) expect(line.startsWith('::')).toBe(true);
    } finally {
      repo.cleanup();
    }
  });

  it('says how many files the config excluded, so an empty scan explains itself', async () => {
    const repo = makeRepo({ '.agent-guard.yml': 'exclude: ["vendor/**"]\n', 'vendor/a.py': `K = "${key}"\n`, 'vendor/b.py': 'x = 1\n', 'app.py': 'x = 2\n' });
    try {
      const r = await runCli(['scan'], repo.dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('✔ no problems (2 files scanned, 2 files excluded by the config)\n');
      const tools = await runCli(['tools', 'vendor'], repo.dir);
      expect(tools.stdout).toContain('no tool handlers found in 0 files (2 excluded by the config)');
    } finally {
      repo.cleanup();
    }
  });

  it('reads file names after `--` as paths, even when they look like options (what pre-commit passes)', async () => {
    const repo = makeRepo({ 'README.md': '# readme\n' });
    try {
      writeTree(repo.dir, { '.env': `ANTHROPIC_API_KEY=${key}\n`, '--help': '', '-oREADME.md': '', '--fail-on=never': '' });
      git(repo.dir, 'add', '--', '.env', '--help', '-oREADME.md', '--fail-on=never');
      const r = await runCli(['scan', '--staged', '--', '.env', '--help', '-oREADME.md', '--fail-on=never'], repo.dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('secret/anthropic-api-key');
      expect(readFileSync(join(repo.dir, 'README.md'), 'utf8')).toBe('# readme\n');
      expect((await runCli(['scan', '--help'], repo.dir)).stdout).toMatch(/^Usage: agent-guard scan \[PATH\.\.\.\]/);
    } finally {
      repo.cleanup();
    }
  });

  it('never reads outside the repository, even when the config names a schema there; names like `..env` are inside', async () => {
    const t = tempDir();
    try {
      writeTree(t.dir, {
        'outside/schema.json': `{"const": "${key}"}\n`,
        'repo/.agent-guard.yml': 'payloads:\n  - files: "calls/*.json"\n    schema: "../outside/schema.json"\n',
        'repo/calls/a.json': '{"x": 1}\n',
        'repo/..env': `ANTHROPIC_API_KEY=${key}\n`,
      });
      git(join(t.dir, 'repo'), 'init', '-q');
      const r = await runCli(['scan', '--format', 'json'], join(t.dir, 'repo'));
      const doc = JSON.parse(r.stdout);
      const schemaFinding = doc.findings.find((f: { ruleId: string }) => f.ruleId === 'tool-payload/schema-mismatch');
      expect(schemaFinding.message).toContain('cannot be used');
      expect(r.stdout).not.toContain(key.slice(0, 12));
      expect(doc.findings.filter((f: { path: string }) => f.path === '..env').map((f: { ruleId: string }) => f.ruleId)).toEqual(['secret/anthropic-api-key']);
      expect((await runCli(['scan', '..env'], join(t.dir, 'repo'))).code).toBe(1);
    } finally {
      t.cleanup();
    }
  });

  it("never runs programs named by the scanned repository's git config (fsmonitor, external diff)", async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    const marker = join(repo.dir, '..', `pwned-${Date.now()}`);
    try {
      git(repo.dir, 'config', 'core.fsmonitor', `echo fsmonitor >> '${marker}'; false`);
      git(repo.dir, 'config', 'diff.external', `sh -c "echo diff >> '${marker}'"`);
      writeTree(repo.dir, { 'a.py': 'x = 2\n', 'b.py': 'y = 1\n' });
      git(repo.dir, 'add', 'b.py'); // the test's own git runs the hook: start counting after it
      rmSync(marker, { force: true });
      for (const args of [['scan'], ['scan', '--staged'], ['scan', '--changed-since', 'HEAD'], ['scan', '--history']]) {
        expect((await runCli(args, repo.dir)).code).toBe(0);
      }
      expect(existsSync(marker)).toBe(false);
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
