/**
 * What the Python and the JavaScript walkers share: the state of one walked function, branch and loop
 * bookkeeping, string building, reporting a sink and calling into a repository helper. Each language
 * module keeps its syntax (node types, fields, literals); this file holds only what reads the same in both.
 */
import type { ProjectContext } from '../../../core/types.js';
import type { AnalysisBudget } from '../../../core/budget.js';
import { mergeReads, SharedValue } from '../../../core/reads.js';
import type { Node } from '../../../parsing/parsers.js';
import { isFixedFileName, type SinkHit } from './catalogue.js';
import {
  ALL_KINDS,
  MAX_CALL_DEPTH,
  appendStep,
  Scope,
  combine,
  culprit,
  markSafe,
  nodeKey,
  pathChecked,
  rangeOf,
  regexAllowsLeadingDash,
  regexIsRestrictive,
  snippet,
  stepAt,
  withPathFact,
  withStep,
  type FunctionRef,
  type ParsedFile,
  type Summary,
} from './core.js';
import { needsProgram, optionsEndedBefore, programName, takesValue } from './argv-options.js';
import { instantiateFlows, instantiateReturn, NO_SUMMARY_CHAIN, type SummaryCache, type SummaryChain } from './summary.js';
import type { Flow, SinkKind, Taint } from './types.js';

/**
 * The start of a relative URL reference that nothing after it can turn into another host: a first path
 * segment without `:` ended by `/`, `?` or `#` (`crates/`, `api/v1/`), or `/` and a character that is not
 * another slash (`/items/`; `//host` would be scheme-relative). Resolved against a base URL
 * (`new URL("crates/" + name, base)`) it keeps the base's scheme and host.
 */
const RELATIVE_URL_PATH = /^(?:[^/\\:?#]+[/?#]|\/[^/\\])/;

/** Top-level names of one file, found once per scan. */
/** A variable holding what a validator found wrong (`error`, `validation_error`, `err`, `validationError`), not whether it passed. */
const ERROR_RESULT = /(^|_)(err|errors?|problems?|failures?|invalid)(_|$)|[a-z](Error|Err|Problem|Failure)s?$/;

export interface FileIndex {
  /** local name → canonical dotted name (`sp` → `subprocess`, `run` → `subprocess.run`). */
  imports: Map<string, string>;
  /** local name → repository file of a package-local module, or a function in it. */
  localImports: Map<string, { path: string; name?: string }>;
  functions: Map<string, Node>;
  classes: Map<string, Node>;
  assigns: Map<string, Node>;
}

export interface AnalysisContext {
  project: ProjectContext;
  summaries: SummaryCache;
  /** Depth and time bounds of this analysis (shared by the callees it walks). */
  budget: AnalysisBudget;
}

export interface WalkResult {
  scope: Scope;
  terminated: boolean;
}

export function field(node: Node | null | undefined, name: string): Node | null {
  return node ? node.childForFieldName(name) : null;
}

/** Parts of a dotted callee name followed (`a.b.c`): every catalogued sink, guard and client name is far shorter. */
export const MAX_NAME_PARTS = 32;

/** SQL keywords: literal text holding one makes a string built with it a query. */
export const SQL_TEXT = /\b(select|insert|update|delete|create|drop|alter|where|from|pragma|values|order\s+by|limit)\b/i;

/**
 * What an expression's value is decided by, for operator opt-outs: only the process environment (and
 * constants) — `env`; only constants — `const`; anything else (parameters, state, I/O) — `other`.
 */
export type EnvKind = 'env' | 'const' | 'other';

/** How the environment analysis sees one expression (each language maps its syntax onto this). */
export type EnvShape =
  | { kind: 'env' | 'const' | 'other' }
  /** Decided by its operands (comparisons, boolean operators, tuples, interpolations). */
  | { kind: 'parts'; parts: Node[] }
  /** A plain name: a parameter, a local, a module constant. */
  | { kind: 'name'; name: string }
  /** A call: an environment read (`os.getenv`), a method on a value (`object`), or a function to look into. */
  | { kind: 'call'; fn: Node; object?: Node; args: Node[]; env?: boolean; pure?: boolean };

export function joinEnvKinds(ks: EnvKind[]): EnvKind {
  if (ks.includes('other')) return 'other';
  return ks.includes('env') ? 'env' : 'const';
}

/**
 * Parameters each repository function guards by its shape (guard-shapes.ts), per scan: by file path, then
 * by the function's start (a number: a string key per function cost 120 bytes each, 3 MB over 30,000 files).
 */
const SHAPE_GUARDS = new WeakMap<ProjectContext, Map<string, Map<number, { end: number; params: string; guards: ReadonlyMap<string, SinkKind[]> }>>>();
/** What most functions guard by their shape: kept once, not as a new empty map per function for the whole scan. */
const NO_SHAPE_GUARDS: ReadonlyMap<string, SinkKind[]> = new Map();

/** Env-decision verdicts of repository functions, per scan. */
const ENV_FUNCTIONS = new WeakMap<ProjectContext, Map<string, { kind?: EnvKind; cost?: number; shared: SharedValue<EnvKind> }>>();
const ENV_DEPTH = 4;

/** A text piece of a string literal (a string), or an interpolated expression (a node; null when absent). */
export type StringPiece = string | Node | null;

/** A copy of a tool-input object whose keys in `overrides` were written afterwards: an untainted value makes that key safe. */
export function overriddenCopy(copy: Taint, overrides: Map<string, Taint | null>): Taint {
  const fields = new Map(copy.fields ?? []);
  for (const [k, v] of overrides) if (!v) fields.set(k, ALL_KINDS);
  return fields.size ? { ...copy, fields } : copy;
}

/** Walks one function with tainted parameters, collecting flows to sinks; one subclass per language. */
export abstract class Walker {
  flows: Flow[] = [];
  returns: Taint[] = [];
  /** Every normal return: its value (undefined for a bare return) and the scope there. */
  returnSites: { value: Node | undefined; scope: Scope }[] = [];
  exits: Scope[] = [];
  /** Functions defined inside the walked one, callable by name. */
  protected readonly local = new Map<string, Node>();
  /** Tool names a low-level handler dispatches on (only for the handler itself, depth 0). */
  dispatch: Set<string> | null = null;
  /** The tool of the branch being walked (`if name == "x":`, `case "x":`), named on the flows found there. */
  protected branchTool: string | null = null;
  /**
   * Depth of branches taken only on an operator opt-out (`if os.getenv("UNSAFE"):`): a return there does
   * not count against the guards the function applies on its other paths.
   */
  protected optOut = 0;
  /** How many repository functions deep the environment analysis has looked. */
  protected envFnDepth = 0;
  /** What this walk (and the callees it summarised) left out, one line each: the file is reported incomplete. */
  incomplete: string[] = [];
  /** The callee summaries being computed on this walker's call chain (summary.ts); callee walkers inherit it. */
  chain: SummaryChain = NO_SUMMARY_CHAIN;

  constructor(
    readonly cx: AnalysisContext,
    readonly pf: ParsedFile,
    readonly idx: FileIndex,
    readonly fn: Node,
    readonly depth: number,
  ) {}

  /** The text of a plain string literal of this language, else null. */
  protected abstract literal(node: Node | null | undefined): string | null;
  /** `http://host/` prefixes: a string built after one cannot change the host (the languages differ in what ends a host). */
  protected abstract readonly urlWithHost: RegExp;
  /** Node type of `obj.name` in this language. */
  protected abstract readonly memberType: string;
  /** Node type of `a + b` in this language. */
  protected abstract readonly binaryType: string;
  /** How a local variable is assigned in this language: the node type and its name and value fields. */
  protected abstract readonly localAssignment: { type: string; name: string; value: string };
  /** Language-only forms of a separator-terminated value (interpolated strings, path joins); undefined: not one. */
  protected abstract sepTerminatedForm(node: Node, scope: Scope, depth: number): boolean | undefined;
  /** A callee that is not a plain name (`obj.method`, `self.method`). */
  protected abstract resolveMember(fnNode: Node): Promise<FunctionRef | null>;
  /** The statements of a block (or the one statement standing for it). */
  protected abstract statements(block: Node): Node[];
  /** One statement of this language (`stmt` bounds the nesting). */
  protected abstract stmtNode(st: Node, scope: Scope): Promise<WalkResult>;
  /** Scope in which a condition other than a predicate variable is known to be `truth`. */
  protected abstract refineCondition(cond: Node, truth: boolean, scope: Scope): Scope;
  /** The taint of one expression of this language (`eval` bounds the nesting). */
  protected abstract evalNode(node: Node, scope: Scope): Promise<Taint | null>;
  /** Walk the function with `vars` tainted; the summary's `paramSafe` is by `paramNames`. */
  abstract run(vars: Map<string, Taint>, paramNames?: string[]): Promise<Summary>;
  /** Bind a value to an assignment target of this language (`bind` bounds the nesting of patterns). */
  protected abstract bindNode(target: Node, t: Taint | null, scope: Scope, value: Node | null): void;
  /** Value taint of `obj.name` / `obj["name"]`. */
  abstract member(t: Taint, name: string): Taint;
  /** A function `name` defined or re-exported by the repository file at `path`. */
  abstract functionIn(path: string, name: string): Promise<FunctionRef | null>;
  /** A walker of the same language for a callee, one call deeper. */
  protected abstract calleeWalker(pf: ParsedFile, fn: Node): Promise<Walker>;

  /** How the environment analysis sees an expression of this language. */
  protected abstract envShape(node: Node): EnvShape;
  /** Nodes of a function body whose value decides what it does: return values and branch conditions. */
  protected abstract decisions(body: Node): Node[];
  /** Names of the walked function's parameters. */
  protected abstract paramNames(): string[];
  /** The walked function's assignments to plain names, in document order: [name, value]. */
  protected abstract assignments(): Iterable<[string, Node]>;
  /**
   * The values assigned in the walked function to each plain name, from one search of the function for all
   * names asked: a search per name (one per condition, per statement) made the walk quadratic, and on
   * awslabs/mcp the Python walker's searches were a tenth of the scan's CPU.
   */
  private assignedByName?: Map<string, Node[]>;
  /** Values assigned to a local variable of the walked function (shared: not to be modified). */
  protected localValuesOf(name: string): Node[] {
    if (!this.assignedByName) {
      const byName = new Map<string, Node[]>();
      for (const [target, value] of this.assignments()) {
        const list = byName.get(target);
        if (list) list.push(value);
        else byName.set(target, [value]);
      }
      this.assignedByName = byName;
    }
    return this.assignedByName.get(name) ?? [];
  }
  /** The arms a value expression may take (`a if c else b`, `c ? a : b`, parentheses); null: not such a form. */
  protected abstract valueArms(node: Node): Node[] | null;

  step(node: Node, message: string) {
    return stepAt(this.pf, node, message);
  }

  // ---------------------------------------------------------------- bounds

  /**
   * The taint of an expression, one level deeper. Past the depth limit the expression is not descended into
   * (2,500 nested parentheses overflowed the stack and lost the whole file): it is taken as tainted by any
   * tool argument it names, which keeps a flow through it, and the walk records that calls and sinks inside
   * it were not followed, so the file is reported incomplete rather than clean.
   */
  async eval(node: Node | null | undefined, scope: Scope): Promise<Taint | null> {
    if (!node) return null;
    const budget = this.cx.budget;
    if (!budget.enter()) return this.tooDeep(node, scope);
    try {
      return await this.evalNode(node, scope);
    } finally {
      budget.leave();
    }
  }

  /** Bind a value to an assignment target, one level deeper; a pattern nested past the limit binds nothing and is recorded. */
  bind(target: Node, t: Taint | null, scope: Scope, value: Node | null): void {
    const budget = this.cx.budget;
    if (!budget.enter()) {
      this.noteIncomplete(target, `code nested deeper than ${budget.maxDepth} levels`);
      return;
    }
    try {
      this.bindNode(target, t, scope, value);
    } finally {
      budget.leave();
    }
  }

  /** One statement, one level deeper; past the depth limit it is skipped and the walk records it. */
  async stmt(st: Node, scope: Scope): Promise<WalkResult> {
    const budget = this.cx.budget;
    if (!budget.enter()) {
      this.tooDeep(st, scope);
      return { scope, terminated: false };
    }
    try {
      return await this.stmtNode(st, scope);
    } finally {
      budget.leave();
    }
  }

  /** The conservative value of a part too deep to walk: every tool argument it names (found without recursion), and a note. */
  protected tooDeep(node: Node, scope: Scope): Taint | null {
    this.noteIncomplete(node, `code nested deeper than ${this.cx.budget.maxDepth} levels`);
    const seen = new Set<string>();
    const ts: Taint[] = [];
    for (const id of node.type === 'identifier' ? [node] : node.descendantsOfType('identifier')) {
      if (!id || seen.has(id.text)) continue;
      seen.add(id.text);
      const t = scope.get(id.text);
      if (t) ts.push(t);
    }
    return combine(ts);
  }

  /** Record that the part of the file at `node` was not fully analyzed, and why (once per reason and line). */
  noteIncomplete(node: Node, why: string): void {
    const line = rangeOf(this.pf, node).startLine;
    const note = `${why} at ${this.pf.file.path}:${line} (not analyzed past that depth)`;
    if (!this.incomplete.includes(note)) this.incomplete.push(note);
  }

  async inBranch<T>(tool: string | null, run: () => Promise<T>): Promise<T> {
    if (!tool) return run();
    const saved = this.branchTool;
    this.branchTool = tool;
    try {
      return await run();
    } finally {
      this.branchTool = saved;
    }
  }

  /** The summary once the body is walked: the returned value and what every normal exit guarded of each parameter. */
  protected summarize(vars: Map<string, Taint>, paramNames: string[]): Summary {
    const ret = combine(this.returns);
    const shaped = paramNames.some((p) => vars.has(p)) ? this.shapeGuardsOnce(paramNames) : NO_SHAPE_GUARDS;
    const paramSafe = paramNames.map((p) => {
      const before = vars.get(p);
      if (!before || !this.exits.length) return null;
      const kinds = ALL_KINDS.filter((k) => !before.safe.has(k) && this.exits.every((s) => s.get(p)?.safe.has(k)));
      return kinds.length ? new Set(kinds) : null;
    });
    // a host check by the function's shape holds for requests that do not follow redirects (report)
    const paramHostChecked = paramNames.map((p) => !!vars.get(p) && !!shaped.get(p)?.includes('ssrf'));
    return {
      flows: this.flows,
      ret,
      paramSafe,
      ...(paramHostChecked.some(Boolean) ? { paramHostChecked } : {}),
      ...(this.incomplete.length ? { incomplete: this.incomplete } : {}),
    };
  }

  /**
   * Parameters the walked function guards by its shape as a whole (guard-shapes.ts: it resolves the host a
   * parameter names and throws on a non-public answer), with the kinds; none unless a language says so.
   */
  protected shapeGuards(_paramNames: string[]): Map<string, SinkKind[]> {
    return new Map();
  }

  /**
   * Does an HTTP request call follow redirects (to hosts nobody checked)? Yes unless the language shows it
   * does not: an option turning them off, or a client that does not follow them by default.
   */
  protected followsRedirects(_call: Node): boolean {
    return true;
  }

  /**
   * `shapeGuards` once per function and scan (a helper is summarised once per taint pattern of its arguments,
   * and a helper past the call depth is read for its shape at each call).
   */
  shapeGuardsOnce(paramNames: string[]): ReadonlyMap<string, SinkKind[]> {
    let memo = SHAPE_GUARDS.get(this.cx.project);
    if (!memo) SHAPE_GUARDS.set(this.cx.project, (memo = new Map()));
    let ofFile = memo.get(this.pf.file.path);
    if (!ofFile) memo.set(this.pf.file.path, (ofFile = new Map()));
    const params = paramNames.join(',');
    const found = ofFile.get(this.fn.startIndex);
    if (found && found.end === this.fn.endIndex && found.params === params) return found.guards;
    const guards = this.shapeGuards(paramNames);
    ofFile.set(this.fn.startIndex, { end: this.fn.endIndex, params, guards: guards.size ? guards : NO_SHAPE_GUARDS });
    return guards.size ? guards : NO_SHAPE_GUARDS;
  }

  // ---------------------------------------------------------------- statements

  async block(block: Node, scope: Scope): Promise<WalkResult> {
    let cur = scope;
    for (const st of this.statements(block)) {
      this.cx.budget.tick();
      const r = await this.stmt(st, cur);
      cur = r.scope;
      if (r.terminated) return { scope: cur, terminated: true };
    }
    return { scope: cur, terminated: false };
  }

  protected async returnStmt(st: Node, value: Node | undefined, scope: Scope): Promise<WalkResult> {
    this.returnSites.push({ value, scope });
    if (value) {
      const t = await this.eval(value, scope);
      if (t && !this.optOut) this.returns.push(withStep(t, this.step(st, `returned: ${snippet(value)}`)));
    }
    if (!this.optOut) this.exits.push(scope);
    return { scope, terminated: true };
  }

  /** Walk a branch; when `optOut`, the operator disabled the checks there and its returns are not counted. */
  protected async optOutBranch<T>(optOut: boolean, run: () => Promise<T>): Promise<T> {
    if (!optOut) return run();
    this.optOut++;
    try {
      return await run();
    } finally {
      this.optOut--;
    }
  }

  // ---------------------------------------------------------------- operator opt-outs

  /**
   * Is a branch condition an operator opt-out: decided by the process environment alone (`os.environ`,
   * `os.getenv`, `process.env`, or a repository function whose decisions read only those and constants)?
   * A condition that also reads a parameter, a default configuration (`root is None`) or state is not.
   */
  async envDecided(cond: Node): Promise<boolean> {
    return (await this.envKind(cond, new Set(), 0)) === 'env';
  }

  protected async envKind(node: Node, consts: Set<string>, depth: number): Promise<EnvKind> {
    this.cx.budget.tick(); // it branches over every value of a local: a step each, or it could run unbounded
    if (depth > 20) return 'other';
    const shape = this.envShape(node);
    switch (shape.kind) {
      case 'env':
      case 'const':
      case 'other':
        return shape.kind;
      case 'parts': {
        const ks: EnvKind[] = [];
        for (const p of shape.parts) {
          const k = await this.envKind(p, consts, depth + 1);
          if (k === 'other') return 'other';
          ks.push(k);
        }
        return joinEnvKinds(ks);
      }
      case 'name': {
        if (consts.has(shape.name)) return 'const';
        if (this.paramNames().includes(shape.name)) return 'other';
        const locals = this.localValuesOf(shape.name).filter((v) => !(v.startIndex <= node.startIndex && v.endIndex >= node.endIndex));
        if (locals.length) {
          const ks: EnvKind[] = [];
          for (const v of locals) ks.push(await this.envKind(v, consts, depth + 1));
          return joinEnvKinds(ks);
        }
        const top = this.idx.assigns.get(shape.name);
        if (top) return this.envKind(top, new Set(), depth + 1);
        return /^[A-Z][A-Z0-9_]*$/.test(shape.name) ? 'const' : 'other';
      }
      case 'call': {
        const ks: EnvKind[] = [];
        for (const a of shape.args) {
          const k = await this.envKind(a, consts, depth + 1);
          if (k === 'other') return 'other';
          ks.push(k);
        }
        if (shape.env) return 'env';
        if (shape.pure) return joinEnvKinds(ks);
        if (shape.object) {
          const o = await this.envKind(shape.object, consts, depth + 1);
          if (o !== 'other') return joinEnvKinds([o, ...ks]);
        }
        const ref = shape.fn.type === 'identifier' ? await this.resolveName(shape.fn.text) : await this.resolveMember(shape.fn);
        if (!ref) return 'other';
        return joinEnvKinds([await this.envFunction(ref), ...ks]);
      }
    }
  }

  /** What a repository function's decisions (its returns and branch conditions) read, its parameters taken as given. */
  protected async envFunction(ref: FunctionRef): Promise<EnvKind> {
    if (this.envFnDepth >= ENV_DEPTH) return 'other';
    let memo = ENV_FUNCTIONS.get(this.cx.project);
    if (!memo) ENV_FUNCTIONS.set(this.cx.project, (memo = new Map()));
    const key = nodeKey(ref);
    const known = memo.get(key);
    if (known !== undefined) {
      if (known.kind === undefined) return 'other'; // running: recursion
      mergeReads(known.shared.reads); // what the verdict read (the scan cache's record)
      const kind = known.kind;
      return (await this.cx.budget.shared(`env:${key}`, known.cost, async () => kind)).value; // its steps, as if computed here
    }
    const verdict = async (): Promise<EnvKind> => {
      const w = await this.walkerFor(ref);
      w.envFnDepth = this.envFnDepth + 1;
      const body = field(ref.node, 'body');
      if (!body) return 'other';
      const consts = new Set(w.paramNames());
      const ks: EnvKind[] = [];
      for (const d of w.decisions(body)) {
        const k = await w.envKind(d, consts, 0);
        if (k === 'other') return 'other';
        ks.push(k);
      }
      return joinEnvKinds(ks);
    };
    const budget = this.cx.budget;
    const entry: { kind?: EnvKind; cost?: number; shared: SharedValue<EnvKind> } = {
      shared: new SharedValue(async () => {
        const { value, cost } = await budget.shared(`env:${key}`, undefined, verdict);
        entry.cost = cost;
        return value;
      }),
    };
    memo.set(key, entry);
    // stopped by its analysis's budget: not kept (taken for recursion, it would read as 'other' to the next file)
    entry.shared.promise.catch(() => {
      if (memo.get(key) === entry) memo.delete(key);
    });
    const k = await entry.shared.join();
    entry.kind = k;
    return k;
  }

  /** After branches: the merge of those that fall through, or terminated (in `fallback`) when none does. */
  protected settle(outs: WalkResult[], fallback: Scope): WalkResult {
    const live = outs.filter((o) => !o.terminated).map((o) => o.scope);
    return live.length ? { scope: Scope.merge(live), terminated: false } : { scope: fallback, terminated: true };
  }

  /** A `finally` block runs after whatever the try statement came to. */
  protected async finallyBlock(merged: WalkResult, blk: Node | null | undefined): Promise<WalkResult> {
    if (!blk) return merged;
    const r = await this.block(blk, merged.scope);
    return { scope: r.scope, terminated: merged.terminated || r.terminated };
  }

  // ---------------------------------------------------------------- expressions

  /** `obj.name`: a value known by its text, else the member of the object's value. */
  protected async property(node: Node, objectField: string, nameField: string, scope: Scope): Promise<Taint | null> {
    const known = scope.get(node.text);
    if (known !== undefined) return known;
    const obj = await this.eval(field(node, objectField), scope);
    return obj ? this.keyed(obj, field(node, nameField)!.text) : null;
  }

  /** `obj.name` of a value: the value of that key when `obj` is an object literal listing it (null: untainted), else `member`. */
  keyed(t: Taint, name: string): Taint | null {
    if (t.keys?.has(name)) return t.keys.get(name) ?? null;
    return this.member(t, name);
  }

  /** `obj[key]`: a value known by its text, else the member the key names. */
  protected async subscript(node: Node, objectField: string, keyField: string, scope: Scope): Promise<Taint | null> {
    const known = scope.get(node.text);
    if (known !== undefined) return known;
    const obj = await this.eval(field(node, objectField), scope);
    const key = field(node, keyField);
    await this.eval(key, scope);
    if (!obj) return null; // a lookup in a fixed table picks a fixed value
    if (key?.type === 'slice') return { ...obj, noDotDot: undefined, relative: undefined }; // Python `p[2:]` may start with '/'
    const name = this.literal(key);
    return name !== null ? this.keyed(obj, name) : this.member({ ...obj, keys: undefined }, obj.label);
  }

  /** `x += y`: the old value combined with the added one; `adjust` applies what the language's `+=` means. */
  protected async augment(
    node: Node,
    scope: Scope,
    adjust: (t: Taint, old: Taint | null, left: Node, right: Node) => Taint,
    message: (left: Node) => string,
  ): Promise<Taint | null> {
    const left = field(node, 'left')!;
    const right = field(node, 'right')!;
    const old = await this.eval(left, scope);
    const add = await this.eval(right, scope);
    if (!add) return old;
    const t = adjust(combine([old, add])!, old, left, right);
    scope.set(left.text, withStep(t, this.step(node, message(left))));
    return t;
  }

  /** `a op b`: the operator, both operands and their taints (both evaluated, left first). */
  protected async operands(node: Node, scope: Scope): Promise<{ op: string; left: Node; right: Node; l: Taint | null; r: Taint | null }> {
    const op = field(node, 'operator')!.text;
    const left = field(node, 'left')!;
    const right = field(node, 'right')!;
    const l = await this.eval(left, scope);
    const r = await this.eval(right, scope);
    return { op, left, right, l, r };
  }

  protected async assign(target: Node, value: Node, scope: Scope): Promise<Taint | null> {
    const t = await this.eval(value, scope);
    this.bind(target, t, scope, value);
    return t;
  }

  /** A list / array literal: the element a sink would care about most, as an argv element. */
  protected async sequence(els: Node[], scope: Scope): Promise<Taint | null> {
    const ts: (Taint | null)[] = [];
    for (const e of els) ts.push(await this.eval(e, scope));
    const program = programName(this.literal(els[0]));
    const optionBefore = (i: number): string | undefined => {
      // a spread sequence keeps the option its value followed inside it (`*("--contains", c)`, `...['-n', ns]`)
      if (els[i].type === 'list_splat' || els[i].type === 'spread_element') return ts[i]?.argv?.option;
      const o = i > 0 ? this.literal(els[i - 1]) : null;
      return o && o.startsWith('-') && o !== '--' ? o : undefined;
    };
    // The element a sink cares about most: one not made safe and not the value of an option (`-C path`);
    // then one after a short option whose meaning depends on the program the sink runs; then any.
    const open = (i: number) => !!ts[i] && !ts[i]!.safe.has('argument');
    const slot = (i: number) => takesValue(optionBefore(i), program);
    let idx = ts.findIndex((_, i) => open(i) && !slot(i) && !(program === undefined && needsProgram(optionBefore(i))));
    if (idx < 0) idx = ts.findIndex((_, i) => open(i) && !slot(i));
    if (idx < 0) idx = ts.findIndex((_, i) => open(i));
    if (idx < 0) idx = ts.findIndex((t) => t);
    if (idx < 0) return null;
    const dd =
      els.slice(0, idx).some((e) => this.literal(e) === '--') ||
      optionsEndedBefore(
        els.map((e) => this.literal(e)),
        idx,
      );
    const option = optionBefore(idx);
    return { ...ts[idx]!, argv: { first: idx === 0, afterDashDash: dd, ...(option ? { option } : {}), ...(program ? { program } : {}) } };
  }

  /**
   * An object / dict literal: its values combined (`pair` entries give their value). A spread tool-input
   * object (`{ ...args }`, `{**arguments, "path": ROOT}`) stays that object, a copy: its properties are still
   * the tool's inputs, except the keys written after the spread with an untainted value.
   */
  protected async entries(entries: Node[], scope: Scope): Promise<Taint | null> {
    const ts: (Taint | null)[] = [];
    let copy: Taint | null = null;
    let plain = false;
    let overrides = new Map<string, Taint | null>();
    for (const p of entries) {
      if (p.type === 'comment') continue;
      const t = await this.eval(p.type === 'pair' ? field(p, 'value') : p, scope);
      ts.push(t);
      const key =
        p.type === 'pair' ? (this.literal(field(p, 'key')) ?? (field(p, 'key')?.type === 'property_identifier' ? field(p, 'key')!.text : null)) : null;
      // a spread plain value (a `dict` parameter) becomes an object of inputs too when keys are written over it
      if ((p.type === 'spread_element' || p.type === 'dictionary_splat') && t && (t.container === 0 || t.container === undefined))
        [copy, plain, overrides] = [
          t.container === 0 ? { ...t, keys: undefined } : { ...t, container: 0, fields: undefined, argv: undefined, keys: undefined },
          t.container === undefined,
          new Map(),
        ];
      else if (copy && key !== null) overrides.set(key, t);
      else if (copy && p.type === 'shorthand_property_identifier') overrides.set(p.text, t);
    }
    const fixedKey = [...overrides.values()].some((v) => !v);
    if (copy && (fixedKey || !plain)) return overriddenCopy(copy, overrides);
    const all = combine(ts);
    // `{ resourceType: "events", namespace }`: each literal key keeps its own value
    if (!all || copy) return all;
    const keys = new Map<string, Taint | null>();
    for (const [i, p] of entries.entries()) {
      const k =
        p.type === 'pair'
          ? (this.literal(field(p, 'key')) ?? (field(p, 'key')?.type === 'property_identifier' ? field(p, 'key')!.text : null))
          : p.type === 'shorthand_property_identifier'
            ? p.text
            : null;
      if (k === null) return all;
      keys.set(k, ts[i]);
    }
    return { ...all, keys };
  }

  /** A string with interpolations (f-string, template literal): built from its literal text and tainted parts. */
  protected async interpolated(pieces: StringPiece[], scope: Scope): Promise<Taint | null> {
    let prefix = '';
    let literal = '';
    let first: Taint | null = null;
    let firstPrefix: string | null = '';
    let seenUntainted = false;
    // The text before the first part a URL host could come from: literals, and parts already safe for
    // SSRF (a validated port number) standing for themselves (`http://localhost:${port}/api/${path}`).
    let hostPrefix = '';
    let hostAt: string | null = null;
    const all: (Taint | null)[] = [];
    for (const piece of pieces) {
      if (typeof piece === 'string') {
        literal += piece;
        if (!first) prefix += piece;
        if (hostAt === null) hostPrefix += piece;
        continue;
      }
      const t = await this.eval(piece, scope);
      all.push(t);
      if (t && !first) {
        first = t;
        firstPrefix = seenUntainted ? null : prefix;
      }
      if (!t && !first) seenUntainted = true;
      if (hostAt === null) {
        if (t && !t.safe.has('ssrf')) hostAt = hostPrefix;
        else hostPrefix += t ? '0' : 'h';
      }
    }
    if (!first) return null;
    const out = this.built(combine(all)!, firstPrefix, literal);
    return hostAt !== null && !out.hostFixed && this.urlWithHost.test(hostAt) ? { ...out, hostFixed: true } : out;
  }

  /** A tool-input object's property is one input; null when `t` is not such an object. */
  protected inputMember(t: Taint, name: string): Taint | null {
    if (t.container === undefined) return null;
    if (t.container > 0) return { ...t, container: t.container - 1 };
    // `Schema.safeParse(args).data` / `.value`: still the whole input object
    if (t.steps.length > 1 && (name === 'data' || name === 'value' || name === 'output')) return t;
    const declared = t.fields?.get(name);
    return { ...t, container: undefined, label: name, fields: undefined, ...(declared ? { safe: new Set([...t.safe, ...declared]) } : {}) };
  }

  /** A string that combines literal text with a tainted value (`prefix` null: an untainted value comes first). */
  built(t: Taint, prefix: string | null, literal: string): Taint {
    const out: Taint = { ...t, resolved: undefined, argv: undefined };
    if (prefix === null) {
      out.prefixFixed = true;
      out.hostFixed = true;
    } else if (prefix.length > 0) {
      out.prefixFixed = true;
      if (this.urlWithHost.test(prefix) || RELATIVE_URL_PATH.test(prefix)) out.hostFixed = true;
    }
    if (SQL_TEXT.test(literal)) out.sqlBuilt = true;
    return out;
  }

  /** A sanitiser's result: nothing tainted ('all'), or the source made safe for some kinds. */
  protected sanitized(src: Taint | null, kinds: 'all' | SinkKind[]): Taint | null {
    if (!src || kinds === 'all') return null;
    return markSafe(src, kinds);
  }

  // ---------------------------------------------------------------- guards

  /** Scope in which `cond` is known to be `truth`; `ok = is_allowed(x)` makes `ok` stand for its condition. */
  refine(cond: Node, truth: boolean, scope: Scope): Scope {
    // past the depth limit a condition refines nothing: no guard is assumed (the conservative side)
    if (cond.type !== 'identifier')
      return this.cx.budget.nested(
        () => this.refineCondition(cond, truth, scope),
        () => scope,
      );
    const p = scope.predicates.get(cond.text);
    // `error = validate_file_path(p)`: a validator's result named as an error is truthy when the check failed
    if (p) this.refine(p, (p.type === 'call' || p.type === 'call_expression') && ERROR_RESULT.test(cond.text) ? !truth : truth, scope);
    return scope;
  }

  /** `".." not in x` / `!path.isAbsolute(x)`: remember it on the variable. */
  pathFact(node: Node, fact: 'noDotDot' | 'relative', scope: Scope): Scope {
    if (node.type !== 'identifier' && node.type !== this.memberType) return scope;
    const t = scope.get(node.text);
    if (t) scope.set(node.text, withPathFact(t, fact));
    return scope;
  }

  /** Does the value end with a path separator (`root + "/"`): then a prefix check on it is a containment check. */
  isSepTerminated(node: Node, scope: Scope, depth = 0): boolean {
    if (depth > 2) return false;
    const lit = this.literal(node);
    if (lit !== null) return lit.endsWith('/') || lit.endsWith('\\');
    if (node.type === this.binaryType && field(node, 'operator')!.text === '+') {
      const r = field(node, 'right')!;
      return /(^|\.)sep$/.test(r.text) || this.isSepTerminated(r, scope, depth + 1);
    }
    const form = this.sepTerminatedForm(node, scope, depth);
    if (form !== undefined) return form;
    if (node.type === 'identifier') {
      const def = this.idx.assigns.get(node.text) ?? this.localValue(node.text);
      if (def) return this.isSepTerminated(def, scope, depth + 1);
    }
    return false;
  }

  /**
   * Every literal an expression can hold, `leaf` deciding what a literal is: the literal itself, each arm
   * of a conditional, each value assigned to a local variable (if/else branches), else the module-level
   * one. Null when one of them is not a literal (a parameter, a call, `+=`, too deep).
   */
  literalValues(node: Node, leaf: (n: Node) => string | null, depth = 0): string[] | null {
    this.cx.budget.tick(); // it branches over every value of a local: a step each
    if (depth > 4) return null;
    const lit = leaf(node);
    if (lit !== null) return [lit];
    const arms = this.valueArms(node);
    let values: Node[] = arms ?? [];
    if (!arms) {
      if (node.type !== 'identifier' || this.paramNames().includes(node.text)) return null;
      const locals = this.localValuesOf(node.text).filter((v) => !(v.startIndex <= node.startIndex && v.endIndex >= node.endIndex));
      if (locals.some((v) => /augmented/.test(v.parent?.type ?? ''))) return null;
      const top = this.idx.assigns.get(node.text);
      values = locals.length ? locals : top ? [top] : [];
    }
    if (!values.length) return null;
    const out: string[] = [];
    for (const v of values) {
      const vs = this.literalValues(v, leaf, depth + 1);
      if (!vs) return null;
      out.push(...vs);
    }
    return out;
  }

  /**
   * What a regex match guard clears: every pattern it may use must be anchored (`anchored` knows how the
   * match call anchors) and restrictive; null when it is not a guard.
   */
  regexGuardKinds(patterns: string[] | null, anchored: (pattern: string) => boolean): SinkKind[] | null {
    if (!patterns?.length || !patterns.every((p) => anchored(p) && regexIsRestrictive(p))) return null;
    return patterns.some(regexAllowsLeadingDash) ? ALL_KINDS.filter((k) => k !== 'argument') : ALL_KINDS;
  }

  /**
   * Does every value the expression may hold end in a fixed file name (`join(dir, "package.json")`,
   * `Path(d) / "pyproject.toml"`, `` `${dir}/go.mod` ``, or a local assigned only such values)? Read from the
   * code, not from the taint, so no later transformation (`dirname(p)`) can keep it by mistake.
   */
  fixedFileName(node: Node, depth = 0): boolean {
    if (depth > 4) return false;
    if (this.literal(node) !== null) return true; // a literal holds no tool input
    const form = this.fixedNameForm(node);
    if (form !== undefined) return form;
    const arms = this.valueArms(node);
    if (arms) return arms.length > 0 && arms.every((a) => this.fixedFileName(a, depth + 1));
    if (node.type !== 'identifier' || this.paramNames().includes(node.text)) return false;
    // a loop variable takes each element of the sequence it iterates (`for (const p of [join(d, "README.md"), ...])`)
    const iterated = this.iteratedElements(node.text, depth);
    if (!iterated) return false;
    const values = [...this.localValuesOf(node.text).filter((v) => !(v.startIndex <= node.startIndex && v.endIndex >= node.endIndex)), ...iterated];
    if (!values.length || values.some((v) => /augmented/.test(v.parent?.type ?? ''))) return false;
    return values.every((v) => this.fixedFileName(v, depth + 1));
  }

  /**
   * The elements a loop of the walked function binds to `name` (`for x of [a, b]`, `for x in (a, b)`, or a
   * local holding such a literal); [] when no loop binds it; null when a loop iterates anything else.
   */
  protected iteratedElements(name: string, depth: number): Node[] | null {
    const out: Node[] = [];
    for (const iterable of this.loopsBinding(name)) {
      const seqs =
        this.valueArms(iterable) ??
        (iterable.type === 'identifier' && !this.paramNames().includes(iterable.text) ? this.localValuesOf(iterable.text) : [iterable]);
      if (!seqs.length || depth > 4) return null;
      for (const s of seqs) {
        if (!this.sequenceTypes.has(s.type)) return null;
        out.push(...s.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment'));
      }
    }
    return out;
  }

  /** Node types of a list / array / tuple literal in this language. */
  protected abstract readonly sequenceTypes: ReadonlySet<string>;
  /** The iterables of the loops of the walked function whose loop variable is exactly `name`. */
  protected abstract loopsBinding(name: string): Node[];

  /** A path-building form of this language ending in a literal file name: true / false; undefined: not such a form. */
  protected abstract fixedNameForm(node: Node): boolean | undefined;

  /** Is the expression a literal (or a local only ever holding literals) naming one file. */
  protected fixedNameLiteral(node: Node | null | undefined): boolean {
    if (!node) return false;
    const values = this.literalValues(node, (n) => this.literal(n));
    return !!values?.length && values.every(isFixedFileName);
  }

  /** The value of the first assignment to a local variable in the function text: a local walked earlier is not kept. */
  /** The value first assigned to a local (`cmd = ["git", ...]` for `cmd += [...]`), null when none. */
  protected firstValue(target: Node): Node | null {
    return target.type === 'identifier' ? this.localValue(target.text) : null;
  }

  private localValue(name: string): Node | null {
    const { type, name: nameField, value } = this.localAssignment;
    for (const a of this.fn.descendantsOfType(type)) if (a && field(a, nameField)?.text === name && field(a, value)) return field(a, value);
    return null;
  }

  // ---------------------------------------------------------------- sinks and calls

  report(h: SinkHit, call: Node): void {
    if (h.taint.safe.has(h.kind) || (h.kind === 'path' && pathChecked(h.taint))) return;
    // a checked host is reached only when the request goes nowhere else: a redirect is not checked again
    const redirects = h.kind === 'ssrf' && !!h.taint.hostChecked;
    if (redirects && !this.followsRedirects(call)) return;
    // `readFile(join(projectPath, "package.json"))`: at most that one well-known file of a chosen directory is read
    if (h.kind === 'path' && h.read && h.arg && this.fixedFileName(h.arg)) return;
    // `const command = "kubectl"; execFileSync(command, ["-n", ns])`: the program is a local literal
    if (h.optionValue && this.programTakesValue(h.optionValue.program, h.optionValue.option)) return;
    const t = culprit(h.taint, h.kind);
    // the program is a parameter of this function: its callers decide (applySummary)
    const programParam = h.optionValue && h.optionValue.program.type === 'identifier' ? this.paramNames().indexOf(h.optionValue.program.text) : -1;
    this.flows.push({
      kind: h.kind,
      handler: t.origin.handler,
      param: t.origin.param,
      label: t.label,
      sink: h.sink,
      path: this.pf.file.path,
      range: rangeOf(this.pf, call),
      steps: appendStep(t.steps, this.step(h.arg ?? call, `reaches ${h.sink}`)),
      slot: t.slot,
      ...(this.branchTool ? { tool: this.branchTool } : {}),
      ...(redirects ? { redirects } : {}),
      ...(programParam >= 0 ? { optionValue: { option: h.optionValue!.option, programParam } } : {}),
    });
  }

  /**
   * A callee's argv flow that waited for its program (`Flow.optionValue`), at a call passing `programArg`:
   * none when the program is a literal that takes the option's value, still waiting when it is a
   * parameter of this function, else a flow.
   */
  protected decideOptionValue(f: Flow, programArg: Node | null | undefined): Flow | null {
    const { optionValue, ...rest } = f;
    if (!optionValue || !programArg) return rest;
    if (this.programTakesValue(programArg, optionValue.option)) return null;
    const at = programArg.type === 'identifier' ? this.paramNames().indexOf(programArg.text) : -1;
    return at >= 0 ? { ...rest, optionValue: { option: optionValue.option, programParam: at } } : rest;
  }

  /** Is the program every literal value `program` may hold (itself, a local constant, a conditional's arms), each taking `option`'s value. */
  private programTakesValue(program: Node, option: string): boolean {
    const values = this.literalValues(program, (n) => this.literal(n));
    return !!values?.length && values.every((v) => takesValue(option, programName(v)));
  }

  /** The repository function a call reaches, if any, up to MAX_CALL_DEPTH calls deep. */
  async resolveCallee(fnNode: Node): Promise<FunctionRef | null> {
    if (this.depth >= MAX_CALL_DEPTH) return null;
    if (fnNode.type === 'identifier') return this.resolveName(fnNode.text);
    return this.resolveMember(fnNode);
  }

  /** A called name: a function nested in this one, one of this file, or one imported from the repository. */
  protected async resolveName(name: string): Promise<FunctionRef | null> {
    const nested = this.local.get(name);
    if (nested) return { pf: this.pf, node: nested };
    const top = this.idx.functions.get(name);
    if (top) return { pf: this.pf, node: top };
    const imp = this.idx.localImports.get(name);
    if (imp?.name) return this.functionIn(imp.path, imp.name);
    return null;
  }

  /** A walker for the callee; in the same file it sees the functions nested in this one too. */
  protected async walkerFor(ref: FunctionRef): Promise<Walker> {
    const w = await this.calleeWalker(ref.pf, ref.node);
    w.chain = this.chain;
    if (ref.pf === this.pf) for (const [k, v] of this.local) w.local.set(k, v);
    return w;
  }

  /**
   * A repository helper was called with tainted arguments and summarised: its flows become this
   * function's (through the call), the guards it applies to every argument hold here, and its return
   * value is the call's.
   */
  protected applySummary(
    summary: Summary,
    args: (Taint | null)[],
    argNodes: (Node | null | undefined)[],
    call: Node,
    calleeName: string,
    paramLabel: (slot: number) => string,
    scope: Scope,
  ): Taint | null {
    const callStep = (slot: number) => this.step(argNodes[slot] ?? call, `passed to ${calleeName}() as ${paramLabel(slot)}`);
    for (const note of summary.incomplete ?? []) if (!this.incomplete.includes(note)) this.incomplete.push(note);
    if (summary.flows.some((f) => f.optionValue))
      summary = {
        ...summary,
        flows: summary.flows.flatMap((f) => (f.optionValue ? (this.decideOptionValue(f, argNodes[f.optionValue.programParam]) ?? []) : [f])),
      };
    this.flows.push(...instantiateFlows(summary, args, callStep).map((f) => (this.branchTool && !f.tool ? { ...f, tool: this.branchTool } : f)));
    summary.paramSafe.forEach((kinds, i) => {
      const n = argNodes[i];
      const t = args[i];
      if (kinds && n && t) scope.set(n.text, markSafe(t, kinds));
    });
    summary.paramHostChecked?.forEach((checked, i) => {
      const n = argNodes[i];
      const t = n && scope.get(n.text);
      if (checked && t) scope.set(n.text, { ...t, hostChecked: true });
    });
    return instantiateReturn(summary, args, callStep, this.step(call, `returned by ${calleeName}()`));
  }
}
