import type { Range } from '../../../core/location.js';
import { parsedModule, type ParsedModule } from '../../../parsing/modules.js';
import type { Node } from '../../../parsing/parsers.js';
import type { Flow, SinkKind, Step, Taint } from './types.js';

/** Functions are followed into callees up to this many calls deep. */
export const MAX_CALL_DEPTH = 4;

// ---------------------------------------------------------------- taint values

export const ALL_KINDS: SinkKind[] = ['path', 'command', 'argument', 'code', 'sql', 'ssrf', 'deserialization'];
const ALL_KINDS_BUT_DESERIALIZATION: SinkKind[] = ALL_KINDS.filter((k) => k !== 'deserialization');

/**
 * Most steps a value carries. A flow longer than this (40,000 chained assignments, each a step) keeps its
 * first step (the tool parameter) and its latest ones: copying every step at every assignment made a long
 * chain quadratic in time and memory (Node ran out of heap on a 778 KB handler). The flow still starts at
 * the parameter and ends at the sink; only the middle of its path is left out of the report.
 */
export const MAX_STEPS = 64;

/** `steps` with `step` appended, bounded to MAX_STEPS (the first step and the latest ones). */
export function appendStep(steps: readonly Step[], step: Step): Step[] {
  if (steps.length < MAX_STEPS) return [...steps, step];
  return [steps[0], ...steps.slice(steps.length - MAX_STEPS + 2), step];
}

/** Steps joined from two flows (a caller's and a callee's), bounded like `appendStep`. */
export function capSteps(steps: Step[]): Step[] {
  return steps.length <= MAX_STEPS ? steps : [steps[0], ...steps.slice(steps.length - MAX_STEPS + 1)];
}

export function withStep(t: Taint, step: Step | null, patch: Partial<Taint> = {}): Taint {
  return { ...t, ...patch, steps: step ? appendStep(t.steps, step) : t.steps };
}

export function markSafe(t: Taint, kinds: Iterable<SinkKind>): Taint {
  const ks = [...kinds];
  const safe = new Set(t.safe);
  for (const k of ks) safe.add(k);
  // a guard on an object literal covers what its keys hold
  const keys = t.keys ? new Map([...t.keys].map(([k, v]) => [k, v ? markSafe(v, ks) : null])) : undefined;
  return { ...t, safe, ...(keys ? { keys } : {}) };
}

/**
 * What a file read gives when its path is tainted: the file's CONTENT, which the model did not write. It
 * is kept (for a deserializer: loading a file the model picks is the risk) but safe for every other sink
 * kind: a name or URL read out of a file is not the model's choice (`join(dir, JSON.parse(readFileSync(
 * join(dir, "package.json"))).types)`).
 */
export function fileContent(t: Taint): Taint {
  return {
    ...markSafe(t, ALL_KINDS_BUT_DESERIALIZATION),
    keys: undefined,
    container: undefined,
    fields: undefined,
    argv: undefined,
    resolved: undefined,
    parts: undefined,
  };
}

/** Record that a value holds no `..` / is not absolute; with both it is safe for path sinks. */
export function withPathFact(t: Taint, fact: 'noDotDot' | 'relative'): Taint {
  return { ...t, [fact]: true };
}

/**
 * Is the value safe for path sinks by what was checked of it: no `..` and not absolute. Kept apart from
 * `safe` because a later transformation (`x[1:]`, `x.trim()`) undoes it.
 */
export function pathChecked(t: Taint): boolean {
  return !!(t.noDotDot && t.relative);
}

/** The path facts every one of several values shares. */
function sharedPathFacts(ts: Taint[]): Pick<Taint, 'noDotDot' | 'relative'> {
  return { noDotDot: ts.every((t) => t.noDotDot) || undefined, relative: ts.every((t) => t.relative) || undefined };
}

/**
 * Combine the taints of the parts of one value (string building, lists): the first tainted part carries
 * the flow; the value is safe for a kind only if every tainted part is.
 */
export function combine(parts: (Taint | null | undefined)[]): Taint | null {
  const tainted = parts.filter((p): p is Taint => !!p);
  if (tainted.length === 0) return null;
  if (tainted.length === 1) return tainted[0];
  const first = tainted.find((t) => t.safe.size === 0) ?? tainted[0];
  const safe = new Set([...tainted[0].safe].filter((k) => tainted.every((t) => t.safe.has(k))));
  const list: Taint[] = [];
  for (const t of tainted)
    for (const p of t.parts ? t.parts.list : [t]) if (!list.some((q) => sameSource(q, p))) list.push(p.parts ? { ...p, parts: undefined } : p);
  return {
    ...first,
    safe,
    ...sharedPathFacts(tainted),
    keys: undefined,
    sqlBuilt: tainted.some((t) => t.sqlBuilt) || undefined,
    fromContent: tainted.every((t) => t.fromContent) || undefined,
    parts: list.length > 1 ? { list, at: first.steps.length } : undefined,
  };
}

function sameSource(a: Taint, b: Taint): boolean {
  return (
    a.origin.param === b.origin.param && a.label === b.label && a.slot === b.slot && a.safe.size === b.safe.size && [...a.safe].every((k) => b.safe.has(k))
  );
}

/**
 * The part of a (possibly combined) value a sink of `kind` is reached through: the first part not made
 * safe for that kind (`f"ping -c {count} {host}"` with an int-validated count names `host`), with the
 * steps taken since the combination appended.
 */
export function culprit(t: Taint, kind: SinkKind): Taint {
  if (!t.parts) return t;
  const p = t.parts.list.find((q) => !q.safe.has(kind));
  if (!p || (p.origin.param === t.origin.param && p.label === t.label && p.slot === t.slot)) return t;
  return { ...p, steps: capSteps([...p.steps, ...t.steps.slice(t.parts.at)]), parts: undefined };
}

/**
 * The value a variable may hold after branches that gave it `values`: safe for a kind only if every tainted
 * one is. When every tainted one is an object literal, each key keeps the merge of its values (a branch
 * without the key, or with an untainted value, adds nothing to it).
 */
function mergeValues(values: (Taint | null | undefined)[], depth = 0): Taint | null {
  const tainted = values.filter((v): v is Taint => !!v);
  if (tainted.length === 0) return null;
  const first = tainted.find((t) => t.safe.size === 0) ?? tainted[0];
  const safe = new Set([...tainted[0].safe].filter((k) => tainted.every((t) => t.safe.has(k))));
  const keyed = depth < 4 && tainted.every((t) => t.keys);
  const names = keyed ? new Set(tainted.flatMap((t) => [...t.keys!.keys()])) : null;
  const keys = names
    ? new Map(
        [...names].map(
          (k) =>
            [
              k,
              mergeValues(
                tainted.map((t) => t.keys!.get(k)),
                depth + 1,
              ),
            ] as const,
        ),
      )
    : undefined;
  return { ...first, safe, ...sharedPathFacts(tainted), keys };
}

// ---------------------------------------------------------------- scopes

/** Variables of one function while it is walked; copied at branches and merged after them. */
export class Scope {
  vars = new Map<string, Taint | null>();
  /** `ok = is_allowed(x)`: the condition an identifier stands for. */
  predicates = new Map<string, Node>();
  /** `u = urlparse(x)` / `rel = path.relative(root, x)`: derived value → the variable it was derived from. */
  derived = new Map<string, { from: string; via: string }>();
  /** List variables that already hold a `--` element. */
  dashDash = new Set<string>();
  /** Variables holding an HTTP client/session object. */
  httpClients = new Set<string>();
  /** Variables holding a database connection/cursor. */
  dbHandles = new Set<string>();
  /**
   * HTTP sessions/clients with an SSRF-protecting adapter/transport (one that validates the peer address
   * at connection time) mounted, by the URL schemes it covers: `http`, `https`.
   */
  ssrfMounts = new Map<string, Set<string>>();

  constructor(readonly parent?: Scope) {}

  /** Does the variable hold a client whose connections to both http and https URLs are SSRF-protected. */
  ssrfProtected(name: string): boolean {
    const m = this.ssrfMounts.get(name);
    return !!m && m.has('http') && m.has('https');
  }

  get(name: string): Taint | null | undefined {
    if (this.vars.has(name)) return this.vars.get(name);
    return this.parent?.get(name);
  }

  set(name: string, t: Taint | null): void {
    this.vars.set(name, t);
  }

  copy(): Scope {
    const s = new Scope(this.parent);
    s.vars = new Map(this.vars);
    s.predicates = new Map(this.predicates);
    s.derived = new Map(this.derived);
    s.dashDash = new Set(this.dashDash);
    s.httpClients = new Set(this.httpClients);
    s.dbHandles = new Set(this.dbHandles);
    s.ssrfMounts = new Map([...this.ssrfMounts].map(([k, v]) => [k, new Set(v)]));
    return s;
  }

  /** Merge of the scopes of the branches that fall through (at least one). */
  static merge(scopes: Scope[]): Scope {
    if (scopes.length === 1) return scopes[0];
    const out = scopes[0].copy();
    const names = new Set<string>();
    for (const s of scopes) for (const k of s.vars.keys()) names.add(k);
    for (const name of names) {
      const values = scopes.map((s) => s.get(name));
      if (!values.some((v) => v)) {
        out.vars.set(name, values.find((v) => v !== undefined) ?? null);
        continue;
      }
      out.vars.set(name, mergeValues(values));
    }
    for (const s of scopes.slice(1)) {
      for (const [k, v] of s.predicates) out.predicates.set(k, v);
      for (const [k, v] of s.derived) out.derived.set(k, v);
      for (const k of s.dashDash) out.dashDash.add(k);
      for (const k of s.httpClients) out.httpClients.add(k);
      for (const k of s.dbHandles) out.dbHandles.add(k);
    }
    // a client is protected after the branches only for the schemes every branch protected
    for (const [k, v] of out.ssrfMounts) {
      const both = new Set([...v].filter((x) => scopes.every((s) => s.ssrfMounts.get(k)?.has(x))));
      if (both.size) out.ssrfMounts.set(k, both);
      else out.ssrfMounts.delete(k);
    }
    return out;
  }
}

// ---------------------------------------------------------------- files and functions

/** A repository file parsed once per scan (shared with tool discovery). */
export type ParsedFile = ParsedModule;
export const parsedFile = parsedModule;

/** A function the engine can analyse: its file and its node. */
export interface FunctionRef {
  pf: ParsedFile;
  node: Node;
  /** What else decides the function's behavior (a method: the class its `self` is an instance of); part of its summaries' key. */
  context?: string;
}

/** Steps and flows found in a callee, relative to its parameters (slot = parameter index). */
export interface Summary {
  flows: Flow[];
  /** Taint of the returned value, if any. */
  ret: Taint | null;
  /** Kinds each parameter was guarded for on every path that returns normally. */
  paramSafe: (Set<SinkKind> | null)[];
  /** Parameters whose host the function checks as a whole (resolved, non-public refused): see `Taint.hostChecked`. */
  paramHostChecked?: boolean[];
  /** Kinds each parameter was guarded for wherever the callee returns true (a predicate: `isPathUnderRoot(p, root)`). Absent: not a predicate. */
  paramSafeIfTrue?: (Set<SinkKind> | null)[];
  /** Parts of the callee (or its callees) not analyzed: too deep. Absent: none. */
  incomplete?: string[];
}

export function nodeKey(ref: FunctionRef): string {
  return `${ref.pf.file.path}:${ref.node.startIndex}:${ref.node.endIndex}${ref.context ? `@${ref.context}` : ''}`;
}

export function taintKey(t: Taint | null): string {
  if (!t) return '-';
  return JSON.stringify([
    t.origin.handler.name,
    t.origin.handler.handler.path,
    t.origin.param.name,
    t.label,
    [...t.safe].sort(),
    t.container ?? null,
    !!t.hostFixed,
    !!t.hostChecked,
    !!t.prefixFixed,
    !!t.sqlBuilt,
    t.argv ?? null,
    t.fields ? [...t.fields].map(([k, v]) => `${k}:${v.join('+')}`) : null,
    t.keys ? [...t.keys].map(([k, v]) => `${k}=${taintKey(v)}`) : null,
  ]);
}

/**
 * A caller's value as a callee summary sees it: no steps, the parameter index as `slot`, and so for the
 * values of its literal keys (a flow from one of them is traced back to that key's value at the call).
 */
export function placeholder(t: Taint, slot: number): Taint {
  const keys = t.keys ? new Map([...t.keys].map(([k, v]) => [k, v ? placeholder(v, slot) : null] as const)) : undefined;
  return { ...t, steps: [], slot, parts: undefined, ...(keys ? { keys } : {}) };
}

/** The value of a key of an object literal that a flow (by its parameter and label) came from, searched through nested literals. */
export function keyedPart(t: Taint, param: unknown, label: string, depth = 0): Taint | null {
  if (!t.keys || depth > 4) return null;
  for (const v of t.keys.values()) {
    if (!v) continue;
    if (v.origin.param === param && v.label === label && !v.keys) return v;
    const inner = keyedPart(v, param, label, depth + 1);
    if (inner) return inner;
  }
  return null;
}

export function rangeOf(pf: ParsedFile, node: Node): Range {
  return pf.file.rangeOf(node.startIndex, node.endIndex);
}

export function stepAt(pf: ParsedFile, node: Node, message: string): Step {
  return { path: pf.file.path, range: rangeOf(pf, node), message };
}

/** Short source text for messages (one line, bounded). */
export function snippet(node: Node, max = 60): string {
  const t = node.text.replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Does a regex source (Python or JS) accept only a fixed character class that cannot start with '-' ... */
export function regexAllowsLeadingDash(pattern: string): boolean {
  // Conservative: a '-' anywhere in the pattern outside a range between two word characters may allow it.
  const stripped = pattern.replace(/([A-Za-z0-9])-([A-Za-z0-9])/g, '$1$2');
  return stripped.includes('-') || /\\S|\.|\[\^/.test(stripped);
}

/** Is a regex anchored to the whole string (`^...$`, `\A...\Z`), or used with fullmatch. */
export function regexIsAnchored(pattern: string): boolean {
  return /^(\^|\\A)/.test(pattern) && /(\$|\\Z|\\z)$/.test(pattern);
}

/** A regex whose anchored pattern rejects '/', '.', and shell/SQL metacharacters well enough. */
export function regexIsRestrictive(pattern: string): boolean {
  // `.`, `\S`, `[^...]` and `.*` accept anything.
  const body = pattern.replace(/^(\^|\\A)/, '').replace(/(\$|\\Z|\\z)$/, '');
  if (/(^|[^\\])\.|\\S|\[\^/.test(body)) return false;
  return true;
}
