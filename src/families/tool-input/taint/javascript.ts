import { resolveJsModule } from '../../../parsing/modules.js';
import type { ProjectContext } from '../../../core/types.js';
import type { Node } from '../../../parsing/parsers.js';
import {
  ALL_KINDS,
  Scope,
  combine,
  fileContent,
  MAX_CALL_DEPTH,
  markSafe,
  parsedFile,
  regexIsAnchored,
  snippet,
  stepAt,
  taintKey,
  withStep,
  type FunctionRef,
  type ParsedFile,
  type Summary,
} from './core.js';
import { patternKinds, zodObjectKindsIn } from './schema.js';
import { isFixedFileName } from './catalogue.js';
import { JS, jsLiteralString, normalizeModule } from './js-catalogue.js';
import type { HandlerAnalysis, SinkKind, Taint } from './types.js';
import { BudgetExceeded } from '../../../core/budget.js';
import {
  MAX_NAME_PARTS,
  SQL_TEXT,
  Walker,
  field,
  overriddenCopy,
  type AnalysisContext,
  type EnvShape,
  type FileIndex,
  type StringPiece,
  type WalkResult,
} from './walk.js';
import { callDeclarators, JS_FUNCTION_TYPES } from '../../../parsing/nodes.js';
import { ssrfGuardParams } from './guard-shapes.js';
import { runsOwnAgent } from './agent-runs.js';

export type JsIndex = FileIndex;
export type JsAnalysisContext = AnalysisContext;

/** Named children without comments (a JS comment may stand between any two nodes). */
function named(node: Node | null | undefined): Node[] {
  return node ? (node.namedChildren.filter((c) => c && c.type !== 'comment') as Node[]) : [];
}

function nodeKeyOf(n: Node): string {
  return `${n.startIndex}:${n.endIndex}`;
}

function sameNode(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex;
}

/** The function a node is in (its nearest enclosing function). */
function ownerFunction(n: Node): Node | null {
  let p = n.parent;
  while (p && !JS_FUNCTION_TYPES.has(p.type)) p = p.parent;
  return p;
}

/** The variable a guarded argument names: `resolved`, or `resolved.toLowerCase()` (a case-folded copy of the same path). */
function guardedName(n: Node): string | null {
  let v = n;
  for (let i = 0; i < 4 && v.type === 'call_expression' && !named(field(v, 'arguments')).length; i++) {
    const f = field(v, 'function');
    if (f?.type !== 'member_expression' || !/^(toLowerCase|toUpperCase|normalize)$/.test(field(f, 'property')!.text)) return null;
    v = field(f, 'object')!;
  }
  return v.type === 'identifier' ? v.text : null;
}

/**
 * The kinds `x.replace(/[^class]/g, '')` makes its result safe for: every character outside the class is removed,
 * so the result fully matches `^[class]*$` (schema.ts patternKinds). None for any other replacement.
 */
function strippedToClass(re: Node | undefined, replacement: Node | undefined): SinkKind[] {
  if (re?.type !== 'regex' || jsLiteralString(replacement) !== '' || !/g/.test(field(re, 'flags')?.text ?? '')) return [];
  const m = /^\[\^((?:\\.|[^\]\\])*)\][+*]?$/.exec(field(re, 'pattern')?.text ?? '');
  return m ? patternKinds(`^[${m[1]}]*$`) : [];
}

function requireSpec(node: Node | null): string | null {
  if (!node) return null;
  let n = node;
  while (n.type === 'await_expression' || n.type === 'parenthesized_expression') n = named(n)[0];
  if (n.type === 'call_expression' && (field(n, 'function')?.text === 'require' || field(n, 'function')?.type === 'import')) {
    return jsLiteralString(named(field(n, 'arguments'))[0]);
  }
  return null;
}

export function jsIndex(project: ProjectContext, pf: ParsedFile): Promise<JsIndex> {
  return project.memo(`taint:jsindex:${pf.file.path}`, async () => {
    const idx: JsIndex = { imports: new Map(), localImports: new Map(), functions: new Map(), classes: new Map(), assigns: new Map() };
    const root = pf.parsed.root;
    const addImport = async (local: string, spec: string, name?: string) => {
      const mod = normalizeModule(spec);
      idx.imports.set(local, name && name !== 'default' ? `${mod}.${name}` : mod);
      const path = await resolveJsModule(project, pf.file.path, spec);
      if (path) idx.localImports.set(local, { path, name });
      // `import { execAsync } from './utils/exec'` where that module exports `promisify(exec)`: the sink itself
      const alias = path && name ? (await jsPromisifiedExports(project, path)).get(name) : undefined;
      if (alias) idx.imports.set(local, alias);
    };
    for (const st of named(root)) {
      const s = st.type === 'export_statement' ? (named(st).find((c) => c.type !== 'decorator') ?? st) : st;
      if (st.type === 'import_statement') {
        const spec = jsLiteralString(field(st, 'source'));
        if (!spec) continue;
        const clause = named(st).find((c) => c.type === 'import_clause');
        for (const c of named(clause)) {
          if (c.type === 'identifier') await addImport(c.text, spec, 'default');
          else if (c.type === 'namespace_import') await addImport(named(c)[0].text, spec);
          else if (c.type === 'named_imports') {
            for (const sp of named(c)) {
              const name = field(sp, 'name')!.text;
              await addImport(field(sp, 'alias')?.text ?? name, spec, name);
            }
          }
        }
        continue;
      }
      // `export default …`: indexed under 'default' too (a reserved word, so no local name collides)
      const isDefault = st.type === 'export_statement' && st.children.some((c) => c?.type === 'default');
      if (s.type === 'function_declaration' || s.type === 'generator_function_declaration') {
        idx.functions.set(field(s, 'name')!.text, s);
        if (isDefault) idx.functions.set('default', s);
      } else if (s.type === 'class_declaration') {
        idx.classes.set(field(s, 'name')!.text, s);
        if (isDefault) idx.classes.set('default', s);
      } else if (isDefault && field(st, 'value')) {
        const value = field(st, 'value')!;
        if (JS_FUNCTION_TYPES.has(value.type)) idx.functions.set('default', value);
        else idx.assigns.set('default', value);
      } else if (s.type === 'lexical_declaration' || s.type === 'variable_declaration') {
        for (const d of named(s)) {
          if (d.type !== 'variable_declarator') continue;
          const name = field(d, 'name')!;
          let value = field(d, 'value');
          if (!value) continue;
          while (value.type === 'as_expression' || value.type === 'satisfies_expression' || value.type === 'parenthesized_expression') value = named(value)[0];
          const spec = requireSpec(value);
          if (spec) {
            if (name.type === 'identifier') await addImport(name.text, spec);
            else if (name.type === 'object_pattern') {
              for (const p of named(name)) {
                if (p.type === 'shorthand_property_identifier_pattern') await addImport(p.text, spec, p.text);
                else if (p.type === 'pair_pattern') await addImport(field(p, 'value')!.text, spec, field(p, 'key')!.text);
              }
            }
            continue;
          }
          if (value.type === 'member_expression' && requireSpec(field(value, 'object')) && name.type === 'identifier') {
            await addImport(name.text, requireSpec(field(value, 'object'))!, field(value, 'property')!.text);
            continue;
          }
          if (name.type !== 'identifier') continue;
          if (JS_FUNCTION_TYPES.has(value.type)) idx.functions.set(name.text, value);
          else idx.assigns.set(name.text, value);
          // const execAsync = promisify(exec)
          if (value.type === 'call_expression' && /(^|\.)promisify$/.test(field(value, 'function')!.text)) {
            const inner = named(field(value, 'arguments'))[0];
            if (inner) {
              const c = jsCanonical(idx, inner);
              if (c) idx.imports.set(name.text, c);
            }
          }
        }
      } else if (s.type === 'expression_statement') {
        const a = named(s)[0];
        if (a?.type === 'assignment_expression') {
          const left = field(a, 'left')!;
          const right = field(a, 'right')!;
          const m = /^(?:module\.)?exports\.(\w+)$/.exec(left.text);
          if (m && JS_FUNCTION_TYPES.has(right.type)) idx.functions.set(m[1], right);
          // `exports.Client = Client`, `module.exports = Client`, `module.exports = { Client, run }`: values other modules import
          else if (m && !idx.assigns.has(m[1]) && m[1] !== right.text) idx.assigns.set(m[1], right);
          else if (left.text === 'module.exports') {
            if (JS_FUNCTION_TYPES.has(right.type)) idx.functions.set('default', right);
            else idx.assigns.set('default', right);
          }
        }
      }
    }
    // `const { execSync } = await import('child_process')` inside a function (a lazy import): a package's
    // API under the same name everywhere in the file, unless a top-level name already holds it
    for (const d of callDeclarators(root, ['require', 'import'])) {
      const name = field(d!, 'name');
      const value = field(d!, 'value');
      const spec = value && d!.parent?.parent?.type !== 'program' ? requireSpec(value) : null;
      if (!spec || spec.startsWith('.') || !name) continue;
      const mod = normalizeModule(spec);
      if (name.type === 'identifier' && !idx.imports.has(name.text)) idx.imports.set(name.text, mod);
      else if (name.type === 'object_pattern') {
        for (const p of named(name)) {
          const [local, key] =
            p.type === 'shorthand_property_identifier_pattern'
              ? [p.text, p.text]
              : p.type === 'pair_pattern'
                ? [field(p, 'value')!.text, field(p, 'key')!.text]
                : [];
          if (local && !idx.imports.has(local) && !idx.functions.has(local)) idx.imports.set(local, `${mod}.${key}`);
        }
      }
    }
    return idx;
  });
}

/**
 * What a repository module exports as a promisified Node API (`export const execAsync = promisify(exec)`),
 * by export name, as the canonical name of the API (`child_process.exec`). Read from the module's own
 * package imports only — its relative imports are not followed, so two modules importing each other cannot
 * wait on each other.
 */
function jsPromisifiedExports(project: ProjectContext, path: string): Promise<Map<string, string>> {
  return project.memo(`taint:js-promisified:${path}`, async () => {
    const out = new Map<string, string>();
    // Pre-check: a module whose text never says `promisify` exports no promisified API; it is read, not parsed.
    if (!(await project.getFile(path))?.text.includes('promisify')) return out;
    const pf = await parsedFile(project, path);
    if (!pf || pf.parsed.language === 'python') return out;
    const packages = new Map<string, string>();
    const fromPackage = (spec: string | null) => (spec && !spec.startsWith('.') && !spec.startsWith('/') ? normalizeModule(spec) : null);
    const promisified: [string, Node][] = [];
    for (const st of named(pf.parsed.root)) {
      const s = st.type === 'export_statement' ? (named(st).find((c) => c.type !== 'decorator') ?? st) : st;
      if (st.type === 'import_statement') {
        const mod = fromPackage(jsLiteralString(field(st, 'source')));
        for (const c of mod ? named(named(st).find((x) => x.type === 'import_clause')) : []) {
          if (c.type === 'identifier') packages.set(c.text, mod!);
          else if (c.type === 'namespace_import') packages.set(named(c)[0].text, mod!);
          else if (c.type === 'named_imports')
            for (const sp of named(c)) packages.set(field(sp, 'alias')?.text ?? field(sp, 'name')!.text, `${mod}.${field(sp, 'name')!.text}`);
        }
      } else if (s.type === 'lexical_declaration' || s.type === 'variable_declaration') {
        for (const d of named(s)) {
          const name = field(d, 'name');
          const value = field(d, 'value');
          if (d.type !== 'variable_declarator' || !name || !value) continue;
          const mod = fromPackage(requireSpec(value));
          if (mod && name.type === 'identifier') packages.set(name.text, mod);
          else if (mod && name.type === 'object_pattern') {
            for (const p of named(name)) {
              if (p.type === 'shorthand_property_identifier_pattern') packages.set(p.text, `${mod}.${p.text}`);
              else if (p.type === 'pair_pattern') packages.set(field(p, 'value')!.text, `${mod}.${field(p, 'key')!.text}`);
            }
          } else if (name.type === 'identifier' && value.type === 'call_expression' && /(^|\.)promisify$/.test(field(value, 'function')!.text)) {
            const inner = named(field(value, 'arguments'))[0];
            if (inner) promisified.push([name.text, inner]);
          }
        }
      }
    }
    for (const [name, inner] of promisified) {
      const base = inner.type === 'member_expression' ? field(inner, 'object') : inner;
      const known = base?.type === 'identifier' ? packages.get(base.text) : undefined;
      if (known) out.set(name, inner.type === 'member_expression' ? `${known}.${field(inner, 'property')!.text}` : known);
    }
    return out;
  });
}

export function jsCanonical(idx: JsIndex, node: Node, depth = 0): string | null {
  // no catalogued name is this long; a longer chain (`a.b.c…` 20,000 deep) is no known callee
  if (depth > MAX_NAME_PARTS) return null;
  let n = node;
  while (n.type === 'parenthesized_expression' || n.type === 'non_null_expression' || n.type === 'as_expression' || n.type === 'await_expression')
    n = named(n)[0];
  if (!n) return null;
  if (n.type === 'identifier') return idx.imports.get(n.text) ?? n.text;
  if (n.type === 'member_expression') {
    const base = jsCanonical(idx, field(n, 'object')!, depth + 1);
    const prop = field(n, 'property')!.text;
    if (!base) return null;
    const joined = normalizeModule(`${base}.${prop}`);
    return joined;
  }
  if (n.type === 'call_expression') {
    const spec = requireSpec(n);
    if (spec) return normalizeModule(spec);
    const base = jsCanonical(idx, field(n, 'function')!, depth + 1);
    return base ? `${base}()` : null;
  }
  if (n.type === 'new_expression') {
    const base = jsCanonical(idx, field(n, 'constructor')!, depth + 1);
    return base ? `new ${base}()` : null;
  }
  return null;
}

/** Names of a JS/TS function's parameters (destructuring patterns give '' here). */
export function jsParams(fn: Node): Node[] {
  const params = field(fn, 'parameters') ?? field(fn, 'parameter');
  if (!params) return [];
  if (params.type === 'identifier') return [params];
  return named(params).map((p) =>
    p.type === 'required_parameter' || p.type === 'optional_parameter'
      ? (field(p, 'pattern') ?? p)
      : p.type === 'assignment_pattern'
        ? (field(p, 'left') ?? p)
        : p,
  );
}

const VALIDATOR_NAME = /(allow|permit|whitelist|trusted|within|inside|contain|safe|valid|authori[sz]ed)/i;
const URL_WITH_HOST = /^[a-z][a-z0-9+.-]*:\/\/[^/?#${}]+[/?#]/i;
const SQL_LOOKUP = 'parameterised SQL lookup';
/** How JS binds names from values, for guard-shapes.ts: declarations, assignments, `for (const x of xs)`. */
const JS_BINDINGS = [
  ['variable_declarator', 'name', 'value'],
  ['assignment_expression', 'left', 'right'],
  ['for_in_statement', 'left', 'right'],
] as const;
const JS_IF_TYPES = new Set(['if_statement']);
const JS_HANDLER_TYPES = new Set(['catch_clause']);
/** The expression a low-level handler dispatches on (`name`, `request.params.name`, `toolName`). */
const TOOL_NAME_EXPR = /^(?:[\w.?!]+\.)?(name|toolName|tool_name|tool)$/;

/** Reads of the process environment: `process.env.X`, `process.env["X"]`, `Deno.env.get("X")`, `Bun.env.X`. */
const JS_ENV_READ = /^(globalThis\.)?(process\.env|Deno\.env|Bun\.env|import\.meta\.env)(\.|$)/;
const JS_CONST_TYPES = new Set(['string', 'number', 'true', 'false', 'null', 'undefined', 'regex']);
const JS_OPERATOR_TYPES = new Set([
  'binary_expression',
  'unary_expression',
  'parenthesized_expression',
  'ternary_expression',
  'array',
  'template_substitution',
  'non_null_expression',
  'as_expression',
]);
const JS_PURE_GLOBALS = new Set(['Boolean', 'String', 'Number', 'parseInt', 'parseFloat']);
/** Different walks of local closures per walked function (see `JsWalker.inlineClosure`). */
const MAX_CLOSURE_WALKS = 256;

export class JsWalker extends Walker {
  protected readonly urlWithHost = URL_WITH_HOST;
  protected readonly memberType = 'member_expression';
  protected readonly binaryType = 'binary_expression';
  protected readonly localAssignment = { type: 'variable_declarator', name: 'name', value: 'value' };
  private inSwitch = 0;

  protected literal(node: Node | null | undefined): string | null {
    return jsLiteralString(node);
  }

  protected envShape(node: Node): EnvShape {
    if (JS_CONST_TYPES.has(node.type)) return { kind: 'const' };
    if (node.type === 'template_string') return { kind: 'parts', parts: named(node).filter((c) => c.type === 'template_substitution') };
    if (node.type === 'as_expression') return { kind: 'parts', parts: named(node).slice(0, 1) };
    if (JS_OPERATOR_TYPES.has(node.type)) return { kind: 'parts', parts: named(node) };
    if (node.type === 'identifier') return node.text === 'undefined' ? { kind: 'const' } : { kind: 'name', name: node.text };
    if (node.type === 'member_expression' || node.type === 'subscript_expression') {
      const obj = field(node, 'object')!;
      if (JS_ENV_READ.test(node.text.replace(/\?\./g, '.')) || JS_ENV_READ.test(obj.text.replace(/\?\./g, '.'))) {
        const index = field(node, 'index');
        return index ? { kind: 'call', fn: node, args: [index], env: true } : { kind: 'env' };
      }
      const prop = field(node, 'property');
      return prop && /^[A-Z][A-Z0-9_]*$/.test(prop.text) ? { kind: 'const' } : { kind: 'other' };
    }
    if (node.type === 'call_expression') {
      const fn = field(node, 'function')!;
      const args = named(field(node, 'arguments'));
      if (JS_ENV_READ.test(fn.text.replace(/\?\./g, '.'))) return { kind: 'call', fn, args, env: true };
      if (fn.type === 'identifier' && JS_PURE_GLOBALS.has(fn.text) && !this.idx.functions.has(fn.text)) return { kind: 'call', fn, args, pure: true };
      return { kind: 'call', fn, args, object: fn.type === 'member_expression' ? field(fn, 'object')! : undefined };
    }
    return { kind: 'other' };
  }

  protected decisions(body: Node): Node[] {
    if (body.type !== 'statement_block') return [body];
    const out: Node[] = [];
    const visit = (n: Node) => {
      for (const c of named(n)) {
        if (JS_FUNCTION_TYPES.has(c.type) || c.type === 'class_declaration') continue;
        if (c.type === 'return_statement') {
          const v = named(c)[0];
          if (v) out.push(v);
        } else if (c.type === 'if_statement' || c.type === 'while_statement' || c.type === 'do_statement') out.push(field(c, 'condition')!);
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
    return jsParams(this.fn).map((p) => p.text);
  }

  protected valueArms(node: Node): Node[] | null {
    if (node.type === 'parenthesized_expression')
      return named(node)
        .filter((c) => c.type !== 'comment')
        .slice(0, 1);
    if (node.type === 'ternary_expression') {
      const a = field(node, 'consequence');
      const b = field(node, 'alternative');
      return a && b ? [a, b] : null;
    }
    return null;
  }

  protected readonly sequenceTypes: ReadonlySet<string> = new Set(['array']);

  protected loopsBinding(name: string): Node[] {
    const out: Node[] = [];
    for (const f of this.fn.descendantsOfType('for_in_statement')) {
      const left = f && field(f, 'left');
      if (f && left?.type === 'identifier' && left.text === name && field(f, 'right')) out.push(field(f, 'right')!);
    }
    return out;
  }

  protected *assignments(): Iterable<[string, Node]> {
    for (const a of this.fn.descendantsOfType(['variable_declarator', 'assignment_expression', 'augmented_assignment_expression'])) {
      if (!a) continue;
      const target = a.type === 'variable_declarator' ? field(a, 'name') : field(a, 'left');
      const value = a.type === 'variable_declarator' ? field(a, 'value') : field(a, 'right');
      if (target?.type === 'identifier' && value) yield [target.text, value];
    }
  }

  protected async calleeWalker(pf: ParsedFile, fn: Node): Promise<JsWalker> {
    const idx = pf === this.pf ? this.idx : await this.cx.budget.excluding(() => jsIndex(this.cx.project, pf));
    return new JsWalker(this.cx, pf, idx, fn, this.depth + 1);
  }

  /** The tool(s) a dispatch condition selects: `name === "x"`, `name === "x" || name === "y"`. */
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
      if (c.type !== 'binary_expression') return false;
      const op = field(c, 'operator')!.text;
      if (op === '||') return visit(field(c, 'left')!) && visit(field(c, 'right')!);
      if (op !== '===' && op !== '==') return false;
      const l = field(c, 'left')!;
      const r = field(c, 'right')!;
      const [expr, lit] = jsLiteralString(r) !== null ? [l, jsLiteralString(r)] : [r, jsLiteralString(l)];
      if (lit === null || !this.dispatch!.has(lit) || !TOOL_NAME_EXPR.test(expr.text)) return false;
      names.push(lit);
      return true;
    };
    return visit(cond) && names.length ? [...new Set(names)].join('|') : null;
  }

  async run(vars: Map<string, Taint>, paramNames: string[] = []): Promise<Summary> {
    const scope = new Scope();
    for (const [k, v] of vars) scope.set(k, v);
    const body = field(this.fn, 'body')!;
    if (body.type === 'statement_block') {
      const r = await this.block(body, scope);
      if (!r.terminated) this.exits.push(r.scope);
    } else {
      const t = await this.eval(body, scope);
      if (t) this.returns.push(t);
      this.exits.push(scope);
    }
    return this.summarize(vars, paramNames);
  }

  /** Path joins walked whose last part is a file's content (a name a manifest gives): a read there reads no name the model chose. */
  private readonly contentNamed = new Set<string>();

  /** Calls that guard some of their arguments when they return true (`isPathUnderRoot(p, root)`), by call site: each argument and the kinds. */
  private readonly truthFacts = new Map<string, { node: Node; kinds: SinkKind[] }[]>();

  protected override summarize(vars: Map<string, Taint>, paramNames: string[]): Summary {
    const s = super.summarize(vars, paramNames);
    const ifTrue = this.safeWhenTrue(vars, paramNames);
    return ifTrue ? { ...s, paramSafeIfTrue: ifTrue } : s;
  }

  /**
   * What the walked function guards of each parameter wherever it returns a truthy value (a predicate such as
   * `isPathUnderRoot(p, root)`: `path.relative(root, p)` checked, then `return true`): each return's value
   * taken as a condition known true there. Returns of `false`/`null`/`undefined` and bare returns never hold.
   */
  private safeWhenTrue(vars: Map<string, Taint>, paramNames: string[]): (Set<SinkKind> | null)[] | null {
    const body = field(this.fn, 'body');
    if (!body || !paramNames.some((p) => vars.has(p))) return null;
    const sites =
      body.type === 'statement_block'
        ? this.returnSites.filter((r) => r.value && sameNode(ownerFunction(r.value), this.fn))
        : this.exits.slice(0, 1).map((scope) => ({ value: body, scope }));
    const held: Scope[] = [];
    for (const { value, scope } of sites) {
      let v = value!;
      while (v.type === 'parenthesized_expression' && named(v)[0]) v = named(v)[0];
      if (v.type === 'false' || v.type === 'null' || v.type === 'undefined' || (v.type === 'identifier' && v.text === 'undefined')) continue;
      held.push(v.type === 'true' ? scope : this.refine(v, true, scope.copy()));
    }
    if (!held.length) return null;
    const out = paramNames.map((p) => {
      const before = vars.get(p);
      const kinds = before ? ALL_KINDS.filter((k) => !before.safe.has(k) && held.every((s) => s.get(p)?.safe.has(k))) : [];
      return kinds.length ? new Set(kinds) : null;
    });
    return out.some((k) => k) ? out : null;
  }

  /**
   * `roots.some((root) => isPathUnderRoot(resolved, root))`: true only when some call of the callback returned
   * true, so what every truthy return of the callback guards of the variables it captured (not of its own
   * parameters) holds. `every` is not one: it is true on an empty list.
   */
  private someFacts(call: Node, cb: Node): void {
    const body = field(cb, 'body');
    if (!body) return;
    const values =
      body.type === 'statement_block'
        ? (body.descendantsOfType('return_statement').filter((r) => r && sameNode(ownerFunction(r), cb)) as Node[]).map((r) => named(r)[0])
        : [body];
    const own = new Set(jsParams(cb).flatMap((p) => (p.type === 'identifier' ? [p.text] : [])));
    let common: Map<string, SinkKind[]> | undefined;
    for (let v of values) {
      if (!v) return;
      while (v.type === 'parenthesized_expression' && named(v)[0]) v = named(v)[0];
      if (v.type === 'false') continue;
      const facts = v.type === 'call_expression' ? this.truthFacts.get(nodeKeyOf(v)) : undefined;
      if (!facts) return;
      const here = new Map<string, SinkKind[]>();
      for (const f of facts) {
        const name = guardedName(f.node);
        if (name && !own.has(name)) here.set(name, [...(here.get(name) ?? []), ...f.kinds]);
      }
      if (!common) common = here;
      else
        for (const [n, ks] of common)
          common.set(
            n,
            ks.filter((k) => here.get(n)?.includes(k)),
          );
    }
    const facts = [...(common ?? [])].filter(([, ks]) => ks.length).map(([text, kinds]) => ({ node: { type: 'identifier', text } as Node, kinds }));
    if (facts.length) this.truthFacts.set(nodeKeyOf(call), facts);
  }

  protected statements(block: Node): Node[] {
    return block.type === 'statement_block' || block.type === 'program' ? named(block) : [block];
  }

  protected followsRedirects(call: Node): boolean {
    const fn = field(call, 'function');
    return JS.followsRedirects((fn && jsCanonical(this.idx, fn)) ?? '', call, (name) => this.localValuesOf(name));
  }

  protected shapeGuards(paramNames: string[]): Map<string, SinkKind[]> {
    const body = field(this.fn, 'body');
    if (!body || body.type !== 'statement_block') return new Map();
    const idx = this.idx;
    const guarded = ssrfGuardParams(this.fn, body, paramNames, {
      bindings: JS_BINDINGS,
      throwType: 'throw_statement',
      ifTypes: JS_IF_TYPES,
      tryType: 'try_statement',
      handlerTypes: JS_HANDLER_TYPES,
      callType: 'call_expression',
      functionTypes: JS_FUNCTION_TYPES,
      dnsHost: (call) => (JS.dnsLookups.test(jsCanonical(idx, field(call, 'function')!) ?? '') ? (named(field(call, 'arguments'))[0] ?? null) : null),
      calleeThrows: (call) => {
        const f = field(call, 'function');
        const callee = f?.type === 'identifier' ? idx.functions.get(f.text) : undefined;
        return !!callee && callee.descendantsOfType('throw_statement').length > 0;
      },
    });
    return new Map([...guarded].map((p) => [p, ['ssrf']]));
  }

  protected async stmtNode(st: Node, scope: Scope): Promise<WalkResult> {
    switch (st.type) {
      case 'statement_block':
        return this.block(st, scope);
      case 'expression_statement':
        for (const e of named(st)) await this.eval(e, scope);
        return { scope, terminated: false };
      case 'lexical_declaration':
      case 'variable_declaration':
        for (const d of named(st)) {
          if (d.type !== 'variable_declarator') continue;
          const v = field(d, 'value');
          const name = field(d, 'name')!;
          if (v && JS_FUNCTION_TYPES.has(v.type) && name.type === 'identifier') {
            this.local.set(name.text, v);
            continue;
          }
          const t = v ? await this.eval(v, scope) : null;
          this.bind(name, t, scope, v);
        }
        return { scope, terminated: false };
      case 'return_statement':
        return this.returnStmt(st, named(st)[0], scope);
      case 'throw_statement':
        return { scope, terminated: true };
      case 'break_statement':
        return { scope, terminated: this.inSwitch === 0 };
      case 'continue_statement':
        return { scope, terminated: true };
      case 'if_statement': {
        const cond = field(st, 'condition')!;
        await this.eval(cond, scope);
        const optOut = await this.envDecided(cond);
        const t = await this.optOutBranch(optOut, () =>
          this.inBranch(this.dispatchedTool(cond), () => this.block(field(st, 'consequence')!, this.refine(cond, true, scope.copy()))),
        );
        const falseScope = this.refine(cond, false, scope.copy());
        const alt = field(st, 'alternative');
        const altBody = alt ? named(alt)[0] : null;
        const f = altBody ? await this.block(altBody, falseScope) : { scope: falseScope, terminated: false };
        return this.settle([t, f], scope);
      }
      case 'for_in_statement': {
        const right = field(st, 'right');
        const left = field(st, 'left')!;
        const it = await this.eval(right, scope);
        const inner = scope.copy();
        const opText = field(st, 'operator')?.text;
        this.bind(left, it && opText !== 'in' ? { ...it, argv: undefined } : null, inner, null);
        const r = await this.block(field(st, 'body')!, inner);
        const merged = Scope.merge(r.terminated ? [scope] : [scope, r.scope]);
        // `for (const v of values) if (v.startsWith('-')) throw …`: past the loop every element was checked
        const checked = opText !== 'in' && left.type === 'identifier' && right?.type === 'identifier' && it ? r.scope.get(left.text)?.safe : undefined;
        const gained = checked ? [...checked].filter((k) => !it!.safe.has(k)) : [];
        if (gained.length && !r.terminated && !st.descendantsOfType('break_statement').length)
          merged.set(right!.text, { ...it!, safe: new Set([...it!.safe, ...gained]) });
        return { scope: merged, terminated: false };
      }
      case 'for_statement':
      case 'while_statement':
      case 'do_statement': {
        const cond = field(st, 'condition');
        const inner = cond ? this.refine(cond, true, scope.copy()) : scope.copy();
        const init = field(st, 'initializer');
        if (init) await this.stmt(init, inner);
        const r = await this.block(field(st, 'body')!, inner);
        return { scope: Scope.merge(r.terminated ? [scope] : [scope, r.scope]), terminated: false };
      }
      case 'try_statement': {
        const before = scope.copy();
        const body = await this.block(field(st, 'body')!, scope);
        const outs: WalkResult[] = [body];
        const handler = field(st, 'handler');
        if (handler) outs.push(await this.block(field(handler, 'body')!, Scope.merge([before, body.scope.copy()])));
        const fin = field(st, 'finalizer');
        return this.finallyBlock(this.settle(outs, body.scope), fin && field(fin, 'body'));
      }
      case 'switch_statement': {
        const value = field(st, 'value')!;
        await this.eval(value, scope);
        const outs: Scope[] = [];
        let hasDefault = false;
        this.inSwitch++;
        const subject = named(value)[0] ?? value;
        const dispatching = this.dispatch && TOOL_NAME_EXPR.test(subject.text);
        let pending: string[] = []; // `case "a": case "b": body` — the labels that fall through to a body
        for (const c of named(field(st, 'body'))) {
          if (c.type === 'switch_default') hasDefault = true;
          let cur = scope.copy();
          const caseValue = field(c, 'value');
          const label = caseValue ? jsLiteralString(caseValue) : null;
          if (caseValue && label !== null) this.guardExpr(subject, ALL_KINDS, cur);
          const body = c.childrenForFieldName('body').filter(Boolean) as Node[];
          pending = label !== null && dispatching && this.dispatch!.has(label) ? [...pending, label] : c.type === 'switch_default' ? [] : pending;
          if (!body.length) continue;
          const tool = pending.length && c.type !== 'switch_default' ? pending.join('|') : null;
          pending = [];
          let terminated = false;
          await this.inBranch(tool, async () => {
            for (const s of body) {
              if (s.type === 'break_statement') break;
              const r = await this.stmt(s, cur);
              cur = r.scope;
              if (r.terminated) {
                terminated = true;
                break;
              }
            }
          });
          if (!terminated) outs.push(cur);
        }
        this.inSwitch--;
        if (!hasDefault) outs.push(scope);
        return outs.length ? { scope: Scope.merge(outs), terminated: false } : { scope, terminated: true };
      }
      case 'function_declaration':
        this.local.set(field(st, 'name')!.text, st);
        return { scope, terminated: false };
      case 'labeled_statement':
        return this.stmt(field(st, 'body') ?? named(st)[1], scope);
      default:
        return { scope, terminated: false };
    }
  }

  protected bindNode(target: Node, t: Taint | null, scope: Scope, value: Node | null): void {
    switch (target.type) {
      case 'identifier':
      case 'member_expression':
      case 'subscript_expression': {
        if (target.type === 'subscript_expression') {
          const base = field(target, 'object')!;
          // `out[key] = args[key]` in a loop over the keys: `out` is a copy of the input object
          const copy = value ? this.copiedEntry(target, value, scope) : null;
          if (t) scope.set(base.text, withStep(copy ?? t, this.step(target, `${base.text} holds ${snippet(value ?? target)}`)));
          return;
        }
        const name = target.text;
        scope.set(name, t ? withStep(t, this.step(target, `${name} = ${snippet(value ?? target)}`)) : null);
        if (!value) return;
        let v = value;
        while (v.type === 'await_expression' || v.type === 'as_expression' || v.type === 'parenthesized_expression' || v.type === 'non_null_expression')
          v = named(v)[0];
        if (v.type === 'array' && named(v).some((e) => jsLiteralString(e) === '--')) scope.dashDash.add(name);
        else scope.dashDash.delete(name);
        if (['binary_expression', 'unary_expression'].includes(v.type) || (v.type === 'call_expression' && this.isPredicateCall(v)))
          scope.predicates.set(name, v);
        else scope.predicates.delete(name);
        if (v.type === 'call_expression' || v.type === 'new_expression') {
          const callArgs = named(field(v, 'arguments'));
          const arg = callArgs.find((a) => scope.get(a.text));
          if (arg) scope.derived.set(name, { from: arg.text, via: snippet(v) });
          // `rows = await db.all("SELECT name FROM sqlite_master WHERE name = ?", [table])`: a parameterised lookup
          const sql = jsLiteralString(callArgs[0]);
          const bound = sql !== null && SQL_TEXT.test(sql) && /(\?|\$\d|:\w+|@\w+)/.test(sql) ? callArgs.slice(1).find((a) => a.type === 'array') : undefined;
          const looked = bound ? named(bound).find((e) => (e.type === 'identifier' || e.type === 'member_expression') && scope.get(e.text)) : undefined;
          if (looked) scope.derived.set(name, { from: looked.text, via: SQL_LOOKUP });
        } else if (v.type === 'member_expression') {
          const obj = field(v, 'object')!;
          if (scope.derived.has(obj.text)) scope.derived.set(name, scope.derived.get(obj.text)!);
        }
        return;
      }
      case 'object_pattern':
        for (const p of named(target)) {
          if (p.type === 'shorthand_property_identifier_pattern')
            this.bind({ type: 'identifier', text: p.text } as Node, t ? this.keyed(t, p.text) : null, scope, value);
          else if (p.type === 'pair_pattern') {
            const key = field(p, 'key')!.text.replace(/^['"]|['"]$/g, '');
            this.bind(field(p, 'value')!, t ? this.keyed(t, key) : null, scope, value);
          } else if (p.type === 'object_assignment_pattern') {
            const left = field(p, 'left')!;
            this.bind(
              left.type === 'shorthand_property_identifier_pattern' ? ({ type: 'identifier', text: left.text } as Node) : left,
              t ? this.keyed(t, left.text) : null,
              scope,
              value,
            );
          } else if (p.type === 'rest_pattern') {
            const inner = named(p)[0];
            if (inner) this.bind(inner, t ? { ...t, keys: undefined } : null, scope, value);
          }
        }
        return;
      case 'array_pattern':
        for (const p of named(target))
          this.bind(
            p.type === 'assignment_pattern' ? field(p, 'left')! : p.type === 'rest_pattern' ? named(p)[0] : p,
            t ? { ...t, argv: undefined } : null,
            scope,
            value,
          );
        return;
      case 'assignment_pattern':
        this.bind(field(target, 'left')!, t, scope, value);
        return;
      default:
        return;
    }
  }

  member(t: Taint, name: string): Taint {
    return this.inputMember(t, name) ?? { ...t, argv: undefined };
  }

  /**
   * What made a method's receiver (for library objects whose methods are sinks): the constructor or factory a
   * variable or `this.field` was assigned from (`new NodeFileStore(dir)`, `axios.create(...)`), else the type
   * a class field is declared with (`store: BaseFileStore`).
   */
  originOf(node: Node): string | null {
    if (!this.origins.has(node.text)) this.origins.set(node.text, this.findOrigin(node));
    return this.origins.get(node.text)!;
  }
  private readonly origins = new Map<string, string | null>();

  private findOrigin(node: Node): string | null {
    const values: Node[] = [];
    let declared: Node | null = null;
    if (node.type === 'identifier') {
      values.push(...this.localValuesOf(node.text));
      const top = this.idx.assigns.get(node.text);
      if (!values.length && top) values.push(top);
    } else if (node.type === 'member_expression' && field(node, 'object')?.type === 'this') {
      const prop = field(node, 'property')!.text;
      let cls: Node | null = this.fn.parent;
      while (cls && cls.type !== 'class_declaration' && cls.type !== 'class') cls = cls.parent;
      for (const m of named(field(cls, 'body')))
        if ((m.type === 'public_field_definition' || m.type === 'field_definition') && field(m, 'name')?.text === prop) {
          const v = field(m, 'value');
          if (v) values.push(v);
          declared = field(m, 'type');
        }
      for (const a of cls?.descendantsOfType('assignment_expression') ?? [])
        if (a && field(a, 'left')?.text === `this.${prop}`) values.push(field(a, 'right')!);
    }
    for (let v of values) {
      while (v.type === 'await_expression' || v.type === 'parenthesized_expression' || v.type === 'as_expression') v = named(v)[0];
      if (v?.type === 'new_expression') return `new ${jsCanonical(this.idx, field(v, 'constructor')!) ?? ''}`;
      if (v?.type === 'call_expression') {
        const opts = named(field(v, 'arguments'))[0];
        const pinned =
          opts?.type === 'object' && named(opts).some((p) => p.type === 'pair' && JS.pinnedBaseOptions.has(field(p, 'key')!.text.replace(/['"]/g, '')));
        return `${jsCanonical(this.idx, field(v, 'function')!) ?? ''}()${pinned ? ' pinned' : ''}`;
      }
    }
    const type = declared ? named(declared)[0] : null;
    return type ? `type ${type.text}` : null;
  }

  /** `out[key] = args[key]` (the same non-literal key on both sides, `args` a tool-input object): the input object, copied. */
  copiedEntry(target: Node, value: Node, scope: Scope): Taint | null {
    const key = field(target, 'index');
    if (!key || jsLiteralString(key) !== null || value.type !== 'subscript_expression' || field(value, 'index')?.text !== key.text) return null;
    const from = scope.get(field(value, 'object')!.text);
    return from?.container === 0 ? from : null;
  }

  protected async evalNode(node: Node, scope: Scope): Promise<Taint | null> {
    if (!node) return null;
    switch (node.type) {
      case 'identifier':
      case 'shorthand_property_identifier':
        return scope.get(node.text) ?? null;
      case 'this':
        return null;
      case 'member_expression':
        return this.property(node, 'object', 'property', scope);
      case 'subscript_expression':
        return this.subscript(node, 'object', 'index', scope);
      case 'assignment_expression':
        return this.assign(field(node, 'left')!, field(node, 'right')!, scope);
      case 'augmented_assignment_expression':
        return this.augment(
          node,
          scope,
          (t, old, _left, right) => {
            if (!old) t = { ...t, prefixFixed: true, hostFixed: true };
            if (SQL_TEXT.test(jsLiteralString(right) ?? '')) t = { ...t, sqlBuilt: true };
            return t;
          },
          () => snippet(node),
        );
      case 'template_string':
        return this.templateTaint(node, scope);
      case 'string':
        return null;
      case 'binary_expression': {
        const { op, left, right, l, r } = await this.operands(node, scope);
        if (op === '+') {
          if (!l && !r) return null;
          if (l && !r) return { ...l, resolved: undefined, argv: undefined, sqlBuilt: l.sqlBuilt || SQL_TEXT.test(jsLiteralString(right) ?? '') || undefined };
          if (!l && r) {
            const lit = left.type === 'string' || left.type === 'template_string' ? jsLiteralString(left) : null;
            return this.built(r, lit ?? (left.type === 'binary_expression' ? this.leadingLiteral(left) : null), lit ?? this.leadingLiteral(left) ?? '');
          }
          return combine([l, r]);
        }
        if (op === '||' || op === '??' || op === '&&') return combine([l, r]);
        return null;
      }
      case 'ternary_expression': {
        // `c ? a : b`: each arm is evaluated where the condition is known (`path.isAbsolute(p) ? p : path.resolve(p)`)
        const cond = field(node, 'condition')!;
        await this.eval(cond, scope);
        const a = await this.eval(field(node, 'consequence'), this.refine(cond, true, scope.copy()));
        return combine([a, await this.eval(field(node, 'alternative'), this.refine(cond, false, scope.copy()))]);
      }
      case 'array':
        return this.sequence(named(node), scope);
      case 'object':
        return this.entries(named(node), scope);
      case 'parenthesized_expression':
      case 'await_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression':
      case 'type_assertion':
      case 'spread_element':
        return this.eval(named(node)[0], scope);
      case 'sequence_expression': {
        let last: Taint | null = null;
        for (const c of named(node)) last = await this.eval(c, scope);
        return last;
      }
      case 'unary_expression':
        await this.eval(field(node, 'argument'), scope);
        return null;
      case 'call_expression':
        return this.call(node, scope);
      case 'new_expression':
        return this.newExpr(node, scope);
      case 'arrow_function':
      case 'function_expression':
      case 'function':
        await this.callback(node, null, scope);
        return null;
      default:
        return null;
    }
  }

  leadingLiteral(node: Node): string | null {
    if (node.type === 'string' || node.type === 'template_string') return jsLiteralString(node) ?? this.templatePrefix(node);
    if (node.type === 'binary_expression') return this.leadingLiteral(field(node, 'left')!);
    return null;
  }

  templatePrefix(node: Node): string {
    let s = '';
    for (const c of named(node)) {
      if (c.type === 'string_fragment' || c.type === 'escape_sequence') s += c.text;
      else break;
    }
    return s;
  }

  templateTaint(node: Node, scope: Scope): Promise<Taint | null> {
    const pieces: StringPiece[] = [];
    for (const c of named(node)) {
      if (c.type === 'string_fragment' || c.type === 'escape_sequence') pieces.push(c.text);
      else if (c.type === 'template_substitution') pieces.push(named(c)[0] ?? null);
    }
    return this.interpolated(pieces, scope);
  }

  /** Walk a callback's body in the current scope (closures see the handler's variables), its parameters bound to `paramTaints` (one value: the first). */
  async callback(fn: Node, paramTaints: Taint | null | (Taint | null)[], scope: Scope): Promise<Taint | null> {
    const inner = new Scope(scope);
    const params = jsParams(fn);
    const values = Array.isArray(paramTaints) ? paramTaints : [paramTaints];
    params.forEach((p, i) => this.bind(p, values[i] ?? null, inner, null));
    const own = new Set(inner.vars.keys());
    const body = field(fn, 'body');
    if (!body) return null;
    if (body.type === 'statement_block') {
      const saved = this.returns;
      this.returns = [];
      const savedExits = this.exits;
      this.exits = [];
      const r = await this.block(body, inner);
      const ret = combine(this.returns);
      this.closureWrites([...this.exits, ...(r.terminated ? [] : [r.scope])], own, scope);
      this.returns = saved;
      this.exits = savedExits;
      return ret;
    }
    const ret = await this.eval(body, inner);
    this.closureWrites([inner], own, scope);
    return ret;
  }

  /**
   * What a callback wrote into the variables of the function around it (`Object.keys(args).forEach((k) => { out[k] = args[k]; })`):
   * a tainted value written there taints the outer variable too (it may run, so nothing is made clean).
   */
  closureWrites(ends: Scope[], own: Set<string>, outer: Scope): void {
    for (const end of ends) {
      for (const [name, t] of end.vars) {
        const base = name.split(/[.[]/)[0];
        if (!t || own.has(base) || outer.get(base) === undefined) continue;
        outer.set(name, combine([outer.get(name), t]));
      }
    }
  }

  /** `resolve` parameters of the `new Promise((resolve) => …)` executors being walked, with the values passed to them. */
  private readonly resolvers: { name: string; values: (Taint | null)[] }[] = [];
  /** Closures of this function being walked inline (a closure calling itself is not walked again). */
  private readonly inlining = new Set<number>();
  /** Walks of closures made, by what they depended on (`closureKey`): their result and what they wrote around them. */
  private readonly closureWalks = new Map<string, { ret: Taint | null; writes: Map<string, Taint> }>();
  /** The names each closure's body mentions. */
  private readonly closureNames = new Map<number, string[]>();

  /** A function defined inside the walked one (`const op = async () => …`, a nested `function run()`), by the name it is called with. */
  closureNamed(name: string): Node | null {
    const n = this.local.get(name);
    return n && this.isOwnClosure(n) ? n : null;
  }

  /** Is `n` a function nested in the walked one (not one of a caller's, which sees the caller's variables)? */
  isOwnClosure(n: Node): boolean {
    return n.startIndex >= this.fn.startIndex && n.endIndex <= this.fn.endIndex && (n.startIndex !== this.fn.startIndex || n.endIndex !== this.fn.endIndex);
  }

  /**
   * A call of a closure of this function: its body walked here, in the scope of the call (so it sees the
   * variables it captured, the tool's input among them), its parameters bound to the call's values. A call
   * that sees the same values as an earlier one (its arguments, the names its body mentions, the tool
   * branch) is not walked again: the earlier walk's flows stand, its result and its writes to the
   * variables around it are reused (a logging closure called a hundred times is walked once, and closures
   * calling closures twice each do not multiply). A closure already being walked (recursion) is not walked
   * again; past MAX_CLOSURE_WALKS different walks per function the call is recorded as not followed.
   */
  async inlineClosure(fn: Node, argTaints: (Taint | null)[], scope: Scope): Promise<Taint | null> {
    if (this.inlining.has(fn.startIndex)) return null;
    const key = this.closureKey(fn, argTaints, scope);
    const done = this.closureWalks.get(key);
    if (done) {
      for (const [name, t] of done.writes) scope.set(name, combine([scope.get(name), t]));
      return done.ret;
    }
    if (this.closureWalks.size >= MAX_CLOSURE_WALKS) {
      this.noteIncomplete(fn, `more than ${MAX_CLOSURE_WALKS} different calls of local closures`);
      return null;
    }
    this.inlining.add(fn.startIndex);
    const savedSites = this.returnSites;
    this.returnSites = [];
    const before = new Map(scope.vars);
    try {
      const ret = await this.callback(fn, argTaints, scope);
      const writes = new Map<string, Taint>();
      for (const [name, t] of scope.vars) if (t && before.get(name) !== t) writes.set(name, t);
      this.closureWalks.set(key, { ret, writes });
      return ret;
    } finally {
      this.inlining.delete(fn.startIndex);
      this.returnSites = savedSites;
    }
  }

  /** What a closure's walk depends on: the closure, its arguments, the tainted names its body mentions, the tool branch. */
  private closureKey(fn: Node, argTaints: (Taint | null)[], scope: Scope): string {
    let names = this.closureNames.get(fn.startIndex);
    if (!names) {
      // `args.path` too: a guard or an assignment may have set a member apart from its object
      names = [
        ...new Set(fn.descendantsOfType(['identifier', 'shorthand_property_identifier', 'member_expression', 'subscript_expression']).map((n) => n!.text)),
      ];
      this.closureNames.set(fn.startIndex, names);
    }
    const captured = names.flatMap((n) => {
      const t = scope.get(n);
      return t ? [`${n}=${taintKey(t)}`] : [];
    });
    return JSON.stringify([fn.startIndex, fn.endIndex, this.branchTool, argTaints.map(taintKey), captured]);
  }

  /** A block: its function declarations are callable from its first statement on (they are hoisted). */
  override async block(block: Node, scope: Scope): Promise<WalkResult> {
    for (const st of this.statements(block)) if (st.type === 'function_declaration') this.local.set(field(st, 'name')!.text, st);
    return super.block(block, scope);
  }

  isPredicateCall(call: Node): boolean {
    if (this.truthFacts.has(nodeKeyOf(call))) return true;
    const f = field(call, 'function')!;
    const name = f.type === 'member_expression' ? field(f, 'property')!.text : f.text;
    return VALIDATOR_NAME.test(name) || /^(is|has|check)[A-Z_]/.test(name) || ['includes', 'has', 'test', 'startsWith'].includes(name);
  }

  async newExpr(node: Node, scope: Scope): Promise<Taint | null> {
    const ctor = field(node, 'constructor')!;
    const args = named(field(node, 'arguments'));
    const canon = jsCanonical(this.idx, ctor) ?? ctor.text;
    // `new Promise((resolve) => … resolve(x) …)`: the executor runs now, and the promise holds what it resolves with
    const executor = canon === 'Promise' && args[0] && JS_FUNCTION_TYPES.has(args[0].type) ? args[0] : null;
    const resolve = executor ? jsParams(executor)[0] : null;
    if (executor && resolve?.type === 'identifier') {
      const r = { name: resolve.text, values: [] as (Taint | null)[] };
      this.resolvers.push(r);
      try {
        await this.callback(executor, null, scope);
      } finally {
        this.resolvers.pop();
      }
      return combine(r.values);
    }
    const ts: (Taint | null)[] = [];
    for (const a of args) ts.push(await this.eval(a, scope));
    const hits = JS.sinks({
      canon: `new ${canon}`,
      method: null,
      receiverNode: null,
      receiver: null,
      args: args.map((n, i) => ({ node: n, t: ts[i] })),
      scope,
      call: node,
      idx: this.idx,
      tagged: false,
    });
    for (const h of hits) this.report(h, node);
    if (!ts.some((t) => t)) return null;
    const t = combine(ts)!;
    // `new URL(path, base)`: the host is fixed when the URL (absolute with a fixed host, or a relative path
    // that cannot leave the base) and the base both fix it
    if (canon === 'URL') return { ...(ts[0] ?? t), hostFixed: ts.slice(0, 2).every((x) => !x || x.hostFixed) || undefined };
    return t;
  }

  async call(node: Node, scope: Scope): Promise<Taint | null> {
    // `await f<T>(x)` parses as a call of `await f` with type arguments: the callee is `f`
    let fnNode = field(node, 'function')!;
    while (fnNode.type === 'await_expression' && field(node, 'type_arguments') && named(fnNode)[0]) fnNode = named(fnNode)[0];
    const argsNode = field(node, 'arguments');
    const tagged = argsNode?.type === 'template_string';
    const argNodes = tagged ? [argsNode!] : named(argsNode);
    const isMember = fnNode.type === 'member_expression';
    const method = isMember ? field(fnNode, 'property')!.text : null;
    const receiverNode = isMember ? field(fnNode, 'object')! : null;
    const receiver = receiverNode ? await this.eval(receiverNode, scope) : fnNode.type === 'call_expression' ? await this.eval(fnNode, scope) : null;
    const canon = fnNode.type === 'import' ? 'import' : jsCanonical(this.idx, fnNode);
    const name = canon ?? '';
    const runner = JS.callbackRunners.get(name) ?? (method && receiver && JS.callbackMethods.has(method) ? { fn: 0, from: -1 } : undefined);
    const args: { node: Node; t: Taint | null }[] = [];
    let timerCallback: Node | null = null;
    for (const [i, a] of argNodes.entries()) {
      if (JS_FUNCTION_TYPES.has(a.type)) {
        // `setTimeout((c) => exec(c), 10, cmd)`: walked below, with the values the timer passes it
        if (runner && runner.from > 0 && i === runner.fn) {
          timerCallback = a;
          args.push({ node: a, t: null });
          continue;
        }
        const iterates = receiver && method && ['map', 'forEach', 'filter', 'flatMap', 'some', 'every', 'find', 'reduce', 'then'].includes(method);
        const r = await this.callback(a, iterates ? { ...receiver!, argv: undefined } : null, scope);
        args.push({ node: a, t: method === 'map' || method === 'then' ? r : null });
        continue;
      }
      // a closure of this function handed to another call (`withTimeout(op, ms)`, `retry(op)`) may run there, as an inline one does
      const closure = a.type === 'identifier' && !(runner && i === runner.fn) ? this.closureNamed(a.text) : null;
      if (closure) await this.inlineClosure(closure, [], scope);
      args.push({ node: a, t: await this.eval(a, scope) });
    }
    if (method === 'some' && argNodes[0] && JS_FUNCTION_TYPES.has(argNodes[0].type)) this.someFacts(node, argNodes[0]);
    if (timerCallback)
      await this.callback(
        timerCallback,
        args.slice(runner!.from).map((a) => a.t),
        scope,
      );
    // `resolve(x)` in a `new Promise((resolve) => …)` executor: the promise's value
    const resolving = fnNode.type === 'identifier' ? this.resolvers.findLast((r) => r.name === fnNode.text) : undefined;
    if (resolving) resolving.values.push(...args.map((a) => a.t));
    const anyArg = args.some((a) => a.t);
    if (anyArg || receiver) {
      const receiverOrigin = receiverNode && JS.originMethods.has(method ?? '') ? this.originOf(receiverNode) : null;
      const hits = JS.sinks({ canon, method, receiverNode, receiver, args, scope, call: node, idx: this.idx, tagged, receiverOrigin });
      for (const h of hits) this.report(h, node);
    }
    if (tagged && JS.safeTags.test(fnNode.text)) return null;
    // a closure of this function (`const op = async () => { … args … }; await op()`): its body runs here, seeing this scope
    const closure = fnNode.type === 'identifier' ? this.closureNamed(fnNode.text) : null;
    if (closure)
      return this.inlineClosure(
        closure,
        args.map((a) => a.t),
        scope,
      );
    // `const { stdout } = await execFileAsync("git", ["-C", dir, "rev-parse", "HEAD"])`: what the program prints is not the tool's input
    if (JS.runsProgram(canon ?? '')) return null;
    // `Object.assign({}, args, { path: ROOT })`: a copy of the tool-input object, as a spread is
    if (name === 'Object.assign' && args.some((a) => a.t?.container === 0)) {
      let copy: Taint | null = null;
      let overrides = new Map<string, Taint | null>();
      for (const a of args) {
        if (a.t?.container === 0) [copy, overrides] = [a.t, new Map()];
        else if (copy && a.node.type === 'object')
          for (const p of named(a.node)) {
            const key = p.type === 'pair' ? field(p, 'key') : p.type === 'shorthand_property_identifier' ? p : null;
            if (key) overrides.set(jsLiteralString(key) ?? key.text, a.t);
          }
      }
      return overriddenCopy(copy!, overrides);
    }
    // what a read of a model-chosen path gives is the file's content, not the path (the read itself was reported above)
    // (a manifest's content when the read was of a fixed file name: `JSON.parse(readFileSync(join(dir, "package.json")))`)
    if (JS.contentReads.has(name) && anyArg) {
      const content = fileContent(combine(args.map((a) => a.t))!);
      return argNodes[0] && this.fixedFileName(argNodes[0]) ? { ...content, fromContent: true } : content;
    }
    // `x.replace(/[^0-9+\-*/().%\s]/g, '')`: what remains holds only the characters of the class
    const kept = receiver && (method === 'replace' || method === 'replaceAll') ? strippedToClass(argNodes[0], argNodes[1]) : [];
    if (kept.length) return markSafe({ ...receiver!, argv: undefined, keys: undefined }, kept);
    const san = JS.sanitizers.get(name) ?? (method ? JS.sanitizerMethods.get(method) : undefined);
    if (san) return this.sanitized(combine([receiver, ...args.map((a) => a.t)]), san);
    if (method && JS.booleanMethods.has(method)) return null;
    // `Schema.parse(request.params.arguments)`: the parsed object's properties have the zod schema's types
    if (method && receiverNode && /^(safe)?[pP]arse(Async)?$/.test(method) && args[0]?.t?.container !== undefined) {
      const declared = await this.cx.budget.excluding(() => zodObjectKindsIn(this.cx.project, this.pf, receiverNode));
      if (declared?.size) return { ...args[0].t, argv: undefined, fields: declared };
    }

    // A named callback run with a tainted value (`promise.then(read)`, `paths.map(read)`, `setTimeout(run, 0, cmd)`): the same flow as `read(x)`
    const fnArg = runner ? args[runner.fn]?.node : undefined;
    const own = fnArg?.type === 'identifier' ? this.closureNamed(fnArg.text) : null;
    const callee = own ? { pf: this.pf, node: own } : fnArg && !JS_FUNCTION_TYPES.has(fnArg.type) ? await this.resolveCallee(fnArg) : null;
    if (runner && callee) {
      const passed = runner.from < 0 ? [{ node: receiverNode!, t: { ...receiver!, argv: undefined } }] : args.slice(runner.from);
      // a closure of this function runs with what it captured even when it is passed nothing tainted
      const r = passed.some((a) => a.t) || own ? await this.callLocal(callee, node, passed, scope) : null;
      if (method === 'then' || method === 'map' || method === 'flatMap' || runner.from >= 0) return r;
    }

    // a repository function matters only with a tainted argument or receiver (else the call yields nothing tainted);
    // a nested run of this agent takes the input as its prompt, as a library call would (agent-runs.ts)
    const ownAgentRun = runsOwnAgent(method ?? (fnNode.type === 'identifier' ? fnNode.text : null), receiverNode, argNodes[0]);
    const ref = (anyArg || receiver) && !ownAgentRun ? await this.resolveCallee(fnNode) : null;
    if (ref) {
      if (!anyArg) return null;
      return this.callLocal(ref, node, args, scope);
    }
    if (anyArg && this.depth >= MAX_CALL_DEPTH) await this.shapeGuardPastDepth(fnNode, args, scope);

    if (receiver) {
      if (method === 'get' && receiver.container !== undefined) return this.member(receiver, jsLiteralString(args[0]?.node) ?? receiver.label);
      if (method === 'split') return { ...receiver, argv: { first: true, afterDashDash: false }, keys: undefined };
      if (method === 'concat' || method === 'join') return combine([receiver, ...args.map((a) => a.t)]);
      // the new elements are the callback's results, tainted or not (`schemas.map((_, i) => `$${i + 1}`)`)
      if (method === 'map' && args[0] && (args[0].t || JS_FUNCTION_TYPES.has(args[0].node.type)))
        return args[0].t ? { ...args[0].t, argv: receiver.argv } : null;
      // a transformed string (`x.trim()`, `x.slice(2)`) may lose what was checked of `x`
      return {
        ...receiver,
        argv: method === 'map' || method === 'filter' || method === 'slice' ? receiver.argv : undefined,
        noDotDot: undefined,
        relative: undefined,
        keys: undefined,
      };
    }
    if (!anyArg) return null;
    // `join(packagePath, packageInfo.types)` with packageInfo read from disk: the file name is the manifest's, not the model's
    if (JS.joins.has(name) && args.length > 1 && args[args.length - 1].t?.fromContent) this.contentNamed.add(nodeKeyOf(node));
    let t = combine(args.map((a) => a.t))!;
    if (isMember && method && ['get', 'has', 'includes', 'indexOf', 'test', 'match'].includes(method)) return null;
    if (JS.resolvers.has(name)) t = { ...t, resolved: true, argv: undefined, prefixFixed: true, hostFixed: true };
    else if (JS.joins.has(name)) {
      t = { ...t, resolved: true, argv: undefined };
      if (!args[0]?.t) t = { ...t, prefixFixed: true };
    } else if (/^(path\.(basename|dirname|extname))$/.test(name)) t = { ...t, argv: undefined };
    else t = { ...t, argv: undefined };
    return { ...t, keys: undefined };
  }

  /**
   * A call past the depth the walk follows: the callee is not walked, but a guard recognised by its shape alone
   * (guard-shapes.ts: it resolves the host its parameter names and throws on a non-public answer) still
   * guards the arguments, as a sink at this depth is still seen (`readFileFromUrl` four calls deep, then
   * `assertUrlIsFetchable(url)`).
   */
  private async shapeGuardPastDepth(fnNode: Node, args: { node: Node; t: Taint | null }[], scope: Scope): Promise<void> {
    const ref = fnNode.type === 'identifier' ? await this.resolveName(fnNode.text) : null;
    if (!ref || ref.pf.parsed.language === 'python') return;
    const w = await this.calleeWalker(ref.pf, ref.node);
    const params = jsParams(ref.node);
    const guarded = w.shapeGuardsOnce(params.map((p) => (p.type === 'identifier' ? p.text : '')));
    params.forEach((p, i) => {
      const kinds = guarded.get(p.text);
      const a = args[i];
      // a host check holds for requests that do not follow redirects (walk.ts report), like a summarised one
      if (kinds && a?.t && (a.node.type === 'identifier' || a.node.type === 'member_expression'))
        scope.set(a.node.text, kinds.includes('ssrf') ? { ...a.t, hostChecked: true } : markSafe(a.t, kinds));
    });
  }

  /**
   * A called method of a class or object the receiver holds (`Client.get`, `this.executor.run`,
   * `svc.upload`, `createClient().run`). Only for calls walked with a tainted argument or receiver: the
   * operator opt-out analysis of branch conditions (resolveMember) does not look into such methods.
   */
  override async resolveCallee(fnNode: Node): Promise<FunctionRef | null> {
    if (this.depth < MAX_CALL_DEPTH && fnNode.type === 'member_expression') {
      // resolving reads other modules (parsed once per scan anyway): not this file's analysis time
      const v = await this.cx.budget.excluding(async () => (await jsValues(this.cx.project)).callee(this.pf, fnNode));
      if (v?.kind === 'function') {
        return { pf: v.pf, node: v.node };
      }
    }
    return super.resolveCallee(fnNode);
  }

  protected async resolveMember(fnNode: Node): Promise<FunctionRef | null> {
    if (fnNode.type === 'member_expression') {
      const obj = field(fnNode, 'object')!;
      const prop = field(fnNode, 'property')!.text;
      if (obj.type === 'this') {
        let cls: Node | null = this.fn.parent;
        while (cls && cls.type !== 'class_declaration' && cls.type !== 'class') cls = cls.parent;
        if (!cls) return null;
        for (const m of named(field(cls, 'body'))) {
          if (m.type === 'method_definition' && field(m, 'name')!.text === prop) return { pf: this.pf, node: m };
          if ((m.type === 'public_field_definition' || m.type === 'field_definition') && field(m, 'name')?.text === prop) {
            const v = field(m, 'value');
            if (v && JS_FUNCTION_TYPES.has(v.type)) return { pf: this.pf, node: v };
          }
        }
        return null;
      }
      if (obj.type === 'identifier') {
        const imp = this.idx.localImports.get(obj.text);
        if (imp && (!imp.name || imp.name === 'default')) return this.functionIn(imp.path, prop);
      }
    }
    return null;
  }

  async functionIn(path: string, name: string, depth = 0): Promise<FunctionRef | null> {
    if (depth > 4) return null;
    const pf = await this.cx.budget.excluding(() => parsedFile(this.cx.project, path));
    if (!pf || pf.parsed.language === 'python') return null;
    const idx = await this.cx.budget.excluding(() => jsIndex(this.cx.project, pf));
    const fn = idx.functions.get(name);
    if (fn) return { pf, node: fn };
    const imp = idx.localImports.get(name);
    if (imp?.name && imp.path !== path) return this.functionIn(imp.path, imp.name, depth + 1);
    // barrel files: `export { name } from './impl'`, `export * from './impl'`
    for (const { spec, star, names } of (await jsValues(this.cx.project)).exportsOf(pf)) {
      const target = spec ? (names.get(name) ?? (star ? name : null)) : null;
      if (!spec || !target) continue;
      const next = await resolveJsModule(this.cx.project, path, spec);
      if (!next || next === path) continue;
      const found = await this.functionIn(next, target, depth + 1);
      if (found) return found;
    }
    return null;
  }

  async callLocal(ref: FunctionRef, call: Node, args: { node: Node; t: Taint | null }[], scope: Scope): Promise<Taint | null> {
    if (ref.pf === this.pf && this.isOwnClosure(ref.node))
      return this.inlineClosure(
        ref.node,
        args.map((a) => a.t),
        scope,
      );
    const params = jsParams(ref.node);
    const calleeName =
      field(ref.node, 'name')?.text ??
      (ref.node.parent?.type === 'variable_declarator' || ref.node.parent?.type === 'public_field_definition' || ref.node.parent?.type === 'field_definition'
        ? (field(ref.node.parent, 'name') ?? field(ref.node.parent, 'property'))?.text
        : ref.node.parent?.type === 'pair'
          ? field(ref.node.parent, 'key')?.text
          : undefined) ??
      'helper';
    const argTaints = params.map((_, i) => args[i]?.t ?? null);
    if (!argTaints.some((a) => a)) return null;
    const paramNames = params.map((p) => (p.type === 'identifier' ? p.text : ''));
    const summary = await this.cx.summaries.call(ref, argTaints, this.cx.budget, this.chain, async (placeholders, chain) => {
      const w = await this.walkerFor(ref);
      w.chain = chain;
      const scope0 = new Scope();
      const vars = new Map<string, Taint>();
      placeholders.forEach((p, i) => {
        if (!p) return;
        const pt = withStep(p, stepAt(ref.pf, params[i], `parameter ${params[i].text} of ${calleeName}()`));
        if (params[i].type === 'identifier') vars.set(params[i].text, pt);
        else {
          w.bind(params[i], pt, scope0, null);
          for (const [k, v] of scope0.vars) if (v) vars.set(k, v);
        }
      });
      return w.run(vars, paramNames);
    });
    if (!summary) return null;
    const argNodes = params.map((_, i) => args[i]?.node);
    const ifTrue = summary.paramSafeIfTrue?.flatMap((kinds, i) => (kinds && argNodes[i] && argTaints[i] ? [{ node: argNodes[i]!, kinds: [...kinds] }] : []));
    if (ifTrue?.length) this.truthFacts.set(nodeKeyOf(call), ifTrue);
    return this.applySummary(summary, argTaints, argNodes, call, calleeName, (slot) => paramNames[slot] || 'argument', scope);
  }

  // ---------------------------------------------------------------- guards

  protected refineCondition(cond: Node, truth: boolean, scope: Scope): Scope {
    switch (cond.type) {
      case 'parenthesized_expression':
      case 'await_expression':
        return this.refine(named(cond)[0], truth, scope);
      case 'unary_expression':
        if (field(cond, 'operator')?.text === '!') return this.refine(field(cond, 'argument')!, !truth, scope);
        return scope;
      case 'binary_expression': {
        const op = field(cond, 'operator')!.text;
        const a = field(cond, 'left')!;
        const b = field(cond, 'right')!;
        // `u.protocol !== 'http:' && u.protocol !== 'https:'`: no request leaves for a host (a `data:` URL)
        const offline = this.nonHttpUrl(cond, truth);
        if (offline) this.guardExpr(offline, ['ssrf'], scope);
        if ((op === '&&' && truth) || (op === '||' && !truth)) {
          this.refine(a, truth, scope);
          this.refine(b, truth, scope);
          return scope;
        }
        if (op === '&&' && !truth && (a.type === 'identifier' || a.type === 'member_expression') && b.text.includes(a.text)) {
          // `x && x.startsWith('-')` is false: x is empty, or the check failed
          this.refine(b, false, scope);
          return scope;
        }
        // `if (rows.length === 0) throw ...` after a parameterised lookup: the value names an existing row
        // (`SELECT name FROM sqlite_master WHERE name = ?`), so it is one the database already holds.
        if (
          b.text === '0' &&
          a.type === 'member_expression' &&
          field(a, 'property')?.text === 'length' &&
          ((['===', '=='].includes(op) && !truth) || (['!==', '!=', '>'].includes(op) && truth))
        ) {
          const d = scope.derived.get(field(a, 'object')!.text);
          const dt = d?.via === SQL_LOOKUP ? scope.get(d.from) : null;
          if (d && dt) scope.set(d.from, markSafe(dt, ['sql']));
        }
        if (((op === '===' || op === '==') && truth) || ((op === '!==' || op === '!=') && !truth)) {
          for (const [x, y] of [
            [a, b],
            [b, a],
          ]) {
            const lit = jsLiteralString(y);
            if (lit === null || !this.mentions(x, scope)) continue;
            // `typeof x === 'string'` says what type x is, not which value: only a non-text type is a guard
            if (x.type === 'unary_expression' && field(x, 'operator')?.text === 'typeof') {
              if (['number', 'boolean', 'bigint', 'undefined'].includes(lit)) this.guardExpr(field(x, 'argument')!, ALL_KINDS, scope);
            } else this.guardExpr(x, ALL_KINDS, scope);
            break;
          }
        }
        if (op === 'in' && truth && this.mentions(a, scope) && !this.mentions(b, scope)) this.guardExpr(a, ALL_KINDS, scope);
        return scope;
      }
      case 'call_expression': {
        const f = field(cond, 'function')!;
        const args = named(field(cond, 'arguments'));
        // a repository predicate that returned true (`isPathUnderRoot(p, root)`, `roots.some(…)` of one)
        if (truth) for (const fact of this.truthFacts.get(nodeKeyOf(cond)) ?? []) this.guardExpr(fact.node, fact.kinds, scope);
        if (f.type === 'member_expression') {
          const m = field(f, 'property')!.text;
          const obj = field(f, 'object')!;
          if (m === 'startsWith' && args[0]) {
            const lit = jsLiteralString(args[0]);
            if (!truth && lit !== null && lit.startsWith('-')) this.guardExpr(obj, ['argument'], scope);
            if (!truth && lit === '/') this.pathFact(obj, 'relative', scope);
            if (!truth && lit !== null && lit.startsWith('..')) {
              // path.relative(root, p).startsWith('..')
              const rel = obj.type === 'call_expression' ? obj : null;
              if (rel && /(^|\.)relative$/.test(jsCanonical(this.idx, field(rel, 'function')!) ?? '')) {
                const target = named(field(rel, 'arguments'))[1];
                if (target) this.guardExpr(target, ['path'], scope);
              } else if (obj.type === 'identifier') {
                const d = scope.derived.get(obj.text);
                if (d && /relative\(/.test(d.via)) this.guardExpr({ type: 'identifier', text: d.from } as Node, ['path'], scope);
              }
            }
            if (truth && this.isSepTerminated(args[0], scope) && this.isResolved(obj, scope)) this.guardExpr(obj, ['path'], scope);
            return scope;
          }
          if (m === 'includes' && !truth && jsLiteralString(args[0]) === '..') {
            this.pathFact(obj, 'noDotDot', scope);
            return scope;
          }
          if (m === 'isAbsolute' && args[0] && /(^|\.)isAbsolute$/.test(jsCanonical(this.idx, f) ?? '')) {
            // an absolute path starts with '/': never an option
            if (truth) this.guardExpr(args[0], ['argument'], scope);
            else this.pathFact(args[0], 'relative', scope);
            return scope;
          }
          if ((m === 'includes' || m === 'has' || m === 'hasOwnProperty') && truth && args[0] && this.mentions(args[0], scope) && !this.mentions(obj, scope)) {
            this.guardExpr(args[0], /\b(host|hostname|origin)\b/.test(args[0].text) ? ['ssrf'] : ALL_KINDS, scope);
            return scope;
          }
          // A multiline regex (`/^…$/m`) anchors at every line: not a guard, so its value reads as unknown.
          if (m === 'test' && truth && args[0] && (obj.type === 'regex' || obj.type === 'identifier' || obj.type === 'parenthesized_expression')) {
            // `/^…$/.test(x)`, or a variable / conditional holding only such literals (`c ? /^…$/ : /^…$/`)
            const kinds = this.regexGuardKinds(
              this.literalValues(obj, (n) => (n.type === 'regex' && !/m/.test(field(n, 'flags')?.text ?? '') ? (field(n, 'pattern')?.text ?? '') : null)),
              regexIsAnchored,
            );
            if (kinds) this.guardExpr(args[0], kinds, scope);
            return scope;
          }
        }
        if (truth) {
          const name = f.type === 'member_expression' ? field(f, 'property')!.text : f.text;
          if (VALIDATOR_NAME.test(name)) for (const a of args) if (this.mentions(a, scope)) this.guardExpr(a, ALL_KINDS, scope);
        }
        return scope;
      }
      default:
        return scope;
    }
  }

  /**
   * The URL a condition, when `truth`, proves to be neither http: nor https: (its `protocol` equal to another
   * scheme, or unequal to both), else null.
   */
  nonHttpUrl(cond: Node, truth: boolean): Node | null {
    const excluded = new Map<string, { url: Node; schemes: Set<string> }>();
    let found: Node | null = null;
    const visit = (c: Node, t: boolean, depth: number): void => {
      if (depth > 8 || found) return;
      if (c.type === 'parenthesized_expression') return visit(named(c)[0], t, depth + 1);
      if (c.type === 'unary_expression' && field(c, 'operator')?.text === '!') return visit(field(c, 'argument')!, !t, depth + 1);
      if (c.type !== 'binary_expression') return;
      const op = field(c, 'operator')!.text;
      const [l, r] = [field(c, 'left')!, field(c, 'right')!];
      if ((op === '&&' && t) || (op === '||' && !t)) {
        visit(l, t, depth + 1);
        visit(r, t, depth + 1);
        return;
      }
      if (!['===', '==', '!==', '!='].includes(op)) return;
      const [member, lit] = jsLiteralString(r) !== null ? [l, jsLiteralString(r)!] : [r, jsLiteralString(l)];
      if (lit === null || member.type !== 'member_expression' || field(member, 'property')?.text !== 'protocol') return;
      const url = field(member, 'object')!;
      const web = lit === 'http:' || lit === 'https:';
      if (op.startsWith('=') === t) {
        if (!web) found = url;
        return;
      }
      const e = excluded.get(url.text) ?? { url, schemes: new Set<string>() };
      e.schemes.add(lit);
      excluded.set(url.text, e);
      if (e.schemes.has('http:') && e.schemes.has('https:')) found = url;
    };
    visit(cond, truth, 0);
    return found;
  }

  mentions(node: Node, scope: Scope): boolean {
    if ((node.type === 'identifier' || node.type === 'member_expression' || node.type === 'subscript_expression') && scope.get(node.text)) return true;
    return named(node).some((c) => this.mentions(c, scope));
  }

  isResolved(node: Node, scope: Scope): boolean {
    if (scope.get(node.text)?.resolved) return true;
    if (node.type === 'call_expression')
      return JS.resolvers.has(jsCanonical(this.idx, field(node, 'function')!) ?? '') || JS.joins.has(jsCanonical(this.idx, field(node, 'function')!) ?? '');
    return false;
  }

  /** `` `${root}/` ``, `` `${root}${path.sep}` `` */
  protected fixedNameForm(node: Node): boolean | undefined {
    if (this.contentNamed.has(nodeKeyOf(node))) return true;
    if (node.type === 'call_expression') {
      const name = jsCanonical(this.idx, field(node, 'function')!) ?? '';
      if (!JS.joins.has(name) && !/^path(\.(posix|win32))?\.resolve$/.test(name)) return undefined;
      const args = named(field(node, 'arguments'));
      return args.length > 1 && this.fixedNameLiteral(args[args.length - 1]);
    }
    // `${dir}/go.mod`, dir + "/go.mod": the text after the last separator is literal
    const tail =
      node.type === 'template_string'
        ? named(node).pop()
        : node.type === 'binary_expression' && field(node, 'operator')!.text === '+'
          ? field(node, 'right')
          : undefined;
    if (tail === undefined) return undefined;
    const text = tail?.type === 'string_fragment' ? tail.text : this.literal(tail);
    const m = text === null ? null : /[/\\]([^/\\]*)$/.exec(text);
    return !!m && isFixedFileName(m[1]);
  }

  protected sepTerminatedForm(node: Node): boolean | undefined {
    if (node.type !== 'template_string') return undefined;
    const last = named(node).pop();
    if (last?.type === 'string_fragment') return /[/\\]$/.test(last.text);
    if (last?.type === 'template_substitution') return /(^|\.)sep$/.test(named(last)[0]?.text ?? '');
    return undefined;
  }

  guardExpr(node: Node, kinds: SinkKind[], scope: Scope): void {
    const seen = new Set<string>();
    // past the depth limit nothing deeper is marked safe (the conservative side)
    const visit = (n: Node): void =>
      this.cx.budget.nested(
        () => visitOne(n),
        () => undefined,
      );
    const visitOne = (n: Node) => {
      if (n.type === 'identifier' || n.type === 'member_expression' || n.type === 'subscript_expression') {
        if (!seen.has(n.text)) {
          seen.add(n.text);
          const t = scope.get(n.text);
          if (t) scope.set(n.text, markSafe(t, kinds));
          else if (n.type !== 'identifier') {
            const base = field(n, 'object')!;
            const bt = scope.get(base.text);
            if (bt)
              scope.set(
                n.text,
                markSafe(
                  this.member(bt, n.type === 'member_expression' ? field(n, 'property')!.text : (jsLiteralString(field(n, 'index')) ?? bt.label)),
                  kinds,
                ),
              );
          }
          const d = scope.derived.get(n.text);
          if (d) {
            const dt = scope.get(d.from);
            if (dt && (kinds.includes('ssrf') || kinds.length === ALL_KINDS.length || scope.get(n.text)?.resolved)) scope.set(d.from, markSafe(dt, kinds));
          }
        }
        if (n.type === 'identifier') return;
        const obj = field(n, 'object')!;
        if (obj.type === 'call_expression' || obj.type === 'new_expression' || obj.type === 'parenthesized_expression' || obj.type === 'await_expression')
          return visit(obj);
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
      if (n.type === 'call_expression' || n.type === 'new_expression') {
        const f = field(n, 'function');
        if (f?.type === 'member_expression') visit(field(f, 'object')!);
        for (const a of named(field(n, 'arguments'))) visit(a);
        return;
      }
      for (const c of named(n)) visit(c);
    };
    visit(node);
  }
}

export async function analyzeJsHandler(
  cx: JsAnalysisContext,
  pf: ParsedFile,
  fn: Node,
  vars: Map<string, Taint>,
  dispatch: Set<string> | null = null,
): Promise<HandlerAnalysis> {
  const idx = await jsIndex(cx.project, pf);
  const w = new JsWalker(cx, pf, idx, fn, 0);
  w.dispatch = dispatch;
  try {
    const s = await w.run(vars, []);
    return { flows: s.flows, incomplete: s.incomplete ?? [] };
  } catch (err) {
    // out of time: the flows found so far, and why the rest is missing
    if (err instanceof BudgetExceeded) return { flows: w.flows, incomplete: [...w.incomplete, `${err.message} in ${pf.file.path}`] };
    throw err;
  }
}

// ---------------------------------------------------------------- values of receivers (classes, objects, factories)

/**
 * What a receiver expression holds, as far as the repository's code shows it: a class (the class itself for
 * `Client.get()`, an instance for `new Client()`, `this`, a field or a parameter typed `Client`), an object
 * literal (`{ run(x) {…} }`, a factory's return value), a function, or a repository module (`import * as m`,
 * `require('./m')`). Only syntax is read: a value the code builds any other way is unknown (null).
 */
export type JsValue =
  | { kind: 'class'; pf: ParsedFile; node: Node; instance: boolean }
  | { kind: 'object'; pf: ParsedFile; node: Node }
  | { kind: 'function'; pf: ParsedFile; node: Node }
  | { kind: 'module'; path: string };

type ClassMember = { kind: 'method' | 'value' | 'type'; node: Node };
interface ClassShape {
  members: Map<string, ClassMember[]>;
  base: Node | null;
}

/** Resolution steps one receiver may take (names, members, factories, base classes, modules together). */
const MAX_VALUE_DEPTH = 12;
const JS_WRAPPERS = new Set(['parenthesized_expression', 'await_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion']);

function unwrapValue(node: Node): Node {
  let n = node;
  while (n && JS_WRAPPERS.has(n.type)) n = n.type === 'type_assertion' ? named(n).pop()! : named(n)[0];
  return n;
}

/** The name of a class member (`run`, `#run`, `'run'`). */
function memberName(m: Node): string | undefined {
  return (field(m, 'name') ?? field(m, 'property'))?.text.replace(/^['"]|['"]$/g, '');
}

/**
 * Receiver values of one scan, resolved from syntax: declarations are indexed once per function, and every
 * lookup is bounded by MAX_VALUE_DEPTH steps (two classes extending each other, a factory returning its
 * own call, modules importing each other all stop there).
 */
export class JsValues {
  /** Per function (by file and range): its parameters and local declarations by name. */
  private readonly decls = new Map<string, Map<string, Node[]>>();
  /** Per class and per object literal (by file and range): its members. */
  private readonly classes = new Map<string, ClassShape>();
  private readonly objects = new Map<string, Map<string, Node>>();
  private readonly exportLists = new Map<string, { spec: string | null; star: boolean; names: Map<string, string> }[]>();
  /** Per receiver expression resolved from a call site (by file and range). */
  private readonly callees = new Map<string, Promise<JsValue | null>>();

  constructor(readonly project: ProjectContext) {}

  /** The value of a called expression (`svc.upload`, `Client.get`), once per call site. */
  callee(pf: ParsedFile, node: Node): Promise<JsValue | null> {
    const key = `${pf.file.path}:${node.startIndex}:${node.endIndex}`;
    let p = this.callees.get(key);
    if (!p) this.callees.set(key, (p = this.ofExpr(pf, node)));
    return p;
  }

  /** The value of an expression at its place in `pf`. */
  async ofExpr(pf: ParsedFile, node: Node | null, depth = 0): Promise<JsValue | null> {
    if (!node || depth > MAX_VALUE_DEPTH) return null;
    const n = unwrapValue(node);
    if (!n) return null;
    switch (n.type) {
      case 'identifier':
        return this.ofName(pf, n, n.text, depth + 1);
      case 'this':
        return this.ofThis(pf, n);
      case 'new_expression': {
        const v = await this.ofExpr(pf, field(n, 'constructor'), depth + 1);
        return v?.kind === 'class' ? { ...v, instance: true } : null;
      }
      case 'member_expression': {
        const base = await this.ofExpr(pf, field(n, 'object'), depth + 1);
        return base ? this.member(base, field(n, 'property')!.text, depth + 1) : null;
      }
      case 'call_expression': {
        const spec = requireSpec(n);
        if (spec) {
          const path = await resolveJsModule(this.project, pf.file.path, spec);
          return path ? { kind: 'module', path } : null;
        }
        // a factory: what the called function returns
        const f = await this.ofExpr(pf, field(n, 'function'), depth + 1);
        return f?.kind === 'function' ? this.returned(f.pf, f.node, depth + 1) : null;
      }
      case 'object':
        return { kind: 'object', pf, node: n };
      case 'class':
      case 'class_declaration':
        return { kind: 'class', pf, node: n, instance: false };
      default:
        return JS_FUNCTION_TYPES.has(n.type) ? { kind: 'function', pf, node: n } : null;
    }
  }

  /** `this` where it is used: the instance of the enclosing class (the class in a static member), or the enclosing object literal. */
  private ofThis(pf: ParsedFile, at: Node): JsValue | null {
    let inMethod: Node | null = null;
    for (let p = at.parent; p; p = p.parent) {
      if (p.type === 'class_body') {
        const cls = p.parent!;
        const isStatic = !!inMethod && inMethod.children.some((c) => c?.type === 'static');
        return { kind: 'class', pf, node: cls, instance: !isStatic };
      }
      if (p.type === 'object') return inMethod ? { kind: 'object', pf, node: p } : null;
      if (p.type === 'method_definition' || p.type === 'public_field_definition' || p.type === 'field_definition') inMethod = p;
      else if (p.type === 'function_expression' || p.type === 'function') {
        // `run: function () { this… }` is a method of its object; any other function has its own `this`
        if (p.parent?.type !== 'pair') return null;
        inMethod = p;
      } else if (p.type === 'function_declaration' || p.type === 'generator_function_declaration' || p.type === 'program') return null;
    }
    return null;
  }

  /** Parameters and local declarations of a function, by name (the function's own and its nested blocks'). */
  private declsOf(pf: ParsedFile, fn: Node): Map<string, Node[]> {
    const key = `${pf.file.path}:${fn.startIndex}:${fn.endIndex}`;
    let m = this.decls.get(key);
    if (m) return m;
    m = new Map();
    const add = (name: string, n: Node) => {
      const list = m!.get(name);
      if (list) list.push(n);
      else m!.set(name, [n]);
    };
    for (const p of named(field(fn, 'parameters'))) {
      const pat = field(p, 'pattern');
      if (pat?.type === 'identifier') add(pat.text, p);
    }
    const body = field(fn, 'body');
    if (body)
      for (const d of body.descendantsOfType(['variable_declarator', 'function_declaration', 'class_declaration'])) if (d) add(field(d, 'name')?.text ?? '', d);
    this.decls.set(key, m);
    return m;
  }

  /** The value a name has at `at`: a parameter or local of an enclosing function, else a top-level name of the file. */
  async ofName(pf: ParsedFile, at: Node, name: string, depth: number): Promise<JsValue | null> {
    if (depth > MAX_VALUE_DEPTH) return null;
    for (let p = at.parent; p; p = p.parent) {
      if (!JS_FUNCTION_TYPES.has(p.type)) continue;
      const ds = this.declsOf(pf, p).get(name);
      if (!ds) continue;
      for (const d of ds) {
        if (d.type === 'function_declaration') return { kind: 'function', pf, node: d };
        if (d.type === 'class_declaration') return { kind: 'class', pf, node: d, instance: false };
        // `svc: Service`, `const svc: Service = …`, `const svc = new Service()`
        const type = field(d, 'type');
        const v = type ? await this.ofType(pf, type, depth + 1) : null;
        if (v) return v;
        const value = d.type === 'variable_declarator' ? field(d, 'value') : null;
        // `const svc = svc2`, never the name being resolved itself
        if (value && !(value.startIndex <= at.startIndex && value.endIndex >= at.endIndex)) {
          const vv = await this.ofExpr(pf, value, depth + 1);
          if (vv) return vv;
        }
      }
      return null; // a local or parameter of unknown value shadows the top-level name
    }
    return this.topLevel(pf, name, depth + 1);
  }

  /** A top-level name of a file: a class, a function, a constant, or an import from a repository module. */
  async topLevel(pf: ParsedFile, name: string, depth: number): Promise<JsValue | null> {
    if (depth > MAX_VALUE_DEPTH) return null;
    const idx = await jsIndex(this.project, pf);
    const cls = idx.classes.get(name);
    if (cls) return { kind: 'class', pf, node: cls, instance: false };
    const fn = idx.functions.get(name);
    if (fn) return { kind: 'function', pf, node: fn };
    const value = idx.assigns.get(name);
    if (value) return this.ofExpr(pf, value, depth + 1);
    const imp = idx.localImports.get(name);
    if (!imp) return null;
    return imp.name ? this.exported(imp.path, imp.name, depth + 1) : { kind: 'module', path: imp.path };
  }

  /** What a repository module exports as `name` (declared there, imported and re-exported, or from a barrel). */
  async exported(path: string, name: string, depth: number): Promise<JsValue | null> {
    if (depth > MAX_VALUE_DEPTH) return null;
    const pf = await parsedFile(this.project, path);
    if (!pf || pf.parsed.language === 'python') return null;
    const own = await this.topLevel(pf, name, depth + 1);
    if (own) return own;
    // `export { impl as name }`, `export { name } from './impl'`, `export * from './impl'`
    for (const { spec, star, names } of this.exportsOf(pf)) {
      const target = names.get(name) ?? (star ? name : null);
      if (!target) continue;
      if (!spec) {
        if (target !== name) return this.topLevel(pf, target, depth + 1);
        continue;
      }
      const next = await resolveJsModule(this.project, path, spec);
      if (!next || next === path) continue;
      const found = await this.exported(next, target, depth + 1);
      if (found) return found;
    }
    return null;
  }

  /** The export lists of a module (read once per file): source, whether it is `export * from`, exported name → local or source name. */
  exportsOf(pf: ParsedFile): { spec: string | null; star: boolean; names: Map<string, string> }[] {
    let list = this.exportLists.get(pf.file.path);
    if (list) return list;
    list = [];
    for (const st of named(pf.parsed.root)) {
      if (st.type !== 'export_statement') continue;
      const spec = jsLiteralString(field(st, 'source'));
      const specifiers = st.descendantsOfType('export_specifier');
      if (!spec && !specifiers.length) continue;
      const names = new Map<string, string>();
      for (const sp of specifiers) names.set((field(sp!, 'alias') ?? field(sp!, 'name'))!.text, field(sp!, 'name')!.text);
      list.push({ spec, star: !!spec && !specifiers.length && !named(st).some((c) => c.type === 'namespace_export'), names });
    }
    this.exportLists.set(pf.file.path, list);
    return list;
  }

  /** A member of a value: a class's method or field (its own or a base class's), an object's property, a module's export. */
  async member(v: JsValue, prop: string, depth: number): Promise<JsValue | null> {
    if (depth > MAX_VALUE_DEPTH) return null;
    if (v.kind === 'module') {
      const found = await this.exported(v.path, prop, depth + 1);
      if (found) return found;
      // `const m = require('./m')` where the module assigns `module.exports = { … }`
      const def = await this.exported(v.path, 'default', depth + 1);
      return def && def.kind !== 'module' ? this.member(def, prop, depth + 1) : null;
    }
    if (v.kind === 'object') {
      const c = this.objectShape(v.pf, v.node).get(prop);
      if (!c) return null;
      if (c.type === 'pair') return this.ofExpr(v.pf, field(c, 'value'), depth + 1);
      if (c.type === 'method_definition') return { kind: 'function', pf: v.pf, node: c };
      return this.ofName(v.pf, c, prop, depth + 1);
    }
    if (v.kind !== 'class') return null;
    const shape = this.classShape(v.pf, v.node);
    for (const e of shape.members.get(`${v.instance ? 'i' : 's'}:${prop}`) ?? []) {
      if (e.kind === 'method') return { kind: 'function', pf: v.pf, node: e.node };
      const found = e.kind === 'type' ? await this.ofType(v.pf, e.node, depth + 1) : await this.ofExpr(v.pf, e.node, depth + 1);
      if (found) return found;
    }
    // inherited: `class A extends B` (B in this module or imported)
    const base = shape.base ? await this.ofExpr(v.pf, shape.base, depth + 1) : null;
    return base?.kind === 'class' ? this.member({ ...base, instance: v.instance }, prop, depth + 1) : null;
  }

  /**
   * The members of a class, read once per class, by `s:<name>` (static) and `i:<name>` (instance), each
   * with what tells its value in order: a method; a field's initialiser, then its declared type; a
   * parameter property's type (`constructor(private fs: FileStore)`); the values its methods assign to
   * `this.<name>`. With the expression of the class it extends.
   */
  private classShape(pf: ParsedFile, cls: Node): ClassShape {
    const key = `${pf.file.path}:${cls.startIndex}:${cls.endIndex}`;
    let shape = this.classes.get(key);
    if (shape) return shape;
    const members = new Map<string, ClassMember[]>();
    const add = (k: string, e: ClassMember) => {
      const list = members.get(k);
      if (list) list.push(e);
      else members.set(k, [e]);
    };
    const body = field(cls, 'body');
    let ctor: Node | null = null;
    for (const m of named(body)) {
      const name = memberName(m);
      if (!name) continue;
      const k = `${m.children.some((c) => c?.type === 'static') ? 's' : 'i'}:${name}`;
      if (m.type === 'method_definition') {
        if (name === 'constructor') ctor = m;
        else add(k, { kind: 'method', node: m });
      } else if (m.type === 'public_field_definition' || m.type === 'field_definition') {
        const value = field(m, 'value');
        const type = field(m, 'type');
        if (value) add(k, { kind: 'value', node: value });
        if (type) add(k, { kind: 'type', node: type });
      }
    }
    for (const p of named(field(ctor, 'parameters'))) {
      const pat = field(p, 'pattern');
      const type = field(p, 'type');
      const isProperty = p.children.some((c) => c?.type === 'accessibility_modifier' || c?.type === 'readonly' || c?.type === 'override_modifier');
      if (isProperty && pat?.type === 'identifier' && type) add(`i:${pat.text}`, { kind: 'type', node: type });
    }
    for (const a of body?.descendantsOfType('assignment_expression') ?? []) {
      const left = field(a!, 'left');
      const right = field(a!, 'right');
      if (left?.type === 'member_expression' && field(left, 'object')?.type === 'this' && right)
        add(`i:${field(left, 'property')!.text}`, { kind: 'value', node: right });
    }
    const heritage = named(cls).find((c) => c.type === 'class_heritage');
    const ext = heritage ? (named(heritage).find((c) => c.type === 'extends_clause') ?? heritage) : null;
    const base = ext ? (ext.type === 'extends_clause' ? field(ext, 'value') : named(ext)[0]) : null;
    shape = { members, base: base ?? null };
    this.classes.set(key, shape);
    return shape;
  }

  /** The properties of an object literal by name (read once per object): a pair, a method, or a shorthand name. */
  private objectShape(pf: ParsedFile, obj: Node): Map<string, Node> {
    const key = `${pf.file.path}:${obj.startIndex}:${obj.endIndex}`;
    let m = this.objects.get(key);
    if (m) return m;
    m = new Map();
    for (const c of named(obj)) {
      const name =
        c.type === 'pair'
          ? field(c, 'key')!.text.replace(/^['"]|['"]$/g, '')
          : c.type === 'method_definition'
            ? memberName(c)
            : c.type === 'shorthand_property_identifier'
              ? c.text
              : undefined;
      if (name !== undefined && !m.has(name)) m.set(name, c);
    }
    this.objects.set(key, m);
    return m;
  }

  /** An instance of the class a type annotation names (`: Executor`, `: Store<T>`); an interface or a library type is unknown. */
  async ofType(pf: ParsedFile, type: Node, depth: number): Promise<JsValue | null> {
    let t: Node | undefined = type;
    if (t.type === 'type_annotation') t = named(t)[0];
    if (t?.type === 'generic_type') t = field(t, 'name') ?? undefined;
    if (t?.type !== 'type_identifier') return null;
    const v = await this.topLevel(pf, t.text, depth + 1);
    return v?.kind === 'class' ? { ...v, instance: true } : null;
  }

  /** What a factory returns: its expression body, or the first of its `return` values that resolves. */
  async returned(pf: ParsedFile, fn: Node, depth: number): Promise<JsValue | null> {
    if (depth > MAX_VALUE_DEPTH) return null;
    const body = field(fn, 'body');
    if (!body) return null;
    if (body.type !== 'statement_block') return this.ofExpr(pf, body, depth + 1);
    for (const r of body.descendantsOfType('return_statement')) {
      let owner: Node | null = r!.parent;
      while (owner && !JS_FUNCTION_TYPES.has(owner.type)) owner = owner.parent;
      if (!owner || owner.startIndex !== fn.startIndex || owner.endIndex !== fn.endIndex) continue;
      const value = named(r!)[0];
      const v = value ? await this.ofExpr(pf, value, depth + 1) : null;
      if (v) return v;
    }
    return null;
  }
}

export function jsValues(project: ProjectContext): Promise<JsValues> {
  return project.memo('taint:js-values', async () => new JsValues(project));
}
