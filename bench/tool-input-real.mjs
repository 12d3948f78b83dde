// Precision of agent-guard's tool-input family on real MCP servers and agent projects (issue 13: "every
// tool-input finding triaged true/false, at least 90% true"). For each repository with a triage file
// bench/tool-input-real/<owner>+<name>.json, the commit pinned there is extracted from a local snapshot and
// scanned with the agent-guard bundle (tool-input flow rules only); each finding is matched with its reading
// (path, line, rule, tool, parameter -> true / false and why). A finding without a reading is UNREAD and
// the run exits 1. The code is read from local snapshots only and never committed.
//
//   npm run bench:tool-input-real -- [--only OWNER+NAME[,…]] [--bundle PATH] [--mirror DIR] [--json FILE] [--skeleton] [--keep] [--verbose]
//     --only REPOS   these repositories only (owner+name, comma-separated); one without a triage file yet is
//                    scanned at the snapshot's HEAD
//     --bundle PATH  the agent-guard bundle to run (default dist/cli.js: run `node scripts/build.mjs` first)
//     --mirror DIR   bare repositories at DIR/<owner>+<name>/repo (default /work/.mirror, or TOOL_INPUT_REAL_MIRROR)
//     --json FILE    every finding with its verdict, per repository, and the totals, as JSON
//     --skeleton     add an unread entry (verdict null) to the triage file for every finding it lacks (creating
//                    the file, pinned to the scanned commit, when there is none) — then fill in verdict and why
//     --keep         keep the extracted trees (their paths are printed)
//     --verbose      list every finding with its verdict (default: UNREAD and false ones only)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { byRule, checkTriage, scoreRepo, totals, withSkeleton } from './lib/tool-input-real.mjs';
import { extract, headOf } from './lib/snapshot.mjs';
import { optionReader } from './lib/options.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const option = optionReader(argv);
const flag = (name) => argv.includes(`--${name}`);
const mirror = resolve(option('mirror', process.env.TOOL_INPUT_REAL_MIRROR ?? '/work/.mirror'));
const bundle = resolve(option('bundle', join(here, '..', 'dist', 'cli.js')));
const triageDir = join(here, 'tool-input-real');
const json = option('json', undefined);
const only = option('only', undefined);

if (!existsSync(bundle)) {
  console.error(`no bundle at ${bundle}: run "node scripts/build.mjs" first, or pass --bundle PATH`);
  process.exit(2);
}

const files = existsSync(triageDir) ? readdirSync(triageDir).filter((f) => f.endsWith('.json')) : [];
const names = typeof only === 'string' ? only.split(',').map((s) => s.trim().replace('/', '+')) : files.map((f) => f.slice(0, -'.json'.length)).sort();

const work = mkdtempSync(join(tmpdir(), 'agent-guard-tool-input-real-'));
// Only the flow rules of tool-input (poisoned-description reads descriptions, not arguments): the config lives outside the scanned trees.
const config = join(work, 'tool-input-only.yml');
writeFileSync(config, 'rules:\n  "secret/*": off\n  "rate-limit/*": off\n  "tool-payload/*": off\n  "tool-input/poisoned-description": off\n');

/** agent-guard's tool-input findings on a tree (JSON report entries), and its rule errors. */
function scanTree(dir) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [bundle, 'scan', dir, '--config', config, '--format', 'json', '--fail-on', 'never', '--quiet'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`agent-guard exited ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`);
  const report = JSON.parse(r.stdout);
  return {
    findings: report.findings.filter((f) => f.ruleId.startsWith('tool-input/')),
    ruleErrors: report.ruleErrors ?? [],
    files: report.summary?.files ?? 0,
    seconds: (Date.now() - started) / 1000,
  };
}

const pct = (x) => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);
const results = [];
const skipped = [];
let malformed = 0;
try {
  for (const name of names) {
    const file = join(triageDir, `${name}.json`);
    const gitDir = join(mirror, name, 'repo');
    let doc;
    if (existsSync(file)) {
      doc = JSON.parse(readFileSync(file, 'utf8'));
      const problems = checkTriage(doc, `${name}.json`);
      if (problems.length) {
        malformed++;
        for (const p of problems) console.error(`${name}.json: ${p}`);
      }
    }
    if (!existsSync(gitDir)) {
      skipped.push({ repo: name, reason: `no snapshot at ${gitDir} (fetch github:${name.replace('+', '/')})` });
      continue;
    }
    const commit = doc?.commit ?? headOf(gitDir);
    doc ??= { repo: name.replace('+', '/'), commit, findings: [] };
    const tree = join(work, name);
    let missing;
    try {
      missing = extract(gitDir, commit, tree);
    } catch (err) {
      skipped.push({ repo: name, reason: `git archive ${commit.slice(0, 10)} failed: ${String(err.message).split('\n')[0]}` });
      continue;
    }
    const scanned = scanTree(tree);
    const score = scoreRepo(scanned.findings, doc.findings);
    results.push({
      repo: name,
      commit,
      files: scanned.files,
      seconds: scanned.seconds,
      ruleErrors: scanned.ruleErrors.length,
      missing,
      score,
      tree: flag('keep') ? tree : undefined,
    });
    if (flag('skeleton') && (score.unread || !existsSync(file))) {
      mkdirSync(triageDir, { recursive: true });
      writeFileSync(file, `${JSON.stringify(withSkeleton(doc, scanned.findings), null, 2)}\n`);
    }
  }
} finally {
  if (!flag('keep')) rmSync(work, { recursive: true, force: true });
}

console.log(`agent-guard tool-input precision on real repositories (${bundle})`);
console.log(
  `${'repository'.padEnd(40)} ${'commit'.padEnd(10)} ${'files'.padStart(6)} ${'findings'.padStart(8)} ${'true'.padStart(5)} ${'false'.padStart(5)} ${'UNREAD'.padStart(6)} ${'precision'.padStart(9)}`,
);
for (const r of results) {
  const s = r.score;
  const p = s.true + s.false ? s.true / (s.true + s.false) : null;
  const notes = [
    `${r.seconds.toFixed(1)} s`,
    r.ruleErrors ? `${r.ruleErrors} rule errors` : '',
    r.missing ? `${r.missing} files absent from the snapshot` : '',
    s.stale.length ? `${s.stale.length} stale readings` : '',
  ]
    .filter(Boolean)
    .join(', ');
  console.log(
    `${r.repo.padEnd(40)} ${r.commit.slice(0, 10)} ${String(r.files).padStart(6)} ${String(s.findings.length).padStart(8)} ${String(s.true).padStart(5)} ${String(s.false).padStart(5)} ${String(s.unread).padStart(6)} ${pct(p).padStart(9)}  ${notes}`,
  );
}
const t = totals(results.map((r) => r.score));
console.log(
  `${'total'.padEnd(40)} ${''.padEnd(10)} ${String(results.reduce((n, r) => n + r.files, 0)).padStart(6)} ${String(t.findings).padStart(8)} ${String(t.true).padStart(5)} ${String(t.false).padStart(5)} ${String(t.unread).padStart(6)} ${pct(t.precision).padStart(9)}`,
);
const rules = byRule(results.map((r) => r.score));
for (const [rule, c] of Object.entries(rules))
  console.log(
    `  ${rule.padEnd(38)} ${String(c.true + c.false + c.unread).padStart(21)} ${String(c.true).padStart(5)} ${String(c.false).padStart(5)} ${String(c.unread).padStart(6)}`,
  );
for (const r of results) {
  const shown = r.score.findings.filter((f) => flag('verbose') || f.verdict !== 'true');
  if (shown.length || r.tree || r.score.stale.length) console.log(`\n${r.repo} @ ${r.commit.slice(0, 10)}${r.tree ? `  (tree: ${r.tree})` : ''}`);
  for (const f of shown)
    console.log(`  ${f.verdict.padEnd(6)} ${f.rule} ${f.path}:${f.line}  ${f.tool ?? '-'} / ${f.param ?? '-'}${f.why ? `  — ${f.why}` : ''}`);
  for (const e of r.score.stale)
    console.log(`  stale  ${e.rule} ${e.path}:${e.line}  ${e.tool ?? '-'} / ${e.param ?? '-'}  (read ${e.verdict ?? 'unread'}, no longer reported)`);
}
for (const k of skipped) console.log(`${k.repo}: SKIPPED: ${k.reason}`);
console.log(
  `\n${t.findings} tool-input findings in ${t.repos} repositories: ${t.true} true, ${t.false} false, ${t.unread} unread; precision ${pct(t.precision)}; ${t.staleTrue} read true no longer reported${skipped.length ? `; ${skipped.length} skipped` : ''}`,
);
if (typeof json === 'string') {
  const out = { bundle, totals: t, byRule: rules, skipped, repos: results.map(({ tree: _tree, score, ...r }) => ({ ...r, ...score })) };
  writeFileSync(json, `${JSON.stringify(out, null, 2)}\n`);
}
if (t.unread || malformed) process.exitCode = 1;
