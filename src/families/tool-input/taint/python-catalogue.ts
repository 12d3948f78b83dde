import type { Node } from '../../../parsing/parsers.js';
import { inOptionValueSlot, interpreterInput, needsProgram, programName, takesValue } from './argv-options.js';
import { groupedTable, sinkHits, type SinkArg as Arg, type SinkHit } from './catalogue.js';
import type { Scope } from './core.js';
import type { FileIndex as PyIndex } from './walk.js';
import type { SinkKind, Taint } from './types.js';

/** Python sinks, sanitisers and propagators. */

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

/** File functions by the argument positions that are paths. */
const PATH_FUNCS = groupedTable<number[]>([
  [[0], ['open', 'io.open', 'codecs.open', 'os.open', 'aiofiles.open']],
  [
    [0],
    [
      'os.remove',
      'os.unlink',
      'os.rmdir',
      'os.removedirs',
      'os.makedirs',
      'os.mkdir',
      'os.listdir',
      'os.scandir',
      'os.walk',
      'os.chmod',
      'os.chown',
      'os.truncate',
    ],
  ],
  [
    [0, 1],
    ['os.rename', 'os.renames', 'os.replace', 'os.symlink', 'os.link'],
  ],
  [
    [0, 1],
    ['shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.copytree', 'shutil.move', 'shutil.unpack_archive'],
  ],
  [[], ['shutil.copyfileobj']],
  [[0], ['shutil.rmtree', 'shutil.chown']],
  [[0, 2], ['shutil.make_archive']],
  [[0], ['glob.glob', 'glob.iglob', 'tarfile.open', 'zipfile.ZipFile']],
  [[0], ['git.Repo', 'git.Repo.init', 'git.repo.Repo', 'git.repo.base.Repo']],
  [[1], ['git.Repo.clone_from']],
  [[0], ['flask.send_file', 'send_file', 'fastapi.responses.FileResponse', 'starlette.responses.FileResponse']],
  [[0], ['pandas.read_csv', 'pandas.read_json', 'pandas.read_excel', 'pandas.read_parquet']],
  // LangChain's file-system key-value store: its keys are checked (a key pattern, and the resolved path kept under the root), its root is not
  [
    [0],
    [
      'langchain.storage.LocalFileStore',
      'langchain.storage.file_system.LocalFileStore',
      'langchain_classic.storage.LocalFileStore',
      'langchain_classic.storage.file_system.LocalFileStore',
    ],
  ],
]);
/** File functions whose first argument is opened with a mode (read when absent). */
const OPEN_FUNCS = new Set(['open', 'io.open', 'codecs.open', 'aiofiles.open']);
/** File functions that only read the file: `open` and the like only in a read mode (readMode). */
const PATH_READS = new Set([
  ...OPEN_FUNCS,
  'os.listdir',
  'os.scandir',
  'os.walk',
  'pandas.read_csv',
  'pandas.read_json',
  'pandas.read_excel',
  'pandas.read_parquet',
]);

/** An `open` mode that only reads: absent, or a literal without w, a, x or +. */
function readMode(mode: Node | undefined): boolean {
  if (!mode) return true;
  const m = pyLiteralString(mode);
  return m !== null && !/[wax+]/.test(m);
}

const PATH_KW = ['file', 'path', 'filename', 'src', 'dst', 'name', 'filepath', 'path_or_buf', 'filepath_or_buffer', 'to_path', 'root_path'];

const PATH_METHODS = new Set([
  'read_text',
  'write_text',
  'read_bytes',
  'write_bytes',
  'open',
  'unlink',
  'rmdir',
  'mkdir',
  'touch',
  'iterdir',
  'glob',
  'rglob',
  'rename',
  'symlink_to',
  'chmod',
  'hardlink_to',
]);

const SHELL_FUNCS = new Set([
  'os.system',
  'os.popen',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  'commands.getoutput',
  'commands.getstatusoutput',
  'asyncio.create_subprocess_shell',
  'pexpect.run',
  'pexpect.spawn',
  'pexpect.popen_spawn.PopenSpawn',
  'pty.spawn',
]);
const SUBPROCESS_FUNCS = new Set(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen']);
const EXEC_ARGV_FUNCS = new Set([
  'asyncio.create_subprocess_exec',
  'os.execv',
  'os.execvp',
  'os.execvpe',
  'os.execve',
  'os.execl',
  'os.execlp',
  'os.spawnv',
  'os.spawnvp',
]);

const CODE_FUNCS = new Set([
  'eval',
  'exec',
  'compile',
  '__import__',
  'builtins.eval',
  'builtins.exec',
  'builtins.compile',
  'importlib.import_module',
  'importlib.__import__',
  'runpy.run_path',
  'runpy.run_module',
  'execfile',
]);

const DESER_FUNCS = new Set([
  'pickle.loads',
  'pickle.load',
  'pickle.Unpickler',
  'cPickle.loads',
  'cPickle.load',
  '_pickle.loads',
  '_pickle.load',
  'marshal.loads',
  'marshal.load',
  'dill.loads',
  'dill.load',
  'cloudpickle.loads',
  'cloudpickle.load',
  'joblib.load',
  'jsonpickle.decode',
  'jsonpickle.loads',
  'yaml.unsafe_load',
  'yaml.unsafe_load_all',
  'yaml.full_load',
  'yaml.full_load_all',
  'shelve.open',
  'pandas.read_pickle',
]);
const SAFE_YAML_LOADERS = /(^|\.)(SafeLoader|CSafeLoader|BaseLoader|CBaseLoader)$/;

/**
 * Loaders that run code only with (or without) one keyword: `unless-true` is unsafe unless the keyword is
 * literally `True`, `if-set` when it is given and not `False`/`None`/`0`, `if-false` when it is given as
 * `False`/`None`/`0`. `arg` is the loaded file's position and keywords.
 */
interface OptionGatedLoader {
  keyword: string;
  unsafe: 'unless-true' | 'if-set' | 'if-false';
  arg: [number, ...string[]];
}
const OPTION_GATED_DESER = groupedTable<OptionGatedLoader>([
  // pickle inside the checkpoint
  [{ keyword: 'weights_only', unsafe: 'unless-true', arg: [0, 'f'] }, ['torch.load']],
  // object arrays in .npy/.npz are pickled
  [{ keyword: 'allow_pickle', unsafe: 'if-set', arg: [0, 'file'] }, ['numpy.load']],
  // Lambda layers carry marshalled Python bytecode, refused only in safe mode (the default)
  [
    { keyword: 'safe_mode', unsafe: 'if-false', arg: [0, 'filepath'] },
    [
      'keras.models.load_model',
      'keras.saving.load_model',
      'tensorflow.keras.models.load_model',
      'tensorflow.keras.saving.load_model',
      'tf_keras.models.load_model',
    ],
  ],
]);

/** The sink name of an option-gated loader call when its keyword makes it unsafe, else null. */
function optionGatedSink(name: string, loader: OptionGatedLoader, value: Node | undefined): string | null {
  const isLiteralTrue = value?.type === 'true';
  const isFalsy = !!value && !isTrue(value);
  if (loader.unsafe === 'unless-true') return isLiteralTrue ? null : `${name}() without ${loader.keyword}=True`;
  if (loader.unsafe === 'if-set') return value && !isFalsy ? `${name}(${loader.keyword}=${value.text})` : null;
  return value && isFalsy ? `${name}(${loader.keyword}=${value.text})` : null;
}

/** HTTP functions by the argument position of the URL. */
const HTTP_FUNCS = groupedTable<number>([
  [0, ['requests.get', 'requests.post', 'requests.put', 'requests.patch', 'requests.delete', 'requests.head', 'requests.options', 'requests.api.get']],
  [1, ['requests.request', 'requests.api.request']],
  [0, ['httpx.get', 'httpx.post', 'httpx.put', 'httpx.patch', 'httpx.delete', 'httpx.head', 'httpx.options']],
  [1, ['httpx.request', 'httpx.stream']],
  [0, ['urllib.request.urlopen', 'urllib.request.Request', 'urllib.request.urlretrieve', 'urllib2.urlopen', 'urllib.urlopen']],
  [1, ['aiohttp.request']],
  [0, ['webbrowser.open']],
]);
/** HTTP client methods by the argument position of the URL. */
const HTTP_CLIENT_METHODS = groupedTable<number>([
  [0, ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'ws_connect']],
  [1, ['request', 'stream', 'urlopen']],
]);
const HTTP_CLIENT_CTORS = new Set([
  'requests.Session',
  'requests.session',
  'httpx.Client',
  'httpx.AsyncClient',
  'aiohttp.ClientSession',
  'urllib3.PoolManager',
  'urllib3.PoolManager()',
]);
const HTTP_CLIENT_NAMES =
  /^(session|http_session|http_client|httpx_client|async_client|http|self\.session|self\.http_session|self\.http_client|self\._session|self\._client|self\.client)$/;

const SQL_METHODS = new Set(['execute', 'executemany', 'executescript', 'exec_driver_sql', 'mogrify', 'fetch', 'fetchrow', 'fetchval', 'raw']);
const SQL_FUNCS = new Set([
  'sqlalchemy.text',
  'sqlalchemy.sql.text',
  'sqlalchemy.sql.expression.text',
  'pandas.read_sql',
  'pandas.read_sql_query',
  'sqlmodel.text',
]);

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
  const pathArgs = PATH_FUNCS.get(c) ?? PATH_FUNCS.get(c.replace(/^pathlib\./, ''));
  if (pathArgs) {
    const read = PATH_READS.has(c) ? readMode(arg(q, OPEN_FUNCS.has(c) ? 1 : -1, 'mode')?.node) : PATH_READS.has(c.replace(/^pathlib\./, ''));
    for (const i of pathArgs) hit('path', `${c}()`, q.positional[i], read);
    if (!pathArgs.some((i) => q.positional[i])) for (const k of PATH_KW) hit('path', `${c}()`, q.keywords.get(k), read);
  }
  if (q.method && PATH_METHODS.has(q.method) && q.receiver && q.receiver.container === undefined && q.method !== 'write') {
    const read = q.method === 'read_text' || q.method === 'read_bytes' || q.method === 'iterdir' || (q.method === 'open' && readMode(arg(q, 0, 'mode')?.node));
    if (q.receiver.argv === undefined)
      out.push({ kind: 'path', sink: `Path.${q.method}()`, taint: q.receiver, arg: q.receiverNode ?? undefined, ...(read ? { read } : {}) });
  }
  // flask.send_from_directory is not a sink: werkzeug's safe_join keeps the path inside the directory.

  // ---- command / argument injection
  if (SHELL_FUNCS.has(c)) hit('command', `${c}()`, arg(q, 0, 'cmd', 'command', 'args'));
  if (SUBPROCESS_FUNCS.has(c)) {
    const cmd = arg(q, 0, 'args');
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
  if (EXEC_ARGV_FUNCS.has(c)) {
    const first = q.positional[0];
    // `create_subprocess_exec(*cmd)` with `cmd = ["sam", "build"]` then `cmd.extend(["--base-dir", d])`: the list's
    // first element is its program; the input is one of its arguments
    const spreadArgv = first?.node.parent?.type === 'list_splat' && first.t?.argv && !first.t.argv.first ? first.t.argv : undefined;
    if (first?.t && spreadArgv) {
      if (interpreterInput(spreadArgv))
        out.push({ kind: interpreterInput(spreadArgv)!, sink: `${c}() ${spreadArgv.program} ${spreadArgv.option}`, taint: first.t, arg: first.node });
      else if (!spreadArgv.afterDashDash && !first.t.prefixFixed && !inOptionValueSlot(spreadArgv))
        out.push({ kind: 'argument', sink: `${c}() argv`, taint: first.t, arg: first.node });
    } else if (first?.t) out.push({ kind: 'command', sink: `${c}() program name`, taint: first.t, arg: first.node });
    const rest = q.positional.slice(1);
    const ddIdx = rest.findIndex((a) => pyLiteralString(a.node) === '--');
    const program = programName(pyLiteralString(first?.node));
    rest.forEach((a, i) => {
      // `create_subprocess_exec("git", "-C", path)`: the value of an option cannot become an option
      const option = argvOptionBefore(q.positional, i + 1);
      const interpreted = a.t ? interpreterInput({ option, program }) : null;
      if (interpreted) out.push({ kind: interpreted, sink: `${c}() ${program} ${option}`, taint: a.t!, arg: a.node });
      else if (a.t && (ddIdx < 0 || i < ddIdx) && !a.t.prefixFixed && !a.t.argv?.afterDashDash && !takesValue(option, program)) {
        const deferred = option && first && program === undefined && needsProgram(option) ? { optionValue: { option, program: first.node } } : {};
        out.push({ kind: 'argument', sink: `${c}() argv`, taint: a.t, arg: a.node, ...deferred });
      }
    });
  }
  // GitPython: repo.git.<command>(...)
  if (q.method && q.receiverNode?.type === 'attribute' && q.receiverNode.childForFieldName('attribute')?.text === 'git' && q.method !== 'execute') {
    const ddIdx = q.positional.findIndex((a) => pyLiteralString(a.node) === '--');
    q.positional.forEach((a, i) => {
      const option = argvOptionBefore(q.positional, i);
      if (a.t && (ddIdx < 0 || i < ddIdx) && !a.t.prefixFixed && !takesValue(option, 'git'))
        out.push({ kind: 'argument', sink: `git ${q.method!.replace(/_/g, '-')} (GitPython)`, taint: a.t, arg: a.node });
    });
  }

  // GitPython's index: `repo.index.add(paths)` stages (and reads) any file the paths name, also outside the work tree
  if (
    (q.method === 'add' || q.method === 'remove' || q.method === 'move') &&
    q.receiverNode?.type === 'attribute' &&
    q.receiverNode.childForFieldName('attribute')?.text === 'index'
  )
    hit('path', `index.${q.method}() (GitPython)`, q.positional[0] ?? q.keywords.get('items'));

  // ---- code injection
  if (CODE_FUNCS.has(c)) hit('code', `${c}()`, arg(q, 0, 'source', 'name', 'expression'));
  // server-side template injection: a model-written Jinja2 template reaches Python objects
  // (`{{ ''.__class__.__mro__[1].__subclasses__() }}`) unless the environment is sandboxed
  if (c === 'jinja2.Template' || c === 'jinja2.Environment().from_string') hit('code', `${c}()`, arg(q, 0, 'source'));
  else if (q.method === 'from_string' && jinjaUnsandboxed(q))
    hit('code', `${q.receiverNode?.text ?? 'Environment'}.from_string() (Jinja2, not sandboxed)`, arg(q, 0, 'source'));

  // ---- SQL injection
  if (q.method && SQL_METHODS.has(q.method) && q.receiverNode) {
    const a = arg(q, 0, 'query', 'sql', 'statement', 'operation');
    if (a?.t?.sqlBuilt) out.push({ kind: 'sql', sink: `${q.receiverNode.text.split('.').pop()}.${q.method}()`, taint: a.t, arg: a.node });
  }
  if (SQL_FUNCS.has(c) || (q.canon && /(^|\.)text$/.test(c) && q.idx.imports.get('text')?.startsWith('sqlalchemy'))) {
    const a = arg(q, 0, 'sql', 'text');
    if (a?.t?.sqlBuilt) out.push({ kind: 'sql', sink: `${c}()`, taint: a.t, arg: a.node });
  }

  // ---- SSRF
  const httpIdx = HTTP_FUNCS.get(c);
  if (httpIdx !== undefined) {
    const a = arg(q, httpIdx, 'url');
    if (a?.t && !a.t.hostFixed) out.push({ kind: 'ssrf', sink: `${c}()`, taint: a.t, arg: a.node });
  }
  if (q.method && q.receiverNode && HTTP_CLIENT_METHODS.has(q.method)) {
    const recv = q.receiverNode.text;
    const isClient =
      q.scope.httpClients.has(recv) ||
      HTTP_CLIENT_NAMES.test(recv) ||
      (q.receiverNode.type === 'call' && HTTP_CLIENT_CTORS.has(q.canon?.replace(/\(\)\.[a-z_]+$/, '') ?? ''));
    if (isClient) {
      const a = arg(q, HTTP_CLIENT_METHODS.get(q.method)!, 'url');
      if (a?.t && !a.t.hostFixed && a.t.container === undefined) out.push({ kind: 'ssrf', sink: `${recv}.${q.method}()`, taint: a.t, arg: a.node });
    }
  }

  // ---- unsafe deserialization
  if (DESER_FUNCS.has(c)) hit('deserialization', `${c}()`, arg(q, 0, 'data', 'stream', 'file', 's', 'filename', 'value', 'string'));
  if (c === 'yaml.load' || c === 'yaml.load_all') {
    const loader = q.positional[1]?.node ?? q.keywords.get('Loader')?.node;
    if (!loader || !SAFE_YAML_LOADERS.test(loader.text))
      hit('deserialization', loader ? `${c}(Loader=${loader.text})` : `${c}() without SafeLoader`, arg(q, 0, 'stream'));
  }
  const gated = OPTION_GATED_DESER.get(c);
  if (gated) {
    const sink = optionGatedSink(c, gated, q.keywords.get(gated.keyword)?.node);
    if (sink) hit('deserialization', sink, arg(q, ...gated.arg));
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
  runsProgram: (canon: string): boolean => SUBPROCESS_FUNCS.has(canon) || EXEC_ARGV_FUNCS.has(canon) || SHELL_FUNCS.has(canon),
  sinks,
  httpClientCtors: HTTP_CLIENT_CTORS,
  /** Calls whose result is not model-controlled text any more ('all'), or safe for some kinds. */
  sanitizers: new Map<string, 'all' | SinkKind[]>([
    ['int', 'all'],
    ['float', 'all'],
    ['bool', 'all'],
    ['len', 'all'],
    ['hash', 'all'],
    ['isinstance', 'all'],
    ['id', 'all'],
    ['abs', 'all'],
    ['round', 'all'],
    ['uuid.UUID', 'all'],
    ['ast.literal_eval', 'all'],
    ['hashlib.sha256', 'all'],
    ['hashlib.md5', 'all'],
    ['hashlib.sha1', 'all'],
    ['shlex.quote', ['command']],
    ['pipes.quote', ['command']],
    ['os.path.basename', ['path', 'argument']],
    ['werkzeug.utils.secure_filename', ['path', 'argument', 'command']],
    ['secure_filename', ['path', 'argument', 'command']],
    ['re.escape', ['code']],
    ['os.path.exists', 'all'],
    ['os.path.isfile', 'all'],
    ['os.path.isdir', 'all'],
    ['os.path.getsize', 'all'],
    ['datetime.datetime.fromisoformat', 'all'],
    // a value of the module's fixed table (or None): `mimetypes.guess_extension(model_mime)` is ".pdf", never a path
    ['mimetypes.guess_extension', 'all'],
    ['mimetypes.guess_type', 'all'],
  ]),
  sanitizerMethods: new Map<string, 'all' | SinkKind[]>([
    ['isdigit', 'all'],
    ['isalnum', 'all'],
    ['exists', 'all'],
    ['is_file', 'all'],
    ['is_dir', 'all'],
    ['hexdigest', 'all'],
    ['count', 'all'],
    ['find', 'all'],
    ['index', 'all'],
  ]),
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
