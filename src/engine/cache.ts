/**
 * The scan cache (`scan --cache`): each file's share of a scan (its findings after suppression, notices,
 * suppressed count) kept by the file's content, with the other files its analysis read (imported modules, a
 * payload schema, every Python file for a project-wide rate-limit check) and their content. A later scan
 * reuses the share while the file and everything it read are unchanged, and analyzes the rest; the report is
 * the same as without the cache.
 *
 * - The whole cache is for one agent-guard version, config and rule set (`cacheKey`): any change empties it.
 * - A file read by an analysis is recorded by the engine where it is read (core/reads.ts), including reads
 *   made by values shared between files (memos, taint summaries), and including paths that did not exist
 *   (an import that resolved nowhere), so adding that file invalidates the entry too.
 * - Conservatively, when the set of scanned paths changes (a file added, removed or renamed), every entry
 *   that read any other file, or listed the repository, is dropped.
 * - Files with a rule error (a budget, a parse stopped by time) or a secret finding are never kept: their
 *   result may not repeat, and a secret must not be written to disk (and must reach the output redactor).
 * - A cache file that is corrupt, foreign, too large or a symbolic link is ignored with a warning; writes go
 *   to a temporary file renamed over the old one.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import type { AgentGuardConfig } from '../core/config.js';
import { sha256 } from '../core/fingerprint.js';
import { VERSION } from '../core/identity.js';
import { trackReads } from '../core/reads.js';
import { globalRedactor } from '../core/redact.js';
import type { Rule } from '../core/types.js';
import type { ScanEntry, ScanInput } from '../sources/working-tree.js';
import { activeRules, type FileOutcome, type PartialScan, type ProgressListener, type RulesRunner, type RunHooks, type ScanResult } from './engine.js';
import { pathSecretNotices } from './path-secrets.js';
import { testCodeFilter } from './test-files.js';

/** Bumped when the file layout changes. */
const FORMAT = 1;
/** A cache file larger than this is ignored (a scan's cache is a few MB). */
export const MAX_CACHE_BYTES = 256 * 1024 * 1024;

interface CacheFile {
  agentGuardScanCache: number;
  version: string;
  key: string;
  /** sha256 of the sorted scanned paths. */
  paths: string;
  /** sha256 of the repository's path list, when an entry listed it. */
  allPaths?: string;
  files: FileOutcome[];
}

/** What the cache depends on as a whole: agent-guard's version, the effective config and the rules enabled with their options. */
export function cacheKey(config: AgentGuardConfig, rules: Rule[], version = VERSION): string {
  const active = activeRules(rules, config).map((a) => [a.rule.meta.id, a.severity, a.options]);
  return sha256(JSON.stringify({ version, config: { ...config, source: null }, active }));
}

/** Where the cache of the repository at `root` goes by default: the user's cache folder, never the repository. */
export function defaultCacheLocation(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'agent-guard', `${sha256(resolve(root)).slice(0, 16)}.json`);
}

export function isInside(path: string, root: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** How the last run used the cache: files reused, files analyzed, entries written. */
export interface CacheStats {
  files: number;
  reused: number;
  analyzed: number;
  stored: number;
}

export class ScanCache {
  readonly warnings: string[] = [];
  stats: CacheStats = { files: 0, reused: 0, analyzed: 0, stored: 0 };
  private previous: CacheFile | null = null;

  constructor(
    readonly file: string,
    private readonly key: string,
  ) {
    this.previous = this.load();
  }

  private warn(message: string): void {
    this.warnings.push(`scan cache ${this.file}: ${message}`);
  }

  private load(): CacheFile | null {
    let fd: number;
    try {
      if (lstatSync(this.file).isSymbolicLink()) {
        this.warn('is a symbolic link, not followed; scanning without it');
        return null;
      }
      fd = openSync(this.file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        this.warn(`cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); scanning without it`);
      return null;
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) return this.ignore('is not a file');
      if (stat.size > MAX_CACHE_BYTES) return this.ignore(`is larger than ${MAX_CACHE_BYTES / 1024 / 1024} MB`);
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(fd, 'utf8'));
      } catch {
        return this.ignore('is not valid JSON');
      }
      if (!isCacheFile(data)) return this.ignore('is not an agent-guard scan cache of this format');
      return data.key === this.key ? data : null; // another version, config or rule set: start over
    } finally {
      closeSync(fd);
    }
  }

  private ignore(why: string): null {
    this.warn(`${why}; ignored, scanning without it`);
    return null;
  }

  /** Wrap a runner: files whose entry is still valid are reused, the others analyzed (and recorded); the cache is then rewritten. */
  runner(inner: RulesRunner): RulesRunner {
    return async (input, config, rules, started, onProgress, hooks = {}) => {
      trackReads(true);
      try {
        return await this.run(inner, input, config, rules, started, onProgress, hooks);
      } finally {
        trackReads(false);
      }
    };
  }

  private async run(
    inner: RulesRunner,
    input: ScanInput,
    config: AgentGuardConfig,
    rules: Rule[],
    started: number,
    onProgress: ProgressListener | undefined,
    hooks: RunHooks,
  ): Promise<ScanResult> {
    const paths = sha256(JSON.stringify(input.entries.map((e) => e.path).sort()));
    const previous = this.previous;
    const known = new Map((previous?.files ?? []).map((f) => [f.path, f]));
    const pathsChanged = previous?.paths !== paths;
    const currentHashes = new Map<string, Promise<string | null>>();
    const currentHash = (path: string) => {
      let h = currentHashes.get(path);
      if (!h) currentHashes.set(path, (h = input.repository.read(path).then((r) => (r && 'file' in r ? sha256(r.file.text) : null))));
      return h;
    };
    let allPaths: Promise<string> | undefined;
    const allPathsHash = () => (allPaths ??= input.repository.allPaths().then((list) => sha256(JSON.stringify([...list].sort()))));

    const reused: FileOutcome[] = [];
    const misses: ScanEntry[] = [];
    const check = async (entry: ScanEntry): Promise<void> => {
      const old = known.get(entry.path);
      if (!old || (pathsChanged && (old.reads.length > 0 || old.listed))) return void misses.push(entry);
      const loaded = await entry.load();
      if ('skipped' in loaded || sha256(loaded.file.text) !== old.hash) return void misses.push(entry);
      for (const [path, hash] of old.reads) if ((await currentHash(path)) !== hash) return void misses.push(entry);
      if (old.listed && (await allPathsHash()) !== previous?.allPaths) return void misses.push(entry);
      reused.push(old);
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < input.entries.length) await check(input.entries[next++]);
      }),
    );
    const order = new Map(input.entries.map((e, i) => [e.path, i]));
    misses.sort((a, b) => order.get(a.path)! - order.get(b.path)!);

    const isTestFile = testCodeFilter(
      config,
      activeRules(rules, config).map((a) => a.rule.meta.family),
    );
    const part: PartialScan = {
      pending: reused.flatMap((f) => f.pending),
      skipped: [],
      ruleErrors: [],
      notices: reused.flatMap((f) => f.notices),
      suppressed: reused.reduce((n, f) => n + f.suppressed, 0),
      files: reused.length,
      bytes: reused.reduce((n, f) => n + f.bytes, 0),
      testFiles: reused.filter((f) => isTestFile?.(f.path)).length,
    };
    const recorded: FileOutcome[] = [];
    const pathNotices = hooks.pathNotices ?? (await pathSecretNotices(input, config));
    const result = await inner({ ...input, entries: misses }, config, rules, started, onProgress, {
      ...hooks,
      parts: [...(hooks.parts ?? []), part],
      pathNotices,
      recorded,
    });
    const files = [...reused, ...recorded].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.stats = { files: input.entries.length, reused: reused.length, analyzed: misses.length, stored: files.length };
    const written: CacheFile = { agentGuardScanCache: FORMAT, version: VERSION, key: this.key, paths, files };
    if (files.some((f) => f.listed)) written.allPaths = await allPathsHash();
    this.save(written);
    return result;
  }

  private save(data: CacheFile): void {
    const dir = dirname(this.file);
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (lstatSync(dir).isSymbolicLink()) return this.warn('its folder is a symbolic link; not written');
      // Masked like any output: a key another file revealed never reaches the disk in a kept snippet.
      writeFileSync(temp, globalRedactor.redact(JSON.stringify(data)), { flag: 'wx', mode: 0o600 });
      renameSync(temp, this.file);
    } catch (err) {
      rmSync(temp, { force: true });
      this.warn(`cannot be written (${(err as NodeJS.ErrnoException).code ?? firstLine(err)}); the scan itself is complete`);
    }
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isRange(v: unknown): boolean {
  return isObject(v) && isCount(v.startLine) && isCount(v.startColumn) && isCount(v.endLine) && isCount(v.endColumn);
}

function isPending(v: unknown): boolean {
  return (
    isObject(v) &&
    isString(v.ruleId) &&
    isString(v.family) &&
    isString(v.severity) &&
    isString(v.message) &&
    isString(v.path) &&
    isRange(v.range) &&
    Array.isArray(v.related) &&
    Array.isArray(v.flow) &&
    isString(v.fix) &&
    isString(v.helpUri) &&
    isString(v.fingerprintContent)
  );
}

function isOutcome(v: unknown): v is FileOutcome {
  return (
    isObject(v) &&
    isString(v.path) &&
    isString(v.hash) &&
    isCount(v.bytes) &&
    isCount(v.suppressed) &&
    typeof v.listed === 'boolean' &&
    Array.isArray(v.pending) &&
    v.pending.every(isPending) &&
    Array.isArray(v.notices) &&
    v.notices.every((n) => Array.isArray(n) && n.length === 2 && isString(n[0]) && isObject(n[1]) && isString(n[1].path) && isString(n[1].message)) &&
    Array.isArray(v.reads) &&
    v.reads.every((r) => Array.isArray(r) && r.length === 2 && isString(r[0]) && (r[1] === null || isString(r[1])))
  );
}

function isCacheFile(v: unknown): v is CacheFile {
  return (
    isObject(v) &&
    v.agentGuardScanCache === FORMAT &&
    isString(v.version) &&
    isString(v.key) &&
    isString(v.paths) &&
    (v.allPaths === undefined || isString(v.allPaths)) &&
    Array.isArray(v.files) &&
    v.files.every(isOutcome)
  );
}
