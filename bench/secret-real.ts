/**
 * agent-guard's secret rules on real agent repositories, side by side with gitleaks and secretlint (issue 17:
 * "no false secret finding that a peer does not also make, with every finding triaged"). Per repository:
 * how many findings each scanner makes; then every agent-guard finding (path:line, rule, the masked value
 * as agent-guard's message shows it), what the peers report on the same line, and its triage verdict.
 *
 *   npm run bench:secret-real                                   # = esbuild bundle of this file, then run it
 *   node /tmp/secret-real-bench.mjs [REPO...]                   # owner+name of snapshots (default: the eight below)
 *   options: --mirror DIR (default $SECRET_REAL_MIRROR or /work/.mirror), --work DIR (extracted trees, default a
 *            temp dir; kept with --keep), --triage FILE (default bench/secret-real-triage.json), --json FILE,
 *            --gitleaks-cli PATH|off, --no-install, --gitleaks-max-files N (leave gitleaks out on larger trees:
 *            its wasm build needs more than 15 minutes for crewAI's 27,000 files on a shared 2-core machine)
 *
 * Each repository is a read-only snapshot (`fetch` github:<owner>/<name> leaves a bare git dir at
 * <mirror>/<owner>+<name>/repo); its HEAD is extracted with `git archive HEAD | tar -x` into the work dir.
 * Nothing of it is committed here. The scanners see the same tree:
 * - agent-guard: the engine in-process from src/ with every secret/* rule (default config), so a rule change
 *   shows without rebuilding dist/;
 * - secretlint: 12.0 core with the recommended preset as its users get it (default options: the private-key
 *   rule on, AWS id scanning off), over the files agent-guard's discovery lists;
 * - gitleaks: 8.28 npm wasm build (`gitleaks dir`, default config), as in bench/secret-peers.ts.
 *
 * The triage file maps `<owner+name>:<path>:<line>:<rule>` to `{ verdict, reason }` (verdict: true, false,
 * placeholder, test-fixture, …); a finding without an entry is listed as UNTRIAGED and the run exits 1. Keys
 * are never printed: agent-guard's messages mask them, and the peers' secrets are only counted.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve } from 'node:path';
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import { loadRootAndConfig, scan } from '../src/engine/engine.js';
import { secretRules } from '../src/families/secret/index.js';
import { workingTreeInput } from '../src/sources/working-tree.js';
import { gitleaksCli } from './lib/gitleaks-cli.js';

const DEFAULT_REPOS = [
  'mem0ai+mem0',
  'langchain-ai+langgraph',
  'openai+openai-agents-python',
  'microsoft+autogen',
  'crewAIInc+crewAI',
  'awslabs+mcp',
  'openai+openai-agents-js',
  'modelcontextprotocol+servers',
];

const argv = process.argv.slice(2);
const VALUED = new Set(['--mirror', '--work', '--triage', '--json', '--gitleaks-cli', '--gitleaks-max-files']);
function option(name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}
const flag = (name: string) => argv.includes(`--${name}`);
const positional = argv.filter((a, i) => !a.startsWith('--') && !VALUED.has(argv[i - 1] ?? ''));

interface LineHit {
  path: string;
  line: number;
  ruleId: string;
}
interface AgentGuardHit extends LineHit {
  message: string;
}
interface Triage {
  verdict: string;
  reason: string;
}

function extract(mirror: string, repo: string, work: string): { dir: string; commit: string } {
  const gitDir = join(mirror, repo, 'repo');
  if (!existsSync(gitDir)) throw new Error(`no snapshot at ${gitDir} (fetch github:${repo.replace('+', '/')})`);
  const commit = execFileSync('git', ['--git-dir', gitDir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const dir = join(work, repo);
  if (!existsSync(`${dir}.extracted`)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // A snapshot may list its largest blobs without holding them: leave those files out.
    const tree = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', 'HEAD'], { maxBuffer: 1 << 30 })
      .toString()
      .split('\0')
      .filter((l) => /^\d+ blob /.test(l))
      .map((l) => ({ sha: l.split(/\s/)[2], path: l.slice(l.indexOf('\t') + 1) }));
    const check = execFileSync('git', ['--git-dir', gitDir, 'cat-file', '--batch-check'], {
      input: tree.map((t) => t.sha).join('\n') + '\n',
      maxBuffer: 1 << 30,
    })
      .toString()
      .split('\n');
    const missing = tree.filter((_, i) => check[i]?.endsWith(' missing')).map((t) => `:(exclude,literal)${t.path}`);
    if (missing.length) console.error(`${repo}: ${missing.length} files absent from the snapshot, left out`);
    const archive = execFileSync('git', ['--git-dir', gitDir, 'archive', 'HEAD', '--', '.', ...missing], { maxBuffer: 2 ** 31 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive, maxBuffer: 1 << 30 });
    writeFileSync(`${dir}.extracted`, `${commit}\n`);
  }
  return { dir, commit };
}

async function runAgentGuard(dir: string): Promise<{ hits: AgentGuardHit[]; files: string[]; seconds: number; errors: number }> {
  const started = performance.now();
  const result = await scan({ paths: [dir], rules: secretRules });
  const hits = result.findings.map((f) => ({
    path: relative(dir, f.path.startsWith('/') ? f.path : join(result.root, f.path)),
    line: f.range.startLine,
    ruleId: f.ruleId,
    message: f.message,
  }));
  const seconds = (performance.now() - started) / 1000;
  const { root, config } = loadRootAndConfig([dir], secretRules);
  const files = workingTreeInput(root, [dir], config).entries.map((e) => e.absPath ?? join(root.root, e.path));
  return { hits, files, seconds, errors: result.ruleErrors.length };
}

/** secretlint's recommended preset with its default options, its profiler marks dropped (see src/families/secret/secretlint.ts). */
async function runSecretlint(dir: string, files: string[]): Promise<{ hits: LineHit[]; seconds: number }> {
  const started = performance.now();
  Object.defineProperty(secretLintProfiler, 'mark', { value: () => {}, configurable: true, writable: true });
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }] };
  const hits: LineHit[] = [];
  for (const file of files) {
    let content: string;
    try {
      const buf = readFileSync(file);
      if (buf.subarray(0, 8000).includes(0)) continue; // binary: secretlint's CLI skips it too
      content = buf.toString('utf8');
    } catch {
      continue;
    }
    const result = await lintSource({
      source: { filePath: file, content, ext: extname(file), contentType: 'text' },
      options: { config, noPhysicFilePath: true, maskSecrets: true },
    });
    for (const m of result.messages) hits.push({ path: relative(dir, file), line: m.loc.start.line, ruleId: m.ruleId });
  }
  return { hits, seconds: (performance.now() - started) / 1000 };
}

function runGitleaks(bin: string, dir: string, reportDir: string): { hits: LineHit[]; seconds: number } {
  const started = performance.now();
  const report = join(reportDir, `gitleaks-${Date.now()}.json`);
  const r = spawnSync(
    process.execPath,
    [bin, 'dir', dir, '--report-format', 'json', '--report-path', report, '--no-banner', '--exit-code', '0', '--log-level', 'error'],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  if (r.status !== 0 || !existsSync(report)) throw new Error(`gitleaks failed (${r.status}): ${(r.stderr || '').split('\n')[0]}`);
  const findings = JSON.parse(readFileSync(report, 'utf8')) as { RuleID: string; File: string; StartLine: number }[];
  rmSync(report, { force: true });
  return {
    hits: findings.map((f) => ({ path: relative(dir, f.File.startsWith('/') ? f.File : join(dir, f.File)), line: f.StartLine, ruleId: f.RuleID })),
    seconds: (performance.now() - started) / 1000,
  };
}

const at = (hits: LineHit[], path: string, line: number) => [...new Set(hits.filter((h) => h.path === path && h.line === line).map((h) => h.ruleId))];
const short = (ruleId: string) => ruleId.replace('@secretlint/secretlint-rule-', 'secretlint:');

async function main(): Promise<void> {
  const mirror = resolve(option('mirror') || process.env.SECRET_REAL_MIRROR || '/work/.mirror');
  const repos = positional.length ? positional : DEFAULT_REPOS;
  const work = option('work') ? resolve(option('work')!) : mkdtempSync(join(tmpdir(), 'agent-guard-secret-real-'));
  mkdirSync(work, { recursive: true });
  const triageFile = resolve(option('triage') || join(process.cwd(), 'bench', 'secret-real-triage.json'));
  const triage: Record<string, Triage> = existsSync(triageFile) ? (JSON.parse(readFileSync(triageFile, 'utf8')) as Record<string, Triage>) : {};
  const gl = gitleaksCli(option('gitleaks-cli'), flag('no-install'));
  if (!gl.bin) console.error(`gitleaks left out: ${gl.why}`);

  const maxFiles = Number(option('gitleaks-max-files') || Infinity);
  console.log(`agent-guard secret rules vs gitleaks and secretlint on real repositories (work dir ${work})`);
  console.log(
    `${'repository'.padEnd(32)} ${'commit'.padEnd(9)} ${'files'.padStart(6)} ${'agent-guard'.padStart(12)} ${'gitleaks'.padStart(9)} ${'secretlint'.padStart(11)}   time ag / gitleaks / secretlint`,
  );
  const listed: string[] = [];
  const json: Record<string, unknown>[] = [];
  let untriaged = 0;
  const totals = { files: 0, ag: 0, gitleaks: 0, secretlint: 0 };
  const verdicts: Record<string, number> = {};
  for (const repo of repos) {
    const { dir, commit } = extract(mirror, repo, work);
    const ag = await runAgentGuard(dir);
    const sl = await runSecretlint(dir, ag.files);
    const gk = gl.bin && ag.files.length <= maxFiles ? runGitleaks(gl.bin, dir, work) : undefined;
    totals.files += ag.files.length;
    totals.ag += ag.hits.length;
    totals.secretlint += sl.hits.length;
    totals.gitleaks += gk?.hits.length ?? 0;
    console.log(
      `${repo.padEnd(32)} ${commit.slice(0, 9)} ${String(ag.files.length).padStart(6)} ${String(ag.hits.length).padStart(12)} ${String(gk ? gk.hits.length : '-').padStart(9)} ${String(sl.hits.length).padStart(11)}   ${ag.seconds.toFixed(1)} s / ${gk ? gk.seconds.toFixed(1) : '-'} s / ${sl.seconds.toFixed(1)} s${ag.errors ? `  (${ag.errors} rule errors)` : ''}`,
    );
    for (const h of ag.hits) {
      const key = `${repo}:${h.path}:${h.line}:${h.ruleId}`;
      const t = triage[key];
      if (!t) untriaged++;
      verdicts[t?.verdict ?? 'UNTRIAGED'] = (verdicts[t?.verdict ?? 'UNTRIAGED'] ?? 0) + 1;
      const peers = [...(gk ? at(gk.hits, h.path, h.line).map((r) => `gitleaks:${r}`) : []), ...at(sl.hits, h.path, h.line).map(short)];
      listed.push(
        `  ${repo} ${h.path}:${h.line} ${h.ruleId} | ${h.message}\n    peers on the line: ${peers.join(', ') || '-'} | ${t ? `${t.verdict}: ${t.reason}` : 'UNTRIAGED'}`,
      );
      json.push({ repo, commit, path: h.path, line: h.line, ruleId: h.ruleId, message: h.message, peers, triage: t ?? null });
    }
  }
  console.log(
    `${'total'.padEnd(32)} ${''.padEnd(9)} ${String(totals.files).padStart(6)} ${String(totals.ag).padStart(12)} ${String(gl.bin ? totals.gitleaks : '-').padStart(9)} ${String(totals.secretlint).padStart(11)}`,
  );
  console.log(
    `\nagent-guard findings (${totals.ag}; ${
      Object.entries(verdicts)
        .map(([v, n]) => `${v} ${n}`)
        .join(', ') || 'none'
    }):`,
  );
  for (const l of listed) console.log(l);
  const out = option('json');
  if (out) writeFileSync(out, `${JSON.stringify({ totals, findings: json }, null, 2)}\n`);
  if (!option('work') && !flag('keep')) rmSync(work, { recursive: true, force: true });
  if (untriaged) {
    console.log(`\n${untriaged} findings have no entry in ${triageFile}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 2;
});
