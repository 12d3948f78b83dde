/**
 * Schema types as guards: what the framework checks an argument against before the handler runs. A zod
 * `z.number()`, `z.boolean()`, `z.enum([...])`, `z.literal(...)` or `z.string().regex(/^[a-z0-9_]+$/)` on
 * an MCP `server.tool` / `registerTool`, a Vercel AI / OpenAI Agents / LangChain.js / Mastra tool, or a
 * `Schema.parse(args)` in the handler, and a pydantic `constr(pattern=...)`, `Field(pattern=...)`,
 * `StringConstraints(pattern=...)` or `Enum` annotation: the value cannot carry what a sink of some kinds
 * needs (`../`, `; rm`, a leading `-`, `http://`). Each constraint makes the value safe only for the
 * kinds its character set rules out (`patternKinds`).
 */
import type { ProjectContext } from '../../../core/types.js';
import { resolveJsModule } from '../../../parsing/modules.js';
import type { Node } from '../../../parsing/parsers.js';
import type { ToolHandler } from '../discovery/types.js';
import { ALL_KINDS, parsedFile, regexIsAnchored, type ParsedFile } from './core.js';
import { jsLiteralString } from './js-catalogue.js';
import { pyLiteralString } from './python-catalogue.js';
import type { SinkKind } from './types.js';
import { descendantsOf } from '../../../parsing/nodes.js';

/** Property (or parameter) name → the sink kinds its declared schema makes it safe for. */
export type FieldKinds = ReadonlyMap<string, readonly SinkKind[]>;

// ---------------------------------------------------------------- regular expressions

/**
 * The characters a regex can match, read from its text: literal characters, `[...]` classes (ranges of
 * letters and digits), `\w`, `\d`, `\s` and escaped punctuation. Null when it matches more than that can
 * say (`.`, `\S`, `\W`, `[^...]`, a range over punctuation).
 */
function regexChars(body: string): Set<string> | null {
  const out = new Set<string>();
  const add = (s: string) => {
    for (const ch of s) out.add(ch);
  };
  const WORD = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
  const escaped = (c: string): boolean => {
    if (c === 'w') add(WORD);
    else if (c === 'd') add('0123456789');
    else if (c === 's') add(' \t\n\r');
    else if (/[SWDbBpPuxcnrtfv0-9]/.test(c)) return c === 'b' || c === 'B';
    else add(c);
    return true;
  };
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '\\') {
      if (!escaped(body[i + 1] ?? '')) return null;
      i += 2;
    } else if (c === '[') {
      if (body[i + 1] === '^') return null;
      i++;
      let first = true;
      while (i < body.length && (body[i] !== ']' || first)) {
        first = false;
        const a = body[i];
        if (a === '\\') {
          if (!escaped(body[i + 1] ?? '')) return null;
          i += 2;
          continue;
        }
        if (body[i + 1] === '-' && body[i + 2] && body[i + 2] !== ']') {
          const b = body[i + 2];
          if (!/[A-Za-z0-9]/.test(a) || !/[A-Za-z0-9]/.test(b)) return null;
          for (let k = a.charCodeAt(0); k <= b.charCodeAt(0); k++) out.add(String.fromCharCode(k));
          i += 3;
          continue;
        }
        out.add(a);
        i++;
      }
      i++;
    } else if (c === '.') return null;
    else if (c === '{') {
      const end = body.indexOf('}', i);
      if (end < 0) return null;
      i = end + 1;
    } else {
      if (!'()|?*+^$'.includes(c)) out.add(c);
      else if (c === '(' && body[i + 1] === '?') i += body[i + 2] === ':' ? 2 : 1;
      i++;
    }
  }
  return out;
}

const has = (chars: Set<string>, any: string) => [...any].some((c) => chars.has(c));

/**
 * The characters a match can start with, when the pattern opens with one required atom (a literal, an
 * escape or a `[...]` class not followed by `?`, `*` or `{0`): a UUID pattern has `-` inside but never
 * first, and only the first character decides whether a value reads as an option. Null otherwise.
 */
function leadingChars(body: string): Set<string> | null {
  if (body.includes('|')) return null; // another alternative may start differently
  let end: number;
  if (body[0] === '\\') end = 'bB'.includes(body[1] ?? 'b') ? 0 : 2;
  else if (body[0] === '[') {
    end = body.indexOf(']', body[1] === ']' ? 2 : 1) + 1;
    if (end <= 0 || body.slice(1, end).includes('\\]')) return null;
  } else if (body[0] && !'()|?*+^$.{'.includes(body[0])) end = 1;
  else return null;
  if (!end || /^(\?|\*|\{0[,}])/.test(body.slice(end))) return null;
  return regexChars(body.slice(0, end));
}

/**
 * The sink kinds a value fully matching `pattern` is safe for: no leading `-` for argument injection,
 * no `.`, `/` or `\` for paths (`..`, an absolute path), no shell metacharacter or space for commands, no
 * quote, space or `;` for SQL and code, no `:`, `/` or `@` for a URL. Unanchored patterns guard nothing.
 */
export function patternKinds(pattern: string): SinkKind[] {
  if (!regexIsAnchored(pattern)) return [];
  const body = pattern.replace(/^(\^|\\A)/, '').replace(/(\$|\\Z|\\z)$/, '');
  const chars = regexChars(body);
  if (!chars) return [];
  const out: SinkKind[] = [];
  const space = has(chars, ' \t\n\r');
  if (!chars.has('-') || leadingChars(body)?.has('-') === false) out.push('argument');
  if (!has(chars, './\\~')) out.push('path');
  if (!space && !has(chars, ';|&$`<>(){}[]*?!\'"\\#')) out.push('command');
  // no name can be formed (no letter, `_`, `$`, quote, bracket or escape): at most arithmetic on literals, whatever the spaces and parentheses
  if ((!space && !has(chars, ';()\'"`$\\{}[]+')) || !has(chars, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$\'"`[]{}\\')) out.push('code');
  if (!space && !has(chars, ';()\'"`=-/*\\')) out.push('sql');
  if (!has(chars, ':/\\@')) out.push('ssrf');
  if (out.includes('path') && out.includes('command')) out.push('deserialization');
  return out;
}

/** The pattern of a JS regex literal (`/^[a-z]+$/i` → `^[a-z]+$`), null for anything else. */
function jsRegex(node: Node | null | undefined): string | null {
  if (node?.type !== 'regex') return null;
  return node.childForFieldName('pattern')?.text ?? null;
}

// ---------------------------------------------------------------- zod (JavaScript / TypeScript)

/** Strip `(x)`, `x as T`, `x satisfies T`. */
function unwrap(n: Node | null | undefined): Node | null {
  let cur = n ?? null;
  while (cur && (cur.type === 'parenthesized_expression' || cur.type === 'as_expression' || cur.type === 'satisfies_expression'))
    cur = cur.namedChildren[0] ?? null;
  return cur;
}

/** `const X = <value>` at any level of the file, by name (the first in the file). */
function jsConst(root: Node, name: string): Node | null {
  return (
    perTree(jsConstIndexes, root, () => {
      const index = new Map<string, Node | null>();
      for (const d of descendantsOf(root, 'variable_declarator')) {
        const declared = d?.childForFieldName('name')?.text;
        if (d && declared && !index.has(declared)) index.set(declared, d.childForFieldName('value'));
      }
      return index;
    }).get(name) ?? null
  );
}

/**
 * Indexes built once per tree: a file with hundreds of registrations asks for its consts and imports once
 * each, and a whole-tree search per question was most of a full scan's time (13 of 21 s on openai-agents-js).
 */
const jsConstIndexes = new WeakMap<Node, Map<string, Node | null>>();
const jsImportIndexes = new WeakMap<Node, Map<string, { spec: string; imported: string }>>();
function perTree<T>(indexes: WeakMap<Node, T>, root: Node, build: () => T): T {
  let index = indexes.get(root);
  if (index === undefined) indexes.set(root, (index = build()));
  return index;
}

function resolveJs(root: Node, n: Node | null | undefined, depth = 0): Node | null {
  const u = unwrap(n);
  if (u?.type === 'identifier' && depth < 3) return resolveJs(root, jsConst(root, u.text), depth + 1);
  return u;
}

/** `a.b(x).c(y)` → the calls from the base outwards: [['z.string', []], ['regex', [x]], ...]. */
function zodChain(n: Node): { name: string; args: Node[] }[] | null {
  const calls: { name: string; args: Node[] }[] = [];
  let cur: Node | null = n;
  while (cur?.type === 'call_expression') {
    const fn: Node | null = cur.childForFieldName('function');
    const args = (cur.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
    if (fn?.type !== 'member_expression') return null;
    const obj: Node = fn.childForFieldName('object')!;
    const prop = fn.childForFieldName('property')!.text;
    if (obj.type === 'identifier' || (obj.type === 'member_expression' && obj.text === 'z.coerce')) {
      calls.unshift({ name: `${obj.text}.${prop}`, args });
      return calls;
    }
    calls.unshift({ name: prop, args });
    cur = obj;
  }
  return null;
}

/** The kinds one zod field schema makes a value safe for. */
export function zodKinds(root: Node, expr: Node | null | undefined): SinkKind[] {
  const n = resolveJs(root, expr);
  if (!n) return [];
  const chain = zodChain(n);
  if (!chain?.length || !/^(z|zod|z\.coerce)\.\w+$/.test(chain[0].name)) return [];
  const base = chain[0].name.replace(/^(zod|z\.coerce)\./, 'z.');
  const mods = chain.slice(1);
  const literalValues = (nodes: Node[]): boolean =>
    nodes.every((v) => v.type === 'number' || v.type === 'true' || v.type === 'false' || !(jsLiteralString(v) ?? '-').startsWith('-'));
  if (base === 'z.boolean' || base === 'z.nativeEnum') return ALL_KINDS;
  if (base === 'z.literal') return chain[0].args.length && literalValues(chain[0].args) ? ALL_KINDS : [];
  if (base === 'z.enum') {
    const arr = resolveJs(root, chain[0].args[0]);
    const values = arr?.type === 'array' ? arr.namedChildren.filter((v): v is Node => !!v && v.type !== 'comment') : [];
    return values.length && literalValues(values) ? ALL_KINDS : [];
  }
  // A JSON number renders as digits, `-`, `.`, `e` and `+` only: negative, it is at most a numeric flag (`-5`),
  // which cannot name a file, a program or a URL.
  if (base === 'z.number' || base === 'z.bigint') return ALL_KINDS;
  if (base === 'z.string') {
    const kinds = new Set<SinkKind>();
    for (const m of mods) {
      if (m.name === 'uuid' || m.name === 'cuid' || m.name === 'ulid') for (const k of ALL_KINDS) kinds.add(k);
      // a value `new URL()` accepts starts with its scheme (a letter), never with `-`: any host, but not an option
      if (m.name === 'url') kinds.add('argument');
      if (m.name === 'regex') for (const k of patternKinds(jsRegex(resolveJs(root, m.args[0])) ?? '')) kinds.add(k);
    }
    return [...kinds];
  }
  return [];
}

/** `{ a: z.number(), ... }` or `z.object({...})` (with `.strict()` and the like): field → kinds. */
export function zodObjectKinds(root: Node, schema: Node | null | undefined): Map<string, SinkKind[]> | null {
  let n = resolveJs(root, schema);
  // `Schema.shape`: the object schema's fields
  if (n?.type === 'member_expression' && n.childForFieldName('property')?.text === 'shape') n = resolveJs(root, n.childForFieldName('object'));
  // z.object({...}).strict() / .describe(...): the object call at the base
  while (n?.type === 'call_expression') {
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'member_expression') return null;
    if (fn.text === 'z.object' || fn.text === 'z.strictObject') {
      n = resolveJs(root, n.childForFieldName('arguments')?.namedChildren[0]);
      break;
    }
    n = resolveJs(root, fn.childForFieldName('object'));
  }
  if (n?.type !== 'object') return null;
  const out = new Map<string, SinkKind[]>();
  for (const p of n.namedChildren) {
    if (p?.type !== 'pair') continue;
    const key = p.childForFieldName('key');
    const name = key?.type === 'property_identifier' ? key.text : jsLiteralString(key);
    if (!name) continue;
    const kinds = zodKinds(root, p.childForFieldName('value'));
    if (kinds.length) out.set(name, kinds);
  }
  return out;
}

/** The call or new expression whose range is the handler's registration. */
function registrationNode(pf: ParsedFile, handler: ToolHandler): Node | null {
  const r = handler.registration.range;
  const lines = pf.file.lines;
  const start = lines.offsetOfLine(r.startLine) + r.startColumn - 1;
  const end = lines.offsetOfLine(r.endLine) + r.endColumn - 1;
  let n: Node | null = pf.parsed.root.descendantForIndex(start, Math.max(start, end - 1));
  while (n && !(n.startIndex <= start && n.endIndex >= end && (n.type === 'call_expression' || n.type === 'new_expression'))) n = n.parent;
  return n;
}

/** The module a name of this file is imported from (`import { X } from './schemas.js'`), and its name there. */
function jsImportOf(root: Node, name: string): { spec: string; imported: string } | null {
  return (
    perTree(jsImportIndexes, root, () => {
      const index = new Map<string, { spec: string; imported: string }>();
      for (const st of descendantsOf(root, 'import_statement')) {
        const spec = jsLiteralString(st?.childForFieldName('source'));
        if (!st || !spec) continue;
        for (const sp of st.descendantsOfType('import_specifier')) {
          const local = (sp?.childForFieldName('alias') ?? sp?.childForFieldName('name'))?.text;
          if (local && !index.has(local)) index.set(local, { spec, imported: sp!.childForFieldName('name')!.text });
        }
      }
      return index;
    }).get(name) ?? null
  );
}

/**
 * A schema expression whose base name is imported from a repository module (`GitBranchBaseSchema.shape`
 * with `GitBranchBaseSchema` from './logic.js'): that module's root, so its consts resolve there.
 */
async function schemaRoot(project: ProjectContext, pf: ParsedFile, expr: Node): Promise<{ root: Node; node: Node }> {
  let base: Node | null = unwrap(expr);
  while (base && (base.type === 'member_expression' || base.type === 'call_expression'))
    base = base.type === 'member_expression' ? base.childForFieldName('object') : base.childForFieldName('function');
  const root = pf.parsed.root;
  if (base?.type !== 'identifier' || jsConst(root, base.text)) return { root, node: expr };
  const imp = jsImportOf(root, base.text);
  const path = imp ? await resolveJsModule(project, pf.file.path, imp.spec) : null;
  const other = path ? await parsedFile(project, path) : null;
  if (!imp || !other || imp.imported !== base.text) return { root, node: expr };
  return { root: other.parsed.root, node: expr };
}

/** `zodObjectKinds` of a schema named in `pf`, declared there or imported from a repository module (`Schema.parse(args)`). */
export async function zodObjectKindsIn(project: ProjectContext, pf: ParsedFile, schema: Node): Promise<Map<string, SinkKind[]> | null> {
  const own = zodObjectKinds(pf.parsed.root, schema);
  if (own) return own;
  const { root, node } = await schemaRoot(project, pf, schema);
  return root === pf.parsed.root ? null : zodObjectKinds(root, node);
}

/** The schema a JS registration declares for its input object, by property. */
async function jsRegistrationKinds(project: ProjectContext, pf: ParsedFile, handler: ToolHandler): Promise<Map<string, SinkKind[]> | null> {
  if (handler.framework === 'mcp-typescript' && handler.name === 'CallTool') return null; // a low-level server validates nothing
  const call = registrationNode(pf, handler);
  if (!call) return null;
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
  for (const arg of args) {
    const { root, node: a } = await schemaRoot(project, pf, arg);
    const v = resolveJs(root, a);
    if (!v) continue;
    // server.tool(name, desc, { shape }, handler): the shape itself; tool({ parameters | inputSchema | schema })
    const direct = v.type === 'call_expression' || v.type === 'member_expression' ? zodObjectKinds(root, v) : null;
    if (direct) return direct;
    if (v.type !== 'object') continue;
    for (const p of v.namedChildren) {
      if (p?.type !== 'pair') continue;
      const key = p.childForFieldName('key')?.text;
      if (key === 'parameters' || key === 'inputSchema' || key === 'schema') {
        const sr = await schemaRoot(project, pf, p.childForFieldName('value')!);
        const m = zodObjectKinds(sr.root, sr.node);
        if (m) return m;
      }
    }
    const shape = zodObjectKinds(root, v);
    if (shape?.size) return shape;
  }
  return null;
}

// ---------------------------------------------------------------- pydantic / type hints (Python)

/** `pattern=r"..."` / `regex="..."` in a constraint call's text. */
function pyPatternKinds(call: Node | null | undefined): SinkKind[] | null {
  if (call?.type !== 'call') return null;
  for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (a?.type !== 'keyword_argument') continue;
    const k = a.childForFieldName('name')?.text;
    if (k === 'pattern' || k === 'regex') return patternKinds(pyLiteralString(a.childForFieldName('value')) ?? '');
  }
  return null;
}

/** A class of the file deriving from `Enum` / `StrEnum` / `IntEnum` (directly or with `str`). */
function pyEnumClasses(root: Node): Set<string> {
  const out = new Set<string>();
  for (const c of descendantsOf(root, 'class_definition')) {
    const bases = c?.childForFieldName('superclasses')?.text ?? '';
    if (/\b(Enum|StrEnum|IntEnum)\b/.test(bases)) out.add(c!.childForFieldName('name')!.text);
  }
  return out;
}

/** The kinds a Python annotation (and default) makes a parameter safe for, in a type-enforcing framework. */
export function pyAnnotationKinds(root: Node, type: Node | null | undefined, dflt: Node | null | undefined): SinkKind[] {
  const fromDefault = pyPatternKinds(dflt); // x: str = Field(pattern=...)
  if (fromDefault?.length) return fromDefault;
  if (!type) return [];
  const t = type.type === 'type' ? (type.namedChildren[0] ?? type) : type;
  if (t.type === 'call') return pyPatternKinds(t) ?? []; // constr(pattern=...)
  if (t.type === 'identifier' || t.type === 'attribute') return pyEnumClasses(root).has(t.text.split('.').pop()!) ? ALL_KINDS : [];
  if (t.type === 'generic_type' || t.type === 'subscript') {
    const name = (t.childForFieldName('value') ?? t.namedChildren[0])?.text ?? '';
    if (/(^|\.)Annotated$/.test(name)) {
      // Annotated[str, Field(pattern=...)] / StringConstraints(pattern=...) / annotated_types constraints
      const parts = t.descendantsOfType('call');
      for (const c of parts) {
        const k = pyPatternKinds(c);
        if (k?.length) return k;
      }
    }
  }
  return [];
}

/** Type-enforcing Python frameworks (pydantic builds a model from the signature and validates every call). */
const PY_ENFORCING = new Set(['mcp-python', 'openai-agents', 'pydantic-ai', 'langchain', 'crewai', 'agno']);

function pyParamKinds(pf: ParsedFile, fn: Node, handler: ToolHandler): Map<string, SinkKind[]> | null {
  if (!PY_ENFORCING.has(handler.framework)) return null;
  const out = new Map<string, SinkKind[]>();
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p || (p.type !== 'typed_parameter' && p.type !== 'typed_default_parameter')) continue;
    const name = p.type === 'typed_parameter' ? p.namedChildren[0]?.text : p.childForFieldName('name')?.text;
    if (!name) continue;
    const kinds = pyAnnotationKinds(pf.parsed.root, p.childForFieldName('type'), p.childForFieldName('value'));
    if (kinds.length) out.set(name, kinds);
  }
  return out;
}

// ---------------------------------------------------------------- JSON Schema of a low-level server's tools

/** The kinds one JSON-Schema property makes a value safe for: `enum` of literals, `const`, number/integer/boolean types, an anchored `pattern`. */
function jsonPropertyKinds(root: Node, prop: Node | null): SinkKind[] {
  const o = resolveJs(root, prop);
  if (o?.type !== 'object') return [];
  const pairs = new Map<string, Node>();
  for (const p of o.namedChildren) {
    const key = p?.type === 'pair' ? p.childForFieldName('key') : null;
    const value = p?.childForFieldName('value');
    if (key && value) pairs.set(jsLiteralString(key) ?? key.text, value);
  }
  const literal = (v: Node) => v.type === 'number' || v.type === 'true' || v.type === 'false' || !(jsLiteralString(v) ?? '-').startsWith('-');
  const values = resolveJs(root, pairs.get('enum'));
  if (values?.type === 'array') {
    const items = values.namedChildren.filter((v): v is Node => !!v && v.type !== 'comment');
    if (items.length && items.every(literal)) return ALL_KINDS;
  }
  const c = pairs.get('const');
  if (c && literal(c)) return ALL_KINDS;
  if (['number', 'integer', 'boolean'].includes(jsLiteralString(pairs.get('type')) ?? '')) return ALL_KINDS;
  const pattern = jsLiteralString(pairs.get('pattern'));
  return pattern !== null ? patternKinds(pattern) : [];
}

/** `{ name: "tool", inputSchema: { properties: { … } } }` objects of one module: tool → property → kinds. */
function jsonSchemaToolsOf(root: Node): Map<string, Map<string, SinkKind[]>> {
  const out = new Map<string, Map<string, SinkKind[]>>();
  for (const pair of descendantsOf(root, 'pair')) {
    const key = pair.childForFieldName('key');
    if ((key && (jsLiteralString(key) ?? key.text)) !== 'inputSchema' || pair.parent?.type !== 'object') continue;
    const nameNode = pair.parent.namedChildren.find(
      (p) => p?.type === 'pair' && (jsLiteralString(p.childForFieldName('key')) ?? p.childForFieldName('key')?.text) === 'name',
    );
    const tool = jsLiteralString(nameNode?.childForFieldName('value'));
    const schema = resolveJs(root, pair.childForFieldName('value'));
    if (!tool || schema?.type !== 'object') continue;
    const propsPair = schema.namedChildren.find(
      (p) => p?.type === 'pair' && (jsLiteralString(p.childForFieldName('key')) ?? p.childForFieldName('key')?.text) === 'properties',
    );
    const props = resolveJs(root, propsPair?.childForFieldName('value'));
    if (props?.type !== 'object') continue;
    const fields = new Map<string, SinkKind[]>();
    for (const p of props.namedChildren) {
      if (p?.type !== 'pair') continue;
      const k = p.childForFieldName('key');
      const kinds = jsonPropertyKinds(root, p.childForFieldName('value'));
      if (k && kinds.length) fields.set(jsLiteralString(k) ?? k.text, kinds);
    }
    if (!out.has(tool)) out.set(tool, fields);
  }
  return out;
}

/**
 * The JSON Schemas a low-level MCP server lists for its tools (`{ name: "kubectl_rollout", inputSchema: { properties:
 * { subCommand: { enum: [...] } } } }`), in the handler's module or a repository module it imports: tool → property →
 * kinds. A `CallToolRequestSchema` handler validates nothing itself, but a client calls a tool with the schema it
 * was listed with, and the model's arguments are generated against it (the same trust as a zod shape's enum).
 */
export function jsonSchemaTools(project: ProjectContext, pf: ParsedFile): Promise<Map<string, Map<string, SinkKind[]>>> {
  return project.memo(`taint:json-schema-tools:${pf.file.path}`, async () => {
    const out = new Map<string, Map<string, SinkKind[]>>();
    const add = (m: Map<string, Map<string, SinkKind[]>>) => {
      for (const [tool, fields] of m) if (!out.has(tool)) out.set(tool, fields);
    };
    add(jsonSchemaToolsOf(pf.parsed.root));
    const specs = new Set<string>();
    for (const st of descendantsOf(pf.parsed.root, 'import_statement')) {
      const spec = jsLiteralString(st.childForFieldName('source'));
      if (spec?.startsWith('.')) specs.add(spec);
    }
    for (const spec of specs) {
      const path = await resolveJsModule(project, pf.file.path, spec);
      const other = path ? await parsedFile(project, path) : null;
      if (other && other.parsed.language !== 'python') add(jsonSchemaToolsOf(other.parsed.root));
    }
    return out;
  });
}

// ---------------------------------------------------------------- entry point

/**
 * Sink kinds each input property (JS: the registration's zod schema) or parameter (Python: its
 * annotation) is declared safe for; empty when nothing is known.
 */
export async function schemaKinds(handler: ToolHandler, fn: Node, pf: ParsedFile, project: ProjectContext): Promise<FieldKinds> {
  if (handler.language === 'python') return pyParamKinds(pf, fn, handler) ?? new Map();
  const reg = handler.registration.path === pf.file.path ? pf : await parsedFile(project, handler.registration.path);
  if (!reg) return new Map();
  return (await jsRegistrationKinds(project, reg, handler)) ?? new Map();
}

/**
 * `({ path: p, count }) => ...`: the input property a destructured parameter binding reads (its own name
 * for a shorthand).
 */
export function destructuredKey(fn: Node, binding: string): string {
  const first = fn.childForFieldName('parameters')?.namedChildren.find((c) => c && c.type !== 'comment') ?? fn.childForFieldName('parameter');
  const pattern = first?.type === 'required_parameter' || first?.type === 'optional_parameter' ? first.childForFieldName('pattern') : first;
  for (const p of pattern?.type === 'object_pattern' ? pattern.namedChildren : []) {
    if (p?.type !== 'pair_pattern') continue;
    let v = p.childForFieldName('value');
    if (v?.type === 'assignment_pattern') v = v.childForFieldName('left');
    if (v?.text === binding) return p.childForFieldName('key')?.text ?? binding;
  }
  return binding;
}
