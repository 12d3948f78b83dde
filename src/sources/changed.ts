import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentGuardConfig } from '../core/config.js';
import { workingTreeInput, type ScanInput } from './working-tree.js';
import { UsageError } from '../core/errors.js';
import { git, type ScanRoot } from './discover.js';
import { hasHead, underAny } from './staged.js';

function splitZ(buf: Buffer): string[] {
  return buf
    .toString('utf8')
    .split('\0')
    .filter((s) => s.length > 0);
}

/**
 * Root-relative paths of the files that differ from REF: committed since the merge base of REF and
 * HEAD, staged or unstaged in the working tree, plus untracked files that are not ignored. Deleted
 * files have nothing to scan and are left out.
 */
export function changedPaths(root: string, ref: string): string[] {
  if (ref.startsWith('-')) throw new UsageError(`--changed-since: "${ref}" is not a revision`);
  const commit = git(root, ['rev-parse', '--verify', '-q', '--end-of-options', `${ref}^{commit}`]);
  if (!commit.ok) throw new UsageError(`--changed-since: unknown revision "${ref}" in ${root} (fetch it first, e.g. git fetch origin ${ref})`);
  let base = commit.stdout.toString().trim();
  if (hasHead(root)) {
    const mb = git(root, ['merge-base', base, 'HEAD']);
    if (mb.ok && mb.stdout.toString().trim()) base = mb.stdout.toString().trim();
  }
  const diff = git(root, ['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', '--diff-filter=ACMT', base, '--']);
  if (!diff.ok) throw new UsageError(`git diff failed in ${root}: ${diff.stderr.split('\n')[0]}`);
  const untracked = git(root, ['ls-files', '-z', '--others', '--exclude-standard']);
  if (!untracked.ok) throw new UsageError(`git ls-files failed in ${root}: ${untracked.stderr.split('\n')[0]}`);
  return [...new Set([...splitZ(diff.stdout), ...splitZ(untracked.stdout)])].sort();
}

/** The working-tree files changed since REF (optionally only under `paths`), as a scan input. */
export function changedInput(root: ScanRoot, config: AgentGuardConfig, ref: string, paths?: string[]): ScanInput {
  if (!root.isGit) throw new UsageError(`--changed-since needs a git repository (${root.root} is not in one)`);
  const files = changedPaths(root.root, ref)
    .filter((p) => underAny(p, paths))
    .map((p) => join(root.root, p))
    .filter((abs) => {
      try {
        lstatSync(abs);
        return true;
      } catch {
        return false;
      }
    });
  return workingTreeInput(root, files, config);
}
