#!/usr/bin/env node
// History-scan benchmark: `agent-guard scan --history` on (1) a generated repository of 5,000 commits
// whose history adds keys and removes them again (with merges, renames, a lockfile-like file and
// binaries), and (2) optionally a real repository's full history. For each it prints the time, and the
// blob counts that show what scanning each distinct blob once saves:
//   - unique blobs        what agent-guard reads (each distinct blob once);
//   - blob versions       per commit and path, the blobs the range's commits write (what a scanner that
//                         reads every commit's changed files without dedupe reads);
//   - snapshot blobs      sum over commits of the files in that commit's tree (what a scanner that
//                         checks out / lists every commit reads);
// and the naive approaches' time extrapolated from agent-guard's measured time per scanned blob.
//
//   node bench/history.mjs [--commits N] [--real DIR] [--no-generated] [--json FILE]
//
// DIR is a git repository (a clone, or a bare mirror which is cloned to a temp dir first; blobs the
// mirror lacks are left out of the checkout). The CLI is bin/agent-guard.js (the committed dist/);
// AGENT_GUARD_BIN=/path/to/cli.js benchmarks another build (e.g. `node scripts/build.mjs --out /tmp/x/dist`).
// Fake keys are generated at run time from a seeded generator; nothing credential-shaped is stored.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { seededRng } from './lib/generate.mjs';
import { agentGuardBin, git, timed } from './lib/run.mjs';

const BIN = agentGuardBin();
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const COMMITS = Number(opt('--commits', '5000'));
const REAL = opt('--real', undefined);
const JSON_OUT = opt('--json', undefined);
const GENERATED = !args.includes('--no-generated');

// --- seeded fake keys (the generator of bench/lib/generate.mjs and src/families/secret/fake-keys.ts) ----------
const ALNUM_DASH = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const rs = (rng, alphabet, n) => Array.from({ length: n }, () => alphabet[Math.floor(rng() * alphabet.length)]).join('');
const fakeAnthropicKey = (rng) => ['sk', 'ant', 'api03'].join('-') + '-' + rs(rng, ALNUM_DASH, 93) + 'AA';

// --- generated repository through git fast-import ---------------------------------------------------
function generateRepo(dir, commits) {
  const rng = seededRng(20240501);
  const pick = (list) => list[Math.floor(rng() * list.length)];
  const words = ['agent', 'tool', 'call', 'model', 'prompt', 'result', 'context', 'memory', 'planner', 'search', 'retry', 'limit', 'schema', 'route'];
  const line = (lang) => {
    const a = pick(words),
      b = pick(words),
      n = Math.floor(rng() * 1000);
    return lang === 'py' ? `    ${a}_${b} = compute_${b}(${a}, ${n})` : `  const ${a}${b[0].toUpperCase()}${b.slice(1)} = ${b}(${a}, ${n});`;
  };
  const files = new Map(); // path -> content (main)
  const langs = ['py', 'ts'];
  for (let i = 0; i < 300; i++) {
    const lang = langs[i % 2];
    const path = `src/${pick(words)}/${pick(words)}_${i}.${lang}`;
    files.set(path, Array.from({ length: 40 + Math.floor(rng() * 80) }, () => line(lang)).join('\n') + '\n');
  }
  files.set(
    'package-lock.json',
    JSON.stringify(
      {
        packages: Object.fromEntries(
          Array.from({ length: 1500 }, (_, i) => [`node_modules/pkg-${i}`, { version: `1.0.${i}`, integrity: `sha512-${rs(rng, ALNUM_DASH, 86)}` }]),
        ),
      },
      null,
      2,
    ) + '\n',
  );
  const out = [];
  let mark = 0;
  let time = 1700000000;
  const emit = (ref, message, changes, from, merge) => {
    mark++;
    time += 600;
    out.push(`commit ${ref}`, `mark :${mark}`, `author Bench <bench@example.com> ${time} +0000`, `committer Bench <bench@example.com> ${time} +0000`);
    const msg = Buffer.from(message);
    out.push(`data ${msg.length}`, message);
    if (from) out.push(`from :${from}`);
    if (merge) out.push(`merge :${merge}`);
    for (const [kind, path, content, to] of changes) {
      if (kind === 'D') out.push(`D ${path}`);
      else if (kind === 'R') out.push(`R ${path} ${to}`);
      else {
        const data = Buffer.from(content);
        out.push(`M 100644 inline ${path}`, `data ${data.length}`);
        out.push(data.toString('latin1'));
      }
    }
    out.push('');
    return mark;
  };
  const edit = (map, path) => {
    const lang = path.endsWith('.py') ? 'py' : 'ts';
    const lines = map.get(path).split('\n');
    const at = Math.floor(rng() * (lines.length - 1));
    if (rng() < 0.5) lines[at] = line(lang);
    else lines.splice(at, 0, line(lang), line(lang));
    map.set(path, lines.join('\n'));
    return ['M', path, map.get(path)];
  };
  const sourcePaths = () => [...files.keys()].filter((p) => p.startsWith('src/'));
  let head = emit(
    'refs/heads/main',
    'initial import',
    [...files].map(([p, c]) => ['M', p, c]),
  );
  let count = 1;
  const pendingRemovals = []; // [commitIndex, path, originalContent]
  let keys = 0;
  let keptKey = false;
  while (count < commits) {
    const changes = [];
    if (count % 100 === 50 && count + 4 < commits) {
      // A side branch of 3 commits merged back with --no-ff (one of them leaks and unleaks a key).
      const side = new Map(files);
      let sideHead = head;
      const touched = new Set();
      for (let k = 0; k < 3; k++) {
        const p = pick(sourcePaths());
        const ch = [edit(side, p)];
        touched.add(p);
        if (k === 0) {
          side.set(p, side.get(p) + `API_KEY = "${fakeAnthropicKey(rng)}"\n`);
          ch[0] = ['M', p, side.get(p)];
          keys++;
        } else if (k === 2) {
          for (const q of touched) side.set(q, side.get(q).replace(/^API_KEY = ".*"\n/m, ''));
          ch.push(...[...touched].map((q) => ['M', q, side.get(q)]));
        }
        sideHead = emit('refs/heads/side', `side work ${count + k}`, ch, sideHead);
      }
      count += 3;
      for (const p of touched) files.set(p, side.get(p));
      head = emit(
        'refs/heads/main',
        `Merge branch 'side'`,
        [...touched].map((p) => ['M', p, files.get(p)]),
        head,
        sideHead,
      );
      count++;
      continue;
    }
    const n = 1 + Math.floor(rng() * 3);
    for (let k = 0; k < n; k++) changes.push(edit(files, pick(sourcePaths())));
    if (count % 50 === 0) {
      const p = pick(sourcePaths());
      const key = fakeAnthropicKey(rng);
      files.set(p, files.get(p) + `ANTHROPIC_API_KEY = "${key}"\n`);
      changes.push(['M', p, files.get(p)]);
      keys++;
      if (count < commits - 60) pendingRemovals.push([count + 2 + Math.floor(rng() * 20), p]);
      else keptKey = true;
    }
    for (const r of pendingRemovals.filter(([at]) => at <= count)) {
      pendingRemovals.splice(pendingRemovals.indexOf(r), 1);
      if (!files.has(r[1])) continue; // renamed meanwhile: the key moves with it and stays
      files.set(r[1], files.get(r[1]).replace(/^ANTHROPIC_API_KEY = ".*"\n/m, ''));
      changes.push(['M', r[1], files.get(r[1])]);
    }
    if (count % 25 === 0) {
      const lock = JSON.parse(files.get('package-lock.json'));
      const k = `node_modules/pkg-${Math.floor(rng() * 1500)}`;
      lock.packages[k] = { version: `2.${count}.0`, integrity: `sha512-${rs(rng, ALNUM_DASH, 86)}` };
      files.set('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
      changes.push(['M', 'package-lock.json', files.get('package-lock.json')]);
    }
    if (count % 200 === 0) {
      const from = pick(sourcePaths());
      const to = from.replace(/\/([^/]+)$/, `/renamed_${count}_$1`);
      files.set(to, files.get(from));
      files.delete(from);
      changes.push(['R', from, null, to]);
    }
    if (count % 500 === 0) {
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), Buffer.from(rs(rng, ALNUM_DASH, 4000))]);
      files.set(`docs/img/figure_${count}.png`, png.toString('latin1'));
      changes.push(['M', `docs/img/figure_${count}.png`, png]);
    }
    // Each change's content is written as-is: a Buffer stays binary.
    head = emit(
      'refs/heads/main',
      `commit ${count}`,
      changes.map(([kind, p, c, to]) => [kind, p, c, to]),
      head,
    );
    count++;
  }
  git(dir, ['init', '-q', '-b', 'main']);
  const stream = Buffer.from(out.join('\n') + '\n', 'latin1');
  git(dir, ['fast-import', '--quiet'], stream);
  git(dir, ['checkout', '-q', '-f', 'main']);
  // Removals that fall after the last commit are never made: those keys stay in HEAD.
  return { keysAdded: keys, keptInHead: keptKey };
}

// --- counting what the naive approaches would read --------------------------------------------------
/** Sum over the commits of `rev` of the regular files in each commit's tree (memoised per tree id). */
function snapshotBlobCount(repo, rev) {
  const roots = git(repo, ['log', '--format=%T', rev]).toString().split('\n').filter(Boolean);
  const entries = new Map(); // tree -> { files, subtrees[] }
  let frontier = [...new Set(roots)];
  while (frontier.length) {
    const r = spawnSync('git', ['cat-file', '--batch'], { cwd: repo, input: frontier.join('\n') + '\n', maxBuffer: 2 ** 31 });
    const buf = r.stdout;
    let pos = 0;
    const next = new Set();
    for (const id of frontier) {
      const nl = buf.indexOf(10, pos);
      const [, type, sizeText] = buf.subarray(pos, nl).toString().split(' ');
      const size = Number(sizeText);
      const body = buf.subarray(nl + 1, nl + 1 + size);
      pos = nl + 1 + size + 1;
      const node = { files: 0, subtrees: [] };
      if (type === 'tree') {
        let i = 0;
        while (i < body.length) {
          const sp = body.indexOf(32, i);
          const nul = body.indexOf(0, sp);
          const mode = body.subarray(i, sp).toString();
          const child = body.subarray(nul + 1, nul + 21).toString('hex');
          i = nul + 21;
          if (mode === '40000') {
            node.subtrees.push(child);
            if (!entries.has(child)) next.add(child);
          } else if (mode.startsWith('100')) node.files++;
        }
      }
      entries.set(id, node);
    }
    frontier = [...next].filter((t) => !entries.has(t));
  }
  const memo = new Map();
  const count = (t) => {
    if (memo.has(t)) return memo.get(t);
    const node = entries.get(t);
    const n = node ? node.files + node.subtrees.reduce((s, c) => s + count(c), 0) : 0;
    memo.set(t, n);
    return n;
  };
  return roots.reduce((s, t) => s + count(t), 0);
}

// --- running agent-guard ----------------------------------------------------------------------------
const hasTime = existsSync('/usr/bin/time');
function runAgentGuard(repo, extra = []) {
  const out = join(mkdtempSync(join(tmpdir(), 'ag-bench-out-')), 'report.json');
  const cmd = [BIN, 'scan', '--history', '--format', 'json', '--fail-on', 'never', '-o', out, ...extra];
  const r = hasTime
    ? timed('/usr/bin/time', ['-f', 'AGTIME %e %U %S %M', process.execPath, ...cmd], { cwd: repo })
    : timed(process.execPath, cmd, { cwd: repo });
  const wall = r.seconds;
  const summary =
    /history (.+?): ([\d,]+) commits?, ([\d,]+) blob versions, ([\d,]+) unique blobs? \(([\d,]+) scanned, ([\d,]+) skipped\), families: ([^;]+); ([\d.]+) s/.exec(
      r.stderr,
    );
  if (!summary) throw new Error(`no history summary on stderr:\n${r.stderr}`);
  const num = (s) => Number(s.replace(/,/g, ''));
  const time = /AGTIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(dirname(out), { recursive: true, force: true });
  const history = report.findings.filter((f) => f.properties?.history);
  return {
    range: summary[1],
    commits: num(summary[2]),
    blobVersions: num(summary[3]),
    uniqueBlobs: num(summary[4]),
    scannedBlobs: num(summary[5]),
    skippedBlobs: num(summary[6]),
    historySeconds: Number(summary[8]),
    totalWallSeconds: Number((time ? Number(time[1]) : wall).toFixed(2)),
    cpuSeconds: time ? Number((Number(time[2]) + Number(time[3])).toFixed(2)) : null,
    maxRssMiB: time ? Math.round(Number(time[4]) / 1024) : null,
    findings: report.findings.length,
    historyFindings: history.length,
    treeFindings: report.findings.length - history.length,
  };
}

function measure(name, repo) {
  process.stderr.write(`[${name}] scanning ${repo} ...\n`);
  const r = runAgentGuard(repo);
  const snapshotBlobs = snapshotBlobCount(repo, 'HEAD');
  const perBlob = r.historySeconds / Math.max(1, r.scannedBlobs);
  return {
    name,
    ...r,
    snapshotBlobs,
    naiveVersionsSeconds: Number((perBlob * r.blobVersions).toFixed(1)),
    naiveSnapshotSeconds: Number((perBlob * snapshotBlobs).toFixed(1)),
  };
}

function prepareReal(dir) {
  const bare = git(dir, ['rev-parse', '--is-bare-repository']).toString().trim() === 'true';
  if (!bare) return { repo: dir, cleanup: () => {} };
  const tmp = mkdtempSync(join(tmpdir(), 'ag-bench-real-'));
  const repo = join(tmp, 'repo');
  git(tmp, ['clone', '-q', '--no-checkout', dir, repo]);
  // A mirror may lack its largest blobs: check out everything else.
  const tree = git(repo, ['ls-tree', '-r', '-z', 'HEAD']).toString().split('\0').filter(Boolean);
  const ids = tree.map((e) => e.split('\t')[0].split(' ')[2]);
  const check = git(repo, ['cat-file', '--batch-check'], ids.join('\n') + '\n')
    .toString()
    .split('\n');
  const missing = new Set(check.filter((l) => l.endsWith(' missing')).map((l) => l.split(' ')[0]));
  const exclude = tree.filter((e) => missing.has(e.split('\t')[0].split(' ')[2])).map((e) => `:(exclude,literal)${e.split('\t')[1]}`);
  git(repo, ['checkout', '-q', 'HEAD', '--', '.', ...exclude]);
  return { repo, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

const results = [];
if (GENERATED) {
  const tmp = mkdtempSync(join(tmpdir(), 'ag-bench-gen-'));
  try {
    const t = performance.now();
    const gen = generateRepo(tmp, COMMITS);
    process.stderr.write(
      `[generated] ${COMMITS} commits in ${((performance.now() - t) / 1000).toFixed(1)} s; ${gen.keysAdded} keys added, ${gen.keptInHead ? 'the last one kept in HEAD' : 'all removed'}\n`,
    );
    results.push({ ...measure(`generated (${COMMITS} commits)`, tmp), keysAdded: gen.keysAdded });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
if (REAL) {
  const real = prepareReal(resolve(REAL));
  try {
    const head = git(real.repo, ['rev-parse', 'HEAD']).toString().trim();
    results.push({ ...measure(`${REAL.replace(/\/+$/, '').split('/').slice(-2).join('/')} @ ${head.slice(0, 7)}`, real.repo) });
  } finally {
    real.cleanup();
  }
}

const n = (x) => (x === null || x === undefined ? '–' : typeof x === 'number' ? x.toLocaleString('en-US') : x);
console.log(`agent-guard history benchmark (${BIN}, node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`);
console.log(
  '| repository | commits | unique blobs (scanned) | blob versions (per-commit changes) | snapshot blobs (per-commit trees) | history part | scan --history total (wall / CPU) | naive, per-commit changes (extrapolated) | naive, per-commit trees (extrapolated) | findings (history / tree) |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.name} | ${n(r.commits)} | ${n(r.uniqueBlobs)} (${n(r.scannedBlobs)}) | ${n(r.blobVersions)} (×${(r.blobVersions / Math.max(1, r.uniqueBlobs)).toFixed(2)}) | ${n(r.snapshotBlobs)} (×${(r.snapshotBlobs / Math.max(1, r.uniqueBlobs)).toFixed(0)}) | ${r.historySeconds} s | ${r.totalWallSeconds} s / ${n(r.cpuSeconds)} s | ${r.naiveVersionsSeconds} s | ${r.naiveSnapshotSeconds} s | ${r.historyFindings} / ${r.treeFindings} |`,
  );
}
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(results, null, 2) + '\n');
