// Local snapshots of real repositories for the benches: bare git directories at <mirror>/<owner>+<name>/repo
// (fetched read-only; never committed). Extracting one commit leaves out the blobs a partial snapshot lists
// but does not hold.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/** The commit HEAD of a bare snapshot points at. */
export function headOf(gitDir) {
  return execFileSync('git', ['--git-dir', gitDir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
}

/** `git archive` one commit of a bare snapshot into `into`; returns how many listed blobs were absent (left out). */
export function extract(gitDir, commit, into) {
  mkdirSync(into, { recursive: true });
  const tree = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', commit], { maxBuffer: 1 << 30 })
    .toString()
    .split('\0')
    .filter((l) => /^\d+ blob /.test(l))
    .map((l) => ({ sha: l.split(/\s/)[2], path: l.slice(l.indexOf('\t') + 1) }));
  const check = execFileSync('git', ['--git-dir', gitDir, 'cat-file', '--batch-check'], { input: tree.map((t) => `${t.sha}\n`).join(''), maxBuffer: 1 << 30 })
    .toString()
    .split('\n');
  const missing = tree.filter((_, i) => check[i]?.endsWith(' missing')).map((t) => `:(exclude,literal)${t.path}`);
  const tar = execFileSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', commit, '--', '.', ...missing], {
    maxBuffer: 2 ** 31,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  execFileSync('tar', ['-x', '-C', into], { input: tar, maxBuffer: 2 ** 31 });
  return missing.length;
}
