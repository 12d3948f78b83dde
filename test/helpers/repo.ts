import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type FileTree = Record<string, string | Buffer>;

/** What tests add to the environment of git: a fixed identity and no system or user config. */
export const GIT_TEST_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
} as const;

/** Run git in `cwd` with a fixed identity and no user config, returning stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_TEST_ENV } });
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
 * Make `dir` (existing) a git repository on branch main holding `files`. With `commit` (the default),
 * they are committed; otherwise they are left untracked.
 */
export function initRepo(dir: string, files: FileTree = {}, options: { commit?: boolean; message?: string } = {}): void {
  writeTree(dir, files);
  git(dir, 'init', '-q', '-b', 'main');
  if (options.commit ?? true) {
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', options.message ?? 'initial', '--allow-empty');
  }
}

/**
 * A real git repository in a temp dir holding `files`. With `commit`, they are committed; otherwise
 * they are left untracked (still scanned: untracked-not-ignored files are part of the scan).
 */
export function makeRepo(files: FileTree, options: { git?: boolean; commit?: boolean } = {}): { dir: string; cleanup: () => void } {
  const t = tempDir();
  if (options.git ?? true) initRepo(t.dir, files, { commit: options.commit });
  else writeTree(t.dir, files);
  return t;
}
