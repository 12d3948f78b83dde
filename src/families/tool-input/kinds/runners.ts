/**
 * Callees that run a program, shared by the kinds each can be a sink of: the program name and a shell string
 * are command injection (command.ts), an argv value that can start with `-` argument injection (argument.ts),
 * an interpreter's code option (`python3 -c`, `node -e`) code injection (code.ts).
 */
import type { SinkRow } from './rows.js';

/** Python's subprocess functions: a command string, or an argv list. */
export const PY_SUBPROCESS = ['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen'];

/** The subprocess row of a kind: where the command or argv sits is the same for every kind, `when` is the kind's own. */
export function pySubprocessRow(when: string): SinkRow {
  return { lang: 'python', form: 'shape', shape: 'subprocess', names: PY_SUBPROCESS, args: [0], keywords: ['args'], when };
}

/** Python's exec family with the program first (`os.execv(path, args)`, `create_subprocess_exec(program, *args)`). */
export const PY_EXEC_ARGV = ['asyncio.create_subprocess_exec', 'os.execv', 'os.execvp', 'os.execvpe', 'os.execve', 'os.execl', 'os.execlp'];

/** `os.spawnv(mode, path, args)`: the program second. */
export const PY_SPAWN_ARGV = ['os.spawnv', 'os.spawnvp'];

/** Programs run with an argv (`spawn(cmd, args)`). */
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
