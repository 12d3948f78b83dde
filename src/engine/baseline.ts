import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { sortNotices, type ScanResult } from './engine.js';
import { UsageError } from '../core/errors.js';
import { globalRedactor } from '../core/redact.js';
import { jsonErrorSummary, readRegularFile } from '../core/safe-read.js';
import type { Finding, Notice } from '../core/types.js';

/**
 * The baseline: findings accepted as they are, so a scan reports only new ones. Written by
 * `agent-guard baseline`, read by `scan --baseline FILE` and the Action.
 *
 * Built not to churn in review or merges: entries are sorted (path, rule, fingerprint), one entry per
 * line, no timestamps, no line numbers, and the fingerprint (rule + path + normalised line text or hint
 * + occurrence, see fingerprint.ts) survives lines moving. Messages are kept for the reader only
 * (secrets in them are masked); matching uses the fingerprint alone.
 */
export const BASELINE_FILE = '.agent-guard-baseline.json';
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  path: string;
  message: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  entries: BaselineEntry[];
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const key = (e: BaselineEntry) => [e.path, e.ruleId, e.fingerprint];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
}

export function baselineFromFindings(findings: Pick<Finding, 'fingerprint' | 'ruleId' | 'path' | 'message'>[]): Baseline {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const f of findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    entries.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.path, message: f.message });
  }
  return { version: BASELINE_VERSION, entries: entries.sort(compareEntries) };
}

/** The file's text: pretty at the top level, one entry per line (a merge touches only its own lines). */
export function serializeBaseline(baseline: Baseline): string {
  const lines = baseline.entries.map((e) => `    ${JSON.stringify({ fingerprint: e.fingerprint, ruleId: e.ruleId, path: e.path, message: e.message })}`);
  return `{\n  "version": ${baseline.version},\n  "tool": "agent-guard",\n  "findings": [${lines.length ? `\n${lines.join(',\n')}\n  ` : ''}]\n}\n`;
}

/** Parse and validate a baseline's text; anything unexpected is a UsageError (exit 2), never ignored. */
export function parseBaseline(text: string, source: string): Baseline {
  const bad = (why: string): never => {
    throw new UsageError(`baseline ${source} is corrupt: ${why} (regenerate it with "agent-guard baseline")`);
  };
  if (/^(<{7}|>{7}|={7})( |$)/m.test(text)) bad('it contains merge-conflict markers; resolve them, or regenerate it');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    // V8's message quotes the start of the text, which may be a key: only the position is shown.
    bad(`not valid JSON (${jsonErrorSummary(err, text)})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) bad('expected a JSON object');
  const obj = doc as Record<string, unknown>;
  if (obj.version !== BASELINE_VERSION)
    bad(
      `key "version": expected ${BASELINE_VERSION}, found ${typeof obj.version === 'number' ? obj.version : obj.version === undefined ? 'none' : `a ${obj.version === null ? 'null' : typeof obj.version}`}`,
    );
  if (!Array.isArray(obj.findings)) bad('key "findings": expected an array');
  const entries: BaselineEntry[] = [];
  (obj.findings as unknown[]).forEach((item, i) => {
    const where = `findings[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) bad(`${where}: expected an object`);
    const e = item as Record<string, unknown>;
    if (typeof e.fingerprint !== 'string' || !/^[0-9a-f]{32}$/.test(e.fingerprint)) bad(`${where}.fingerprint: expected 32 hexadecimal digits`);
    if (typeof e.ruleId !== 'string' || !/^[a-z0-9-]+\/[a-z0-9-]+$/.test(e.ruleId)) bad(`${where}.ruleId: expected a rule id like secret/openai-api-key`);
    if (typeof e.path !== 'string' || !e.path) bad(`${where}.path: expected a root-relative path`);
    if (e.message !== undefined && typeof e.message !== 'string') bad(`${where}.message: expected a string`);
    entries.push({
      fingerprint: e.fingerprint as string,
      ruleId: e.ruleId as string,
      path: e.path as string,
      message: (e.message as string | undefined) ?? '',
    });
  });
  return { version: BASELINE_VERSION, entries };
}

/** Largest baseline read (bytes): about 200,000 entries. */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/** Read a baseline file. A missing, unreadable or corrupt file is a UsageError (exit 2). */
export function loadBaseline(path: string): Baseline {
  const read = readRegularFile(path, MAX_BASELINE_BYTES);
  if ('error' in read) {
    throw new UsageError(
      read.error === 'ENOENT' ? `baseline ${path} not found (create it with "agent-guard baseline")` : `cannot read baseline ${path}: ${read.error}`,
    );
  }
  if ('refused' in read) {
    throw new UsageError(
      read.refused === 'too large'
        ? `baseline ${path} is larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MiB: refusing to read it`
        : `baseline ${path} is not a regular file (a FIFO, device or directory): refusing to read it`,
    );
  }
  return parseBaseline(read.bytes.toString('utf8'), path);
}

/** Write the baseline of `findings` atomically (temp file beside it, then rename). */
export function writeBaseline(path: string, findings: Pick<Finding, 'fingerprint' | 'ruleId' | 'path' | 'message'>[]): Baseline {
  const baseline = baselineFromFindings(findings);
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, globalRedactor.redact(serializeBaseline(baseline)));
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new UsageError(`cannot write baseline ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return baseline;
}

export interface BaselineScope {
  /**
   * Root-relative paths the scan looked at. Entries for other paths are not called stale (a staged or
   * changed-files scan sees only part of the repository). Omitted = the whole repository was scanned.
   */
  scannedPaths?: Iterable<string>;
}

export interface BaselineOutcome {
  /** The result without the baselined findings; stale entries added to its notices. */
  result: ScanResult;
  /** Findings dropped because the baseline lists them (also counted in result.suppressed). */
  baselined: number;
  /** Baseline entries that matched no finding although their file was scanned by their rule. */
  stale: BaselineEntry[];
}

/**
 * Drop the findings the baseline lists; report entries that no longer match anything as notices, so
 * baselines shrink as findings get fixed. An entry is stale only when its file was scanned (not skipped)
 * and its rule ran.
 */
export function applyBaseline(result: ScanResult, baseline: Baseline, scope: BaselineScope = {}): BaselineOutcome {
  const known = new Set(baseline.entries.map((e) => e.fingerprint));
  const matched = new Set<string>();
  const findings = result.findings.filter((f) => {
    if (!known.has(f.fingerprint)) return true;
    matched.add(f.fingerprint);
    return false;
  });
  const scanned = scope.scannedPaths ? new Set(scope.scannedPaths) : null;
  const skipped = new Set(result.skipped.map((s) => s.path));
  const ran = new Set(result.rules.map((r) => r.id));
  const stale = baseline.entries.filter((e) => !matched.has(e.fingerprint) && ran.has(e.ruleId) && !skipped.has(e.path) && (!scanned || scanned.has(e.path)));
  const notices: Notice[] = stale.map((e) => ({
    path: e.path,
    message: `baseline entry ${e.fingerprint.slice(0, 12)} (${e.ruleId}) no longer matches a finding: run "agent-guard baseline" to drop it`,
  }));
  const baselined = result.findings.length - findings.length;
  const allNotices = [...(result.notices ?? []), ...notices];
  return {
    result: {
      ...result,
      findings,
      suppressed: result.suppressed + baselined,
      ...(allNotices.length ? { notices: sortNotices(allNotices) } : {}),
    },
    baselined,
    stale,
  };
}
