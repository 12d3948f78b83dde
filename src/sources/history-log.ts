import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { git, gitEnv, SAFE_GIT_CONFIG } from './discover.js';

/**
 * Reading a commit range through git plumbing, never through a checkout: which blobs each commit
 * introduced, in topological order (parents first), so the first commit that carries a blob is the one
 * that introduced it.
 *
 * One `git log --raw -z --no-abbrev --no-renames --root --reverse --topo-order --diff-merges=c` call:
 * - `--raw --no-abbrev` gives each changed path's new blob id and mode without reading any blob;
 * - `--no-renames`: a pure rename keeps its blob id (already seen, not scanned again), and rename
 *   detection costs time for nothing;
 * - `--diff-merges=c` (combined): a merge lists only paths whose result differs from every parent, i.e.
 *   the blobs the merge itself created (conflict resolutions, "evil" merges). Content brought in from the
 *   other side is attributed to the commit that wrote it, or, when that commit is outside the range (a
 *   pull request that merged its base branch), not attributed to the range at all;
 * - `--root`: the first commit lists its whole tree.
 */

/** The environment every history git call runs with: no optional locks, no lazy fetch of missing blobs. */
export const GIT_ENV = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_NO_LAZY_FETCH: '1', GIT_TERMINAL_PROMPT: '0' };

export interface BlobIntroduction {
  blob: string;
  /** Path of the blob at the introducing commit. */
  path: string;
  commit: string;
  /** Strict ISO 8601 author date of the commit. */
  authorDate: string;
  /** Position of the commit in topological order (0 = oldest in the range). */
  order: number;
}

export interface HistoryLog {
  commits: number;
  /**
   * Blob versions the range's commits write, counted per commit and path: what a scanner reading each
   * commit's changes without deduplication would read.
   */
  blobVersions: number;
  /** The first appearance of each distinct blob, in topological order. */
  introductions: BlobIntroduction[];
}

const ZERO = /^0+$/;
const REGULAR_FILE = new Set(['100644', '100755', '100664']);

function looksLikeOption(ref: string): boolean {
  return ref.startsWith('-');
}

/** Resolve a revision to a commit id, or throw a usage error that says why (with the shallow-clone hint). */
export function resolveCommit(root: string, ref: string, flag: string, shallow: boolean): string {
  if (!ref || looksLikeOption(ref)) throw new UsageError(`${flag}: "${ref}" is not a revision`);
  const r = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const id = r.stdout.toString().trim();
  if (!r.ok || !id) {
    const hint = shallow ? ' (this is a shallow clone: fetch more history, e.g. `git fetch --unshallow` or `fetch-depth: 0` in actions/checkout)' : '';
    throw new UsageError(`${flag}: unknown revision "${ref}"${hint}`);
  }
  return id;
}

export function isShallow(root: string): boolean {
  return git(root, ['rev-parse', '--is-shallow-repository']).stdout.toString().trim() === 'true';
}

/** Commits at which a shallow clone's history is cut (their parents are not in the repository). */
export function shallowBoundaries(root: string): string[] {
  const r = git(root, ['rev-parse', '--git-path', 'shallow']);
  if (!r.ok) return [];
  let file = r.stdout.toString().trim();
  if (!isAbsolute(file)) file = join(root, file);
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

export function hasCommits(root: string): boolean {
  return git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).ok;
}

/**
 * Run `git log` over `revs` (e.g. [until, ^since]) and collect the first appearance of every blob whose
 * path `wanted` accepts. Only regular files count: symlinks, submodules and deletions carry no content to scan.
 */
export function readHistoryLog(root: string, revs: string[], wanted: (path: string) => boolean): Promise<HistoryLog> {
  const args = [
    '-c',
    'core.quotePath=off',
    'log',
    '--raw',
    '-z',
    '--no-abbrev',
    '--no-renames',
    '--root',
    '--reverse',
    '--topo-order',
    '--diff-merges=c',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--no-show-signature',
    '--format=%x01%H%x09%aI',
    ...revs,
    '--',
  ];
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', [...SAFE_GIT_CONFIG, ...args], { cwd: root, env: gitEnv(root, GIT_ENV), stdio: ['ignore', 'pipe', 'pipe'] });
    const seen = new Set<string>();
    const introductions: BlobIntroduction[] = [];
    let commits = 0;
    let blobVersions = 0;
    let commit = '';
    let authorDate = '';
    let order = -1;
    let status: string | null = null; // the raw record waiting for its path
    let stderr = '';
    let rest: Buffer = Buffer.alloc(0);

    const token = (raw: Buffer) => {
      if (status !== null) {
        const record = status;
        status = null;
        const path = raw.toString('utf8');
        // ":<modes...> <ids...> <status>": one colon per parent; the last mode and id are the new side.
        const colons = record.length - record.replace(/^:+/, '').length;
        const fields = record.slice(colons).split(' ');
        const mode = fields[colons];
        const blob = fields[2 * colons + 1];
        if (!blob || ZERO.test(blob) || !REGULAR_FILE.has(mode)) return;
        if (!wanted(path)) return;
        blobVersions++;
        if (seen.has(blob)) return;
        seen.add(blob);
        introductions.push({ blob, path, commit, authorDate, order });
        return;
      }
      let text = raw.toString('utf8');
      if (text.startsWith('\n')) text = text.replace(/^\n+/, '');
      if (text.length === 0) return;
      if (text.charCodeAt(0) === 1) {
        const tab = text.indexOf('\t');
        commit = text.slice(1, tab);
        authorDate = text.slice(tab + 1).trim();
        order++;
        commits++;
        return;
      }
      if (text.startsWith(':')) status = text;
    };

    child.stdout.on('data', (chunk: Buffer) => {
      const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let i = buf.indexOf(0, start); i >= 0; i = buf.indexOf(0, start)) {
        token(buf.subarray(start, i));
        start = i + 1;
      }
      rest = Buffer.from(buf.subarray(start));
    });
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 4000) stderr += c.toString();
    });
    child.on('error', (err) => reject(new UsageError(`cannot run git: ${err.message}`)));
    child.on('close', (code) => {
      if (rest.length) token(rest);
      if (code !== 0) reject(new UsageError(`git log failed in ${root}: ${stderr.split('\n')[0] || `exit ${code}`}`));
      else resolvePromise({ commits, blobVersions, introductions });
    });
  });
}
