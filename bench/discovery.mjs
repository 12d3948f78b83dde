// Tool discovery on large real repositories (issue 13: "at least 90% of the registrations you count by
// reading, with the counting method in the note"). For each repository, the commit pinned by its
// bench/tool-input-real/<owner>+<name>.json (else the snapshot's HEAD, printed) is extracted from a local
// snapshot; an INDEPENDENT counter reads the tree — bench/lib/discovery_counter.py (Python's `ast`, run with
// the system python3) for Python and bench/lib/discovery-count.mjs (the TypeScript compiler's parser) for
// TS/JS, neither using agent-guard's discovery code — and its registrations are matched (path + line, the
// handler's lines, or path + name) with what `agent-guard tools --format json` lists. The counting method
// (idioms, what is in and out) is written at the top of both counter files and in bench/README.md.
//
// Tests, examples and docs are IN on both sides (agent-guard, run with `testFiles: []`, lists what it finds in every file it reads;
// the issue counts the registrations in the repository); the "non-test" columns leave out test paths
// (isTestPath: tests/, test_*.py, *.test.ts, …) on both sides.
//
//   npm run bench:discovery -- [--only OWNER+NAME[,…]] [--bundle PATH] [--mirror DIR] [--json FILE] [--keep] [--verbose]
//     --only REPOS   these repositories only (owner+name, comma-separated)
//     --bundle PATH  the agent-guard bundle to run (default dist/cli.js: run `node scripts/build.mjs` first)
//     --mirror DIR   bare repositories at DIR/<owner>+<name>/repo (default /work/.mirror, or DISCOVERY_MIRROR)
//     --json FILE    the table, every miss and every extra, as JSON
//     --keep         keep the extracted trees (their paths are printed)
//     --verbose      list each miss (counted, not discovered) and each extra (discovered, not counted)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JS_EXTENSIONS, countJs, discoveredOf, isTestPath, match, tally } from './lib/discovery-count.mjs';
import { optionReader } from './lib/options.mjs';
import { extract, headOf } from './lib/snapshot.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const option = optionReader(argv);
const flag = (name) => argv.includes(`--${name}`);
const mirror = resolve(option('mirror', process.env.DISCOVERY_MIRROR ?? '/work/.mirror'));
const bundle = resolve(option('bundle', join(here, '..', 'dist', 'cli.js')));
const json = option('json', undefined);
const only = option('only', undefined);
const REPOS = [
  'awslabs+mcp',
  'modelcontextprotocol+python-sdk',
  'modelcontextprotocol+typescript-sdk',
  'run-llama+llama-hub',
  'langchain-ai+langchain-community',
];
const names = typeof only === 'string' ? only.split(',').map((s) => s.trim().replace('/', '+')) : REPOS;

if (!existsSync(bundle)) {
  console.error(`no bundle at ${bundle}: run "node scripts/build.mjs" first, or pass --bundle PATH`);
  process.exit(2);
}
const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
if (python.status !== 0) {
  console.error('python3 is needed for the Python counter (bench/lib/discovery_counter.py)');
  process.exit(2);
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', 'venv', 'site-packages', '__pycache__', '.tox']);
function* jsFiles(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) yield* jsFiles(join(dir, e.name));
    } else if (e.isFile() && JS_EXTENSIONS.test(e.name)) yield join(dir, e.name);
  }
}

/** The independent count of a tree: Python through python3 + ast, TS/JS through the TypeScript parser. */
function countTree(dir) {
  const py = JSON.parse(execFileSync('python3', [join(here, 'lib', 'discovery_counter.py'), dir], { encoding: 'utf8', maxBuffer: 1 << 30 }));
  const js = [];
  for (const f of jsFiles(dir)) {
    if (statSync(f).size > 2_000_000) continue; // bundles and generated files; agent-guard skips them too
    js.push(...countJs(readFileSync(f, 'utf8'), relative(dir, f).split('\\').join('/')));
  }
  return { registrations: [...py.registrations, ...js], unparsed: py.unparsed };
}

/** agent-guard's inventory of a tree. */
function discover(dir) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [bundle, 'tools', dir, '--config', everyFile, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`agent-guard tools exited ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`);
  const inv = JSON.parse(r.stdout);
  return { tools: inv.tools.map(discoveredOf), errors: inv.errors?.length ?? 0, seconds: (Date.now() - started) / 1000 };
}

const pinned = (name) => {
  const f = join(here, 'tool-input-real', `${name}.json`);
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')).commit : undefined;
};

const work = mkdtempSync(join(tmpdir(), 'agent-guard-discovery-'));
// Test code is in on both sides: `agent-guard tools` leaves it out by default (the config's testFiles), so
// the inventory runs with `testFiles: []`, from a config outside the scanned trees.
const everyFile = join(work, 'every-file.yml');
writeFileSync(everyFile, 'testFiles: []\n');

const results = [];
const skipped = [];
try {
  for (const name of names) {
    const gitDir = join(mirror, name, 'repo');
    if (!existsSync(gitDir)) {
      skipped.push({ repo: name, reason: `no snapshot at ${gitDir} (fetch github:${name.replace('+', '/')})` });
      continue;
    }
    const commit = pinned(name) ?? headOf(gitDir);
    const tree = join(work, name);
    const missing = extract(gitDir, commit, tree);
    const counted = countTree(tree);
    const found = discover(tree);
    const all = match(counted.registrations, found.tools);
    const nonTest = match(
      counted.registrations.filter((c) => !isTestPath(c.path)),
      found.tools.filter((d) => !isTestPath(d.path)),
    );
    results.push({
      repo: name,
      commit,
      missing,
      unparsed: counted.unparsed,
      errors: found.errors,
      seconds: found.seconds,
      all,
      nonTest,
      tree: flag('keep') ? tree : undefined,
    });
  }
} finally {
  if (!flag('keep')) rmSync(work, { recursive: true, force: true });
}

const pct = (p) => (p === null ? '-' : `${p.toFixed(1)}%`);
console.log(
  `agent-guard tool discovery on real repositories (${bundle}); counted independently (bench/lib/discovery_counter.py, bench/lib/discovery-count.mjs)`,
);
console.log(
  `${'repository'.padEnd(36)} ${'commit'.padEnd(10)} ${'kind'.padEnd(8)} ${'found'.padStart(5)} ${'counted'.padStart(7)} ${'%'.padStart(6)} ${'extra'.padStart(5)}   ${'non-test: found/counted'.padStart(24)} ${'%'.padStart(6)} ${'extra'.padStart(5)}`,
);
const total = { found: 0, counted: 0 };
for (const r of results) {
  const a = tally(r.all);
  const n = tally(r.nonTest);
  for (const kind of Object.keys(a)) {
    const x = a[kind];
    const y = n[kind] ?? { found: 0, counted: 0, extra: 0, percent: null };
    total.found += x.found;
    total.counted += x.counted;
    console.log(
      `${r.repo.padEnd(36)} ${r.commit.slice(0, 10)} ${kind.padEnd(8)} ${String(x.found).padStart(5)} ${String(x.counted).padStart(7)} ${pct(x.percent).padStart(6)} ${String(x.extra).padStart(5)}   ${`${y.found}/${y.counted}`.padStart(24)} ${pct(y.percent).padStart(6)} ${String(y.extra).padStart(5)}`,
    );
  }
  const notes = [
    `${r.seconds.toFixed(1)} s`,
    r.errors ? `${r.errors} files agent-guard could not analyze` : '',
    r.unparsed.length ? `${r.unparsed.length} Python files the counter could not parse` : '',
    r.missing ? `${r.missing} files absent from the snapshot` : '',
    r.tree ? `tree: ${r.tree}` : '',
  ].filter(Boolean);
  console.log(`${''.padEnd(36)} ${notes.join(', ')}`);
}
console.log(
  `\ntotal: ${total.found} of ${total.counted} counted registrations discovered (${pct(total.counted ? (100 * total.found) / total.counted : null)})`,
);

if (flag('verbose'))
  for (const r of results) {
    console.log(`\n${r.repo} @ ${r.commit.slice(0, 10)}: ${r.all.missed.length} missed, ${r.all.extra.length} extra`);
    for (const c of [...r.all.missed].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line))
      console.log(`  miss  ${c.kind.padEnd(8)} ${c.path}:${c.line}  ${c.idiom}  ${c.name}`);
    for (const d of [...r.all.extra].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line))
      console.log(`  extra ${d.kind.padEnd(8)} ${d.path}:${d.line}  ${d.framework}  ${d.name}  (handler ${d.handler.path}:${d.handler.line})`);
  }
for (const k of skipped) console.log(`${k.repo}: SKIPPED: ${k.reason}`);

if (typeof json === 'string') {
  const out = {
    bundle,
    repos: results.map((r) => ({
      repo: r.repo,
      commit: r.commit,
      seconds: r.seconds,
      errors: r.errors,
      unparsed: r.unparsed,
      all: tally(r.all),
      nonTest: tally(r.nonTest),
      missed: r.all.missed,
      extra: r.all.extra,
    })),
    skipped,
  };
  writeFileSync(json, `${JSON.stringify(out, null, 2)}\n`);
}
