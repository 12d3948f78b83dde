/** The path kind's sinks and sanitisers (rows.ts says how a row is read). */
import type { KindRows, SanitizerRow, SinkRow } from './rows.js';

// ---- Python -------------------------------------------------------------------------------------------------

/** Keywords naming the path when a file function is called without the positional one (`open(file=p)`). */
const PY_PATH_KEYWORDS = ['file', 'path', 'filename', 'src', 'dst', 'name', 'filepath', 'path_or_buf', 'filepath_or_buffer', 'to_path', 'root_path'];

const pythonSinks: SinkRow[] = [
  // opened with a mode (position 1 or `mode=`): a read when it is absent or has none of w, a, x, +
  { lang: 'python', form: 'call', names: ['open', 'io.open', 'codecs.open', 'aiofiles.open'], args: [0], keywords: PY_PATH_KEYWORDS, read: 'mode' },
  { lang: 'python', form: 'call', names: ['os.open'], args: [0], keywords: PY_PATH_KEYWORDS },
  {
    lang: 'python',
    form: 'call',
    names: ['os.remove', 'os.unlink', 'os.rmdir', 'os.removedirs', 'os.chmod', 'os.chown', 'os.truncate'],
    args: [0],
    keywords: PY_PATH_KEYWORDS,
  },
  {
    lang: 'python',
    form: 'call',
    names: ['os.makedirs', 'os.mkdir'],
    args: [0],
    keywords: PY_PATH_KEYWORDS,
    when: 'unless the call creates the directory fresh (no `exist_ok=True`: taint/python-fresh.ts); `os.mkdir` has no `exist_ok`, so only when given `**kwargs`',
  },
  // reads, unless given a writing `mode=` keyword
  { lang: 'python', form: 'call', names: ['os.listdir', 'os.scandir', 'os.walk'], args: [0], keywords: PY_PATH_KEYWORDS, read: true },
  { lang: 'python', form: 'call', names: ['os.rename', 'os.renames', 'os.replace', 'os.symlink', 'os.link'], args: [0, 1], keywords: PY_PATH_KEYWORDS },
  {
    lang: 'python',
    form: 'call',
    names: ['shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.copytree', 'shutil.move', 'shutil.unpack_archive'],
    args: [0, 1],
    keywords: PY_PATH_KEYWORDS,
  },
  // copies between open file objects: only a path keyword reaches a file
  { lang: 'python', form: 'call', names: ['shutil.copyfileobj'], args: [], keywords: PY_PATH_KEYWORDS },
  { lang: 'python', form: 'call', names: ['shutil.rmtree', 'shutil.chown'], args: [0], keywords: PY_PATH_KEYWORDS },
  { lang: 'python', form: 'call', names: ['shutil.make_archive'], args: [0, 2], keywords: PY_PATH_KEYWORDS },
  { lang: 'python', form: 'call', names: ['glob.glob', 'glob.iglob', 'tarfile.open', 'zipfile.ZipFile'], args: [0], keywords: PY_PATH_KEYWORDS },
  { lang: 'python', form: 'call', names: ['git.Repo', 'git.Repo.init', 'git.repo.Repo', 'git.repo.base.Repo'], args: [0], keywords: PY_PATH_KEYWORDS },
  { lang: 'python', form: 'call', names: ['git.Repo.clone_from'], args: [1], keywords: PY_PATH_KEYWORDS },
  // flask.send_from_directory is not a sink: werkzeug's safe_join keeps the path inside the directory
  {
    lang: 'python',
    form: 'call',
    names: ['flask.send_file', 'send_file', 'fastapi.responses.FileResponse', 'starlette.responses.FileResponse'],
    args: [0],
    keywords: PY_PATH_KEYWORDS,
  },
  {
    lang: 'python',
    form: 'call',
    names: ['pandas.read_csv', 'pandas.read_json', 'pandas.read_excel', 'pandas.read_parquet'],
    args: [0],
    keywords: PY_PATH_KEYWORDS,
    read: true,
  },
  // LangChain's file-system key-value store: its keys are checked (a key pattern, and the resolved path kept under the root), its root is not
  {
    lang: 'python',
    form: 'call',
    names: [
      'langchain.storage.LocalFileStore',
      'langchain.storage.file_system.LocalFileStore',
      'langchain_classic.storage.LocalFileStore',
      'langchain_classic.storage.file_system.LocalFileStore',
    ],
    args: [0],
    keywords: PY_PATH_KEYWORDS,
  },
  // methods of a path object (`Path(p).read_text()`): the receiver is the path
  { lang: 'python', form: 'method', names: ['read_text', 'read_bytes', 'iterdir'], receiver: 'path object', read: true },
  {
    lang: 'python',
    form: 'method',
    names: ['open'],
    receiver: 'path object',
    read: 'mode',
    when: 'a read when its mode (position 0 or `mode=`) is absent or has none of w, a, x, +',
  },
  {
    lang: 'python',
    form: 'method',
    names: ['write_text', 'write_bytes', 'unlink', 'rmdir', 'mkdir', 'touch', 'glob', 'rglob', 'rename', 'symlink_to', 'chmod', 'hardlink_to'],
    receiver: 'path object',
  },
  {
    lang: 'python',
    form: 'shape',
    shape: 'gitpython-index',
    names: ['add', 'remove', 'move'],
    args: [0],
    keywords: ['items'],
    when: 'a method of a `.index` attribute (GitPython `repo.index.add(paths)` stages and reads any file the paths name, also outside the work tree)',
  },
];

const pythonSanitizers: SanitizerRow[] = [
  {
    lang: 'python',
    form: 'call',
    names: ['os.path.basename'],
    safeFor: ['path'],
    why: 'the last path component only: no directory part (it can still start with `-`)',
  },
  {
    lang: 'python',
    form: 'call',
    names: ['werkzeug.utils.secure_filename', 'secure_filename'],
    safeFor: ['path', 'command'],
    why: 'ASCII letters, digits, `_`, `-` and `.` only, no separator, no leading dot (a leading `-` stays)',
  },
];

// ---- JavaScript / TypeScript --------------------------------------------------------------------------------

/** Node's fs (fs/promises, fs-extra, graceful-fs, any alias: the matcher normalises the module), each `<name>Sync` variant too. */
const fs = (names: string[]) => names.map((n) => `fs.${n}`);

const javascriptSinks: SinkRow[] = [
  { lang: 'javascript', form: 'call', names: fs(['readFile', 'createReadStream', 'readdir', 'opendir']), args: [0], read: true },
  {
    lang: 'javascript',
    form: 'call',
    names: fs(['writeFile', 'appendFile', 'unlink', 'rm', 'rmdir', 'mkdir', 'createWriteStream', 'open', 'truncate', 'chmod', 'chown', 'readlink']),
    args: [0],
  },
  { lang: 'javascript', form: 'call', names: fs(['copyFile', 'cp', 'rename', 'symlink', 'link']), args: [0, 1] },
  // fs-extra
  { lang: 'javascript', form: 'call', names: fs(['readJson', 'readJSON']), args: [0], read: true },
  {
    lang: 'javascript',
    form: 'call',
    names: fs(['remove', 'outputFile', 'outputJson', 'writeJson', 'writeJSON', 'emptyDir', 'ensureDir', 'ensureFile', 'mkdirp', 'mkdirs']),
    args: [0],
  },
  { lang: 'javascript', form: 'call', names: fs(['copy', 'move']), args: [0, 1] },
  // Bun and Deno
  { lang: 'javascript', form: 'call', names: ['Bun.file', 'Bun.write', 'Deno.writeTextFile', 'Deno.writeFile', 'Deno.remove', 'Deno.readDir'], args: [0] },
  { lang: 'javascript', form: 'call', names: ['Deno.readTextFile', 'Deno.readFile'], args: [0], read: true },
  // LangChain file stores: the path given to the store, and the root directory a store is built on
  {
    lang: 'javascript',
    form: 'method',
    names: ['readFile', 'writeFile'],
    args: [0],
    receiver: 'LangChain file store (`new NodeFileStore(…)`, or a field typed BaseFileStore in a file that imports NodeFileStore)',
    when: 'the store joins the path under its base directory unchecked',
  },
  {
    lang: 'javascript',
    form: 'shape',
    shape: 'root-directory',
    names: ['new NodeFileStore', 'storage/file_system.LocalFileStore.fromPath'],
    args: [0],
    when: 'the root directory a LangChain file store is built on (the class or factory imported from a module ending in the name)',
  },
  {
    lang: 'javascript',
    form: 'shape',
    shape: 'root-directory',
    names: ['new storage/file_system.LocalFileStore'],
    keywords: ['rootPath'],
    when: 'the root directory a LangChain file store is built on (`{ rootPath }` of its options)',
  },
];

const javascriptSanitizers: SanitizerRow[] = [
  { lang: 'javascript', form: 'call', names: ['encodeURIComponent'], safeFor: ['path'], why: 'the path separator is escaped' },
  { lang: 'javascript', form: 'call', names: ['path.basename'], safeFor: ['path'], why: 'one path component, no separator' },
];

// -------------------------------------------------------------------------------------------------------------

const rows: KindRows = {
  kind: 'path',
  sinks: [...pythonSinks, ...javascriptSinks],
  sanitizers: [...pythonSanitizers, ...javascriptSanitizers],
};
export default rows;
