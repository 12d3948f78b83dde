/**
 * Validators trusted by their name (`check_command_safety`, `is_safe_command`) whose body is in the
 * repository are read: one that only refuses members of a fixed deny list (`if re.search(bad, cmd): return
 * False`, `return not any(b in cmd for b in DANGEROUS)`) lets every other command through — `/bin/rm`,
 * `$(...)`, `python -c ...` — so it is no guard of a shell string or of code. A program-name allowlist
 * (`if parts[0] not in ALLOWED: return False`), a full-match pattern or a check this module does not
 * know keeps the validator trusted.
 *
 * The function's paths are followed to its accepting returns (`return True`, `return True, x`, a returned
 * test): one reached past a deny test and no other check makes it a deny list. The walker (python.ts)
 * asks; this module only reads syntax.
 */
import type { Node } from '../../../parsing/parsers.js';
import { PY_FUNCTION_TYPES } from '../../../parsing/nodes.js';
import { field } from './walk.js';

function named(node: Node | null | undefined): Node[] {
  return node ? (node.namedChildren.filter(Boolean) as Node[]).filter((n) => n.type !== 'comment') : [];
}

/**
 * What a test that came out `truth` tells of the value: `deny` (it is not one of some bad values: not in a
 * list, no bad pattern found, not equal to a literal), `neutral` (nothing about what it is: empty or not,
 * None or not, its length), `check` (anything else, a real check as far as this module knows).
 */
type Finding = 'deny' | 'neutral' | 'check';

/** Path state: passed a check (not only deny tests), passed a deny test. */
interface State {
  checked: boolean;
  denied: boolean;
}

/** Pattern searches: a match means a bad word was found (`re.search`, `BAD.search(x)`, `re.findall`). */
const SEARCHES = new Set(['search', 'match', 'findall', 'finditer']);
/** Methods that only say whether a string is empty (`not command.strip()`). */
const EMPTINESS = new Set(['strip', 'lstrip', 'rstrip', 'isspace']);
const MAX_DEPTH = 12;

function combine(...fs: Finding[]): Finding {
  return fs.includes('check') ? 'check' : fs.includes('deny') ? 'deny' : 'neutral';
}

class Reader {
  /** Accepting returns reached, with the path's state there. */
  readonly accepts: State[] = [];
  /** Values of names assigned in the function (a name assigned more than once: unknown). */
  private readonly locals = new Map<string, Node | null>();
  private readonly params = new Set<string>();

  constructor(private readonly fn: Node) {
    for (const p of named(field(fn, 'parameters'))) {
      const n = p.type === 'identifier' ? p : field(p, 'name');
      if (n?.type === 'identifier') this.params.add(n.text);
    }
    // a name assigned once keeps that value; `ok, why = check(x)` binds both names to the call
    const counts = new Map<string, number>();
    for (const a of fn.descendantsOfType(['assignment', 'augmented_assignment'])) {
      const left = a && field(a, 'left');
      const right = a && field(a, 'right');
      if (!left) continue;
      const names = left.type === 'identifier' ? [left] : (left.descendantsOfType('identifier').filter(Boolean) as Node[]);
      for (const n of names) {
        counts.set(n.text, (counts.get(n.text) ?? 0) + 1);
        const whole = a.type === 'assignment' && (left.type === 'identifier' || right?.type === 'call');
        this.locals.set(n.text, counts.get(n.text) === 1 && whole ? right : null);
      }
    }
  }

  private get name(): string {
    return field(this.fn, 'name')?.text ?? '';
  }

  /** A call of the function itself (`check_command_safety(payload)` on a `bash -c` payload): what it refuses, it refuses here too. */
  private recursive(call: Node): boolean {
    const f = field(call, 'function');
    const last = f?.type === 'attribute' ? field(f, 'attribute')?.text : f?.text;
    return !!last && last === this.name;
  }

  test(node: Node | null | undefined, truth: boolean, depth = 0): Finding {
    if (!node || depth > MAX_DEPTH) return 'check';
    switch (node.type) {
      case 'parenthesized_expression':
        return this.test(named(node)[0], truth, depth + 1);
      case 'not_operator':
        return this.test(field(node, 'argument'), !truth, depth + 1);
      case 'boolean_operator':
        return combine(this.test(field(node, 'left'), truth, depth + 1), this.test(field(node, 'right'), truth, depth + 1));
      case 'comparison_operator': {
        const ops = node.childrenForFieldName('operators').map((n) => n!.text.replace(/\s+/g, ' '));
        const operands = named(node);
        if (ops.length !== 1) return 'check';
        const [op] = ops;
        if (op === 'is' || op === 'is not') return operands.some((o) => o.type === 'none') ? 'neutral' : 'check';
        // `len(x) > 1000`: a length says nothing of what the value is
        if (['<', '>', '<=', '>='].includes(op)) return operands.some((o) => o.type === 'call' && field(o, 'function')?.text === 'len') ? 'neutral' : 'check';
        // `x in BAD` / `x == "rm"` false, `x not in BAD` / `x != "rm"` true: one bad value fewer
        const positive = op === 'in' || op === '==';
        if (!positive && op !== 'not in' && op !== '!=') return 'check';
        return positive !== truth ? 'deny' : 'check';
      }
      case 'call':
        return this.callTest(node, truth, depth);
      case 'identifier': {
        if (this.params.has(node.text)) return 'neutral';
        const value = this.locals.get(node.text);
        if (value?.type === 'call' && this.recursive(value)) return 'neutral';
        return value ? this.test(value, truth, depth + 1) : 'check';
      }
      case 'true':
      case 'false':
        return 'neutral';
      default:
        return 'check';
    }
  }

  private callTest(call: Node, truth: boolean, depth: number): Finding {
    if (this.recursive(call)) return 'neutral';
    const f = field(call, 'function');
    const name = f?.type === 'attribute' ? field(f, 'attribute')!.text : (f?.text ?? '');
    const args = named(field(call, 'arguments'));
    if (f?.type === 'attribute' && EMPTINESS.has(name)) return 'neutral';
    if (f?.type === 'identifier' && (name === 'isinstance' || name === 'len' || name === 'bool'))
      return name === 'bool' ? this.test(args[0], truth, depth + 1) : 'neutral';
    // a search found nothing bad / no element was bad; what one that matched or all elements passed proves is not read
    // a search for a character outside a class (`re.search(r"[^a-z0-9_-]", x)`) is an allowlist of characters
    if (SEARCHES.has(name)) return truth || this.characterAllowlist(call) ? 'check' : 'deny';
    if (name === 'startswith' || name === 'endswith') return truth ? 'check' : 'deny';
    // `any(b in cmd for b in BAD)`: the generator is the argument list
    const argsNode = field(call, 'arguments');
    const gen = argsNode?.type === 'generator_expression' ? argsNode : args.length === 1 && args[0].type === 'generator_expression' ? args[0] : null;
    if ((name === 'any' || name === 'all') && f?.type === 'identifier' && gen) {
      if ((name === 'any') === truth) return 'check';
      return this.test(field(gen, 'body'), truth, depth + 1);
    }
    return 'check';
  }

  /** The pattern a search uses is one negated character class: `re.search(r"[^\w.-]", x)`, `BAD = re.compile("[^a-z]")`. */
  private characterAllowlist(call: Node): boolean {
    const f = field(call, 'function');
    const obj = f?.type === 'attribute' ? field(f, 'object') : null;
    let pattern: Node | null | undefined = null;
    if (obj?.text === 're') pattern = named(field(call, 'arguments'))[0];
    else if (obj?.type === 'identifier') {
      const compiled = this.locals.get(obj.text) ?? moduleValue(this.fn, obj.text);
      if (compiled?.type === 'call' && /(^|\.)compile$/.test(field(compiled, 'function')?.text ?? '')) pattern = named(field(compiled, 'arguments'))[0];
    }
    const text = pattern ? literalText(pattern) : null;
    return text !== null && /^\^?\[\^(\\.|[^\]\\])*\][+*]?\$?$/.test(text);
  }

  /** Follow a block from `states`; the states falling out of it (none when every path returns or raises). */
  block(stmts: Node[], states: State[], loop: State[] | null, depth = 0): State[] {
    let cur = states;
    for (const st of stmts) {
      if (!cur.length) break;
      cur = this.statement(st, cur, loop, depth);
    }
    return cur;
  }

  private statement(st: Node, states: State[], loop: State[] | null, depth: number): State[] {
    if (depth > MAX_DEPTH) return states.map((s) => ({ ...s, checked: true }));
    switch (st.type) {
      case 'return_statement':
        this.returned(named(st)[0], states);
        return [];
      case 'raise_statement':
        return [];
      case 'continue_statement':
      case 'break_statement':
        loop?.push(...states);
        return [];
      case 'if_statement':
        return this.ifStatement(st, states, loop, depth);
      case 'for_statement':
      case 'while_statement': {
        // the body runs for the elements it checks: past the loop each one passed
        const exits: State[] = [];
        const out = this.block(named(field(st, 'body')), states, exits, depth + 1).concat(exits);
        const alt = field(st, 'alternative');
        return alt ? this.block(named(named(alt).find((n) => n.type === 'block') ?? alt), out, loop, depth + 1) : out;
      }
      case 'with_statement':
        return this.block(named(field(st, 'body')), states, loop, depth + 1);
      case 'try_statement': {
        const out = this.block(named(field(st, 'body')), states, loop, depth + 1);
        for (const c of named(st))
          if (c.type === 'except_clause' || c.type === 'except_group_clause')
            out.push(...this.block(named(named(c).find((n) => n.type === 'block')), states, loop, depth + 1));
        return out;
      }
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
        return states;
      default:
        // a statement holding returns this module does not follow (`match`): assume a check there
        if (st.descendantsOfType('return_statement').some((r) => r && !this.nested(r, st))) return states.map((s) => ({ ...s, checked: true }));
        return states;
    }
  }

  /** Is `n` inside a function nested in `within`. */
  private nested(n: Node, within: Node): boolean {
    for (let p = n.parent; p && p.startIndex >= within.startIndex && p !== within; p = p.parent) if (PY_FUNCTION_TYPES.has(p.type)) return true;
    return false;
  }

  private ifStatement(st: Node, states: State[], loop: State[] | null, depth: number): State[] {
    const out: State[] = [];
    let rest = states;
    const branches: { cond: Node | null; body: Node | null }[] = [{ cond: field(st, 'condition'), body: field(st, 'consequence') }];
    for (const alt of named(st)) {
      if (alt.type === 'elif_clause') branches.push({ cond: field(alt, 'condition'), body: field(alt, 'consequence') });
      if (alt.type === 'else_clause') branches.push({ cond: null, body: field(alt, 'body') ?? named(alt).find((n) => n.type === 'block') ?? null });
    }
    let hasElse = false;
    for (const b of branches) {
      if (!b.cond) {
        hasElse = true;
        out.push(...this.block(named(b.body), rest, loop, depth + 1));
        continue;
      }
      out.push(...this.block(named(b.body), apply(rest, this.test(b.cond, true)), loop, depth + 1));
      rest = apply(rest, this.test(b.cond, false));
    }
    if (!hasElse) out.push(...rest);
    return dedupe(out);
  }

  /** A return: `True` / `(True, x)` accepts; `False` / `(False, x)` refuses; a returned test accepts where it holds. */
  private returned(value: Node | undefined, states: State[]): void {
    if (!value) return;
    const first = value.type === 'tuple' || value.type === 'expression_list' ? named(value)[0] : value;
    if (first?.type === 'false' || first?.type === 'none') return;
    if (first?.type === 'true') {
      this.accepts.push(...states);
      return;
    }
    this.accepts.push(...apply(states, value === first ? this.test(value, true) : 'check'));
  }
}

/** The text of a plain string literal (raw or not, no interpolation), else null. */
function literalText(n: Node): string | null {
  if (n.type !== 'string') return null;
  const parts = named(n);
  if (parts.some((p) => p.type === 'interpolation')) return null;
  return parts
    .filter((p) => p.type === 'string_content' || p.type === 'escape_sequence')
    .map((p) => p.text)
    .join('');
}

/** The value of a module-level `NAME = value` of the module holding `fn`. */
function moduleValue(fn: Node, name: string): Node | null {
  let root: Node = fn;
  for (let i = 0; root.parent && i < 64; i++) root = root.parent;
  for (const st of named(root)) {
    const a = st.type === 'expression_statement' ? named(st)[0] : null;
    if (a?.type === 'assignment' && field(a, 'left')?.text === name) return field(a, 'right');
  }
  return null;
}

function apply(states: State[], f: Finding): State[] {
  if (f === 'neutral') return states;
  return dedupe(states.map((s) => (f === 'deny' ? { ...s, denied: true } : { ...s, checked: true })));
}

function dedupe(states: State[]): State[] {
  const seen = new Set<string>();
  return states.filter((s) => {
    const k = `${s.checked}${s.denied}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Does the validator `fn` accept a value it only tested against a deny list: some path to a `return True`
 * (or `(True, x)`, or a returned test) passes a deny test and nothing else that could be a check. camel's
 * `check_command_safety` has an allowlist mode, but with none configured its last `return True, ""` is
 * reached past the dangerous-command search alone.
 */
export function denyListOnly(fn: Node): boolean {
  const body = field(fn, 'body');
  if (!body) return false;
  const r = new Reader(fn);
  r.block(named(body), [{ checked: false, denied: false }], null);
  return r.accepts.some((s) => s.denied && !s.checked);
}
