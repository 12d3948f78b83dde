import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { git } from '../../helpers/repo.js';
// @ts-expect-error plain ESM script without types
import { BUNDLE_OPTIONS } from '../../../scripts/bundle-options.mjs';

export const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..', '..');

export interface ActionYml {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
  branding?: { icon: string; color: string };
}

export interface ActionStep {
  id?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  'continue-on-error'?: boolean;
}

export function readActionYml(dir = ROOT): ActionYml {
  return parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as ActionYml;
}

/**
 * Build the Action as it ships: scripts/build.mjs into `<actionDir>/dist`, action.yml beside it, plus
 * `dist/action-probes.js` (the same Action with test probe rules, see fixtures/probe-entry.ts). The
 * directory has no node_modules: the bundle must be self-contained.
 */
export async function buildAction(actionDir: string): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', join(actionDir, 'dist')], { cwd: ROOT, stdio: 'pipe' });
  copyFileSync(join(ROOT, 'action.yml'), join(actionDir, 'action.yml'));
  await build({
    absWorkingDir: ROOT,
    entryPoints: { 'action-probes': 'test/action/fixtures/probe-entry.ts' },
    outdir: join(actionDir, 'dist'),
    ...BUNDLE_OPTIONS,
    logLevel: 'error',
  });
}

export interface RunActionOptions {
  actionDir: string;
  workspace: string;
  /** Values for `${{ inputs.x }}`; unset inputs take action.yml's default. */
  inputs?: Record<string, string>;
  eventName?: string;
  eventPath?: string;
  apiUrl?: string;
  sha?: string;
  /** Run dist/<bundle> instead of dist/action.js (the step's script is rewritten accordingly). */
  bundle?: string;
  env?: Record<string, string>;
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** The environment the step ran with (as action.yml's composite step builds it). */
  env: Record<string, string>;
  /**
   * The `uses:` steps after the scan step (upload-sarif, upload-artifact), not run here: whether their
   * `if:` holds after this scan, and their `with:` as the runner would pass it.
   */
  next: { uses: string; id?: string; runs: boolean; with: Record<string, string> }[];
}

/** The value of `inputs.x`, `steps.scan.outputs.x` or `github.token` as the runner gives it to a composite step. */
function valueOf(expr: string, inputs: Record<string, string>, yml: ActionYml, outputs?: Record<string, string>): string {
  const m = /^inputs\.([a-z0-9_-]+)$/.exec(expr);
  if (m) {
    if (!(m[1] in yml.inputs)) throw new Error(`action.yml references undeclared input ${m[1]}`);
    return m[1] in inputs ? inputs[m[1]] : expand(String(yml.inputs[m[1]].default ?? ''), inputs, yml);
  }
  const o = /^steps\.scan\.outputs\.([a-z0-9_-]+)$/.exec(expr);
  if (o && outputs) return outputs[o[1]] ?? '';
  if (expr === 'github.token') return 'test-token';
  throw new Error(`test runner cannot evaluate \${{ ${expr} }}`);
}

/** Substitute `${{ inputs.x }}`, `${{ github.token }}` (and, after the scan step, `${{ steps.scan.outputs.x }}`) as the runner does. */
export function expand(value: string, inputs: Record<string, string>, yml: ActionYml, outputs?: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => valueOf(expr, inputs, yml, outputs));
}

/**
 * A step's `if:` after a scan that was not cancelled: the conjunctions action.yml uses (`!cancelled()`,
 * `X == 'v'`, `X != 'v'`); anything else throws, so the test learns that action.yml outgrew it.
 */
export function condition(expr: string | undefined, inputs: Record<string, string>, yml: ActionYml, outputs: Record<string, string>): boolean {
  if (!expr) return true;
  const body = /^\$\{\{\s*([\s\S]+?)\s*\}\}$/.exec(expr.trim())?.[1] ?? expr;
  return body.split('&&').every((term) => {
    const t = term.trim();
    if (t === '!cancelled()') return true;
    const m = /^([a-z0-9_.-]+)\s*(==|!=)\s*'([^']*)'$/.exec(t);
    if (!m) throw new Error(`test runner cannot evaluate the condition ${t}`);
    const v = valueOf(m[1], inputs, yml, outputs);
    return m[2] === '==' ? v === m[3] : v !== m[3];
  });
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<DELIM\nvalue\nDELIM`. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]] = m[3];
  return out;
}

let counter = 0;

/** Run the `scan` step of action.yml with bash, with the environment the runner would give it. */
export async function runAction(o: RunActionOptions): Promise<ActionRun> {
  const yml = readActionYml(o.actionDir);
  const step = yml.runs.steps.find((s) => s.id === 'scan')!;
  const files = join(o.actionDir, 'runner', String(++counter));
  mkdirSync(files, { recursive: true });
  const summaryFile = join(files, 'step_summary.md');
  const outputFile = join(files, 'output.txt');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  // Rate-limit retries wait 50 ms at most here, unless the test says otherwise.
  const inputs = { 'rate-limit-max-wait': '0.05', ...o.inputs };
  const stepEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = expand(String(v), inputs, yml);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: files,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION_PATH: o.actionDir,
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_EVENT_NAME: o.eventName ?? 'push',
    ...(o.eventPath ? { GITHUB_EVENT_PATH: o.eventPath } : {}),
    GITHUB_REPOSITORY: 'acme/agents',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: o.apiUrl ?? 'http://127.0.0.1:9',
    GITHUB_SHA: o.sha ?? git(o.workspace, 'rev-parse', 'HEAD').trim(),
    GITHUB_RUN_ID: '4242',
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: files,
    ...stepEnv,
    ...(o.env ?? {}),
  };
  let script = step.run!;
  if (o.bundle) script = script.replace('/dist/action.js', `/dist/${o.bundle}`);
  const scriptFile = join(files, 'step.sh');
  writeFileSync(scriptFile, script);
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolvePromise) => {
    execFile('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile], { cwd: o.workspace, env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolvePromise({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
  const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
  const next = yml.runs.steps
    .filter((s) => s.uses)
    .map((s) => ({
      uses: s.uses!,
      ...(s.id ? { id: s.id } : {}),
      runs: condition(s.if, inputs, yml, outputs),
      with: Object.fromEntries(Object.entries(s.with ?? {}).map(([k, v]) => [k, expand(String(v), inputs, yml, outputs)])),
    }));
  return {
    code,
    stdout,
    stderr,
    outputs,
    summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '',
    env,
    next,
  };
}

/** Write a pull_request event payload (fixtures/pull_request.synchronize.json) for the given commits. */
export function writePullRequestEvent(path: string, o: { baseSha: string; headSha: string; fork?: boolean }): void {
  const template = readFileSync(join(ROOT, 'test/action/fixtures/pull_request.synchronize.json'), 'utf8');
  const text = template
    .replace(/__BASE_SHA__/g, o.baseSha)
    .replace(/__HEAD_SHA__/g, o.headSha)
    .replace(/__HEAD_OWNER__/g, o.fork ? 'contributor' : 'acme')
    .replace(/__HEAD_REPO_ID__/g, o.fork ? '555' : '100')
    .replace(/__HEAD_IS_FORK__/g, o.fork ? 'true' : 'false');
  writeFileSync(path, text);
}
