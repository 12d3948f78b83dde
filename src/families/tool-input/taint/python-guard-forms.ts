/**
 * Python guard forms read from the syntax around a value rather than from one refined condition:
 * - an SQL identifier quoted by doubling (or removing) its quote character and wrapping it in that quote
 *   (`f'"{name.replace(chr(34), 2 * chr(34))}"'`), which cannot leave the quotes;
 * - a developer safety switch (`unsafe_mode: bool = False`, `safe_mode: bool = True`) set by the
 *   constructor and never changed: under its default a branch on it goes one way;
 * - numbers: an ordering comparison with a number literal raises TypeError for a str, list or None, so a
 *   value it ran on is a number (`isinstance(x, int)` likewise).
 * The walker (python.ts) asks; this module only reads syntax.
 */
import type { Node } from '../../../parsing/parsers.js';
import { PY_FUNCTION_TYPES } from '../../../parsing/nodes.js';
import { pyLiteralString } from './python-catalogue.js';
import { field } from './walk.js';

function named(node: Node | null | undefined): Node[] {
  return node ? (node.namedChildren.filter(Boolean) as Node[]) : [];
}

/** A literal's text with the simple backslash escapes of quotes read (`'\\"'` is `"`). */
function literalText(node: Node | null | undefined): string | null {
  const s = pyLiteralString(node);
  return s === null ? null : s.replace(/\\(["'`\\])/g, '$1');
}

// ---------------------------------------------------------------- quoted SQL identifiers

/**
 * Identifier quotes: `"` (standard SQL, SQLite, PostgreSQL, DuckDB) and the MySQL backtick. Inside them a
 * backslash is no escape, so doubling the quote (or removing it) is a complete escape. A single-quoted
 * string literal is not among them: MySQL also reads `\'` there, so `'` doubled is no guard on it.
 */
const IDENTIFIER_QUOTES = new Set(['"', '`']);

/** The quote character `x.replace(Q, QQ)` / `x.replace(Q, "")` escapes, else null. */
function escapedQuote(call: Node): string | null {
  if (call.type !== 'call') return null;
  const f = field(call, 'function');
  if (f?.type !== 'attribute' || field(f, 'attribute')?.text !== 'replace') return null;
  const args = named(field(call, 'arguments')).filter((a) => a.type !== 'comment');
  if (args.length !== 2) return null;
  const [q, by] = args.map(literalText);
  return q !== null && IDENTIFIER_QUOTES.has(q) && (by === q + q || by === '') ? q : null;
}

/**
 * The quote character a value has escaped: a `.replace(Q, QQ)` call, or a local variable every
 * assignment of which is one (`locals` gives them; none when the name is a parameter or not assigned).
 */
function quoteOf(node: Node, locals: (name: string) => Node[]): string | null {
  if (node.type === 'call') return escapedQuote(node);
  if (node.type !== 'identifier') return null;
  const values = locals(node.text);
  if (!values.length) return null;
  const qs = values.map(escapedQuote);
  return qs.every((q) => q !== null && q === qs[0]) ? qs[0] : null;
}

/** The literal text right before (`end`) or after (`start`) a part of a `+` chain, if a literal is there. */
function adjacentLiteral(n: Node | null | undefined, side: 'end' | 'start'): string | null {
  // a chain nested past a few levels is not read (no walker recurses without bound)
  for (let i = 0; n && i < 8; i++) {
    if (n.type !== 'binary_operator' || field(n, 'operator')?.text !== '+') return literalText(n);
    n = field(n, side === 'end' ? 'right' : 'left');
  }
  return null;
}

/**
 * Does `node` (a value of the walked function) stand between two identifier quotes it has escaped:
 * `f'"{escaped}"'`, `` f"`{t.replace('`', '``')}`" ``, `'"' + t.replace('"', '""') + '"'`.
 */
export function quotedIdentifier(node: Node, locals: (name: string) => Node[]): boolean {
  const parent = node.parent;
  if (!parent || (parent.type !== 'interpolation' && parent.type !== 'binary_operator')) return false;
  const q = quoteOf(node, locals);
  if (!q) return false;
  if (parent.type === 'interpolation') {
    // `{x!r}` / `{x:>10}` change the text: only a plain field
    if (named(parent).length !== 1) return false;
    const before = parent.previousNamedSibling;
    const after = parent.nextNamedSibling;
    const text = (n: Node) => n.text.replace(/\\(["'`\\])/g, '$1');
    return before?.type === 'string_content' && after?.type === 'string_content' && text(before).endsWith(q) && text(after).startsWith(q);
  }
  // `(lit + x) + lit`
  if (field(parent, 'operator')?.text !== '+' || field(parent, 'right')?.startIndex !== node.startIndex) return false;
  const outer = parent.parent;
  if (outer?.type !== 'binary_operator' || field(outer, 'operator')?.text !== '+' || field(outer, 'left')?.startIndex !== parent.startIndex) return false;
  return !!adjacentLiteral(field(parent, 'left'), 'end')?.endsWith(q) && !!adjacentLiteral(field(outer, 'right'), 'start')?.startsWith(q);
}

// ---------------------------------------------------------------- developer safety switches

/** Switches whose true value keeps the checks on (`safe_mode`), and ones whose true value turns them off (`unsafe_mode`). */
const SAFE_WHEN_TRUE = /^_?(safe|safe_mode|safety|safety_checks|sandbox|sandboxed|sandbox_mode|secure|secure_mode|restricted|restricted_mode)$/i;
const SAFE_WHEN_FALSE =
  /^_?(unsafe|unsafe_mode|insecure|insecure_mode|dangerous|dangerous_mode|allow_unsafe\w*|allow_dangerous\w*|trust_remote_code|disable_(safety|security|sandbox)\w*|skip_(safety|security)\w*|no_sandbox)$/i;

/** The value of a switch under which the checks stay on, by its name; null for a name that is no safety switch. */
export function safeValueOf(attr: string): boolean | null {
  if (SAFE_WHEN_TRUE.test(attr)) return true;
  if (SAFE_WHEN_FALSE.test(attr)) return false;
  return null;
}

function boolLiteral(n: Node | null | undefined): boolean | null {
  return n?.type === 'true' ? true : n?.type === 'false' ? false : null;
}

/** The function definition enclosing a node, null at class or module level. */
function enclosingFunction(n: Node): Node | null {
  for (let p = n.parent; p; p = p.parent) {
    if (PY_FUNCTION_TYPES.has(p.type)) return p;
    if (p.type === 'class_definition') return null;
  }
  return null;
}

/** The default of parameter `name` of a function when it is a bool literal (`unsafe_mode: bool = False`). */
function boolDefault(fn: Node, name: string): boolean | null {
  for (const p of named(field(fn, 'parameters'))) {
    if ((p.type === 'default_parameter' || p.type === 'typed_default_parameter') && field(p, 'name')?.text === name) return boolLiteral(field(p, 'value'));
  }
  return null;
}

/**
 * The value `self.<attr>` holds in every instance of the classes (a class and its bases): set only in
 * `__init__` (or the class body) from a bool literal, or from an `__init__` parameter with a bool default
 * that `__init__` never reassigns; null when anything else assigns it. The default is what a caller who
 * does not opt out gets.
 */
export function constructorDefault(classes: Node[], attr: string): boolean | null {
  let value: boolean | null = null;
  let sites = 0;
  for (const cls of classes) {
    for (const a of cls.descendantsOfType(['assignment', 'augmented_assignment', 'named_expression'])) {
      if (!a) continue;
      const left = field(a, a.type === 'named_expression' ? 'name' : 'left');
      const fn = enclosingFunction(a);
      const classLevel = !fn && left?.type === 'identifier' && left.text === attr && a.parent?.parent?.parent?.startIndex === cls.startIndex;
      const selfField = left?.type === 'attribute' && field(left, 'object')?.text === 'self' && field(left, 'attribute')?.text === attr;
      if (!classLevel && !selfField) {
        // `self.x, y = ...`: assigned through a pattern
        if (left && /pattern|tuple|list/.test(left.type) && left.text.includes(`self.${attr}`)) return null;
        continue;
      }
      if (a.type !== 'assignment') return null;
      if (!classLevel && field(fn!, 'name')?.text !== '__init__') return null;
      const right = field(a, 'right');
      let v = boolLiteral(right);
      if (v === null && right?.type === 'identifier' && fn) {
        const reassigned = fn
          .descendantsOfType(['assignment', 'augmented_assignment'])
          .some((b) => b && field(b, 'left')?.type === 'identifier' && field(b, 'left')!.text === right.text);
        v = reassigned ? null : boolDefault(fn, right.text);
      }
      if (v === null || (value !== null && v !== value)) return null;
      value = v;
      sites++;
    }
    // `setattr(self, "unsafe_mode", ...)` anywhere: not only the constructor decides it
    if (cls.text.includes('setattr'))
      for (const call of cls.descendantsOfType('call'))
        if (call && field(call, 'function')?.text === 'setattr' && named(field(call, 'arguments')).some((a) => literalText(a) === attr)) return null;
  }
  return sites ? value : null;
}

/** `self.<attr>` of a branch condition, null for anything else. */
export function selfFlag(cond: Node): string | null {
  if (cond.type !== 'attribute' || field(cond, 'object')?.text !== 'self') return null;
  return field(cond, 'attribute')?.text ?? null;
}

// ---------------------------------------------------------------- numbers

/** A number literal (`1`, `65535`, `-1`, `0.5`). */
export function numberLiteral(n: Node | null | undefined): boolean {
  for (let i = 0; n && i < 4; i++) {
    if (n.type === 'integer' || n.type === 'float') return true;
    if (n.type !== 'unary_operator') return false;
    n = field(n, 'argument');
  }
  return false;
}

const ORDERING = new Set(['<', '>', '<=', '>=']);

/**
 * The operands of a comparison known to be numbers once it has run to the value `truth`: each operand
 * ordered against a number literal in a pair that was evaluated (a chain stops at its first false pair, so
 * on false only the first pair is sure to have run). Only plain names, fields and subscripts: `len(x) > 5`
 * says nothing of `x`.
 */
export function numberOperands(cond: Node, truth: boolean): Node[] {
  const operands = named(cond).filter((n) => n.type !== 'comment');
  const ops = cond.childrenForFieldName('operators').map((n) => n!.text.replace(/\s+/g, ' '));
  if (operands.length < 2 || ops.length !== operands.length - 1) return [];
  const out: Node[] = [];
  const pairs = truth ? ops.length : 1;
  for (let i = 0; i < pairs; i++) {
    if (!ORDERING.has(ops[i])) continue;
    const [a, b] = [operands[i], operands[i + 1]];
    for (const [x, y] of [
      [a, b],
      [b, a],
    ])
      if (numberLiteral(y) && ['identifier', 'attribute', 'subscript'].includes(x.type)) out.push(x);
  }
  return out;
}

/** `isinstance(x, int)` / `(int, float)`: the classes are numbers (bool is an int). */
const NUMBER_CLASSES = new Set(['int', 'float', 'bool', 'complex', 'decimal.Decimal', 'Decimal', 'numbers.Number', 'numbers.Integral', 'numbers.Real']);

export function numberClasses(n: Node | null | undefined, depth = 0): boolean {
  if (!n || depth > 4) return false;
  if (n.type === 'tuple' || n.type === 'parenthesized_expression') return named(n).length > 0 && named(n).every((c) => numberClasses(c, depth + 1));
  return NUMBER_CLASSES.has(n.text);
}
