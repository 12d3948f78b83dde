// Published advisories (GHSA/CVE) in MCP servers and agent tools, vulnerable commit vs fixing commit: does
// agent-guard's tool-input family find the sink each advisory is about, is that sink quiet once fixed, and
// what does it still report on the fixing commit (issue 13). The data is bench/advisories.json (ids,
// repositories, commits, sink file:line, kind — no code); the code is read from local snapshots only.
//
//   npm run bench:advisories -- [--mirror DIR] [--bundle PATH] [--json [FILE]] [--only ID[,ID]] [--window N] [--keep]
//     --mirror DIR   bare repositories at DIR/<owner>+<name>/repo (default /work/.mirror, or ADVISORY_MIRROR)
//     --bundle PATH  the agent-guard bundle to run (default dist/cli.js: run `node scripts/build.mjs` first)
//     --json [FILE]  the scores as JSON on stdout, or in FILE (the table is still printed)
//     --only IDS     score these advisories only (comma-separated ids)
//     --window N     lines between a finding and the recorded sink that still count as a hit (default 3)
//     --keep         keep the extracted trees (their paths are printed)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_WINDOW, flatten, scoreAdvisory, totals, triageOf, triageTotals } from './lib/advisory-score.mjs';
import { optionReader } from './lib/options.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const option = optionReader(argv);
const mirror = resolve(option('mirror', process.env.ADVISORY_MIRROR ?? '/work/.mirror'));
const bundle = resolve(option('bundle', join(here, '..', 'dist', 'cli.js')));
const json = option('json', false);
const only = option('only', undefined);
const window = Number(option('window', DEFAULT_WINDOW));
const keep = argv.includes('--keep');

if (!existsSync(bundle)) {
  console.error(`no bundle at ${bundle}: run "node scripts/build.mjs" first, or pass --bundle PATH`);
  process.exit(2);
}
const data = JSON.parse(readFileSync(join(here, 'advisories.json'), 'utf8'));
// The reading of every finding left on a fixing commit (true / false and why); a finding not in it is unread.
const triagePath = join(here, 'advisories-triage.json');
const triage = existsSync(triagePath) ? JSON.parse(readFileSync(triagePath, 'utf8')).findings : [];
const wanted = typeof only === 'string' ? new Set(only.split(',')) : undefined;
const advisories = data.advisories.filter((a) => !wanted || wanted.has(a.id));

const work = mkdtempSync(join(tmpdir(), 'agent-guard-advisories-'));
// Only the flow rules of tool-input: the config lives outside the scanned trees.
const config = join(work, 'tool-input-only.yml');
writeFileSync(config, 'rules:\n  "secret/*": off\n  "rate-limit/*": off\n  "tool-payload/*": off\n  "tool-input/poisoned-description": off\n');

/** `git archive` one commit (restricted to the advisory's `paths`) of a bare snapshot into `into`. */
function extract(gitDir, commit, paths, into) {
  mkdirSync(into, { recursive: true });
  // A snapshot may lack large blobs outside `paths` (git says so on stderr and still exits 0): stderr is kept quiet.
  const tar = execFileSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', commit, '--', ...(paths ?? [])], {
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  execFileSync('tar', ['-x', '-C', into], { input: tar, maxBuffer: 1 << 30 });
}

/** agent-guard's tool-input findings on a tree, flattened; rule errors and skipped files are kept apart. */
function scanTree(dir) {
  const r = spawnSync(process.execPath, [bundle, 'scan', dir, '--config', config, '--format', 'json', '--fail-on', 'never', '--quiet'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`agent-guard exited ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`);
  const report = JSON.parse(r.stdout);
  return { findings: report.findings.filter((f) => f.ruleId.startsWith('tool-input/')).map(flatten), ruleErrors: report.ruleErrors ?? [] };
}

// With --json and no file, stdout is the JSON alone: the table goes to stderr.
const log = json === true ? (line) => console.error(line) : (line) => console.log(line);
const scores = [];
const skipped = [];
const started = Date.now();
try {
  for (const advisory of advisories) {
    const gitDir = join(mirror, advisory.repo.replace('/', '+'), 'repo');
    if (!existsSync(gitDir)) {
      skipped.push({ id: advisory.id, reason: `no snapshot at ${gitDir} (fetch github:${advisory.repo})` });
      continue;
    }
    const base = join(work, advisory.id.replace(/[^\w.-]+/g, '_'));
    try {
      extract(gitDir, advisory.vulnerable, advisory.paths, join(base, 'vulnerable'));
      extract(gitDir, advisory.fixed, advisory.paths, join(base, 'fixed'));
    } catch (err) {
      skipped.push({ id: advisory.id, reason: `git archive failed: ${String(err.message).split('\n')[0]}` });
      continue;
    }
    const vulnerable = scanTree(join(base, 'vulnerable'));
    const fixed = scanTree(join(base, 'fixed'));
    const score = scoreAdvisory(advisory, vulnerable.findings, fixed.findings, window);
    scores.push({
      ...score,
      advisory,
      ruleErrors: { vulnerable: vulnerable.ruleErrors.length, fixed: fixed.ruleErrors.length },
      tree: keep ? base : undefined,
    });
  }
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}

const short = (c) => c.slice(0, 10);
const at = (f) => `${f.path}:${f.line}`;
for (const s of scores) {
  const a = s.advisory;
  const verdict = s.hit
    ? `HIT  ${s.hitFinding.ruleId} at ${at(s.hitFinding)}${s.exact ? '' : ` (names ${JSON.stringify(s.hitFinding.message.split(':')[0])}, not the advisory's own tool/parameter)`}`
    : `MISS${s.nearMiss ? ` (near: ${s.nearMiss.ruleId} at ${at(s.nearMiss)})` : ''}`;
  log(`${a.id.padEnd(22)} ${a.repo.padEnd(38)} ${a.lang.padEnd(3)} ${a.rule.padEnd(18)} ${verdict}`);
  log(
    `  sink ${short(a.vulnerable)}:${a.sink.file}:${a.sink.line}  fixed ${short(a.fixed)}: sink ${s.fixedSinkQuiet ? 'quiet' : `STILL REPORTED (${s.stillThere.map(at).join(', ')})`}`,
  );
  if (s.ruleErrors.vulnerable || s.ruleErrors.fixed) log(`  rule errors: vulnerable ${s.ruleErrors.vulnerable}, fixed ${s.ruleErrors.fixed}`);
  for (const f of s.remaining) {
    const reading = triageOf(s.id, f, triage);
    log(`  fixed-commit finding: ${f.ruleId} ${at(f)}  ${f.message.split(':')[0]}  [${reading ? `${reading.verdict}: ${reading.why}` : 'UNREAD'}]`);
  }
  if (s.tree) log(`  trees: ${s.tree}`);
}
for (const k of skipped) log(`${k.id.padEnd(22)} SKIPPED: ${k.reason}`);
const t = totals(scores);
const read = triageTotals(scores, triage);
log(
  `\n${t.hits}/${t.advisories} vulnerable sinks found (recall ${(100 * t.recall).toFixed(1)}%; ${t.exactHits} naming the advisory's tool and parameter); ${t.fixedSinksQuietOfHits}/${t.hits} fixed sinks quiet among the hits (${t.fixedSinksQuiet}/${t.advisories} in all); ` +
    `${t.fixedCommitFindings} tool-input findings on the fixing commits (read: ${read.true} true, ${read.false} false; ${read.unread} unread); ${skipped.length} skipped; ${((Date.now() - started) / 1000).toFixed(0)} s; ${bundle}`,
);
if (json) {
  const out = JSON.stringify(
    {
      bundle,
      window,
      totals: { ...t, triage: read },
      skipped,
      advisories: scores.map(({ advisory, tree: _tree, ...s }) => ({
        ...s,
        remaining: s.remaining.map((f) => ({ ...f, triage: triageOf(s.id, f, triage) ?? null })),
        repo: advisory.repo,
        kind: advisory.kind,
        rule: advisory.rule,
        sink: advisory.sink,
      })),
    },
    null,
    2,
  );
  if (json === true) console.log(out);
  else writeFileSync(json, `${out}\n`);
}
