import type { Node } from '../../../parsing/parsers.js';
import { inOptionValueSlot, interpreterInput, needsProgram, programName } from './argv-options.js';
import { groupedTable, sinkHits, type SinkArg as Arg, type SinkHit } from './catalogue.js';
import type { Scope } from './core.js';
import type { FileIndex as JsIndex } from './walk.js';
import type { SinkKind, Taint } from './types.js';

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

/** fs methods by the argument positions that are paths. */
const FS_METHODS = groupedTable<number[]>([
  [
    [0],
    [
      'readFile',
      'writeFile',
      'appendFile',
      'unlink',
      'rm',
      'rmdir',
      'mkdir',
      'readdir',
      'opendir',
      'createReadStream',
      'createWriteStream',
      'open',
      'truncate',
      'chmod',
      'chown',
      'readlink',
    ],
  ],
  [
    [0, 1],
    ['copyFile', 'cp', 'rename', 'symlink', 'link'],
  ],
  // fs-extra
  [[0], ['remove', 'outputFile', 'outputJson', 'readJson', 'readJSON', 'writeJson', 'writeJSON', 'emptyDir', 'ensureDir', 'ensureFile', 'mkdirp', 'mkdirs']],
  [
    [0, 1],
    ['copy', 'move'],
  ],
]);

/** fs methods that only read the file they are given. */
const FS_READS = new Set(['readFile', 'createReadStream', 'readJson', 'readJSON', 'readdir', 'opendir']);

const HTTP_FUNCS = new Set([
  'fetch',
  'globalThis.fetch',
  'window.fetch',
  'node-fetch',
  'cross-fetch',
  'undici.fetch',
  'undici.request',
  'undici.stream',
  'axios',
  'axios.get',
  'axios.post',
  'axios.put',
  'axios.patch',
  'axios.delete',
  'axios.head',
  'axios.options',
  'axios.request',
  'got',
  'got.get',
  'got.post',
  'got.put',
  'got.delete',
  'got.patch',
  'got.stream',
  'ky',
  'ky.get',
  'ky.post',
  'superagent.get',
  'superagent.post',
  'needle.get',
  'http.get',
  'http.request',
  'https.get',
  'https.request',
]);

/** HTTP client instances (`const api = axios.create({ baseURL })`; an absolute URL given to `api.get` replaces the base URL) by what made them. */
const HTTP_INSTANCE = /^(axios\.create|got\.extend|ky\.create|ky\.extend)\(\)$/;
const HTTP_INSTANCE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);

/**
 * LangChain file stores: `NodeFileStore.readFile(p)` / `.writeFile(p, text)` join `p` under the store's base
 * directory unchecked. A field typed `BaseFileStore` (the abstract base LangChain's file tools hold their
 * store in) is taken for one when the file imports NodeFileStore (Flowise's ReadFile tool built one; its fix
 * builds its own checking store instead).
 */
const FILE_STORE = /^(new .*[./]NodeFileStore|type NodeFileStore)$/;
const NODE_FILE_STORE = /(^|[./])NodeFileStore$/;

function isFileStore(q: JsSinkQuery): boolean {
  const origin = q.receiverOrigin ?? '';
  return FILE_STORE.test(origin) || (origin === 'type BaseFileStore' && [...q.idx.imports.values()].some((v) => NODE_FILE_STORE.test(v)));
}
const FILE_STORE_METHODS = new Set(['readFile', 'writeFile']);
/** File stores and loaders whose root directory is their argument: name → how the root is given (position, or an options key at position 0). */
const ROOT_DIR_CTORS: [RegExp, number | string][] = [
  [/^new .*[./]NodeFileStore$/, 0],
  [/(^|[./])storage\/file_system\.LocalFileStore\.fromPath$/, 0],
  [/^new .*storage\/file_system\.LocalFileStore$/, 'rootPath'],
];

const SHELL_STRING = new Set([
  'child_process.exec',
  'child_process.execSync',
  'execa.execaCommand',
  'execa.execaCommandSync',
  'execa.command',
  'execa.commandSync',
  'shelljs.exec',
]);
const ARGV_EXEC = new Set([
  'child_process.spawn',
  'child_process.spawnSync',
  'child_process.execFile',
  'child_process.execFileSync',
  'execa',
  'execa.execa',
  'execa.execaSync',
  'execa.sync',
  'cross-spawn',
  'cross-spawn.sync',
]);

const CODE_FUNCS = new Set([
  'eval',
  'globalThis.eval',
  'Function',
  'new Function',
  'vm.runInNewContext',
  'vm.runInThisContext',
  'vm.runInContext',
  'vm.compileFunction',
  'new vm.Script',
  'vm.Script',
  'new vm.SourceTextModule',
  'import',
  'require',
  'setTimeout',
  'setInterval',
]);
/** Calls that run their first argument as code only when an options object sets a flag: name → [options position, flag]. */
const CODE_WHEN_OPTION = groupedTable<[number, string]>([[[1, 'eval'], ['new worker_threads.Worker']]]);

const DESER_FUNCS = new Set(['node-serialize.unserialize', 'serialize.unserialize', 'v8.deserialize', 'funcster.deepDeserialize', 'cryo.parse']);

const SQL_METHODS = new Set(['query', 'execute', 'raw', '$queryRawUnsafe', '$executeRawUnsafe', 'unsafe', 'queryRaw', 'executeRaw']);
const SQL_GENERIC_METHODS = new Set(['run', 'all', 'get', 'exec', 'prepare', 'each', 'many', 'one', 'none', 'any', 'oneOrNone', 'manyOrNone']);
/**
 * Methods named for running SQL, on any receiver: the receiver is often an interface whose implementation runs
 * the text elsewhere (supabase-mcp's `DatabaseOperations.executeSql(projectId, { query })` posts it to the
 * Management API), so the name is the evidence. The SQL is any argument built as SQL text, or the `query` /
 * `sql` / `text` of an options object; a query whose values travel as parameters is not built from input.
 */
const SQL_TEXT_METHODS = new Set(['executeSql', 'executeSQL', 'execSql', 'execSQL', 'runSql', 'runSQL', 'executeQuery', 'runQuery']);
const SQL_OPTION_KEYS = ['query', 'sql', 'text'];
const DB_NAME = /(^|[._])(db|database|conn|connection|client|pool|sqlite|knex|sequelize|prisma|tx|trx|stmt|sql|pg|mysql|duckdb|d1)$/i;

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
  if (fsm && FS_METHODS.has(fsm[1])) for (const i of FS_METHODS.get(fsm[1])!) hit('path', `fs.${fsm[1]}${fsm[2] ?? ''}()`, q.args[i], FS_READS.has(fsm[1]));
  // LangChain file stores: the path given to the store, and the root a store is built on
  if (q.method && FILE_STORE_METHODS.has(q.method) && isFileStore(q)) hit('path', `NodeFileStore.${q.method}()`, q.args[0]);
  for (const [name, at] of ROOT_DIR_CTORS) {
    if (!name.test(c)) continue;
    const a =
      typeof at === 'number' ? q.args[at] : q.args[0] && objectProp(q.args[0].node, at) ? { node: objectProp(q.args[0].node, at)!, t: q.args[0].t } : undefined;
    hit('path', `${c.replace(/^new .*[./](\w+)$/, 'new $1').replace(/^.*[./](\w+\.fromPath)$/, '$1')}()`, a);
  }
  if (c === 'Bun.file' || c === 'Bun.write' || /^Deno\.(readTextFile|readFile|writeTextFile|writeFile|remove|readDir)$/.test(c))
    hit('path', `${c}()`, q.args[0], /^Deno\.read(TextFile|File)$/.test(c));

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
  if (q.tagged && (c === 'zx.$' || c === '$' || c === 'execa.$' || c === 'bun.$' || c === 'Bun.$')) hit('command', `${c} template`, q.args[0]);

  // ---- code injection
  if (CODE_FUNCS.has(c)) {
    if ((c === 'setTimeout' || c === 'setInterval') && q.args[0]?.node.type !== 'template_string' && q.args[0]?.node.type !== 'binary_expression') {
      /* function callbacks */
    } else if (c === 'new Function' || c === 'Function') {
      for (const a of q.args) hit('code', 'new Function()', a);
    } else hit('code', c === 'import' ? 'dynamic import()' : `${c}()`, q.args[0]);
  }
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
  if (HTTP_FUNCS.has(c) || HTTP_FUNCS.has(c.replace(/\.default$/, '')) || instance) {
    const first = q.args[0];
    let a: Arg | undefined = first;
    if (first && first.node.type === 'object') {
      const u = objectProp(first.node, 'url') ?? objectProp(first.node, 'hostname') ?? objectProp(first.node, 'host');
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
  sanitizers: new Map<string, 'all' | SinkKind[]>([
    ['Number', 'all'],
    ['parseInt', 'all'],
    ['parseFloat', 'all'],
    ['Number.parseInt', 'all'],
    ['Number.parseFloat', 'all'],
    ['Boolean', 'all'],
    ['Math.floor', 'all'],
    ['isNaN', 'all'],
    ['encodeURIComponent', ['path', 'argument', 'command']],
    ['path.basename', ['path', 'argument']],
    ['shell-quote.quote', ['command']],
    ['shell-escape', ['command']],
    ['shellEscape', ['command']],
    ['fs.existsSync', 'all'],
    ['crypto.createHash', 'all'],
    ['escapeshellarg', ['command']],
  ]),
  sanitizerMethods: new Map<string, 'all' | SinkKind[]>([
    ['length', 'all'],
    ['digest', 'all'],
  ]),
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
