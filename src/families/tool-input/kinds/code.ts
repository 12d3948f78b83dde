/** The code kind's sinks and sanitisers (rows.ts says how a row is read). */
import type { KindRows, SanitizerRow, SinkRow } from './rows.js';

// ---- Python -------------------------------------------------------------------------------------------------

const pythonSinks: SinkRow[] = [];

const pythonSanitizers: SanitizerRow[] = [];

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
