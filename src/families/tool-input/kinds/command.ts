/** The command kind's sinks and sanitisers (rows.ts says how a row is read). */
import type { KindRows, SanitizerRow, SinkRow } from './rows.js';

// ---- Python -------------------------------------------------------------------------------------------------

const pythonSinks: SinkRow[] = [];

const pythonSanitizers: SanitizerRow[] = [];

// ---- JavaScript / TypeScript --------------------------------------------------------------------------------

/** Programs run with an argv (`spawn(cmd, args)`): command.ts has the program name, argument.ts the argv. */
export const JS_ARGV_EXEC = [
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
];

const javascriptSinks: SinkRow[] = [
  {
    lang: 'javascript',
    form: 'call',
    names: [
      'child_process.exec',
      'child_process.execSync',
      'execa.execaCommand',
      'execa.execaCommandSync',
      'execa.command',
      'execa.commandSync',
      'shelljs.exec',
    ],
    args: [0],
    when: 'the command string runs in a shell',
  },
  {
    lang: 'javascript',
    form: 'shape',
    shape: 'argv-exec',
    names: JS_ARGV_EXEC,
    when: 'the program name (argument 0); with `shell: true` in the options, the program and its argv (argument 1) both',
  },
  {
    lang: 'javascript',
    form: 'shape',
    shape: 'shell-template',
    names: ['zx.$', '$', 'execa.$', 'bun.$', 'Bun.$'],
    when: 'a tagged template (`` $`git log ${ref}` ``): the substitutions',
  },
];

const javascriptSanitizers: SanitizerRow[] = [
  { lang: 'javascript', form: 'call', names: ['encodeURIComponent'], safeFor: ['command'], why: 'shell metacharacters and spaces are escaped' },
  {
    lang: 'javascript',
    form: 'call',
    names: ['shell-quote.quote', 'shell-escape', 'shellEscape', 'escapeshellarg'],
    safeFor: ['command'],
    why: 'quoted as one shell word',
  },
];

// -------------------------------------------------------------------------------------------------------------

const rows: KindRows = {
  kind: 'command',
  sinks: [...pythonSinks, ...javascriptSinks],
  sanitizers: [...pythonSanitizers, ...javascriptSanitizers],
};
export default rows;
