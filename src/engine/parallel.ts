/**
 * A working-tree scan spread over worker threads: the main thread lists the files; every thread, this one
 * included, takes small batches of them from one shared queue (so a thread stuck on a large file does not
 * hold the others up); each worker runs one analysis session (its own parser, file cache and cross-file
 * memo) over its batches and sends back its part; the parts are merged and numbered exactly as a
 * single-threaded scan would, so the report is the same whatever the number of workers.
 *
 * Workers run the bundle itself (dist/cli.js, dist/action.js): the bundle's entry calls
 * `enableScanWorkers(import.meta.url)` and, in a worker, `runScanWorker()`. From sources (tests) no entry is
 * set and scans run in this thread.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { AgentGuardConfig } from '../core/config.js';
import { globalRedactor } from '../core/redact.js';
import { trackReads } from '../core/reads.js';
import type { Rule } from '../core/types.js';
import { ALL_RULES } from '../families/index.js';
import { readSource } from '../sources/read.js';
import type { ScanRoot } from '../sources/discover.js';
import { workingTreeView, type ScanEntry, type ScanInput } from '../sources/working-tree.js';
import {
  Analysis,
  assembleResult,
  runRules,
  sessionLimits,
  type PartialScan,
  type ProgressListener,
  type RulesRunner,
  type RunHooks,
  type ScanProgress,
  type ScanResult,
} from './engine.js';
import { pathSecretNotices } from './path-secrets.js';
import { codeLanguagesOf, warmParsers } from '../parsing/parsers.js';

/** Files per batch: small enough to balance, large enough that messages cost nothing next to parsing. */
const BATCH = 8;
/**
 * Each worker's young generation (MB). V8's default (tens of MB per isolate) is memory every worker holds
 * on top of its own wasm heap and bundle; a small one keeps a worker's peak RSS down for no measurable CPU
 * (openai-agents-js, two workers: peak RSS 330 -> 289 MB at the same CPU seconds, within noise).
 */
const WORKER_YOUNG_GENERATION_MB = 4;
/** Below this many files a worker's start-up (loading the bundle and the parsers) costs more than it saves. */
const MIN_FILES_PER_WORKER = 40;

let workerEntry: URL | undefined;

/** Called by a bundle's entry: scans may start workers running that same file. */
export function enableScanWorkers(entry: string | URL): void {
  workerEntry = new URL(entry);
}

/** The default --jobs: every core the process may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** What a worker thread is started with: it waits for its `WorkerSetup`, loading the parsers meanwhile. */
interface WorkerStart {
  agentGuardScanWorker: true;
}

/** The first message a worker receives: its part of the scan. */
interface WorkerSetup {
  root: ScanRoot;
  config: AgentGuardConfig;
  /** Record each file's outcome and reads for the scan cache. */
  record: boolean;
  /** The files to analyze (each read at ROOT/path), shared by every thread through `queue`. */
  paths: string[];
  /** Every path of the repository, as this thread listed it (the worker does not list them again); null: `paths`. */
  repositoryPaths: string[] | null;
  /** The shared work queue (see `WorkQueue`). */
  queue: SharedArrayBuffer;
  /** This worker's slot in the queue, and how many workers share it. */
  slot: number;
  workers: number;
}

/**
 * Batches of `paths` taken by every thread without asking anyone: slot 0 of the shared array is the next
 * index, slot 1 + w the first index of the batch worker w holds (-1: none), and after those one cell per
 * batch, 1 + w once worker w took it. A thread busy with a long batch never keeps the others waiting, as a
 * queue served by messages to this thread did (the worker sat idle for a third of an openai-agents-js scan
 * while this thread finished its own batch); and when a worker dies, the cells say which batches died with
 * it: the one it held, and the ones it finished, whose results it had not sent yet.
 */
export class WorkQueue {
  private readonly cells: Int32Array;
  private readonly owners: number;
  constructor(
    readonly buffer: SharedArrayBuffer,
    private readonly length: number,
    workers: number,
  ) {
    this.cells = new Int32Array(buffer);
    this.owners = 1 + workers;
  }
  static create(length: number, workers: number): WorkQueue {
    const queue = new WorkQueue(new SharedArrayBuffer(4 * (1 + workers + Math.ceil(length / BATCH))), length, workers);
    queue.cells.fill(-1, 1, 1 + workers);
    return queue;
  }
  /** The next batch's [start, end), or null when every batch is taken. `slot` records it for a worker. */
  take(slot?: number): [number, number] | null {
    const start = Atomics.add(this.cells, 0, BATCH);
    if (start >= this.length) {
      if (slot !== undefined) Atomics.store(this.cells, 1 + slot, -1);
      return null;
    }
    if (slot !== undefined) {
      Atomics.store(this.cells, this.owners + start / BATCH, 1 + slot);
      Atomics.store(this.cells, 1 + slot, start);
    }
    return [start, Math.min(start + BATCH, this.length)];
  }
  /** The batch worker `slot` holds (taken and not finished), or null. */
  held(slot: number): [number, number] | null {
    const start = Atomics.load(this.cells, 1 + slot);
    return start < 0 ? null : [start, Math.min(start + BATCH, this.length)];
  }
  /** Every batch worker `slot` took, finished or not. */
  takenBy(slot: number): [number, number][] {
    const out: [number, number][] = [];
    for (let b = 0, start = 0; start < this.length; b++, start += BATCH)
      if (Atomics.load(this.cells, this.owners + b) === 1 + slot) out.push([start, Math.min(start + BATCH, this.length)]);
    return out;
  }
}

type FromWorker = { type: 'progress'; path: string; family: string } | { type: 'file-done' } | { type: 'result'; part: PartialScan; secrets: string[] };

/**
 * The scan runner for `--jobs N`: for a working-tree scan with every rule (the rules a worker loads) and
 * enough files, this thread and N - 1 worker threads; this thread alone otherwise (staged blobs, history,
 * tests from sources). `chose` is told how many threads analyze, and how many of the workers were `warm`.
 */
export function parallelRunner(jobs: number, chose: (threads: number, early: number) => void = () => {}, warm?: WarmWorkers, lost?: WorkerLost): RulesRunner {
  return (input, config, rules, started, onProgress, hooks) => {
    // a large scan parses files of most of its languages: their grammars load together now, not one at a
    // time when each language's first file waits for it (36 ms for TypeScript, 55 ms for JavaScript in a
    // worker of an openai-agents-js scan); a small one (a commit's files) may parse nothing
    if (input.entries.length >= MIN_FILES_PER_WORKER) void warmParsers(codeLanguagesOf(input.entries.map((e) => e.path))).catch(() => {});
    const fromDisk = input.entries.every((e) => e.absPath);
    const threads = fromDisk && rules === ALL_RULES ? workerCount(jobs, input.entries.length) : 1;
    const ready = warm?.take(threads - 1) ?? [];
    chose(threads, ready.length);
    return threads > 1
      ? runRulesInWorkers(input, config, rules, threads - 1, started, onProgress, hooks, ready, lost)
      : runRules(input, config, rules, started, onProgress, hooks);
  };
}

/**
 * Told when a worker ends without sending its results: why, and how many files it had taken (each reported
 * as a rule error; 0 when it stopped before taking any, and this thread analyzed its share).
 */
export type WorkerLost = (reason: string, files: number) => void;

/**
 * Worker threads started before the scan knows its files: each loads the bundle and the parsers (about
 * half a second) while this thread loads the config and lists the files, instead of after. A runner takes
 * those it needs; `stop` ends the others. They never keep the process alive while waiting.
 */
export class WarmWorkers {
  private idle: StartedWorker[];
  /**
   * Starts `jobs - 1` workers when the repository at `root` tracks enough files for them to be used (its git
   * index says how many, in its first 12 bytes): a worker stopped while it loads the bundle would delay the
   * exit of a small scan.
   */
  constructor(jobs: number, root: ScanRoot) {
    const count = workerEntry && isMainThread && jobs > 1 ? workerCount(jobs, trackedFileCount(root) ?? 0) - 1 : 0;
    this.idle = Array.from({ length: count }, startWorker);
    for (const { worker } of this.idle) worker.unref();
  }
  /** Up to `count` started workers (the rest are stopped: the scan will not use them). */
  take(count: number): StartedWorker[] {
    const taken = this.idle.slice(0, Math.max(0, count));
    this.stop(taken.length);
    for (const { worker } of taken) worker.ref();
    return taken;
  }
  /** Stop the workers not taken (from the `from`th on). */
  stop(from = 0): void {
    for (const { worker } of this.idle.slice(from)) void worker.terminate();
    this.idle = [];
  }
}

/**
 * A worker thread and its end, watched from its start: a warm worker may fail while it waits (or between
 * being taken and being given its files), and its end must still be seen, or the scan would wait forever.
 */
interface StartedWorker {
  worker: Worker;
  /** Why it ended: its error's first line, or its exit code. */
  ended: Promise<string>;
}

/** The number of entries in the git index of the repository at `root` (null: not a plain git checkout, or unreadable). */
export function trackedFileCount(root: ScanRoot): number | null {
  if (!root.isGit) return null;
  let fd: number | undefined;
  try {
    fd = openSync(join(root.root, '.git', 'index'), 'r');
    const header = Buffer.alloc(12);
    if (readSync(fd, header, 0, 12, 0) !== 12 || header.toString('latin1', 0, 4) !== 'DIRC') return null;
    return header.readUInt32BE(8);
  } catch {
    return null; // a worktree or submodule (.git is a file), or no index yet
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function startWorker(): StartedWorker {
  const worker = new Worker(workerEntry!, {
    workerData: { agentGuardScanWorker: true } satisfies WorkerStart,
    stdout: false,
    stderr: false,
    resourceLimits: {
      maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB,
      ...(sessionLimits.workerHeapMb ? { maxOldGenerationSizeMb: sessionLimits.workerHeapMb } : {}),
    },
  });
  let error: string | undefined;
  worker.on('error', (err) => (error ??= err.message.split('\n')[0]));
  const ended = new Promise<string>((resolve) => worker.once('exit', (code) => resolve(error ?? `exit code ${code}`)));
  return { worker, ended };
}

/** How many threads analyze a scan of `files` files with `jobs` asked for (1: this thread alone; N: this one and N - 1 workers). */
export function workerCount(jobs: number, files: number): number {
  if (!workerEntry || !isMainThread) return 1;
  return Math.max(1, Math.min(jobs, Math.floor(files / MIN_FILES_PER_WORKER)));
}

/**
 * Scan a working-tree input over this thread and `workers` worker threads, all taking batches from one
 * queue: this thread analyzes too (from the first batch, while the workers start), so a scan on N cores
 * loads the bundle and the parsers N - 1 more times, not N (each costs about 55 MB of RSS and half a second
 * of CPU). A worker that dies (out of memory, a crash) does not lose files silently: every file it took
 * (its results come at its end) becomes a rule error, and the files it did not take are analyzed here.
 */
export async function runRulesInWorkers(
  input: ScanInput,
  config: AgentGuardConfig,
  rules: Rule[],
  workers: number,
  started: number,
  onProgress: ProgressListener = () => {},
  hooks: RunHooks = {},
  warm: StartedWorker[] = [],
  onLost: WorkerLost = () => {},
): Promise<ScanResult> {
  const pathNotices = hooks.pathNotices ?? (await pathSecretNotices(input, config));
  const record = Boolean(hooks.recorded);
  const entries = input.entries.filter((e) => e.absPath);
  const total = input.entries.length;
  let done = 0;
  const parts: PartialScan[] = [];
  const queue = WorkQueue.create(entries.length, workers);
  const paths = entries.map((e) => e.path);
  const repositoryPaths = await input.repository.allPaths();
  const shared = {
    root: input.root,
    config,
    record,
    paths,
    // a full scan's two lists are the same: sent once (each worker holds its own copy; 50,000 paths are megabytes)
    repositoryPaths: sameList(paths, repositoryPaths) ? null : repositoryPaths,
    queue: queue.buffer,
  };

  const runWorker = (slot: number) =>
    new Promise<void>((resolve) => {
      const { worker, ended } = warm[slot] ?? startWorker();
      let finished = false;
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'progress') onProgress({ done, total, path: message.path, family: message.family });
        else if (message.type === 'file-done') onProgress({ done: ++done, total });
        else if (message.type === 'result') {
          finished = true;
          for (const secret of message.secrets) globalRedactor.add(secret);
          parts.push(message.part);
        }
      });
      // A worker sends its results once, at its end: a worker that dies loses the batch it held and those
      // it finished. Each of their files is a rule error, never a clean result.
      const lost = (reason: string) => {
        if (finished) return;
        finished = true;
        const ruleErrors = queue
          .takenBy(slot)
          .flatMap((batch) => entries.slice(...batch).map((e) => ({ path: e.path, reason: `analysis worker stopped: ${reason}` })));
        parts.push({ pending: [], skipped: [], ruleErrors, notices: [], suppressed: 0, files: 0, bytes: 0, testFiles: 0 });
        onLost(reason, ruleErrors.length);
      };
      void ended.then((reason) => {
        lost(reason);
        resolve();
      });
      worker.postMessage({ ...shared, slot, workers } satisfies WorkerSetup);
    });

  // This thread's share: batches from the same queue, told as the workers' files are. Batches a worker
  // did not take before it died are taken here.
  const analysis = new Analysis(input, config, rules, record);
  const told = (p: ScanProgress) => (p.path && p.family ? onProgress({ done, total, path: p.path, family: p.family }) : onProgress({ done: ++done, total }));
  const here = async () => {
    for (let batch = queue.take(); batch; batch = queue.take()) {
      await analysis.run(entries.slice(...batch), told);
      // a turn of the event loop: the workers' progress messages are told now, not after this thread's last batch
      await new Promise((resolve) => setImmediate(resolve));
    }
    // entries not read from the working tree
    const rest = input.entries.filter((e) => !e.absPath);
    if (rest.length) await analysis.run(rest, told);
  };
  await Promise.all([here(), ...Array.from({ length: workers }, (_, slot) => runWorker(slot))]);
  parts.push(await analysis.finish());
  for (const part of parts) hooks.recorded?.push(...(part.outcomes ?? []));
  return assembleResult(input, config, rules, [...(hooks.parts ?? []), ...parts], pathNotices, started);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Whether this thread is a scan worker started by runRulesInWorkers. */
export function isScanWorker(): boolean {
  return !isMainThread && Boolean((workerData as WorkerStart | undefined)?.agentGuardScanWorker);
}

/** The worker's side: take batches from the shared queue until none is left, then send the part. */
export async function runScanWorker(): Promise<void> {
  const port = parentPort!;
  const setup = new Promise<WorkerSetup>((resolve) => port.once('message', resolve));
  // Loading the parsers while this worker waits for its setup (a warm worker waits for the file list).
  await warmParsers().catch(() => {}); // a parser that cannot load fails the files that need it, with the reason
  const { root, config, record, paths, repositoryPaths, queue: buffer, slot, workers } = await setup;
  void warmParsers(codeLanguagesOf(paths)).catch(() => {}); // the scan's other languages (JavaScript, TSX), before their first file
  trackReads(record);
  const input: ScanInput = { root, entries: [], skipped: [], repository: workingTreeView(root.root, config, () => repositoryPaths ?? paths) };
  const analysis = new Analysis(input, config, ALL_RULES, record);
  const queue = new WorkQueue(buffer, paths.length, workers);
  for (let batch = queue.take(slot); batch; batch = queue.take(slot)) {
    const entries: ScanEntry[] = paths.slice(...batch).map((path) => {
      const absPath = join(root.root, path);
      return { path, absPath, load: () => readSource(path, absPath, config.maxFileSize) };
    });
    await analysis.run(entries, (p) => {
      if (p.path && p.family) port.postMessage({ type: 'progress', path: p.path, family: p.family } satisfies FromWorker);
      else port.postMessage({ type: 'file-done' } satisfies FromWorker);
    });
  }
  // The worker exits after this message: freeing its parse trees one by one would only cost time.
  port.postMessage({ type: 'result', part: await analysis.finish(false), secrets: globalRedactor.registered() } satisfies FromWorker);
  port.close();
}
