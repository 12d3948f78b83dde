import { lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { FailOn } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { trimChar } from '../core/text.js';

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
  /**
   * Code scanning category of this scan (upload-sarif's `category`, the SARIF run's automationDetails.id).
   * '' = derived from `path` (see defaultCategory), so two scans of different paths do not collide.
   */
  category: string;
  /** Upload the SARIF report and the full text report as a workflow artifact. */
  uploadArtifact: boolean;
  /** Longest wait before retrying a GitHub API call that hit a rate limit, in milliseconds. */
  rateLimitMaxWaitMs: number;
  baseline: string;
  githubToken: string;
  /**
   * Which commits are scanned for secrets besides the working tree: 'auto' = the pull request's commits
   * on pull_request events, the pushed commits on push events, none otherwise.
   */
  history: HistoryMode;
  /** Reuse the results of unchanged files from the scan cache (restored and saved by actions/cache). */
  cache: boolean;
  /** The cache file ('' = `$RUNNER_TEMP/agent-guard-cache/<category>.json`). */
  cacheLocation: string;
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

/** Default of the `rate-limit-max-wait` input, in seconds (a primary limit further away is not waited out). */
export const DEFAULT_RATE_LIMIT_MAX_WAIT_S = 120;

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = rawInput(env, name);
  if (v === '') return fallback;
  if (!/^\d+(\.\d+)?$/.test(v)) throw new UsageError(`input "${name}" must be a number of seconds, 0 or more (got "${v}")`);
  return Number(v);
}

/**
 * The code scanning category of a scan of `path` (relative to the workspace): `agent-guard` for the whole
 * workspace, `agent-guard/<path>` otherwise (normalized: no `./`, no trailing `/`, `/` separators), so each
 * path of a monorepo has its own alerts and one upload does not close the other's.
 */
export function defaultCategory(path: string): string {
  const parts = path
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(p);
  }
  return out.length ? `agent-guard/${out.join('/')}` : 'agent-guard';
}

/**
 * The name of the workflow artifact of a scan: its category with the characters an artifact name may not
 * hold (`/ \\ : * ? " < > |` and line breaks) replaced by `-` (`agent-guard`, `agent-guard-packages-api`).
 */
export function artifactNameOf(category: string): string {
  return trimChar(category.replace(/[/\\:*?"<>|\r\n]+/g, '-'), '-') || 'agent-guard';
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
    category: rawInput(env, 'category'),
    uploadArtifact: bool(env, 'upload-artifact', true),
    rateLimitMaxWaitMs: seconds(env, 'rate-limit-max-wait', DEFAULT_RATE_LIMIT_MAX_WAIT_S) * 1000,
    baseline: rawInput(env, 'baseline'),
    githubToken: rawInput(env, 'github-token'),
    history: history as HistoryMode,
    cache: bool(env, 'cache', false),
    cacheLocation: rawInput(env, 'cache-location'),
  };
}

/** How an input names a file: one to read (it must exist), or one the Action writes (the SARIF report). */
export type WorkspacePathMode = 'read' | 'write';

function realWorkspaceOf(workspace: string): string {
  try {
    return realpathSync(workspace);
  } catch {
    throw new UsageError(`the workspace ${workspace} does not exist`);
  }
}

function leaves(realWorkspace: string, real: string): boolean {
  const rel = relative(realWorkspace, real);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

/**
 * A path input (`path`, `config`, `baseline`, `sarif-file`) as an absolute path inside the workspace.
 * Symlinks are resolved first: a link added by a pull request (`linkdir -> /`, `cfg.yml -> ~/.ssh/x`)
 * must not make the Action read, report on, or write files outside the repository.
 * - 'read': the path must exist and resolve inside GITHUB_WORKSPACE.
 * - 'write': its parent directory must exist and resolve inside GITHUB_WORKSPACE, and the target, when
 *   it exists as a symlink, must resolve inside too (a dangling link is refused).
 * Throws a UsageError naming the input (the step fails with it, before scanning). Returns
 * `resolve(workspace, value)`, with the symlinks kept, as the rest of the Action names files.
 */
export function resolveWorkspacePath(workspace: string, input: string, value: string, mode: WorkspacePathMode = 'read'): string {
  const abs = resolve(workspace, value);
  const outside = (why: string) => new UsageError(`input "${input}": ${value} is outside the workspace (${why})`);
  if (mode === 'read') {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      throw new UsageError(`input "${input}": ${value} does not exist in the workspace`);
    }
    if (leaves(realWorkspaceOf(workspace), real)) throw outside(`it resolves to a ${input === 'path' ? 'directory' : 'file'} outside GITHUB_WORKSPACE`);
    return abs;
  }
  let realParent: string;
  try {
    realParent = realpathSync(dirname(abs));
  } catch {
    throw new UsageError(`input "${input}": the directory of ${value} does not exist in the workspace`);
  }
  const realWorkspace = realWorkspaceOf(workspace);
  if (leaves(realWorkspace, realParent)) throw outside('its directory resolves to a directory outside GITHUB_WORKSPACE');
  let link = false;
  try {
    link = lstatSync(abs).isSymbolicLink();
  } catch {
    // Not there yet: it is created inside the (confined) directory.
  }
  if (link) {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      throw outside('it is a symlink that leads nowhere, or outside GITHUB_WORKSPACE');
    }
    if (leaves(realWorkspace, real)) throw outside('it is a symlink leading outside GITHUB_WORKSPACE');
  }
  return abs;
}

/**
 * The `path` input as an absolute path inside the workspace (see resolveWorkspacePath). Throws a
 * UsageError (the step fails with it) when the path does not exist or resolves outside GITHUB_WORKSPACE.
 */
export function resolveScanPath(workspace: string, path: string): string {
  return resolveWorkspacePath(workspace, 'path', path, 'read');
}
