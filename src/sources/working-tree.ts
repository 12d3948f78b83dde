/**
 * What a scan reads: the files to scan (each with its loader) and the repository view rules use for
 * cross-file context. The working tree is the default source; staged blobs, changed files and history
 * blobs build the same ScanInput.
 */
import { resolve } from 'node:path';
import picomatch from 'picomatch';
import type { AgentGuardConfig } from '../core/config.js';
import type { SkippedFile } from '../core/types.js';
import { discoverFiles, fileInsideRoot, type ScanRoot } from './discover.js';
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
  return {
    allPaths: async () => (paths ??= listAll()),
    // Paths come from rules and from the config (a payload schema): never read outside the repository.
    read: async (path) => {
      const abs = fileInsideRoot(root, path);
      return abs ? readSource(path, abs, config.maxFileSize) : null;
    },
  };
}

export function workingTreeInput(root: ScanRoot, paths: string[], config: AgentGuardConfig): ScanInput {
  const discovery = discoverFiles(root, paths);
  const wanted = fileFilter(config);
  const kept = discovery.files.filter((f) => wanted(f.path));
  const entries = kept.map((f) => ({ path: f.path, absPath: f.absPath, load: () => readSource(f.path, f.absPath, config.maxFileSize) }));
  return {
    root,
    entries,
    excluded: discovery.files.length - kept.length,
    ...(discovery.dependencyFiles ? { dependencyFiles: discovery.dependencyFiles } : {}),
    skipped: discovery.skipped.filter((s) => wanted(s.path)),
    // A scan of the whole root has listed every path already: the rules' list is that one (no second git ls-files).
    repository:
      paths.length === 1 && resolve(paths[0]) === resolve(root.root)
        ? workingTreeView(root.root, config, () => discovery.files.map((f) => f.path))
        : workingTreeRepository(root, config),
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
