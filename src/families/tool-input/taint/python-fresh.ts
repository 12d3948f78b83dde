/**
 * Python directories a tool creates fresh, for path sinks: nothing already in them can be read, overwritten
 * or deleted through them, whichever directory the model chose to create them in.
 *
 * - `d.mkdir()`, `os.mkdir(d)`, `os.makedirs(d)` without `exist_ok=True` fail when `d` exists: past the call
 *   `d` is a new, empty directory (a write of any fixed name inside it clobbers nothing), and the call itself
 *   only creates a directory.
 * - A path segment the code generates (`f"run_{datetime.now():%Y%m%d}"`, `uuid.uuid4().hex`,
 *   `str(int(time.time()))`) names a folder that did not exist before: what precedes it cannot name an
 *   existing file.
 *
 * A name the model chooses inside such a directory (`join(fresh, name)`) keeps its own taint.
 */
import type { Node } from '../../../parsing/parsers.js';
import { pyLiteralString } from './python-catalogue.js';

function named(node: Node | null | undefined): Node[] {
  return node ? (node.namedChildren.filter((c) => !!c && c.type !== 'comment') as Node[]) : [];
}
const field = (n: Node | null | undefined, name: string): Node | null => n?.childForFieldName(name) ?? null;

/** Calls creating a directory, by canonical name: the positional index of `exist_ok` (absent: False). */
const MKDIR_FUNCS = new Map([
  ['os.mkdir', -1],
  ['os.makedirs', 2],
]);
/** `Path.mkdir(mode=0o777, parents=False, exist_ok=False)`: positional index of `exist_ok`. */
const PATH_MKDIR_EXIST_OK = 2;

/**
 * The directory a call creates fresh: `{ dir }` (the expression naming it) when the call is a mkdir that
 * fails on an existing directory; null for any other call, or when `exist_ok` may be true.
 */
export function freshMkdir(
  canon: string | null,
  method: string | null,
  receiverNode: Node | null,
  positional: readonly { node: Node }[],
  keywords: ReadonlyMap<string, { node: Node }>,
): { dir: Node | null } | null {
  let dir: Node | null;
  let existOkAt: number;
  if (canon && MKDIR_FUNCS.has(canon)) {
    existOkAt = MKDIR_FUNCS.get(canon)!;
    dir = positional[0]?.node ?? keywords.get('path')?.node ?? keywords.get('name')?.node ?? null;
  } else if (method === 'mkdir' && receiverNode && !(canon && canon.startsWith('os.'))) {
    existOkAt = PATH_MKDIR_EXIST_OK;
    dir = receiverNode;
  } else return null;
  if (keywords.has('**')) return null;
  const existOk = keywords.get('exist_ok')?.node ?? (existOkAt >= 0 ? positional[existOkAt]?.node : undefined);
  if (existOk && existOk.type !== 'false') return null;
  return { dir };
}

/** Calls whose value is new at each run (canonical names). */
const GENERATORS =
  /^(uuid\.uuid[1345]|secrets\.token_(hex|urlsafe|bytes)|time\.(time|time_ns|monotonic|monotonic_ns|perf_counter_ns)|datetime\.datetime\.(now|utcnow|today)|datetime\.date\.today)$/;
/** Conversions and accessors that keep a generated value generated (`str(...)`, `.hex`, `.strftime(...)`, `.isoformat()`). */
const KEEPING_CALLS = new Set(['str', 'int', 'format']);
const KEEPING_METHODS = new Set(['strftime', 'isoformat', 'timestamp', 'replace', 'lower', 'upper', 'format']);
const KEEPING_ATTRS = new Set(['hex', 'int', 'urn']);

export interface GeneratedLookup {
  /** The canonical dotted name of a callee (through the file's imports). */
  canonical(node: Node): string | null;
  /** The values assigned to a local of the walked function (none for a parameter). */
  valuesOf(name: string): Node[];
  /** Is the name a parameter of the walked function. */
  isParam(name: string): boolean;
}

/**
 * Does the expression contain a value generated at run time (a timestamp, a uuid, random token), so a path
 * segment built from it names something that did not exist before. Read from the code (a local counts
 * when every value assigned to it does).
 */
export function isGeneratedName(node: Node | null | undefined, lookup: GeneratedLookup, depth = 0): boolean {
  if (!node || depth > 6) return false;
  switch (node.type) {
    case 'parenthesized_expression':
      return isGeneratedName(named(node)[0], lookup, depth + 1);
    case 'call': {
      const fn = field(node, 'function')!;
      const canon = lookup.canonical(fn) ?? '';
      if (GENERATORS.test(canon)) return true;
      if (KEEPING_CALLS.has(canon)) return isGeneratedName(named(field(node, 'arguments'))[0], lookup, depth + 1);
      if (fn.type === 'attribute' && KEEPING_METHODS.has(field(fn, 'attribute')!.text)) {
        // `"{}-{}".format(prefix, stamp)` (a literal template) or `stamp.strftime(...)`
        const obj = field(fn, 'object')!;
        if (pyLiteralString(obj) !== null) return named(field(node, 'arguments')).some((a) => isGeneratedName(a, lookup, depth + 1));
        return isGeneratedName(obj, lookup, depth + 1);
      }
      return false;
    }
    case 'attribute':
      return KEEPING_ATTRS.has(field(node, 'attribute')!.text) && isGeneratedName(field(node, 'object'), lookup, depth + 1);
    case 'string':
      // f"run_{stamp}": one interpolated part is generated (the others are checked by their taint)
      return named(node).some((c) => c.type === 'interpolation' && isGeneratedName(named(c)[0], lookup, depth + 1));
    case 'binary_operator':
      return (
        field(node, 'operator')?.text === '+' &&
        (isGeneratedName(field(node, 'left'), lookup, depth + 1) || isGeneratedName(field(node, 'right'), lookup, depth + 1))
      );
    case 'identifier': {
      if (lookup.isParam(node.text)) return false;
      const values = lookup.valuesOf(node.text);
      return values.length > 0 && values.every((v) => isGeneratedName(v, lookup, depth + 1));
    }
    default:
      return false;
  }
}
