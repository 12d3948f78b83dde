import { describe, expect, it } from '@jest/globals';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { finalize, scan } from '../../src/engine/engine.js';
import { probeRule } from '../helpers/probe.js';
import { makeRepo, tempDir, writeTree } from '../helpers/repo.js';

/** A probe rule: reports every Python function definition it finds in the parse tree. */
const probe = probeRule({
  id: 'tool-input/probe',
  message: 'function {{match}}',
  appliesTo: (file) => file.language === 'python',
  async find(ctx) {
    const parsed = await ctx.tree();
    return (parsed?.root.descendantsOfType('function_definition') ?? []).map((fn) => {
      const name = fn!.childForFieldName('name')!;
      return { text: name.text, start: name.startIndex, end: name.endIndex };
    });
  },
});

describe('scan pipeline', () => {
  it('discovers tracked and untracked-not-ignored files, not ignored ones', async () => {
    const repo = makeRepo({ 'a.py': 'def tracked(): pass\n', '.gitignore': 'ignored.py\n' });
    try {
      writeTree(repo.dir, { 'b.py': 'def untracked(): pass\n', 'ignored.py': 'def ignored(): pass\n' });
      const result = await scan({ paths: [repo.dir], rules: [probe] });
      expect(result.findings.map((f) => `${f.path}:${f.message}`)).toEqual(['a.py:function tracked', 'b.py:function untracked']);
    } finally {
      repo.cleanup();
    }
  });

  it('reports paths relative to the repository root even when a subdirectory is scanned', async () => {
    const repo = makeRepo({ 'pkg/tools/x.py': 'def inner(): pass\n', 'other.py': 'def other(): pass\n' });
    try {
      const result = await scan({ paths: [join(repo.dir, 'pkg')], rules: [probe] });
      expect(result.findings.map((f) => f.path)).toEqual(['pkg/tools/x.py']);
      expect(result.findings[0].range).toEqual({ startLine: 1, startColumn: 5, endLine: 1, endColumn: 10 });
    } finally {
      repo.cleanup();
    }
  });

  it('walks a plain directory outside git', async () => {
    const t = tempDir();
    try {
      writeTree(t.dir, { 'x/y.py': 'def walked(): pass\n' });
      const result = await scan({ paths: [t.dir], rules: [probe] });
      expect(result.findings.map((f) => f.path)).toEqual(['x/y.py']);
    } finally {
      t.cleanup();
    }
  });

  it('skips binary, oversized, invalid UTF-8 files and escaping symlinks with a reason', async () => {
    const repo = makeRepo({
      'big.bin': Buffer.alloc(3 * 1024 * 1024, 1),
      'blob.dat': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      'latin1.py': Buffer.from([0x23, 0x20, 0xe9, 0x0a]),
      'ok.py': 'def fine(): pass\n',
    });
    try {
      symlinkSync('/etc', join(repo.dir, 'etc-link'));
      const result = await scan({ paths: [repo.dir], rules: [probe] });
      const reasons = Object.fromEntries(result.skipped.map((s) => [s.path, s.reason]));
      expect(reasons['big.bin']).toMatch(/larger than the size cap/);
      expect(reasons['blob.dat']).toBe('binary file');
      expect(reasons['latin1.py']).toBe('not valid UTF-8 text');
      expect(reasons['etc-link']).toMatch(/symlink leaves the repository/);
      expect(result.findings.map((f) => f.message)).toEqual(['function fine']);
    } finally {
      repo.cleanup();
    }
  });

  it('honours inline suppressions on the line and the line above', async () => {
    const repo = makeRepo({
      'a.py':
        'def kept(): pass\n# agent-guard-ignore tool-input/probe: fixture\ndef above(): pass\ndef same(): pass  # agent-guard-ignore tool-input/*: fixture\n',
    });
    try {
      const result = await scan({ paths: [repo.dir], rules: [probe] });
      expect(result.findings.map((f) => f.message)).toEqual(['function kept']);
      expect(result.suppressed).toBe(2);
    } finally {
      repo.cleanup();
    }
  });

  it('gives fingerprints that survive line shifts', async () => {
    const a = makeRepo({ 'a.py': 'def f(): pass\n' });
    const b = makeRepo({ 'a.py': '\n\n# moved\ndef f(): pass\n' });
    try {
      const [ra, rb] = [await scan({ paths: [a.dir], rules: [probe] }), await scan({ paths: [b.dir], rules: [probe] })];
      expect(ra.findings[0].range.startLine).not.toBe(rb.findings[0].range.startLine);
      expect(ra.findings[0].fingerprint).toBe(rb.findings[0].fingerprint);
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });
});

describe('finalize', () => {
  const pending = (entry: string) => ({
    ruleId: 'tool-input/argument-injection',
    family: 'tool-input' as const,
    severity: 'error' as const,
    fix: 'Put "--" before the value.',
    helpUri: 'https://example.invalid/docs',
    message: 'Tool "kubectl" passes model-controlled parameter "name" to spawn() argv',
    path: 'src/run.ts',
    range: { startLine: 9, startColumn: 3, endLine: 9, endColumn: 20 },
    related: [{ path: entry, range: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 5 }, message: 'tool parameter' }],
    flow: [],
    fingerprintContent: 'spawn(cmd, args)',
  });

  it('keeps the same one of two findings that differ only in their entry point, whatever order they came in', () => {
    // the same sink reached from a tool in src/ and one in tests/: workers may finish either first
    const a = finalize([pending('src/index.ts'), pending('tests/sse.test.ts')]);
    const b = finalize([pending('tests/sse.test.ts'), pending('src/index.ts')]);
    expect(a).toHaveLength(1);
    expect(b).toEqual(a);
    expect(a[0].related?.[0].path).toBe('src/index.ts');
  });
});
