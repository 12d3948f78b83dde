import { describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { git, makeRepo, tempDir, writeTree } from '../helpers/repo.js';

// Blocking a staged key relies on the real secret/anthropic-api-key rule.
const rng = seededRng(4242);
const key = fakeKey('anthropic', rng).key;
const key2 = fakeKey('anthropic', rng).key;

describe('scan --staged (CLI)', () => {
  it('blocks a staged key with exit 1 and prints it masked, even after it is deleted from disk', async () => {
    const repo = makeRepo({}, { commit: false });
    try {
      writeTree(repo.dir, { 'src/agent config.py': `import os\nANTHROPIC_API_KEY = "${key}"\n` });
      git(repo.dir, 'add', '-A');
      rmSync(join(repo.dir, 'src/agent config.py'));
      const run = await runCli(['scan', '--staged'], join(repo.dir, 'src'));
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('src/agent config.py\n  2:');
      expect(run.stdout).toContain('secret/anthropic-api-key');
      expect(run.stdout).toContain(`${key.slice(0, 8)}…`);
      expect(run.stdout + run.stderr).not.toContain(key);
    } finally {
      repo.cleanup();
    }
  });

  it('passes a clean staged change, and ignores a key that is not staged', async () => {
    const repo = makeRepo({ 'app.py': 'x = 1\n' });
    try {
      writeTree(repo.dir, { 'app.py': 'x = 2\n', 'scratch.py': `K = "${key}"\n` });
      git(repo.dir, 'add', 'app.py');
      const run = await runCli(['scan', '--staged'], repo.dir);
      expect(run).toMatchObject({ code: 0, stdout: '✔ no problems (1 file scanned)\n' });
    } finally {
      repo.cleanup();
    }
  });

  it('exits 2 outside git, and when combined with --changed-since', async () => {
    const t = tempDir();
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    try {
      const outside = await runCli(['scan', '--staged'], t.dir);
      expect(outside.code).toBe(2);
      expect(outside.stderr).toMatch(/^agent-guard: --staged needs a git repository/);
      const both = await runCli(['scan', '--staged', '--changed-since', 'HEAD'], repo.dir);
      expect(both).toMatchObject({ code: 2, stderr: 'agent-guard: --staged and --changed-since cannot be used together\n' });
    } finally {
      t.cleanup();
      repo.cleanup();
    }
  });
});

describe('scan --changed-since REF (CLI)', () => {
  it('scans files changed since the merge base: committed, staged, unstaged and untracked, not the rest', async () => {
    const repo = makeRepo({ 'old.py': `OLD = "${key}"\n`, 'a.py': 'a = 1\n', 'b.py': 'b = 1\n', 'c.py': 'c = 1\n', 'gone.py': 'g = 1\n' });
    try {
      git(repo.dir, 'checkout', '-q', '-b', 'feature');
      writeTree(repo.dir, { 'a.py': `A = "${key2}"\n` });
      git(repo.dir, 'commit', '-q', '-am', 'a');
      git(repo.dir, 'rm', '-q', 'gone.py');
      git(repo.dir, 'commit', '-q', '-m', 'rm');
      // main moves on after the branch point: its changes are not ours
      git(repo.dir, 'checkout', '-q', 'main');
      writeTree(repo.dir, { 'main-only.py': `M = "${key2}"\n` });
      git(repo.dir, 'add', '-A');
      git(repo.dir, 'commit', '-q', '-m', 'main');
      git(repo.dir, 'checkout', '-q', 'feature');
      writeTree(repo.dir, { 'b.py': 'b = 2\n', 'c.py': 'c = 2\n', 'new dir/ü.py': 'u = 1\n' });
      git(repo.dir, 'add', 'b.py');
      const run = await runCli(['scan', '--changed-since', 'main', '--format', 'json'], repo.dir);
      const doc = JSON.parse(run.stdout);
      expect(run.code).toBe(1);
      expect(doc.findings.map((f: { path: string }) => f.path)).toEqual(['a.py']);
      expect(doc.summary.files).toBe(4); // a.py, b.py, c.py, new dir/ü.py
      // limited to a path
      const limited = await runCli(['scan', '--changed-since', 'main', 'b.py', '--format', 'json'], repo.dir);
      expect(JSON.parse(limited.stdout).summary.files).toBe(1);
    } finally {
      repo.cleanup();
    }
  });

  it('exits 2 on an unknown revision', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    try {
      const run = await runCli(['scan', '--changed-since', 'no-such-branch'], repo.dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^agent-guard: --changed-since: unknown revision "no-such-branch"/);
      expect((await runCli(['scan', '--changed-since', '--output=x'], repo.dir)).code).toBe(2);
    } finally {
      repo.cleanup();
    }
  });
});
