// Full-scan benchmark: generates synthetic agent repositories of N files (Python and TS tool modules,
// configs, JSONL payloads, plain code), commits them to git, and runs the shipped CLI bundle on each.
// Prints files/s, MB/s and peak RSS, next to a peer run in the same script: a Node process that only
// lists the same files through git and reads each one (the I/O floor any scanner pays). With two sizes or
// more it ends with the scaling table (issue 16: linear in time, flat in memory): per size, files, CPU
// seconds and peak RSS as multiples of the smallest size's. CPU seconds and RSS do not depend on how loaded
// the machine is; wall time does.
//
//   node bench/scan.mjs [N...] [--runs R] [--jobs J]   default sizes: 1000 10000; R: BENCH_RUNS or 3
//   npm run bench:scale                                 5000, 10000 and 50000 files, one run each
//   AGENT_GUARD_CLI=/path/to/cli.js                     measure another build of the CLI (default dist/cli.js)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRepository } from './lib/generate.mjs';
import { median, timed as run } from './lib/run.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cli = resolve(process.env.AGENT_GUARD_CLI ?? join(here, '..', 'dist', 'cli.js'));
const measure = join(here, 'lib', 'measure.mjs');
const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv.splice(i, 2)[1] : undefined;
};
const RUNS = Number(option('runs') ?? process.env.BENCH_RUNS ?? 3);
const jobs = option('jobs');
const sizes = argv.map(Number).filter(Boolean);

const PEER = `
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const files = execFileSync('git', ['ls-files', '-z'], { cwd: process.argv[1], maxBuffer: 1 << 30 }).toString().split('\\0').filter(Boolean);
let n = 0;
for (const f of files) n += readFileSync(process.argv[1] + '/' + f).length;
const u = process.resourceUsage();
require('node:fs').writeSync(3, u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime) / 1e6 + '\\n');
`;

/** A node run with its wall time, and the peak RSS and CPU time it reports on fd 3 (lib/measure.mjs, PEER). */
function timed(args) {
  const r = run(process.execPath, args, { env: process.env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], ok: [0, 1] });
  const [rss, cpu] = String(r.fds[3] ?? '')
    .trim()
    .split(' ')
    .map(Number);
  return { seconds: r.seconds, rssKiB: rss || 0, cpuSeconds: cpu || 0, stdout: r.stdout };
}

console.log(`agent-guard full-scan benchmark (${cli}), median of ${RUNS} runs${jobs ? `, --jobs ${jobs}` : ''}, node ${process.version}`);
console.log('files   MB     scan s  cpu s  files/s  MB/s   peak RSS MiB  findings | peer read s  scan/peer');
const rows = [];
for (const n of sizes.length ? sizes : [1000, 10000]) {
  const dir = mkdtempSync(join(tmpdir(), `agent-guard-bench-${n}-`));
  try {
    const bytes = generateRepository(dir, n, n);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['add', '-A'], { cwd: dir });
    const scans = [];
    const peers = [];
    for (let i = 0; i < RUNS; i++) {
      scans.push(timed([measure, cli, 'scan', dir, '--format', 'json', '--fail-on', 'never', ...(jobs ? ['--jobs', jobs] : [])]));
      peers.push(timed(['-e', PEER, dir]));
    }
    const scanS = median(scans.map((s) => s.seconds));
    const cpuS = median(scans.map((s) => s.cpuSeconds));
    const peerS = median(peers.map((s) => s.seconds));
    const rss = Math.max(...scans.map((s) => s.rssKiB)) / 1024;
    const findings = JSON.parse(scans[0].stdout).findings.length;
    const mb = bytes / 1e6;
    rows.push({ n, cpuS, rss });
    console.log(
      `${String(n).padEnd(7)} ${mb.toFixed(1).padEnd(6)} ${scanS.toFixed(2).padEnd(7)} ${cpuS.toFixed(2).padEnd(6)} ${(n / scanS).toFixed(0).padEnd(8)} ${(mb / scanS).toFixed(2).padEnd(6)} ${rss.toFixed(0).padEnd(13)} ${String(findings).padEnd(8)} | ${peerS.toFixed(2).padEnd(11)}  ${(scanS / peerS).toFixed(1)}x`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (rows.length > 1) {
  // Linear in time: CPU grows as the files do (the last column stays near 1.0). Flat in memory: RSS does not.
  const [base] = rows;
  console.log(`\nscaling against ${base.n} files (CPU s and peak RSS; not wall time, which the machine's load moves)`);
  console.log('files   x files  cpu s   x cpu   ms cpu/file  peak RSS MiB  x RSS   x cpu / x files');
  for (const r of rows) {
    const files = r.n / base.n;
    const cpu = r.cpuS / base.cpuS;
    console.log(
      `${String(r.n).padEnd(7)} ${files.toFixed(1).padEnd(8)} ${r.cpuS.toFixed(2).padEnd(7)} ${cpu.toFixed(2).padEnd(7)} ${((r.cpuS / r.n) * 1000).toFixed(2).padEnd(12)} ${r.rss.toFixed(0).padEnd(13)} ${(r.rss / base.rss).toFixed(2).padEnd(7)} ${(cpu / files).toFixed(2)}`,
    );
  }
}
