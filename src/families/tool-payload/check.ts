/**
 * The checks of one record: tool schemas and names, calls against the declaring tool, pairing of calls
 * with results. Works on plain values and paths; the caller turns paths into file positions.
 */
import type { Severity } from '../../core/types.js';
import { describeErrors, describeFound, jsonErrorText, preview } from './describe.js';
import type { Extracted, Provider, ToolCall, ToolDecl } from './extract.js';
import { formatPath, pathToPointer, type Seg } from './paths.js';
import { measure, TOO_DEEP, type PayloadRuleName } from './limits.js';
import { linearRegExp } from './regex.js';
import type { SchemaCache } from './schemas.js';

export type { PayloadRuleName } from './limits.js';

export interface Issue {
  rule: PayloadRuleName;
  messageId: string;
  data: Record<string, string | number>;
  /** Where to point, inside the record value. */
  path: Seg[];
  /** Point at the property key instead of the value. */
  key?: boolean;
  /** Stable identity of the finding inside its record (a JSON pointer, plus an inner pointer if any). */
  hint: string;
  severity?: Severity;
}

/** Provider name rules (documented limits of the APIs that reject other names). */
export const NAME_RULES: Partial<Record<Provider, { re: RegExp; label: string }>> = {
  openai: { re: /^[a-zA-Z0-9_-]{1,64}$/, label: 'OpenAI' },
  anthropic: { re: /^[a-zA-Z0-9_-]{1,64}$/, label: 'Anthropic' },
};

export interface RecordOptions {
  /** `line 812` for JSONL, `[3]` for an item of a JSON array of records, '' for a whole document. */
  label: string;
  cache: SchemaCache;
  /** Tools declared elsewhere in the file, used when the record declares none. */
  fileTools?: Map<string, ToolDecl>;
  /** Told about what could not be checked (a budget reached): the rule concerned and why. */
  limit?: (rule: PayloadRuleName, reason: string) => void;
}

export function where(label: string, path: Seg[], inner?: string): string {
  const p = formatPath(path);
  const parts = [label, p].filter(Boolean).join(', ') || 'document';
  return inner ? `${parts} → ${inner}` : parts;
}

/** The location of something inside a declaration or call: its own path, or the string holding it. */
function at(host: Seg[] | undefined, path: Seg[]): { path: Seg[]; inner?: string } {
  return host ? { path: host, ...(path.length ? { inner: formatPath(path) } : {}) } : { path };
}

function hintOf(host: Seg[] | undefined, path: Seg[], extra = ''): string {
  return (host ? `${pathToPointer(host)}#${pathToPointer(path)}` : pathToPointer(path)) + extra;
}

export function checkRecord(x: Extracted, opts: RecordOptions): Issue[] {
  const issues: Issue[] = [];
  const { label, cache } = opts;

  // Declarations: provider name rules, input (and output) schemas.
  const tools = new Map<string, ToolDecl>();
  for (const d of x.decls) {
    if (!tools.has(d.name)) tools.set(d.name, d);
    const rule = NAME_RULES[d.provider];
    if (rule && !rule.re.test(d.name)) {
      const loc = at(d.host, d.namePath);
      issues.push({
        rule: 'invalid-tool-schema',
        messageId: 'badName',
        data: { where: where(label, loc.path, loc.inner), found: preview(d.name), provider: rule.label, expected: String(rule.re) },
        path: loc.path,
        hint: hintOf(d.host, d.namePath),
      });
    }
    const schemas: { schema: unknown; path: Seg[]; what: string }[] = [];
    if (d.schema !== undefined) schemas.push({ schema: d.schema, path: d.schemaPath, what: 'input schema' });
    if (d.outputSchema) schemas.push({ ...d.outputSchema, what: 'output schema' });
    for (const s of schemas) {
      const compiled = cache.get(s.schema, d.flavor, d.dialect);
      if (!compiled.ok && compiled.limit) {
        const loc = at(d.host, s.path);
        opts.limit?.('invalid-tool-schema', `${where(label, loc.path, loc.inner)}: the ${s.what} of tool "${d.name}" was not checked: it is ${compiled.limit}`);
      }
      const problems = compiled.ok ? [] : compiled.problems;
      const rootType = s.schema && typeof s.schema === 'object' ? (s.schema as Record<string, unknown>).type : undefined;
      if (
        compiled.ok &&
        s.what === 'input schema' &&
        rootType !== undefined &&
        rootType !== 'object' &&
        !(d.flavor === 'gemini' && String(rootType).toLowerCase() === 'object') &&
        !(d.flavor === 'bfcl' && rootType === 'dict')
      ) {
        problems.push({ path: ['type'], expected: 'an object schema ("type": "object") for tool arguments', found: JSON.stringify(rootType) });
      }
      for (const p of problems) {
        const loc = at(d.host, [...s.path, ...p.path]);
        issues.push({
          rule: 'invalid-tool-schema',
          messageId: 'badSchema',
          data: { where: where(label, loc.path, loc.inner), tool: d.name, what: s.what, expected: p.expected, found: p.found },
          path: loc.path,
          hint: hintOf(d.host, [...s.path, ...p.path]),
        });
      }
    }
  }

  const scope = tools.size ? tools : opts.fileTools?.size ? opts.fileTools : null;
  const scopeName = tools.size ? 'this record' : 'this file';

  for (const bad of x.badEmbedded) {
    issues.push({
      rule: 'invalid-arguments',
      messageId: 'callUnparsable',
      data: { where: where(label, bad.host), error: bad.error },
      path: bad.host,
      hint: hintOf(undefined, bad.host, ':call'),
    });
  }

  for (const c of x.calls) checkCall(c, scope, scopeName, opts, issues);
  checkPairing(x, label, issues);
  return issues;
}

function checkCall(c: ToolCall, scope: Map<string, ToolDecl> | null, scopeName: string, opts: RecordOptions, issues: Issue[]): void {
  const { label } = opts;
  const callWhere = (inner?: string) => {
    const loc = at(c.host, c.path);
    return where(label, loc.path, [loc.inner, inner].filter(Boolean).join('.') || undefined);
  };

  // 1. The arguments themselves.
  let args: unknown;
  let argsPath: Seg[] = [];
  let inString = false;
  if (c.args.kind === 'string') {
    argsPath = c.args.path;
    inString = true;
    const text = c.args.text;
    try {
      args = text.trim() === '' ? {} : JSON.parse(text);
    } catch (err) {
      const loc = at(c.host, argsPath);
      issues.push({
        rule: 'invalid-arguments',
        messageId: 'unparsable',
        data: { where: callWhere(), tool: c.name, error: jsonErrorText(err), found: preview(text) },
        path: loc.path,
        hint: hintOf(c.host, argsPath, ':parse'),
      });
      return;
    }
    if (typeof args === 'string') {
      const again = args.trim();
      let inner: unknown;
      try {
        inner = again.startsWith('{') || again.startsWith('[') ? JSON.parse(again) : undefined;
      } catch {
        inner = undefined;
      }
      const loc = at(c.host, argsPath);
      issues.push({
        rule: 'invalid-arguments',
        messageId: inner !== undefined ? 'doubleEncoded' : 'notObject',
        data: { where: callWhere(), tool: c.name, found: inner !== undefined ? 'a JSON string that itself holds JSON' : `string ${preview(args)}` },
        path: loc.path,
        hint: hintOf(c.host, argsPath, ':type'),
      });
      return;
    }
  } else if (c.args.kind === 'object') {
    argsPath = c.args.path;
    args = c.args.value;
  } else {
    args = {};
  }
  if (c.args.kind !== 'none' && (args === null || typeof args !== 'object' || Array.isArray(args))) {
    const loc = at(c.host, argsPath);
    issues.push({
      rule: 'invalid-arguments',
      messageId: 'notObject',
      data: { where: callWhere(), tool: c.name, found: describeFound(args) },
      path: loc.path,
      hint: hintOf(c.host, argsPath, ':type'),
    });
    return;
  }

  // 2. The tool it names.
  if (!scope) return;
  const decl = scope.get(c.name);
  if (!decl) {
    const loc = at(c.host, c.namePath);
    const declared = [...scope.keys()];
    issues.push({
      rule: 'unknown-tool',
      messageId: 'unknown',
      data: {
        where: callWhere(),
        name: c.name,
        scope: scopeName,
        declared:
          declared
            .slice(0, 10)
            .map((n) => JSON.stringify(n))
            .join(', ') + (declared.length > 10 ? `, … (${declared.length})` : ''),
      },
      path: loc.path,
      hint: hintOf(c.host, c.namePath, `:${c.name}`),
    });
    return;
  }
  if (decl.schema === undefined) return;
  const compiled = opts.cache.get(decl.schema, decl.flavor, decl.dialect);
  const notValidated = (why: string) => opts.limit?.('invalid-arguments', `${callWhere()}: the arguments of "${c.name}" were not validated: ${why}`);
  if (!compiled.ok) {
    if (compiled.limit) notValidated(`its schema is ${compiled.limit}`);
    return; // problems are reported by invalid-tool-schema
  }
  if (measure(args) === 'deep') {
    notValidated(`they are ${TOO_DEEP}`);
    return;
  }
  if (compiled.unsupported) {
    notValidated(
      `its schema has ${compiled.unsupported === 1 ? 'a pattern' : `${compiled.unsupported} patterns`} the linear-time engine cannot run (backreference or lookaround), taken as matching`,
    );
  }

  // 3. Arguments against the tool's schema.
  const argName = (p: Seg[]) => formatPath(['arguments', ...p]);
  // Inside a JSON string, point at the string; with an object, at the offending value.
  const locate = (p: Seg[], key?: boolean) => (inString ? { ...at(c.host, argsPath), key: false } : { ...at(c.host, [...argsPath, ...p]), key });
  if (!compiled.validate(args)) {
    for (const v of describeErrors(compiled.validate.errors, args)) {
      const loc = locate(v.path, v.key);
      issues.push({
        rule: 'invalid-arguments',
        messageId: 'violation',
        data: { where: callWhere(), tool: c.name, arg: argName(v.path), expected: v.expected, found: v.found },
        path: loc.path,
        ...(loc.key ? { key: true } : {}),
        hint: hintOf(c.host, argsPath, `#${pathToPointer(v.path)}:${v.expected}`),
      });
    }
  }
  for (const u of undeclared(args, compiled.schema, [])) {
    const loc = locate(u.path, true);
    issues.push({
      rule: 'invalid-arguments',
      messageId: 'undeclared',
      severity: 'warning',
      data: {
        where: callWhere(),
        tool: c.name,
        arg: argName(u.path),
        declared: u.declared.length ? u.declared.map((n) => JSON.stringify(n)).join(', ') : 'none',
      },
      path: loc.path,
      ...(loc.key ? { key: true } : {}),
      hint: hintOf(c.host, argsPath, `#${pathToPointer(u.path)}:undeclared`),
    });
  }
}

type Schema = Record<string, unknown>;

/**
 * Keys present in the value that the schema's `properties` do not declare where `additionalProperties`
 * allows them anyway (when it forbids them, ajv reports an error instead). Levels using composition or
 * references are skipped: their declared set is not local.
 */
function undeclared(value: unknown, schema: unknown, path: Seg[]): { path: Seg[]; declared: string[] }[] {
  if (!schema || typeof schema !== 'object' || value === null || typeof value !== 'object') return [];
  const s = schema as Schema;
  if ('$ref' in s || 'anyOf' in s || 'oneOf' in s || 'allOf' in s || 'if' in s || '$dynamicRef' in s) return [];
  const out: { path: Seg[]; declared: string[] }[] = [];
  if (Array.isArray(value)) {
    if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) value.forEach((v, i) => out.push(...undeclared(v, s.items, [...path, i])));
    return out;
  }
  const props = s.properties && typeof s.properties === 'object' ? (s.properties as Record<string, unknown>) : null;
  if (!props) return out;
  const patterns =
    s.patternProperties && typeof s.patternProperties === 'object' ? Object.keys(s.patternProperties).map((p) => linearRegExp(p) ?? { test: () => true }) : [];
  const declared = Object.keys(props);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (Object.prototype.hasOwnProperty.call(props, k)) out.push(...undeclared(v, props[k], [...path, k]));
    else if (s.additionalProperties === false || s.unevaluatedProperties === false)
      continue; // ajv's error
    else if (s.additionalProperties && typeof s.additionalProperties === 'object')
      continue; // typed extras are declared
    else if (!patterns.some((re) => re.test(k))) out.push({ path: [...path, k], declared });
  }
  return out;
}

/**
 * Ids must be unique within one conversation. A document holding several views of the same run (an
 * agent's saved state lists one call under generated items, model responses and session items) repeats
 * an id across arrays legitimately.
 */
function conversationOf(c: ToolCall): string {
  return JSON.stringify(c.turn ? c.turn.conv : c.path.slice(0, -1));
}

function checkPairing(x: Extracted, label: string, issues: Issue[]): void {
  const firstById = new Map<string, ToolCall>();
  const firstInConversation = new Map<string, ToolCall>();
  for (const c of x.calls) {
    if (c.id === undefined || c.host) continue;
    if (!firstById.has(c.id)) firstById.set(c.id, c);
    const key = `${conversationOf(c)}\0${c.id}`;
    const first = firstInConversation.get(key);
    if (first) {
      issues.push({
        rule: 'unpaired-call',
        messageId: 'duplicateId',
        data: { where: where(label, c.path), id: JSON.stringify(c.id), first: formatPath(first.path) || 'document' },
        path: c.idPath!,
        hint: hintOf(undefined, c.idPath!, ':dup'),
      });
    } else firstInConversation.set(key, c);
  }
  const resultIds = new Set(x.results.map((r) => r.id));
  for (const r of x.results) {
    // A lone result block (no conversation around it) is an example of the type, not a broken transcript.
    if (firstById.has(r.id) || !r.turn) continue;
    issues.push({
      rule: 'unpaired-call',
      messageId: 'noCall',
      data: { where: where(label, r.path), id: JSON.stringify(r.id) },
      path: r.idPath,
      hint: hintOf(undefined, r.idPath, ':nocall'),
    });
  }
  for (const c of firstById.values()) {
    if (resultIds.has(c.id!) || !c.turn || c.turn.index >= c.turn.last) continue;
    // The conversation goes on after the call's turn without answering it.
    issues.push({
      rule: 'unpaired-call',
      messageId: 'noResult',
      data: {
        where: where(label, c.path),
        name: c.name,
        id: JSON.stringify(c.id),
        next: formatPath([...c.turn.conv, c.turn.index + 1]) || `[${c.turn.index + 1}]`,
      },
      path: c.idPath!,
      hint: hintOf(undefined, c.idPath!, ':noresult'),
    });
  }
}
