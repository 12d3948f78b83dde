// Pre-commit hook benchmark: wall time of the plain git hook (hooks/pre-commit → agent-guard scan
// --staged) for commits of 1, 10 and 100 staged files, in a synthetic agent repository of 10,000 files
// and, to show the time does not grow with the rest of the repository, in one of 100 files. Then, when
// the `pre-commit` program is installed, the first-run cost of the pre-commit framework hook
// (`language: script`: clone, no npm install) and its warm run time.
//
//   node bench/hook.mjs                      median of BENCH_RUNS (default 9) runs each
//   AGENT_GUARD_BIN=/path/bin/agent-guard.js measure another build (default: bin/agent-guard.js → dist/cli.js)
//   BENCH_REPO_FILES=10000                   size of the large repository
//   BENCH_JSON=FILE                          also write the figures as JSON
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRepository } from './lib/generate.mjs';
import { agentGuardBin, BENCH_ENV, git as gitIn, median, ms, timed as run } from './lib/run.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const project = resolve(here, '..');
const bin = agentGuardBin();
const hook = join(project, 'hooks', 'pre-commit');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const LARGE = Number(process.env.BENCH_REPO_FILES ?? 10000);
const STAGED = [1, 10, 100];

const env = { ...BENCH_ENV, NO_COLOR: '1', AGENT_GUARD: `${process.execPath} ${bin}` };

const git = (cwd, ...args) => gitIn(cwd, args);
// Exit 1 (a commit blocked by findings: the generated repository has some) is a result to time, not a failure.
const timed = (cmd, args, cwd, extraEnv = {}) => run(cmd, args, { cwd, env: { ...env, ...extraEnv }, ok: [0, 1] });

function makeRepo(root, count) {
  generateRepository(root, count, 7);
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'synthetic repository');
  return git(root, 'ls-files', '-z').split('\0').filter(Boolean);
}

/** A line that keeps the file valid: a comment where the language has one, else trailing whitespace. */
function edit(path, run) {
  if (/\.(py|ya?ml|toml|sh|md)$/.test(path)) return `\n# edit ${run}\n`;
  if (/\.[cm]?[jt]sx?$/.test(path)) return `\n// edit ${run}\n`;
  return '\n'.repeat(run + 1);
}

/** CPU seconds (user + sys) of the hook and everything it ran, from the shell's `times` builtin. */
function cpuOf(output) {
  const line = output.trim().split('\n').pop();
  const secs = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return secs.length === 2 ? secs[0] + secs[1] : NaN;
}

/** Stage `n` modified files (different ones each run), time the hook, then restore the index and tree. */
function hookRuns(root, files, n, extraEnv = {}) {
  const times = [];
  const cpu = [];
  let last = '';
  for (let run = 0; run < RUNS; run++) {
    const chosen = Array.from({ length: n }, (_, i) => files[(run * n + i) % files.length]);
    for (const f of chosen) appendFileSync(join(root, f), edit(f, run));
    git(root, 'add', '--', ...chosen);
    const staged = git(root, 'diff', '--cached', '--name-only').trim().split('\n').length;
    if (staged !== n) throw new Error(`expected ${n} staged files, found ${staged}`);
    const r = timed('sh', ['-c', 'sh "$0" >/dev/null 2>&1; s=$?; times; exit $s', hook], root, extraEnv);
    times.push(r.seconds);
    cpu.push(cpuOf(r.output));
    last = timed('sh', [hook], root, extraEnv).output.trim().split('\n').pop(); // the report line, outside the timing
    git(root, 'reset', '-q');
    git(root, 'checkout', '-q', '--', '.');
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), cpu: median(cpu), last };
}

const work = mkdtempSync(join(tmpdir(), 'agent-guard-bench-hook-'));
const results = { node: process.version, bin, runs: RUNS, hook: {}, preCommit: null };
try {
  console.log(`agent-guard pre-commit hook benchmark (${bin}), median of ${RUNS} runs, node ${process.version}`);
  console.log(
    `  load average ${(await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${(await import('node:os')).cpus().length} CPUs (wall time suffers under load; CPU time does not)`,
  );
  // The same runs with only the secret/* rules: the staged-blob machinery (git, cat-file, reporting)
  // without the parse and cross-file work of the code rules, to tell the two costs apart.
  const rules = JSON.parse(execFileSync(process.execPath, [bin, 'rules', '--format', 'json'], { env }).toString());
  const secretOnly = join(work, 'secret-only.yml');
  writeFileSync(
    secretOnly,
    `rules:\n${rules
      .filter((r) => r.family !== 'secret')
      .map((r) => `  ${r.id}: off\n`)
      .join('')}`,
  );
  const repos = {};
  for (const size of [LARGE, 100]) repos[size] = makeRepo(join(work, `repo-${size}`), size);
  for (const [label, extraEnv] of [
    ['all rules', {}],
    ['secret/* only', { AGENT_GUARD_ARGS: `--config ${secretOnly}` }],
  ]) {
    console.log(`  ${label}:`);
    for (const size of [LARGE, 100]) {
      const root = join(work, `repo-${size}`);
      (results.hook[label] ??= {})[size] = {};
      for (const n of STAGED) {
        const r = hookRuns(root, repos[size], n, extraEnv);
        results.hook[label][size][n] = r;
        console.log(
          `    repo ${String(size).padStart(6)} files, ${String(n).padStart(3)} staged: median ${ms(r.median)} (min ${ms(r.min)}, max ${ms(r.max)}; CPU ${ms(r.cpu)})  [${r.last}]`,
        );
      }
    }
  }

  const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (preCommit.status === 0) {
    // A release-like hook repository: bin/ + dist/ next to it + the hook manifest.
    const hookRepo = join(work, 'agent-guard');
    for (const f of ['bin', 'hooks', '.pre-commit-hooks.yaml', 'package.json']) cpSync(join(project, f), join(hookRepo, f), { recursive: true });
    cpSync(join(dirname(bin), '..', 'dist'), join(hookRepo, 'dist'), { recursive: true });
    git(hookRepo, 'init', '-q', '-b', 'main');
    git(hookRepo, 'add', '-A');
    git(hookRepo, 'commit', '-q', '-m', 'release');
    const rev = git(hookRepo, 'rev-parse', 'HEAD').trim();
    const root = join(work, `repo-${LARGE}`);
    writeFileSync(join(root, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: agent-guard\n`);
    const home = join(work, 'pre-commit-home');
    const files = git(root, 'ls-files', '-z')
      .split('\0')
      .filter((p) => p.endsWith('.py'));
    const install = timed('pre-commit', ['install-hooks'], root, { PRE_COMMIT_HOME: home });
    const warm = [];
    for (let run = 0; run < RUNS; run++) {
      const chosen = files.slice(run * 10, run * 10 + 10);
      for (const f of chosen) appendFileSync(join(root, f), edit(f, run));
      git(root, 'add', '--', ...chosen, '.pre-commit-config.yaml');
      warm.push(timed('pre-commit', ['run'], root, { PRE_COMMIT_HOME: home }).seconds);
      git(root, 'reset', '-q');
      git(root, 'checkout', '-q', '--', '.');
    }
    results.preCommit = { version: preCommit.stdout.trim(), install: install.seconds, run10: median(warm) };
    console.log(
      `  ${preCommit.stdout.trim()} (language: script): first-run install ${ms(install.seconds)} (pre-commit install-hooks, empty cache: clone only, no npm install)`,
    );
    console.log(`  pre-commit run, ${LARGE}-file repo, 10 staged files: median ${ms(median(warm))}`);
  } else {
    console.log('  pre-commit not installed: framework figures skipped');
  }
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2) + '\n');
} finally {
  if (existsSync(work)) rmSync(work, { recursive: true, force: true });
}
