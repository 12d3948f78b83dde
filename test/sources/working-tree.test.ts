import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { makeRepo, tempDir, writeTree } from '../helpers/repo.js';
import { runSnippet, source } from '../helpers/snippet.js';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { defaultConfig } from '../../src/core/config.js';
import { findRoot } from '../../src/sources/discover.js';
import { workingTreeInput, workingTreeRepository } from '../../src/sources/working-tree.js';
import { readSource } from '../../src/sources/read.js';

const key = fakeKey('openai-project', seededRng(41)).key;

describe('installed dependencies (node_modules/)', () => {
  it('are left out of a directory scan, with a count, even when git does not ignore them', async () => {
    // A fresh `npm init && npm i -D agent-guard` project with no .gitignore: node_modules is untracked, not ignored.
    const repo = makeRepo({ 'app.py': 'print("hi")\n' });
    try {
      writeTree(repo.dir, { 'node_modules/pkg/leak.py': `OPENAI_API_KEY = "${key}"\n`, 'web/node_modules/x/leak.py': `OPENAI_API_KEY = "${key}"\n` });
      const run = await runCli(['scan'], repo.dir);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('2 files in node_modules/ left out');
      const json = JSON.parse((await runCli(['scan', '--format', 'json'], repo.dir)).stdout);
      expect(json.findings).toEqual([]);
    } finally {
      repo.cleanup();
    }
  });

  it('are scanned when named: a path inside node_modules, or a file there', async () => {
    const { dir, cleanup } = makeRepo({ 'app.py': 'print("hi")\n' });
    try {
      writeTree(dir, { 'node_modules/pkg/leak.py': `OPENAI_API_KEY = "${key}"\n`, 'node_modules/pkg/node_modules/dep/leak.py': `OPENAI_API_KEY = "${key}"\n` });
      const inPackage = await runCli(['scan', join('node_modules', 'pkg'), '--format', 'json'], dir);
      expect(JSON.parse(inPackage.stdout).findings.map((f: { path: string }) => f.path)).toEqual(['node_modules/pkg/leak.py']);
      const named = await runCli(['scan', join('node_modules', 'pkg', 'node_modules', 'dep', 'leak.py'), '--format', 'json'], dir);
      expect(JSON.parse(named.stdout).findings.map((f: { path: string }) => f.path)).toEqual(['node_modules/pkg/node_modules/dep/leak.py']);
    } finally {
      cleanup();
    }
  });
});

describe('line endings', () => {
  it('reports the right line in a file with lone-CR line endings', async () => {
    const repo = makeRepo({ 'app.py': ['import os', '', `OPENAI_API_KEY = "${key}"`, 'print(1)'].join('\r') + '\r' });
    try {
      const json = JSON.parse((await runCli(['scan', '--format', 'json'], repo.dir)).stdout);
      expect(json.findings.map((f: { path: string; range: { startLine: number } }) => `${f.path}:${f.range.startLine}`)).toEqual(['app.py:3']);
    } finally {
      repo.cleanup();
    }
  });
});

describe('files that are not regular files', () => {
  it('lists FIFOs, symlink loops and unreadable directories as skipped instead of dropping them', async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeTree(dir, { 'app.py': `OPENAI_API_KEY = "${key}"\n`, 'locked/inner.py': 'x = 1\n' });
      execFileSync('mkfifo', [join(dir, 'pipe.py')]);
      symlinkSync('loop-b', join(dir, 'loop-a'));
      symlinkSync('loop-a', join(dir, 'loop-b'));
      chmodSync(join(dir, 'locked'), 0o000);
      const asRoot = process.getuid?.() === 0; // root lists any directory
      const json = JSON.parse((await runCli(['scan', '--format', 'json'], dir)).stdout);
      const skipped = (json.skipped as { path: string; reason: string }[]).map((s) => `${s.path}: ${s.reason}`).sort();
      expect(skipped).toEqual(
        [
          ...(asRoot ? [] : ['locked: directory cannot be listed (EACCES)']),
          'loop-a: symlink loop',
          'loop-b: symlink loop',
          'pipe.py: not a regular file (FIFO)',
        ].sort(),
      );
      expect(json.findings.map((f: { path: string }) => f.path)).toEqual(['app.py']);
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
      cleanup();
    }
  });
});

describe('the filesystem root', () => {
  it('is refused with a one-line reason and exit 2, not walked', async () => {
    const run = await runCli(['scan', '/'], process.cwd());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^agent-guard: refusing to scan the filesystem root \(\/ resolves to \/\)/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('the repository view of a whole-root scan', () => {
  it('lists what the repository listing lists, from the scan discovery itself (excluded and node_modules paths too)', async () => {
    const { dir, cleanup } = makeRepo({ 'app.py': 'print("hi")\n', 'docs/a.md': '# a\n', 'node_modules/x/i.js': '1\n' });
    try {
      writeTree(dir, { 'untracked.ts': 'export {};\n' });
      const root = findRoot(dir);
      const config = { ...defaultConfig(), exclude: ['docs/**'] };
      const whole = workingTreeInput(root, [dir], config);
      const listed = await workingTreeRepository(root, config).allPaths();
      expect(await whole.repository.allPaths()).toEqual(listed);
      expect(listed).toEqual(expect.arrayContaining(['app.py', 'docs/a.md', 'untracked.ts']));
      expect(whole.entries.map((e) => e.path)).not.toContain('docs/a.md');
      // a scan of a subfolder still sees every path of the repository
      expect(await workingTreeInput(root, [join(dir, 'docs')], config).repository.allPaths()).toEqual(listed);
    } finally {
      cleanup();
    }
  });
});

describe('the list of files a scan holds for its whole length', () => {
  it('gives each entry its path on disk and its text as the discovery found them', async () => {
    const { dir, cleanup } = makeRepo({ 'app.py': 'print("hi")\n', 'web/src/tool.ts': 'export const a = 1;\n' });
    try {
      const root = findRoot(dir);
      const input = workingTreeInput(root, [dir], defaultConfig());
      expect(input.entries.map((e) => [e.path, e.absPath])).toEqual([
        ['app.py', join(dir, 'app.py')],
        ['web/src/tool.ts', join(dir, 'web', 'src', 'tool.ts')],
      ]);
      for (const e of input.entries) expect(await e.load()).toEqual(await readSource(e.path, e.absPath!, defaultConfig().maxFileSize));
      expect((await input.entries[1].load()) as { file: { text: string } }).toMatchObject({ file: { path: 'web/src/tool.ts', text: 'export const a = 1;\n' } });
    } finally {
      cleanup();
    }
  });

  /**
   * In a child process (its heap holds nothing else): the V8 heap a whole-root input keeps, per file, after a
   * full collection. Each file's entry, its path and its place in the repository listing cost about 125
   * bytes; with a closure and an absolute path per entry, and the discovered files kept for the listing, 350.
   */
  it('costs under 200 bytes of heap per file (50,000 files: under 10 MB)', () => {
    const files = 4000;
    const { dir, cleanup } = makeRepo({});
    try {
      const tree: Record<string, string> = {};
      for (let i = 0; i < files; i++) tree[`agents/pkg_${i % 40}/tools_${i}.py`] = `x = ${i}\n`;
      writeTree(dir, tree);
      execFileSync('git', ['add', '-A'], { cwd: dir });
      const out = runSnippet(
        `import { workingTreeInput } from ${source('src/sources/working-tree.ts')};
import { findRoot } from ${source('src/sources/discover.ts')};
import { defaultConfig } from ${source('src/core/config.ts')};
import { getHeapStatistics } from 'node:v8';
const heapUsed = () => getHeapStatistics().used_heap_size;
const collectGarbage = globalThis.gc;
const dir = process.argv[2];
const root = findRoot(dir);
const config = defaultConfig();
for (let i = 0; i < 3; i++) await workingTreeInput(root, [dir], config).repository.allPaths(); // code compiled, caches warm
// (measured in a function: once it returned, nothing of its frame holds the input)
const { held, files, listed } = await (async () => {
  const input = workingTreeInput(root, [dir], config);
  const listed = (await input.repository.allPaths()).length;
  collectGarbage();
  return { held: heapUsed(), files: input.entries.length, listed };
})();
collectGarbage();
console.log((held - heapUsed()) / files, files, listed);`,
        { args: [dir], nodeArgs: ['--expose-gc'] },
      );
      const [perFile, entries, listed] = out.trim().split(' ').map(Number);
      expect([entries, listed]).toEqual([files, files]);
      expect(perFile).toBeLessThan(200);
    } finally {
      cleanup();
    }
  }, 60_000);
});

describe('the repository view rules read other files through', () => {
  it('reads files inside the root, through symlinks that stay inside, and nothing outside it, for a root named through a symlink too', async () => {
    const outside = tempDir();
    const parent = tempDir();
    try {
      const dir = join(parent.dir, 'repo');
      writeTree(outside.dir, { 'secret.json': '{"outside": true}\n' });
      writeTree(dir, { 'schemas/tool.json': '{"inside": true}\n', 'app.py': 'print(1)\n' });
      symlinkSync(join(outside.dir, 'secret.json'), join(dir, 'schemas', 'escape.json'));
      symlinkSync('tool.json', join(dir, 'schemas', 'alias.json'));
      const linkedRoot = join(parent.dir, 'linked');
      symlinkSync(dir, linkedRoot);
      for (const rootPath of [dir, linkedRoot]) {
        const view = workingTreeRepository({ root: rootPath, isGit: false }, defaultConfig());
        const text = async (p: string) => {
          const r = await view.read(p);
          return r && 'file' in r ? r.file.text : r;
        };
        expect(await text('schemas/tool.json')).toBe('{"inside": true}\n');
        expect(await text('schemas/alias.json')).toBe('{"inside": true}\n');
        expect(await text('schemas/escape.json')).toBeNull();
        expect(await text(`../../${basename(outside.dir)}/secret.json`)).toBeNull();
        expect(await text('../repo/schemas/tool.json')).toBe(rootPath === dir ? '{"inside": true}\n' : null); // the same file, named from the root
        expect(await text(join(dir, 'schemas', 'tool.json'))).toBeNull();
        expect(await text('schemas/missing.json')).toBeNull();
      }
    } finally {
      outside.cleanup();
      parent.cleanup();
    }
  });
});
