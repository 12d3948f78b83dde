import { relative, resolve } from 'node:path';
import type { AgentGuardConfig } from '../core/config.js';
import { applyBaseline, loadBaseline, type Baseline } from '../engine/baseline.js';
import { type ScanResult } from '../engine/engine.js';
import { workingTreeInput, type ScanInput } from '../sources/working-tree.js';
import { UsageError } from '../core/errors.js';
import { changedInput } from '../sources/changed.js';
import { leavesRoot, toPosix, type ScanRoot } from '../sources/discover.js';
import { stagedInput } from '../sources/staged.js';
import type { OptionSpec, ParsedArgs } from './options.js';
import type { CliIO } from './io.js';

/** `scan` flags choosing what is scanned (staged blobs, changed files) and the baseline to apply. */
export const SCAN_MODE_OPTIONS: OptionSpec = {
  staged: { type: 'boolean' },
  'changed-since': { type: 'string' },
  baseline: { type: 'string' },
};

export const SCAN_MODE_USAGE = `      --staged          scan the staged content (index blobs), not the working tree: the files staged
                        in this commit, or with PATH the index entries under PATH (pre-commit hooks)
      --changed-since REF
                        scan only files changed since the merge base of REF and HEAD (committed,
                        staged, unstaged or untracked)
      --baseline FILE   report only findings not listed in FILE (written by "agent-guard baseline");
                        entries that no longer match are reported as notes`;

export interface ScanPlan {
  /** Paths to hand to scan(): the first one locates the repository root. */
  rootPaths: string[];
  /** The files of the working tree are scanned (not staged blobs, not only changed files). */
  workingTree: boolean;
  input: (root: ScanRoot, config: AgentGuardConfig) => Promise<ScanInput>;
  /** Apply the baseline (if any) and release resources; call with the scan's result. */
  finish(result: ScanResult): ScanResult;
  /** What is scanned, in words (for --verbose). */
  describe(): string;
  /** Root-relative paths of the files the input held (after input() ran). */
  scannedPaths(): string[];
}

/**
 * Decide what `scan` reads from its flags. `paths` are absolute. With --staged the root is found from
 * the working directory (a staged path may no longer exist on disk). The baseline is loaded up front,
 * so a corrupt one fails before any scanning (exit 2).
 */
export function planScan(args: ParsedArgs, io: CliIO, paths: string[]): ScanPlan {
  const staged = Boolean(args.values.staged);
  const since = args.values['changed-since'] as string | undefined;
  if (staged && since !== undefined) throw new UsageError('--staged and --changed-since cannot be used together');
  if (since !== undefined && !since.trim()) throw new UsageError('--changed-since needs a revision (e.g. origin/main)');
  const baselinePath = args.values.baseline as string | undefined;
  const baseline: Baseline | undefined = baselinePath !== undefined ? loadBaseline(resolve(io.cwd, baselinePath)) : undefined;
  const explicit = args.positionals.length > 0;
  const rootPaths = staged ? [io.cwd] : paths;
  let scanned: string[] = [];
  let close = () => {};

  const relPaths = (root: ScanRoot): string[] | undefined => {
    if (!explicit) return undefined;
    return paths.map((p) => {
      const rel = toPosix(relative(root.root, p));
      if (leavesRoot(rel)) throw new UsageError(`path ${p} is outside the scanned repository ${root.root}`);
      return rel;
    });
  };

  return {
    rootPaths,
    workingTree: !staged && since === undefined,
    input: async (root, config) => {
      let input: ScanInput;
      if (staged) {
        const s = stagedInput(root, config, { paths: relPaths(root) });
        close = s.close;
        input = s;
      } else if (since !== undefined) {
        input = changedInput(root, config, since, relPaths(root));
      } else {
        input = workingTreeInput(root, paths, config);
      }
      scanned = input.entries.map((e) => e.path);
      return input;
    },
    finish(result) {
      close();
      return baseline ? applyBaseline(result, baseline, { scannedPaths: scanned }).result : result;
    },
    describe() {
      const where = explicit ? ` under ${args.positionals.join(', ')}` : '';
      const what = staged ? `the staged content${where}` : since !== undefined ? `files changed since ${since}${where}` : `the working tree${where}`;
      return baselinePath !== undefined ? `${what}, without the findings of baseline ${baselinePath}` : what;
    },
    scannedPaths: () => scanned,
  };
}
