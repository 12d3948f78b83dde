/**
 * Small syntax helpers shared by the rate-limit/* rules: walking tree-sitter trees, reading call
 * arguments (Python keyword arguments, JS/TS option objects), resolving a name to the value it was
 * last assigned in the same scope or the module, and finding a local function by name.
 */
import { MAX_SYNTAX_DEPTH } from '../../core/budget.js';
import type { Node } from '../../parsing/parsers.js';
import { descendantsOf, JS_FUNCTION_TYPES, PY_FUNCTION_TYPES } from '../../parsing/nodes.js';

export type Lang = 'python' | 'js';

export function langOf(language: string): Lang {
  return language === 'python' ? 'python' : 'js';
}

/** Every named descendant of `root` (pre-order), optionally not entering nodes for which `skip` is true. Walks with a tree cursor (no child arrays). */
export function* descendants(root: Node, skip?: (n: Node) => boolean): Generator<Node> {
  const cursor = root.walk();
  try {
    if (!cursor.gotoFirstChild()) return;
    for (;;) {
      let enter = true;
      if (cursor.nodeIsNamed) {
        const n = cursor.currentNode;
        yield n;
        if (skip?.(n)) enter = false;
      }
      if (enter && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || cursor.currentNode.id === root.id) return;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Nodes of the given types under `root`, in document order (native search). */
export function nodesOfType(root: Node, types: string[]): Node[] {
  return descendantsOf(root, types);
}

/**
 * JS/TS calls of a method by name (`x.all(…)`, `x?.all(…)`), in document order: found where the text writes
 * `.name`, instead of materialising every call of the tree across the wasm boundary.
 */
export function jsMethodCalls(root: Node, text: string, methods: string[]): Node[] {
  const out = new Map<number, Node>();
  for (const m of text.matchAll(new RegExp(String.raw`\.\s*(${methods.join('|')})(?![\w$])`, 'g'))) {
    const at = m.index + m[0].length - m[1].length;
    const property = root.descendantForIndex(at, at + m[1].length);
    const member = property?.type === 'property_identifier' ? property.parent : null;
    const call = member?.type === 'member_expression' ? member.parent : null;
    const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
    if (call && callee && callee.startIndex === member!.startIndex && callee.endIndex === member!.endIndex && callee.type === member!.type)
      out.set(call.id, call);
  }
  return [...out.values()].sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

export function isFunctionNode(n: Node, lang: Lang): boolean {
  return (lang === 'python' ? PY_FUNCTION_TYPES : JS_FUNCTION_TYPES).has(n.type);
}

/** Call nodes under `root`, not entering nested functions unless `intoFunctions`. */
export function callsIn(root: Node, lang: Lang, intoFunctions = false): Node[] {
  const callType = lang === 'python' ? 'call' : 'call_expression';
  const out: Node[] = [];
  if (root.type === callType || root.type === 'new_expression') out.push(root);
  for (const n of descendants(root, intoFunctions ? undefined : (x) => isFunctionNode(x, lang))) {
    if (n.type === callType || (lang === 'js' && n.type === 'new_expression')) out.push(n);
  }
  return out;
}

/** Text of the called expression with whitespace, `?.` and `await` normalised: `client.chat.completions.create`. */
export function calleeText(call: Node): string {
  const fn = call.childForFieldName('function') ?? call.childForFieldName('constructor');
  if (!fn) return '';
  return fn.text.replace(/\s+/g, '').replace(/\?\./g, '.').replace(/!\./g, '.');
}

/** Last dotted segment of the callee (`create` for `client.chat.completions.create`). */
export function calleeName(call: Node): string {
  const t = calleeText(call);
  const i = t.lastIndexOf('.');
  return i >= 0 ? t.slice(i + 1) : t;
}

export function argList(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return args ? (args.namedChildren.filter((c) => !!c && c.type !== 'comment') as Node[]) : [];
}

/** Python: keyword arguments by name. */
export function pyKwargs(call: Node): Map<string, { node: Node; value: Node }> {
  const out = new Map<string, { node: Node; value: Node }>();
  for (const a of argList(call)) {
    if (a.type !== 'keyword_argument') continue;
    const name = a.childForFieldName('name');
    const value = a.childForFieldName('value');
    if (name && value) out.set(name.text, { node: a, value });
  }
  return out;
}

export function pyPositional(call: Node): Node[] {
  return argList(call).filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat' && a.type !== 'list_splat');
}

export function pyHasDictSplat(call: Node): boolean {
  return argList(call).some((a) => a.type === 'dictionary_splat');
}

/** JS/TS: the properties of an object literal, by key (string or identifier keys; shorthand too). */
export function jsObjectProps(obj: Node | null | undefined): Map<string, { node: Node; value: Node }> {
  const out = new Map<string, { node: Node; value: Node }>();
  if (!obj || obj.type !== 'object') return out;
  for (const p of obj.namedChildren) {
    if (!p) continue;
    if (p.type === 'pair') {
      const k = p.childForFieldName('key');
      const v = p.childForFieldName('value');
      if (k && v) out.set(stripQuotes(k.text), { node: p, value: v });
    } else if (p.type === 'shorthand_property_identifier') {
      out.set(p.text, { node: p, value: p });
    }
  }
  return out;
}

export function jsHasSpread(obj: Node | null | undefined): boolean {
  return !!obj && obj.namedChildren.some((p) => p?.type === 'spread_element');
}

export function stripQuotes(s: string): string {
  return s.replace(/^[rbuf]*(['"]{1,3})([\s\S]*)\1$/i, '$2').replace(/^`([\s\S]*)`$/, '$1');
}

/** Python dictionary literal: keys (string keys only) to values. */
export function pyDictPairs(dict: Node): Map<string, { node: Node; value: Node }> {
  const out = new Map<string, { node: Node; value: Node }>();
  if (dict.type !== 'dictionary') return out;
  for (const p of dict.namedChildren) {
    if (p?.type !== 'pair') continue;
    const k = p.childForFieldName('key');
    const v = p.childForFieldName('value');
    if (k && v && k.type === 'string') out.set(stripQuotes(k.text), { node: p, value: v });
  }
  return out;
}

/** Strip parentheses, `await`, TS `as`/`satisfies`/non-null wrappers. */
export function unwrap(n: Node): Node {
  let cur = n;
  for (;;) {
    if (
      (cur.type === 'parenthesized_expression' ||
        cur.type === 'await' ||
        cur.type === 'await_expression' ||
        cur.type === 'as_expression' ||
        cur.type === 'satisfies_expression' ||
        cur.type === 'non_null_expression') &&
      cur.namedChildren[0]
    ) {
      cur = cur.namedChildren[0]!;
      continue;
    }
    return cur;
  }
}

/** The innermost function (or the module/program) containing `n`. */
export function enclosingScope(n: Node, lang: Lang): Node {
  let cur = n.parent;
  while (cur) {
    if (isFunctionNode(cur, lang) || cur.type === 'module' || cur.type === 'program') return cur;
    cur = cur.parent;
  }
  return n;
}

export function enclosingFunction(n: Node, lang: Lang): Node | null {
  let cur = n.parent;
  while (cur) {
    if (isFunctionNode(cur, lang)) return cur;
    cur = cur.parent;
  }
  return null;
}

function rootOf(n: Node): Node {
  return n.tree.rootNode;
}

/** Assignments `name = value` directly in `scope` (not in nested functions), in source order. */
export function assignmentsIn(scope: Node, name: string, lang: Lang): { target: Node; value: Node }[] {
  const out: { target: Node; value: Node }[] = [];
  const body = lang === 'python' && scope.type === 'function_definition' ? scope.childForFieldName('body') : scope;
  if (!body) return out;
  for (const n of descendants(body, (x) => isFunctionNode(x, lang) || x.type === 'class_definition' || x.type === 'class_declaration')) {
    if (lang === 'python') {
      if (n.type === 'assignment') {
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (left?.type === 'identifier' && left.text === name && right) out.push({ target: left, value: right });
      }
    } else if (n.type === 'variable_declarator') {
      const left = n.childForFieldName('name');
      const right = n.childForFieldName('value');
      if (left?.type === 'identifier' && left.text === name && right) out.push({ target: left, value: right });
    } else if (n.type === 'assignment_expression') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left?.type === 'identifier' && left.text === name && right) out.push({ target: left, value: right });
    }
  }
  return out;
}

/**
 * The value `name` holds at `at`: its last assignment before `at` in the enclosing scope, else (walking
 * outwards) in an outer scope, ending at the module. Null when never assigned (a parameter, an import).
 */
export function resolveName(name: string, at: Node, lang: Lang): Node | null {
  let scope: Node | null = enclosingScope(at, lang);
  while (scope) {
    const found = assignmentsIn(scope, name, lang);
    if (found.length) {
      const before = found.filter((f) => f.target.startIndex < at.startIndex);
      const pick = before.length ? before[before.length - 1] : found[found.length - 1];
      return pick.value;
    }
    if (scope.type === 'module' || scope.type === 'program') break;
    if (hasParameter(scope, name, lang)) return null;
    scope = enclosingScope(scope, lang);
  }
  return null;
}

function hasParameter(fn: Node, name: string, lang: Lang): boolean {
  const params = fn.childForFieldName('parameters') ?? (lang === 'js' ? fn.childForFieldName('parameter') : null);
  if (!params) return false;
  if (params.type === 'identifier') return params.text === name;
  return [...descendants(params)].some((d) => d.type === 'identifier' && d.text === name);
}

/** Per parse tree: every function or method of the file by name (first definition wins), built once. */
const functionIndex = new WeakMap<object, Map<string, Node>>();

function indexFunctions(root: Node, lang: Lang): Map<string, Node> {
  const out = new Map<string, Node>();
  const add = (name: string | undefined, fn: Node | null) => {
    if (name && fn && !out.has(name)) out.set(name, fn);
  };
  const types =
    lang === 'python'
      ? ['function_definition']
      : ['function_declaration', 'generator_function_declaration', 'method_definition', 'variable_declarator', 'public_field_definition'];
  for (const n of descendantsOf(root, types)) {
    if (!n) continue;
    if (n.type === 'variable_declarator' || n.type === 'public_field_definition') {
      const v = n.childForFieldName('value');
      if (v && (v.type === 'arrow_function' || v.type === 'function_expression' || v.type === 'function')) add(n.childForFieldName('name')?.text, v);
    } else {
      add(n.childForFieldName('name')?.text, n);
    }
  }
  return out;
}

/** A function or method defined in the file by name (Python def, JS function/const arrow/method). */
export function findLocalFunction(anyNode: Node, name: string, lang: Lang): Node | null {
  const tree = anyNode.tree as unknown as object;
  let index = functionIndex.get(tree);
  if (!index) {
    index = indexFunctions(rootOf(anyNode), lang);
    functionIndex.set(tree, index);
  }
  return index.get(name) ?? null;
}

/** The body of a function node (block, statement block, or arrow expression body). */
export function functionBody(fn: Node): Node | null {
  return fn.childForFieldName('body');
}

/** Numeric value of a literal (ints, floats, `1_000`, JS numbers); Infinity for `float("inf")`, `math.inf`, `sys.maxsize`, `Infinity`, `Number.MAX_SAFE_INTEGER`. */
export function numericValue(n: Node, depth = 0): number | null {
  // an arithmetic expression nested past the syntax depth limit is no known number (it would overflow the stack)
  if (depth > MAX_SYNTAX_DEPTH) return null;
  const u = unwrap(n);
  const t = u.text.replace(/\s+/g, '');
  if (u.type === 'integer' || u.type === 'float' || u.type === 'number') {
    const v = Number(t.replace(/_/g, ''));
    return Number.isFinite(v) ? v : null;
  }
  if (/^(float\(['"](inf|infinity)['"]\)|math\.inf|sys\.maxsize|numpy\.inf|np\.inf|Infinity|Number\.(POSITIVE_INFINITY|MAX_SAFE_INTEGER|MAX_VALUE))$/i.test(t))
    return Infinity;
  if (u.type === 'unary_operator' || u.type === 'unary_expression') return null;
  if (u.type === 'binary_operator' || u.type === 'binary_expression') {
    const l = u.childForFieldName('left');
    const r = u.childForFieldName('right');
    const op = u.childForFieldName('operator')?.text;
    const a = l ? numericValue(l, depth + 1) : null;
    const b = r ? numericValue(r, depth + 1) : null;
    if (a === null || b === null) return null;
    if (op === '*') return a * b;
    if (op === '+') return a + b;
    if (op === '**') return a ** b;
  }
  return null;
}

export function isNoneLike(n: Node): boolean {
  const u = unwrap(n);
  return u.type === 'none' || u.type === 'null' || u.type === 'undefined' || u.text === 'None' || u.text === 'null' || u.text === 'undefined';
}

/** Module names a Python file imports (`import a.b`, `from a.b import c` → `a.b`) or a JS file imports/requires. */
export function importedModules(text: string): Set<string> {
  const out = new Set<string>();
  // [ \t]*, not \s*: a blank line must not be tried against every blank line after it (40,000 empty lines: 3.4 s).
  for (const m of text.matchAll(/^[ \t]*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))/gm)) out.add(m[1] ?? m[2]);
  for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*|import\s+)['"]([^'"]+)['"]/g)) out.add(m[1]);
  return out;
}

export function importsAny(text: string, prefixes: string[]): boolean {
  for (const m of importedModules(text)) {
    if (prefixes.some((p) => m === p || m.startsWith(p + '.') || m.startsWith(p + '/'))) return true;
  }
  return false;
}

/**
 * Local names under which `name` is imported from `module` (or a submodule): Python
 * `from crewai import Agent as CrewAgent`, JS `import { Experimental_Agent as Agent } from 'ai'`.
 * `module.name` is included when the module itself is imported (`import crewai` → `crewai.Agent`).
 */
export function importedAs(text: string, module: string, names: string[]): Set<string> {
  const out = new Set<string>();
  const mod = module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  // Leading blanks are [ \t]* (never a line break): with \\s* every blank line would be tried against all
  // the blank lines after it (80,000 empty lines: 16 s).
  const py = new RegExp(`^[ \\t]*from\\s+${mod}(?:\\.[\\w.]+)?\\s+import\\s+\\(?([^)\\n]*(?:\\n[^)\\n]*)*?)\\)?\\s*$`, 'gm');
  for (const m of text.matchAll(py)) {
    for (const part of m[1].split(',')) {
      const [orig, alias] = part.trim().split(/(?<!\s)\s+as\s+/);
      if (names.includes(orig?.trim())) out.add((alias ?? orig).trim());
    }
  }
  if (new RegExp(`^[ \\t]*import\\s+${mod}[ \\t]*$`, 'm').test(text)) for (const n of names) out.add(`${module}.${n}`);
  const js = new RegExp(`import\\s*(?:type\\s+)?\\{([^}]*)\\}\\s*from\\s*['"]${mod}(?:/[^'"]*)?['"]`, 'g');
  for (const m of text.matchAll(js)) {
    for (const part of m[1].split(',')) {
      const [orig, alias] = part.trim().split(/(?<!\s)\s+as\s+/);
      if (names.includes(orig?.trim())) out.add((alias ?? orig).trim());
    }
  }
  return out;
}

const CLASS_TYPES = new Set(['class_definition', 'class_declaration', 'class', 'abstract_class_declaration']);

/** What a class field holds: every value assigned to it in the class, and every type written for it. */
export interface FieldBinding {
  values: Node[];
  types: string[];
}

/** Per parse tree and class (by start index): its fields by name, built once per class. */
const classFieldIndex = new WeakMap<object, Map<number, Map<string, FieldBinding>>>();

function fieldOf(out: Map<string, FieldBinding>, name: string | undefined): FieldBinding | null {
  if (!name) return null;
  let b = out.get(name);
  if (!b) out.set(name, (b = { values: [], types: [] }));
  return b;
}

/** The type annotation of parameter `name` of function `fn`, as written (`ChatCompletionClient`, `OpenAI`). */
function parameterType(fn: Node | null, name: string): string | null {
  const params = fn?.childForFieldName('parameters');
  if (!params) return null;
  for (const p of params.namedChildren) {
    if (!p) continue;
    const id = p.childForFieldName('name') ?? p.childForFieldName('pattern') ?? p.namedChildren[0];
    if (id?.text !== name) continue;
    const t = p.childForFieldName('type');
    return t ? t.text.replace(/^:\s*/, '') : null;
  }
  return null;
}

function indexClassFields(cls: Node, lang: Lang): Map<string, FieldBinding> {
  const out = new Map<string, FieldBinding>();
  const body = cls.childForFieldName('body');
  if (!body) return out;
  const selfName = lang === 'python' ? /^(self|cls)$/ : /^this$/;
  for (const n of descendants(body, (x) => CLASS_TYPES.has(x.type))) {
    if (lang === 'python') {
      if (n.type !== 'assignment') continue;
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      const type = n.childForFieldName('type');
      let name: string | undefined;
      if (left?.type === 'attribute' && selfName.test(left.childForFieldName('object')?.text ?? '')) name = left.childForFieldName('attribute')?.text;
      else if (left?.type === 'identifier' && n.parent?.parent?.id === body.id) name = left.text; // class attribute
      const b = name ? fieldOf(out, name) : null;
      if (!b) continue;
      if (type) b.types.push(type.text);
      if (right) {
        b.values.push(right);
        // `self.client = client`: the parameter's annotation says what it holds
        if (right.type === 'identifier') {
          const t = parameterType(enclosingFunction(n, lang), right.text);
          if (t) b.types.push(t);
        }
      }
    } else if (n.type === 'public_field_definition' || n.type === 'field_definition') {
      const b = fieldOf(out, (n.childForFieldName('name') ?? n.childForFieldName('property'))?.text);
      if (!b) continue;
      const v = n.childForFieldName('value');
      const t = n.childForFieldName('type');
      if (v) b.values.push(v);
      if (t) b.types.push(t.text.replace(/^:\s*/, ''));
    } else if (n.type === 'assignment_expression') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left?.type !== 'member_expression' || left.childForFieldName('object')?.type !== 'this' || !right) continue;
      const b = fieldOf(out, left.childForFieldName('property')?.text);
      if (!b) continue;
      b.values.push(right);
      if (right.type === 'identifier') {
        const t = parameterType(enclosingFunction(n, lang), right.text);
        if (t) b.types.push(t);
      }
    } else if (n.type === 'required_parameter' || n.type === 'optional_parameter') {
      // TS parameter properties: constructor(private readonly client: OpenAI)
      if (!n.namedChildren.some((c) => c?.type === 'accessibility_modifier' || c?.type === 'override_modifier') && !/^readonly\b/.test(n.text)) continue;
      const b = fieldOf(out, n.childForFieldName('pattern')?.text);
      const t = n.childForFieldName('type');
      if (b && t) b.types.push(t.text.replace(/^:\s*/, ''));
      const v = n.childForFieldName('value');
      if (b && v) b.values.push(v);
    }
  }
  return out;
}

function enclosingClass(n: Node): Node | null {
  let cur = n.parent;
  while (cur && !CLASS_TYPES.has(cur.type)) cur = cur.parent;
  return cur;
}

function classNamed(anyNode: Node, name: string): Node | null {
  for (const c of descendantsOf(rootOf(anyNode), [...CLASS_TYPES])) if (c?.childForFieldName('name')?.text === name) return c;
  return null;
}

/**
 * A class field read as `self.x` / `cls.x` / `this.x` / `ClassName.x`: what the class assigns to it (in
 * `__init__`, any method, a class attribute, a TS field or parameter property) and the types written for it.
 * Null when `member` is not such a read or the class is not in the file.
 */
export function fieldBinding(member: Node, lang: Lang): FieldBinding | null {
  const m = unwrap(member);
  if (m.type !== 'attribute' && m.type !== 'member_expression') return null;
  const obj = m.childForFieldName('object');
  const prop = m.childForFieldName(lang === 'python' ? 'attribute' : 'property');
  if (!obj || !prop) return null;
  let cls: Node | null = null;
  if (lang === 'python' ? /^(self|cls)$/.test(obj.text) : obj.type === 'this') cls = enclosingClass(m);
  else if (obj.type === 'identifier' && /^[A-Z]/.test(obj.text)) cls = classNamed(m, obj.text);
  if (!cls) return null;
  const tree = m.tree as unknown as object;
  let perTree = classFieldIndex.get(tree);
  if (!perTree) classFieldIndex.set(tree, (perTree = new Map()));
  let fields = perTree.get(cls.startIndex);
  if (!fields) perTree.set(cls.startIndex, (fields = indexClassFields(cls, lang)));
  return fields.get(prop.text) ?? null;
}
