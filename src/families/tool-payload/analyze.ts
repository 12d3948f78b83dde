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
import { describeErrors } from './describe.js';
import { extract, isPayloadContent, type Extracted, type ToolDecl } from './extract.js';
import { Locator, syntaxCheck } from './locate.js';
import { pathToPointer, type Seg } from './paths.js';
import { SchemaCache, type Compiled } from './schemas.js';

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
  text: string;
  start: number;
  line: number;
}

function nonEmptyLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let t = text.slice(start, end);
    if (t.endsWith('\r')) t = t.slice(0, -1);
    if (t.trim()) out.push({ text: t, start, line });
    start = end + 1;
    line++;
  }
  return out;
}

/** JSON lines stored in a `.json` file: several non-empty lines, the first a complete JSON value. */
function looksLikeJsonLines(text: string): boolean {
  const lines = nonEmptyLines(text.length > 2_000_000 ? text.slice(0, 2_000_000) : text);
  if (lines.length < 2) return false;
  try {
    const v = JSON.parse(lines[0].text);
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

export async function analyzeFile(file: SourceFile, project: ProjectContext): Promise<LocatedIssue[]> {
  const text = file.text;
  if (!text.trim()) return [];
  const cache = await projectCache(project);
  const mapping = await mappingFor(file.path, project);
  const issues: LocatedIssue[] = [];
  const units: Unit[] = [];
  /** Values validated against a mapped project schema: each JSONL line, or the whole document. */
  const mapped: Unit[] = [];
  const syntax: { start: number; end: number; label: string; code: string; expected: string; found: string; key: string }[] = [];
  let recovered: unknown;

  const jsonc = file.path.toLowerCase().endsWith('.jsonc');
  let doc: unknown;
  let parsed = false;
  if (file.language === 'json') {
    if (jsonc) {
      const r = syntaxCheck(text, true);
      if (!r.problem) [doc, parsed] = [r.value, true];
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
    const locator = new Locator(text, jsonc);
    mapped.push({ value: doc, prefix: [], label: '', locator, base: 0, key: '' });
    if (Array.isArray(doc) && !looksConversationArray(doc) && doc.some((x) => x !== null && typeof x === 'object')) {
      doc.forEach((item, i) => units.push({ value: item, prefix: [i], label: '', locator, base: 0, key: recordKey(item, '', `[${i}]`) }));
    } else {
      units.push({ value: doc, prefix: [], label: '', locator, base: 0, key: '' });
    }
  } else if (file.language === 'jsonl' || looksLikeJsonLines(text)) {
    for (const l of nonEmptyLines(text)) {
      let value: unknown;
      try {
        value = JSON.parse(l.text);
      } catch {
        const r = syntaxCheck(l.text);
        const p = r.problem ?? { start: 0, end: l.text.length, code: 'InvalidSymbol', expected: 'valid JSON', found: JSON.stringify(l.text.slice(0, 20)) };
        syntax.push({
          start: l.start + p.start,
          end: l.start + p.end,
          label: `line ${l.line}`,
          code: p.code,
          expected: p.expected,
          found: p.found,
          key: recordKey(undefined, l.text),
        });
        continue;
      }
      const unit = { value, prefix: [], label: `line ${l.line}`, locator: new Locator(l.text), base: l.start, key: recordKey(value, l.text) };
      units.push(unit);
      mapped.push(unit);
    }
  } else {
    const r = syntaxCheck(text, false);
    recovered = r.value;
    const p = r.problem ?? { start: 0, end: Math.min(1, text.length), code: 'InvalidSymbol', expected: 'valid JSON', found: 'text JSON.parse rejects' };
    syntax.push({ ...p, label: '', key: '' });
  }

  // Pass 1: detect. Pass 2: check, with the file's tools as the fallback scope.
  const extracted: Extracted[] = units.map((u) => extract(u.value, u.prefix));
  const fileTools = new Map<string, ToolDecl>();
  for (const x of extracted) for (const d of x.decls) if (!fileTools.has(d.name)) fileTools.set(d.name, d);

  const byContent = extracted.some(isPayloadContent) || (recovered !== undefined && isPayloadContent(extract(recovered, [])));
  // A JSONC file (comments, trailing commas: tsconfig.app.json, launchSettings.json) holding no tool payload
  // is a config, not a broken payload, even in a `samples/` or `mcp-*` folder.
  const jsoncConfig = !byContent && syntax.length > 0 && units.length === 0 && syntaxCheck(text, true).problem === null;
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

  units.forEach((u, i) => {
    if (!isPayloadContent(extracted[i])) return;
    for (const issue of checkRecord(extracted[i], { label: u.label, cache, fileTools })) {
      const [s, e] = u.locator.locate(issue.path, issue.key);
      issues.push({ ...issue, start: u.base + s, end: u.base + e, fingerprintHint: `${u.key}${issue.hint}:${issue.messageId}` });
    }
  });

  if (mapping) {
    if (!mapping.compiled.ok) {
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
    } else {
      const validate = mapping.compiled.validate;
      for (const u of mapped) {
        if (validate(u.value)) continue;
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
      }
    }
  }
  return issues;
}
