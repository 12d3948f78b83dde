import type { Node } from '../../../parsing/parsers.js';

/**
 * Does what a file read gives (a file object, its text, a directory's names) stay inside the function as
 * a yes/no: only compared (`provided == deployed`), tested (`bool(re.search(P, text))`, `name.endswith(x)`,
 * `if text:`), measured (`len`) or dropped, never returned, yielded, written, logged, interpolated, stored
 * in an object or passed to any other call. Then a read of a model-chosen path discloses nothing of the
 * file (only whether it exists and matches), so it is no path traversal.
 *
 * Pure syntax and conservative: every use of every name the content (or a value derived from it, like
 * `json.loads(text)`, `text.strip()`, `data["k"]`) is bound to is checked, in the whole function; any use
 * not in the lists below counts as disclosure and keeps the finding. A test whose other operand may come
 * from the function's parameters is an oracle that reads the file piece by piece (`needle in text`,
 * `text.startswith(guess)`, `re.search(pattern, text)`, `text[i] == c`, `text < guess`), so it counts as
 * disclosure too; only a whole-value equality (`==`, `!=`, `is`) may compare with such a value.
 */

/** Calls whose result is a bool or a number, whatever content they are given. */
const TEST_FUNCS = new Set(['bool', 'len', 'isinstance', 'any', 'all', 'callable', 'hasattr']);
/** Calls whose result is still (part of) the content: followed. */
const DERIVE_FUNCS = new Set([
  're.search',
  're.match',
  're.fullmatch',
  'json.load',
  'json.loads',
  'json.dumps',
  'yaml.safe_load',
  'tomllib.load',
  'tomllib.loads',
  'str',
  'sorted',
  'list',
  'set',
  'tuple',
  'frozenset',
]);
/** Methods of the content giving a bool. */
const TEST_METHODS = new Set([
  'startswith',
  'endswith',
  'isdigit',
  'isalpha',
  'isalnum',
  'isnumeric',
  'isdecimal',
  'isspace',
  'isidentifier',
  'is_dir',
  'is_file',
  'is_symlink',
  'exists',
]);
/** Methods of the content giving (part of) it again: followed. */
const DERIVE_METHODS = new Set([
  'read',
  'readline',
  'readlines',
  'strip',
  'lstrip',
  'rstrip',
  'lower',
  'upper',
  'casefold',
  'split',
  'splitlines',
  'decode',
  'encode',
  'get',
  'keys',
  'values',
  'items',
  'close',
]);
/** Methods taking the content as argument and giving a bool (`other.startswith(text)`), or a regex match on it (followed). */
const TEST_METHODS_ON_ARG = new Set(['startswith', 'endswith', 'issubset', 'issuperset', 'isdisjoint']);
const MATCH_METHODS_ON_ARG = new Set(['search', 'match', 'fullmatch']);

const PATTERN_TYPES = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'as_pattern_target']);
const MAX_WORK = 400;

interface Ctx {
  fn: Node;
  canon: (fn: Node) => string | null;
  /** Names already being checked (`a = text; text = a`). */
  names: Set<string>;
  work: number;
  /** Names that may hold what the function's parameters give (computed on first need; null: too large to tell). */
  fromParams?: Set<string> | null;
}

/** Is `read` (a call reading a file or listing a directory, inside `fn`) a read whose result never leaves the function but as a yes/no. */
export function readStaysUndisclosed(fn: Node, read: Node, canon: (fn: Node) => string | null): boolean {
  // a read alone as a statement (`open(path)`) shows nothing to decide on: left to the path rule
  if (read.parent?.type === 'expression_statement') return false;
  const cx: Ctx = { fn, canon, names: new Set(), work: 0 };
  return staysBoolean(read, cx);
}

const EQUALITY = new Set(['==', '!=', 'is', 'is not']);

/** Most syntax nodes `paramDerivedNames` looks at; past it every operand counts as coming from the parameters. */
const MAX_DERIVED_WORK = 50_000;

/**
 * Names bound (by assignment, loop or `with ... as`) to values that mention a parameter of `fn`, the
 * parameters included (not `self` / `cls`). Null when the function is too large to tell within the work bound.
 */
function paramDerivedNames(fn: Node): Set<string> | null {
  const out = new Set<string>();
  const params = fn.childForFieldName('parameters');
  for (const id of params ? params.descendantsOfType('identifier') : []) {
    if (!id || id.text === 'self' || id.text === 'cls') continue;
    // `x: Type = default`: only the parameter's own name
    const p = id.parent;
    if (p && (p.type === 'typed_parameter' || p.type === 'typed_default_parameter' || p.type === 'default_parameter') && p.namedChildren[0]?.id !== id.id)
      continue;
    out.add(id.text);
  }
  const binders = fn.descendantsOfType(['assignment', 'augmented_assignment', 'named_expression', 'for_statement', 'for_in_clause', 'as_pattern']);
  let work = binders.length;
  for (let round = 0; round < 8; round++) {
    const before = out.size;
    for (const b of binders) {
      if (!b) continue;
      work += b.endIndex - b.startIndex;
      if (work > MAX_DERIVED_WORK) return null;
      const [target, value] =
        b.type === 'named_expression'
          ? [b.childForFieldName('name'), b.childForFieldName('value')]
          : b.type === 'as_pattern'
            ? [b.childForFieldName('alias'), b.namedChildren[0]]
            : [b.childForFieldName('left'), b.childForFieldName('right')];
      if (!target || !value || !mentions(value, out)) continue;
      for (const id of target.type === 'identifier' ? [target] : target.descendantsOfType('identifier'))
        if (id && id.text !== 'self' && id.text !== 'cls' && !binding(id, true)) out.add(id.text);
    }
    if (out.size === before) break;
  }
  return out;
}

function mentions(node: Node, names: Set<string>): boolean {
  if (node.type === 'identifier') return names.has(node.text) && !binding(node, true);
  return node.descendantsOfType('identifier').some((id) => !!id && names.has(id.text) && !binding(id, true));
}

/** Do the operands beside the content (`others`) come from nothing the function was given: no parameter, nothing computed from one. */
function fixedOperands(others: (Node | null | undefined)[], cx: Ctx): boolean {
  const present = others.filter((o): o is Node => !!o);
  if (!present.length) return true;
  if (cx.fromParams === undefined) cx.fromParams = paramDerivedNames(cx.fn);
  const names = cx.fromParams;
  return !!names && present.every((o) => !mentions(o, names));
}

/** The arguments of a call other than `node` (keyword values included). */
function otherArgs(call: Node, node: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return (args?.namedChildren ?? []).filter((a): a is Node => !!a && a.id !== node.id && a.type !== 'comment');
}

function staysBoolean(node: Node, cx: Ctx): boolean {
  if (++cx.work > MAX_WORK) return false;
  const p = node.parent;
  if (!p) return false;
  const is = (n: Node | null | undefined) => !!n && n.id === node.id;
  switch (p.type) {
    case 'parenthesized_expression':
    case 'await':
    case 'boolean_operator':
      // `a or b` gives one of its operands
      return staysBoolean(p, cx);
    case 'comparison_operator': {
      const ops = p.childrenForFieldName('operators').map((o) => o!.text.replace(/\s+/g, ' '));
      return (
        ops.every((o) => EQUALITY.has(o)) ||
        fixedOperands(
          p.namedChildren.filter((c) => c?.id !== node.id),
          cx,
        )
      );
    }
    case 'not_operator':
    case 'if_clause':
    case 'expression_statement':
      return true;
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement':
      return is(p.childForFieldName('condition'));
    case 'assert_statement':
      return is(p.namedChildren[0]);
    case 'conditional_expression': {
      const [, cond] = p.namedChildren;
      return is(cond) || staysBoolean(p, cx);
    }
    case 'subscript':
      return is(p.childForFieldName('value')) && fixedOperands(p.childrenForFieldName('subscript'), cx) && staysBoolean(p, cx);
    case 'attribute': {
      if (!is(p.childForFieldName('object'))) return false;
      const name = p.childForFieldName('attribute')!.text;
      const call = p.parent;
      if (call?.type === 'call' && call.childForFieldName('function')?.id === p.id) {
        if (!fixedOperands(otherArgs(call, node), cx)) return false;
        if (TEST_METHODS.has(name)) return true;
        return DERIVE_METHODS.has(name) && staysBoolean(call, cx);
      }
      // `entry.name` of a scandir entry: still what was read
      return staysBoolean(p, cx);
    }
    case 'argument_list': {
      const call = p.parent;
      const f = call?.type === 'call' ? call.childForFieldName('function') : null;
      if (!call || !f) return false;
      const name = cx.canon(f) ?? f.text;
      if (f.type === 'identifier' && TEST_FUNCS.has(f.text)) return true;
      const others = otherArgs(call, node);
      if (DERIVE_FUNCS.has(name)) return fixedOperands(others, cx) && staysBoolean(call, cx);
      if (f.type === 'attribute') {
        const method = f.childForFieldName('attribute')!.text;
        const receiver = f.childForFieldName('object');
        if (!fixedOperands([receiver, ...others], cx)) return false;
        if (TEST_METHODS_ON_ARG.has(method)) return true;
        if (MATCH_METHODS_ON_ARG.has(method)) return staysBoolean(call, cx);
      }
      return false;
    }
    case 'assignment': {
      if (!is(p.childForFieldName('right'))) return false;
      return namesStayBoolean(p.childForFieldName('left')!, cx.fn, cx);
    }
    case 'as_pattern': {
      // `with open(p) as f:` (not `except E as e`)
      if (p.parent?.type !== 'with_item' || !is(p.namedChildren[0])) return false;
      const alias = p.childForFieldName('alias');
      return !!alias && namesStayBoolean(alias, cx.fn, cx);
    }
    case 'with_item':
      return true;
    case 'for_in_clause':
      // a comprehension's names live in it
      return is(p.childForFieldName('right')) && !!p.parent && namesStayBoolean(p.childForFieldName('left')!, p.parent, cx);
    case 'for_statement':
      return is(p.childForFieldName('right')) && namesStayBoolean(p.childForFieldName('left')!, cx.fn, cx);
    default:
      return false;
  }
}

/** Do the names a target binds (`x`, `a, b`, `(root, dirs, files)`) stay yes/no in every use within `within`. */
function namesStayBoolean(target: Node, within: Node, cx: Ctx): boolean {
  if (target.type === 'identifier') return nameStaysBoolean(target.text, within, cx);
  if (!PATTERN_TYPES.has(target.type)) return false;
  return target.namedChildren.every((c) => !!c && c.type !== 'comment' && namesStayBoolean(c, within, cx));
}

function nameStaysBoolean(name: string, within: Node, cx: Ctx): boolean {
  if (cx.names.has(name)) return true;
  cx.names.add(name);
  for (const id of within.descendantsOfType('identifier')) {
    if (!id || id.text !== name || binding(id)) continue;
    if (!staysBoolean(id, cx)) return false;
  }
  return true;
}

/** Is the identifier not a read of a variable: an assignment or loop target (unless `namesOnly`), an attribute name, a keyword name. */
function binding(id: Node, namesOnly = false): boolean {
  const p = id.parent;
  if (!p) return false;
  if (p.type === 'attribute' && p.childForFieldName('attribute')?.id === id.id) return true;
  if (p.type === 'keyword_argument' && p.childForFieldName('name')?.id === id.id) return true;
  if (namesOnly) return false;
  let n: Node = id;
  while (n.parent && PATTERN_TYPES.has(n.parent.type)) n = n.parent;
  const q = n.parent;
  if (!q) return false;
  if (q.type === 'as_pattern' && q.childForFieldName('alias')?.id === n.id) return true;
  if ((q.type === 'assignment' || q.type === 'for_statement' || q.type === 'for_in_clause') && q.childForFieldName('left')?.id === n.id) return true;
  return false;
}
