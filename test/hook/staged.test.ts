import { describe, expect, it } from '@jest/globals';
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan, type ScanResult } from '../../src/engine/engine.js';
import type { Rule } from '../../src/core/types.js';
import { BlobReader } from '../../src/sources/blobs.js';
import { listStagedChanges, stagedInput } from '../../src/sources/staged.js';
import { git, makeRepo, writeTree } from '../helpers/repo.js';
import { crossProbe, probe } from './probe.js';

async function scanStaged(dir: string, rules: Rule[] = [probe], paths?: string[]): Promise<ScanResult> {
  let close = () => {};
  const result = await scan({
    paths: [dir],
    rules,
    input: async (root, config) => {
      const input = stagedInput(root, config, { paths });
      close = input.close;
      return input;
    },
  });
  close();
  return result;
}

const where = (r: ScanResult) => r.findings.map((f) => `${f.path}:${f.range.startLine}:${f.range.startColumn}`);

describe('scan --staged reads the index, not the working tree', () => {
  it('catches a key removed from the working tree but still staged, on the first commit (no HEAD)', async () => {
    const repo = makeRepo({ 'app.py': 'x = 1\nkey = "TOKEN_STAGED"\n' }, { commit: false });
    try {
      git(repo.dir, 'add', 'app.py');
      rmSync(join(repo.dir, 'app.py'));
      const result = await scanStaged(repo.dir);
      expect(where(result)).toEqual(['app.py:2:8']);
      expect(result.stats.files).toBe(1);
    } finally {
      repo.cleanup();
    }
  });

  it('does not believe an unstaged fix, and reports the line numbers of the staged content', async () => {
    const repo = makeRepo({ 'app.py': 'a = 1\n' });
    try {
      writeTree(repo.dir, { 'app.py': 'a = 1\nb = 2\nkey = "TOKEN_ABC"\n' });
      git(repo.dir, 'add', 'app.py');
      // partially staged: the working tree adds lines above and drops the key
      writeTree(repo.dir, { 'app.py': '# one\n# two\n# three\na = 1\nb = 2\nkey = os.environ["K"]\n' });
      expect(where(await scanStaged(repo.dir))).toEqual(['app.py:3:8']);
    } finally {
      repo.cleanup();
    }
  });

  it('ignores a key that is only in the working tree (not staged)', async () => {
    const repo = makeRepo({ 'app.py': 'a = 1\n' });
    try {
      writeTree(repo.dir, { 'app.py': 'key = "TOKEN_UNSTAGED"\n', 'new.py': 'fine = 1\n' });
      git(repo.dir, 'add', 'new.py');
      const result = await scanStaged(repo.dir);
      expect(result.findings).toEqual([]);
      expect(result.stats.files).toBe(1);
    } finally {
      repo.cleanup();
    }
  });

  it('scans only the files staged in this commit, not unchanged files of the repository', async () => {
    const repo = makeRepo({ 'old.py': 'legacy = "TOKEN_OLD"\n', 'b.py': 'b = 1\n' });
    try {
      writeTree(repo.dir, { 'b.py': 'b = 2\n' });
      git(repo.dir, 'add', 'b.py');
      expect(listStagedChanges(repo.dir).map((e) => e.path)).toEqual(['b.py']);
      const result = await scanStaged(repo.dir);
      expect(result.findings).toEqual([]);
      expect(result.stats.files).toBe(1);
    } finally {
      repo.cleanup();
    }
  });

  it('handles renames (the new path is scanned) and deletions (nothing to scan)', async () => {
    const repo = makeRepo({ 'a.py': 'k = "TOKEN_MOVED"\n', 'gone.py': 'k = "TOKEN_GONE"\n' });
    try {
      git(repo.dir, 'mv', 'a.py', 'b.py');
      git(repo.dir, 'rm', '-q', 'gone.py');
      const result = await scanStaged(repo.dir);
      expect(where(result)).toEqual(['b.py:1:6']);
      expect(result.skipped).toEqual([]);
    } finally {
      repo.cleanup();
    }
  });

  it('handles paths with spaces, quotes and non-ASCII names', async () => {
    const names = ['dir with space/file name.py', 'ünïcödé/日本語.py', 'quote"d\'.py', 'tab\there.py'];
    const repo = makeRepo({ 'README.md': 'x\n' });
    try {
      writeTree(repo.dir, Object.fromEntries(names.map((n) => [n, `k = "TOKEN_X"\n`])));
      git(repo.dir, 'add', '-A');
      const result = await scanStaged(repo.dir);
      expect(result.findings.map((f) => f.path).sort()).toEqual([...names].sort());
    } finally {
      repo.cleanup();
    }
  });

  it('skips binary and oversized blobs with a reason, and symlinks and submodules silently', async () => {
    const repo = makeRepo({ 'README.md': 'x\n', '.agent-guard.yml': 'maxFileSize: 1000\n' });
    try {
      writeTree(repo.dir, {
        'big.py': `k = "TOKEN_BIG"\n${'#'.repeat(5000)}\n`,
        'bin.dat': Buffer.from([0x54, 0x4f, 0x00, 0x01]),
        'ok.py': 'k = "TOKEN_OK"\n',
      });
      symlinkSync('ok.py', join(repo.dir, 'link.py'));
      git(repo.dir, 'add', '-A');
      git(repo.dir, 'update-index', '--add', '--cacheinfo', `160000,${git(repo.dir, 'rev-parse', 'HEAD').trim()},sub`);
      const result = await scanStaged(repo.dir);
      expect(where(result)).toEqual(['ok.py:1:6']);
      expect(Object.fromEntries(result.skipped.map((s) => [s.path, s.reason]))).toEqual({
        'big.py': expect.stringMatching(/larger than the size cap/),
        'bin.dat': 'binary file',
      });
    } finally {
      repo.cleanup();
    }
  });

  it('shows cross-file rules the index version of other files, and every indexed path', async () => {
    const repo = makeRepo({ 'other.txt': 'committed\n', 'main.txt': 'm\n' });
    try {
      writeTree(repo.dir, { 'other.txt': 'staged\n', 'main.txt': 'm2\n', 'untracked.txt': 'u\n' });
      git(repo.dir, 'add', 'other.txt', 'main.txt');
      writeTree(repo.dir, { 'other.txt': 'working tree\n' });
      const result = await scanStaged(repo.dir, [crossProbe]);
      expect(result.findings.map((f) => f.message)).toEqual(['other.txt says staged (2 paths)']);
    } finally {
      repo.cleanup();
    }
  });

  it('with paths, scans the index entries under them whatever HEAD holds (what pre-commit passes)', async () => {
    const repo = makeRepo({ 'src/a.py': 'k = "TOKEN_A"\n', 'src/b.py': 'k = "TOKEN_B"\n', 'lib/c.py': 'k = "TOKEN_C"\n' });
    try {
      rmSync(join(repo.dir, 'src/a.py')); // deleted on disk but still in the index: still scanned
      expect(where(await scanStaged(repo.dir, [probe], ['src']))).toEqual(['src/a.py:1:6', 'src/b.py:1:6']);
      expect(where(await scanStaged(repo.dir, [probe], ['lib/c.py', 'src/b.py']))).toEqual(['lib/c.py:1:6', 'src/b.py:1:6']);
      expect((await scanStaged(repo.dir, [probe], [''])).findings).toHaveLength(3);
    } finally {
      repo.cleanup();
    }
  });

  it('honours the include/exclude globs of the config', async () => {
    const repo = makeRepo({ '.agent-guard.yml': 'exclude: ["fixtures/**"]\n' });
    try {
      writeTree(repo.dir, { 'fixtures/k.py': 'k = "TOKEN_F"\n', 'app.py': 'k = "TOKEN_G"\n' });
      git(repo.dir, 'add', '-A');
      expect(where(await scanStaged(repo.dir))).toEqual(['app.py:1:6']);
    } finally {
      repo.cleanup();
    }
  });

  it('honours GIT_INDEX_FILE (git sets it for "git commit -a" and "git commit <path>")', async () => {
    const repo = makeRepo({ 'app.py': 'a = 1\n' });
    const saved = process.env.GIT_INDEX_FILE;
    try {
      writeFileSync(join(repo.dir, 'app.py'), 'k = "TOKEN_TEMPINDEX"\n');
      const tmpIndex = join(repo.dir, '.git', 'alt-index');
      git(repo.dir, 'read-tree', `--index-output=${tmpIndex}`, 'HEAD');
      process.env.GIT_INDEX_FILE = tmpIndex;
      git(repo.dir, 'add', 'app.py');
      expect(where(await scanStaged(repo.dir))).toEqual(['app.py:1:6']);
      delete process.env.GIT_INDEX_FILE;
      expect((await scanStaged(repo.dir)).findings).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.GIT_INDEX_FILE;
      else process.env.GIT_INDEX_FILE = saved;
      repo.cleanup();
    }
  });

  it('reads many blobs through one cat-file process, in order', async () => {
    const files = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f/${String(i).padStart(3, '0')}.py`, `${'\n'.repeat(i % 7)}k = "TOKEN_N${i}"\n`]));
    const repo = makeRepo(files, { commit: false });
    try {
      git(repo.dir, 'add', '-A');
      const result = await scanStaged(repo.dir);
      expect(result.findings).toHaveLength(300);
      for (const f of result.findings) {
        const i = Number(f.path.slice(2, 5));
        expect(f.range.startLine).toBe((i % 7) + 1);
      }
    } finally {
      repo.cleanup();
    }
  });

  it('BlobReader answers in order: blobs, drained oversized blobs, missing names, non-blobs; closes cleanly', async () => {
    const repo = makeRepo({ 'a.txt': 'alpha\n', 'big.txt': 'x'.repeat(100_000), 'd/b.txt': 'beta\n' });
    const reader = new BlobReader(repo.dir);
    try {
      const answers = await Promise.all([
        reader.read(':0:a.txt'),
        reader.read(':0:big.txt', 1000),
        reader.read(':0:nope.txt'),
        reader.read('HEAD^{tree}'),
        reader.read(':0:d/b.txt'),
        reader.read(':0:bad\nname'),
      ]);
      expect(answers.map((a) => ('bytes' in a ? a.bytes.toString() : a))).toEqual([
        'alpha\n',
        { tooLarge: 100_000 },
        { missing: true },
        { missing: true },
        'beta\n',
        { missing: true },
      ]);
      reader.close();
      await expect(reader.read(':0:a.txt')).rejects.toThrow(/after close/);
    } finally {
      reader.close();
      repo.cleanup();
    }
  });

  it('BlobReader.readMany asks for many names in one request and answers each in order (what history scans use)', async () => {
    const repo = makeRepo({ 'a.txt': 'alpha\n', 'big.txt': 'y'.repeat(70_000), 'b.txt': 'beta\n' });
    const reader = new BlobReader(repo.dir);
    try {
      const ids = git(repo.dir, 'rev-parse', 'HEAD:a.txt', 'HEAD:big.txt', 'HEAD:b.txt').trim().split('\n');
      const answers = await Promise.all(reader.readMany([ids[0], 'no\nsuch', ids[1], '0'.repeat(40), ids[2], ids[1]], 1000));
      expect(answers.map((a) => ('bytes' in a ? a.bytes.toString() : a))).toEqual([
        'alpha\n',
        { missing: true },
        { tooLarge: 70_000 },
        { missing: true },
        'beta\n',
        { tooLarge: 70_000 },
      ]);
      const [whole] = await Promise.all(reader.readMany([ids[1]]));
      expect('bytes' in whole && whole.bytes.length).toBe(70_000);
    } finally {
      reader.close();
      repo.cleanup();
    }
  });

  it('BlobReader.abort ends git at once: pending reads and later reads are rejected', async () => {
    const repo = makeRepo({ 'big.txt': 'z'.repeat(2_000_000) });
    const reader = new BlobReader(repo.dir);
    try {
      const pending = reader.readMany(Array.from({ length: 20 }, () => ':0:big.txt'));
      reader.abort();
      const settled = await Promise.allSettled(pending);
      expect(settled.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
      for (const r of settled) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/aborted/);
      await expect(reader.read(':0:big.txt')).rejects.toThrow(/after close/);
      reader.abort(); // twice is fine
    } finally {
      repo.cleanup();
    }
  });

  it('an idle BlobReader that was never closed does not keep Node alive', async () => {
    const repo = makeRepo({ 'a.txt': 'alpha\n' });
    try {
      const out = join(repo.dir, '.git', 'blobs.mjs');
      await build({
        absWorkingDir: process.cwd(),
        entryPoints: ['src/sources/blobs.ts'],
        outfile: out,
        bundle: true,
        platform: 'node',
        format: 'esm',
        logLevel: 'error',
      });
      const script = `import { BlobReader } from ${JSON.stringify(out)};\nconst r = new BlobReader(process.argv[1]);\nconst a = await r.read(':0:a.txt');\nconsole.log(a.bytes.toString().trim());\n`;
      const started = Date.now();
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, repo.dir], { encoding: 'utf8', timeout: 20_000 });
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe('alpha\n');
      expect(run.signal).toBeNull(); // not killed by the timeout: it exited by itself
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      repo.cleanup();
    }
  });
});
