import type { Node } from '../../../parsing/parsers.js';

/**
 * Per-position binding of a Python loop target over parallel iterables: `for src, dst in zip(srcs, dsts)`
 * binds `src` to an element of `srcs` and `dst` to one of `dsts` (not both to the taint of the pair), so a
 * flow names the list it came from; `for i, x in enumerate(xs)` binds `i` to a counter (untainted) and `x`
 * to an element of `xs`. Nested forms (`for i, (a, b) in enumerate(zip(as_, bs))`) are followed.
 *
 * Pure syntax: gives, for each name the target binds, the expression whose ELEMENTS it takes (null: a
 * counter, never tool input). Null when the loop is not one of these shapes (the caller then binds every
 * name to the whole iterable, as before).
 */
export interface IterationPart {
  target: Node;
  /** The iterable this target takes an element of; null: the counter of `enumerate`. */
  source: Node | null;
}

const PATTERN_TYPES = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list']);

function named(node: Node | null | undefined): Node[] {
  return node ? (node.namedChildren.filter((c) => c && c.type !== 'comment') as Node[]) : [];
}

function unparenthesized(node: Node): Node {
  let n = node;
  for (let i = 0; i < 16 && n.type === 'parenthesized_expression' && named(n).length === 1; i++) n = named(n)[0];
  return n;
}

/** Does evaluating the expression run nothing (a name, `self.x`, `a["k"]`, a literal list): it can be evaluated again safely. */
function plainValue(node: Node, depth = 0): boolean {
  if (depth > 16) return false;
  if (node.type === 'identifier') return true;
  if (['list', 'tuple', 'set', 'string', 'concatenated_string'].includes(node.type)) return !node.descendantsOfType('call').length;
  if (node.type === 'attribute') return plainValue(node.childForFieldName('object')!, depth + 1);
  if (node.type === 'subscript') return plainValue(node.childForFieldName('value')!, depth + 1) && !node.descendantsOfType('call').length;
  return false;
}

/** The positional arguments of a call to the builtin `name` (no `*args`, no keywords), or null. */
function builtinArgs(node: Node, name: string, shadowed: (name: string) => boolean): Node[] | null {
  const n = unparenthesized(node);
  if (n.type !== 'call') return null;
  const fn = n.childForFieldName('function');
  if (fn?.type !== 'identifier' || fn.text !== name || shadowed(name)) return null;
  // `zip(a, b, strict=True)`: the keyword changes no element
  const args = named(n.childForFieldName('arguments')).filter((a) => !(a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'strict'));
  if (args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat' || a.type === 'keyword_argument')) return null;
  return args;
}

/**
 * The parts of `for <left> in <right>`, or null when `right` is not `zip(...)` / `enumerate(...)` unpacked
 * by a target of the same arity. `shadowed(name)`: does the module define its own `zip` / `enumerate`.
 */
export function iterationParts(left: Node, right: Node, shadowed: (name: string) => boolean, depth = 0): IterationPart[] | null {
  if (depth > 4 || !PATTERN_TYPES.has(left.type)) return null;
  const targets = named(left);
  if (targets.some((t) => t.type === 'list_splat_pattern' || t.type === 'list_splat')) return null;
  const zipped = builtinArgs(right, 'zip', shadowed);
  const enumerated = zipped ? null : builtinArgs(right, 'enumerate', shadowed);
  let sources: (Node | null)[];
  if (zipped && zipped.length === targets.length) sources = zipped;
  else if (enumerated && enumerated.length === 1 && targets.length === 2) sources = [null, enumerated[0]];
  else return null;
  const out: IterationPart[] = [];
  for (let i = 0; i < targets.length; i++) {
    const target = unparenthesized(targets[i]);
    const source = sources[i];
    if (source && PATTERN_TYPES.has(target.type)) {
      // `(a, b)` taking an element of `zip(as_, bs)`: the same again one level down
      const inner = iterationParts(target, source, shadowed, depth + 1);
      if (inner) {
        out.push(...inner);
        continue;
      }
    }
    if (source && !plainValue(unparenthesized(source))) return null;
    out.push({ target, source: source ? unparenthesized(source) : null });
  }
  return out;
}
