/**
 * What a scan reads: the files to scan (each with its loader) and the repository view rules use for
 * cross-file context. The working tree is the default source; staged blobs, changed files and history
 * blobs build the same ScanInput.
 */
import { join, resolve } from 'node:path';
import picomatch from 'picomatch';
import type { AgentGuardConfig } from '../core/config.js';
import type { SkippedFile } from '../core/types.js';
import { discoverFiles, fileInsideRoot, realpathOrNull, type ScanRoot } from './discover.js';
import { readSource, type ReadResult } from './read.js';

/** One file to scan: its root-relative path and a loader (working tree, index blob, history blob...). */
export interface ScanEntry {
  path: string;
  /** The file on disk, for an entry of the working tree (a worker thread reads it from there). */
  absPath?: string;
  load(): Promise<ReadResult>;
}

/** The repository as rules see it for cross-file context (imports, schemas): the working tree by default. */
export interface RepositoryView {
  allPaths(): Promise<string[]>;
  read(path: string): Promise<ReadResult | null>;
}

export interface ScanInput {
  root: ScanRoot;
  entries: ScanEntry[];
  skipped: SkippedFile[];
  repository: RepositoryView;
  /** Files left out by the config's include/exclude globs (reported so an empty scan is not a mystery). */
  excluded?: number;
  /** Files in node_modules/ folders left out as installed dependencies. */
  dependencyFiles?: number;
}

export function workingTreeView(root: string, config: AgentGuardConfig, listAll: () => string[]): RepositoryView {
  let paths: string[] | undefined;
  let realRoot: string | undefined;
  return {
    allPaths: async () => (paths ??= listAll()),
    // Paths come from rules and from the config (a payload schema): never read outside the repository.
    read: async (path) => {
      realRoot ??= realpathOrNull(root) ?? root;
      const abs = fileInsideRoot(root, path, realRoot);
      return abs ? readSource(path, abs, config.maxFileSize) : null;
    },
  };
}

/**
 * A working-tree file to scan. A scan holds one per file for its whole length, so it holds only the path and
 * a reference to what every entry shares: where the file is on disk is worked out when asked for (a closure
 * and an absolute path per file cost about 200 bytes each, 10 MB on a 50,000-file repository).
 */
class WorkingTreeEntry implements ScanEntry {
  constructor(
    readonly path: string,
    private readonly from: { root: string; maxFileSize: number },
  ) {}

  get absPath(): string {
    return join(this.from.root, this.path);
  }

  load(): Promise<ReadResult> {
    return readSource(this.path, this.absPath, this.from.maxFileSize);
  }
}

export function workingTreeInput(root: ScanRoot, paths: string[], config: AgentGuardConfig): ScanInput {
  const discovery = discoverFiles(root, paths);
  const wanted = fileFilter(config);
  const from = { root: root.root, maxFileSize: config.maxFileSize };
  const entries: ScanEntry[] = [];
  for (const f of discovery.files) if (wanted(f.path)) entries.push(new WorkingTreeEntry(f.path, from));
  // A scan of the whole root has listed every path already: the rules' list is that one (no second git
  // ls-files). Only the paths are kept, not the discovered files (their absolute paths).
  const listed = paths.length === 1 && resolve(paths[0]) === resolve(root.root) ? discovery.files.map((f) => f.path) : undefined;
  return {
    root,
    entries,
    excluded: discovery.files.length - entries.length,
    ...(discovery.dependencyFiles ? { dependencyFiles: discovery.dependencyFiles } : {}),
    skipped: discovery.skipped.filter((s) => wanted(s.path)),
    repository: listed ? workingTreeView(root.root, config, () => listed) : workingTreeRepository(root, config),
  };
}

/** The working tree as rules see it: every file of the repository, listed when first asked for. */
export function workingTreeRepository(root: ScanRoot, config: AgentGuardConfig): RepositoryView {
  return workingTreeView(root.root, config, () => discoverFiles(root, [root.root]).files.map((f) => f.path));
}

/** include/exclude globs of the config, relative to the root. */
export function fileFilter(config: AgentGuardConfig): (path: string) => boolean {
  const include = config.include.length ? picomatch(config.include, { dot: true }) : () => true;
  const exclude = config.exclude.length ? picomatch(config.exclude, { dot: true }) : () => false;
  return (p) => include(p) && !exclude(p);
}
