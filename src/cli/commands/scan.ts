import { resolve } from 'node:path';
import { activeRules, loadRootAndConfig, scan } from '../../engine/engine.js';
import { ALL_RULES } from '../../families/index.js';
import type { Command } from '../command.js';
import { HISTORY_OPTIONS, HISTORY_USAGE, historyPlan, runHistoryScan } from '../../app/history-options.js';
import { planScan, SCAN_MODE_OPTIONS, SCAN_MODE_USAGE } from '../../app/scan-modes.js';
import { emitReport, REPORT_OPTIONS, REPORT_USAGE } from '../../app/scan-output.js';
import { verbose } from '../../app/io.js';
import { progressLine } from '../../app/progress.js';
import { defaultJobs, parallelRunner, WarmWorkers } from '../../engine/parallel.js';
import { UsageError } from '../../core/errors.js';
import { CACHE_OPTIONS, CACHE_USAGE, openScanCache, wantsCache, withScanCache } from '../../app/cache-options.js';
import { plural } from '../../reporters/types.js';

export const scanCommand: Command = {
  name: 'scan',
  summary: 'scan files of a repository and report findings',
  usage: 'agent-guard scan [PATH...] [options]',
  description: `Scans PATH (default: the current directory). Paths in the report are relative to the root of the git
repository holding the first PATH (or to PATH itself outside git); the config is read from that root.
Exit 0: nothing at or above --fail-on; 1: findings at or above it, or a rule that failed on a file (a file
not fully analyzed is not a clean result; --fail-on never still exits 0); 2: usage, config or internal error.`,
  optionsHelp: `${REPORT_USAGE}
  -c, --config FILE     use FILE instead of .agent-guard.yml at the root
  -j, --jobs N          analyze files on N threads (default: every core available to the process);
                        the report is the same for any N; small scans run on one
${CACHE_USAGE}
${SCAN_MODE_USAGE}
${HISTORY_USAGE}`,
  options: {
    ...REPORT_OPTIONS,
    ...CACHE_OPTIONS,
    ...SCAN_MODE_OPTIONS,
    ...HISTORY_OPTIONS,
    config: { type: 'string', short: 'c' },
    jobs: { type: 'string', short: 'j' },
  },
  allowPositionals: true,
  async run(args, io) {
    const paths = (args.positionals.length ? args.positionals : ['.']).map((p) => resolve(io.cwd, p));
    const configFile = args.values.config ? resolve(io.cwd, args.values.config as string) : undefined;
    const jobs = parseJobs(args.values.jobs);
    const plan = planScan(args, io, paths);
    const history = historyPlan(args);
    const loading = performance.now();
    const { root, config } = loadRootAndConfig(plan.rootPaths, ALL_RULES, configFile);
    // A full working-tree scan of a large repository will use worker threads: they start now, while the
    // files are listed (not for staged, changed-file, cached or history scans, mostly too small).
    const warm = new WarmWorkers(plan.workingTree && !history && !wantsCache(args) ? jobs : 1, root);
    verbose(
      io,
      `root ${root.root} (${root.isGit ? 'git repository' : 'not in git'}); config ${config.source ?? 'none (defaults)'}; loaded in ${Math.round(performance.now() - loading)} ms`,
    );
    verbose(
      io,
      `${activeRules(ALL_RULES, config).length} of ${ALL_RULES.length} rules enabled; scanning ${plan.describe()}${history ? ', plus git history' : ''}`,
    );
    if (history && wantsCache(args)) throw new UsageError('--cache cannot be used with a history scan');
    const cached = withScanCache(
      openScanCache(args, io, root.root, config, ALL_RULES),
      parallelRunner(
        jobs,
        (n, early) =>
          verbose(
            io,
            `analyzing on ${n === 1 ? 'this thread' : `this thread and ${n - 1} worker thread${n > 2 ? 's' : ''}`} (--jobs ${jobs}${early ? `; ${early} started while the files were listed` : ''})`,
          ),
        warm,
        (reason, files) =>
          verbose(
            io,
            `a worker thread stopped (${reason}): ${files ? `the ${plural(files, 'file')} it took are reported as not analyzed` : 'before it took any file; the other threads analyzed its share'}`,
          ),
      ),
      io,
    );
    const progress = progressLine(io, String(args.values.format ?? 'text'));
    let scanned;
    try {
      scanned = history
        ? await runHistoryScan(history, root, config, await plan.input(root, config), ALL_RULES, io)
        : await scan({
            paths: plan.rootPaths,
            rules: ALL_RULES,
            config,
            root,
            input: plan.input,
            onProgress: progress.listener,
            runner: cached.runner,
          });
    } finally {
      progress.stop();
      warm.stop();
    }
    cached.report();
    const result = plan.finish(scanned);
    if (io.verbosity === 'verbose') for (const path of plan.scannedPaths()) verbose(io, `read ${path}`);
    return emitReport(result, args, io, config.failOn);
  },
};

/** `--jobs N`: a whole number from 1 to 64; absent = every available core. */
function parseJobs(value: unknown): number {
  if (value === undefined) return defaultJobs();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--jobs must be a whole number from 1 to 64, not "${String(value)}"`);
  return n;
}
