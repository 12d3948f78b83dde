// What the benchmarks share: the environment git and agent-guard run with, a git helper, a timed runner
// and the median.
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The CLI to measure: AGENT_GUARD_BIN, else this checkout's bin/agent-guard.js (which runs dist/cli.js). */
export function agentGuardBin() {
  return resolve(process.env.AGENT_GUARD_BIN ?? join(project, 'bin', 'agent-guard.js'));
}

/** The environment of every command a benchmark runs: a fixed git identity, no system or user git config. */
export const BENCH_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};
// Set when the benchmark itself runs from a git hook; they would point git at another repository.
delete BENCH_ENV.GIT_INDEX_FILE;
delete BENCH_ENV.GIT_DIR;

/** Run git in `cwd` (stdin from `input`), returning stdout as text; throws when git fails. */
export function git(cwd, args, input) {
  return execFileSync('git', args, { cwd, env: BENCH_ENV, input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}

/**
 * Run a command and time it (wall seconds). Throws unless it exits with one of `ok` (default 0).
 * `output` is stdout then stderr; `fds` holds every captured stream (for an extra fd given in `stdio`).
 */
export function timed(cmd, args, { cwd, env = BENCH_ENV, stdio = 'pipe', ok = [0] } = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env, stdio, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.error) throw r.error;
  if (!ok.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stdout ?? ''}${r.stderr ?? ''}`);
  return { seconds, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', output: `${r.stdout ?? ''}${r.stderr ?? ''}`, fds: r.output };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const ms = (s) => `${Math.round(s * 1000)} ms`;
