import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { parseGitDiff } from '../../src/action/github/diff.js';
import { git, makeRepo, writeTree } from '../helpers/repo.js';

describe('parseGitDiff on real git output', () => {
  it('reads names with spaces (git ends them with a TAB), non-ASCII names and added lines', () => {
    const repo = makeRepo({ 'a b.py': 'x = 1\n', 'ünï.py': 'y = 1\n' });
    try {
      const base = git(repo.dir, 'rev-parse', 'HEAD').trim();
      writeTree(repo.dir, { 'a b.py': 'x = 1\nz = 2\n', 'ünï.py': 'y = 2\n', 'new file.ts': 'export {};\n' });
      git(repo.dir, 'add', '-A');
      git(repo.dir, 'commit', '-q', '-m', 'change');
      const out = execFileSync('git', ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '-U0', base, 'HEAD'], { cwd: repo.dir, encoding: 'utf8' });
      const files = parseGitDiff(out)
        .map((f) => f.path)
        .sort();
      expect(files).toEqual(['a b.py', 'new file.ts', 'ünï.py']);
    } finally {
      repo.cleanup();
    }
  });
});
