import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type FileTree = Record<string, string | Buffer>;

/** Run git in `cwd` with a fixed identity and no user config, returning stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  });
}

export function writeTree(root: string, files: FileTree): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** A fresh temp directory (realpath'd), removed by the returned cleanup. */
export function tempDir(prefix = 'agent-guard-test-'): { dir: string; cleanup: () => void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A real git repository in a temp dir holding `files`. With `commit`, they are committed; otherwise
 * they are left untracked (still scanned: untracked-not-ignored files are part of the scan).
 */
export function makeRepo(files: FileTree, options: { git?: boolean; commit?: boolean } = {}): { dir: string; cleanup: () => void } {
  const t = tempDir();
  writeTree(t.dir, files);
  if (options.git ?? true) {
    git(t.dir, 'init', '-q', '-b', 'main');
    if (options.commit ?? true) {
      git(t.dir, 'add', '-A');
      git(t.dir, 'commit', '-q', '-m', 'initial', '--allow-empty');
    }
  }
  return t;
}
