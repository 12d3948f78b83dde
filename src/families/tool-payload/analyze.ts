/**
 * One analysis per file, shared by the six tool-payload rules (through `ctx.memo`): split the file into
 * records (a JSON document, the items of a JSON array of records, or JSON lines — also JSON lines stored
 * in a `.json` file), detect tool payloads in each, check them, and locate every issue in the text.
 */
import { createHash } from 'node:crypto';
import picomatch from 'picomatch';
import type { ProjectContext } from '../../core/types.js';
import type { SourceFile } from '../../core/source-file.js';
import { checkRecord, where, type Issue } from './check.js';
import { describeErrors, quotable } from './describe.js';
import { extract, isPayloadContent, type Extracted, type ToolDecl } from './extract.js';
import { MAX_DEPTH, MAX_UNIT_CHARS, textNestingExceeds, TOO_DEEP, tooLong, type Limit, type PayloadRuleName } from './limits.js';
import { Locator, syntaxCheck, type SyntaxProblem } from './locate.js';
import { pathToPointer, type Seg } from './paths.js';
import { SchemaCache, type Compiled } from './schemas.js';
import { measure } from './limits.js';

/** Tools remembered per file as the scope of records that declare none (a dataset may declare thousands). */
const MAX_FILE_TOOLS = 10_000;

export interface LocatedIssue extends Issue {
  /** Offsets in the file's text. */
  start: number;
  end: number;
  /** Stable identity for the fingerprint: record key + pointer. */
  fingerprintHint: string;
}

/**
 * Paths that name tool payloads: fixtures, datasets, traces, MCP tool lists. Any directory or file-name
 * part among these words (`tools/`, `tool_calls.jsonl`, `fine-tune-train.jsonl`, `mcp-tools.json`…).
 */
const PAYLOAD_WORDS =
  /(?:^|[/_.-])(?:tools?|tool[-_]?calls?|tool[-_]?use|functions?|function[-_]?calls?|mcp|traces?|fine[-_]?tun\w*|finetun\w*|train(?:ing)?|few[-_]?shot|conversations?|messages|chats?|datasets?|payloads?|samples?|evals?)(?=$|[/_.-])/i;

export function isPayloadPath(path: string): boolean {
  return PAYLOAD_WORDS.test(path);
}

interface Unit {
  value: unknown;
  /** Path of the record inside the document (items of a JSON array of records). */
  prefix: Seg[];
  label: string;
  locator: Locator;
  /** Offset of the locator's text in the file. */
  base: number;
  key: string;
}

export interface Mapping {
  schemaPath: string;
  compiled: Compiled | { ok: false; reason: string };
}

function recordKey(value: unknown, fallbackText: string, fallback?: string): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const k of ['id', 'custom_id', 'uuid', 'conversation_id']) {
      const v = (value as Record<string, unknown>)[k];
      if (typeof v === 'string' || typeof v === 'number') return `${k}=${v}`;
    }
  }
  return fallback ?? `sha=${createHash('sha256').update(fallbackText).digest('hex').slice(0, 16)}`;
}

function looksConversationArray(v: unknown[]): boolean {
  return v.some(
    (x) =>
      x !== null &&
      typeof x === 'object' &&
      !Array.isArray(x) &&
      (typeof (x as Record<string, unknown>).role === 'string' ||
        /^(message|function_call|function_call_output)$/.test(String((x as Record<string, unknown>).type))),
  );
}

interface Line {
  /** Empty when the line is longer than MAX_UNIT_CHARS. */
  text: string;
  start: number;
  line: number;
  length: number;
}

/** The non-empty lines of a text, one at a time (a JSONL file is never held as an array of lines). */
function* nonEmptyLines(text: string): Generator<Line> {
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const last = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    // A line over the cap is not copied: it is reported from its length.
    const t = last - start > MAX_UNIT_CHARS ? null : text.slice(start, last);
    if (t === null || t.trim()) yield { text: t ?? '', start, line, length: last - start };
    start = end + 1;
    line++;
  }
}

/** JSON lines stored in a `.json` file: several non-empty lines, the first a complete JSON value. */
function looksLikeJsonLines(text: string): boolean {
  const lines = nonEmptyLines(text);
  const first = lines.next();
  if (first.done || lines.next().done || first.value.length > MAX_UNIT_CHARS) return false;
  try {
    const v = JSON.parse(first.value.text);
    return v !== null && typeof v === 'object';
  } catch {
    return false;
  }
}

export async function projectCache(project: ProjectContext): Promise<SchemaCache> {
  return project.memo('tool-payload:schema-cache', async () => new SchemaCache());
}

/** The project schema mapped to this file by `payloads:`, compiled once per scan. */
async function mappingFor(path: string, project: ProjectContext): Promise<Mapping | null> {
  const matchers = await project.memo('tool-payload:mappings', async () =>
    (project.config.payloads ?? []).map((m) => ({ ...m, match: picomatch(m.files, { dot: true }) })),
  );
  const m = matchers.find((x) => x.match(path));
  if (!m) return null;
  const cache = await projectCache(project);
  return project.memo(`tool-payload:mapping:${m.schema}`, async (): Promise<Mapping> => {
    const f = await project.getFile(m.schema);
    if (!f) return { schemaPath: m.schema, compiled: { ok: false, reason: 'the file is missing or unreadable' } };
    let schema: unknown;
    try {
      schema = JSON.parse(f.text);
    } catch (err) {
      return { schemaPath: m.schema, compiled: { ok: false, reason: `it is not valid JSON (${(err as Error).message})` } };
    }
    const compiled = cache.get(schema, 'json-schema', 'draft-07');
    if (!compiled.ok && compiled.limit)
      return { schemaPath: m.schema, compiled: { ok: false, reason: `it is ${compiled.limit}, so nothing is validated against it` } };
    if (!compiled.ok) {
      const p = compiled.problems[0];
      return {
        schemaPath: m.schema,
        compiled: { ok: false, reason: `it is not a valid JSON Schema at ${pathToPointer(p.path) || '/'}: expected ${p.expected}, found ${p.found}` },
      };
    }
    return { schemaPath: m.schema, compiled };
  });
}

export interface Analysis {
  issues: LocatedIssue[];
  /** What was not analyzed (a budget reached), by the rule that reports it as a rule error. */
  limits: Limit[];
}

interface Syntax {
  start: number;
  end: number;
  label: string;
  code: string;
  expected: string;
  found: string;
  key: string;
}

/** The syntax error of a text JSON.parse rejected, located by jsonc-parser unless the text nests too deep for it. */
function syntaxOf(text: string, fallback: string): SyntaxProblem | null {
  if (textNestingExceeds(text, MAX_DEPTH)) return null;
  return syntaxCheck(text).problem ?? { start: 0, end: text.length, code: 'InvalidSymbol', expected: 'valid JSON', found: fallback };
}

export async function analyzeFile(file: SourceFile, project: ProjectContext): Promise<Analysis> {
  const text = file.text;
  const issues: LocatedIssue[] = [];
  const limits: Limit[] = [];
  if (!text.trim()) return { issues, limits };
  const cache = await projectCache(project);
  const mapping = await mappingFor(file.path, project);
  // The first reason of each rule is kept (the rule error shows it), the others only counted: a dataset
  // with a million over-deep lines holds one message, not a million.
  const seenLimits = new Set<string>();
  const limit = (rule: PayloadRuleName, reason: string) => {
    const first = limits.find((l) => l.rule === rule);
    if (first && (first.reason === reason || seenLimits.has(`${rule}\0${reason}`))) return;
    if (seenLimits.size < 1000) seenLimits.add(`${rule}\0${reason}`);
    if (first) first.more = (first.more ?? 0) + 1;
    else limits.push({ rule, reason });
  };
  const syntax: Syntax[] = [];
  let recovered: unknown;
  let byContent = false;
  let records = 0;
  const fileTools = new Map<string, ToolDecl>();
  const addTools = (x: Extracted) => {
    for (const d of x.decls) if (!fileTools.has(d.name) && fileTools.size < MAX_FILE_TOOLS) fileTools.set(d.name, d);
  };

  /** Check one record (its tools as scope, else the file's) and validate it against the mapped schema. */
  const checkUnit = (u: Unit, x: Extracted) => {
    records++;
    if (x.tooDeep) limit('invalid-json', `${u.label || 'document'}: ${TOO_DEEP}; not searched for tool payloads below that depth`);
    if (!isPayloadContent(x)) return;
    for (const issue of checkRecord(x, { label: u.label, cache, fileTools, limit })) {
      const [s, e] = u.locator.locate(issue.path, issue.key);
      issues.push({ ...issue, start: u.base + s, end: u.base + e, fingerprintHint: `${u.key}${issue.hint}:${issue.messageId}` });
    }
  };
  const validateMapped = (u: Unit) => {
    if (!mapping?.compiled.ok) return;
    const { validate, unsupported } = mapping.compiled;
    const subject = `${u.label || 'document'}: not validated against ${mapping.schemaPath}`;
    if (measure(u.value) === 'deep') return limit('schema-mismatch', `${subject}: ${TOO_DEEP}`);
    if (unsupported) limit('schema-mismatch', `${subject} in full: the schema has a pattern the linear-time engine cannot run (backreference or lookaround)`);
    if (validate(u.value)) return;
    for (const v of describeErrors(validate.errors, u.value)) {
      const [s, e] = u.locator.locate(v.path, v.key);
      issues.push({
        rule: 'schema-mismatch',
        messageId: 'violation',
        data: { where: where(u.label, v.path), schema: mapping.schemaPath, expected: v.expected, found: v.found },
        path: v.path,
        hint: '',
        start: u.base + s,
        end: u.base + e,
        fingerprintHint: `${u.key}${pathToPointer(v.path)}:${v.expected}`,
      });
    }
  };

  const jsonc = file.path.toLowerCase().endsWith('.jsonc');
  const tooLarge = text.length > MAX_UNIT_CHARS;
  let doc: unknown;
  let parsed = false;
  if (file.language === 'json' && !tooLarge) {
    if (jsonc) {
      if (!textNestingExceeds(text, MAX_DEPTH)) {
        const r = syntaxCheck(text, true);
        if (!r.problem) [doc, parsed] = [r.value, true];
      }
    } else {
      try {
        doc = JSON.parse(text);
        parsed = true;
      } catch {
        parsed = false;
      }
    }
  }

  if (parsed) {
    // One JSON document: its records are kept together (a conversation array, or an array of records).
    const locator = new Locator(text, jsonc);
    const units: Unit[] = [];
    if (Array.isArray(doc) && !looksConversationArray(doc) && doc.some((x) => x !== null && typeof x === 'object')) {
      doc.forEach((item, i) => units.push({ value: item, prefix: [i], label: '', locator, base: 0, key: recordKey(item, '', `[${i}]`) }));
    } else {
      units.push({ value: doc, prefix: [], label: '', locator, base: 0, key: '' });
    }
    const extracted = units.map((u) => extract(u.value, u.prefix));
    extracted.forEach(addTools);
    byContent = extracted.some(isPayloadContent);
    units.forEach((u, i) => checkUnit(u, extracted[i]));
    validateMapped({ value: doc, prefix: [], label: '', locator, base: 0, key: '' });
  } else if (file.language === 'jsonl' || looksLikeJsonLines(text)) {
    // JSON lines, one at a time: a record is parsed, checked and dropped. A record that calls tools without
    // declaring any is checked against the tools of the whole file, so it is parsed again once they are known.
    const later: Line[] = [];
    const unitOf = (l: Line, value: unknown): Unit => ({
      value,
      prefix: [],
      label: `line ${l.line}`,
      locator: new Locator(l.text),
      base: l.start,
      key: recordKey(value, l.text),
    });
    for (const l of nonEmptyLines(text)) {
      if (l.length > MAX_UNIT_CHARS) {
        limit('invalid-json', `line ${l.line}: ${tooLong(l.length)}; not analyzed`);
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(l.text);
      } catch {
        const p = syntaxOf(l.text, JSON.stringify(quotable(l.text.slice(0, 200)).slice(0, 20)));
        if (!p) {
          limit('invalid-json', `line ${l.line}: ${TOO_DEEP}; its syntax error was not located`);
          continue;
        }
        syntax.push({ ...p, start: l.start + p.start, end: l.start + p.end, label: `line ${l.line}`, key: recordKey(undefined, l.text) });
        continue;
      }
      const unit = unitOf(l, value);
      const x = extract(value);
      if (isPayloadContent(x)) byContent = true;
      addTools(x);
      validateMapped(unit);
      if (x.decls.length === 0 && x.calls.length > 0) later.push(l);
      else checkUnit(unit, x);
    }
    for (const l of later) {
      const value: unknown = JSON.parse(l.text);
      checkUnit(unitOf(l, value), extract(value));
    }
  } else if (tooLarge) {
    limit('invalid-json', `the document is ${tooLong(text.length)}; not analyzed`);
  } else if (textNestingExceeds(text, MAX_DEPTH)) {
    limit('invalid-json', `the document is not valid JSON and is ${TOO_DEEP}; not analyzed`);
  } else {
    const r = syntaxCheck(text, false);
    recovered = r.value;
    const p = r.problem ?? { start: 0, end: Math.min(1, text.length), code: 'InvalidSymbol', expected: 'valid JSON', found: 'text JSON.parse rejects' };
    syntax.push({ ...p, label: '', key: '' });
  }

  if (recovered !== undefined && isPayloadContent(extract(recovered, []))) byContent = true;
  // A JSONC file (comments, trailing commas: tsconfig.app.json, launchSettings.json) holding no tool payload
  // is a config, not a broken payload, even in a `samples/` or `mcp-*` folder.
  const jsoncConfig = !byContent && syntax.length > 0 && records === 0 && !textNestingExceeds(text, MAX_DEPTH) && syntaxCheck(text, true).problem === null;
  const payload = mapping !== null || byContent || (isPayloadPath(file.path) && !jsoncConfig);
  if (payload) {
    for (const s of syntax) {
      issues.push({
        rule: 'invalid-json',
        messageId: 'syntax',
        data: { where: s.label || 'document', code: s.code, expected: s.expected, found: s.found },
        path: [],
        hint: `${s.key}:syntax`,
        start: s.start,
        end: s.end,
        fingerprintHint: `${s.key}:syntax`,
      });
    }
  }

  if (mapping && !mapping.compiled.ok) {
    const reason = 'reason' in mapping.compiled ? mapping.compiled.reason : 'it does not compile';
    issues.push({
      rule: 'schema-mismatch',
      messageId: 'schemaUnavailable',
      data: { schema: mapping.schemaPath, reason },
      path: [],
      hint: 'schema',
      start: 0,
      end: 0,
      fingerprintHint: `schema:${mapping.schemaPath}`,
    });
  }
  return { issues, limits };
}
