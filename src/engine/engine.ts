import { loadConfig } from '../config/load.js';
import type { AgentGuardConfig } from '../core/config.js';
import { parseCode, type ParsedTree } from '../parsing/parsers.js';
import { findRoot, type ScanRoot } from '../sources/discover.js';
import { memoTable } from '../core/memo.js';
import { newReadSet, recordListing, recordRead, SharedMemo, withReads } from '../core/reads.js';
import { WeightedLru } from '../core/lru.js';
import { HeapPacer, limitHeapGrowth } from './heap.js';
import { workingTreeInput, type ScanEntry, type ScanInput } from '../sources/working-tree.js';
import { languageOf, type SourceFile } from '../core/source-file.js';
import { compareRanges } from '../core/location.js';
import { fingerprintOf, lineHashes, normalizeLine, sha256, snippetOf } from '../core/fingerprint.js';
import { globalRedactor, maskSecret } from '../core/redact.js';
import { ConfigIgnores, inlineSuppressionFor } from './suppress.js';
import { pathSecretNotices } from './path-secrets.js';
import { TEST_EXEMPT_FAMILIES, testCodeFilter } from './test-files.js';
import {
  docsUrl,
  type Finding,
  type ProjectContext,
  type Report,
  type Rule,
  type RuleContext,
  type RuleMeta,
  type Notice,
  type Severity,
  type SkippedFile,
} from '../core/types.js';

export interface ScanResult {
  root: string;
  findings: Finding[];
  skipped: SkippedFile[];
  /**
   * A rule that failed on a file (it threw: a stack overflow on hostile input, a bug). The scan goes on, but
   * the file was not fully analyzed, so a rule error is never a clean result: every format shows it and it
   * fails the scan like an error-level finding (`exitCodeFor` in src/app/scan-output.ts).
   */
  ruleErrors: RuleError[];
  rules: RuleMeta[];
  suppressed: number;
  /** `testFiles`: files scanned that are test code by the config, which tool-input and rate-limit rules left alone. */
  stats: { files: number; bytes: number; durationMs: number; excluded?: number; dependencyFiles?: number; testFiles?: number };
  /** Notes that are not findings: suppressions without a reason, stale baseline entries. Absent = none. */
  notices?: Notice[];
}

/** A rule that could not run on a file: where, which rule, and why (one line). */
export interface RuleError extends SkippedFile {
  ruleId?: string;
}

export interface ScanOptions {
  paths: string[];
  configFile?: string;
  rules: Rule[];
  /** Overrides discovery (staged blobs, changed files, history). */
  input?: (root: ScanRoot, config: AgentGuardConfig) => Promise<ScanInput>;
  /** Config already loaded by the caller (so it is loaded once). */
  config?: AgentGuardConfig;
  /** With `config`: the root the caller found (so git is not asked again). */
  root?: ScanRoot;
  /** Told as files start and finish and as a file moves to another family's rules (a progress line). */
  onProgress?: ProgressListener;
  /** Runs the rules over the input: `runRules` (this thread) unless given (worker threads, parallel.ts). */
  runner?: RulesRunner;
}

export type RulesRunner = (
  input: ScanInput,
  config: AgentGuardConfig,
  rules: Rule[],
  started: number,
  onProgress?: ProgressListener,
  hooks?: RunHooks,
) => Promise<ScanResult>;

/** What the scan cache (src/engine/cache.ts) adds to a run: files it reused, and a place for what to keep. */
export interface RunHooks {
  /** Parts already known (files reused from the cache): merged into the result with the fresh ones. */
  parts?: PartialScan[];
  /** Notes on secret-looking path names, computed over every path of the scan (the input may hold only the misses). */
  pathNotices?: [string, Notice][];
  /** When set, the outcome of every file analyzed cleanly is added here (with what its analysis read). */
  recorded?: FileOutcome[];
}

/**
 * One file's share of a scan, as the scan cache keeps it: reusable while the file's text and every file its
 * analysis read are unchanged. Files with a rule error (or stopped by a budget) or a secret finding (the
 * secret itself must reach the output redactor) have none.
 */
export interface FileOutcome {
  path: string;
  /** sha256 of the file's text. */
  hash: string;
  bytes: number;
  pending: PendingFinding[];
  notices: [string, Notice][];
  suppressed: number;
  /** Other files the analysis read, with the sha256 of their text (null: absent or not readable as text). */
  reads: [string, string | null][];
  /** Whether it asked for the list of every path of the repository. */
  listed: boolean;
}

/** Where a scan is: files finished of all, and the file and rule family being analyzed. */
export interface ScanProgress {
  done: number;
  total: number;
  path?: string;
  family?: string;
}
export type ProgressListener = (progress: ScanProgress) => void;

export function loadRootAndConfig(paths: string[], rules: Rule[], configFile?: string): { root: ScanRoot; config: AgentGuardConfig } {
  const root = findRoot(paths[0] ?? '.');
  const config = loadConfig({ configFile, root: root.root, rules: rules.map((r) => r.meta) });
  return { root, config };
}

/** Rules enabled by the config, with the severity and options the config gives them. */
export function activeRules(rules: Rule[], config: AgentGuardConfig): { rule: Rule; severity: Severity; options: Record<string, unknown> }[] {
  const out = [];
  for (const rule of rules) {
    const setting = config.rules[rule.meta.id];
    if (setting?.severity === 'off') continue;
    out.push({
      rule,
      severity: (setting?.severity as Severity | undefined) ?? rule.meta.severity,
      options: { ...(rule.meta.defaultOptions ?? {}), ...(setting?.options ?? {}) },
    });
  }
  return out;
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => (k in data ? String(data[k]) : `{{${k}}}`));
}

/**
 * How much one analysis session (the scan's thread, or each worker: every one has its own wasm heap) keeps
 * between files. Parse trees live in web-tree-sitter's wasm memory, which grows to the most ever held and
 * never shrinks, so the trees kept for cross-file lookups are bounded by the size of their source (a
 * TypeScript tree takes 20-25 times its source: 256 KiB of source is about 6 MB of wasm memory), the
 * repository files read for those lookups by their size, and the files analyzed at once by theirs. Keeping
 * more buys little: on openai-agents-js a scan takes the same CPU time keeping 0, 1, 2 or 4 MiB of trees,
 * and its peak RSS grows with each (192, 211, 237, 269 MB with --jobs 1); awslabs/mcp with --jobs 1 takes
 * 23.4 s CPU and 181 MB keeping 256 KiB of trees and analyzing 256 KiB of files at once, 23.6 s and 222 MB
 * with 512 KiB of each.
 * `AGENT_GUARD_TREE_CACHE_BYTES` / `AGENT_GUARD_FILE_CACHE_BYTES` override them (benchmarks); tests set them here.
 */
export const sessionLimits = {
  /**
   * Source bytes of the trees kept for cross-file analysis; past it, at the next point where no file is being
   * analyzed, the least recently used are freed. 128 KiB rather than 256: the same parses within 0.5%
   * (openai-agents-js 256 -> 257 parses of 7.0 MB, awslabs/mcp 1,673 -> 1,679 of 27.5 MB, default --jobs),
   * about 7-10 MiB less peak RSS.
   */
  keptTreeSourceBytes: envBytes('AGENT_GUARD_TREE_CACHE_BYTES', 128 << 10),
  /**
   * Text bytes of the repository files kept read (any file may be read again: they hold no tree). A small
   * file costs about as much again in objects (its SourceFile, line index, promise): 4 MiB of text held 5,900
   * files of a generated repository. 1 MiB rather than 4: 50,000 generated files, --jobs 1, peak RSS 221-223
   * -> 208-212 MiB; the same reports, and the same CPU time within the noise (awslabs/mcp, openai-agents-js).
   */
  fileCacheBytes: envBytes('AGENT_GUARD_FILE_CACHE_BYTES', 1 << 20),
  /** Source bytes of the files analyzed at the same time (each one's tree is in memory while it is). */
  inFlightSourceBytes: envBytes('AGENT_GUARD_IN_FLIGHT_BYTES', 256 << 10),
  /**
   * V8 heap growth between two full collections, checked after each file, with the young generation kept
   * small (heap.ts; 0, the default: V8 decides alone). Opt-in (`AGENT_GUARD_GC_STEP_BYTES=16777216`, every
   * thread) where memory matters more than time: it trades CPU on V8's background threads for memory.
   * Quiet machine, 2 cores, peak RSS and wall, off -> 16 MiB steps: openai-agents-js default --jobs
   * 326-348 -> 278-292 MiB, wall +5%; --jobs 1 245 -> 199 MiB, same wall; generated repositories, --jobs 1:
   * 10,000 files 228 -> 147 MiB, wall +8%; 50,000 files 379 -> 227 MiB, wall +10-30% (default --jobs: 524-538 ->
   * 315 MiB, wall x1.5-2). Pacing only the workers: 50,000 files 492 -> 463 MiB, wall +12%.
   */
  gcStepBytes: envBytes('AGENT_GUARD_GC_STEP_BYTES', 0),
  /**
   * How far (%) V8's heap may grow past what was live after its last full collection (heap.ts
   * `limitHeapGrowth`; 0: V8 decides, up to 300 %). A scan's live heap grows with the repository (the list of
   * files, the path index), and V8 alone lets the heap reach four times it. Peak RSS, --jobs 1, 25 % against
   * V8's choice: 50,000 generated files 233-240 against 349-399 MiB (default --jobs: 284-290 against 467-488
   * MiB), same CPU seconds within the noise.
   */
  heapGrowthPercent: envBytes('AGENT_GUARD_HEAP_GROWTH_PERCENT', 25),
  /**
   * Each worker thread's old-generation heap cap in MB (0: V8's default). A worker past it is stopped by V8;
   * the files it took are reported as not analyzed (parallel.ts) and the scan fails, as for any rule error.
   */
  workerHeapMb: envBytes('AGENT_GUARD_WORKER_HEAP_MB', 0),
};

export type SessionLimits = typeof sessionLimits;

function envBytes(name: string, fallback: number): number {
  const v = process.env[name] ? Number(process.env[name]) : NaN;
  return v >= 0 ? v : fallback;
}

/**
 * Values of the scan's memo that hold no parse-tree node (so they outlive an eviction of the trees): the path
 * index, each folder's tsconfig/jsconfig aliases, the payload schemas, the rate-limit facts gathered over
 * the whole repository (booleans), and what tool discovery and taint learn of a JS module by name only (its
 * imports, the framework it re-exports a name from or whose tool a factory builds, its promisified exports):
 * recomputing those would parse the module again after each eviction (openai-agents-js: its 82 KB tool.ts
 * parsed 9 times). Every other value may hold nodes and is dropped with the trees; it is computed again when asked for.
 */
const TREE_FREE_MEMOS =
  /^(module-paths$|js-config-dir:|tool-payload:|rate-limit\/[a-z-]+:(runs|crew-max-rpm)$|js-(imports|reexported|factory-lib):|taint:js-promisified:)/;

type TreePromise = Promise<ParsedTree | null>;

/** Free a tree once its parse settles (a parse that failed, out of time, left none). */
async function deleteTree(tree: TreePromise): Promise<void> {
  (await tree.catch(() => null))?.tree.delete();
}

/**
 * Parse trees of one analysis session. A file's tree normally lives while its rules run and is freed after;
 * a tree that cross-file analysis asks for (a handler's module, an imported helper) is kept, and each file
 * is parsed once while it is. Kept trees are bounded by `keptBytes` of source: past it, `evict` frees the
 * least recently used ones, down to half the bound — called only when no analysis can hold one of their
 * nodes (between files, after the scan memo let go of its values), so no node of a freed tree is ever used.
 * Trees are matched by path and text: a history scan may hold several versions of one path.
 */
class TreeStore {
  private readonly kept = new WeightedLru<string, { text: string; tree: TreePromise }>(Infinity);
  private readonly current = new Map<SourceFile, TreePromise>();
  /** Trees parsed for a second version of a kept path (and their source bytes): freed at the next eviction. */
  private retired: TreePromise[] = [];
  private retiredBytes = 0;
  /** Trees freed by eviction so far, and files parsed so far (for tests and benchmarks). */
  evicted = 0;
  parsed = 0;

  constructor(private readonly keptBytes: number) {}

  private keptFor(file: SourceFile): TreePromise | undefined {
    const kept = this.kept.get(file.path);
    return kept && kept.text === file.text ? kept.tree : undefined;
  }

  /** The tree for a file whose rules are running: a kept one, or a fresh one freed by `release`. */
  forFile(file: SourceFile): TreePromise {
    const kept = this.keptFor(file);
    if (kept) return kept;
    let tree = this.current.get(file);
    if (!tree) {
      tree = this.parse(file);
      this.current.set(file, tree);
    }
    return tree;
  }

  /** A tree kept for cross-file analysis; the running file's tree is adopted instead of parsed again. */
  keep(file: SourceFile): TreePromise {
    const kept = this.keptFor(file);
    if (kept) return kept;
    let tree: TreePromise | undefined;
    for (const [running, t] of this.current) {
      if (running.path === file.path && running.text === file.text) {
        tree = t;
        this.current.delete(running);
        break;
      }
    }
    tree ??= this.parse(file);
    if (!this.kept.has(file.path)) this.kept.set(file.path, { text: file.text, tree }, file.text.length);
    else {
      this.retired.push(tree);
      this.retiredBytes += file.text.length;
    }
    return tree;
  }

  private parse(file: SourceFile): TreePromise {
    this.parsed++;
    return parseCode(file.language, file.text);
  }

  /** Free the file's tree unless something asked to keep it. */
  async release(file: SourceFile): Promise<void> {
    const tree = this.current.get(file);
    if (!tree) return;
    this.current.delete(file);
    await deleteTree(tree);
  }

  /** Whether the kept trees are over the bound. */
  get full(): boolean {
    return this.kept.weight + this.retiredBytes > this.keptBytes;
  }

  /**
   * Let go of the least recently used kept trees, down to half the bound. Only when nothing holds a node of
   * theirs: `free` frees their wasm memory now; without it (a computation that may hold nodes was still
   * running) they are only dropped, and web-tree-sitter frees each once nothing references it.
   */
  async evict(free: boolean): Promise<void> {
    const gone = [...this.kept.evictTo(this.keptBytes / 2).map(([, v]) => v.tree), ...this.retired];
    this.retired = [];
    this.retiredBytes = 0;
    this.evicted += gone.length;
    if (free) for (const tree of gone) await deleteTree(tree);
  }

  /** At the end of the scan: free the kept trees too (nothing holds their nodes past the scan). */
  async dispose(): Promise<void> {
    const kept = [...this.kept].map(([, v]) => v.tree);
    this.kept.clear();
    for (const tree of [...kept, ...this.retired]) await deleteTree(tree);
    this.retired = [];
    this.retiredBytes = 0;
  }
}

/** The fix of one finding: the message's own fix, else the one for the file's language, else the rule's. */
export function fixOf(meta: RuleMeta, messageId: string, path: string, data?: Record<string, string | number>): string {
  const own = meta.fixes?.[messageId];
  if (own) return formatMessage(own, data);
  const language = languageOf(path);
  const key = language === 'python' ? 'python' : language === 'javascript' || language === 'typescript' || language === 'tsx' ? 'javascript' : null;
  return (key && meta.languageFixes?.[key]) || meta.fix;
}

/** `lineText` is the text of the report's start line in the file being checked (its snippet when the finding is there). */
export function toFinding(
  meta: RuleMeta,
  severity: Severity,
  path: string,
  report: Report,
  lineText: string,
): Omit<Finding, 'fingerprint'> & { fingerprintContent: string } {
  let message = formatMessage(meta.messages[report.messageId] ?? report.messageId, report.data);
  let fix = fixOf(meta, report.messageId, report.path ?? path, report.data);
  if (report.secret) {
    globalRedactor.add(report.secret);
    message = message.split(report.secret).join(maskSecret(report.secret));
    fix = fix.split(report.secret).join(maskSecret(report.secret));
  }
  const content = report.fingerprintHint ?? (report.secret ? `secret:${sha256(report.secret)}` : normalizeLine(lineText));
  const inThisFile = !report.path || report.path === path;
  return {
    ruleId: meta.id,
    family: meta.family,
    severity: report.severity ?? severity,
    message,
    path: report.path ?? path,
    range: report.range,
    related: report.related ?? [],
    flow: report.flow ?? [],
    fix,
    helpUri: docsUrl(meta.id),
    ...(inThisFile ? { snippet: snippetOf(lineText, report.range.startColumn, report.secret) } : {}),
    ...(report.properties ? { properties: report.properties } : {}),
    fingerprintContent: content,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stable order (path, position, rule), duplicates dropped, and fingerprints numbered by occurrence. */
export function finalize(pending: (Omit<Finding, 'fingerprint'> & { fingerprintContent: string })[]): Finding[] {
  pending.sort(
    (a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      compareRanges(a.range, b.range) ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0) ||
      // the same finding reached from two entry points (a tool in src/ and one in tests/): keep the same one whatever
      // order the workers finished in
      compareText(JSON.stringify([a.related, a.flow]), JSON.stringify([b.related, b.flow])),
  );
  const seen = new Set<string>();
  const occurrences = new Map<string, number>();
  const out: Finding[] = [];
  for (const p of pending) {
    const key = `${p.ruleId}|${p.path}|${p.range.startLine}:${p.range.startColumn}-${p.range.endLine}:${p.range.endColumn}|${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const occKey = `${p.ruleId}\0${p.path}\0${p.fingerprintContent}`;
    const occurrence = occurrences.get(occKey) ?? 0;
    occurrences.set(occKey, occurrence + 1);
    const { fingerprintContent, ...finding } = p;
    out.push({ ...finding, fingerprint: fingerprintOf({ ruleId: p.ruleId, path: p.path, content: fingerprintContent, occurrence }) });
  }
  return out;
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const { root, config } = options.config
    ? { root: options.root ?? findRoot(options.paths[0] ?? '.'), config: options.config }
    : loadRootAndConfig(options.paths, options.rules, options.configFile);
  const input = options.input ? await options.input(root, config) : workingTreeInput(root, options.paths.length ? options.paths : [root.root], config);
  return (options.runner ?? runRules)(input, config, options.rules, started, options.onProgress);
}

/** Notices in path, line, message order. */
export function sortNotices(list: Notice[]): Notice[] {
  return list.sort(
    (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/** One line saying why a rule threw (an exception, or anything thrown). */
export function ruleErrorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message?.split('\n')[0] || (err instanceof Error ? err.name : 'unknown error');
}

/** What analyzing a set of files yields before its findings are numbered: merged across workers. */
export interface PartialScan {
  pending: PendingFinding[];
  skipped: SkippedFile[];
  ruleErrors: RuleError[];
  notices: [string, Notice][];
  suppressed: number;
  files: number;
  bytes: number;
  /** Of `files`, those the config calls test code (`testFiles`) while a test-exempt family's rules are on. */
  testFiles: number;
  /** Per-file outcomes, when the run records them for the scan cache. */
  outcomes?: FileOutcome[];
}
export type PendingFinding = Parameters<typeof finalize>[0][number];

/**
 * Runs the active rules over files, one session per process or worker: the project context (file cache,
 * cross-file memo, kept trees) lives as long as the session, so files given in several batches share it.
 */
export class Analysis {
  private readonly active: ReturnType<typeof activeRules>;
  /** Whether a file is test code some active rules leave alone (`testFiles`), and the rules run on it; null: none. */
  private readonly tests: { isTestFile: (path: string) => boolean; active: ReturnType<typeof activeRules> } | null;
  private readonly project: ProjectContext;
  private readonly trees: TreeStore;
  private readonly memo = new SharedMemo();
  private readonly ignores: ConfigIgnores;
  readonly result: PartialScan = { pending: [], skipped: [], ruleErrors: [], notices: [], suppressed: 0, files: 0, bytes: 0, testFiles: 0 };
  private readonly notices = new Map<string, Notice>();
  private readonly textHashes = new Map<string, Promise<string | null>>();
  /** Files analyzed now, and who waits for none to be (an eviction of the kept trees). */
  private inFlight = 0;
  private idle: (() => void) | null = null;
  private evicting: Promise<void> | null = null;
  /** Source bytes of the files being analyzed, and who waits for fewer (`admit`). */
  private inFlightBytes = 0;
  private admitted: (() => void)[] = [];
  private readonly heap: HeapPacer;
  private readonly limits: SessionLimits;

  /** `record`: keep each clean file's outcome and what it read (`result.outcomes`), for the scan cache. */
  constructor(
    input: ScanInput,
    config: AgentGuardConfig,
    rules: Rule[],
    private readonly record = false,
    given: Partial<SessionLimits> = {},
  ) {
    const limits = (this.limits = { ...sessionLimits, ...given });
    limitHeapGrowth(limits.heapGrowthPercent);
    if (record) this.result.outcomes = [];
    this.active = activeRules(rules, config);
    const isTestFile = testCodeFilter(
      config,
      this.active.map((a) => a.rule.meta.family),
    );
    this.tests = isTestFile && { isTestFile, active: this.active.filter((a) => !TEST_EXEMPT_FAMILIES.has(a.rule.meta.family)) };
    this.ignores = new ConfigIgnores(config.ignore);
    this.trees = new TreeStore(limits.keptTreeSourceBytes);
    this.heap = new HeapPacer(limits.gcStepBytes);
    // Files read for cross-file lookups hold no tree: any of them may be dropped and read again.
    const fileCache = new WeightedLru<string, Promise<SourceFile | null>>(limits.fileCacheBytes);
    this.project = {
      root: input.root.root,
      config,
      allPaths: () => {
        recordListing();
        return input.repository.allPaths();
      },
      getFile: (path) => {
        recordRead(path);
        let p = fileCache.get(path);
        if (!p) {
          const read = input.repository.read(path).then((r) => (r && 'file' in r ? r.file : null));
          fileCache.set(path, read);
          // (a read that fails stays cached, as before: every caller gets its error)
          void read.then(
            (f) => fileCache.weigh(path, read, f?.text.length ?? 0),
            () => {},
          );
          p = read;
        }
        return p;
      },
      memo: this.memo.get,
      sharedTree: (file) => this.trees.keep(file),
    };
  }

  /** Kept trees freed so far to stay within `sessionLimits` (tests, benchmarks). */
  get treesEvicted(): number {
    return this.trees.evicted;
  }

  /** Full garbage collections the session asked for (tests, benchmarks). */
  get collections(): number {
    return this.heap.collections;
  }

  /** Files parsed so far, a file parsed again after an eviction counted again (tests, benchmarks). */
  get treesParsed(): number {
    return this.trees.parsed;
  }

  /**
   * Analyze `entries` (eight files in flight), telling `onProgress` as each starts a family and as each ends.
   * When the kept trees outgrow their bound, no new file starts until those in flight are done; then the
   * scan memo lets go of every value that may hold a node and the least recently used trees are freed.
   */
  async run(entries: ScanEntry[], onProgress: ProgressListener = () => {}, progressBase = { done: 0, total: entries.length }): Promise<void> {
    let done = progressBase.done;
    const total = progressBase.total;
    let next = 0;
    const lane = async () => {
      while (next < entries.length) {
        if (this.trees.full) {
          await (this.evicting ??= this.evictWhenIdle());
          continue;
        }
        const entry = entries[next++];
        this.inFlight++;
        try {
          await this.scanEntry(entry, (path, family) => onProgress({ done, total, path, family }));
        } finally {
          if (--this.inFlight === 0 && this.idle) this.idle();
          this.heap.check();
          onProgress({ done: ++done, total });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, entries.length) }, lane));
  }

  private async evictWhenIdle(): Promise<void> {
    if (this.inFlight) await new Promise<void>((resolve) => (this.idle = resolve));
    this.idle = null;
    // A computation a caller stopped waiting for (it threw meanwhile) may still hold nodes: then the trees
    // are only dropped, not freed (web-tree-sitter frees a tree once nothing references it).
    const free = this.memo.pending === 0;
    this.memo.forget((key) => TREE_FREE_MEMOS.test(key));
    await this.trees.evict(free);
    this.evicting = null;
  }

  /** Free the trees (unless the thread ends next: a worker's memory goes with it) and hand over what the session found. */
  async finish(freeTrees = true): Promise<PartialScan> {
    if (freeTrees) await this.trees.dispose();
    this.result.notices = [...this.notices];
    return this.result;
  }

  /** sha256 of a repository file's text as rules read it (null: absent or not text), once per session. */
  private textHash(path: string): Promise<string | null> {
    let h = this.textHashes.get(path);
    if (!h) this.textHashes.set(path, (h = this.project.getFile(path).then((f) => (f ? sha256(f.text) : null))));
    return h;
  }

  private async scanEntry(entry: ScanEntry, started: (path: string, family: string) => void): Promise<void> {
    const { skipped } = this.result;
    const result = await entry.load();
    if ('skipped' in result) {
      skipped.push({ path: entry.path, reason: result.skipped });
      return;
    }
    const file = result.file;
    this.result.files++;
    this.result.bytes += file.text.length;
    if (this.tests?.isTestFile(file.path)) this.result.testFiles++;
    await this.admit(file.text.length);
    try {
      await this.analyzeEntry(file, started);
    } finally {
      this.leave(file.text.length);
    }
  }

  /**
   * Wait until the files being analyzed hold less than `inFlightSourceBytes` of source with this one (a file
   * alone always goes): eight small files are analyzed at a time, but not eight of the largest, whose trees
   * would be in memory together.
   */
  private async admit(bytes: number): Promise<void> {
    while (this.inFlightBytes > 0 && this.inFlightBytes + bytes > this.limits.inFlightSourceBytes) await new Promise<void>((r) => this.admitted.push(r));
    this.inFlightBytes += bytes;
  }

  private leave(bytes: number): void {
    this.inFlightBytes -= bytes;
    const waiting = this.admitted;
    this.admitted = [];
    for (const wake of waiting) wake();
  }

  private async analyzeEntry(file: SourceFile, started: (path: string, family: string) => void): Promise<void> {
    if (!this.record) {
      await this.analyzeFile(file, started);
      return;
    }
    const reads = newReadSet();
    const outcome: FileOutcome = {
      path: file.path,
      hash: sha256(file.text),
      bytes: file.text.length,
      pending: [],
      notices: [],
      suppressed: 0,
      reads: [],
      listed: false,
    };
    const clean = await withReads(reads, () => this.analyzeFile(file, started, outcome));
    if (!clean) return;
    reads.paths.delete(file.path);
    outcome.reads = await Promise.all([...reads.paths].sort().map(async (p): Promise<[string, string | null]> => [p, await this.textHash(p)]));
    outcome.listed = reads.listed;
    this.result.outcomes!.push(outcome);
  }

  /** Run the rules over one file; what it adds also goes to `outcome`. Whether its result may be reused (no rule error, no secret). */
  private async analyzeFile(file: SourceFile, started: (path: string, family: string) => void, outcome?: FileOutcome): Promise<boolean> {
    const { project, trees, ignores, notices } = this;
    const { pending, ruleErrors } = this.result;
    const rules = this.tests?.isTestFile(file.path) ? this.tests.active : this.active;
    const applicable = rules.filter((a) => a.rule.appliesTo(file));
    if (applicable.length === 0) return true;
    let reusable = true;
    const memo = memoTable();
    const fileFindings: Parameters<typeof finalize>[0] = [];
    let family = '';
    for (const { rule, severity, options: ruleOptions } of applicable) {
      if (rule.meta.family !== family) started(file.path, (family = rule.meta.family));
      const context: RuleContext = {
        file,
        project,
        options: ruleOptions,
        tree: () => trees.forFile(file),
        memo,
        report: (report) => {
          if (report.secret) reusable = false;
          fileFindings.push(toFinding(rule.meta, severity, file.path, report, file.lineText(report.range.startLine)));
        },
      };
      try {
        await rule.check(context);
      } catch (err) {
        reusable = false;
        ruleErrors.push({ path: file.path, ruleId: rule.meta.id, reason: `rule ${rule.meta.id} failed: ${ruleErrorText(err)}` });
      }
    }
    await trees.release(file);
    // GitHub's line hashes (SARIF primaryLocationLineHash) of the files findings sit in, computed once per file.
    const hashes = new Map<string, string[]>();
    for (const f of fileFindings) {
      // A finding may sit in another file (a sink inside an imported helper): its suppression comment is there.
      const home = f.path === file.path ? file : await project.getFile(f.path);
      const inline = home ? inlineSuppressionFor(home, f) : null;
      if (inline || ignores.covers(f)) {
        this.result.suppressed++;
        if (outcome) outcome.suppressed++;
        if (inline && !inline.reason) {
          const notice: [string, Notice] = [
            `${f.path}\0${inline.line}`,
            {
              path: f.path,
              line: inline.line,
              message: `agent-guard-ignore ${inline.rules.join(', ')} has no reason: write "agent-guard-ignore <rule-id>: <why this is safe>"`,
            },
          ];
          notices.set(...notice);
          outcome?.notices.push(notice);
        }
        continue;
      }
      if (home) {
        let lines = hashes.get(home.path);
        if (!lines) hashes.set(home.path, (lines = lineHashes(home.text)));
        f.lineHash = lines[f.range.startLine - 1];
        f.snippet ??= snippetOf(home.lineText(f.range.startLine), f.range.startColumn);
      }
      pending.push(f);
      outcome?.pending.push(f);
    }
    return reusable;
  }
}

export async function runRules(
  input: ScanInput,
  config: AgentGuardConfig,
  rules: Rule[],
  started = performance.now(),
  onProgress: ProgressListener = () => {},
  hooks: RunHooks = {},
): Promise<ScanResult> {
  const pathNotices = hooks.pathNotices ?? (await pathSecretNotices(input, config));
  const analysis = new Analysis(input, config, rules, Boolean(hooks.recorded));
  await analysis.run(input.entries, onProgress);
  const part = await analysis.finish();
  hooks.recorded?.push(...(part.outcomes ?? []));
  return assembleResult(input, config, rules, [...(hooks.parts ?? []), part], pathNotices, started);
}

/** One result from the parts (one per worker, or one): merged, sorted and numbered the same whatever the split. */
export function assembleResult(
  input: ScanInput,
  config: AgentGuardConfig,
  rules: Rule[],
  parts: PartialScan[],
  pathNotices: [string, Notice][],
  started: number,
): ScanResult {
  const skipped = [...input.skipped, ...parts.flatMap((p) => p.skipped)];
  const ruleErrors = parts.flatMap((p) => p.ruleErrors);
  const notices = new Map<string, Notice>([...pathNotices, ...parts.flatMap((p) => p.notices)]);
  const sum = (pick: (p: PartialScan) => number) => parts.reduce((n, p) => n + pick(p), 0);
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  ruleErrors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || (a.reason < b.reason ? -1 : 1));
  return {
    root: input.root.root,
    findings: finalize(parts.flatMap((p) => p.pending)),
    skipped,
    ruleErrors,
    rules: activeRules(rules, config).map((a) => ({ ...a.rule.meta, severity: a.severity })),
    suppressed: sum((p) => p.suppressed),
    stats: {
      files: sum((p) => p.files),
      bytes: sum((p) => p.bytes),
      durationMs: Math.round(performance.now() - started),
      ...(input.excluded ? { excluded: input.excluded } : {}),
      ...(input.dependencyFiles ? { dependencyFiles: input.dependencyFiles } : {}),
      ...(sum((p) => p.testFiles) ? { testFiles: sum((p) => p.testFiles) } : {}),
    },
    ...(notices.size ? { notices: sortNotices([...notices.values()]) } : {}),
  };
}
