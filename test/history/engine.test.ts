import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig, type AgentGuardConfig } from '../../src/core/config.js';
import type { Finding } from '../../src/core/types.js';
import { findRoot } from '../../src/sources/discover.js';
import { historyInput, parseFamilies, scanHistory } from '../../src/engine/history.js';
import { git, tempDir } from '../helpers/repo.js';
import { commit, evalRule, head, leakRule, newRepo } from './helpers.js';

function config(over: Partial<AgentGuardConfig> = {}): AgentGuardConfig {
  return { ...defaultConfig(), ...over };
}

async function run(dir: string, over: { since?: string; until?: string; config?: Partial<AgentGuardConfig>; tree?: false } = {}) {
  return scanHistory({
    root: findRoot(dir),
    config: config(over.config),
    since: over.since,
    until: over.until,
    rules: [leakRule, evalRule],
    tree: over.tree === false ? false : { rules: [leakRule, evalRule] },
  });
}

const historyOnly = (findings: Finding[]) => findings.filter((f) => f.properties?.history === true);
const summary = (findings: Finding[]) =>
  findings.map((f) => `${f.properties?.history ? String(f.properties.commit).slice(0, 7) : 'tree'} ${f.path}:${f.range.startLine} ${f.ruleId}`);

describe('history scan (engine level, test rule)', () => {
  it('finds a token added in one commit and removed in the next, once, with its commit, date and path', async () => {
    const repo = newRepo();
    try {
      const added = commit(repo.dir, 'add', { 'cfg.py': 'import os\nTOKEN = "LEAK-0000aaaa"\n' });
      commit(repo.dir, 'remove', { 'cfg.py': 'import os\nTOKEN = os.environ["TOKEN"]\n' });
      const result = await run(repo.dir);
      expect(summary(result.findings)).toEqual([`${added.slice(0, 7)} cfg.py:2 secret/test-leak`]);
      const f = result.findings[0];
      expect(f.properties).toMatchObject({ history: true, commit: added, historyPath: 'cfg.py' });
      expect(String(f.properties?.authorDate)).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(f.message).toContain(`commit ${added.slice(0, 7)}`);
      expect(f.message).toContain('rotate');
      expect(result.history.commits).toBe(3);
    } finally {
      repo.cleanup();
    }
  });

  it('reports a token still in the working tree once, through the tree scan', async () => {
    const repo = newRepo();
    try {
      commit(repo.dir, 'add', { 'a.py': 'T = "LEAK-0000bbbb"\n' });
      commit(repo.dir, 'edit elsewhere', { 'a.py': '# header\n\nT = "LEAK-0000bbbb"\n' });
      const result = await run(repo.dir);
      expect(summary(result.findings)).toEqual(['tree a.py:3 secret/test-leak']);
      expect(result.history.alsoInTree).toBe(1);
    } finally {
      repo.cleanup();
    }
  });

  it('scans each distinct blob once and reports a token carried by many versions once, at its first commit', async () => {
    const repo = newRepo();
    try {
      const first = commit(repo.dir, 'add', { 'a.py': 'T = "LEAK-0000cccc"\nv = 0\n' });
      for (let i = 1; i <= 5; i++) commit(repo.dir, `edit ${i}`, { 'a.py': `T = "LEAK-0000cccc"\nv = ${i}\n` });
      commit(repo.dir, 'revert to v0', { 'a.py': 'T = "LEAK-0000cccc"\nv = 0\n' }); // same blob as `first`
      commit(repo.dir, 'remove', {}, ['a.py']);
      const result = await run(repo.dir);
      expect(summary(historyOnly(result.findings))).toEqual([`${first.slice(0, 7)} a.py:1 secret/test-leak`]);
      // README + 6 distinct versions of a.py; the revert wrote an already-seen blob.
      expect(result.history.uniqueBlobs).toBe(7);
      expect(result.history.blobVersions).toBe(8);
      expect(result.history.scannedBlobs).toBe(7);
    } finally {
      repo.cleanup();
    }
  });

  it('follows renames (pure and edited) and deleted files without reporting twice', async () => {
    const repo = newRepo();
    try {
      const added = commit(repo.dir, 'add', { 'old/name.py': 'K = "LEAK-0000dddd"\n' });
      git(repo.dir, 'mv', 'old/name.py', 'new.py');
      commit(repo.dir, 'pure rename');
      git(repo.dir, 'mv', 'new.py', 'newer.py');
      commit(repo.dir, 'rename and edit', { 'newer.py': '# moved\nK = "LEAK-0000dddd"\n' });
      commit(repo.dir, 'delete', {}, ['newer.py']);
      const result = await run(repo.dir);
      const found = historyOnly(result.findings);
      expect(summary(found)).toEqual([`${added.slice(0, 7)} old/name.py:1 secret/test-leak`]);
      expect(found[0].properties?.alsoIn).toEqual(['newer.py']);
    } finally {
      repo.cleanup();
    }
  });

  it('attributes a token to the branch commit that wrote it across a merge, and an evil merge to the merge', async () => {
    const repo = newRepo();
    try {
      git(repo.dir, 'checkout', '-q', '-b', 'feature');
      const onBranch = commit(repo.dir, 'feature key', { 'f.py': 'K = "LEAK-0000eeee"\n' });
      commit(repo.dir, 'feature removes key', { 'f.py': 'K = None\n' });
      git(repo.dir, 'checkout', '-q', 'main');
      commit(repo.dir, 'main work', { 'm.py': 'x = 1\n' });
      git(repo.dir, 'merge', '-q', '--no-ff', '--no-commit', 'feature');
      // The merge itself writes a new token into a file (an "evil" merge).
      commit(repo.dir, 'merge feature', { 'm.py': 'x = 1\nM = "LEAK-0000ffff"\n' });
      const merge = head(repo.dir);
      commit(repo.dir, 'clean main', { 'm.py': 'x = 1\n' });
      const result = await run(repo.dir);
      expect(summary(historyOnly(result.findings)).sort()).toEqual(
        [`${onBranch.slice(0, 7)} f.py:1 secret/test-leak`, `${merge.slice(0, 7)} m.py:2 secret/test-leak`].sort(),
      );
    } finally {
      repo.cleanup();
    }
  });

  it('limits the range with since/until, and a branch that merged its base is not blamed for the base', async () => {
    const repo = newRepo();
    try {
      commit(repo.dir, 'old leak', { 'old.py': 'K = "LEAK-00001111"\n' });
      commit(repo.dir, 'old cleanup', {}, ['old.py']);
      const base = head(repo.dir);
      git(repo.dir, 'checkout', '-q', '-b', 'pr');
      const inPr = commit(repo.dir, 'pr leak', { 'pr.py': 'K = "LEAK-00002222"\n' });
      git(repo.dir, 'checkout', '-q', 'main');
      commit(repo.dir, 'main leak', { 'main.py': 'K = "LEAK-00003333"\n' });
      commit(repo.dir, 'main cleanup', {}, ['main.py']);
      const mainTip = head(repo.dir);
      git(repo.dir, 'checkout', '-q', 'pr');
      git(repo.dir, 'merge', '-q', '--no-edit', 'main');
      commit(repo.dir, 'pr cleanup', {}, ['pr.py']);
      const result = await run(repo.dir, { since: mainTip });
      expect(summary(historyOnly(result.findings))).toEqual([`${inPr.slice(0, 7)} pr.py:1 secret/test-leak`]);
      expect(result.history.range).toBe(`${mainTip.slice(0, 7)}..HEAD`);
      const untilBase = await run(repo.dir, { until: base, tree: false });
      expect(historyOnly(untilBase.findings).map((f) => f.path)).toEqual(['old.py']);
    } finally {
      repo.cleanup();
    }
  });

  it('keeps the fingerprint of a history finding across a rebase', async () => {
    const repo = newRepo();
    try {
      git(repo.dir, 'checkout', '-q', '-b', 'feature');
      const before = commit(repo.dir, 'leak', { 'k.py': 'K = "LEAK-00004444"\n' });
      commit(repo.dir, 'unleak', {}, ['k.py']);
      const r1 = await run(repo.dir);
      git(repo.dir, 'checkout', '-q', 'main');
      commit(repo.dir, 'main moves on', { 'other.py': 'y = 2\n' });
      git(repo.dir, 'checkout', '-q', 'feature');
      git(repo.dir, 'rebase', '-q', 'main');
      const r2 = await run(repo.dir);
      const [a, b] = [historyOnly(r1.findings), historyOnly(r2.findings)];
      expect(a).toHaveLength(1);
      expect(b).toHaveLength(1);
      expect(b[0].properties?.commit).not.toBe(before);
      expect(b[0].fingerprint).toBe(a[0].fingerprint);
    } finally {
      repo.cleanup();
    }
  });

  it('gives a removed secret the fingerprint the tree scan gave it while it was there', async () => {
    const repo = newRepo();
    try {
      commit(repo.dir, 'leak', { 'k.py': 'K = "LEAK-00005555"\n' });
      const inTree = (await run(repo.dir)).findings;
      commit(repo.dir, 'unleak', { 'k.py': 'K = None\n' });
      const inHistory = historyOnly((await run(repo.dir)).findings);
      expect(inTree).toHaveLength(1);
      expect(inHistory).toHaveLength(1);
      expect(inHistory[0].fingerprint).toBe(inTree[0].fingerprint);
    } finally {
      repo.cleanup();
    }
  });

  it('honours inline suppressions and config ignores in history blobs', async () => {
    const repo = newRepo();
    try {
      commit(repo.dir, 'fixtures', {
        'a.py': '# agent-guard-ignore secret/test-leak: documented test token\nK = "LEAK-00006666"\n',
        'fixtures/b.py': 'K = "LEAK-00007777"\n',
        'c.py': 'K = "LEAK-00008888"\n',
      });
      commit(repo.dir, 'cleanup', {}, ['a.py', 'fixtures/b.py', 'c.py']);
      const result = await run(repo.dir, { config: { ignore: [{ rule: 'secret/*', files: 'fixtures/**', reason: 'fixtures' }] } });
      expect(historyOnly(result.findings).map((f) => f.path)).toEqual(['c.py']);
      expect(result.suppressed).toBe(2);
    } finally {
      repo.cleanup();
    }
  });

  it('skips binary and oversized blobs with a reason, once per path', async () => {
    const repo = newRepo();
    try {
      const first = commit(repo.dir, 'binaries', { 'img.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), 'big.txt': 'x'.repeat(3000) });
      commit(repo.dir, 'binaries 2', { 'img.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 3]) });
      commit(repo.dir, 'gone', {}, ['img.png', 'big.txt']);
      const result = await run(repo.dir, { config: { maxFileSize: 2000 } });
      const reasons = Object.fromEntries(result.skipped.map((s) => [s.path, s.reason]));
      expect(reasons['img.png']).toBe(`binary file (git history: 2 versions, first in commit ${first.slice(0, 7)})`);
      expect(reasons['big.txt']).toMatch(/^larger than the size cap .* \(git history: commit [0-9a-f]{7}\)$/);
      expect(result.history.skippedBlobs).toBe(3);
    } finally {
      repo.cleanup();
    }
  });

  it('applies include/exclude to history paths', async () => {
    const repo = newRepo();
    try {
      commit(repo.dir, 'leaks', { 'vendor/x.py': 'K = "LEAK-0000aaa1"\n', 'src/y.py': 'K = "LEAK-0000aaa2"\n' });
      commit(repo.dir, 'cleanup', {}, ['vendor/x.py', 'src/y.py']);
      const result = await run(repo.dir, { config: { exclude: ['vendor/**'] } });
      expect(historyOnly(result.findings).map((f) => f.path)).toEqual(['src/y.py']);
    } finally {
      repo.cleanup();
    }
  });

  it('treats a non-secret finding as the same finding only at the same path and line text', async () => {
    const repo = newRepo();
    try {
      // (b.py differs from a.py: an identical blob at two paths is one blob, scanned once, at its first path.)
      const c1 = commit(repo.dir, 'evals', { 'a.py': 'eval(x)\n', 'b.py': 'import os\neval(x)\n' });
      commit(repo.dir, 'edit a', { 'a.py': '# note\neval(x)\n' });
      commit(repo.dir, 'cleanup', {}, ['a.py', 'b.py']);
      const result = await run(repo.dir);
      expect(summary(historyOnly(result.findings))).toEqual([`${c1.slice(0, 7)} a.py:1 tool-input/test-eval`, `${c1.slice(0, 7)} b.py:2 tool-input/test-eval`]);
    } finally {
      repo.cleanup();
    }
  });

  it('works on a shallow clone and says how far back it could see', async () => {
    const repo = newRepo();
    const clone = tempDir();
    try {
      commit(repo.dir, 'old leak', { 'o.py': 'K = "LEAK-0000bbb1"\n' });
      commit(repo.dir, 'old cleanup', {}, ['o.py']);
      commit(repo.dir, 'carried', { 'c.py': 'K = "LEAK-0000bbb2"\n' });
      const boundary = commit(repo.dir, 'more', { 'd.py': 'y = 1\n' });
      commit(repo.dir, 'cleanup', {}, ['c.py']);
      git(clone.dir, 'clone', '-q', '--depth', '2', `file://${repo.dir}`, 'shallow');
      const dir = join(clone.dir, 'shallow');
      const result = await run(dir);
      expect(result.history.shallow).toBe(true);
      expect(result.history.shallowBoundaries).toEqual([boundary]);
      expect(result.history.notes.join(' ')).toMatch(/shallow clone: history is visible back to commit [0-9a-f]{7}.*fetch-depth: 0/);
      // c.py's token predates the cut: it is attributed to the boundary commit, whose tree is all "new".
      expect(summary(historyOnly(result.findings))).toEqual([`${boundary.slice(0, 7)} c.py:1 secret/test-leak`]);
      await expect(run(dir, { since: 'HEAD~5' })).rejects.toThrow(/--since: unknown revision "HEAD~5" \(this is a shallow clone.*fetch-depth: 0/);
    } finally {
      repo.cleanup();
      clone.cleanup();
    }
  });

  it('never checks anything out or changes the repository', async () => {
    const repo = newRepo();
    try {
      commit(repo.dir, 'leak', { 'k.py': 'K = "LEAK-0000ccc1"\n' });
      commit(repo.dir, 'unleak', {}, ['k.py']);
      const index = join(repo.dir, '.git', 'index');
      // Read-only look at the repository (GIT_OPTIONAL_LOCKS=0: `git status` must not refresh the index itself).
      const look = (args: string[]) => execFileSync('git', args, { cwd: repo.dir, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
      const snapshot = () => ({
        mtime: statSync(index).mtimeMs,
        index: readFileSync(index),
        head: look(['rev-parse', 'HEAD']),
        refs: look(['for-each-ref']),
        status: look(['status', '--porcelain', '--ignored']),
      });
      const before = snapshot();
      await run(repo.dir);
      expect(snapshot()).toEqual(before);
    } finally {
      repo.cleanup();
    }
  });

  it('handles an empty repository and reports a non-git directory as a usage error', async () => {
    const empty = tempDir();
    const plain = tempDir();
    try {
      git(empty.dir, 'init', '-q', '-b', 'main');
      const result = await run(empty.dir);
      expect(result.history.commits).toBe(0);
      expect(result.history.notes[0]).toMatch(/no commits yet/);
      await expect(historyInput(findRoot(plain.dir), config())).rejects.toThrow(/needs a git repository/);
    } finally {
      empty.cleanup();
      plain.cleanup();
    }
  });

  it('parses --history-families', () => {
    expect(parseFamilies(undefined)).toEqual(['secret']);
    expect(parseFamilies('secret,tool-input')).toEqual(['secret', 'tool-input']);
    expect(parseFamilies('all')).toEqual(['secret', 'tool-input', 'rate-limit', 'tool-payload']);
    expect(() => parseFamilies('secrets')).toThrow(/unknown family "secrets"/);
  });
});
