/** The code kind's sinks and sanitisers (rows.ts says how a row is read). */
import type { KindRows, SanitizerRow, SinkRow } from './rows.js';
import { pySubprocessRow, PY_EXEC_ARGV, PY_SPAWN_ARGV } from './runners.js';

// ---- Python -------------------------------------------------------------------------------------------------

const pythonSinks: SinkRow[] = [
  {
    lang: 'python',
    form: 'call',
    names: [
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
    ],
    args: [0],
    keywords: ['source', 'name', 'expression'],
  },
  // server-side template injection: a model-written Jinja2 template reaches Python objects
  // (`{{ ''.__class__.__mro__[1].__subclasses__() }}`) unless the environment is sandboxed
  { lang: 'python', form: 'call', names: ['jinja2.Template', 'jinja2.Environment().from_string'], args: [0], keywords: ['source'] },
  {
    lang: 'python',
    form: 'shape',
    shape: 'jinja-from-string',
    names: ['from_string'],
    args: [0],
    keywords: ['source'],
    when: 'a method of an environment in a file that imports a plain `jinja2.Environment` and builds no `SandboxedEnvironment`',
  },
  pySubprocessRow('an argv whose program is an interpreter and whose option runs its code argument (`["python3", "-c", code]`, `node -e`)'),
  {
    lang: 'python',
    form: 'shape',
    shape: 'exec-argv',
    names: [...PY_EXEC_ARGV, ...PY_SPAWN_ARGV],
    when: 'an interpreter program with the option that runs its code argument (`create_subprocess_exec("python3", "-c", code)`, `os.execv(path, ["python3", "-c", code])`)',
  },
];

const pythonSanitizers: SanitizerRow[] = [
  { lang: 'python', form: 'call', names: ['re.escape'], safeFor: ['code'], why: 'every character special to a regex escaped' },
];

// ---- JavaScript / TypeScript --------------------------------------------------------------------------------

const javascriptSinks: SinkRow[] = [
  {
    lang: 'javascript',
    form: 'call',
    names: [
      'eval',
      'globalThis.eval',
      'vm.runInNewContext',
      'vm.runInThisContext',
      'vm.runInContext',
      'vm.compileFunction',
      'new vm.Script',
      'vm.Script',
      'new vm.SourceTextModule',
      'import',
      'require',
    ],
    args: [0],
  },
  {
    lang: 'javascript',
    form: 'shape',
    shape: 'string-timer',
    names: ['setTimeout', 'setInterval'],
    args: [0],
    when: 'the first argument is a template or a concatenation (a string of code, not a callback)',
  },
  {
    lang: 'javascript',
    form: 'shape',
    shape: 'function-constructor',
    names: ['Function', 'new Function'],
    when: 'any argument (the parameter names and the body)',
  },
  {
    lang: 'javascript',
    form: 'shape',
    shape: 'eval-option',
    names: ['new worker_threads.Worker'],
    args: [0],
    when: 'with `eval: true` (any value but `false`) in its options (argument 1): the first argument is code, not a file name',
  },
];

const javascriptSanitizers: SanitizerRow[] = [];

// -------------------------------------------------------------------------------------------------------------

const rows: KindRows = {
  kind: 'code',
  sinks: [...pythonSinks, ...javascriptSinks],
  sanitizers: [...pythonSanitizers, ...javascriptSanitizers],
};
export default rows;
