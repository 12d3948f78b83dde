/**
 * Boolean flags that decide a Python helper's branches: `restrict_to_base_dir: bool = True` tested as
 * `if not restrict_to_base_dir:`. A flag the call fixes (a literal `True`/`False`, or the default left in
 * place) decides the branch like a string constant does (python.ts `consts`). A flag taken from the
 * instance's configuration (`self.restrict_to_base_dir`, set in `__init__` from a constructor parameter
 * with a literal default and never written elsewhere) holds its default unless the operator who builds the
 * tool chooses otherwise: a branch taken only under the other value is an operator opt-out, like one
 * decided by the process environment (walk.ts `optOutBranch`): its returns do not count against the checks
 * the helper applies on its default path, and the sinks inside it are still reported.
 */
import type { Node } from '../../../parsing/parsers.js';
import { classKey, enclosingFunction, type ClassRef, type PyClasses } from './python-classes.js';
import { field } from './walk.js';

/** A flag's value for one call: `fixed` by the call (literal or default), or the instance's configured default. */
export interface FlagValue {
  value: boolean;
  fixed: boolean;
}

function named(node: Node | null | undefined): Node[] {
  return node ? (node.namedChildren.filter(Boolean) as Node[]) : [];
}

/** `True` / `False` (parenthesized or not); null for anything else. */
export function pyBoolLiteral(node: Node | null | undefined): boolean | null {
  if (!node) return null;
  if (node.type === 'true') return true;
  if (node.type === 'false') return false;
  if (node.type === 'parenthesized_expression' && named(node).length === 1) return pyBoolLiteral(named(node)[0]);
  return null;
}

const TESTED = new WeakMap<Node, Set<string>>();

/**
 * Parameters of `fn` it tests as a truth value (`if flag:`, `not flag`, `flag and …`, `a if flag else b`)
 * or passes on to a call (where a callee may test it): those a boolean constant may decide branches by.
 */
export function testedParams(fn: Node, paramNames: string[]): Set<string> {
  let out = TESTED.get(fn);
  if (out) return out;
  out = new Set();
  const params = new Set(paramNames);
  const add = (n: Node | null | undefined) => {
    if (n?.type === 'identifier' && params.has(n.text)) out!.add(n.text);
  };
  for (const c of fn.descendantsOfType(['if_statement', 'elif_clause', 'while_statement'])) add(c && field(c, 'condition'));
  for (const c of fn.descendantsOfType(['not_operator', 'boolean_operator', 'conditional_expression', 'argument_list']))
    for (const o of named(c)) add(o.type === 'keyword_argument' ? field(o, 'value') : o);
  TESTED.set(fn, out);
  return out;
}

/** The truth of a condition built from flags (`flag`, `not flag`, `a and b`, `self.flag`), null when a part is not one. */
export async function flagCondition(cond: Node, leaf: (n: Node) => Promise<FlagValue | null>, depth = 0): Promise<{ value: boolean; fixed: boolean } | null> {
  if (depth > 8) return null;
  switch (cond.type) {
    case 'parenthesized_expression':
      return named(cond).length === 1 ? flagCondition(named(cond)[0], leaf, depth + 1) : null;
    case 'not_operator': {
      const inner = await flagCondition(field(cond, 'argument')!, leaf, depth + 1);
      return inner && { value: !inner.value, fixed: inner.fixed };
    }
    case 'boolean_operator': {
      const op = field(cond, 'operator')?.text;
      const l = await flagCondition(field(cond, 'left')!, leaf, depth + 1);
      const r = await flagCondition(field(cond, 'right')!, leaf, depth + 1);
      if (!l || !r) return null;
      return { value: op === 'and' ? l.value && r.value : l.value || r.value, fixed: l.fixed && r.fixed };
    }
    case 'identifier':
    case 'attribute':
      return leaf(cond);
    default:
      return null;
  }
}

/**
 * The configured default of `self.<attr>` in an instance of `cls`: set once, in an `__init__` of its
 * hierarchy, from a parameter of that `__init__` with a literal boolean default (or from a literal), never
 * written elsewhere in the hierarchy, and no `__init__` of it passing that parameter on by name to another
 * (`super().__init__(restrict=False)`). Null when the code does not say.
 */
export function configuredFlag(classes: PyClasses, cls: ClassRef, attr: string): Promise<boolean | null> {
  // once per class and field and scan: every `if self.x:` of every method asks
  return classes.project.memo(`taint:pyflag:${classKey(cls)}:${attr}`, () => readConfiguredFlag(classes, cls, attr));
}

async function readConfiguredFlag(classes: PyClasses, cls: ClassRef, attr: string): Promise<boolean | null> {
  const hierarchy = await classes.mro(cls);
  let found: boolean | null = null;
  let sites = 0;
  for (const c of hierarchy) {
    for (const a of c.node.descendantsOfType(['assignment', 'augmented_assignment'])) {
      const left = a && field(a, 'left');
      const targets = left?.type === 'pattern_list' || left?.type === 'tuple_pattern' ? named(left) : left ? [left] : [];
      for (const t of targets) {
        if (t.type !== 'attribute' || field(t, 'object')?.text !== 'self' || field(t, 'attribute')?.text !== attr) continue;
        sites++;
        const fn = enclosingFunction(a!);
        if (sites > 1 || a!.type !== 'assignment' || t !== left || !fn || field(fn, 'name')?.text !== '__init__') return null;
        found = initFlagValue(fn, field(a!, 'right'));
        if (found === null) return null;
      }
    }
    // a hierarchy's `__init__` passing a flag on by keyword (`super().__init__(restrict=False)`) configures it otherwise
    for (const k of c.node.descendantsOfType('keyword_argument'))
      if (k && field(k, 'name')?.text === attr && /__init__\s*\(/.test(k.parent?.parent?.text.slice(0, 200) ?? '')) return null;
  }
  return found;
}

/** The value an `__init__` assigns from: a literal, or one of its parameters with a literal default it never rebinds. */
function initFlagValue(init: Node, value: Node | null): boolean | null {
  const lit = pyBoolLiteral(value);
  if (lit !== null || value?.type !== 'identifier') return lit;
  const p = named(field(init, 'parameters')).find(
    (x) => (x.type === 'default_parameter' || x.type === 'typed_default_parameter') && field(x, 'name')?.text === value.text,
  );
  if (!p) return null;
  const rebound = init.descendantsOfType('assignment').some((a) => a && field(a, 'left')?.type === 'identifier' && field(a, 'left')!.text === value.text);
  return rebound ? null : pyBoolLiteral(field(p, 'value'));
}

/**
 * `return True, resolved` / `return False, base_dir`: a 2-tuple whose first element is a boolean literal —
 * the `(is_safe, path)` shape of a check helper. Its flag and the value node; null for any other return.
 */
export function flaggedTuple(value: Node | null | undefined): { flag: boolean; value: Node } | null {
  let v = value;
  while (v?.type === 'parenthesized_expression' && named(v).length === 1) v = named(v)[0];
  if (!v || (v.type !== 'tuple' && v.type !== 'expression_list')) return null;
  const els = named(v).filter((n) => n.type !== 'comment');
  const flag = els.length === 2 ? pyBoolLiteral(els[0]) : null;
  return flag === null ? null : { flag, value: els[1] };
}
