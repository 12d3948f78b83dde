import type { Node } from '../../../parsing/parsers.js';
import { inOptionValueSlot, interpreterInput, needsProgram, programName, takesValue } from './argv-options.js';
import { sanitizerTable, sinkHits, type SinkArg as Arg, type SinkHit } from './catalogue.js';
import type { Scope } from './core.js';
import type { FileIndex as PyIndex } from './walk.js';
import type { SinkKind, Taint } from './types.js';
import codeRows from '../kinds/code.js';
import commandRows from '../kinds/command.js';
import deserializationRows from '../kinds/deserialization.js';
import pathRows from '../kinds/path.js';
import { ALL_SANITIZER_ROWS, KIND_ROWS, rowsOf, type KindRows, type SinkForm, type SinkRow } from '../kinds/index.js';
import sqlRows from '../kinds/sql.js';
import ssrfRows from '../kinds/ssrf.js';

/** Python sinks, sanitisers and propagators: the sink and sanitiser tables come from the Python rows of kinds/*.ts, the matching is here. */

export type PySinkHit = SinkHit;

export interface PySinkQuery {
  canon: string | null;
  method: string | null;
  receiverNode: Node | null;
  receiver: Taint | null;
  positional: Arg[];
  keywords: Map<string, Arg>;
  scope: Scope;
  call: Node;
  idx: PyIndex;
}

/** The text of a plain (non-f) string literal, else null. */
export function pyLiteralString(node: Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'string') {
    const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '';
    if (/f/i.test(start)) {
      if (node.namedChildren.some((c) => c?.type === 'interpolation')) return null;
    }
    return node.namedChildren
      .filter((c) => c?.type === 'string_content' || c?.type === 'escape_sequence')
      .map((c) => c!.text)
      .join('');
  }
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.map((c) => pyLiteralString(c));
    return parts.some((p) => p === null) ? null : parts.join('');
  }
  return null;
}

// ---- the tables, built from the Python rows of kinds/*.ts (rows.ts says how a row is read)

/** Each name of the kind's Python rows of one form -> its row. */
function table(kind: KindRows, form: SinkForm): Map<string, SinkRow> {
  const out = new Map<string, SinkRow>();
  for (const row of rowsOf(kind.sinks, 'python', form)) for (const name of row.names) out.set(name, row);
  return out;
}

/** The Python `shape` rows named `shape`, across every kind: the shape's callees, and its row in each kind that lists it. */
function shapeRows(shape: string): { names: Set<string>; rows: Map<SinkKind, SinkRow> } {
  const rows = new Map<SinkKind, SinkRow>();
  for (const kind of KIND_ROWS) for (const row of rowsOf(kind.sinks, 'python', 'shape')) if (row.shape === shape) rows.set(kind.kind, row);
  if (!rows.size) throw new Error(`no Python shape row "${shape}" in kinds/`);
  return { names: new Set([...rows.values()].flatMap((r) => r.names)), rows };
}

/** The first argument a row names: its first position, else its first keyword given (`arg`). */
function rowArg(q: PySinkQuery, row: SinkRow): Arg | undefined {
  return arg(q, row.args?.[0] ?? -1, ...(row.keywords ?? []));
}

/** File functions (the path rows' calls) and path-object methods. */
const PATH_CALLS = table(pathRows, 'call');
const PATH_METHODS = table(pathRows, 'method');
/** GitPython's index: `repo.index.add(paths)` stages (and reads) any file the paths name, also outside the work tree. */
const GIT_INDEX = shapeRows('gitpython-index').rows.get('path')!;

/** An `open` mode that only reads: absent, or a literal without w, a, x or +. */
function readMode(mode: Node | undefined): boolean {
  if (!mode) return true;
  const m = pyLiteralString(mode);
  return m !== null && !/[wax+]/.test(m);
}

/** Does a path call only read: a `read: 'mode'` row when its mode (position 1 or `mode=`) reads, a `read: true` row unless a `mode=` keyword writes. */
function pathCallReads(q: PySinkQuery, row: SinkRow | undefined): boolean {
  if (!row?.read) return false;
  return readMode(arg(q, row.read === 'mode' ? 1 : -1, 'mode')?.node);
}

const SHELL_CALLS = table(commandRows, 'call');
/** `subprocess.run` and the like: a shell, a command string, a program name, an interpreter's code or an argv option. */
const SUBPROCESS = shapeRows('subprocess');
const SUBPROCESS_ARG = SUBPROCESS.rows.get('command')!;
/** `create_subprocess_exec(program, *args)` and the `os.exec*` / `os.spawnv*` family. */
const EXEC_ARGV = shapeRows('exec-argv');
/** The program's position of each exec-argv callee (the command rows' first position: `os.spawnv(mode, path, args)` has it at 1). */
const EXEC_PROGRAM_AT = new Map(
  rowsOf(commandRows.sinks, 'python', 'shape')
    .filter((r) => r.shape === 'exec-argv')
    .flatMap((r) => r.names.map((n) => [n, r.args?.[0] ?? 0] as const)),
);
/** GitPython: `repo.git.<command>(...)`, the attribute names the rows give. */
const GIT_COMMAND_ATTRIBUTES = shapeRows('gitpython-git').names;

const CODE_CALLS = table(codeRows, 'call');
const JINJA_FROM_STRING = shapeRows('jinja-from-string');
const JINJA_ARG = JINJA_FROM_STRING.rows.get('code')!;

const SQL_METHODS = table(sqlRows, 'method');
/** Query methods whose name other APIs use too (`fetch`): SQL only on a receiver named like a database handle. */
const DATABASE_METHODS = shapeRows('database-method');
const DATABASE_METHOD_ROW = DATABASE_METHODS.rows.get('sql')!;
const DATABASE_HANDLE = /(^|_)(conn|connection|con|pool|db|database|cursor|cur|session|tx|txn|transaction|pg)$/i;

/** Is the receiver named like a database handle (`conn`, `self._pool`, `db_conn`; `imap` is not), or bound from one. */
function databaseHandle(receiver: Node): boolean {
  const last = receiver.type === 'attribute' ? receiver.childForFieldName('attribute')?.text : receiver.type === 'identifier' ? receiver.text : undefined;
  return !!last && (DATABASE_HANDLE.test(last.replace(/^_+/, '')) || (receiver.type === 'identifier' && boundFromDatabaseCall(receiver)));
}

/** Calls that give a database handle: `pool.acquire()`, `asyncpg.connect(…)`, `asyncpg.create_pool(…)`, `engine.begin()`. */
const DATABASE_ORIGIN = /(^|\.)(acquire|connect|create_pool|begin)$/;

/**
 * A local name the enclosing function binds from a call that gives a database handle, under any name:
 * `async with pool.acquire() as c`, `h = await asyncpg.connect(dsn)`. Read only for `fetch`, the query
 * method other APIs (IMAP) share.
 */
function boundFromDatabaseCall(name: Node): boolean {
  let fn: Node | null = name.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  if (!fn) return false;
  const originOf = (value: Node | null): boolean => {
    const call = value?.type === 'await' ? value.namedChildren[0] : value;
    return call?.type === 'call' && DATABASE_ORIGIN.test(call.childForFieldName('function')?.text ?? '');
  };
  for (const n of fn.descendantsOfType(['assignment', 'as_pattern'])) {
    if (!n) continue;
    if (n.type === 'assignment') {
      if (n.childForFieldName('left')?.text === name.text && originOf(n.childForFieldName('right'))) return true;
    } else if (n.childForFieldName('alias')?.text === name.text && originOf(n.namedChildren[0])) return true;
  }
  return false;
}
const SQL_CALLS = table(sqlRows, 'call');

/** HTTP functions and HTTP client methods: the row's first position is the URL's. */
const HTTP_CALLS = table(ssrfRows, 'call');
const HTTP_CLIENT_METHODS = table(ssrfRows, 'method');
const HTTP_CLIENT_CTORS = new Set([...HTTP_CLIENT_METHODS.values()].flatMap((r) => r.receivers ?? []));
const HTTP_CLIENT_NAMES =
  /^(session|http_session|http_client|httpx_client|async_client|http|self\.session|self\.http_session|self\.http_client|self\._session|self\._client|self\.client)$/;

const DESER_CALLS = table(deserializationRows, 'call');
const YAML_LOAD = shapeRows('yaml-load');
const YAML_ARG = YAML_LOAD.rows.get('deserialization')!;
const SAFE_YAML_LOADERS = /(^|\.)(SafeLoader|CSafeLoader|BaseLoader|CBaseLoader)$/;

/**
 * Loaders that run code only with (or without) one keyword: `unless-true` is unsafe unless the keyword is
 * literally `True`, `if-set` when it is given and not `False`/`None`/`0`, `if-false` when it is given as
 * `False`/`None`/`0`. Keyed by the shape of their rows; the rows give the callees and the loaded file's argument.
 */
interface OptionGate {
  keyword: string;
  unsafe: 'unless-true' | 'if-set' | 'if-false';
}
const OPTION_GATES: Record<string, OptionGate> = {
  'torch-load': { keyword: 'weights_only', unsafe: 'unless-true' },
  'numpy-load': { keyword: 'allow_pickle', unsafe: 'if-set' },
  'keras-load-model': { keyword: 'safe_mode', unsafe: 'if-false' },
};
const OPTION_GATED_DESER = new Map<string, { gate: OptionGate; row: SinkRow }>(
  Object.entries(OPTION_GATES).flatMap(([shape, gate]) => {
    const row = shapeRows(shape).rows.get('deserialization')!;
    return row.names.map((name) => [name, { gate, row }] as const);
  }),
);

/** The sink name of an option-gated loader call when its keyword makes it unsafe, else null. */
function optionGatedSink(name: string, loader: OptionGate, value: Node | undefined): string | null {
  const isLiteralTrue = value?.type === 'true';
  const isFalsy = !!value && !isTrue(value);
  if (loader.unsafe === 'unless-true') return isLiteralTrue ? null : `${name}() without ${loader.keyword}=True`;
  if (loader.unsafe === 'if-set') return value && !isFalsy ? `${name}(${loader.keyword}=${value.text})` : null;
  return value && isFalsy ? `${name}(${loader.keyword}=${value.text})` : null;
}

function arg(q: PySinkQuery, index: number, ...kw: string[]): Arg | undefined {
  if (index >= 0 && q.positional[index]) return q.positional[index];
  for (const k of kw) if (q.keywords.has(k)) return q.keywords.get(k);
  return undefined;
}

function isTrue(node: Node | undefined): boolean {
  return !!node && node.type !== 'false' && node.type !== 'none' && node.text !== '0';
}

/** The file builds a plain Jinja2 Environment and no sandboxed one (then `env.from_string` renders unsandboxed). */
function jinjaUnsandboxed(q: PySinkQuery): boolean {
  const values = [...q.idx.imports.values()];
  if (!values.some((v) => v === 'jinja2.Environment' || v === 'jinja2')) return false;
  // a sandboxed environment built anywhere in the file (`jinja2.sandbox.SandboxedEnvironment(...)`): not sure which one renders
  return !/SandboxedEnvironment\s*\(/.test(q.call.tree.rootNode.text);
}

function sinks(q: PySinkQuery): PySinkHit[] {
  const { out, hit } = sinkHits();
  const c = q.canon ?? '';

  // ---- path traversal
  const pathRow = PATH_CALLS.get(c) ?? PATH_CALLS.get(c.replace(/^pathlib\./, ''));
  if (pathRow) {
    const pathArgs = pathRow.args ?? [];
    const read = PATH_CALLS.has(c) ? pathCallReads(q, pathRow) : !!pathRow.read;
    for (const i of pathArgs) hit('path', `${c}()`, q.positional[i], read);
    if (!pathArgs.some((i) => q.positional[i])) for (const k of pathRow.keywords ?? []) hit('path', `${c}()`, q.keywords.get(k), read);
  }
  const pathMethod = q.method ? PATH_METHODS.get(q.method) : undefined;
  if (pathMethod && q.receiver && q.receiver.container === undefined && q.method !== 'write') {
    // a method's mode is its first argument
    const read = pathMethod.read === 'mode' ? readMode(arg(q, 0, 'mode')?.node) : !!pathMethod.read;
    if (q.receiver.argv === undefined)
      out.push({ kind: 'path', sink: `Path.${q.method}()`, taint: q.receiver, arg: q.receiverNode ?? undefined, ...(read ? { read } : {}) });
  }

  // ---- command / argument injection
  const shellRow = SHELL_CALLS.get(c);
  if (shellRow) hit('command', `${c}()`, rowArg(q, shellRow));
  if (SUBPROCESS.names.has(c)) {
    const cmd = rowArg(q, SUBPROCESS_ARG);
    const shell = q.keywords.get('shell');
    if (cmd?.t) {
      if (shell && isTrue(shell.node)) out.push({ kind: 'command', sink: `${c}(shell=True)`, taint: cmd.t, arg: cmd.node });
      else if (!cmd.t.argv) out.push({ kind: 'command', sink: `${c}() with a command string`, taint: cmd.t, arg: cmd.node });
      else if (cmd.t.argv.first) out.push({ kind: 'command', sink: `${c}() program name`, taint: cmd.t, arg: cmd.node });
      else if (interpreterInput(cmd.t.argv))
        out.push({ kind: interpreterInput(cmd.t.argv)!, sink: `${c}() ${cmd.t.argv.program} ${cmd.t.argv.option}`, taint: cmd.t, arg: cmd.node });
      else if (!cmd.t.argv.afterDashDash && !cmd.t.prefixFixed && !inOptionValueSlot(cmd.t.argv)) {
        // `subprocess.run([program, *args])` in a wrapper: whether `-n` takes a value depends on the program its callers pass
        const option = cmd.t.argv.option;
        const program = cmd.node.type === 'list' ? cmd.node.namedChildren.find((n) => n?.type !== 'comment') : undefined;
        const deferred = option && program && pyLiteralString(program) === null && needsProgram(option) ? { optionValue: { option, program } } : {};
        out.push({ kind: 'argument', sink: `${c}() argv`, taint: cmd.t, arg: cmd.node, ...deferred });
      }
    }
  }
  if (EXEC_ARGV.names.has(c)) {
    // the program's position: 0, or 1 after `os.spawnv`'s mode
    const at = EXEC_PROGRAM_AT.get(c) ?? 0;
    const first = q.positional[at];
    // `create_subprocess_exec(*cmd)` with `cmd = ["sam", "build"]` then `cmd.extend(["--base-dir", d])`: the list's
    // first element is its program; the input is one of its arguments
    const spreadArgv = first?.node.parent?.type === 'list_splat' && first.t?.argv && !first.t.argv.first ? first.t.argv : undefined;
    if (first?.t && spreadArgv) {
      if (interpreterInput(spreadArgv))
        out.push({ kind: interpreterInput(spreadArgv)!, sink: `${c}() ${spreadArgv.program} ${spreadArgv.option}`, taint: first.t, arg: first.node });
      else if (!spreadArgv.afterDashDash && !first.t.prefixFixed && !inOptionValueSlot(spreadArgv))
        out.push({ kind: 'argument', sink: `${c}() argv`, taint: first.t, arg: first.node });
    } else if (first?.t) out.push({ kind: 'command', sink: `${c}() program name`, taint: first.t, arg: first.node });
    const rest = q.positional.slice(at + 1);
    const ddIdx = rest.findIndex((a) => pyLiteralString(a.node) === '--');
    const program = programName(pyLiteralString(first?.node));
    rest.forEach((a, i) => {
      // `os.execv(path, ["python3", "-c", code])`: the argv list, read as subprocess's is
      const listArgv = a.node.type === 'list' && a.t?.argv && !a.t.argv.first ? a.t.argv : undefined;
      if (listArgv) {
        const kind = interpreterInput(listArgv);
        if (kind) out.push({ kind, sink: `${c}() ${listArgv.program} ${listArgv.option}`, taint: a.t!, arg: a.node });
        else if (!listArgv.afterDashDash && !a.t!.prefixFixed && !inOptionValueSlot(listArgv))
          out.push({ kind: 'argument', sink: `${c}() argv`, taint: a.t!, arg: a.node });
        return;
      }
      // `create_subprocess_exec("git", "-C", path)`: the value of an option cannot become an option
      const option = argvOptionBefore(q.positional, i + at + 1);
      const interpreted = a.t ? interpreterInput({ option, program }) : null;
      if (interpreted) out.push({ kind: interpreted, sink: `${c}() ${program} ${option}`, taint: a.t!, arg: a.node });
      else if (a.t && (ddIdx < 0 || i < ddIdx) && !a.t.prefixFixed && !a.t.argv?.afterDashDash && !takesValue(option, program)) {
        const deferred = option && first && program === undefined && needsProgram(option) ? { optionValue: { option, program: first.node } } : {};
        out.push({ kind: 'argument', sink: `${c}() argv`, taint: a.t, arg: a.node, ...deferred });
      }
    });
  }
  // GitPython: repo.git.<command>(...)
  if (
    q.method &&
    q.receiverNode?.type === 'attribute' &&
    GIT_COMMAND_ATTRIBUTES.has(q.receiverNode.childForFieldName('attribute')?.text ?? '') &&
    q.method !== 'execute'
  ) {
    const ddIdx = q.positional.findIndex((a) => pyLiteralString(a.node) === '--');
    q.positional.forEach((a, i) => {
      const option = argvOptionBefore(q.positional, i);
      if (a.t && (ddIdx < 0 || i < ddIdx) && !a.t.prefixFixed && !takesValue(option, 'git'))
        out.push({ kind: 'argument', sink: `git ${q.method!.replace(/_/g, '-')} (GitPython)`, taint: a.t, arg: a.node });
    });
  }

  // GitPython's index: `repo.index.add(paths)` stages (and reads) any file the paths name, also outside the work tree
  if (q.method && GIT_INDEX.names.includes(q.method) && q.receiverNode?.type === 'attribute' && q.receiverNode.childForFieldName('attribute')?.text === 'index')
    hit('path', `index.${q.method}() (GitPython)`, rowArg(q, GIT_INDEX));

  // ---- code injection
  // (`eval`, `exec`, `importlib.import_module`, and Jinja2 templates: a model-written template reaches Python
  // objects, `{{ ''.__class__.__mro__[1].__subclasses__() }}`, unless the environment is sandboxed)
  const codeRow = CODE_CALLS.get(c);
  if (codeRow) hit('code', `${c}()`, rowArg(q, codeRow));
  else if (q.method && JINJA_FROM_STRING.names.has(q.method) && jinjaUnsandboxed(q))
    hit('code', `${q.receiverNode?.text ?? 'Environment'}.${q.method}() (Jinja2, not sandboxed)`, rowArg(q, JINJA_ARG));

  // ---- SQL injection
  const sqlMethod = q.method
    ? (SQL_METHODS.get(q.method) ??
      (DATABASE_METHODS.names.has(q.method) && q.receiverNode && databaseHandle(q.receiverNode) ? DATABASE_METHOD_ROW : undefined))
    : undefined;
  if (sqlMethod && q.receiverNode) {
    const a = rowArg(q, sqlMethod);
    if (a?.t?.sqlBuilt) out.push({ kind: 'sql', sink: `${q.receiverNode.text.split('.').pop()}.${q.method}()`, taint: a.t, arg: a.node });
  }
  // `text` imported from any sqlalchemy module reads as `sqlalchemy.text`
  const sqlCall =
    SQL_CALLS.get(c) ??
    (q.canon && /(^|\.)text$/.test(c) && q.idx.imports.get('text')?.startsWith('sqlalchemy') ? SQL_CALLS.get('sqlalchemy.text') : undefined);
  if (sqlCall) {
    const a = rowArg(q, sqlCall);
    if (a?.t?.sqlBuilt) out.push({ kind: 'sql', sink: `${c}()`, taint: a.t, arg: a.node });
  }

  // ---- SSRF
  const httpRow = HTTP_CALLS.get(c);
  if (httpRow) {
    const a = rowArg(q, httpRow);
    if (a?.t && !a.t.hostFixed) out.push({ kind: 'ssrf', sink: `${c}()`, taint: a.t, arg: a.node });
  }
  const clientMethod = q.method ? HTTP_CLIENT_METHODS.get(q.method) : undefined;
  if (clientMethod && q.receiverNode) {
    const recv = q.receiverNode.text;
    const isClient =
      q.scope.httpClients.has(recv) ||
      HTTP_CLIENT_NAMES.test(recv) ||
      (q.receiverNode.type === 'call' && HTTP_CLIENT_CTORS.has(q.canon?.replace(/\(\)\.[a-z_]+$/, '') ?? ''));
    if (isClient) {
      const a = rowArg(q, clientMethod);
      if (a?.t && !a.t.hostFixed && a.t.container === undefined) out.push({ kind: 'ssrf', sink: `${recv}.${q.method}()`, taint: a.t, arg: a.node });
    }
  }

  // ---- unsafe deserialization
  const deserRow = DESER_CALLS.get(c);
  if (deserRow) hit('deserialization', `${c}()`, rowArg(q, deserRow));
  if (YAML_LOAD.names.has(c)) {
    const loader = q.positional[1]?.node ?? q.keywords.get('Loader')?.node;
    if (!loader || !SAFE_YAML_LOADERS.test(loader.text))
      hit('deserialization', loader ? `${c}(Loader=${loader.text})` : `${c}() without SafeLoader`, rowArg(q, YAML_ARG));
  }
  const gated = OPTION_GATED_DESER.get(c);
  if (gated) {
    const sink = optionGatedSink(c, gated.gate, q.keywords.get(gated.gate.keyword)?.node);
    if (sink) hit('deserialization', sink, rowArg(q, gated.row));
  }
  return out;
}

/**
 * Does an HTTP request (`canon`: its callee, null for a client's method) follow redirects: requests, urllib
 * and aiohttp do unless `allow_redirects=False`; httpx does not unless `follow_redirects=True`.
 */
function followsRedirects(canon: string | null, keywords: Map<string, Node>): boolean {
  const literal = (k: string) => keywords.get(k)?.text;
  if (literal('allow_redirects') === 'False' || literal('follow_redirects') === 'False' || literal('redirect') === 'False') return false;
  if (canon?.startsWith('httpx.')) return literal('follow_redirects') === 'True';
  return true;
}

export const PY = {
  followsRedirects,
  /** Does the call run a program (`subprocess.run`, `check_output`, `create_subprocess_exec`, `os.popen`): its output is the program's, not the tool's input. */
  runsProgram: (canon: string): boolean => SUBPROCESS.names.has(canon) || EXEC_ARGV.names.has(canon) || SHELL_CALLS.has(canon),
  sinks,
  httpClientCtors: HTTP_CLIENT_CTORS,
  /** Calls whose result is not model-controlled text any more ('all'), or safe for some kinds. */
  sanitizers: sanitizerTable(ALL_SANITIZER_ROWS, 'python', 'call'),
  /** Methods whose result is not model-controlled text any more (`s.isdigit()`, `p.exists()`). */
  sanitizerMethods: sanitizerTable(ALL_SANITIZER_ROWS, 'python', 'method'),
  /** File reads whose result is the file's content (a file object, its text, a directory's entry names), not the path (core.ts fileContent). */
  contentReads: new Set(['open', 'io.open', 'codecs.open', 'aiofiles.open', 'os.open', 'os.listdir']),
  /** The same as methods of a path object (`Path(p).read_text()`, `Path(p).open()`). */
  contentReadMethods: new Set(['read_text', 'read_bytes', 'open']),
  booleanMethods: new Set(['startswith', 'endswith', 'isidentifier', 'isalpha', 'isnumeric', 'isdecimal', 'is_relative_to', 'is_absolute', '__contains__']),
  /**
   * Attributes listing a path's ancestors: an untainted root in them (`root in p.resolve().parents`) keeps a
   * resolved `p` under the root. They are lexical, so an unresolved `root / "../x"` still has `root` in them.
   */
  ancestorAttributes: new Set(['parents']),
  resolvers: new Set(['os.path.realpath', 'os.path.abspath', 'os.path.normpath', 'posixpath.realpath', 'posixpath.normpath']),
  /** Resolvers whose result is an absolute path (it starts with '/', never with '-'); `normpath` keeps a relative one relative. */
  absoluteResolvers: new Set(['os.path.realpath', 'os.path.abspath', 'posixpath.realpath', 'posixpath.abspath']),
  /** Path methods giving an absolute path: `Path(p).resolve()`, `.absolute()`. */
  absoluteMethods: new Set(['resolve', 'absolute']),
  /**
   * Calls that keep naming the same path (`Path(p)`, `os.path.expanduser(p)`, `str(p)`): a check on the
   * resolved result of `os.path.realpath(os.path.expanduser(p))` is a check on `p`.
   */
  samePath: new Set(['pathlib.Path', 'pathlib.PurePath', 'Path', 'os.path.expanduser', 'os.path.expandvars', 'os.fspath', 'str']),
  /**
   * Names of checks that return what is wrong with their argument (`_find_blocked_dir(p)`, `find_sensitive_path`):
   * a false / None result means the argument passed. A deny-list check, so it guards only a resolved path, for path sinks.
   */
  /** DNS lookups of a host name (guard-shapes.ts: a function that resolves one and refuses a private answer is an SSRF guard); also any `.getaddrinfo()`. */
  dnsLookups: /^(socket\.(getaddrinfo|gethostbyname|gethostbyname_ex)|dns\.resolver\.(resolve|query))$/,
  problemFinders: /(blocked|denied|forbidden|disallowed|sensitive|violat|offending)/i,
  pathJoins: new Set(['os.path.join', 'posixpath.join', 'urllib.parse.urljoin', 'pathlib.Path', 'pathlib.PurePath']),
};

/**
 * The option an argv argument follows: the literal before it, or for a spread sequence the option its value
 * followed inside it (`git.branch(*("--contains", c))`, the tuple built earlier and kept on the taint).
 */
function argvOptionBefore(args: readonly { node: Node; t: Taint | null }[], i: number): string | undefined {
  if (args[i]?.node.parent?.type === 'list_splat') return args[i].t?.argv?.option;
  return i > 0 ? (pyLiteralString(args[i - 1].node) ?? undefined) : undefined;
}
