import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { probeRule } from '../helpers/probe.js';
import { git, makeRepo, writeTree, type FileTree } from '../helpers/repo.js';

/** A fresh fake Anthropic key (generated at run time, never committed). */
export function anthropicKey(seed: number): string {
  return fakeKey('anthropic', seededRng(seed)).key;
}

export function openaiKey(seed: number): string {
  return fakeKey('openai-project', seededRng(seed)).key;
}

/** Write `files` (and delete `remove`) in `dir`, commit everything, return the new commit id. */
export function commit(dir: string, message: string, files: FileTree = {}, remove: string[] = []): string {
  writeTree(dir, files);
  for (const f of remove) rmSync(join(dir, f), { force: true });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return head(dir);
}

export function head(dir: string, rev = 'HEAD'): string {
  return git(dir, 'rev-parse', rev).trim();
}

/** An empty repository on branch main with one README commit. */
export function newRepo(): { dir: string; cleanup: () => void } {
  return makeRepo({ 'README.md': '# demo\n' });
}

/**
 * A test-only secret rule independent of the secret family: any `LEAK-<8 hex>` token is a "secret"
 * (engine-level logic is tested with it; the real rules are tested through the CLI).
 */
export const leakRule = probeRule({ id: 'secret/test-leak', message: 'leak token {{match}}', appliesTo: 'LEAK-', pattern: /LEAK-[0-9a-f]{8}/, secret: true });

/** A test-only non-secret rule: each `eval(` line (identity by path and line text). */
export const evalRule = probeRule({ id: 'tool-input/test-eval', message: 'eval call', appliesTo: 'eval(', pattern: /eval(?=\()/ });
