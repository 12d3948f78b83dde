/** The command kind's sinks and sanitisers (rows.ts says how a row is read). */
import type { KindRows, SanitizerRow, SinkRow } from './rows.js';
import { pySubprocessRow, PY_EXEC_ARGV, PY_SPAWN_ARGV, JS_ARGV_EXEC } from './runners.js';

// ---- Python -------------------------------------------------------------------------------------------------

const pythonSinks: SinkRow[] = [
  {
    lang: 'python',
    form: 'call',
    names: [
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
    ],
    args: [0],
    keywords: ['cmd', 'command', 'args'],
  },
  pySubprocessRow(
    'with `shell=True`, with a command string, with the program name from input, or with an argv whose program is a shell and whose option is `-c` (`["bash", "-c", cmd]`)',
  ),
  {
    lang: 'python',
    form: 'shape',
    shape: 'exec-argv',
    names: PY_EXEC_ARGV,
    args: [0],
    when: 'with the program (position 0, or the first element of a spread argv) from input, or a shell program with `-c` and the command from input',
  },
  {
    lang: 'python',
    form: 'shape',
    shape: 'exec-argv',
    names: PY_SPAWN_ARGV,
    args: [1],
    when: 'with the program (position 1, after the mode) from input, or a shell program with `-c` and the command from input',
  },
];

const pythonSanitizers: SanitizerRow[] = [
  { lang: 'python', form: 'call', names: ['shlex.quote', 'pipes.quote'], safeFor: ['command'], why: 'one shell word, quoted' },
];

// ---- JavaScript / TypeScript --------------------------------------------------------------------------------

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
