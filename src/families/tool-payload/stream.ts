/**
 * Streaming JSONL validation for datasets of any size: one line in memory at a time, each distinct schema
 * compiled once. Used by the benchmark (bench/payload.ts) and usable on files above the engine's
 * `maxFileSize`. Same checks and messages as the rules; the file-level tool scope (for records that
 * declare no tools) holds the tools of the lines read so far.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { Severity } from '../../core/types.js';
import { checkRecord, type Issue, type PayloadRuleName } from './check.js';
import { extract, isPayloadContent, type ToolDecl } from './extract.js';
import { quotable } from './describe.js';
import { MAX_DEPTH, MAX_UNIT_CHARS, textNestingExceeds, TOO_DEEP, tooLong } from './limits.js';
import { Locator, syntaxCheck } from './locate.js';
import { PAYLOAD_MESSAGES } from './messages.js';
import { SchemaCache } from './schemas.js';

export interface StreamFinding {
  ruleId: string;
  severity: Severity;
  line: number;
  /** 1-based UTF-16 columns within the line; endColumn exclusive. */
  startColumn: number;
  endColumn: number;
  message: string;
}

export interface StreamStats {
  lines: number;
  records: number;
  /** Records (lines) with at least one error-level finding. */
  invalidRecords: number;
  findings: number;
  schemasCompiled: number;
  /** Parts not analyzed (a budget reached: a line too long or too deep, a schema too complex). */
  limits: number;
}

const DEFAULT_SEVERITY: Record<PayloadRuleName, Severity> = {
  'invalid-json': 'error',
  'invalid-arguments': 'error',
  'unknown-tool': 'error',
  'invalid-tool-schema': 'error',
  'unpaired-call': 'warning',
  'schema-mismatch': 'error',
};

const MAX_FILE_TOOLS = 10_000;

function format(rule: PayloadRuleName, messageId: string, data: Record<string, string | number>): string {
  const template = PAYLOAD_MESSAGES[rule][messageId] ?? messageId;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => (k in data ? String(data[k]) : `{{${k}}}`));
}

export interface StreamOptions {
  cache?: SchemaCache;
  onFinding?: (finding: StreamFinding) => void;
  /** What could not be analyzed, and which rule it concerns (the rules report these as rule errors). */
  onLimit?: (limit: { ruleId: string; line: number; reason: string }) => void;
}

/**
 * The lines of a stream (split at `\n`, a `\r` before it dropped, as the rules read JSONL), holding at most
 * `cap` characters of a line in memory: a longer line is yielded as its length only (`text` null).
 */
export async function* boundedLines(stream: AsyncIterable<string | Buffer>, cap = MAX_UNIT_CHARS): AsyncGenerator<{ text: string | null; length: number }> {
  const decoder = new StringDecoder('utf8');
  let parts: string[] = [];
  let length = 0;
  const end = () => {
    const text = length > cap ? null : parts.join('');
    const crlf = text !== null && text.endsWith('\r');
    const line = { text: crlf ? text.slice(0, -1) : text, length: crlf ? length - 1 : length };
    parts = [];
    length = 0;
    return line;
  };
  const take = (piece: string) => {
    length += piece.length;
    if (length <= cap) parts.push(piece);
    else parts = [];
  };
  for await (const chunk of stream) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      take(text.slice(from, nl));
      yield end();
      from = nl + 1;
    }
    take(text.slice(from));
  }
  take(decoder.end());
  if (length > 0) yield end();
}

/** Validate JSON lines from a stream (or a file path). */
export async function validateJsonl(input: Readable | string, options: StreamOptions = {}): Promise<StreamStats> {
  const stream = typeof input === 'string' ? createReadStream(input, { encoding: 'utf8', highWaterMark: 1 << 20 }) : input;
  const cache = options.cache ?? new SchemaCache();
  const fileTools = new Map<string, ToolDecl>();
  const stats: StreamStats = { lines: 0, records: 0, invalidRecords: 0, findings: 0, schemasCompiled: 0, limits: 0 };
  let lineNo = 0;
  for await (const line of boundedLines(stream as AsyncIterable<string | Buffer>)) {
    lineNo++;
    stats.lines++;
    const raw = line.text ?? '';
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (line.text !== null && !text.trim()) continue;
    stats.records++;
    const emit = (rule: PayloadRuleName, issue: Pick<Issue, 'messageId' | 'data' | 'severity'>, start: number, end: number) => {
      const severity = issue.severity ?? DEFAULT_SEVERITY[rule];
      stats.findings++;
      options.onFinding?.({
        ruleId: `tool-payload/${rule}`,
        severity,
        line: lineNo,
        startColumn: start + 1,
        endColumn: end + 1,
        message: format(rule, issue.messageId, issue.data),
      });
      return severity === 'error';
    };
    const limit = (rule: PayloadRuleName, reason: string) => {
      stats.limits++;
      options.onLimit?.({ ruleId: `tool-payload/${rule}`, line: lineNo, reason });
    };
    if (line.text === null) {
      limit('invalid-json', `line ${lineNo}: ${tooLong(line.length)}; not analyzed`);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (textNestingExceeds(text, MAX_DEPTH)) {
        limit('invalid-json', `line ${lineNo}: ${TOO_DEEP}; its syntax error was not located`);
        continue;
      }
      const p = syntaxCheck(text).problem ?? {
        start: 0,
        end: text.length,
        code: 'InvalidSymbol',
        expected: 'valid JSON',
        found: JSON.stringify(quotable(text.slice(0, 200)).slice(0, 20)),
      };
      emit('invalid-json', { messageId: 'syntax', data: { where: `line ${lineNo}`, code: p.code, expected: p.expected, found: p.found } }, p.start, p.end);
      stats.invalidRecords++;
      continue;
    }
    const x = extract(value);
    if (x.tooDeep) limit('invalid-json', `line ${lineNo}: ${TOO_DEEP}; not searched for tool payloads below that depth`);
    if (!isPayloadContent(x)) continue;
    let bad = false;
    const issues = checkRecord(x, { label: `line ${lineNo}`, cache, fileTools, limit });
    if (issues.length) {
      const locator = new Locator(text);
      for (const issue of issues) {
        const [s, e] = locator.locate(issue.path, issue.key);
        if (emit(issue.rule, issue, s, e)) bad = true;
      }
    }
    if (bad) stats.invalidRecords++;
    for (const d of x.decls) if (!fileTools.has(d.name) && fileTools.size < MAX_FILE_TOOLS) fileTools.set(d.name, d);
  }
  stats.schemasCompiled = cache.compiles;
  return stats;
}
