/** The argument kind's sinks and sanitisers (rows.ts says how a row is read). */
import type { KindRows, SanitizerRow, SinkRow } from './rows.js';
import { pySubprocessRow, PY_EXEC_ARGV, PY_SPAWN_ARGV, JS_ARGV_EXEC } from './runners.js';

// ---- Python -------------------------------------------------------------------------------------------------

const pythonSinks: SinkRow[] = [
  pySubprocessRow('an argv element from input that can start with `-`: not after `--`, not the value of an option that takes one, not behind a fixed prefix'),
  {
    lang: 'python',
    form: 'shape',
    shape: 'exec-argv',
    names: [...PY_EXEC_ARGV, ...PY_SPAWN_ARGV],
    when: 'an argument after the program (or an element of a spread argv) from input that can start with `-`: not after `--`, not the value of an option that takes one',
  },
  {
    lang: 'python',
    form: 'shape',
    shape: 'gitpython-git',
    names: ['git'],
    when: 'any method of a `.git` attribute but `execute` (GitPython `repo.git.checkout(branch)` runs `git checkout <branch>`): a positional argument from input before `--` that is not the value of an option',
  },
];

const pythonSanitizers: SanitizerRow[] = [];

// ---- JavaScript / TypeScript --------------------------------------------------------------------------------

const javascriptSinks: SinkRow[] = [
  {
    lang: 'javascript',
    form: 'shape',
    shape: 'argv-exec',
    names: JS_ARGV_EXEC,
    when: "the argv (argument 1) without `shell: true`: a value that can become an option of the program (not after `--`, not behind a fixed prefix, not the value of an option); an interpreter's code option (`node -e`, `sh -c`) reports as code or command injection",
  },
];

// `encodeURIComponent`, `path.basename` (and Python's `os.path.basename`, `secure_filename`) keep a leading `-`: no sanitiser here
const javascriptSanitizers: SanitizerRow[] = [];

// -------------------------------------------------------------------------------------------------------------

const rows: KindRows = {
  kind: 'argument',
  sinks: [...pythonSinks, ...javascriptSinks],
  sanitizers: [...pythonSanitizers, ...javascriptSanitizers],
};
export default rows;
