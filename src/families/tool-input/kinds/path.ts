/** The path kind's sinks and sanitisers (rows.ts says how a row is read). */
import type { KindRows, SanitizerRow, SinkRow } from './rows.js';

// ---- Python -------------------------------------------------------------------------------------------------

const pythonSinks: SinkRow[] = [];

const pythonSanitizers: SanitizerRow[] = [];

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
