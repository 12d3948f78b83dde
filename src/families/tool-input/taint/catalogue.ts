/** What the JavaScript and the Python sink catalogues share: the shapes of a hit and an argument, and table builders. */
import type { Node } from '../../../parsing/parsers.js';
import { rowsOf, type RowLanguage, type SanitizerRow } from '../kinds/rows.js';
import type { SinkKind, Taint } from './types.js';

/** A tainted value reaching a sink, as a language catalogue finds it. */
export interface SinkHit {
  kind: SinkKind;
  sink: string;
  taint: Taint;
  arg?: Node;
  /** The sink only reads the file (`fs.readFile`, `open(p)`, `Path.read_text`): a fixed file name under a chosen directory is quiet (walk.ts `fixedFileName`). */
  read?: boolean;
  /**
   * An argv value right after a short option whose meaning depends on the program, run by a program the
   * sink does not name (`execFile(command, args)` in a wrapper): quiet when that program takes the option's
   * value (walk.ts `report` defers the decision to the callers that pass the program).
   */
  optionValue?: { option: string; program: Node };
}

/** An argument of a call: its node and its taint. */
export interface SinkArg {
  node: Node;
  t: Taint | null;
}

/** The hits of one call, and `hit(kind, sink, arg)` recording one when the argument is tainted. */
export function sinkHits(): { out: SinkHit[]; hit: (kind: SinkKind, sink: string, a: SinkArg | undefined, read?: boolean) => void } {
  const out: SinkHit[] = [];
  const hit = (kind: SinkKind, sink: string, a: SinkArg | undefined, read?: boolean) => {
    if (a?.t) out.push({ kind, sink, taint: a.t, arg: a.node, ...(read ? { read } : {}) });
  };
  return { out, hit };
}

/**
 * A lookup table written as groups of names sharing one value (`[[0], ['open', 'os.remove']]`: the
 * argument positions that reach the sink), so that a long table reads by what its entries have in common.
 */
export function groupedTable<V>(groups: [V, string[]][]): Map<string, V> {
  const table = new Map<string, V>();
  for (const [value, names] of groups) for (const name of names) table.set(name, value);
  return table;
}

/**
 * File names whose content is a secret wherever they are (`.env`, `id_rsa`, `credentials`, `*.pem`, `/etc/shadow`'s
 * `shadow`): reading one under a chosen directory is not a harmless fixed read.
 */
const SENSITIVE_FILE_NAMES = new Set(
  [
    '.env',
    'id_rsa',
    'id_dsa',
    'id_ecdsa',
    'id_ed25519',
    'credentials',
    'credentials.json',
    '.netrc',
    '.npmrc',
    '.pypirc',
    '.git-credentials',
    '.htpasswd',
    'shadow',
    'passwd',
  ].concat(['secret', 'secrets'].flatMap((n) => [`${n}.json`, `${n}.yaml`, `${n}.yml`, `${n}.toml`])),
);
const SENSITIVE_EXTENSIONS = new Set(['pem', 'key', 'p12', 'pfx', 'kdbx', 'keystore', 'jks']);

function isSensitiveFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return SENSITIVE_FILE_NAMES.has(lower) || lower.startsWith('.env.') || SENSITIVE_EXTENSIONS.has(lower.slice(lower.lastIndexOf('.') + 1));
}

/** A literal last path component naming one ordinary file: no separator, not `.` or `..`, not a secret's usual name. */
export function isFixedFileName(name: string): boolean {
  return name.length > 0 && !/[/\\]/.test(name) && name !== '.' && name !== '..' && !isSensitiveFileName(name);
}

/**
 * The sanitiser rows of one language and form as a lookup: name -> the kinds its result is safe for. A name
 * listed in several kinds (`encodeURIComponent` in path and command) is safe for each of them.
 */
export function sanitizerTable(rows: readonly SanitizerRow[], lang: RowLanguage, form: SanitizerRow['form']): Map<string, 'all' | SinkKind[]> {
  const table = new Map<string, 'all' | SinkKind[]>();
  for (const r of rowsOf(rows, lang, form))
    for (const n of r.names) {
      const had = table.get(n);
      table.set(n, r.safeFor === 'all' || had === 'all' ? 'all' : [...new Set([...(had ?? []), ...r.safeFor])]);
    }
  return table;
}
