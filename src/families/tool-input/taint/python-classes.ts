/**
 * Classes of the repository as the Python walk sees them: which class a receiver holds (`self.store` set in
 * `__init__` or declared on the class, a module-level instance, a local `svc = Service()`, what a factory
 * returns) and which method a call on it runs (the class's own, else a base's or a mixin's, left to right,
 * in whatever repository module it is defined).
 *
 * Every lookup is bounded (MAX_TYPE_DEPTH steps of inference, MAX_CANDIDATES values per name, MAX_MRO
 * classes per hierarchy). Only what is read from syntax alone is kept per scan (a class's bases, the
 * `self.<field>` assignments of its methods); the inference over it is not, since two files analysed at
 * once could otherwise each wait on the other's pending lookup.
 */
import type { ProjectContext } from '../../../core/types.js';
import type { Node } from '../../../parsing/parsers.js';
import { PY_FUNCTION_TYPES } from '../../../parsing/nodes.js';
import { parsedFile, type FunctionRef, type ParsedFile } from './core.js';
import { field, type FileIndex } from './walk.js';

/** A class of the repository: its file and its `class_definition`. */
export interface ClassRef {
  pf: ParsedFile;
  node: Node;
}

/**
 * A method a call runs: the function, the class defining it, the class `self` stands for inside it (a
 * subclass's instance runs its base's method with the subclass's overrides) and how many leading
 * parameters the call fills implicitly (`self`/`cls`: 1; a static method or a method called on its class: 0).
 */
export interface MethodRef extends FunctionRef {
  owner: ClassRef;
  self: ClassRef;
  shift: number;
}

/** Where an expression is read: its file, the function whose parameters and locals it sees, the class of `self` there. */
export interface TypeScope {
  pf: ParsedFile;
  fn: Node | null;
  self: ClassRef | null;
}

export type Indexer = (pf: ParsedFile) => Promise<FileIndex>;

/** Inference steps followed from one receiver (a field set from a factory's return, built by a constructor…). */
const MAX_TYPE_DEPTH = 4;
/** Values looked at per name or field (its assignments, a function's returns). */
const MAX_CANDIDATES = 4;
/** Classes of one hierarchy followed (the class, its bases, theirs). */
const MAX_MRO = 24;
/** Annotation wrappers whose argument is the value's class (`Optional[Store]`, `Annotated[Store, ...]`). */
const TYPE_WRAPPERS = /^(typing\.)?(Optional|Union|Annotated|Awaitable|Coroutine|Final|ClassVar)$/;
const STATIC = /^@\s*staticmethod\s*$/;
const CLASSMETHOD = /^@\s*classmethod\s*$/;
const PROPERTY = /^@\s*([\w.]+\.)?(cached_)?property\s*$/;

function named(node: Node | null | undefined): Node[] {
  return node ? (node.namedChildren.filter(Boolean) as Node[]) : [];
}

export function classKey(c: ClassRef): string {
  return `${c.pf.file.path}:${c.node.startIndex}`;
}

function sameClass(a: ClassRef, b: ClassRef): boolean {
  return a.pf.file.path === b.pf.file.path && a.node.startIndex === b.node.startIndex;
}

/** The class a function is defined in (a method, or a function nested in one), null for a module-level function. */
export function enclosingClass(pf: ParsedFile, fn: Node): ClassRef | null {
  let n: Node | null = fn.parent;
  while (n && n.type !== 'class_definition') n = n.parent;
  return n ? { pf, node: n } : null;
}

/** A function definition of a class body with its decorators. */
function methodsOf(cls: Node): { def: Node; decorators: string[] }[] {
  const out: { def: Node; decorators: string[] }[] = [];
  for (const m of named(field(cls, 'body'))) {
    const def = m.type === 'decorated_definition' ? field(m, 'definition') : m;
    if (def?.type !== 'function_definition') continue;
    out.push({
      def,
      decorators:
        m.type === 'decorated_definition'
          ? named(m)
              .filter((d) => d.type === 'decorator')
              .map((d) => d.text)
          : [],
    });
  }
  return out;
}

/** The function definition enclosing a node (null at module level, or when a class comes first). */
export function enclosingFunction(n: Node): Node | null {
  let p = n.parent;
  while (p && !PY_FUNCTION_TYPES.has(p.type)) {
    if (p.type === 'class_definition') return null;
    p = p.parent;
  }
  return p;
}

interface Assigned {
  value: Node | null;
  ann: Node | null;
}

export class PyClasses {
  /** The assignments of each function by target name (syntax only, read once per function and scan). */
  private readonly locals = new Map<string, Map<string, Assigned[]>>();
  /** The class of a receiver (`store`, `self.store`) in one function, as a walk asks it (finished results only). */
  private readonly receivers = new Map<string, ClassRef | null>();
  /** The methods a call on an instance (or on the class) of each class runs, by name (finished results only). */
  private readonly methods = new Map<string, MethodRef | null>();

  constructor(
    readonly project: ProjectContext,
    readonly index: Indexer,
  ) {}

  /**
   * The class of a call's receiver, for the walk. A name or a field (`store`, `self.store`) is looked up
   * once per function and class of `self`: a handler calls `logger.info` or `self.client.get` many times.
   */
  async receiverType(sc: TypeScope, expr: Node): Promise<ClassRef | null> {
    if ((expr.type !== 'identifier' && expr.type !== 'attribute') || expr.text.length > 200) return this.typeOf(sc, expr);
    const key = `${sc.pf.file.path}:${sc.fn?.startIndex ?? -1}:${sc.self ? classKey(sc.self) : ''}:${expr.text}`;
    if (this.receivers.has(key)) return this.receivers.get(key)!;
    const t = await this.typeOf(sc, expr);
    this.receivers.set(key, t);
    return t;
  }

  /** The values assigned to each plain name in a function (`x = ...`, `with ... as x`), in source order. */
  assignedIn(pf: ParsedFile, fn: Node): Map<string, Assigned[]> {
    const key = `${pf.file.path}:${fn.startIndex}`;
    let out = this.locals.get(key);
    if (out) return out;
    out = new Map();
    for (const a of fn.descendantsOfType(['assignment', 'as_pattern'])) {
      if (!a) continue;
      const target = a.type === 'assignment' ? field(a, 'left') : named(field(a, 'alias'))[0];
      if (target?.type !== 'identifier') continue;
      const list = out.get(target.text) ?? [];
      list.push(a.type === 'assignment' ? { value: field(a, 'right'), ann: field(a, 'type') } : { value: named(a)[0] ?? null, ann: null });
      out.set(target.text, list);
    }
    this.locals.set(key, out);
    return out;
  }

  private async python(path: string): Promise<ParsedFile | null> {
    const pf = await parsedFile(this.project, path);
    return pf && pf.parsed.language === 'python' ? pf : null;
  }

  /** The class `name` of a file: defined there, or imported from a repository module (re-exports followed). */
  classNamed(pf: ParsedFile, name: string, depth = 0): Promise<ClassRef | null> {
    return this.definition('classes', pf, name, depth);
  }

  /** A class or module-level function `name` of a file: defined there, or imported from a repository module. */
  private async definition(kind: 'classes' | 'functions', pf: ParsedFile, name: string, depth: number): Promise<{ pf: ParsedFile; node: Node } | null> {
    const idx = await this.index(pf);
    const node = idx[kind].get(name);
    if (node) return { pf, node };
    const imp = idx.localImports.get(name);
    if (!imp?.name || imp.path === pf.file.path || depth >= MAX_TYPE_DEPTH) return null;
    const other = await this.python(imp.path);
    return other ? this.definition(kind, other, imp.name, depth + 1) : null;
  }

  /** The class an expression names: `Store`, or `models.Store` with `models` a repository module. */
  async classOf(pf: ParsedFile, node: Node): Promise<ClassRef | null> {
    if (node.type === 'identifier') return this.classNamed(pf, node.text);
    if (node.type !== 'attribute') return null;
    const obj = field(node, 'object')!;
    if (obj.type !== 'identifier') return null;
    const imp = (await this.index(pf)).localImports.get(obj.text);
    if (!imp || imp.name) return null;
    const other = await this.python(imp.path);
    return other ? this.classNamed(other, field(node, 'attribute')!.text, 1) : null;
  }

  /** The class and its repository bases, depth first and left to right (Python's MRO for the usual single and mixin hierarchies). */
  mro(cls: ClassRef): Promise<ClassRef[]> {
    return this.project.memo(`taint:pymro:${classKey(cls)}`, async () => {
      const out: ClassRef[] = [];
      const visit = async (c: ClassRef, depth: number): Promise<void> => {
        if (out.length >= MAX_MRO || depth > MAX_MRO || out.some((o) => sameClass(o, c))) return;
        out.push(c);
        for (const b of named(field(c.node, 'superclasses'))) {
          // `Base[T]` / `Generic[T]`: the subscripted class
          const expr = b.type === 'subscript' ? field(b, 'value') : b;
          if (!expr || (expr.type !== 'identifier' && expr.type !== 'attribute')) continue;
          const base = await this.classOf(c.pf, expr);
          if (base) await visit(base, depth + 1);
        }
      };
      await visit(cls, 0);
      return out;
    });
  }

  /**
   * The method `name` run on `self` (a class, or an instance of one when `onInstance`): the first class of
   * its hierarchy defining it. Null for a property (reading it calls nothing with the call's arguments).
   */
  async method(self: ClassRef, name: string, onInstance: boolean, after?: ClassRef): Promise<MethodRef | null> {
    const key = `${classKey(self)}:${name}:${onInstance}:${after ? classKey(after) : ''}`;
    if (this.methods.has(key)) return this.methods.get(key)!;
    const m = await this.findMethod(self, name, onInstance, after);
    this.methods.set(key, m);
    return m;
  }

  private async findMethod(self: ClassRef, name: string, onInstance: boolean, after?: ClassRef): Promise<MethodRef | null> {
    let classes = await this.mro(self);
    if (after) {
      const i = classes.findIndex((c) => sameClass(c, after));
      classes = i >= 0 ? classes.slice(i + 1) : [];
    }
    for (const owner of classes) {
      const m = methodsOf(owner.node).find((x) => field(x.def, 'name')?.text === name);
      if (!m) continue;
      if (m.decorators.some((d) => PROPERTY.test(d))) return null;
      const shift = m.decorators.some((d) => STATIC.test(d)) ? 0 : m.decorators.some((d) => CLASSMETHOD.test(d)) || onInstance ? 1 : 0;
      return { pf: owner.pf, node: m.def, owner, self, shift, context: classKey(self) };
    }
    return null;
  }

  // ---------------------------------------------------------------- what a value is an instance of

  /** The repository class of the value of `expr`, when the code says it. */
  async typeOf(sc: TypeScope, expr: Node, depth = 0): Promise<ClassRef | null> {
    if (depth > MAX_TYPE_DEPTH) return null;
    switch (expr.type) {
      case 'await':
      case 'parenthesized_expression': {
        const inner = named(expr).find((c) => c.type !== 'comment');
        return inner ? this.typeOf(sc, inner, depth + 1) : null;
      }
      case 'boolean_operator':
      case 'conditional_expression': {
        // `self.store or Store()`, `a if c else b`: the first arm whose class is known
        for (const arm of named(expr).filter((c) => c.type !== 'comment')) {
          const t = await this.typeOf(sc, arm, depth + 1);
          if (t) return t;
        }
        return null;
      }
      case 'call':
        return this.callType(sc, expr, depth);
      case 'identifier':
        return this.nameType(sc, expr, depth);
      case 'attribute': {
        const obj = field(expr, 'object')!;
        const attr = field(expr, 'attribute')!.text;
        if (obj.type === 'identifier' && obj.text === 'self') return sc.self ? this.fieldType(sc.self, attr, depth + 1) : null;
        if (obj.type === 'identifier') {
          // `clients.store`: a module-level instance of a repository module imported whole
          const imp = (await this.index(sc.pf)).localImports.get(obj.text);
          if (imp && !imp.name) {
            const other = await this.python(imp.path);
            return other ? this.moduleValueType(other, attr, depth + 1) : null;
          }
        }
        const owner = await this.typeOf(sc, obj, depth + 1);
        return owner ? this.fieldType(owner, attr, depth + 1) : null;
      }
      default:
        return null;
    }
  }

  /** A constructor call (`Store(...)`, `cls(...)`), or a repository function or method whose return is known. */
  private async callType(sc: TypeScope, call: Node, depth: number): Promise<ClassRef | null> {
    const f = field(call, 'function')!;
    if (f.type === 'identifier' && f.text === 'cls' && sc.self) return sc.self;
    const cls = await this.classOf(sc.pf, f);
    if (cls) return cls;
    const fn = await this.calleeOf(sc, f, depth);
    return fn ? this.returnType(fn, depth + 1) : null;
  }

  /** The repository function a call expression runs, for type inference: a function of the file or imported, a method of a known class. */
  private async calleeOf(sc: TypeScope, f: Node, depth: number): Promise<(FunctionRef & { self?: ClassRef }) | null> {
    if (f.type === 'identifier') return this.functionNamed(sc.pf, f.text, 0);
    if (f.type !== 'attribute') return null;
    const obj = field(f, 'object')!;
    const attr = field(f, 'attribute')!.text;
    if (obj.type === 'identifier' && (obj.text === 'self' || obj.text === 'cls')) return sc.self ? this.method(sc.self, attr, obj.text === 'self') : null;
    if (obj.type === 'identifier') {
      const imp = (await this.index(sc.pf)).localImports.get(obj.text);
      if (imp && !imp.name) {
        const other = await this.python(imp.path);
        return other ? this.functionNamed(other, attr, 1) : null;
      }
    }
    const cls = await this.classOf(sc.pf, obj);
    if (cls) return this.method(cls, attr, false);
    const owner = await this.typeOf(sc, obj, depth + 1);
    return owner ? this.method(owner, attr, true) : null;
  }

  /** A module-level function of a file, or one it imports from the repository. */
  private functionNamed(pf: ParsedFile, name: string, depth: number): Promise<FunctionRef | null> {
    return this.definition('functions', pf, name, depth);
  }

  /** What a function returns: its annotation (`-> Service`), else the class its returns construct (`return Service(...)`). */
  async returnType(ref: FunctionRef & { self?: ClassRef }, depth: number): Promise<ClassRef | null> {
    if (depth > MAX_TYPE_DEPTH) return null;
    const self = ref.self ?? enclosingClass(ref.pf, ref.node);
    const ann = field(ref.node, 'return_type');
    if (ann) return this.annotationType(ref.pf, ann, self);
    let seen = 0;
    for (const r of ref.node.descendantsOfType('return_statement')) {
      if (!r || enclosingFunction(r)?.startIndex !== ref.node.startIndex) continue;
      const v = named(r).find((c) => c.type !== 'comment');
      if (!v || ++seen > MAX_CANDIDATES) continue;
      const t = await this.typeOf({ pf: ref.pf, fn: ref.node, self }, v, depth + 1);
      if (t) return t;
    }
    return null;
  }

  /** The class an annotation names: `Store`, `"Store"`, `Optional[Store]`, `Store | None`, `Self`. */
  async annotationType(pf: ParsedFile, ann: Node, self: ClassRef | null, depth = 0): Promise<ClassRef | null> {
    if (depth > MAX_TYPE_DEPTH) return null;
    switch (ann.type) {
      case 'identifier':
        return ann.text === 'Self' ? self : this.classNamed(pf, ann.text);
      case 'attribute':
        return this.classOf(pf, ann);
      case 'string': {
        const text = named(ann)
          .filter((c) => c.type === 'string_content')
          .map((c) => c.text)
          .join('')
          .trim();
        return /^\w+$/.test(text) ? (text === 'Self' ? self : this.classNamed(pf, text)) : null;
      }
      case 'binary_operator': {
        for (const side of [field(ann, 'left'), field(ann, 'right')]) {
          const t = side ? await this.annotationType(pf, side, self, depth + 1) : null;
          if (t) return t;
        }
        return null;
      }
      case 'subscript':
      case 'generic_type': {
        const [head, ...rest] = named(ann).filter((c) => c.type !== 'comment');
        if (!head || !TYPE_WRAPPERS.test(head.text)) return null;
        const args = rest.flatMap((r) => (r.type === 'type_parameter' ? named(r) : [r]));
        for (const a of /Annotated$/.test(head.text) ? args.slice(0, 1) : args) {
          const t = await this.annotationType(pf, a, self, depth + 1);
          if (t) return t;
        }
        return null;
      }
      case 'type':
        return named(ann)[0] ? this.annotationType(pf, named(ann)[0], self, depth + 1) : null;
      default:
        return null;
    }
  }

  /** A name: a parameter annotated with a class, a local (here or in an enclosing function) assigned an instance, a module-level instance (of this module or imported). */
  private async nameType(sc: TypeScope, id: Node, depth: number): Promise<ClassRef | null> {
    const name = id.text;
    for (let fn = sc.fn; fn; fn = enclosingFunction(fn)) {
      const fs: TypeScope = { ...sc, fn };
      for (const p of named(field(fn, 'parameters'))) {
        const pname = p.type === 'typed_parameter' ? named(p)[0]?.text : p.type === 'typed_default_parameter' ? field(p, 'name')?.text : undefined;
        if (pname === name) {
          const ann = field(p, 'type');
          return ann ? this.annotationType(sc.pf, ann, sc.self, depth + 1) : null;
        }
        if (p.type === 'identifier' && p.text === name) return null;
        if (p.type === 'default_parameter' && field(p, 'name')?.text === name) return null;
      }
      const assigned = this.assignedIn(sc.pf, fn).get(name);
      if (!assigned) continue;
      for (const { value, ann } of assigned.slice(0, MAX_CANDIDATES)) {
        const t = ann ? await this.annotationType(sc.pf, ann, sc.self, depth + 1) : value ? await this.typeOf(fs, value, depth + 1) : null;
        if (t) return t;
      }
      return null;
    }
    return this.moduleValueType(sc.pf, name, depth + 1);
  }

  /** A module-level instance: `store = Store()` in this module, or imported from the repository module defining it. */
  private async moduleValueType(pf: ParsedFile, name: string, depth: number): Promise<ClassRef | null> {
    if (depth > MAX_TYPE_DEPTH) return null;
    const idx = await this.index(pf);
    const value = idx.assigns.get(name);
    if (value) {
      const ann = field(value.parent, 'type');
      if (ann) return this.annotationType(pf, ann, null, depth + 1);
      return this.typeOf({ pf, fn: null, self: null }, value, depth + 1);
    }
    const imp = idx.localImports.get(name);
    if (!imp?.name || imp.path === pf.file.path) return null;
    const other = await this.python(imp.path);
    return other ? this.moduleValueType(other, imp.name, depth + 1) : null;
  }

  /**
   * What `self.<attr>` holds in an instance of `cls`: a class-level declaration (`store: Store`,
   * `store = Store()`), a property returning one, or an assignment in one of its methods (`__init__`
   * first), in the class or in its bases.
   */
  async fieldType(cls: ClassRef, attr: string, depth: number): Promise<ClassRef | null> {
    if (depth > MAX_TYPE_DEPTH) return null;
    for (const c of await this.mro(cls)) {
      const sites = (await this.fieldSites(c)).get(attr) ?? [];
      for (const s of sites.slice(0, MAX_CANDIDATES)) {
        const t =
          s.kind === 'property'
            ? await this.returnType({ pf: c.pf, node: s.fn!, self: cls }, depth + 1)
            : s.ann
              ? await this.annotationType(c.pf, s.ann, cls, depth + 1)
              : s.value
                ? await this.typeOf({ pf: c.pf, fn: s.fn, self: cls }, s.value, depth + 1)
                : null;
        if (t) return t;
      }
    }
    return null;
  }

  /** The places a class gives its instances' fields a value, by field (read once per class and scan). */
  private fieldSites(c: ClassRef): Promise<Map<string, { kind: 'value' | 'property'; fn: Node | null; value: Node | null; ann: Node | null }[]>> {
    return this.project.memo(`taint:pyfields:${classKey(c)}`, async () => {
      const out = new Map<string, { kind: 'value' | 'property'; fn: Node | null; value: Node | null; ann: Node | null }[]>();
      const add = (name: string, site: { kind: 'value' | 'property'; fn: Node | null; value: Node | null; ann: Node | null }) => {
        const list = out.get(name) ?? [];
        list.push(site);
        out.set(name, list);
      };
      for (const st of named(field(c.node, 'body'))) {
        const a = st.type === 'expression_statement' ? named(st)[0] : null;
        if (a?.type === 'assignment' && field(a, 'left')?.type === 'identifier')
          add(field(a, 'left')!.text, { kind: 'value', fn: null, value: field(a, 'right'), ann: field(a, 'type') });
      }
      const methods = methodsOf(c.node);
      // `__init__` first: what the constructor sets is what the other methods use
      methods.sort((x, y) => Number(field(y.def, 'name')?.text === '__init__') - Number(field(x.def, 'name')?.text === '__init__'));
      for (const m of methods) {
        if (m.decorators.some((d) => PROPERTY.test(d))) add(field(m.def, 'name')!.text, { kind: 'property', fn: m.def, value: null, ann: null });
        for (const a of m.def.descendantsOfType('assignment')) {
          const left = a && field(a, 'left');
          if (left?.type !== 'attribute' || field(left, 'object')?.text !== 'self') continue;
          add(field(left, 'attribute')!.text, { kind: 'value', fn: enclosingFunction(a!) ?? m.def, value: field(a!, 'right'), ann: field(a!, 'type') });
        }
      }
      return out;
    });
  }
}
