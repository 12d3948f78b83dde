import { programName, takesValue } from './argv-options.js';
import { resolvePythonModule } from '../../../parsing/modules.js';
import type { ProjectContext } from '../../../core/types.js';
import type { Node } from '../../../parsing/parsers.js';
import {
  ALL_KINDS,
  MAX_CALL_DEPTH,
  Scope,
  combine,
  fileContent,
  markSafe,
  parsedFile,
  regexIsAnchored,
  snippet,
  stepAt,
  withStep,
  type FunctionRef,
  type ParsedFile,
  type Summary,
} from './core.js';
import { PY, pyLiteralString } from './python-catalogue.js';
import { isFixedFileName, type SinkHit } from './catalogue.js';
import { PyClasses, classKey, enclosingClass, type ClassRef, type MethodRef, type TypeScope } from './python-classes.js';
import type { HandlerAnalysis, SinkKind, Taint } from './types.js';
import { BudgetExceeded } from '../../../core/budget.js';
import { MAX_NAME_PARTS, SQL_TEXT, Walker, field, type AnalysisContext, type EnvShape, type FileIndex, type StringPiece, type WalkResult } from './walk.js';
import { descendantsOf, PY_FUNCTION_TYPES } from '../../../parsing/nodes.js';
import { ssrfGuardParams } from './guard-shapes.js';
import { freshMkdir, isGeneratedName, type GeneratedLookup } from './python-fresh.js';
import { CLOUD_CHECKED_NAMES } from './cloud-names.js';
import { constructorDefault, numberClasses, numberOperands, quotedIdentifier, safeValueOf, selfFlag } from './python-guard-forms.js';
import { configuredFlag, flagCondition, flaggedTuple, pyBoolLiteral, testedParams, type FlagValue } from './python-flags.js';
import { instantiateReturn } from './summary.js';
import { iterationParts } from './python-iteration.js';
import { readStaysUndisclosed } from './python-content-escape.js';
import { TEMP_CREATORS } from './python-temp-files.js';
import { denyListOnly } from './python-deny-lists.js';
import { constructorCall, isApiClientClass, selfFieldValues } from './python-api-clients.js';
import { runsOwnAgent } from './agent-runs.js';

// ---------------------------------------------------------------- per-file index

export type PyIndex = FileIndex;

/**
 * A summary of a Python function; `okRet`: when every return is `(True, x)` / `(False, y)` (a check helper's
 * `(is_safe, path)`), the value the `True` returns give (null: none tainted) — what the caller's second
 * name holds where it tested the flag true.
 */
type PySummary = Summary & { okRet?: Taint | null };
export type PyAnalysisContext = AnalysisContext;

function named(node: Node | null | undefined): Node[] {
  return node ? (node.namedChildren.filter(Boolean) as Node[]) : [];
}

export function pyIndex(project: ProjectContext, pf: ParsedFile): Promise<PyIndex> {
  return project.memo(`taint:pyindex:${pf.file.path}`, async () => {
    const idx: PyIndex = { imports: new Map(), localImports: new Map(), functions: new Map(), classes: new Map(), assigns: new Map() };
    const root = pf.parsed.root;
    for (const st of descendantsOf(root, ['import_statement', 'import_from_statement'])) {
      if (!st) continue;
      if (st.type === 'import_statement') {
        for (const n of st.childrenForFieldName('name')) {
          if (!n) continue;
          if (n.type === 'aliased_import') {
            const full = field(n, 'name')!.text;
            const alias = field(n, 'alias')!.text;
            idx.imports.set(alias, full);
            const local = await resolvePythonModule(project, pf.file.path, full, 0);
            if (local) idx.localImports.set(alias, { path: local });
          } else {
            idx.imports.set(n.text.split('.')[0], n.text.split('.')[0]);
            const local = await resolvePythonModule(project, pf.file.path, n.text, 0);
            if (local && !n.text.includes('.')) idx.localImports.set(n.text, { path: local });
          }
        }
      } else {
        const mod = field(st, 'module_name');
        if (!mod) continue;
        let level = 0;
        let dotted = mod.text;
        if (mod.type === 'relative_import') {
          const prefix = named(mod).find((c) => c.type === 'import_prefix');
          level = prefix ? prefix.text.length : 0;
          dotted = named(mod).find((c) => c.type === 'dotted_name')?.text ?? '';
        }
        for (const n of st.childrenForFieldName('name')) {
          if (!n) continue;
          const name = n.type === 'aliased_import' ? field(n, 'name')!.text : n.text;
          const alias = n.type === 'aliased_import' ? field(n, 'alias')!.text : n.text;
          if (level === 0) idx.imports.set(alias, `${dotted}.${name}`);
          const modPath = await resolvePythonModule(project, pf.file.path, dotted, level);
          // `from . import helpers` / `from pkg import mod`: a submodule
          const sub = await resolvePythonModule(project, pf.file.path, dotted ? `${dotted}.${name}` : name, level);
          if (sub && (!modPath || modPath.endsWith('__init__.py'))) idx.localImports.set(alias, { path: sub });
          else if (modPath) idx.localImports.set(alias, { path: modPath, name });
        }
      }
    }
    for (const child of named(root)) {
      const def = child.type === 'decorated_definition' ? field(child, 'definition') : child;
      if (!def) continue;
      if (def.type === 'function_definition') idx.functions.set(field(def, 'name')!.text, def);
      else if (def.type === 'class_definition') idx.classes.set(field(def, 'name')!.text, def);
      else if (child.type === 'expression_statement') {
        const a = named(child)[0];
        if (a?.type === 'assignment' && field(a, 'left')?.type === 'identifier' && field(a, 'right'))
          idx.assigns.set(field(a, 'left')!.text, field(a, 'right')!);
      }
    }
    return idx;
  });
}

/** The repository's classes, looked up through the files' indexes (one per scan). */
function pyClasses(project: ProjectContext): Promise<PyClasses> {
  return project.memo('taint:pyclasses', async () => new PyClasses(project, (pf) => pyIndex(project, pf)));
}

/** Canonical dotted name of a callee expression through the file's imports. */
export function pyCanonical(idx: PyIndex, node: Node, depth = 0): string | null {
  // no catalogued name is this long; a longer chain (`a.b.c…` 20,000 deep) is no known callee
  if (depth > MAX_NAME_PARTS) return null;
  if (node.type === 'identifier') return idx.imports.get(node.text) ?? node.text;
  if (node.type === 'attribute') {
    const obj = field(node, 'object')!;
    const base = pyCanonical(idx, obj, depth + 1);
    return base ? `${base}.${field(node, 'attribute')!.text}` : null;
  }
  if (node.type === 'call') {
    // `Path(x).read_text` → `pathlib.Path()`; `requests.Session().get` → `requests.Session()`
    const base = pyCanonical(idx, field(node, 'function')!, depth + 1);
    return base ? `${base}()` : null;
  }
  return null;
}

/** Node types of a Python function's parameters (`*` and `/` separators are not parameters). */
const PARAM_TYPES = new Set([
  'identifier',
  'typed_parameter',
  'default_parameter',
  'typed_default_parameter',
  'list_splat_pattern',
  'dictionary_splat_pattern',
]);

/** Parameters of a Python function, in order, with `self`/`cls` kept (callers skip them). */
export function pyParams(fn: Node): string[] {
  const params = field(fn, 'parameters');
  const out: string[] = [];
  for (const p of named(params)) {
    if (p.type === 'identifier') out.push(p.text);
    else if (p.type === 'typed_parameter') out.push(named(p)[0]?.text ?? '');
    else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') out.push(field(p, 'name')?.text ?? '');
    else if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') out.push(named(p)[0]?.text ?? '');
  }
  return out;
}

const VALIDATOR_NAME = /(allow|permit|whitelist|trusted|within|inside|contain|safe|valid|is_relative|authori[sz]ed)/i;
/** What a name-trusted validator that only refuses a deny list still guards: not a shell string, not code. */
const DENY_LIST_KINDS = ALL_KINDS.filter((k) => k !== 'command' && k !== 'code');
const URL_WITH_HOST = /^[a-z][a-z0-9+.-]*:\/\/[^/?#{}]+[/?#]/i;
/** Reads of the process environment: `os.environ[...]`, `os.environ.get(...)`, `os.getenv(...)`, `environ` imported from os. */
const PY_ENV_READ = /^os\.(environ|environb|getenv|getenvb)(\.|$)/;
/** An adapter/transport named for SSRF protection (it checks the address it connects to). */
const SSRF_NAMED = /ssrf/i;
/** Client builders being analysed (a recursive one is not followed into itself). */
const SSRF_BUILDERS_RUNNING = new Set<string>();
/** Builtins whose result is decided by their arguments alone. */
const PY_PURE_BUILTINS = new Set(['bool', 'str', 'int', 'float', 'len', 'any', 'all']);
const PY_CONST_TYPES = new Set(['integer', 'float', 'true', 'false', 'none', 'ellipsis', 'string_content', 'escape_sequence', 'type_conversion']);
const PY_OPERATOR_TYPES = new Set([
  'comparison_operator',
  'boolean_operator',
  'not_operator',
  'parenthesized_expression',
  'tuple',
  'list',
  'set',
  'conditional_expression',
  'binary_operator',
  'unary_operator',
  'concatenated_string',
  'interpolation',
]);

/** The expression a low-level handler dispatches on: its `name` parameter (`name`, `tool_name`, `request.params.name`). */
const TOOL_NAME_EXPR = /^(?:[\w.]+\.)?(name|tool_name|toolName|tool)$/;

/** Functions that call their first argument with the rest (`asyncio.to_thread(fn, *args, **kwargs)`): position of the callback. */
const CALLBACK_RUNNERS = new Map<string, number>([
  ['asyncio.to_thread', 0],
  ['anyio.to_thread.run_sync', 0],
  ['starlette.concurrency.run_in_threadpool', 0],
  ['fastapi.concurrency.run_in_threadpool', 0],
]);
/** Methods that do the same: `loop.run_in_executor(executor, fn, *args)`, `pool.submit(fn, *args)`. */
const CALLBACK_METHODS = new Map<string, number>([
  ['run_in_executor', 1],
  ['submit', 0],
]);

/** How Python binds names from values, for guard-shapes.ts: assignments, `for x in xs`, comprehensions, `:=`. */
const PY_BINDINGS = [
  ['assignment', 'left', 'right'],
  ['for_statement', 'left', 'right'],
  ['for_in_clause', 'left', 'right'],
  ['named_expression', 'name', 'value'],
] as const;
/** Attributes of a path object that hold its last segment (or part of it). */
const PATH_SEGMENT_ATTRIBUTES = new Set(['name', 'stem', 'suffix']);
const PATH_CLASSES = new Set(['Path', 'pathlib.Path', 'pathlib.PurePath', 'pathlib.PurePosixPath', 'pathlib.PureWindowsPath']);
/** List methods that add their arguments (after the index, for `insert`) to the list. */
const LIST_MUTATORS = new Set(['append', 'extend', 'insert']);
const PY_IF_TYPES = new Set(['if_statement', 'elif_clause']);
const PY_HANDLER_TYPES = new Set(['except_clause', 'except_group_clause']);

/** Walks one Python function with tainted parameters, collecting flows to sinks. */
export class PyWalker extends Walker {
  protected readonly urlWithHost = URL_WITH_HOST;
  protected readonly memberType = 'attribute';
  protected readonly binaryType = 'binary_operator';
  protected readonly localAssignment = { type: 'assignment', name: 'left', value: 'right' };
  /**
   * The class `self` is an instance of here: set when this function runs as a method of an instance of a
   * subclass (its overrides are what `self.x()` calls); else the class the function is defined in.
   */
  selfCls: ClassRef | null | undefined;
  /**
   * Parameters this call of the function received as a string constant (`mode='binary'`, or the default
   * left in place) and compares: a branch on one (`if mode == 'text':`) is walked only the way it goes.
   */
  consts = new Map<string, string>();
  /** Boolean parameters this call fixed (`True`/`False`, or the default) or took from the instance's configuration (python-flags.ts). */
  flags = new Map<string, FlagValue>();
  /** Returns of the `(flag, value)` shape (python-flags.ts `flaggedTuple`): the values of the `True` ones, how many `False` ones, and whether another return was seen. */
  private flagged = { ok: [] as Taint[], refused: 0, other: false };
  /** `ok, path = check(x)` with a `(flag, value)` check helper: by flag name, the path's name, both values as bound, and the path's value when the flag holds. */
  private flagBindings = new Map<string, { path: string; flagBound: Taint | null | undefined; pathBound: Taint | null | undefined; ok: Taint | null }>();
  /** The value a `(flag, value)` call gives when its flag holds, by call (start offset). */
  private okCalls = new Map<number, Taint | null>();
  /** Calls of a name-trusted validator whose body only refuses a deny list (python-deny-lists.ts): by start index. */
  private denyListCalls = new Set<number>();

  /** The string constant an argument is: a literal, or a parameter of this function passed a constant and never reassigned. */
  constArg(node: Node): string | null {
    const lit = pyLiteralString(node);
    if (lit !== null) return lit;
    return node.type === 'identifier' && this.consts.has(node.text) && !this.localValuesOf(node.text).length ? this.consts.get(node.text)! : null;
  }

  /** Is a condition decided by the constant parameters: `mode == 'text'`, `mode != "binary"`, `mode in ("a", "b")`, `not ...`. */
  constCondition(cond: Node): boolean | null {
    if (!this.consts.size) return null;
    if (cond.type === 'parenthesized_expression') return named(cond).length === 1 ? this.constCondition(named(cond)[0]) : null;
    if (cond.type === 'not_operator') {
      const inner = this.constCondition(field(cond, 'argument')!);
      return inner === null ? null : !inner;
    }
    if (cond.type !== 'comparison_operator') return null;
    const ops = named(cond).filter((n) => n.type !== 'comment');
    const op = cond
      .childrenForFieldName('operators')
      .map((n) => n!.text)
      .join(' ')
      .replace(/\s+/g, ' ');
    if (ops.length !== 2) return null;
    const [a, b] = ops;
    const isConst = (n: Node) => n.type === 'identifier' && this.consts.has(n.text);
    const [id, other] = isConst(a) ? [a, b] : isConst(b) && (op === '==' || op === '!=') ? [b, a] : [null, null];
    const value = id ? this.constArg(id) : null;
    if (value === null || !other) return null;
    if (op === '==' || op === '!=') {
      const lit = pyLiteralString(other);
      return lit === null ? null : (lit === value) === (op === '==');
    }
    if ((op === 'in' || op === 'not in') && other === b && ['tuple', 'list', 'set'].includes(b.type)) {
      const lits = named(b).map((e) => pyLiteralString(e));
      if (lits.some((l) => l === null)) return null;
      return lits.includes(value) === (op === 'in');
    }
    return null;
  }

  /** The truth of a condition made of boolean flags (python-flags.ts): fixed by the call, or the instance's configured default. */
  async flagDecision(cond: Node): Promise<FlagValue | null> {
    if (!this.flags.size && !/\bself\./.test(cond.text)) return null;
    return flagCondition(cond, (n) => this.flagValue(n));
  }

  /** A flag's value here: a parameter in `flags` never rebound, or `self.<attr>` configured by the constructor. */
  async flagValue(n: Node): Promise<FlagValue | null> {
    if (n.type === 'identifier') return this.flags.has(n.text) && !this.localValuesOf(n.text).length ? this.flags.get(n.text)! : null;
    const lit = pyBoolLiteral(n);
    if (lit !== null) return { value: lit, fixed: true };
    const self = n.type === 'attribute' && field(n, 'object')?.text === 'self' ? this.selfClass() : null;
    if (!self) return null;
    const v = await configuredFlag(await pyClasses(this.cx.project), self, field(n, 'attribute')!.text);
    return v === null ? null : { value: v, fixed: false };
  }

  selfClass(): ClassRef | null {
    if (this.selfCls === undefined) this.selfCls = enclosingClass(this.pf, this.fn);
    return this.selfCls;
  }

  private typeScope(): TypeScope {
    return { pf: this.pf, fn: this.fn, self: this.selfClass() };
  }

  protected literal(node: Node | null | undefined): string | null {
    return pyLiteralString(node);
  }

  protected envShape(node: Node): EnvShape {
    if (PY_CONST_TYPES.has(node.type)) return { kind: 'const' };
    if (node.type === 'string') return { kind: 'parts', parts: named(node).filter((c) => c.type === 'interpolation') };
    if (PY_OPERATOR_TYPES.has(node.type)) return { kind: 'parts', parts: named(node).filter((c) => c.type !== 'comment' && c.type !== 'format_specifier') };
    if (node.type === 'identifier') return PY_ENV_READ.test(this.idx.imports.get(node.text) ?? '') ? { kind: 'env' } : { kind: 'name', name: node.text };
    if (node.type === 'attribute') {
      if (PY_ENV_READ.test(pyCanonical(this.idx, node) ?? '')) return { kind: 'env' };
      return /^[A-Z][A-Z0-9_]*$/.test(field(node, 'attribute')!.text) ? { kind: 'const' } : { kind: 'other' };
    }
    if (node.type === 'subscript') {
      if (!PY_ENV_READ.test(pyCanonical(this.idx, field(node, 'value')!) ?? '')) return { kind: 'other' };
      return { kind: 'call', fn: node, args: node.childrenForFieldName('subscript').filter(Boolean) as Node[], env: true };
    }
    if (node.type === 'call') {
      const fn = field(node, 'function')!;
      const args = named(field(node, 'arguments'))
        .filter((a) => a.type !== 'comment')
        .map((a) => (a.type === 'keyword_argument' ? field(a, 'value')! : a));
      if (PY_ENV_READ.test(pyCanonical(this.idx, fn) ?? '')) return { kind: 'call', fn, args, env: true };
      if (fn.type === 'identifier' && PY_PURE_BUILTINS.has(fn.text) && !this.idx.functions.has(fn.text)) return { kind: 'call', fn, args, pure: true };
      return { kind: 'call', fn, args, object: fn.type === 'attribute' ? field(fn, 'object')! : undefined };
    }
    return { kind: 'other' };
  }

  protected decisions(body: Node): Node[] {
    if (body.type !== 'block') return [body];
    const out: Node[] = [];
    const visit = (n: Node) => {
      for (const c of named(n)) {
        if (PY_FUNCTION_TYPES.has(c.type) || c.type === 'class_definition') continue;
        if (c.type === 'return_statement') {
          const v = named(c)[0];
          if (v) out.push(v); // a bare `return` gives None
        } else if (c.type === 'if_statement' || c.type === 'elif_clause' || c.type === 'while_statement') out.push(field(c, 'condition')!);
        // past the depth limit the nested statement stands for itself: a block decides nothing env-only
        this.cx.budget.nested(
          () => visit(c),
          () => out.push(c),
        );
      }
    };
    visit(body);
    return out;
  }

  protected paramNames(): string[] {
    return pyParams(this.fn);
  }

  protected readonly sequenceTypes: ReadonlySet<string> = new Set(['list', 'tuple']);

  protected loopsBinding(name: string): Node[] {
    const out: Node[] = [];
    for (const f of this.fn.descendantsOfType(['for_statement', 'for_in_clause'])) {
      const left = f && field(f, 'left');
      if (f && left?.type === 'identifier' && left.text === name && field(f, 'right')) out.push(field(f, 'right')!);
    }
    return out;
  }

  protected valueArms(node: Node): Node[] | null {
    if (node.type === 'parenthesized_expression')
      return named(node)
        .filter((c) => c.type !== 'comment')
        .slice(0, 1);
    if (node.type === 'conditional_expression') {
      const [a, , b] = named(node).filter((c) => c.type !== 'comment');
      return a && b ? [a, b] : null;
    }
    return null;
  }

  protected *assignments(): Iterable<[string, Node]> {
    for (const a of this.fn.descendantsOfType(['assignment', 'named_expression', 'augmented_assignment'])) {
      if (!a) continue;
      const target = a.type === 'named_expression' ? field(a, 'name') : field(a, 'left');
      const value = a.type === 'named_expression' ? field(a, 'value') : field(a, 'right');
      if (target?.type === 'identifier' && value) yield [target.text, value];
    }
  }

  /** A read of a model-chosen path whose content only ever gives a yes/no in this function discloses nothing (python-content-escape.ts). */
  report(h: SinkHit, call: Node): void {
    if (h.kind === 'path' && h.read && readStaysUndisclosed(this.fn, call, (f) => pyCanonical(this.idx, f))) return;
    super.report(h, call);
  }

  protected async calleeWalker(pf: ParsedFile, fn: Node): Promise<PyWalker> {
    const idx = pf === this.pf ? this.idx : await pyIndex(this.cx.project, pf);
    return new PyWalker(this.cx, pf, idx, fn, this.depth + 1);
  }

  /** A method's walker knows the class of the instance it runs on. */
  protected async walkerFor(ref: FunctionRef): Promise<PyWalker> {
    const w = (await super.walkerFor(ref)) as PyWalker;
    const self = (ref as Partial<MethodRef>).self;
    if (self) w.selfCls = self;
    return w;
  }

  async run(vars: Map<string, Taint>, params: string[] = pyParams(this.fn)): Promise<Summary> {
    const scope = new Scope();
    for (const [k, v] of vars) scope.set(k, v);
    const body = field(this.fn, 'body')!;
    const r = body.type === 'block' ? await this.block(body, scope) : { scope, terminated: false };
    if (!r.terminated) this.exits.push(r.scope);
    if (body.type !== 'block') {
      const t = await this.eval(body, scope);
      if (t) this.returns.push(t);
    }
    const summary: PySummary = this.summarize(vars, params);
    if (this.flagged.refused && !this.flagged.other) summary.okRet = combine(this.flagged.ok);
    return summary;
  }

  /** A return: also noted when it is a check helper's `(flag, value)` (not in an operator opt-out branch). */
  protected async returnStmt(st: Node, value: Node | undefined, scope: Scope): Promise<WalkResult> {
    const before = this.returns.length;
    const r = await super.returnStmt(st, value, scope);
    if (this.optOut) return r;
    const shaped = flaggedTuple(value);
    // `return self._check_path(name, base)`: passes on another check helper's `(flag, value)`
    const call = value?.type === 'await' ? named(value)[0] : value;
    const passed = call?.type === 'call' ? this.okCalls.get(call.startIndex) : undefined;
    if (passed !== undefined) {
      this.flagged.refused++;
      if (passed) this.flagged.ok.push(passed);
    } else if (!shaped) this.flagged.other = true;
    else if (!shaped.flag) this.flagged.refused++;
    else if (this.returns.length > before) this.flagged.ok.push(this.returns[this.returns.length - 1]);
    return r;
  }

  protected followsRedirects(call: Node): boolean {
    const fn = field(call, 'function');
    const keywords = new Map<string, Node>();
    for (const a of named(field(call, 'arguments'))) {
      const name = a.type === 'keyword_argument' ? field(a, 'name')?.text : undefined;
      const value = a.type === 'keyword_argument' ? field(a, 'value') : null;
      if (name && value) keywords.set(name, value);
    }
    return PY.followsRedirects(fn ? pyCanonical(this.idx, fn) : null, keywords);
  }

  protected shapeGuards(paramNames: string[]): Map<string, SinkKind[]> {
    const body = field(this.fn, 'body');
    if (!body || body.type !== 'block') return new Map();
    const idx = this.idx;
    const guarded = ssrfGuardParams(this.fn, body, paramNames, {
      bindings: PY_BINDINGS,
      throwType: 'raise_statement',
      ifTypes: PY_IF_TYPES,
      tryType: 'try_statement',
      handlerTypes: PY_HANDLER_TYPES,
      callType: 'call',
      functionTypes: PY_FUNCTION_TYPES,
      dnsHost: (call) => {
        const f = field(call, 'function')!;
        const dns = PY.dnsLookups.test(pyCanonical(idx, f) ?? '') || (f.type === 'attribute' && field(f, 'attribute')!.text === 'getaddrinfo');
        return dns ? (named(field(call, 'arguments')).find((a) => a.type !== 'keyword_argument' && a.type !== 'comment') ?? null) : null;
      },
    });
    return new Map([...guarded].map((p) => [p, ['ssrf']]));
  }

  // ---------------------------------------------------------------- statements

  protected statements(block: Node): Node[] {
    return named(block);
  }

  protected async stmtNode(st: Node, scope: Scope): Promise<WalkResult> {
    switch (st.type) {
      case 'expression_statement': {
        for (const e of named(st)) await this.eval(e, scope);
        return { scope, terminated: false };
      }
      case 'return_statement':
        return this.returnStmt(st, named(st)[0], scope);
      case 'raise_statement':
        return { scope, terminated: true };
      case 'continue_statement':
      case 'break_statement':
        return { scope, terminated: true };
      case 'assert_statement': {
        const c = named(st)[0];
        if (c) {
          await this.eval(c, scope);
          this.refine(c, true, scope);
        }
        return { scope, terminated: false };
      }
      case 'if_statement':
        return this.ifChain(field(st, 'condition')!, field(st, 'consequence')!, st.childrenForFieldName('alternative').filter(Boolean) as Node[], scope);
      case 'for_statement': {
        const right = field(st, 'right')!;
        const left = field(st, 'left')!;
        const it = await this.eval(right, scope);
        const body = scope.copy();
        await this.bindLoop(left, right, it, body);
        const r = await this.block(field(st, 'body')!, body);
        const merged = Scope.merge([scope, r.scope]);
        // `for p in paths: validate(p)` with a validator that raises: past the loop every element was checked
        const checked = left.type === 'identifier' && right.type === 'identifier' && it ? r.scope.get(left.text)?.safe : undefined;
        const gained = checked ? [...checked].filter((k) => !it!.safe.has(k)) : [];
        if (gained.length && !r.terminated && !st.descendantsOfType('break_statement').length)
          merged.set(right.text, { ...it!, safe: new Set([...it!.safe, ...gained]) });
        return { scope: merged, terminated: false };
      }
      case 'while_statement': {
        const c = field(st, 'condition')!;
        await this.eval(c, scope);
        const body = this.refine(c, true, scope.copy());
        const r = await this.block(field(st, 'body')!, body);
        return { scope: Scope.merge([scope, r.scope]), terminated: false };
      }
      case 'try_statement': {
        const before = scope.copy();
        const body = await this.block(field(st, 'body')!, scope);
        const outs: WalkResult[] = [body];
        for (const c of named(st)) {
          if (c.type === 'except_clause' || c.type === 'except_group_clause') {
            const blk = named(c).find((n) => n.type === 'block');
            if (blk) outs.push(await this.block(blk, Scope.merge([before.copy(), body.scope.copy()])));
          } else if (c.type === 'else_clause' && !body.terminated) {
            outs[0] = await this.block(field(c, 'body')!, body.scope);
          }
        }
        const fin = named(st).find((n) => n.type === 'finally_clause');
        return this.finallyBlock(this.settle(outs, body.scope), fin && named(fin).find((n) => n.type === 'block'));
      }
      case 'with_statement': {
        const clause = named(st).find((n) => n.type === 'with_clause');
        for (const item of named(clause)) {
          const v = field(item, 'value');
          if (!v) continue;
          if (v.type === 'as_pattern') {
            const value = named(v)[0];
            const t = await this.eval(value, scope);
            const alias = field(v, 'alias');
            const target = alias ? (named(alias)[0] ?? alias) : null;
            if (target) {
              const protectedClient = target.type === 'identifier' && (await this.ssrfProtectedClient(value, scope));
              this.bind(target, t, scope, value);
              if (protectedClient) scope.ssrfMounts.set(target.text, new Set(['http', 'https']));
              else scope.ssrfMounts.delete(target.text);
              if (target.type === 'identifier' && this.isHttpClientCtor(value)) scope.httpClients.add(target.text);
            }
          } else await this.eval(v, scope);
        }
        return this.block(field(st, 'body')!, scope);
      }
      case 'match_statement': {
        await this.eval(field(st, 'subject') ?? named(st)[0], scope);
        const outs: Scope[] = [scope];
        const body = named(st).find((n) => n.type === 'block');
        const subject = field(st, 'subject') ?? named(st)[0];
        const dispatching = this.dispatch && subject && TOOL_NAME_EXPR.test(subject.text);
        for (const c of named(body)) {
          if (c.type !== 'case_clause') continue;
          const blk = field(c, 'consequence') ?? named(c).find((n) => n.type === 'block');
          if (!blk) continue;
          let tool: string | null = null;
          if (dispatching) {
            const lits = this.caseLabels(c);
            if (lits.length && lits.every((l) => l !== null && this.dispatch!.has(l))) tool = [...new Set(lits as string[])].join('|');
          }
          const r = await this.inBranch(tool, () => this.block(blk, scope.copy()));
          if (!r.terminated) outs.push(r.scope);
        }
        return { scope: Scope.merge(outs), terminated: false };
      }
      case 'function_definition':
        this.local.set(field(st, 'name')!.text, st);
        return { scope, terminated: false };
      case 'decorated_definition': {
        const d = field(st, 'definition');
        if (d?.type === 'function_definition') this.local.set(field(d, 'name')!.text, d);
        return { scope, terminated: false };
      }
      case 'block':
        return this.block(st, scope);
      default:
        return { scope, terminated: false };
    }
  }

  /** The tool(s) a dispatch condition selects: `name == "x"`, `name in ("x", "y")`, `name == "x" or name == "y"`. */
  dispatchedTool(cond: Node): string | null {
    if (!this.dispatch) return null;
    const names: string[] = [];
    const visit = (c: Node): boolean =>
      this.cx.budget.nested(
        () => visitOne(c),
        () => false,
      );
    const visitOne = (c: Node): boolean => {
      if (c.type === 'parenthesized_expression') return visit(named(c)[0]);
      if (c.type === 'boolean_operator' && field(c, 'operator')?.text === 'or') return visit(field(c, 'left')!) && visit(field(c, 'right')!);
      if (c.type !== 'comparison_operator') return false;
      const ops = named(c);
      const op = c
        .childrenForFieldName('operators')
        .map((n) => n!.text)
        .join(' ');
      if (ops.length !== 2 || !TOOL_NAME_EXPR.test(ops[0].text)) return false;
      const lits =
        op === '=='
          ? [this.labelOf(ops[1])]
          : op === 'in' && ['tuple', 'list', 'set'].includes(ops[1].type)
            ? named(ops[1]).map((e) => this.labelOf(e))
            : [null];
      if (!lits.length || lits.some((l) => l === null || !this.dispatch!.has(l))) return false;
      names.push(...(lits as string[]));
      return true;
    };
    return visit(cond) && names.length ? [...new Set(names)].join('|') : null;
  }

  /** Values a `case` matches: string literals, or `Cls.MEMBER` of a `class Cls(str, Enum)` of this file. */
  caseLabels(clause: Node): (string | null)[] {
    const out: (string | null)[] = [];
    for (const pat of clause.descendantsOfType('case_pattern')) {
      for (const k of named(pat)) {
        if (k.type === 'string' || k.type === 'concatenated_string') out.push(pyLiteralString(k));
        else if (k.type !== 'comment') out.push(this.labelOf(k));
      }
    }
    return out;
  }

  /** A tool-name literal: a string, or `Cls.MEMBER` of a `class Cls(str, Enum): MEMBER = "x"` of this file. */
  labelOf(k: Node): string | null {
    const lit = pyLiteralString(k);
    if (lit !== null) return lit;
    if (k.type !== 'dotted_name' && k.type !== 'attribute') return null;
    const [cls, member, more] = k.text.split('.');
    const body = !more && member ? field(this.idx.classes.get(cls), 'body') : null;
    for (const st of named(body)) {
      const a = st.type === 'expression_statement' ? named(st)[0] : null;
      if (a?.type === 'assignment' && field(a, 'left')?.text === member) return pyLiteralString(field(a, 'right'));
    }
    return null;
  }

  /**
   * A branch on a developer safety switch left at its safe default (`if self.unsafe_mode:` with
   * `unsafe_mode: bool = False` set only by the constructor): the value the condition has, else null.
   * The other branch runs only for a developer who opts out of the checks; a model cannot reach it.
   */
  async safetySwitch(cond: Node): Promise<boolean | null> {
    // `not self.safe_mode`, `(self.unsafe_mode)`: a few levels only (no walker recurses without bound)
    let negated = false;
    let n: Node | null = cond;
    for (let i = 0; n && i < 8 && (n.type === 'not_operator' || n.type === 'parenthesized_expression'); i++) {
      if (n.type === 'not_operator') negated = !negated;
      n = n.type === 'not_operator' ? field(n, 'argument') : named(n).length === 1 ? named(n)[0] : null;
    }
    const attr = n ? selfFlag(n) : null;
    const safe = attr ? safeValueOf(attr) : null;
    const self = safe === null ? null : this.selfClass();
    if (!self) return null;
    const classes = await (await pyClasses(this.cx.project)).mro(self);
    return constructorDefault(
      classes.map((c) => c.node),
      attr!,
    ) === safe
      ? safe !== negated
      : null;
  }

  /** A value between identifier quotes it has escaped (`f'"{name.replace(...)}"'`) is safe for SQL. */
  async eval(node: Node | null | undefined, scope: Scope): Promise<Taint | null> {
    const t = await super.eval(node, scope);
    return t && node && !t.safe.has('sql') && quotedIdentifier(node, (n) => this.localValuesOf(n)) ? markSafe(t, ['sql']) : t;
  }

  async ifChain(cond: Node, cons: Node, alts: Node[], scope: Scope, decided: boolean | null = null): Promise<WalkResult> {
    if (decided === null) await this.eval(cond, scope);
    // decided by a constant the caller passed (`if mode == 'text':` for `read(p, mode='binary')`): only the branch taken
    const known = decided ?? this.constCondition(cond) ?? (await this.safetySwitch(cond));
    if (known === true) return this.block(cons, scope);
    if (known === false) {
      const [alt, ...rest] = alts;
      if (!alt) return { scope, terminated: false };
      if (alt.type === 'elif_clause') return this.ifChain(field(alt, 'condition')!, field(alt, 'consequence')!, rest, scope);
      return this.block(field(alt, 'body') ?? named(alt).find((n) => n.type === 'block')!, scope);
    }
    // decided by boolean flags: fixed by the call, or the instance's configured default (the other way is an operator opt-out)
    const flag = await this.flagDecision(cond);
    if (flag?.fixed) return this.ifChain(cond, cons, alts, scope, flag.value);
    const optOut = (await this.envDecided(cond)) || flag?.value === false;
    const t = await this.optOutBranch(optOut, () => this.inBranch(this.dispatchedTool(cond), () => this.block(cons, this.refine(cond, true, scope.copy()))));
    const falseScope = this.refine(cond, false, scope.copy());
    let f: WalkResult;
    const [alt, ...rest] = alts;
    if (!alt) f = { scope: falseScope, terminated: false };
    else
      f = await this.optOutBranch(flag?.value === true, async () =>
        alt.type === 'elif_clause'
          ? this.ifChain(field(alt, 'condition')!, field(alt, 'consequence')!, rest, falseScope)
          : this.block(field(alt, 'body') ?? named(alt).find((n) => n.type === 'block')!, falseScope),
      );
    return this.settle([t, f], scope);
  }

  /** Bind a value to an assignment target. */
  protected bindNode(target: Node, t: Taint | null, scope: Scope, value: Node | null): void {
    if (target.type === 'identifier' || target.type === 'attribute' || target.type === 'subscript') {
      const name = target.text;
      if (target.type === 'subscript') {
        // `d["k"] = x` taints d
        const base = field(target, 'value')!;
        if (t) scope.set(base.text, withStep(t, this.step(target, `${base.text} holds ${snippet(value ?? target)}`)));
        return;
      }
      scope.set(name, t ? withStep(t, this.step(target, `${name} = ${snippet(value ?? target)}`)) : null);
      if (value) {
        if (value.type === 'list' && named(value).some((e) => pyLiteralString(e) === '--')) scope.dashDash.add(name);
        else scope.dashDash.delete(name);
        if (this.isHttpClientCtor(value)) scope.httpClients.add(name);
        if (['comparison_operator', 'not_operator', 'boolean_operator'].includes(value.type) || (value.type === 'call' && this.isPredicateCall(value)))
          scope.predicates.set(name, value);
        else scope.predicates.delete(name);
        if (value.type === 'call' || value.type === 'await') {
          const call = value.type === 'await' ? named(value)[0] : value;
          const arg = call?.type === 'call' ? named(field(call, 'arguments')).find((a) => scope.get(a.text)) : undefined;
          const recv = call?.type === 'call' && field(call, 'function')?.type === 'attribute' ? field(field(call, 'function'), 'object') : null;
          const subject = call && !arg && !(recv && scope.get(recv.text)) && this.isResolved(call, scope) ? this.resolvedSubject(call, scope) : null;
          if (arg) scope.derived.set(name, { from: arg.text, via: snippet(call!) });
          else if (recv && scope.get(recv.text)) scope.derived.set(name, { from: recv.text, via: snippet(call!) });
          else if (subject) scope.derived.set(name, { from: subject, via: snippet(call!) });
        } else if (value.type === 'attribute') {
          // `host = urlparse(url).hostname` / `host = parsed.hostname`: a check on `host` is a check on `url`
          const obj = field(value, 'object')!;
          const arg = obj.type === 'call' ? named(field(obj, 'arguments')).find((a) => scope.get(a.text)) : undefined;
          if (arg) scope.derived.set(name, { from: arg.text, via: snippet(value) });
          else if (scope.derived.has(obj.text)) scope.derived.set(name, scope.derived.get(obj.text)!);
        }
      }
      return;
    }
    if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list'].includes(target.type)) {
      const targets = named(target);
      const values = value && ['tuple', 'list', 'expression_list'].includes(value.type) ? named(value) : null;
      targets.forEach((tg, i) => {
        const inner = tg.type === 'list_splat_pattern' ? named(tg)[0] : tg;
        if (!inner) return;
        if (values && values.length === targets.length) {
          // element taints were evaluated with the whole value; re-derive per element cheaply
          const el = values[i];
          const elTainted = t && this.mentionsTainted(el, scope);
          this.bind(inner, elTainted ? { ...t!, argv: undefined } : null, scope, el);
        } else this.bind(inner, t ? { ...t, argv: undefined } : null, scope, value);
      });
      this.bindFlagged(targets, t, scope, value);
    }
  }

  /** `ok, path = check(x)` (a `(flag, value)` helper): remember what `path` holds where `ok` holds (refineCondition). */
  private bindFlagged(targets: Node[], t: Taint | null, scope: Scope, value: Node | null): void {
    const call = value?.type === 'await' ? named(value)[0] : value;
    const [flag, path] = targets;
    if (targets.length !== 2 || flag?.type !== 'identifier' || path?.type !== 'identifier') return;
    if (!t || !call || call.type !== 'call' || !this.okCalls.has(call.startIndex)) {
      this.flagBindings.delete(flag.text);
      return;
    }
    this.flagBindings.set(flag.text, {
      path: path.text,
      flagBound: scope.get(flag.text),
      pathBound: scope.get(path.text),
      ok: this.okCalls.get(call.startIndex)!,
    });
  }

  /** `Path(x)`, or a local assigned only such calls: a pathlib path object. */
  isPathObject(node: Node, depth = 0): boolean {
    if (node.type === 'call') return PATH_CLASSES.has(pyCanonical(this.idx, field(node, 'function')!) ?? '');
    if (node.type !== 'identifier' || depth > 2) return false;
    const values = this.localValuesOf(node.text);
    return values.length > 0 && values.every((v) => this.isPathObject(v, depth + 1));
  }

  /**
   * Bind a loop target to the elements of what it iterates: per position over `zip(a, b)` / `enumerate(xs)`
   * (python-iteration.ts), else every name to the whole iterable's taint.
   */
  async bindLoop(left: Node, right: Node, it: Taint | null, scope: Scope): Promise<void> {
    const parts = it ? iterationParts(left, right, (n) => this.idx.functions.has(n) || this.idx.imports.has(n)) : null;
    if (!parts) {
      this.bind(left, it ? { ...it, argv: undefined } : null, scope, null);
      return;
    }
    for (const p of parts) {
      const t = p.source ? await this.eval(p.source, scope) : null;
      this.bind(p.target, t ? { ...t, argv: undefined } : null, scope, null);
    }
  }

  mentionsTainted(node: Node, scope: Scope): boolean {
    if (node.type === 'identifier' || node.type === 'attribute') if (scope.get(node.text)) return true;
    return named(node).some((c) => this.mentionsTainted(c, scope));
  }

  // ---------------------------------------------------------------- expressions

  protected async evalNode(node: Node, scope: Scope): Promise<Taint | null> {
    if (!node) return null;
    switch (node.type) {
      case 'identifier':
        return scope.get(node.text) ?? null;
      case 'attribute': {
        const t = await this.property(node, 'object', 'attribute', scope);
        // `Path(p).name`: the last segment only, no separator (".." at worst, a directory no write can replace)
        return t && PATH_SEGMENT_ATTRIBUTES.has(field(node, 'attribute')!.text) && this.isPathObject(field(node, 'object')!) ? markSafe(t, ['path']) : t;
      }
      case 'subscript':
        return this.subscript(node, 'value', 'subscript', scope);
      case 'assignment': {
        const right = field(node, 'right');
        if (!right) return null;
        return this.assign(field(node, 'left')!, right, scope);
      }
      case 'named_expression':
        return this.assign(field(node, 'name')!, field(node, 'value')!, scope);
      case 'augmented_assignment':
        return this.augment(
          node,
          scope,
          (t, old, left, right) => {
            if (right.type === 'list' || right.type === 'tuple') {
              const afterDD = scope.dashDash.has(left.text) || named(right).some((e) => pyLiteralString(e) === '--');
              if (old?.argv) return { ...t, argv: old.argv };
              // `cmd += ["-n", ns]`: keep the option the value follows; the program is the list's first element
              const added = t.argv?.option ? t.argv : undefined;
              const program = added ? programName(pyLiteralString(named(this.firstValue(left))[0])) : undefined;
              return { ...t, argv: { first: false, afterDashDash: afterDD, ...(added ? { option: added.option } : {}), ...(program ? { program } : {}) } };
            }
            return old ? t : { ...t, prefixFixed: true, hostFixed: true };
          },
          (left) => `${left.text} ${snippet(node)}`,
        );
      case 'string':
      case 'concatenated_string':
        return this.stringTaint(node, scope);
      case 'binary_operator': {
        const { op, left, right, l, r } = await this.operands(node, scope);
        if (op === '%' && (left.type === 'string' || left.type === 'concatenated_string')) {
          if (!r) return l;
          const lit = pyLiteralString(left) ?? '';
          return this.built(r, lit.split('%')[0], lit);
        }
        if (op === '+' || op === '/') {
          if (!l && !r) return null;
          if (l && !r)
            return {
              // `Path(base) / f"run_{stamp}"`: a generated folder name (python-fresh.ts)
              ...(op === '/' && isGeneratedName(right, this.generatedLookup()) ? markSafe(l, ['path']) : l),
              resolved: op === '/' ? undefined : l.resolved,
              sqlBuilt: l.sqlBuilt || SQL_TEXT.test(pyLiteralString(right) ?? '') || undefined,
            };
          if (!l && r) {
            const lit = pyLiteralString(left);
            if (op === '/') return { ...r, prefixFixed: true, hostFixed: true, resolved: undefined };
            return this.built(r, lit ?? null, lit ?? '');
          }
          return combine([l, r]);
        }
        return null;
      }
      case 'boolean_operator': {
        const l = await this.eval(field(node, 'left'), scope);
        const r = await this.eval(field(node, 'right'), scope);
        return combine([l, r]);
      }
      case 'conditional_expression': {
        // `a if cond else b`: each arm is evaluated where the condition is known (`p if os.path.isabs(p) else join(root, p)`)
        const parts = named(node);
        await this.eval(parts[1], scope);
        const a = parts[1] ? await this.eval(parts[0], this.refine(parts[1], true, scope.copy())) : await this.eval(parts[0], scope);
        const b = parts[1] ? await this.eval(parts[2], this.refine(parts[1], false, scope.copy())) : await this.eval(parts[2], scope);
        return combine([a, b]);
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        return this.sequence(named(node), scope);
      case 'dictionary':
        return this.entries(named(node), scope);
      case 'list_comprehension':
      case 'generator_expression':
      case 'set_comprehension':
      case 'dictionary_comprehension': {
        const inner = scope.copy();
        for (const c of named(node)) {
          if (c.type === 'for_in_clause') {
            const it = await this.eval(field(c, 'right'), inner);
            await this.bindLoop(field(c, 'left')!, field(c, 'right')!, it, inner);
          }
        }
        const body = field(node, 'body');
        const t =
          body?.type === 'pair'
            ? combine([await this.eval(field(body, 'key'), inner), await this.eval(field(body, 'value'), inner)])
            : await this.eval(body, inner);
        return t ? { ...t, argv: { first: false, afterDashDash: false } } : null;
      }
      case 'parenthesized_expression':
      case 'await':
      case 'list_splat':
      case 'dictionary_splat':
      case 'keyword_argument':
      case 'as_pattern': {
        let last: Taint | null = null;
        for (const c of named(node))
          if (c.type !== 'identifier' || node.type !== 'keyword_argument' || c !== field(node, 'name')) last = await this.eval(c, scope);
        return last;
      }
      case 'call':
        return this.call(node, scope);
      case 'comparison_operator':
      case 'not_operator':
        for (const c of named(node)) await this.eval(c, scope);
        return null;
      case 'lambda':
        return null;
      default:
        return null;
    }
  }

  /** Value taint of `obj.name` / `obj["name"]`: for tool-input objects, a property is one input. */
  member(t: Taint, name: string): Taint {
    return this.inputMember(t, name) ?? t;
  }

  stringTaint(node: Node, scope: Scope): Promise<Taint | null> {
    const pieces: StringPiece[] = [];
    for (const s of node.type === 'concatenated_string' ? named(node) : [node]) {
      for (const c of named(s)) {
        if (c.type === 'string_content') pieces.push(c.text);
        else if (c.type === 'interpolation') pieces.push(field(c, 'expression'));
      }
    }
    return this.interpolated(pieces, scope);
  }

  isHttpClientCtor(value: Node): boolean {
    const v = value.type === 'await' ? named(value)[0] : value;
    if (v?.type !== 'call') return false;
    const c = pyCanonical(this.idx, field(v, 'function')!);
    return !!c && PY.httpClientCtors.has(c);
  }

  /** Does a repository validator only refuse members of a deny list (read once per function). */
  denyListValidator(ref: FunctionRef): Promise<boolean> {
    return this.cx.project.memo(`taint:deny-list:${ref.pf.file.path}:${ref.node.startIndex}`, async () => denyListOnly(ref.node));
  }

  isPredicateCall(call: Node): boolean {
    const f = field(call, 'function')!;
    const name = f.type === 'attribute' ? field(f, 'attribute')!.text : f.text;
    return VALIDATOR_NAME.test(name) || /^(is_|has_|check)/.test(name) || PY.problemFinders.test(name);
  }

  /**
   * The variable a resolved path names (`os.path.realpath(os.path.expanduser(p))`, `(root / p).resolve()`,
   * `Path(p).resolve()`): through resolvers and calls that keep the path, the last part of a join.
   */
  resolvedSubject(node: Node, scope: Scope, depth = 0): string | null {
    if (depth > 8) return null;
    if (node.type === 'identifier') return scope.get(node.text) ? node.text : null;
    if (node.type === 'parenthesized_expression' || node.type === 'await') {
      const inner = named(node)[0];
      return inner ? this.resolvedSubject(inner, scope, depth + 1) : null;
    }
    if (node.type === 'binary_operator' && field(node, 'operator')?.text === '/') return this.resolvedSubject(field(node, 'right')!, scope, depth + 1);
    if (node.type !== 'call') return null;
    const f = field(node, 'function')!;
    const args = named(field(node, 'arguments'));
    if (f.type === 'attribute' && PY.absoluteMethods.has(field(f, 'attribute')!.text) && !args.length)
      return this.resolvedSubject(field(f, 'object')!, scope, depth + 1);
    const canon = pyCanonical(this.idx, f) ?? '';
    if (PY.pathJoins.has(canon) && args.length > 1 && !canon.startsWith('urllib')) return this.resolvedSubject(args[args.length - 1], scope, depth + 1);
    if ((PY.resolvers.has(canon) || PY.samePath.has(canon)) && args.length === 1) return this.resolvedSubject(args[0], scope, depth + 1);
    return null;
  }

  // ---------------------------------------------------------------- calls

  async call(node: Node, scope: Scope): Promise<Taint | null> {
    const fnNode = field(node, 'function')!;
    const argsNode = field(node, 'arguments');
    const positional: { node: Node; t: Taint | null }[] = [];
    const keywords = new Map<string, { node: Node; t: Taint | null }>();
    const argNodes = argsNode?.type === 'generator_expression' ? [argsNode] : named(argsNode);
    for (const a of argNodes) {
      if (a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const v = field(a, 'value')!;
        keywords.set(field(a, 'name')!.text, { node: v, t: await this.eval(v, scope) });
      } else if (a.type === 'dictionary_splat') {
        keywords.set('**', { node: a, t: await this.eval(a, scope) });
      } else positional.push({ node: a.type === 'list_splat' ? (named(a)[0] ?? a) : a, t: await this.eval(a, scope) });
    }
    const isMethod = fnNode.type === 'attribute';
    const method = isMethod ? field(fnNode, 'attribute')!.text : null;
    const receiverNode = isMethod ? field(fnNode, 'object')! : null;
    const receiver = receiverNode ? await this.eval(receiverNode, scope) : null;
    const canon = pyCanonical(this.idx, fnNode);
    const anyArg = positional.some((p) => p.t) || [...keywords.values()].some((k) => k.t);

    // `session.mount("https://", SSRFProtectedAdapter())`: connections through it are checked
    if (method === 'mount' && receiverNode && (receiverNode.type === 'identifier' || receiverNode.type === 'attribute')) {
      const prefix = pyLiteralString((positional[0] ?? keywords.get('prefix'))?.node);
      const adapter = (positional[1] ?? keywords.get('adapter'))?.node;
      if (prefix !== null && adapter && this.ssrfNamed(adapter)) {
        const schemes = new Set(scope.ssrfMounts.get(receiverNode.text));
        for (const sch of ['http', 'https']) if (`${sch}://`.startsWith(prefix)) schemes.add(sch);
        scope.ssrfMounts.set(receiverNode.text, schemes);
      }
    }

    // sinks
    if (anyArg || receiver) {
      // `self.http.get(url)` with `self.http = httpx.Client()` set by the constructor
      if (receiverNode?.type === 'attribute' && anyArg && !scope.httpClients.has(receiverNode.text) && (await this.httpClientField(receiverNode)))
        scope.httpClients.add(receiverNode.text);
      const hits = PY.sinks({ canon, method, receiverNode, receiver, positional, keywords, scope, call: node, idx: this.idx });
      // a request through an SSRF-protected session/client is checked when it connects
      const guarded = hits.some((h) => h.kind === 'ssrf') && receiverNode ? await this.ssrfProtectedClient(receiverNode, scope) : false;
      // `d.mkdir()` without exist_ok: a new directory, clobbering nothing; past it nothing in `d` predates the tool (python-fresh.ts)
      const fresh = freshMkdir(canon, method, receiverNode, positional, keywords);
      for (const h of hits) if (!(guarded && h.kind === 'ssrf') && !(fresh && h.kind === 'path')) this.report(h, node);
      if (fresh?.dir && (fresh.dir.type === 'identifier' || fresh.dir.type === 'attribute')) this.guard(fresh.dir, ['path'], scope);
    }

    // `parts.append(seg)` on a local list: the list now holds the value
    if (this.mutatesLocalList(node, method, receiverNode, positional, receiver, scope)) return null;

    // nothing below gives a value to a call on untainted values (the lookups are for tainted ones)
    if (!anyArg && !receiver) return null;
    // `subprocess.check_output(["git", "-C", path, "rev-parse", "HEAD"])`: what the program prints is not the tool's input
    if (PY.runsProgram(canon ?? '')) return null;

    // `lambda_client.get_layer_version_by_arn(Arn=arn)["Content"]["Location"]`: what a cloud API returns is not model input
    if (receiverNode && (await this.isCloudClient(receiverNode, scope))) {
      // `cfn.describe_type(TypeName=t)` raises unless `t` has the service's restrictive form (cloud-names.ts)
      for (const kw of CLOUD_CHECKED_NAMES.get(method ?? '') ?? []) if (keywords.get(kw)?.t) this.guard(keywords.get(kw)!.node, ALL_KINDS, scope);
      return null;
    }

    // sanitisers and non-propagating calls
    const name = canon ?? method ?? '';
    // what a read of a model-chosen path gives is the file's content, not the path (the read itself was reported above)
    if (PY.contentReads.has(canon ?? '') && anyArg) return fileContent(combine(positional.map((p) => p.t).concat([...keywords.values()].map((k) => k.t)))!);
    if (method && receiver && PY.contentReadMethods.has(method)) return fileContent(receiver);
    if (PY.sanitizers.has(name) || (method && PY.sanitizerMethods.has(method))) {
      const kinds = PY.sanitizers.get(name) ?? PY.sanitizerMethods.get(method!)!;
      return this.sanitized(receiver ?? combine(positional.map((p) => p.t)), kinds);
    }
    if (method && PY.booleanMethods.has(method)) return null;

    // A callback run with the arguments after it (`asyncio.to_thread(fn, x)`, `loop.run_in_executor(None, fn, x)`,
    // `executor.submit(fn, x)`): the same flow as `fn(x)`.
    const callbackAt = CALLBACK_RUNNERS.get(canon ?? '') ?? (method ? CALLBACK_METHODS.get(method) : undefined);
    if (callbackAt !== undefined && positional[callbackAt]) {
      const callback = await this.resolveCallee(positional[callbackAt].node);
      const rest = positional.slice(callbackAt + 1);
      if (callback && (rest.some((p) => p.t) || (callbackAt === 0 && [...keywords.values()].some((k) => k.t))))
        return this.callLocal(callback, node, rest, callbackAt === 0 ? keywords : new Map(), scope);
    }

    // interprocedural: functions and methods of this repository (not a nested run of this agent: agent-runs.ts)
    const ownAgentRun = runsOwnAgent(
      method ?? (fnNode.type === 'identifier' ? fnNode.text : null),
      receiverNode,
      (positional[0] ?? keywords.get('starting_agent'))?.node,
    );
    const ref = ownAgentRun ? null : await this.resolveCallee(fnNode);
    // a validator trusted by its name whose body only refuses a deny list guards no shell string (python-deny-lists.ts)
    if (ref && VALIDATOR_NAME.test(fnNode.text) && this.isPredicateCall(node) && (await this.denyListValidator(ref))) this.denyListCalls.add(node.startIndex);
    if (ref) {
      const out = anyArg ? await this.callLocal(ref, node, positional, keywords, scope) : null;
      // a method of a value built from tool input (`Wrapper(path).read()`) still gives a value of that input
      if (!receiver || !(ref as Partial<MethodRef>).self) return out;
    } else if (anyArg && !ownAgentRun && this.depth < MAX_CALL_DEPTH) {
      // `Service(path)`: what its constructor does with the arguments (the instance stays tainted by them, below)
      const classes = await pyClasses(this.cx.project);
      const cls = await classes.classOf(this.pf, fnNode);
      const init = cls ? await classes.method(cls, '__init__', true) : null;
      if (init) await this.callLocal(init, node, positional, keywords, scope);
    }
    if (method === 'relative_to' && receiver) {
      // `p.relative_to(root)` raises unless p is under root
      if (receiverNode && receiver.resolved) this.guard(receiverNode, ['path'], scope);
      return receiver;
    }

    // propagation
    if (receiver) {
      if (
        method === 'get' &&
        receiver.keys &&
        positional[0] &&
        pyLiteralString(positional[0].node) !== null &&
        receiver.keys.has(pyLiteralString(positional[0].node)!)
      )
        return receiver.keys.get(pyLiteralString(positional[0].node)!) ?? null;
      if (method === 'get' && receiver.container !== undefined)
        return this.member(receiver, positional[0] ? (pyLiteralString(positional[0].node) ?? receiver.label) : receiver.label);
      if (method === 'format') return combine([receiver, ...positional.map((p) => p.t), ...[...keywords.values()].map((k) => k.t)]);
      // `Path(p).resolve()` is absolute: it starts with '/', never with '-'
      if (PY.absoluteMethods.has(method ?? '')) return { ...receiver, resolved: true, prefixFixed: true };
      if (method === 'join' && !receiver) return null;
      // a transformed string (`x.strip()`, `x.replace(...)`) may lose what was checked of `x`
      return { ...receiver, argv: method === 'split' ? { first: true, afterDashDash: false } : undefined, noDotDot: undefined, relative: undefined };
    }
    if (!anyArg) return null;
    const args = [...positional.map((p) => p.t), ...[...keywords.values()].map((k) => k.t)];
    let t = combine(args)!;
    if (isMethod && method === 'get') return null; // lookup in a fixed table
    if (isMethod && method === 'format' && receiverNode) {
      // a template literal, or a constant naming one (local, module-level, imported): its text before the first field is fixed
      const lits = await this.constantStrings(receiverNode);
      if (lits?.length) return this.built(t, commonPrefix(lits.map((l) => l.split('{')[0])), lits.join('\n'));
    }
    if (isMethod && method === 'join' && receiverNode && pyLiteralString(receiverNode) !== null) {
      return { ...t, argv: undefined, resolved: undefined, sqlBuilt: t.sqlBuilt || SQL_TEXT.test(pyLiteralString(receiverNode)!) || undefined };
    }
    // a fresh temporary file / directory with a generated random name: not a path the model chose (python-temp-files.ts)
    if (TEMP_CREATORS.has(name)) return { ...markSafe(t, ['path']), keys: undefined, argv: undefined };
    if (PY.resolvers.has(name)) t = { ...t, resolved: true, ...(PY.absoluteResolvers.has(name) ? { prefixFixed: true } : {}) };
    else if (PY.pathJoins.has(name)) {
      t = { ...((!name.startsWith('urllib') && this.freshJoin(positional)) || t), resolved: undefined };
      // `urljoin(BASE, "items/" + x)`: the base's host stays when the joined part is a relative path that cannot leave it
      if (!positional[0]?.t) t = { ...t, prefixFixed: true, hostFixed: name.startsWith('urllib') ? !!t.hostFixed || undefined : true };
    } else if (name === 'shlex.split') t = { ...t, argv: { first: true, afterDashDash: false } };
    else if (name === 'pathlib.Path' || name === 'pathlib.PurePath' || name === 'Path') t = { ...t, resolved: undefined };
    else t = { ...t, argv: undefined };
    return { ...t, keys: undefined };
  }

  /** What python-fresh.ts needs to know of this function: callee names, local values, parameters. */
  generatedLookup(): GeneratedLookup {
    return { canonical: (n) => pyCanonical(this.idx, n), valuesOf: (n) => this.localValuesOf(n), isParam: (n) => this.paramNames().includes(n) };
  }

  /**
   * `os.path.join(base, f"run_{stamp}", name)`: the parts before a generated segment name a folder that did not
   * exist, so they are safe for path sinks; the parts after it keep their taint. Null: no generated segment.
   */
  freshJoin(positional: { node: Node; t: Taint | null }[]): Taint | null {
    const lookup = this.generatedLookup();
    let at = -1;
    for (let i = positional.length - 1; i > 0 && at < 0; i--) if (!positional[i].t && isGeneratedName(positional[i].node, lookup)) at = i;
    if (at < 0) return null;
    const before = combine(positional.slice(0, at).map((p) => p.t));
    const after = positional.slice(at + 1).map((p) => p.t);
    return combine([before ? markSafe(before, ['path']) : null, ...after]);
  }

  /**
   * `xs.append(v)` / `xs.extend(vs)` / `xs.insert(i, v)` on a list the function built itself (`xs = []`,
   * `xs = ["git"]`): `xs` holds the added values from here on, as after `xs += [v]` (not its first element).
   */
  mutatesLocalList(
    call: Node,
    method: string | null,
    receiverNode: Node | null,
    positional: { node: Node; t: Taint | null }[],
    receiver: Taint | null,
    scope: Scope,
  ): boolean {
    if (!method || !LIST_MUTATORS.has(method) || receiverNode?.type !== 'identifier') return false;
    const name = receiverNode.text;
    const values = this.localValuesOf(name);
    if (!values.length || !values.every((v) => v.type === 'list')) return false;
    const items = positional.slice(method === 'insert' ? 1 : 0);
    if (method === 'append' && items.length === 1 && pyLiteralString(items[0].node) === '--') scope.dashDash.add(name);
    let added = combine(items.map((p) => p.t));
    if (!added) return false;
    // an argv list: the value is not its program; one after `--`, or in the slot of an option that takes a value
    // (`xs.extend(["--include", x])`), cannot become an option, whatever else the list holds
    const program = programName(pyLiteralString(named(values[0])[0]));
    const option = method === 'extend' ? added.argv?.option : undefined;
    if (scope.dashDash.has(name) || (option && takesValue(option, program))) added = markSafe(added, ['argument']);
    const argv = receiver?.argv?.first ? receiver.argv : { first: false, afterDashDash: false, ...(program ? { program } : {}) };
    const held = { ...combine([receiver, added])!, argv };
    scope.set(receiverNode.text, withStep(held, this.step(call, `${receiverNode.text} holds ${snippet(call)}`)));
    return true;
  }

  /**
   * Every string a constant expression can hold: a literal, a local or module-level constant of this file,
   * or one imported from a repository module (`from .consts import URL_TMPL`, `consts.URL_TMPL`). Null when
   * one of them is not a literal.
   */
  async constantStrings(node: Node): Promise<string[] | null> {
    const here = this.literalValues(node, (n) => pyLiteralString(n));
    if (here) return here;
    let path: string | undefined;
    let name: string | undefined;
    if (node.type === 'identifier' && !this.paramNames().includes(node.text) && !this.localValuesOf(node.text).length) {
      const imp = this.idx.localImports.get(node.text);
      if (imp?.name) [path, name] = [imp.path, imp.name];
    } else if (node.type === 'attribute' && field(node, 'object')?.type === 'identifier') {
      const imp = this.idx.localImports.get(field(node, 'object')!.text);
      if (imp && !imp.name) [path, name] = [imp.path, field(node, 'attribute')!.text];
    }
    if (!path || !name) return null;
    const pf = await parsedFile(this.cx.project, path);
    if (!pf || pf.parsed.language !== 'python') return null;
    let v = (await pyIndex(this.cx.project, pf)).assigns.get(name);
    while (v?.type === 'parenthesized_expression') v = named(v)[0];
    const lit = pyLiteralString(v);
    return lit !== null ? [lit] : null;
  }

  /**
   * The repository function `obj.name(...)` runs: a function of a repository module imported whole, a
   * method of the class of `self` (its own or inherited), `super().name`, a static or class method of a
   * class (`Client.get`), or a method of an instance whose class the code says (`self.store` set in
   * `__init__`, a module-level `store = Store()`, `svc = await get_service(ctx)`).
   */
  protected async resolveMember(fnNode: Node): Promise<FunctionRef | null> {
    if (fnNode.type !== 'attribute') return null;
    const obj = field(fnNode, 'object')!;
    const attr = field(fnNode, 'attribute')!.text;
    const classes = await pyClasses(this.cx.project);
    if (obj.type === 'identifier' && (obj.text === 'self' || obj.text === 'cls')) {
      const self = this.selfClass();
      return self ? classes.method(self, attr, obj.text === 'self') : null;
    }
    if (obj.type === 'call' && field(obj, 'function')?.text === 'super') {
      const own = enclosingClass(this.pf, this.fn);
      const self = this.selfClass();
      return own && self ? classes.method(self, attr, true, own) : null;
    }
    if (obj.type === 'identifier') {
      const imp = this.idx.localImports.get(obj.text);
      if (imp && !imp.name) return this.functionIn(imp.path, attr);
      // `json.dumps`, `logger.info` with `logger` imported from a library: no class of the repository
      if (!imp && this.idx.imports.has(obj.text)) return null;
    }
    const cls = await classes.classOf(this.pf, obj);
    if (cls) return classes.method(cls, attr, false);
    const typed = await classes.receiverType(this.typeScope(), obj);
    return typed ? classes.method(typed, attr, true) : null;
  }

  async functionIn(path: string, name: string): Promise<FunctionRef | null> {
    const pf = await parsedFile(this.cx.project, path);
    if (!pf || pf.parsed.language !== 'python') return null;
    const idx = await pyIndex(this.cx.project, pf);
    const fn = idx.functions.get(name);
    if (fn) return { pf, node: fn };
    const imp = idx.localImports.get(name);
    if (imp?.name && imp.path !== path) return this.functionIn(imp.path, imp.name);
    return null;
  }

  async callLocal(
    ref: FunctionRef,
    call: Node,
    positional: { node: Node; t: Taint | null }[],
    keywords: Map<string, { node: Node; t: Taint | null }>,
    scope: Scope,
  ): Promise<Taint | null> {
    const params = pyParams(ref.node);
    // the parameters the call fills itself: a method's `self`/`cls` (none for a static method or one called on its class)
    const method = ref as Partial<MethodRef>;
    const shift = method.shift ?? (params[0] === 'self' || params[0] === 'cls' ? 1 : 0);
    const args: (Taint | null)[] = params.map(() => null);
    const argNodes: (Node | null)[] = params.map(() => null);
    positional.forEach((p, i) => {
      const j = i + shift;
      if (j < params.length) {
        args[j] = p.t;
        argNodes[j] = p.node;
      }
    });
    for (const [k, v] of keywords) {
      const j = params.indexOf(k);
      if (j >= 0) {
        args[j] = v.t;
        argNodes[j] = v.node;
      }
    }
    this.spreadKeywords(ref, params, keywords.get('**'), args, argNodes, shift, scope);
    if (!args.some((a) => a)) return null;
    // string constants the callee compares a parameter with (`mode='binary'`, or its default): part of the summary's key
    const consts = new Map<string, string>();
    const compared = comparedParams(ref.node);
    const defaults = pyParamDefaults(ref.node);
    params.forEach((name, j) => {
      if (j < shift || args[j] || !compared.has(name)) return;
      const v = argNodes[j] ? this.constArg(argNodes[j]!) : keywords.has('**') ? null : pyLiteralString(defaults[j]);
      if (v !== null) consts.set(name, v);
    });
    // boolean flags the callee tests (`restrict=True`, the default, `self.restrict`): part of the summary's key
    const flags = new Map<string, FlagValue>();
    const tested = testedParams(ref.node, params);
    for (const [j, name] of params.entries()) {
      if (j < shift || args[j] || !tested.has(name)) continue;
      const v = argNodes[j] ? await this.flagValue(argNodes[j]!) : keywords.has('**') ? null : pyBoolLiteral(defaults[j]);
      if (v !== null) flags.set(name, typeof v === 'boolean' ? { value: v, fixed: true } : v);
    }
    const fname = field(ref.node, 'name')?.text ?? 'helper';
    const calleeName = method.owner ? `${field(method.owner.node, 'name')?.text ?? 'class'}.${fname}` : fname;
    const constKey = [...[...consts].map(([k, v]) => `${k}=${JSON.stringify(v)}`), ...[...flags].map(([k, v]) => `${k}:${v.value}${v.fixed ? '' : '?'}`)].join(
      ',',
    );
    const summary = await this.cx.summaries.call(
      ref,
      args,
      this.cx.budget,
      this.chain,
      async (placeholders, chain) => {
        const w = (await this.walkerFor(ref)) as PyWalker;
        w.chain = chain;
        w.consts = consts;
        w.flags = flags;
        const vars = new Map<string, Taint>();
        placeholders.forEach((p, i) => {
          if (p && params[i]) vars.set(params[i], withStep(p, stepAt(ref.pf, field(ref.node, 'parameters')!, `parameter ${params[i]} of ${calleeName}()`)));
        });
        return w.run(vars, params);
      },
      constKey,
    );
    if (!summary) return null;
    const ret = this.applySummary(summary, args, argNodes, call, calleeName, (slot) => params[slot], scope);
    const okRet = (summary as PySummary).okRet;
    if (okRet !== undefined && ret) {
      const callStep = (slot: number) => this.step(argNodes[slot] ?? call, `passed to ${calleeName}() as ${params[slot]}`);
      this.okCalls.set(
        call.startIndex,
        okRet && instantiateReturn({ ...summary, ret: okRet }, args, callStep, this.step(call, `returned by ${calleeName}() when its check passed`)),
      );
    }
    return ret;
  }

  /**
   * `helper(**kwargs)`: the dict's keys fill the callee's parameters not passed otherwise, by name (a dict
   * literal, or a local assigned one once, by its keys; any other dict, each parameter with the dict's
   * value); the callee's own `**kw` parameter receives the rest.
   */
  spreadKeywords(
    ref: FunctionRef,
    params: string[],
    splat: { node: Node; t: Taint | null } | undefined,
    args: (Taint | null)[],
    argNodes: (Node | null)[],
    skipSelf: number,
    scope: Scope,
  ): void {
    if (!splat?.t) return;
    const kinds = named(field(ref.node, 'parameters'))
      .filter((p) => PARAM_TYPES.has(p.type))
      .map((p) => (p.type === 'typed_parameter' ? (named(p)[0]?.type ?? p.type) : p.type));
    let dict = named(splat.node)[0];
    if (dict?.type === 'identifier') {
      // a local assigned one dict literal and never written to by key (`opts["path"] = p`, `opts.update(...)`)
      const values = this.localValuesOf(dict.text);
      const name = dict.text;
      const written =
        this.fn.descendantsOfType('subscript').some((s) => s?.parent?.type === 'assignment' && field(s, 'value')?.text === name) ||
        this.fn
          .descendantsOfType('attribute')
          .some((a) => field(a, 'object')?.text === name && /^(update|setdefault)$/.test(field(a, 'attribute')?.text ?? ''));
      dict = values.length === 1 && !written ? values[0] : dict;
    }
    let keys: Map<string, Node> | null = dict?.type === 'dictionary' ? new Map() : null;
    for (const p of keys ? named(dict) : []) {
      const key = p.type === 'pair' ? pyLiteralString(field(p, 'key')) : null;
      if (key === null) keys = null;
      else keys?.set(key, field(p, 'value')!);
    }
    params.forEach((name, j) => {
      if (j < skipSelf || argNodes[j] || !name || kinds[j] === 'list_splat_pattern') return;
      if (kinds[j] === 'dictionary_splat_pattern') args[j] = splat.t;
      else if (!keys) args[j] = this.keyed(splat.t!, name);
      else {
        // the tool values the key's expression names (evaluated once already, with the dict)
        const v = keys.get(name);
        const ids = !v ? [] : v.type === 'identifier' || v.type === 'attribute' ? [v] : v.descendantsOfType(['identifier', 'attribute']);
        args[j] = combine(ids.map((id) => (id ? (scope.get(id.text) ?? null) : null)));
      }
      if (args[j]) argNodes[j] = splat.node;
    });
  }

  // ---------------------------------------------------------------- SSRF-protected clients

  /** An adapter/transport whose class or construction names SSRF protection (`SSRFProtectedAdapter()`). */
  ssrfNamed(node: Node, depth = 0): boolean {
    if (node.type === 'call') return SSRF_NAMED.test(node.text);
    if (node.type === 'identifier' && depth < 3) {
      const values = this.localValuesOf(node.text);
      const top = this.idx.assigns.get(node.text);
      const all = values.length ? values : top ? [top] : [];
      return all.length > 0 && all.every((v) => this.ssrfNamed(v, depth + 1));
    }
    return false;
  }

  /**
   * Does the expression give an SSRF-protected HTTP client: a variable with such an adapter mounted for
   * http and https, `httpx.Client(transport=<SSRF transport>)`, or a repository function returning one.
   */
  /**
   * A boto3 client or resource (`boto3.client("lambda")`, `session.client("s3")`, `boto3.resource("s3")`),
   * assigned in this function, at module level or in the repository module it is imported from.
   */
  async isCloudClient(node: Node, scope?: Scope): Promise<boolean> {
    if (node.type === 'attribute') return this.apiClientField(node);
    if (node.type !== 'identifier') return false;
    // `boto3.client("s3")`, `session.resource("dynamodb")`, or a repository factory named for one (`await get_aws_client("cloudformation")`)
    const isCtor = (v: Node | null | undefined): boolean =>
      v?.type === 'await'
        ? isCtor(named(v)[0])
        : v?.type === 'call' &&
          /(^|[._])(client|resource)$/.test(field(v, 'function')?.text ?? '') &&
          pyLiteralString(named(field(v, 'arguments'))[0]) !== null;
    // the function's assignments are read once per scan (this runs for every call on a tainted value)
    const first = (await pyClasses(this.cx.project)).assignedIn(this.pf, this.fn).get(node.text)?.[0]?.value;
    if (isCtor(first) || isCtor(this.idx.assigns.get(node.text))) return true;
    // `client = WebClient(token=...)`: a service's API client (python-api-clients.ts), built from no tool input
    const built = constructorCall(first ?? this.idx.assigns.get(node.text));
    if (built && isApiClientClass(pyCanonical(this.idx, field(built, 'function')!)) && !(scope && this.mentionsTainted(built, scope))) return true;
    const imp = this.idx.localImports.get(node.text);
    if (!imp?.name) return false;
    const { path, name } = imp;
    return this.cx.project.memo(`taint:cloud-client:${path}:${name}`, async () => {
      const other = await parsedFile(this.cx.project, path);
      return !!other && descendantsOf(other.parsed.root, 'assignment').some((a) => a && field(a, 'left')?.text === name && isCtor(field(a, 'right')));
    });
  }

  /** `self.client` set only to a library's API client (`self.client = WebClient(token=token)`) in the classes of `self`. */
  apiClientField(node: Node): Promise<boolean> {
    return this.fieldBuiltBy(node, 'api', isApiClientClass);
  }

  /** `self.http` set only to an HTTP client (`self.http = httpx.Client()`): a request through it is one like `http.get(url)`. */
  httpClientField(node: Node): Promise<boolean> {
    return this.fieldBuiltBy(node, 'http', (canon) => !!canon && PY.httpClientCtors.has(canon));
  }

  /** Is `self.<attr>` assigned, in the classes of `self`, only calls of classes `is` accepts (by canonical name). */
  async fieldBuiltBy(node: Node, what: string, is: (canon: string | null) => boolean): Promise<boolean> {
    const attr = field(node, 'attribute')!.text;
    const self = field(node, 'object')?.text === 'self' ? this.selfClass() : null;
    if (!self) return false;
    const classes = await pyClasses(this.cx.project);
    return this.cx.project.memo(`taint:${what}-client-field:${classKey(self)}:${attr}`, async () => {
      let sites = 0;
      for (const c of await classes.mro(self)) {
        const values = selfFieldValues(c.node, attr);
        if (!values) return false;
        const idx = await pyIndex(this.cx.project, c.pf);
        for (const v of values) {
          const call = constructorCall(v);
          if (!call || !is(pyCanonical(idx, field(call, 'function')!))) return false;
          sites++;
        }
      }
      return sites > 0;
    });
  }

  async ssrfProtectedClient(node: Node, scope: Scope, depth = 0): Promise<boolean> {
    const v = node.type === 'await' || node.type === 'parenthesized_expression' ? named(node)[0] : node;
    if (!v) return false;
    if (v.type === 'identifier' || v.type === 'attribute') return scope.ssrfProtected(v.text);
    if (v.type !== 'call') return false;
    const fn = field(v, 'function')!;
    const canon = pyCanonical(this.idx, fn) ?? '';
    if (/^httpx\.(Async)?Client$/.test(canon)) {
      const transport = named(field(v, 'arguments')).find((a) => a.type === 'keyword_argument' && field(a, 'name')?.text === 'transport');
      return !!transport && this.ssrfNamed(field(transport, 'value')!);
    }
    if (depth > 3) return false;
    const ref = fn.type === 'identifier' ? await this.resolveName(fn.text) : await this.resolveMember(fn);
    return ref ? this.buildsSsrfProtectedClient(ref, depth + 1) : false;
  }

  /** Does every return of a repository function give an SSRF-protected client (`create_safe_session()`). */
  async buildsSsrfProtectedClient(ref: FunctionRef, depth: number): Promise<boolean> {
    const key = `${ref.pf.file.path}:${ref.node.startIndex}`;
    if (SSRF_BUILDERS_RUNNING.has(key) || !/ssrf|session|client|transport|adapter/i.test(ref.node.text)) return false;
    return this.cx.project.memo(`taint:ssrf-client:${key}`, async () => {
      SSRF_BUILDERS_RUNNING.add(key);
      try {
        const w = (await this.walkerFor(ref)) as PyWalker;
        await w.run(new Map(), pyParams(ref.node));
        const sites = w.returnSites;
        if (!sites.length) return false;
        for (const r of sites) if (!r.value || !(await w.ssrfProtectedClient(r.value, r.scope, depth))) return false;
        return true;
      } finally {
        SSRF_BUILDERS_RUNNING.delete(key);
      }
    });
  }

  protected async assign(target: Node, value: Node, scope: Scope): Promise<Taint | null> {
    const protectedClient = (target.type === 'identifier' || target.type === 'attribute') && (await this.ssrfProtectedClient(value, scope));
    const t = await super.assign(target, value, scope);
    if (target.type === 'identifier' || target.type === 'attribute') {
      if (protectedClient) scope.ssrfMounts.set(target.text, new Set(['http', 'https']));
      else scope.ssrfMounts.delete(target.text);
    }
    return t;
  }

  // ---------------------------------------------------------------- guards

  refine(cond: Node, truth: boolean, scope: Scope): Scope {
    // `ok, path = check(x)` then `if not ok: return`: where the flag holds, the path is what the check's `True` returns give
    const fb = cond.type === 'identifier' && truth ? this.flagBindings.get(cond.text) : undefined;
    if (fb && scope.get(cond.text) === fb.flagBound && scope.get(fb.path) === fb.pathBound)
      scope.set(fb.path, fb.ok && withStep(fb.ok, this.step(cond, `${fb.path} where ${cond.text} holds`)));
    return super.refine(cond, truth, scope);
  }

  protected refineCondition(cond: Node, truth: boolean, scope: Scope): Scope {
    switch (cond.type) {
      case 'parenthesized_expression':
        return this.refine(named(cond)[0], truth, scope);
      case 'not_operator':
        return this.refine(field(cond, 'argument')!, !truth, scope);
      case 'boolean_operator': {
        const op = field(cond, 'operator')!.text;
        if ((op === 'and' && truth) || (op === 'or' && !truth)) {
          this.refine(field(cond, 'left')!, truth, scope);
          this.refine(field(cond, 'right')!, truth, scope);
        } else if (op === 'and' && !truth) {
          // `x and x.startswith("-")` is false: x is empty, or the check failed
          const left = field(cond, 'left')!;
          if ((left.type === 'identifier' || left.type === 'attribute') && field(cond, 'right')!.text.includes(left.text))
            this.refine(field(cond, 'right')!, false, scope);
          else this.either(left, field(cond, 'right')!, false, scope);
        } else if (op === 'or' && truth) this.either(field(cond, 'left')!, field(cond, 'right')!, true, scope);
        return scope;
      }
      case 'comparison_operator': {
        const kids = cond.children.filter(Boolean) as Node[];
        const operands = named(cond).filter((n) => n.type !== 'comment');
        const opNode = kids.find((k) => !k.isNamed || k.type === 'not in' || k.type === 'is not');
        const op =
          cond
            .childrenForFieldName('operators')
            .map((n) => n!.text)
            .join(' ') ||
          opNode?.text ||
          '';
        // `port < 1` ran without a TypeError: port is a number
        for (const x of numberOperands(cond, truth)) this.guard(x, ALL_KINDS, scope);
        if (operands.length !== 2) return scope;
        const [a, b] = operands;
        // `found is None` / `found is not None` for `found = find_blocked(p)`: the predicate the variable stands for
        const isOp = op.replace(/\s+/g, ' ');
        if ((isOp === 'is' || isOp === 'is not') && b.type === 'none' && a.type === 'identifier' && scope.predicates.has(a.text))
          return this.refine(a, isOp === 'is not' ? truth : !truth, scope);
        if (pyLiteralString(a) === '..' && ((op === 'in' && !truth) || ((op === 'not in' || op === 'not  in') && truth))) this.pathFact(b, 'noDotDot', scope);
        if ((op === 'in' && truth) || ((op === 'not in' || op === 'not  in') && !truth)) {
          if (this.mentionsTainted(a, scope) && !this.mentionsTainted(b, scope)) this.guard(a, this.membershipKinds(a, scope), scope);
          // `root in full.parents` with `full` resolved: full lies under root
          const owner = b.type === 'attribute' && PY.ancestorAttributes.has(field(b, 'attribute')!.text) ? field(b, 'object')! : null;
          if (owner && !this.mentionsTainted(a, scope) && this.isResolved(owner, scope)) this.guard(owner, ['path'], scope);
        }
        if ((op === '==' && truth) || (op === '!=' && !truth)) {
          for (const [x, y] of [
            [a, b],
            [b, a],
          ]) {
            if (this.commonPathCall(x)) {
              for (const n of named(field(this.commonPathCall(x)!, 'arguments')))
                for (const e of n.type === 'list' || n.type === 'tuple' ? named(n) : [n]) if (this.isResolved(e, scope)) this.guard(e, ['path'], scope);
            } else if (pyLiteralString(y) !== null && this.mentionsTainted(x, scope)) this.guard(x, ALL_KINDS, scope);
            // `Path(p).resolve().parent == root`: the resolved path lies directly in an untainted root
            else if (
              x.type === 'attribute' &&
              field(x, 'attribute')!.text === 'parent' &&
              this.isResolved(field(x, 'object')!, scope) &&
              !this.mentionsTainted(y, scope)
            )
              this.guard(field(x, 'object')!, ['path'], scope);
            // a resolved path equal to an untainted one (`full == root` beside a prefix check) is that path
            else if (
              x.type === 'identifier' &&
              (y.type === 'identifier' || y.type === 'attribute') &&
              scope.get(x.text)?.resolved &&
              !this.mentionsTainted(y, scope)
            )
              this.guard(x, ['path'], scope);
          }
        }
        return scope;
      }
      case 'call': {
        const f = field(cond, 'function')!;
        const args = named(field(cond, 'arguments'));
        if (f.type === 'identifier') this.refineBuiltin(f.text, field(cond, 'arguments'), truth, scope);
        if (f.type === 'attribute') {
          const m = field(f, 'attribute')!.text;
          const obj = field(f, 'object')!;
          if (m === 'startswith' && args[0]) {
            const lit = pyLiteralString(args[0]);
            const tuple = args[0].type === 'tuple' ? named(args[0]).map(pyLiteralString) : [];
            if (!truth && (lit?.startsWith('-') || tuple.some((s) => s?.startsWith('-')))) this.guard(obj, ['argument'], scope);
            if (!truth && (lit === '/' || tuple.includes('/'))) this.pathFact(obj, 'relative', scope);
            if (truth && this.isSepTerminated(args[0], scope) && this.isResolved(obj, scope)) this.guard(obj, ['path'], scope);
            return scope;
          }
          if (m === 'is_relative_to' && truth && this.isResolved(obj, scope)) return this.guard(obj, ['path'], scope);
          // an absolute path starts with '/': never an option
          if (m === 'is_absolute') return truth ? this.guard(obj, ['argument'], scope) : this.pathFact(obj, 'relative', scope);
          if (m === 'isabs' && args[0] && /(^|\.)path\.isabs$/.test(pyCanonical(this.idx, f) ?? ''))
            return truth ? this.guard(args[0], ['argument'], scope) : this.pathFact(args[0], 'relative', scope);
          if (/^is(alnum|digit|decimal|numeric|identifier|alpha)$/.test(m) && truth) return this.guard(obj, ALL_KINDS, scope);
          if ((m === 'fullmatch' || m === 'match' || m === 'search') && truth) {
            // `re.compile("lit")`; the pattern of `re.match(p, x)` may also be a plain string
            const compiled = (n: Node) =>
              n.type === 'call' && /compile$/.test(pyCanonical(this.idx, field(n, 'function')!) ?? '')
                ? pyLiteralString(named(field(n, 'arguments'))[0])
                : null;
            const module = (pyCanonical(this.idx, f) ?? '').startsWith('re.');
            const subject = module ? args[1] : args[0];
            const from = module ? args[0] : obj;
            const patterns = from ? this.literalValues(from, module ? (n) => pyLiteralString(n) ?? compiled(n) : compiled) : null;
            const kinds = this.regexGuardKinds(patterns, (p) => m === 'fullmatch' || (regexIsAnchored(p) && (m === 'match' || p.startsWith('^'))));
            if (kinds && subject) this.guard(subject, kinds, scope);
            return scope;
          }
        }
        if (truth && this.isPredicateCall(cond))
          for (const a of args)
            if (this.mentionsTainted(a, scope))
              this.guard(a, !VALIDATOR_NAME.test(f.text) ? [] : this.denyListCalls.has(cond.startIndex) ? DENY_LIST_KINDS : ALL_KINDS, scope);
        // `if _find_blocked_dir(real): raise` is no guard: a deny list of sensitive directories leaves every other file
        // (`~/.bashrc`, `/proc/self/environ`) to the model, as a by-design "any path" tool (docs/rules/tool-input/path-traversal.md)
        return scope;
      }
      default:
        return scope;
    }
  }

  /** `os.path.commonpath([...])`, or a local assigned it once (`common = os.path.commonpath([p, root])`). */
  commonPathCall(x: Node): Node | null {
    const isCommon = (n: Node | undefined) => n?.type === 'call' && /commonpath$/.test(pyCanonical(this.idx, field(n, 'function')!) ?? '');
    if (isCommon(x)) return x;
    const values = x.type === 'identifier' ? this.localValuesOf(x.text) : [];
    return values.length === 1 && isCommon(values[0]) ? values[0] : null;
  }

  /**
   * `isinstance(x, int)` holds: x is a number. `all(<check of i> for i in xs)` holds (or `any(...)` fails
   * for the negated check): what the check proves of every element holds for xs.
   */
  refineBuiltin(name: string, argsNode: Node | null, truth: boolean, scope: Scope): void {
    if (!argsNode || this.idx.functions.has(name) || this.idx.imports.has(name)) return;
    // `all(x for x in xs)`: the generator is the call's argument list
    const gen = argsNode.type === 'generator_expression' ? argsNode : null;
    const args = gen ? [] : named(argsNode).filter((a) => a.type !== 'comment');
    if (name === 'isinstance' && truth && args.length === 2 && numberClasses(args[1])) {
      this.guard(args[0], ALL_KINDS, scope);
      return;
    }
    if (!gen || !((name === 'all' && truth) || (name === 'any' && !truth))) return;
    const clauses = named(gen).filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
    // an `if` clause skips the elements it filters out: they were never checked
    const clause = clauses.length === 1 && clauses[0].type === 'for_in_clause' ? clauses[0] : null;
    const left = field(clause, 'left');
    const right = field(clause, 'right');
    const body = field(gen, 'body');
    const list = right && scope.get(right.text);
    if (left?.type !== 'identifier' || !list || !body) return;
    const inner = scope.copy();
    inner.set(left.text, { ...list, argv: undefined });
    this.refine(body, truth, inner);
    const gained = [...(inner.get(left.text)?.safe ?? [])].filter((k) => !list.safe.has(k));
    if (gained.length) this.guard(right!, gained, scope);
  }

  /**
   * `a or b` holds (`truth`), or `a and b` fails (`!truth`): one of the two sides is `truth` — what both
   * alternatives guard holds. A side saying that a root is the filesystem root (`root == os.sep`) leaves
   * the other one: every path lies under `/`, so a containment check against that root holds there too
   * (`if root != os.sep and not full.startswith(root + os.sep): raise`).
   */
  either(a: Node, b: Node, truth: boolean, scope: Scope): Scope {
    for (const [root, other] of [
      [a, b],
      [b, a],
    ]) {
      const name = this.filesystemRoot(root, truth);
      if (name && !scope.get(name) && other.descendantsOfType('identifier').some((id) => id?.text === name)) return this.refine(other, truth, scope);
    }
    const both = Scope.merge([this.refine(a, truth, scope.copy()), this.refine(b, truth, scope.copy())]);
    for (const [k, v] of both.vars) if (v && scope.get(k) && v.safe.size > scope.get(k)!.safe.size) scope.set(k, v);
    return scope;
  }

  /** The untainted name a condition equates with the filesystem root when `truth` (`root == os.sep`, `root != "/"` false). */
  filesystemRoot(cond: Node, truth: boolean): string | null {
    if (cond.type !== 'comparison_operator') return null;
    const ops = named(cond).filter((n) => n.type !== 'comment');
    const op = cond
      .childrenForFieldName('operators')
      .map((n) => n!.text)
      .join(' ');
    if (ops.length !== 2 || !((op === '==' && truth) || (op === '!=' && !truth))) return null;
    const isRoot = (n: Node) => pyLiteralString(n) === '/' || /^os\.(sep|path\.sep)$/.test(pyCanonical(this.idx, n) ?? '');
    const [x, y] = ops;
    const name = isRoot(y) ? x : isRoot(x) ? y : null;
    return name?.type === 'identifier' ? name.text : null;
  }

  membershipKinds(a: Node, _scope: Scope): SinkKind[] {
    if (/\.(hostname|netloc|host)$/.test(a.text) || /\b(hostname|netloc|host)\b/.test(a.text)) return ['ssrf'];
    return ALL_KINDS;
  }

  isResolved(node: Node, scope: Scope): boolean {
    const t = scope.get(node.text);
    if (t?.resolved) return true;
    if (node.type === 'call') {
      const f = field(node, 'function')!;
      if (f.type === 'attribute' && field(f, 'attribute')!.text === 'resolve') return true;
      if (PY.resolvers.has(pyCanonical(this.idx, f) ?? '')) return true;
    }
    return false;
  }

  /** `f"{root}/"`, `os.path.join(root, "")`, `str(...)` of one. */
  protected fixedNameForm(node: Node): boolean | undefined {
    if (node.type === 'call') {
      const fn = field(node, 'function')!;
      const args = named(field(node, 'arguments')).filter((a) => a.type !== 'comment' && a.type !== 'keyword_argument');
      const joins = ['os.path.join', 'posixpath.join', 'pathlib.Path', 'pathlib.PurePath'].includes(pyCanonical(this.idx, fn) ?? '');
      if (joins) return args.length > 1 && this.fixedNameLiteral(args[args.length - 1]);
      if (fn.type === 'attribute' && field(fn, 'attribute')!.text === 'joinpath') return args.length > 0 && this.fixedNameLiteral(args[args.length - 1]);
      return undefined;
    }
    // `Path(d) / "pyproject.toml"`
    if (node.type === 'binary_operator' && field(node, 'operator')!.text === '/') return this.fixedNameLiteral(field(node, 'right'));
    // f"{d}/go.mod": the text after the last separator is literal
    if (node.type === 'string') {
      const last = named(node)
        .filter((c) => c.type !== 'string_start' && c.type !== 'string_end')
        .pop();
      const m = last?.type === 'string_content' ? /[/\\]([^/\\]*)$/.exec(last.text) : null;
      return !!m && isFixedFileName(m[1]);
    }
    return undefined;
  }

  protected sepTerminatedForm(node: Node, scope: Scope, depth: number): boolean | undefined {
    if (node.type === 'conditional_expression') {
      // `base if base.endswith(os.sep) else base + os.sep`: each branch ends with a separator
      const [a, c, b] = named(node);
      if (!a || !c || !b) return false;
      const endsWithSep = (v: Node) =>
        c.type === 'call' &&
        c.text.replace(/\s+/g, '').startsWith(`${v.text}.endswith(`) &&
        named(field(c, 'arguments')).length === 1 &&
        this.isSepArg(named(field(c, 'arguments'))[0]);
      return (endsWithSep(a) || this.isSepTerminated(a, scope, depth + 1)) && this.isSepTerminated(b, scope, depth + 1);
    }
    if (node.type === 'string') {
      const last = named(node)
        .filter((c) => c.type !== 'string_end')
        .pop();
      if (last?.type === 'string_content') return /[/\\]$/.test(last.text);
      if (last?.type === 'interpolation') return /(^|\.)sep$/.test(field(last, 'expression')?.text ?? '');
    }
    if (node.type === 'call') {
      const canon = pyCanonical(this.idx, field(node, 'function')!) ?? '';
      const args = named(field(node, 'arguments'));
      if (/os\.path\.join$/.test(canon) && args.length >= 2 && pyLiteralString(args[args.length - 1]) === '') return true;
      if (canon === 'str' && args[0]) return this.isSepTerminated(args[0], scope, depth + 1);
    }
    return undefined;
  }

  /** `os.sep`, `"/"`: a path separator. */
  isSepArg(n: Node): boolean {
    const lit = pyLiteralString(n);
    return lit === '/' || lit === '\\' || /(^|\.)sep$/.test(n.text);
  }

  /** Mark the variables an expression is built from as safe for `kinds`. */
  guard(node: Node, kinds: SinkKind[], scope: Scope): Scope {
    if (!kinds.length) return scope;
    const seen = new Set<string>();
    // past the depth limit nothing deeper is marked safe (the conservative side)
    const visit = (n: Node): void =>
      this.cx.budget.nested(
        () => visitOne(n),
        () => undefined,
      );
    const visitOne = (n: Node) => {
      if (n.type === 'identifier' || n.type === 'attribute' || n.type === 'subscript') {
        const key = n.text;
        if (!seen.has(key)) {
          seen.add(key);
          const t = scope.get(key);
          if (t) scope.set(key, markSafe(t, kinds));
          else if (n.type !== 'identifier') {
            // guarded expression itself (`arguments["cmd"]`): remember it by text
            const base = n.type === 'attribute' ? field(n, 'object') : field(n, 'value');
            if (base && scope.get(base.text) && kinds.length) {
              const bt = scope.get(base.text)!;
              scope.set(
                key,
                markSafe(this.member(bt, n.type === 'attribute' ? field(n, 'attribute')!.text : (pyLiteralString(field(n, 'subscript')!) ?? bt.label)), kinds),
              );
            }
          }
          const d = scope.derived.get(key);
          if (d && n.type === 'identifier') {
            const dt = scope.get(d.from);
            if (dt && (kinds.includes('ssrf') || kinds.length === ALL_KINDS.length || scope.get(key)?.resolved)) scope.set(d.from, markSafe(dt, kinds));
          }
        }
        if (n.type === 'identifier') return;
        const obj = n.type === 'attribute' ? field(n, 'object')! : field(n, 'value')!;
        if (obj.type === 'call' || obj.type === 'parenthesized_expression' || obj.type === 'await') return visit(obj);
        if (obj.type === 'identifier' && scope.derived.has(obj.text)) {
          const d = scope.derived.get(obj.text)!;
          const dt = scope.get(d.from);
          if (dt) scope.set(d.from, markSafe(dt, kinds));
          // a host check on the parsed URL (`u.hostname in ALLOWED`) also covers the parsed object itself
          const ot = kinds.includes('ssrf') ? scope.get(obj.text) : null;
          if (ot) scope.set(obj.text, markSafe(ot, kinds));
        }
        return;
      }
      if (n.type === 'call') {
        // `urlparse(u).hostname`, `x.strip()`: the guard covers the argument / receiver
        const f = field(n, 'function')!;
        if (f.type === 'attribute') visit(field(f, 'object')!);
        for (const a of named(field(n, 'arguments'))) visit(a);
        return;
      }
      for (const c of named(n)) visit(c);
    };
    visit(node);
    return scope;
  }
}

/** Default values of a Python function's parameters, aligned with `pyParams` (null: none). */
function pyParamDefaults(fn: Node): (Node | null)[] {
  return named(field(fn, 'parameters'))
    .filter((p) => PARAM_TYPES.has(p.type))
    .map((p) => (p.type === 'default_parameter' || p.type === 'typed_default_parameter' ? field(p, 'value') : null));
}

/**
 * Parameters a function compares with something (`mode == 'text'`, `kind in (...)`) or passes on to a call
 * (`read(p, mode)`, `mode=mode`): those whose constant arguments may decide branches.
 */
const COMPARED = new WeakMap<Node, Set<string>>();
function comparedParams(fn: Node): Set<string> {
  let out = COMPARED.get(fn);
  if (out) return out;
  out = new Set();
  const params = new Set(pyParams(fn));
  for (const c of fn.descendantsOfType(['comparison_operator', 'argument_list']))
    for (const o of named(c)) {
      const v = o.type === 'keyword_argument' ? field(o, 'value') : o;
      if (v?.type === 'identifier' && params.has(v.text)) out.add(v.text);
    }
  COMPARED.set(fn, out);
  return out;
}

/** The longest text every string starts with. */
function commonPrefix(ss: string[]): string {
  let p = ss[0] ?? '';
  for (const s of ss) while (!s.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** Analyse a Python tool handler: flows from its parameters to sinks, through helpers. */
export async function analyzePythonHandler(
  cx: PyAnalysisContext,
  pf: ParsedFile,
  fn: Node,
  vars: Map<string, Taint>,
  dispatch: Set<string> | null = null,
): Promise<HandlerAnalysis> {
  const idx = await pyIndex(cx.project, pf);
  const w = new PyWalker(cx, pf, idx, fn, 0);
  w.dispatch = dispatch;
  try {
    const s = await w.run(vars);
    return { flows: s.flows, incomplete: s.incomplete ?? [] };
  } catch (err) {
    // out of time: the flows found so far, and why the rest is missing
    if (err instanceof BudgetExceeded) return { flows: w.flows, incomplete: [...w.incomplete, `${err.message} in ${pf.file.path}`] };
    throw err;
  }
}
