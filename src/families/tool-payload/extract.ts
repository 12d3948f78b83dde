/**
 * Format detection: find the tool declarations, tool calls and tool results in one record (a JSONL line
 * or a JSON document), whatever provider format holds them. Only recognised shapes are collected; any
 * other JSON yields nothing.
 *
 * Recognised:
 *  - OpenAI Chat Completions / fine-tuning: `tools[{type:function,function:{name,parameters}}]`,
 *    `tool_calls[{id,function:{name,arguments:"<json>"}}]`, `{role:tool,tool_call_id}`; legacy
 *    `functions[{name,parameters}]` and `function_call:{name,arguments}`.
 *  - OpenAI Responses: `{type:function,name,parameters}`, `{type:function_call,call_id,name,arguments}`,
 *    `{type:function_call_output,call_id}`.
 *  - Anthropic Messages (and MCP sampling): `tools[{name,input_schema}]`, `{type:tool_use,id,name,input}`,
 *    `{type:tool_result,tool_use_id|toolUseId}`.
 *  - Gemini: `functionDeclarations[{name,parameters|parametersJsonSchema}]`, `functionCall:{name,args}`.
 *  - MCP: `{name,inputSchema,outputSchema?}` (tools/list results, Tool objects), `{method:"tools/call",params:{name,arguments}}`.
 *  - BFCL records `{question, function:[{name,parameters:{type:"dict"...}}]}` and BFCL function docs.
 *  - Instruction datasets: string fields holding a tool definition (`input`, `instruction`, `system`, ...) and
 *    the model's call (`output`, `response`, `completion`, ...), as JSON text.
 *  - ShareGPT conversations (`conversations[{from,value}]`, or `messages[{role,content}]` with text content)
 *    holding tools and calls as text: Hermes function calling (`<tools>[…]</tools>` in the system turn,
 *    `<tool_call>{"name","arguments"}</tool_call>` in the assistant's, JSON or Python-literal) and
 *    LLaMA-Factory (`tools` as a JSON string, `{from:"function_call", value:"{name,arguments}"}` turns).
 */
import { jsonErrorText } from './describe.js';
import { MAX_DEPTH } from './limits.js';
import { parseValues } from './literal.js';
import type { Dialect, SchemaFlavor } from './schemas.js';
import type { Seg } from './paths.js';

export type Provider = 'openai' | 'anthropic' | 'gemini' | 'mcp' | 'bfcl' | 'generic';

export interface Turn {
  /** Path of the conversation array. */
  conv: Seg[];
  index: number;
  last: number;
}

export interface ToolDecl {
  name: string;
  namePath: Seg[];
  path: Seg[];
  /** The input schema (undefined: the tool takes no declared parameters). */
  schema: unknown;
  schemaPath: Seg[];
  outputSchema?: { schema: unknown; path: Seg[] };
  provider: Provider;
  flavor: SchemaFlavor;
  dialect: Dialect;
  /** Path of the string field of the record that holds this declaration as JSON text. */
  host?: Seg[];
}

export type CallArgs = { kind: 'object'; value: unknown; path: Seg[] } | { kind: 'string'; text: string; path: Seg[] } | { kind: 'none' };

export interface ToolCall {
  name: string;
  namePath: Seg[];
  path: Seg[];
  id?: string;
  idPath?: Seg[];
  provider: Provider;
  args: CallArgs;
  turn?: Turn;
  host?: Seg[];
}

export interface ToolResult {
  id: string;
  idPath: Seg[];
  path: Seg[];
  turn?: Turn;
}

/** A string field whose text should be JSON but is not (instruction datasets' call field). */
export interface BadEmbedded {
  host: Seg[];
  error: string;
}

export interface Extracted {
  decls: ToolDecl[];
  calls: ToolCall[];
  results: ToolResult[];
  badEmbedded: BadEmbedded[];
  /** Part of the record nests deeper than MAX_DEPTH: it was not searched (the walk stops there). */
  tooDeep?: true;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string';

const CONV_KEYS = new Set(['messages', 'input', 'output', 'contents', 'conversation', 'conversations', 'history', 'items', 'chat', 'dialog', 'turns']);
const DECL_FIELDS = ['input', 'instruction', 'system', 'tools', 'functions', 'tool', 'function', 'context', 'schema'];
const CALL_FIELDS = ['output', 'response', 'completion', 'answer', 'target', 'tool_call', 'call'];
const CALL_TAGS = ['tool_call', 'functioncall', 'function_call'] as const;

function isSchemaLike(v: unknown): boolean {
  return isObj(v) && ('type' in v || 'properties' in v || '$schema' in v || 'anyOf' in v || 'oneOf' in v);
}

function looksConversational(arr: unknown[]): boolean {
  return arr.some((x) => isObj(x) && (str(x.role) || (str(x.type) && /^(message|function_call|function_call_output|reasoning)$/.test(x.type))));
}

class Walker {
  readonly out: Extracted = { decls: [], calls: [], results: [], badEmbedded: [] };
  constructor(
    private readonly bfcl: boolean,
    private readonly host?: Seg[],
  ) {}

  /**
   * Search a value for tool payloads, `depth` levels below the record's root. The walk stops at MAX_DEPTH
   * (recursion and the path copied per level stay bounded) and marks the record `tooDeep`.
   */
  visit(v: unknown, path: Seg[], parentKey: string | number | undefined, turn: Turn | undefined, depth = 0): void {
    if (v === null || typeof v !== 'object') return;
    if (depth >= MAX_DEPTH) {
      this.out.tooDeep = true;
      return;
    }
    if (Array.isArray(v)) {
      const conv = (typeof parentKey === 'string' && CONV_KEYS.has(parentKey)) || (parentKey === undefined && looksConversational(v));
      for (let i = 0; i < v.length; i++) {
        const t = conv ? { conv: path, index: i, last: v.length - 1 } : turn;
        this.visit(v[i], [...path, i], typeof parentKey === 'string' ? parentKey : undefined, t, depth + 1);
      }
      return;
    }
    if (!isObj(v)) return;
    if (this.matchDecl(v, path, parentKey) || this.matchCall(v, path, parentKey, turn) || this.matchResult(v, path, turn)) return;
    for (const k of Object.keys(v)) {
      const child = v[k];
      if (child !== null && typeof child === 'object') this.visit(child, [...path, k], k, turn, depth + 1);
    }
  }

  private decl(d: Omit<ToolDecl, 'host' | 'dialect'> & { dialect?: Dialect }): true {
    this.out.decls.push({ dialect: 'draft-07', ...d, ...(this.host ? { host: this.host } : {}) });
    return true;
  }

  private matchDecl(o: Obj, path: Seg[], parentKey: string | number | undefined): boolean {
    if (o.type === 'function' && isObj(o.function) && str(o.function.name) && !('arguments' in o.function)) {
      const f = o.function;
      return this.decl({
        name: f.name as string,
        namePath: [...path, 'function', 'name'],
        path,
        schema: f.parameters,
        schemaPath: [...path, 'function', 'parameters'],
        provider: 'openai',
        flavor: 'json-schema',
      });
    }
    if (!str(o.name)) return false;
    const base = { name: o.name, namePath: [...path, 'name'], path };
    if (o.type === 'function' && !('arguments' in o)) {
      return this.decl({ ...base, schema: o.parameters, schemaPath: [...path, 'parameters'], provider: 'openai', flavor: 'json-schema' });
    }
    if (isObj(o.input_schema) && o.type !== 'tool_use') {
      return this.decl({ ...base, schema: o.input_schema, schemaPath: [...path, 'input_schema'], provider: 'anthropic', flavor: 'json-schema' });
    }
    if (isObj(o.inputSchema)) {
      return this.decl({
        ...base,
        schema: o.inputSchema,
        schemaPath: [...path, 'inputSchema'],
        ...(isObj(o.outputSchema) ? { outputSchema: { schema: o.outputSchema, path: [...path, 'outputSchema'] } } : {}),
        provider: 'mcp',
        flavor: 'json-schema',
        dialect: '2020-12',
      });
    }
    if (parentKey === 'functionDeclarations' || parentKey === 'function_declarations') {
      if ('parametersJsonSchema' in o)
        return this.decl({ ...base, schema: o.parametersJsonSchema, schemaPath: [...path, 'parametersJsonSchema'], provider: 'gemini', flavor: 'json-schema' });
      return this.decl({ ...base, schema: o.parameters, schemaPath: [...path, 'parameters'], provider: 'gemini', flavor: 'gemini' });
    }
    if ('arguments' in o || 'args' in o || 'input' in o) return false;
    if (parentKey === 'function' && this.bfcl) {
      return this.decl({ ...base, schema: o.parameters, schemaPath: [...path, 'parameters'], provider: 'bfcl', flavor: 'bfcl' });
    }
    if (parentKey === 'functions' && (o.parameters === undefined || isObj(o.parameters))) {
      return this.decl({ ...base, schema: o.parameters, schemaPath: [...path, 'parameters'], provider: 'openai', flavor: 'json-schema' });
    }
    if (isSchemaLike(o.parameters)) {
      const p = o.parameters as Obj;
      // A bare declaration whose root type is BFCL's `dict` is a BFCL function doc.
      const bfclDoc = p.type === 'dict';
      return this.decl({
        ...base,
        schema: p,
        schemaPath: [...path, 'parameters'],
        provider: bfclDoc ? 'bfcl' : 'generic',
        flavor: bfclDoc ? 'bfcl' : 'json-schema',
      });
    }
    return false;
  }

  private call(c: Omit<ToolCall, 'host'>): true {
    this.out.calls.push({ ...c, ...(this.host ? { host: this.host } : {}) });
    return true;
  }

  private args(v: unknown, path: Seg[]): CallArgs {
    if (str(v)) return { kind: 'string', text: v, path };
    if (v === undefined) return { kind: 'none' };
    return { kind: 'object', value: v, path };
  }

  private matchCall(o: Obj, path: Seg[], parentKey: string | number | undefined, turn: Turn | undefined): boolean {
    const t = turn ? { turn } : {};
    if (parentKey === 'tool_calls' && isObj(o.function) && str(o.function.name)) {
      const f = o.function;
      return this.call({
        name: f.name as string,
        namePath: [...path, 'function', 'name'],
        path,
        ...(str(o.id) ? { id: o.id, idPath: [...path, 'id'] } : {}),
        provider: 'openai',
        args: this.args(f.arguments, [...path, 'function', 'arguments']),
        ...t,
      });
    }
    if (o.method === 'tools/call' && isObj(o.params) && str(o.params.name)) {
      return this.call({
        name: o.params.name,
        namePath: [...path, 'params', 'name'],
        path,
        provider: 'mcp',
        args: this.args(o.params.arguments ?? {}, [...path, 'params', 'arguments']),
        ...t,
      });
    }
    if (!str(o.name)) return false;
    const base = { name: o.name, namePath: [...path, 'name'], path, ...t };
    if (o.type === 'function_call') {
      return this.call({
        ...base,
        ...(str(o.call_id) ? { id: o.call_id, idPath: [...path, 'call_id'] } : {}),
        provider: 'openai',
        args: this.args(o.arguments, [...path, 'arguments']),
      });
    }
    if (o.type === 'tool_use') {
      return this.call({
        ...base,
        ...(str(o.id) ? { id: o.id, idPath: [...path, 'id'] } : {}),
        provider: 'anthropic',
        args: this.args(o.input ?? {}, [...path, 'input']),
      });
    }
    if (parentKey === 'functionCall' || (parentKey === 'function_call' && 'args' in o)) {
      return this.call({
        ...base,
        ...(str(o.id) ? { id: o.id, idPath: [...path, 'id'] } : {}),
        provider: 'gemini',
        args: this.args(o.args ?? {}, [...path, 'args']),
      });
    }
    if (parentKey === 'function_call' && 'arguments' in o) {
      return this.call({ ...base, provider: 'openai', args: this.args(o.arguments, [...path, 'arguments']) });
    }
    if ('arguments' in o && (str(o.arguments) || isObj(o.arguments))) {
      return this.call({
        ...base,
        ...(str(o.id) ? { id: o.id, idPath: [...path, 'id'] } : {}),
        provider: 'generic',
        args: this.args(o.arguments, [...path, 'arguments']),
      });
    }
    return false;
  }

  private matchResult(o: Obj, path: Seg[], turn: Turn | undefined): boolean {
    const t = turn ? { turn } : {};
    if (o.role === 'tool' && str(o.tool_call_id)) {
      this.out.results.push({ id: o.tool_call_id, idPath: [...path, 'tool_call_id'], path, ...t });
      return true;
    }
    if (o.type === 'function_call_output' && str(o.call_id)) {
      this.out.results.push({ id: o.call_id, idPath: [...path, 'call_id'], path, ...t });
      return true;
    }
    if (o.type === 'tool_result') {
      const key = str(o.tool_use_id) ? 'tool_use_id' : str(o.toolUseId) ? 'toolUseId' : null;
      if (key) this.out.results.push({ id: o[key] as string, idPath: [...path, key], path, ...t });
      return true;
    }
    return false;
  }
}

/** JSON values held as text in a string field: the whole string, or `<tool_call>…</tool_call>` parts of it. */
function embeddedJson(text: string): { values: unknown[]; error?: string } | null {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { values: [JSON.parse(trimmed)] };
    } catch (err) {
      return { values: [], error: jsonErrorText(err) };
    }
  }
  if (!trimmed.includes('</')) return null;
  const values: unknown[] = [];
  for (const body of tagBlocks(trimmed, CALL_TAGS)) {
    try {
      values.push(JSON.parse(body.trim()));
    } catch (err) {
      return { values, error: jsonErrorText(err) };
    }
  }
  return values.length ? { values } : null;
}

/** Everything tool-related in one record. */
export function extract(record: unknown, prefix: Seg[] = []): Extracted {
  const bfcl = isObj(record) && Array.isArray(record.function) && 'question' in record;
  const walker = new Walker(bfcl);
  walker.visit(record, prefix, undefined, undefined);
  const out = walker.out;
  const deep = (w: Walker) => {
    if (w.out.tooDeep) out.tooDeep = true;
  };
  if (isObj(record)) extractShareGpt(record, prefix, out, deep);
  if (isObj(record) && out.decls.length === 0 && out.calls.length === 0) extractInstruction(record, prefix, out, deep);
  return out;
}

const ASSISTANT_ROLES = new Set(['gpt', 'assistant', 'model']);

/** The text of a ShareGPT turn (`{from, value}`) or of a chat message with text content (`{role, content}`). */
function turnText(t: unknown): { role: string; key: string; text: string } | null {
  if (!isObj(t)) return null;
  if (str(t.from) && str(t.value)) return { role: t.from, key: 'value', text: t.value };
  if (str(t.role) && str(t.content)) return { role: t.role, key: 'content', text: t.content };
  return null;
}

/**
 * The bodies of the `<name>…</name>` blocks of `text`, for any of `names` (a block ends at the first close
 * tag of its name), in order: what a global regex with a lazy body and a backreference finds, in linear
 * time. That regex tries every later open tag again when one is never closed: 140 KB of `<tools>` took
 * 1.6 s, and the time grows with the square of the size.
 */
export function tagBlocks(text: string, names: readonly string[]): string[] {
  const out: string[] = [];
  const next = new Map<string, number>(); // the next open tag of each name at or after pos (-1: none left)
  let pos = 0;
  for (;;) {
    let at = -1;
    let name = '';
    for (const n of names) {
      let i = next.get(n) ?? -2;
      if (i !== -1 && i < pos) next.set(n, (i = text.indexOf(`<${n}>`, pos)));
      if (i >= 0 && (at < 0 || i < at)) [at, name] = [i, n];
    }
    if (at < 0) return out;
    const start = at + name.length + 2;
    const close = text.indexOf(`</${name}>`, start);
    if (close < 0)
      next.set(name, -1); // no close of this name later: none of its open tags can start a block
    else {
      out.push(text.slice(start, close));
      pos = close + name.length + 3;
    }
  }
}

/** Bodies of `<tag>…</tag>` blocks with something in them (a system prompt also names `<tools> </tools>` in prose); `trim`: without white space around. */
function tagBodies(text: string, names: readonly string[], trim: boolean): string[] {
  return tagBlocks(text, names)
    .filter((b) => b.trim() !== '')
    .map((b) => (trim ? b.trim() : b));
}

/**
 * ShareGPT conversations whose tools and calls are text: Hermes tags (`<tools>` in a system turn or a
 * `system` field, `<tool_call>` in an assistant turn), LLaMA-Factory `function_call` turns (after an optional
 * `<think>…</think>`) with the tools in a `tools` string field. A record whose tool list cannot be read
 * is left alone: its calls cannot be checked against it.
 */
function extractShareGpt(record: Obj, prefix: Seg[], out: Extracted, deep: (w: Walker) => void): void {
  const convKey = ['conversations', 'messages'].find((k) => Array.isArray(record[k]) && (record[k] as unknown[]).some((t) => turnText(t)));
  if (!convKey) return;
  const found: Extracted = { decls: [], calls: [], results: [], badEmbedded: [] };
  let unreadable = false;
  const declare = (text: string, host: Seg[]) => {
    const parsed = parseValues(text);
    if (!parsed.ok) {
      unreadable = true;
      if (parsed.tooDeep) out.tooDeep = true;
      return;
    }
    for (const v of parsed.values) {
      const w = new Walker(false, host);
      w.visit(v, [], 'tools', undefined);
      deep(w);
      found.decls.push(...w.out.decls);
    }
  };
  const callsIn = (bodies: string[], host: Seg[]) => {
    const values: unknown[] = [];
    for (const body of bodies) {
      const parsed = parseValues(body);
      if (!parsed.ok) {
        if (parsed.tooDeep) out.tooDeep = true;
        found.badEmbedded.push({ host, error: parsed.error });
        return;
      }
      values.push(...parsed.values);
    }
    // Several calls in one string: `[1]` names the second.
    values.forEach((v, k) => {
      const w = new Walker(false, host);
      w.visit(v, values.length > 1 ? [k] : [], undefined, undefined);
      deep(w);
      found.calls.push(...w.out.calls);
    });
  };

  if (str(record.tools)) declare(record.tools, [...prefix, 'tools']);
  if (str(record.system)) for (const b of tagBodies(record.system, ['tools'], false)) declare(b, [...prefix, 'system']);
  (record[convKey] as unknown[]).forEach((t, i) => {
    const turn = turnText(t);
    if (!turn) return;
    const host = [...prefix, convKey, i, turn.key];
    if (turn.role === 'system') for (const b of tagBodies(turn.text, ['tools'], false)) declare(b, host);
    else if (turn.role === 'function_call') callsIn([turn.text.replace(/^\s*<think>[\s\S]*?<\/think>/, '')], host);
    else if (ASSISTANT_ROLES.has(turn.role)) {
      const bodies = tagBodies(turn.text, CALL_TAGS, true);
      if (bodies.length) callsIn(bodies, host);
    }
  });
  if (unreadable || (found.decls.length === 0 && found.calls.length === 0)) return;
  out.decls.push(...found.decls);
  out.calls.push(...found.calls);
  out.badEmbedded.push(...found.badEmbedded);
}

/** Instruction datasets: `{"instruction": …, "input": "<tool JSON>", "output": "<call JSON>"}`. */
function extractInstruction(record: Obj, prefix: Seg[], out: Extracted, deep: (w: Walker) => void): void {
  const decls: ToolDecl[] = [];
  for (const field of DECL_FIELDS) {
    const v = record[field];
    if (!str(v)) continue;
    const parsed = embeddedJson(v);
    if (!parsed) continue;
    for (const value of parsed.values) {
      const w = new Walker(false, [...prefix, field]);
      w.visit(value, [], 'tools', undefined);
      deep(w);
      decls.push(...w.out.decls);
    }
  }
  if (decls.length === 0) return;
  out.decls.push(...decls);
  for (const field of CALL_FIELDS) {
    const v = record[field];
    if (!str(v)) continue;
    const parsed = embeddedJson(v);
    if (!parsed) continue;
    if (parsed.error) out.badEmbedded.push({ host: [...prefix, field], error: parsed.error });
    for (const value of parsed.values) {
      const w = new Walker(false, [...prefix, field]);
      w.visit(value, [], undefined, undefined);
      deep(w);
      out.calls.push(...w.out.calls);
    }
  }
}

export function isPayloadContent(x: Extracted): boolean {
  return x.decls.length > 0 || x.calls.length > 0 || x.results.length > 0;
}
