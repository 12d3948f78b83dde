import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { FailOn } from '../config/types.js';
import { UsageError } from '../core/errors.js';

/** The inputs of action.yml, read from the INPUT_* variables its composite step maps explicitly. */
export interface ActionInputs {
  path: string;
  config: string;
  failOn: FailOn;
  /** 'auto' = on pull_request events. */
  changedFilesOnly: boolean | 'auto';
  annotations: boolean;
  prReview: boolean | 'auto';
  sarifFile: string;
  uploadSarif: boolean;
  baseline: string;
  githubToken: string;
  /**
   * Which commits are scanned for secrets besides the working tree: 'auto' = the pull request's commits
   * on pull_request events, the pushed commits on push events, none otherwise.
   */
  history: HistoryMode;
}

export type HistoryMode = 'auto' | 'pr' | 'push' | 'full' | 'none';
export const HISTORY_MODES: readonly HistoryMode[] = ['auto', 'pr', 'push', 'full', 'none'];

/** `INPUT_GITHUB_TOKEN` (as action.yml maps it) or `INPUT_GITHUB-TOKEN` (as a JavaScript action would get it). */
export function rawInput(env: NodeJS.ProcessEnv, name: string): string {
  const upper = name.toUpperCase().replace(/ /g, '_');
  const v = env[`INPUT_${upper.replace(/-/g, '_')}`] ?? env[`INPUT_${upper}`] ?? '';
  return v.trim();
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const v = rawInput(env, name).toLowerCase();
  if (v === '') return fallback;
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new UsageError(`input "${name}" must be true or false (got "${v}")`);
}

function boolOrAuto(env: NodeJS.ProcessEnv, name: string): boolean | 'auto' {
  const v = rawInput(env, name).toLowerCase();
  return v === '' || v === 'auto' ? 'auto' : bool(env, name, false);
}

export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const failOn = (rawInput(env, 'fail-on') || 'error').toLowerCase();
  if (!['error', 'warning', 'note', 'never'].includes(failOn)) throw new UsageError(`input "fail-on" must be error, warning, note or never (got "${failOn}")`);
  const history = (rawInput(env, 'history') || 'auto').toLowerCase();
  if (!HISTORY_MODES.includes(history as HistoryMode)) {
    throw new UsageError(`input "history" must be auto, pr, push, full or none (got "${rawInput(env, 'history')}")`);
  }
  return {
    path: rawInput(env, 'path') || '.',
    config: rawInput(env, 'config'),
    failOn: failOn as FailOn,
    changedFilesOnly: boolOrAuto(env, 'changed-files-only'),
    annotations: bool(env, 'annotations', true),
    prReview: boolOrAuto(env, 'pr-review'),
    sarifFile: rawInput(env, 'sarif-file'),
    uploadSarif: bool(env, 'upload-sarif', false),
    baseline: rawInput(env, 'baseline'),
    githubToken: rawInput(env, 'github-token'),
    history: history as HistoryMode,
  };
}

/**
 * The `path` input as an absolute path inside the workspace. Symlinks are resolved first: a directory
 * link added by a pull request (`linkdir -> /`) must not make the Action scan, and report on, files
 * outside the repository. Throws a UsageError (the step fails with it) when the path does not exist or
 * resolves outside GITHUB_WORKSPACE.
 */
export function resolveScanPath(workspace: string, path: string): string {
  const abs = resolve(workspace, path);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    throw new UsageError(`input "path": ${path} does not exist in the workspace`);
  }
  let realWorkspace: string;
  try {
    realWorkspace = realpathSync(workspace);
  } catch {
    throw new UsageError(`the workspace ${workspace} does not exist`);
  }
  const rel = relative(realWorkspace, real);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new UsageError(`input "path": ${path} is outside the workspace (it resolves to a directory outside GITHUB_WORKSPACE)`);
  return abs;
}
