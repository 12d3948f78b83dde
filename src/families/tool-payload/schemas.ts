/**
 * Compiling tool schemas: dialect choice, provider dialect normalisation (Gemini's OpenAPI subset, the
 * Berkeley Function Calling Leaderboard's Python/Java/JavaScript type names), meta-schema checking with locations,
 * and a compile cache keyed by canonical JSON (ajv caches by object identity, which is useless when every
 * record of a dataset carries its own copy of the same schema).
 */
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { loadAjv, loadAjv2020, loadAjvFormats } from '../../core/lazy-modules.js';
import { MAX_DEPTH, MAX_SCHEMA_EXPANDED, MAX_SCHEMA_NODES, measure, TOO_DEEP } from './limits.js';
import type { Seg } from './paths.js';
import { pointerToPath, valueAt } from './paths.js';
import { linearRegExp, schemaPatterns } from './regex.js';
import { validate2020Meta, validateDraft07Meta } from './meta-validators.generated.js';

/** ajv-formats is CJS with a default export; under NodeNext its type is the module namespace. */
function addFormats(ajv: Ajv): void {
  const module = loadAjvFormats() as unknown as { default?: (a: Ajv) => void };
  (module.default ?? (module as unknown as (a: Ajv) => void))(ajv);
}

export type Dialect = 'draft-07' | '2020-12';
/** How a tool's schema is written: standard JSON Schema, Gemini's OpenAPI subset, or BFCL's type names. */
export type SchemaFlavor = 'json-schema' | 'gemini' | 'bfcl';

export interface SchemaProblem {
  /** Path inside the schema (relative to the schema root). */
  path: Seg[];
  /** Point at the key rather than the value. */
  key?: boolean;
  expected: string;
  found: string;
}

/**
 * A compiled schema, or its problems. `limit`: the schema is past a budget (depth, size, `$ref` expansion)
 * and was neither checked nor compiled (`problems` is then empty). `unsupported`: patterns RE2 cannot run,
 * which validation treats as matching: a value validated by such a schema is not fully validated.
 */
export type Compiled =
  { ok: true; validate: ValidateFunction; schema: unknown; unsupported: number } | { ok: false; problems: SchemaProblem[]; limit?: string };

const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

/**
 * BFCL's type names and the JSON Schema type each stands for (the leaderboard's own GORILLA_TO_OPENAPI
 * table plus `Boolean` from its JavaScript table; `any` is read as "no constraint" rather than "string").
 */
export const BFCL_TYPES: Record<string, string | null> = {
  dict: 'object',
  float: 'number',
  tuple: 'array',
  list: 'array',
  bool: 'boolean',
  Boolean: 'boolean', // BFCL's JavaScript category (its JS_TYPE_CONVERSION)
  any: null,
  Any: null,
  byte: 'integer',
  short: 'integer',
  long: 'integer',
  Bigint: 'integer',
  double: 'number',
  char: 'string',
  String: 'string',
  Array: 'array',
  ArrayList: 'array',
  Queue: 'array',
  Stack: 'array',
  Set: 'array',
  HashMap: 'object',
  Hashtable: 'object',
};

/** Canonical JSON: object keys sorted, so equal schemas give equal keys whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function dialectOf(schema: unknown, fallback: Dialect): Dialect {
  const s = schema && typeof schema === 'object' ? (schema as Record<string, unknown>).$schema : undefined;
  if (typeof s !== 'string') return fallback;
  if (/2020-12|2019-09/.test(s)) return '2020-12';
  if (/draft-0[4-7]/.test(s)) return 'draft-07';
  return fallback;
}

const TYPE_KEY_HOLDERS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_ARRAYS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const SCHEMA_SINGLES = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'additionalItems',
  'unevaluatedProperties',
  'unevaluatedItems',
];

/**
 * Rewrite a provider flavour into standard JSON Schema without moving anything (paths stay valid for
 * locating problems). Returns problems for types the flavour does not know either.
 */
export function normalizeFlavor(schema: unknown, flavor: SchemaFlavor): { schema: unknown; problems: SchemaProblem[] } {
  const problems: SchemaProblem[] = [];
  if (flavor === 'json-schema') return { schema, problems };
  const rewrite = (node: unknown, path: Seg[]): unknown => {
    if (!node || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((n, i) => rewrite(n, [...path, i]));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === 'type' && typeof v === 'string') {
        if (flavor === 'gemini') {
          const lower = v.toLowerCase();
          if (lower === 'type_unspecified') continue;
          out.type = JSON_TYPES.includes(lower) ? lower : v;
          continue;
        }
        if (flavor === 'bfcl' && v in BFCL_TYPES) {
          const mapped = BFCL_TYPES[v];
          if (mapped) out.type = mapped;
          continue;
        }
        out.type = v;
      } else if (TYPE_KEY_HOLDERS.includes(k) && v && typeof v === 'object' && !Array.isArray(v)) {
        const holder: Record<string, unknown> = {};
        for (const [pk, pv] of Object.entries(v)) holder[pk] = rewrite(pv, [...path, k, pk]);
        out[k] = holder;
      } else if (SCHEMA_ARRAYS.includes(k) || SCHEMA_SINGLES.includes(k)) {
        out[k] = rewrite(v, [...path, k]);
      } else {
        out[k] = v;
      }
    }
    return out;
  };
  return { schema: rewrite(schema, []), problems };
}

/**
 * ajv's `code.regExp`: patterns from scanned files run on RE2; one RE2 cannot run never runs (it matches
 * everything, and the schema counts it in `unsupported`).
 */
const linearEngine = Object.assign(
  (pattern: string) => {
    const re = linearRegExp(pattern);
    // ajv caches compiled patterns by toString(): it must tell patterns apart.
    return { test: re ? (s: string) => re.test(s) : () => true, toString: () => `re2:${re ? '' : 'unsupported:'}${pattern}` };
  },
  { code: 'linearRegExp' },
);

function makeAjv(dialect: Dialect): Ajv {
  const options = {
    strict: false,
    allErrors: true,
    logger: false as const,
    validateSchema: false,
    addUsedSchema: false,
    inlineRefs: true,
    code: { regExp: linearEngine as unknown as NonNullable<NonNullable<import('ajv').Options['code']>['regExp']> },
  };
  const ajv = dialect === '2020-12' ? (new (loadAjv2020().Ajv2020)(options) as unknown as Ajv) : new (loadAjv().Ajv)(options);
  addFormats(ajv);
  return ajv;
}

function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 32 ? `${s.slice(0, 30)}…` : s;
}

/** The meta-schema validators, generated at build time (scripts/meta-validators.mjs): no thread compiles a meta-schema. */
const META_VALIDATORS: Record<Dialect, ((schema: unknown) => boolean) & { errors?: ErrorObject[] | null }> = {
  'draft-07': validateDraft07Meta,
  '2020-12': validate2020Meta,
};

/** The problems of a schema against its dialect's meta-schema, one per location, phrased as expected/found. */
function metaProblems(dialect: Dialect, schema: unknown): SchemaProblem[] {
  const validate = META_VALIDATORS[dialect];
  if (validate(schema)) return [];
  const errors = validate.errors ?? [];
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const list = byPath.get(e.instancePath) ?? [];
    list.push(e);
    byPath.set(e.instancePath, list);
  }
  // Keep the deepest locations only: an anyOf failure at /properties reports again at every ancestor.
  const paths = [...byPath.keys()].filter((p) => ![...byPath.keys()].some((q) => q !== p && q.startsWith(`${p}/`)));
  const problems: SchemaProblem[] = [];
  for (const p of paths) {
    const list = byPath.get(p)!;
    const segs = pointerToPath(p, schema);
    const found = valueAt(schema, segs);
    const last = segs[segs.length - 1];
    if (last === 'type') {
      problems.push({ path: segs, expected: `"type" to be one of ${JSON_TYPES.join(', ')} (or an array of them)`, found: preview(found) });
      continue;
    }
    const e = list.find((x) => x.keyword === 'enum') ?? list.find((x) => x.keyword !== 'anyOf' && x.keyword !== 'oneOf') ?? list[0];
    const name = typeof last === 'string' ? `"${last}"` : 'the value';
    const params = e.params as Record<string, unknown>;
    const expected =
      e.keyword === 'type'
        ? `${name} to be ${String(params.type).replace(/,/g, ' or ')}`
        : e.keyword === 'enum'
          ? `${name} to be one of ${(params.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`
          : `${name} that ${e.message ?? 'is valid'}`;
    problems.push({ path: segs, expected, found: preview(found) });
  }
  return problems;
}

/** A compile cache shared by a scan (engine project memo) or a benchmark run. */
export class SchemaCache {
  private readonly ajvs = new Map<Dialect, Ajv>();
  /** canonical key -> compiled */
  private readonly byCanonical = new Map<string, Compiled>();
  /** fast key (plain JSON.stringify, key order as written) -> compiled */
  private readonly byText = new Map<string, Compiled>();
  compiles = 0;

  constructor(private readonly maxEntries = 10000) {}

  private ajv(d: Dialect): Ajv {
    let a = this.ajvs.get(d);
    if (!a) {
      a = makeAjv(d);
      this.ajvs.set(d, a);
    }
    return a;
  }

  /** Compile (once per distinct schema) a tool's schema in its flavour and default dialect. */
  get(schema: unknown, flavor: SchemaFlavor, fallback: Dialect): Compiled {
    // Before anything recursive (JSON.stringify, ajv) touches it.
    const size = measure(schema, MAX_DEPTH, MAX_SCHEMA_NODES);
    if (size) return { ok: false, problems: [], limit: size === 'deep' ? TOO_DEEP : `larger than ${MAX_SCHEMA_NODES.toLocaleString('en-US')} nodes` };
    const textKey = `${flavor}|${fallback}|${JSON.stringify(schema)}`;
    const hit = this.byText.get(textKey);
    if (hit) return hit;
    const canonKey = `${flavor}|${fallback}|${canonicalJson(schema)}`;
    let compiled = this.byCanonical.get(canonKey);
    if (!compiled) {
      compiled = this.compile(schema, flavor, fallback);
      if (this.byCanonical.size >= this.maxEntries) this.clear();
      this.byCanonical.set(canonKey, compiled);
    }
    if (this.byText.size >= this.maxEntries * 2) this.byText.clear();
    this.byText.set(textKey, compiled);
    return compiled;
  }

  get size(): number {
    return this.byCanonical.size;
  }

  private clear(): void {
    this.byCanonical.clear();
    this.byText.clear();
    this.ajvs.clear(); // drops every compiled function with its instance
  }

  private compile(schema: unknown, flavor: SchemaFlavor, fallback: Dialect): Compiled {
    if (typeof schema === 'boolean') schema = schema ? {} : { not: {} };
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
      return { ok: false, problems: [{ path: [], expected: 'a JSON Schema object', found: preview(schema) }] };
    }
    const normalized = normalizeFlavor(schema, flavor);
    if (normalized.problems.length) return { ok: false, problems: normalized.problems };
    const dialect = dialectOf(schema, fallback);
    // $schema picks the instance; $id would make a second copy of the same schema collide inside ajv.
    const { $schema: _s, $id: _i, ...body } = normalized.schema as Record<string, unknown>;
    const expanded = expandedSize(body, MAX_SCHEMA_EXPANDED);
    if (expanded > MAX_SCHEMA_EXPANDED) {
      return {
        ok: false,
        problems: [],
        limit: `too complex: its $ref/anyOf/allOf expand to more than ${MAX_SCHEMA_EXPANDED.toLocaleString('en-US')} subschemas`,
      };
    }
    const problems = metaProblems(dialect, body);
    if (problems.length) return { ok: false, problems };
    const ajv = this.ajv(dialect);
    try {
      this.compiles++;
      const unsupported = schemaPatterns(body).filter((p) => linearRegExp(p) === null).length;
      return { ok: true, validate: ajv.compile(body), schema: body, unsupported };
    } catch (err) {
      const msg = (err as Error).message.split('\n')[0];
      return { ok: false, problems: [{ path: [], expected: 'a schema that compiles', found: msg }] };
    }
  }
}

const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'required']);

/** The target of a local `$ref` (`#`, `#/$defs/x`), or undefined. */
function resolveLocal(root: unknown, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let cur = root;
  for (const raw of ref.slice(2).split('/')) {
    let key: string;
    try {
      key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/**
 * An estimate of the subschemas validation may visit for one value: every node of the schema with each
 * local `$ref` replaced by its target (a reference back to an enclosing schema counts once: it recurses
 * into the data, which is finite). Stops counting past `budget`. Shared targets are counted once and
 * reused, so the estimate costs the size of the schema, however large the expansion.
 */
export function expandedSize(root: unknown, budget: number): number {
  const memo = new Map<object, number>();
  const open = new Set<object>();
  const size = (node: unknown): number => {
    if (node === null || typeof node !== 'object') return 1;
    const known = memo.get(node);
    if (known !== undefined) return known;
    if (open.has(node)) return 1;
    open.add(node);
    let n = 1;
    for (const [k, v] of Array.isArray(node) ? node.entries() : Object.entries(node as Record<string, unknown>)) {
      if (typeof k === 'string' && DATA_KEYWORDS.has(k)) continue;
      if ((k === '$ref' || k === '$dynamicRef' || k === '$recursiveRef') && typeof v === 'string') {
        const target = resolveLocal(root, v === '#' || v.startsWith('#/') ? v : '#');
        if (target !== undefined) n += size(target);
      } else n += size(v);
      if (n > budget) break;
    }
    open.delete(node);
    memo.set(node, n);
    return n;
  };
  return size(root);
}
