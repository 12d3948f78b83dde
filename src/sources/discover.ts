import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../core/errors.js';

/** Where a scan is rooted: the git repository holding the first scanned path, else that directory. */
export interface ScanRoot {
  root: string;
  isGit: boolean;
}

/**
 * Settings prepended to every git command agent-guard runs: a scanned repository's own config must not
 * make git run programs (an fsmonitor hook runs on every index refresh, an external diff driver on
 * diffs; textconv is off with --no-textconv on the diff commands themselves; content filters are
 * switched off in the environment, see gitEnv). agent-guard never runs commit, checkout or add, so hooks
 * do not run (and core.hooksPath must stay readable: install-hook asks git where the hooks are).
 */
export const SAFE_GIT_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'diff.external='];

const filterOverrides = new Map<string, [string, string][]>();

/**
 * The repository's content filter drivers, switched off: a `filter.<name>.clean` / `process` command
 * runs whenever git compares a working-tree file with a blob (`git diff <rev> --`), and a smudge one on
 * checkout. Passed as GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n pairs, which no driver name can break out of
 * (a `-c` argument splits at the first `=`, and a name may contain one).
 */
function filterDriverOverrides(cwd: string): [string, string][] {
  const cached = filterOverrides.get(cwd);
  if (cached) return cached;
  const r = spawnSync('git', [...SAFE_GIT_CONFIG, 'config', '-z', '--get-regexp', '^filter\\.'], {
    cwd,
    maxBuffer: 1 << 24,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
  });
  const drivers = new Set<string>();
  for (const entry of (r.stdout ?? Buffer.alloc(0)).toString('utf8').split('\0')) {
    const key = entry.split('\n')[0];
    const lastDot = key.lastIndexOf('.');
    if (key.startsWith('filter.') && lastDot > 'filter.'.length) drivers.add(key.slice('filter.'.length, lastDot));
  }
  const pairs: [string, string][] = [...drivers].sort().flatMap((d): [string, string][] => [
    [`filter.${d}.clean`, ''],
    [`filter.${d}.smudge`, ''],
    [`filter.${d}.process`, ''],
    [`filter.${d}.required`, 'false'],
  ]);
  filterOverrides.set(cwd, pairs);
  return pairs;
}

/** The environment of every git call in `cwd`: no optional locks, and no filter program of the repository. */
export function gitEnv(cwd: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, GIT_OPTIONAL_LOCKS: '0' };
  const pairs = filterDriverOverrides(cwd);
  if (pairs.length === 0) return env;
  // Appended after any GIT_CONFIG_* pairs the caller's environment already carries.
  const start = Number.parseInt(base.GIT_CONFIG_COUNT ?? '0', 10) || 0;
  pairs.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${start + i}`] = key;
    env[`GIT_CONFIG_VALUE_${start + i}`] = value;
  });
  env.GIT_CONFIG_COUNT = String(start + pairs.length);
  return env;
}

export function git(cwd: string, args: string[], input?: string | Buffer): { ok: boolean; stdout: Buffer; stderr: string } {
  const r = spawnSync('git', [...SAFE_GIT_CONFIG, ...args], { cwd, input, maxBuffer: 1 << 30, env: gitEnv(cwd) });
  return { ok: r.status === 0, stdout: r.stdout ?? Buffer.alloc(0), stderr: r.stderr?.toString() ?? '' };
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

export function findRoot(scanPath: string): ScanRoot {
  const abs = resolve(scanPath);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new UsageError(`path not found: ${scanPath}`);
  }
  const dir = st.isDirectory() ? abs : resolve(abs, '..');
  const r = git(dir, ['rev-parse', '--show-toplevel']);
  if (r.ok) {
    const top = r.stdout.toString().trim();
    if (top) return refuseFilesystemRoot({ root: realpathSync(top), isGit: true }, scanPath);
  }
  return refuseFilesystemRoot({ root: realpathSync(dir), isGit: false }, scanPath);
}

/** `scan /` would walk every mounted filesystem (and /proc): refused, with the way out. */
function refuseFilesystemRoot(root: ScanRoot, scanPath: string): ScanRoot {
  if (dirname(root.root) !== root.root) return root;
  throw new UsageError(`refusing to scan the filesystem root (${scanPath} resolves to ${root.root}): scan a repository or a project directory instead`);
}

/** A file to scan, or an entry reported as skipped without being read. */
export interface DiscoveredFile {
  path: string; // root-relative, `/` separators
  absPath: string;
}

export interface Discovery {
  files: DiscoveredFile[];
  skipped: { path: string; reason: string }[];
  /** Files left out because they sit in a node_modules/ folder below a scanned directory (installed dependencies). */
  dependencyFiles: number;
}

/** Installed dependencies are not the repository's code: a node_modules/ folder inside a scanned directory is left out. */
const DEPENDENCY_DIR = /(^|\/)node_modules\//;

function splitZ(buf: Buffer): string[] {
  return buf
    .toString('utf8')
    .split('\0')
    .filter((s) => s.length > 0);
}

function isIgnored(root: string, relPath: string): boolean {
  return git(root, ['check-ignore', '-q', '--no-index', '--', relPath]).ok;
}

/** Tracked plus untracked-not-ignored files under `relDir` ('' for the whole repository). */
export function gitListFiles(root: string, relDir: string): string[] {
  const args = ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--deduplicate'];
  if (relDir) args.push('--', relDir);
  const r = git(root, args);
  if (!r.ok) throw new UsageError(`git ls-files failed in ${root}: ${r.stderr.split('\n')[0]}`);
  return splitZ(r.stdout);
}

function walk(root: string, absDir: string, out: string[], skipped: Discovery['skipped']): void {
  let entries;
  try {
    entries = readdirSync(absDir, { withFileTypes: true });
  } catch (err) {
    // An unreadable directory is reported, never silently dropped: its files were not scanned.
    skipped.push({ path: toPosix(relative(root, absDir)) || '.', reason: `directory cannot be listed (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name === '.git') continue;
    const abs = join(absDir, e.name);
    if (e.isDirectory()) walk(root, abs, out, skipped);
    else out.push(toPosix(relative(root, abs)));
  }
}

/**
 * Expand the scanned paths into files relative to `root`. A directory inside git lists through git;
 * a directory git ignores, or any directory outside git, is walked. Symlinks are never followed:
 * one that leaves the root is skipped with a reason, one inside it is left to its target.
 */
export function discoverFiles(root: ScanRoot, scanPaths: string[]): Discovery {
  const rels = new Set<string>();
  const dependencies = new Set<string>();
  const skipped: Discovery['skipped'] = [];
  for (const p of scanPaths) {
    const abs = resolve(p);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      throw new UsageError(`path not found: ${p}`);
    }
    let relTo = toPosix(relative(root.root, realpathOrSelf(abs)));
    if (leavesRoot(relTo)) relTo = toPosix(relative(root.root, abs));
    if (leavesRoot(relTo)) throw new UsageError(`path ${p} is outside the scanned repository ${root.root}`);
    if (!st.isDirectory() && !(st.isSymbolicLink() && statSafe(abs)?.isDirectory())) {
      rels.add(relTo);
      continue;
    }
    const list: string[] = [];
    if (root.isGit && !(relTo && isIgnored(root.root, relTo))) list.push(...gitListFiles(root.root, relTo));
    else walk(root.root, join(root.root, relTo), list, skipped);
    for (const f of list) {
      // Only below the scanned directory: `agent-guard scan node_modules/pkg` still scans that package.
      if (DEPENDENCY_DIR.test(relTo ? f.slice(relTo.length + 1) : f)) dependencies.add(f);
      else rels.add(f);
    }
  }
  const files: DiscoveredFile[] = [];
  for (const path of [...rels].sort()) {
    const absPath = join(root.root, path);
    let st;
    try {
      st = lstatSync(absPath);
    } catch {
      continue; // tracked but deleted in the working tree: nothing to scan
    }
    if (st.isSymbolicLink()) {
      const target = symlinkTarget(absPath);
      if (target === 'loop') skipped.push({ path, reason: 'symlink loop' });
      if (target === 'loop' || target === 'dangling') continue; // a dangling link has no content
      if (leavesRoot(toPosix(relative(root.root, target)))) skipped.push({ path, reason: `symlink leaves the repository (points to ${target})` });
      continue;
    }
    if (st.isDirectory()) continue; // a submodule: its own repository
    if (!st.isFile()) {
      skipped.push({ path, reason: `not a regular file (${st.isFIFO() ? 'FIFO' : st.isSocket() ? 'socket' : 'device'})` });
      continue;
    }
    files.push({ path, absPath });
  }
  for (const f of rels) dependencies.delete(f); // named by another scanned path
  return { files, skipped, dependencyFiles: dependencies.size };
}

/** True for a root-relative path that climbs out of the root (`..`, `../x`), not for names like `..env`. */
export function leavesRoot(rel: string): boolean {
  return rel === '..' || rel.startsWith('../') || isAbsolute(rel);
}

/**
 * The absolute path of `relPath` when it is a file inside `root`, symlinks resolved; null otherwise
 * (an absolute or `..` path, a symlink leading out, a missing file). `realRoot`: the root with its
 * symlinks resolved, when the caller knows it (a repository view asks for every file a rule reads).
 */
export function fileInsideRoot(root: string, relPath: string, realRoot = realpathOrNull(root) ?? root): string | null {
  if (isAbsolute(relPath)) return null;
  const abs = resolve(root, relPath);
  if (leavesRoot(toPosix(relative(root, abs)))) return null;
  const real = realpathOrNull(abs);
  if (real === null) return null;
  return leavesRoot(toPosix(relative(realRoot, real))) ? null : abs;
}

function statSafe(p: string) {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

// realpathSync.native: one realpath(3) call; the JS realpathSync lstats every component of the path
export function realpathOrNull(p: string): string | null {
  try {
    return realpathSync.native(p);
  } catch {
    return null;
  }
}

/** A symlink's target, or why it has none: `loop` (ELOOP) or `dangling`. */
function symlinkTarget(p: string): string | 'loop' | 'dangling' {
  try {
    return realpathSync(p);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ELOOP' ? 'loop' : 'dangling';
  }
}

function realpathOrSelf(p: string): string {
  return realpathOrNull(p) ?? p;
}
