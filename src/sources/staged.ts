import type { AgentGuardConfig } from '../core/config.js';
import { fileFilter, type ScanInput } from './working-tree.js';
import { UsageError } from '../core/errors.js';
import { BlobReader, type BlobAnswer } from './blobs.js';
import { git, type ScanRoot } from './discover.js';
import { decodeText, formatBytes, type ReadResult } from './read.js';

/** One entry of the git index (stage 0) or of a diff against it. */
export interface IndexEntry {
  path: string;
  mode: string;
  oid: string;
}

const REGULAR_FILE = new Set(['100644', '100755']);

function splitZ(buf: Buffer): string[] {
  const parts = buf.toString('utf8').split('\0');
  if (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function mustGit(root: string, args: string[], what: string): Buffer {
  const r = git(root, args);
  if (!r.ok) throw new UsageError(`${what} failed in ${root}: ${r.stderr.split('\n')[0] || `git ${args[0]} exited non-zero`}`);
  return r.stdout;
}

export function hasHead(root: string): boolean {
  return git(root, ['rev-parse', '--verify', '-q', 'HEAD^{commit}']).ok;
}

/**
 * Every stage-0 entry of the index (`git ls-files -s -z`), or only those at or under `paths` (literal
 * root-relative pathspecs, so the cost follows the paths asked for, not the repository); conflicted
 * entries (stages 1-3) are left out.
 */
export function listIndex(root: string, paths?: string[]): IndexEntry[] {
  const out: IndexEntry[] = [];
  const whole = !paths || paths.some((p) => p === '' || p === '.') || paths.reduce((n, p) => n + p.length + 1, 0) > 100_000;
  const args = whole ? ['ls-files', '-s', '-z'] : ['--literal-pathspecs', 'ls-files', '-s', '-z', '--', ...paths];
  for (const rec of splitZ(mustGit(root, args, 'git ls-files'))) {
    // "<mode> <oid> <stage>\t<path>"
    const tab = rec.indexOf('\t');
    const [mode, oid, stage] = rec.slice(0, tab).split(' ');
    if (stage !== '0') continue;
    out.push({ path: rec.slice(tab + 1), mode, oid });
  }
  return out;
}

/** Paths in the index (each once, conflicted ones included), without modes or ids: cheaper than listIndex. */
export function indexPaths(root: string): string[] {
  return splitZ(mustGit(root, ['ls-files', '-z', '--cached', '--deduplicate'], 'git ls-files'));
}

/**
 * Files staged in this commit: added, copied, modified or type-changed in the index relative to HEAD
 * (renames count as additions of the new path), or everything in the index before the first commit.
 * One `git diff-index` (plumbing: no user diff config applies); deletions have nothing to scan.
 */
export function listStagedChanges(root: string): IndexEntry[] {
  const diff = git(root, ['diff-index', '--cached', '-z', '--no-renames', '--diff-filter=ACMT', 'HEAD', '--']);
  if (!diff.ok) {
    if (!hasHead(root)) return listIndex(root); // first commit: everything staged is new
    throw new UsageError(`git diff-index failed in ${root}: ${diff.stderr.split('\n')[0]}`);
  }
  const recs = splitZ(diff.stdout);
  const out: IndexEntry[] = [];
  for (let i = 0; i + 1 < recs.length; i += 2) {
    // ":<old mode> <new mode> <old oid> <new oid> <status>" then the path
    const [, mode, , oid] = recs[i].slice(1).split(' ');
    out.push({ path: recs[i + 1], mode, oid });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Does `path` lie at or under one of the root-relative `prefixes` ('' = everything)? */
export function underAny(path: string, prefixes: string[] | undefined): boolean {
  if (!prefixes) return true;
  return prefixes.some((p) => p === '' || path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`));
}

function answerToRead(path: string, answer: BlobAnswer, maxFileSize: number): ReadResult {
  if ('missing' in answer) return { skipped: 'blob missing from the object database' };
  if ('tooLarge' in answer)
    return { skipped: `larger than the size cap (${formatBytes(answer.tooLarge)} > ${formatBytes(maxFileSize)}; raise maxFileSize to scan it)` };
  return decodeText(path, answer.bytes, maxFileSize);
}

export interface StagedOptions {
  /**
   * Root-relative paths (files or directories) to scan from the index, whatever HEAD holds — what the
   * pre-commit framework passes. Without them, only the files staged in this commit are scanned.
   */
  paths?: string[];
}

/**
 * The staged content as a scan input: entries load index blobs (not the working tree, so an unstaged
 * fix is not believed and a key deleted from disk but still staged is caught), and cross-file rules see
 * the index through the repository view. All blobs come from one `git cat-file --batch` process.
 * GIT_INDEX_FILE is honoured (git sets it for `git commit -a` and `git commit <path>`).
 */
export function stagedInput(root: ScanRoot, config: AgentGuardConfig, options: StagedOptions = {}): ScanInput & { close(): void } {
  if (!root.isGit) throw new UsageError(`--staged needs a git repository (${root.root} is not in one)`);
  const reader = new BlobReader(root.root);
  const wanted = fileFilter(config);
  let all: Promise<string[]> | undefined;

  const selected = options.paths ? listIndex(root.root, options.paths).filter((e) => underAny(e.path, options.paths)) : listStagedChanges(root.root);
  const entries = selected
    .filter((e) => REGULAR_FILE.has(e.mode) && wanted(e.path))
    .map((e) => ({ path: e.path, load: async () => answerToRead(e.path, await reader.read(e.oid, config.maxFileSize), config.maxFileSize) }));

  return {
    root,
    entries,
    skipped: [],
    close: () => reader.close(),
    repository: {
      // Only what rules ask for: paths through one `git ls-files`, contents as `:0:<path>` (stage 0 of the index).
      allPaths: () => (all ??= Promise.resolve(indexPaths(root.root))),
      read: async (path) => {
        const answer = await reader.read(`:0:${path}`, config.maxFileSize);
        return 'missing' in answer ? null : answerToRead(path, answer, config.maxFileSize);
      },
    },
  };
}
