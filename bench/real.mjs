// Full scan of a real repository, side by side with a peer in the same script: secretlint's core with the
// recommended preset (profiler off) over the same git-listed files. The ratio is the figure issue 16 sets
// (at most 2.0x the peer's wall time); both are medians of interleaved runs, each run a fresh process.
//
//   node bench/real.mjs DIR [--runs 5] [--families] [--jobs N]
//     DIR         a checkout (e.g. git --git-dir=/work/.mirror/openai+openai-agents-js/repo archive HEAD | tar -x -C DIR,
//                 then git init && git add -A in DIR: both scanners list files through git)
//     --families  also scan once per family (the others switched off in a config outside DIR)
//     --jobs N    pass --jobs N to agent-guard; --jobs 1,2 times each count in the same interleaved runs and
//                 prints the speed-up over the first (--families and --cache use the first)
//     --cache     also `scan --cache` (issue 16, item 4) on a copy of DIR: cold (no cache file), warm with nothing
//                 changed, and warm after a one-file change (--touch PATH, default the first .ts/.py file git
//                 lists; a new line appended, different each run), each interleaved with the peer
//   AGENT_GUARD_CLI=/path/to/cli.js measures another build (default dist/cli.js)
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, median, timed as run } from './lib/run.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cli = resolve(process.env.AGENT_GUARD_CLI ?? join(here, '..', 'dist', 'cli.js'));
const measure = join(here, 'lib', 'measure.mjs');
const peer = join(here, 'lib', 'secretlint-peer.mjs');
const FAMILIES = ['secret', 'tool-input', 'rate-limit', 'tool-payload'];

const argv = process.argv.slice(2);
const dir = resolve(argv.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? '.');
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const RUNS = Number(option('runs', 5));
// `--jobs 1,2`: each job count timed in the same interleaved runs, with its speed-up over the first
const jobCounts = option('jobs', undefined)?.split(',') ?? [undefined];
const jobs = jobCounts[0];

/** One fresh process: wall seconds, and the peak RSS and CPU it reports on fd 3. */
function timed(args) {
  const r = run(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'], ok: [0, 1] });
  const [rss, cpu] = String(r.fds[3] ?? '')
    .trim()
    .split(' ')
    .map(Number);
  return { seconds: r.seconds, rssMiB: (rss || 0) / 1024, cpuSeconds: cpu || 0, stdout: r.stdout, stderr: r.stderr };
}

const scanArgs = (extra = [], n = jobs) => [measure, cli, 'scan', dir, '--format', 'json', '--fail-on', 'never', ...(n ? ['--jobs', n] : []), ...extra];
const summary = (runs) => ({
  wall: median(runs.map((r) => r.seconds)),
  cpu: median(runs.map((r) => r.cpuSeconds)),
  rss: Math.max(...runs.map((r) => r.rssMiB)),
});
const row = (name, s, peerWall) =>
  `${name.padEnd(26)} ${s.wall.toFixed(2).padStart(7)} ${s.cpu.toFixed(2).padStart(7)} ${s.rss.toFixed(0).padStart(9)}${peerWall ? `   ${(s.wall / peerWall).toFixed(2)}x` : ''}`;

const files = git(dir, ['ls-files', '-z']).split('\0').filter(Boolean).length;
console.log(`${dir}: ${files} files; median of ${RUNS} interleaved runs; node ${process.version}; ${cli}`);
const scans = jobCounts.map(() => []);
const peers = [];
for (let i = 0; i < RUNS; i++) {
  jobCounts.forEach((n, k) => scans[k].push(timed(scanArgs([], n))));
  peers.push(timed([measure, peer, dir]));
}
const peerSummary = summary(peers);
const report = JSON.parse(scans[0][0].stdout);
console.log(`${'run'.padEnd(26)} ${'wall s'.padStart(7)} ${'cpu s'.padStart(7)} ${'RSS MiB'.padStart(9)}   vs peer`);
console.log(row('secretlint core (peer)', peerSummary));
const firstWall = summary(scans[0]).wall;
jobCounts.forEach((n, k) => {
  const s = summary(scans[k]);
  const speedUp = k > 0 ? `   ${(firstWall / s.wall).toFixed(2)}x as fast as --jobs ${jobCounts[0]}` : '';
  console.log(row(`agent-guard scan${n ? ` --jobs ${n}` : ''}`, s, peerSummary.wall) + speedUp);
  // the report is the same for any number of threads
  if (scans[k][0].stdout !== scans[0][0].stdout) console.log(`  the report of --jobs ${n} DIFFERS from that of --jobs ${jobCounts[0]}`);
});
console.log(`  ${report.findings.length} findings, ${report.summary.ruleErrors} rule errors, ${report.summary.skipped} skipped`);

if (argv.includes('--cache')) {
  // A copy, so the one-file change never touches DIR; the cache file outside it.
  const work = mkdtempSync(join(tmpdir(), 'agent-guard-bench-cache-'));
  try {
    const copy = join(work, 'tree');
    cpSync(dir, copy, { recursive: true });
    const cacheFile = join(work, 'scan-cache.json');
    const listed = git(copy, ['ls-files', '-z']).split('\0').filter(Boolean);
    const touch = option('touch', undefined) ?? listed.find((p) => /\.(ts|py)$/.test(p) && !p.endsWith('.d.ts'));
    const cached = (extra = []) => [
      measure,
      cli,
      'scan',
      copy,
      '--format',
      'json',
      '--fail-on',
      'never',
      '--cache-location',
      cacheFile,
      '--verbose',
      ...(jobs ? ['--jobs', jobs] : []),
      ...extra,
    ];
    const reuse = (r) => /scan cache .*: (\d+ of \d+ files reused, \d+ analyzed)/.exec(r.stderr)?.[1] ?? '?';
    const plain = timed([measure, cli, 'scan', copy, '--format', 'json', '--fail-on', 'never', ...(jobs ? ['--jobs', jobs] : [])]).stdout;
    const rows = { cold: [], warm: [], touched: [], peer: [] };
    const seen = {};
    for (let i = 0; i < RUNS; i++) {
      rmSync(cacheFile, { force: true });
      rows.cold.push(timed(cached()));
      rows.warm.push(timed(cached()));
      appendFileSync(join(copy, touch), `\n// bench edit ${i}\n`);
      rows.touched.push(timed(cached()));
      rows.peer.push(timed([measure, peer, copy]));
      for (const k of ['cold', 'warm', 'touched']) seen[k] = reuse(rows[k][i]);
    }
    // The cached reports of the unchanged tree are the uncached one.
    const same = rows.cold[0].stdout === plain && rows.warm[0].stdout === plain;
    const peerCached = summary(rows.peer);
    console.log(`scan --cache on a copy (one-file change: ${touch}); cold and warm reports ${same ? 'identical to' : 'DIFFERENT from'} the uncached one`);
    console.log(row('secretlint core (peer)', peerCached));
    console.log(row('--cache cold', summary(rows.cold), peerCached.wall) + `   ${seen.cold}`);
    console.log(row('--cache warm, unchanged', summary(rows.warm), peerCached.wall) + `   ${seen.warm}`);
    console.log(row('--cache warm, 1 file edited', summary(rows.touched), peerCached.wall) + `   ${seen.touched}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (argv.includes('--families')) {
  const configs = mkdtempSync(join(tmpdir(), 'agent-guard-bench-config-'));
  try {
    for (const family of FAMILIES) {
      const config = join(configs, `${family}.yml`);
      writeFileSync(
        config,
        `rules:\n${FAMILIES.filter((f) => f !== family)
          .map((f) => `  "${f}/*": off\n`)
          .join('')}`,
      );
      const runs = Array.from({ length: RUNS }, () => timed(scanArgs(['--config', config])));
      console.log(row(`  ${family} only`, summary(runs), peerSummary.wall));
    }
  } finally {
    rmSync(configs, { recursive: true, force: true });
  }
}
