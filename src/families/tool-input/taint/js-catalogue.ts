import type { Node } from '../../../parsing/parsers.js';
import { inOptionValueSlot, interpreterInput, needsProgram, programName } from './argv-options.js';
import codeRows from '../kinds/code.js';
import commandRows from '../kinds/command.js';
import deserializationRows from '../kinds/deserialization.js';
import { ALL_SANITIZER_ROWS, KIND_ROWS, rowsOf, type KindRows, type SinkForm, type SinkRow } from '../kinds/index.js';
import pathRows from '../kinds/path.js';
import sqlRows from '../kinds/sql.js';
import ssrfRows from '../kinds/ssrf.js';
import { groupedTable, sanitizerTable, sinkHits, type SinkArg as Arg, type SinkHit } from './catalogue.js';
import type { Scope } from './core.js';
import type { FileIndex as JsIndex } from './walk.js';
import type { Taint } from './types.js';

/** JavaScript / TypeScript sinks, sanitisers and propagators. */

export type JsSinkHit = SinkHit;

export interface JsSinkQuery {
  canon: string | null;
  method: string | null;
  receiverNode: Node | null;
  receiver: Taint | null;
  args: Arg[];
  scope: Scope;
  call: Node;
  idx: JsIndex;
  tagged: boolean;
  /**
   * What made the receiver of a method call, when the walker can tell: `new <ctor>` or `<factory>()` by
   * canonical name (`new langchain/stores/file/node.NodeFileStore`, `axios.create()`), or `type <T>` for a
   * class field declared with type T (`store: BaseFileStore`).
   */
  receiverOrigin?: string | null;
}

/** Text of a string literal or a template literal without substitutions. */
export function jsLiteralString(node: Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'string') return node.namedChildren.map((c) => c!.text).join('');
  if (node.type === 'template_string' && !node.namedChildren.some((c) => c?.type === 'template_substitution'))
    return node.namedChildren.map((c) => c!.text).join('');
  return null;
}

/** `node:fs/promises`, `fs.promises`, `fs-extra` → `fs`; `child_process` stays. */
export function normalizeModule(name: string): string {
  let n = name.replace(/^node:/, '');
  n = n
    .replace(/^fs\/promises/, 'fs')
    .replace(/^fs\.promises(?=\.|$)/, 'fs')
    .replace(/^fs-extra(?=\.|$)/, 'fs')
    .replace(/^graceful-fs(?=\.|$)/, 'fs');
  n = n.replace(/^fs\.default(?=\.|$)/, 'fs');
  return n;
}

// ---- The tables, built from the JavaScript rows of each kind (kinds/*.ts): names there, matching logic here.

type Shape = 'root-directory' | 'argv-exec' | 'shell-template' | 'string-timer' | 'function-constructor' | 'eval-option';

const jsSinks = (rows: KindRows, form?: SinkForm) => rowsOf(rows.sinks, 'javascript', form);
const namesOf = (rows: readonly SinkRow[]) => new Set(rows.flatMap((r) => r.names));
/** The names of every JavaScript `shape` row of that shape, in any kind. */
const shapeNames = (shape: Shape) => namesOf(KIND_ROWS.flatMap((k) => jsSinks(k, 'shape')).filter((r) => r.shape === shape));
/** `call` rows by canonical callee: the argument positions that reach the sink, the option keys, and whether the sink only reads. */
const callTable = (rows: KindRows) =>
  new Map(jsSinks(rows, 'call').flatMap((r) => r.names.map((n) => [n, { args: r.args ?? [0], keywords: r.keywords ?? [], read: r.read === true }] as const)));

/** Path calls (`fs.readFile`, `Bun.file`, `Deno.readTextFile`): fs names are canonical `fs.<name>`, their `Sync` variants found here. */
const PATH_CALLS = callTable(pathRows);

/** LangChain file stores: `NodeFileStore.readFile(p)` / `.writeFile(p, text)` join `p` under the store's base directory unchecked. */
const FILE_STORE_METHODS = namesOf(jsSinks(pathRows, 'method'));
/**
 * What the store is: a `new NodeFileStore`, or a field typed `BaseFileStore` (the abstract base LangChain's file tools
 * hold their store in) when the file imports NodeFileStore (Flowise's ReadFile tool built one; its fix builds its own
 * checking store instead).
 */
const FILE_STORE = /^(new .*[./]NodeFileStore|type NodeFileStore)$/;
const NODE_FILE_STORE = /(^|[./])NodeFileStore$/;

function isFileStore(q: JsSinkQuery): boolean {
  const origin = q.receiverOrigin ?? '';
  return FILE_STORE.test(origin) || (origin === 'type BaseFileStore' && [...q.idx.imports.values()].some((v) => NODE_FILE_STORE.test(v)));
}

/**
 * Does canonical callee `c` name `name` under a module path: `new NodeFileStore` is `new <module>.NodeFileStore` or
 * `new <module>/NodeFileStore`; `storage/file_system.LocalFileStore.fromPath` is itself or follows a `.` or a `/`.
 */
function underModule(c: string, name: string): boolean {
  const ctor = name.startsWith('new ');
  if (ctor && !c.startsWith('new ')) return false;
  const [body, rest] = ctor ? [c.slice(4), name.slice(4)] : [c, name];
  if (!ctor && body === rest) return true;
  const sep = body.length - rest.length - 1;
  return sep >= 0 && body.endsWith(rest) && (body[sep] === '.' || body[sep] === '/');
}
/**
 * Shape `root-directory`: file stores and loaders whose root directory is their argument, named by the end of their
 * canonical name under any module path (`new NodeFileStore` is `new langchain/stores/file/node.NodeFileStore`): the
 * name → how the root is given (a position, or an options key at position 0).
 */
const ROOT_DIR_CTORS: [string, number | string][] = jsSinks(pathRows, 'shape')
  .filter((r) => r.shape === 'root-directory')
  .flatMap((r) => r.names.map((n): [string, number | string] => [n, r.args?.[0] ?? r.keywords![0]]));

const SHELL_STRING = namesOf(jsSinks(commandRows, 'call'));
/** Shape `argv-exec`: a program and its argv (`spawn(cmd, args, opts)`). */
const ARGV_EXEC = shapeNames('argv-exec');
/** Shape `shell-template`: a tagged template run by a shell (`` $`…` ``). */
const SHELL_TEMPLATES = shapeNames('shell-template');

const CODE_CALLS = namesOf(jsSinks(codeRows, 'call'));
/** Shape `string-timer`: timers run a string as code, a function as a callback. */
const STRING_TIMERS = shapeNames('string-timer');
/** Shape `function-constructor`: every argument is code (parameter names and body). */
const FUNCTION_CTORS = shapeNames('function-constructor');
/** Shape `eval-option`: calls that run their first argument as code only when an options object sets a flag: name → [options position, flag]. */
const CODE_WHEN_OPTION = new Map([...shapeNames('eval-option')].map((n) => [n, [1, 'eval'] as [number, string]]));

const DESER_FUNCS = namesOf(jsSinks(deserializationRows, 'call'));

const sqlMethodRows = jsSinks(sqlRows, 'method');
/** Methods that run their first argument as SQL on any receiver (`query`, `$queryRawUnsafe`). */
const SQL_METHODS = namesOf(sqlMethodRows.filter((r) => r.receiver !== 'database handle' && r.args));
/** The same on a receiver that is a database handle by its name or by what it holds (`db.run`, `stmt.all`). */
const SQL_GENERIC_METHODS = namesOf(sqlMethodRows.filter((r) => r.receiver === 'database handle'));
/**
 * Methods named for running SQL, on any receiver: the receiver is often an interface whose implementation runs
 * the text elsewhere (supabase-mcp's `DatabaseOperations.executeSql(projectId, { query })` posts it to the
 * Management API), so the name is the evidence. The SQL is any argument built as SQL text, or the `query` /
 * `sql` / `text` of an options object; a query whose values travel as parameters is not built from input.
 */
const sqlTextRows = sqlMethodRows.filter((r) => !r.args);
const SQL_TEXT_METHODS = namesOf(sqlTextRows);
const SQL_OPTION_KEYS = [...new Set(sqlTextRows.flatMap((r) => r.keywords ?? []))];
const DB_NAME = /(^|[._])(db|database|conn|connection|client|pool|sqlite|knex|sequelize|prisma|tx|trx|stmt|sql|pg|mysql|duckdb|d1)$/i;

const HTTP_CALLS = callTable(ssrfRows);
/** HTTP client instances (`const api = axios.create({ baseURL })`; an absolute URL given to `api.get` replaces the base URL) by what made them. */
const HTTP_INSTANCE = /^(axios\.create|got\.extend|ky\.create|ky\.extend)\(\)$/;
const httpInstanceRows = jsSinks(ssrfRows, 'method');
const HTTP_INSTANCE_METHODS = namesOf(httpInstanceRows);
/** Where a request given an options object (`http.request({ hostname })`) has its URL: the first key present. */
const HTTP_URL_KEYS = [...new Set([...HTTP_CALLS.values()].flatMap((v) => v.keywords).concat(httpInstanceRows.flatMap((r) => r.keywords ?? [])))];

function optionsHaveShell(args: Arg[]): boolean {
  return args.some(
    (a) =>
      a.node.type === 'object' &&
      a.node.namedChildren.some((p) => p?.type === 'pair' && p.childForFieldName('key')?.text === 'shell' && p.childForFieldName('value')?.type !== 'false'),
  );
}

/** The literal text a string expression starts with (`/items/` of `` `/items/${id}` `` or `'/items/' + id`), else null. */
function leadingText(node: Node): string | null {
  if (node.type === 'binary_expression') return leadingText(node.childForFieldName('left')!);
  if (node.type === 'string') return jsLiteralString(node);
  if (node.type !== 'template_string') return null;
  let text = '';
  for (const c of node.namedChildren) {
    if (c?.type !== 'string_fragment' && c?.type !== 'escape_sequence') break;
    text += c.text;
  }
  return text;
}

function objectProp(node: Node, key: string): Node | null {
  if (node.type !== 'object') return null;
  for (const p of node.namedChildren) {
    if (p?.type === 'pair' && p.childForFieldName('key')?.text.replace(/['"]/g, '') === key) return p.childForFieldName('value');
    if (p?.type === 'shorthand_property_identifier' && p.text === key) return p;
  }
  return null;
}

/** The SQL text of an options object (`{ query, read_only: true }`): a named variable's own taint, else the object's. */
function sqlOption(a: Arg, scope: Scope): Arg | undefined {
  for (const key of SQL_OPTION_KEYS) {
    const value = objectProp(a.node, key);
    if (!value) continue;
    const own = value.type === 'identifier' || value.type === 'shorthand_property_identifier' ? scope.get(value.text) : undefined;
    return { node: value, t: own === undefined ? a.t : own };
  }
  return undefined;
}

function sinks(q: JsSinkQuery): JsSinkHit[] {
  const { out, hit } = sinkHits();
  const c = q.canon ?? '';

  // ---- path traversal: fs.*, fs/promises, fs-extra (any alias), Bun.file
  const fsm = /^fs\.(\w+?)(Sync)?$/.exec(c);
  const pathCall = fsm ? PATH_CALLS.get(`fs.${fsm[1]}`) : PATH_CALLS.get(c);
  if (pathCall) for (const i of pathCall.args) hit('path', `${c}()`, q.args[i], pathCall.read);
  // LangChain file stores: the path given to the store, and the root a store is built on
  if (q.method && FILE_STORE_METHODS.has(q.method) && isFileStore(q)) hit('path', `NodeFileStore.${q.method}()`, q.args[0]);
  for (const [name, at] of ROOT_DIR_CTORS) {
    if (!underModule(c, name)) continue;
    const a =
      typeof at === 'number' ? q.args[at] : q.args[0] && objectProp(q.args[0].node, at) ? { node: objectProp(q.args[0].node, at)!, t: q.args[0].t } : undefined;
    hit('path', `${c.replace(/^new .*[./](\w+)$/, 'new $1').replace(/^.*[./](\w+\.fromPath)$/, '$1')}()`, a);
  }

  // ---- command / argument injection
  if (SHELL_STRING.has(c)) hit('command', `${c.replace(/^child_process\./, 'child_process.')}()`, q.args[0]);
  if (ARGV_EXEC.has(c) || ARGV_EXEC.has(c.replace(/\(\)$/, ''))) {
    const shell = optionsHaveShell(q.args);
    const [cmd, argv] = q.args;
    if (shell) {
      for (const a of [cmd, argv]) if (a?.t) out.push({ kind: 'command', sink: `${c}() with shell: true`, taint: a.t, arg: a.node });
    } else {
      if (cmd?.t) out.push({ kind: 'command', sink: `${c}() program name`, taint: cmd.t, arg: cmd.node });
      if (argv?.t && argv.node.type !== 'object') {
        const dd = argv.t.argv?.afterDashDash || (argv.node.type === 'identifier' && q.scope.dashDash.has(argv.node.text) && false);
        const interpreted = interpreterInput(argv.t.argv, jsLiteralString(cmd?.node));
        if (interpreted) {
          const program = programName(jsLiteralString(cmd?.node)) ?? argv.t.argv?.program;
          out.push({ kind: interpreted, sink: `${c}() ${program} ${argv.t.argv?.option}`, taint: argv.t, arg: argv.node });
        }
        // `spawn("git", ["-C", dir])`: the value of an option cannot become an option (argv-options.ts)
        else if (!dd && !argv.t.prefixFixed && !inOptionValueSlot(argv.t.argv, jsLiteralString(cmd?.node))) {
          // `execFile(command, args)` in a wrapper: whether `-f` takes a value depends on the program its callers pass
          const option = argv.t.argv?.option;
          const deferred = option && cmd && jsLiteralString(cmd.node) === null && needsProgram(option) ? { optionValue: { option, program: cmd.node } } : {};
          out.push({ kind: 'argument', sink: `${c}() argv`, taint: argv.t, arg: argv.node, ...deferred });
        }
      }
    }
  }
  if (q.tagged && SHELL_TEMPLATES.has(c)) hit('command', `${c} template`, q.args[0]);

  // ---- code injection
  if (CODE_CALLS.has(c)) hit('code', c === 'import' ? 'dynamic import()' : `${c}()`, q.args[0]);
  // a timer given a string runs it as code; given a function, calls it
  if (STRING_TIMERS.has(c) && (q.args[0]?.node.type === 'template_string' || q.args[0]?.node.type === 'binary_expression')) hit('code', `${c}()`, q.args[0]);
  if (FUNCTION_CTORS.has(c)) for (const a of q.args) hit('code', 'new Function()', a);
  const gate = CODE_WHEN_OPTION.get(c);
  if (gate) {
    const [at, flag] = gate;
    const value = q.args[at] ? objectProp(q.args[at].node, flag) : null;
    if (value && value.type !== 'false') hit('code', `${c}() with ${flag}: ${value.text}`, q.args[0]);
  }

  // ---- SQL injection
  if (q.method && q.receiverNode && !q.tagged) {
    const recv = q.receiverNode.text;
    const dbLike = DB_NAME.test(recv.replace(/\(.*$/, '')) || q.scope.dbHandles.has(recv);
    if (SQL_METHODS.has(q.method) || (SQL_GENERIC_METHODS.has(q.method) && dbLike)) {
      const a = q.args[0];
      if (a?.t?.sqlBuilt) out.push({ kind: 'sql', sink: `${recv.split('.').pop()}.${q.method}()`, taint: a.t, arg: a.node });
    }
  }

  if (q.method && SQL_TEXT_METHODS.has(q.method) && !q.tagged) {
    for (const a of q.args) {
      const sql = a.node.type === 'object' ? sqlOption(a, q.scope) : a;
      if (!sql?.t?.sqlBuilt) continue;
      out.push({ kind: 'sql', sink: `${q.receiverNode ? `${q.receiverNode.text.split('.').pop()}.` : ''}${q.method}()`, taint: sql.t, arg: sql.node });
      break;
    }
  }

  // ---- SSRF
  const instance = q.method && HTTP_INSTANCE_METHODS.has(q.method) && HTTP_INSTANCE.test(q.receiverOrigin ?? '');
  if (HTTP_CALLS.has(c) || HTTP_CALLS.has(c.replace(/\.default$/, '')) || instance) {
    const first = q.args[0];
    let a: Arg | undefined = first;
    if (first && first.node.type === 'object') {
      const u = HTTP_URL_KEYS.map((key) => objectProp(first.node, key)).find(Boolean);
      a = u ? { node: u, t: first.t } : undefined;
    }
    // an instance's relative path (`api.get(`/items/${id}`)`) stays under its base URL; `//host` would not
    const underBase = instance && a && /^\/[^/]/.test(leadingText(a.node) ?? '');
    if (a?.t && !a.t.hostFixed && a.t.container === undefined && !underBase) out.push({ kind: 'ssrf', sink: `${c}()`, taint: a.t, arg: a.node });
  }

  // ---- unsafe deserialization
  if (DESER_FUNCS.has(c)) hit('deserialization', `${c}()`, q.args[0]);
  return out;
}

/** Requests that do not follow redirects unless told to (Node's http/https, undici's request and stream). */
const NO_REDIRECT_BY_DEFAULT = new Set(['http.get', 'http.request', 'https.get', 'https.request', 'undici.request', 'undici.stream']);

/** An option of a request call that turns redirect following off (fetch `redirect`, axios `maxRedirects`, got `followRedirect`, node-fetch `follow`, undici `maxRedirections`). */
function disablesRedirects(key: string, value: Node): boolean {
  // `'manual' as const`, `(0)`: the literal inside
  let v = value;
  for (let i = 0; i < 4 && ['as_expression', 'satisfies_expression', 'parenthesized_expression'].includes(v.type) && v.namedChildren[0]; i++)
    v = v.namedChildren[0];
  const text = jsLiteralString(v) ?? v.text;
  if (key === 'redirect') return text === 'manual' || text === 'error';
  if (key === 'followRedirect') return text === 'false';
  return (key === 'maxRedirects' || key === 'follow' || key === 'maxRedirections') && text === '0';
}

const REDIRECT_KEYS = ['redirect', 'followRedirect', 'maxRedirects', 'follow', 'maxRedirections'];

/**
 * Does an options value turn redirects off: an object literal's own redirect option decides (the last one
 * written), else one of the objects it spreads does (`{ ...init, redirect: 'manual' }` kept in a local and
 * spread again); a local name stands for the values assigned to it in the function (`valuesOf`), all of them.
 */
function turnsOffRedirects(node: Node | null | undefined, valuesOf: (name: string) => Node[], depth = 0, seen: ReadonlySet<string> = new Set()): boolean {
  if (!node || depth > 4) return false;
  if (node.type === 'identifier') {
    // `currentInit = { ...currentInit, method: 'GET' }` in a redirect loop keeps what the other values say
    if (seen.has(node.text)) return true;
    const values = valuesOf(node.text);
    const inner = new Set([...seen, node.text]);
    return values.length > 0 && values.every((v) => turnsOffRedirects(v, valuesOf, depth + 1, inner)) && values.some((v) => !mentions(v, node.text));
  }
  if (node.type !== 'object') return false;
  const members = node.namedChildren.filter(Boolean) as Node[];
  // the last redirect option written wins (`{ ...init, redirect: 'follow' }` undoes a spread 'manual')
  const key = (p: Node) => p.childForFieldName('key')?.text.replace(/['"]/g, '') ?? '';
  const last = members.filter((p) => p.type === 'pair' && REDIRECT_KEYS.includes(key(p))).pop();
  if (last) return disablesRedirects(key(last), last.childForFieldName('value')!);
  return members.some((m) => m.type === 'spread_element' && turnsOffRedirects(m.namedChildren[0], valuesOf, depth + 1, seen));
}

/** Does `node` name `name` anywhere inside. */
function mentions(node: Node, name: string): boolean {
  return node.type === 'identifier' ? node.text === name : node.descendantsOfType('identifier').some((n) => n?.text === name);
}

/** Does an HTTP request (`canon`: its callee) follow redirects: by default, unless an options argument turns that off. */
function followsRedirects(canon: string, call: Node, valuesOf: (name: string) => Node[]): boolean {
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter(Boolean) as Node[];
  if (NO_REDIRECT_BY_DEFAULT.has(canon)) {
    const max = args.map((a) => objectProp(a, 'maxRedirections')).find(Boolean);
    return !!max && max.text !== '0';
  }
  // options follow the URL (`fetch(url, init)`), or are the only argument (`axios({ url, maxRedirects: 0 })`)
  return !args.some((a, i) => (i > 0 || a.type === 'object') && turnsOffRedirects(a, valuesOf));
}

export const JS = {
  sinks,
  followsRedirects,
  /** Does the call run a program (`execFile`, `exec`, `spawn`, execa, a promisified one): its output is the program's, not the tool's input. */
  runsProgram: (canon: string): boolean => ARGV_EXEC.has(canon.replace(/\(\)$/, '')) || SHELL_STRING.has(canon.replace(/\(\)$/, '')),
  /**
   * Functions that call the function they are given (at `fn`) with their arguments from `from` on
   * (`setTimeout(run, 0, cmd)`, `process.nextTick(run, cmd)`): a named callback is the same flow as `run(cmd)`.
   */
  callbackRunners: groupedTable<{ fn: number; from: number }>([
    [{ fn: 0, from: 2 }, ['setTimeout', 'setInterval', 'globalThis.setTimeout', 'timers.setTimeout', 'timers.setInterval']],
    [{ fn: 0, from: 1 }, ['setImmediate', 'timers.setImmediate', 'process.nextTick']],
  ]),
  /**
   * Options of an HTTP client factory that pin every request under a base URL (got's and ky's `prefixUrl` is
   * prepended to any URL, an absolute one included; axios's `baseURL` is not: an absolute URL replaces it).
   */
  pinnedBaseOptions: new Set(['prefixUrl']),
  /** Methods whose receiver's origin the sinks read (`JsSinkQuery.receiverOrigin`): file stores, HTTP client instances. */
  originMethods: new Set([...FILE_STORE_METHODS, ...HTTP_INSTANCE_METHODS]),
  /** Methods that call their callback with the receiver's elements or resolved value (`paths.map(read)`, `promise.then(read)`). */
  callbackMethods: new Set(['map', 'flatMap', 'forEach', 'filter', 'some', 'every', 'find', 'findIndex', 'then']),
  safeTags: /(^|\.)(sql|SQL|\$queryRaw|\$executeRaw|raw\$|html|css|gql|graphql)$/,
  /** Calls and methods whose result is no longer model-controlled text for the kinds they name (kinds/*.ts sanitizer rows). */
  sanitizers: sanitizerTable(ALL_SANITIZER_ROWS, 'javascript', 'call'),
  sanitizerMethods: sanitizerTable(ALL_SANITIZER_ROWS, 'javascript', 'method'),
  booleanMethods: new Set(['startsWith', 'endsWith', 'includes', 'has', 'test', 'isAbsolute', 'indexOf', 'existsSync']),
  /** File reads whose result is the file's content (or a directory's entry names), not the path they were given (core.ts fileContent). */
  contentReads: new Set([
    'fs.readFile',
    'fs.readFileSync',
    'fs.readJson',
    'fs.readJSON',
    'fs.readJsonSync',
    'fs.readJSONSync',
    'fs.readdir',
    'fs.readdirSync',
    'Deno.readTextFile',
    'Deno.readFile',
  ]),
  resolvers: new Set([
    'path.resolve',
    'path.normalize',
    'path.posix.resolve',
    'path.posix.normalize',
    'fs.realpath',
    'fs.realpathSync',
    'fs.realpathSync.native',
    'path.win32.resolve',
  ]),
  joins: new Set(['path.join', 'path.posix.join', 'path.win32.join']),
  /** DNS lookups of a host name (guard-shapes.ts: a function that resolves one and refuses a private answer is an SSRF guard). */
  dnsLookups: /^dns(\/promises|\.promises)?\.(lookup|resolve|resolve4|resolve6|resolveAny)$/,
};
