/**
 * The knowledge tool-input checks with, written as data: one module per vulnerability kind (`path.ts`,
 * `command.ts`, …) lists its sinks and sanitisers per language as rows, like CodeQL's model rows or semgrep's
 * taint sources/sinks/sanitizers. The language catalogues (`taint/python-catalogue.ts`, `taint/js-catalogue.ts`)
 * build their lookup tables from these rows and hold only the matching logic; the rule pages' sink lists are
 * generated from them, and a test checks that every row has a fixture that reports it.
 */
import type { SinkKind } from '../taint/types.js';

export type RowLanguage = 'python' | 'javascript';

/**
 * How the language's matcher recognises a sink row's call:
 * - `call`: a call whose canonical callee (after import resolution: `os.remove`, `fs.readFile`, `child_process.exec`)
 *   is one of `names`; the arguments at `args` (else the keywords in `keywords`) reach the sink;
 * - `method`: a method call named one of `names` on a receiver the row's `receiver` describes (a path object, an
 *   HTTP client, a database handle, …) — the matcher decides what the receiver is;
 * - `shape`: a call the matcher recognises by a named shape the row's `when` describes (`subprocess.run` with
 *   `shell=True`, an argv whose first element is a shell and whose second is `-c`, …): the names are the
 *   callees it applies to, and the logic lives in the matcher, named by `shape`.
 */
export type SinkForm = 'call' | 'method' | 'shape';

export interface SinkRow {
  lang: RowLanguage;
  form: SinkForm;
  /** Canonical callee names (form `call`/`shape`) or method names (form `method`). */
  names: readonly string[];
  /** Argument positions that reach the sink (form `call`/`method`); none: the matcher's own choice, said in `when`. */
  args?: readonly number[];
  /** Keyword (Python) or option-object (JS) names that reach the sink when the positions are absent. */
  keywords?: readonly string[];
  /** The sink only reads the file (a fixed file name under a chosen directory is quiet, walk.ts `fixedFileName`). */
  read?: boolean | 'mode';
  /** For `method` rows: what the receiver must be, in words the matcher implements (`path object`, `HTTP client`). */
  receiver?: string;
  /** For `shape` rows: the matcher's name for the shape (one `case` in the language catalogue). */
  shape?: string;
  /** When the call is a sink, in words (for the docs list and the reader): `with shell=True`, `without SafeLoader`. */
  when?: string;
  /** For `method` rows: callees whose result is such a receiver (`requests.Session`, `httpx.Client` for an HTTP client's methods). */
  receivers?: readonly string[];
}

/** A call (or method) whose result is no longer model-controlled text for `safeFor` kinds (`int(x)`, `shlex.quote(x)`). */
export interface SanitizerRow {
  lang: RowLanguage;
  form: 'call' | 'method';
  names: readonly string[];
  safeFor: 'all' | readonly SinkKind[];
  /** Why the result is safe, in a few words (the docs list shows it). */
  why?: string;
}

/** The rows of one vulnerability kind. */
export interface KindRows {
  kind: SinkKind;
  sinks: readonly SinkRow[];
  sanitizers: readonly SanitizerRow[];
}

/** The rows of `rows` for one language and form, e.g. the Python `call` sinks of the path kind. */
export function rowsOf<R extends SinkRow | SanitizerRow>(rows: readonly R[], lang: RowLanguage, form?: R['form']): R[] {
  return rows.filter((r) => r.lang === lang && (form === undefined || r.form === form));
}
