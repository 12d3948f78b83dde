import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/app/io.js';
import { globalRedactor } from '../../src/core/redact.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process (from source) with captured, redacted output, as `agent-guard ...args` in `cwd`. */
export async function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, options: { tty?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    cwd,
    env: { ...env },
    stdoutIsTTY: options.tty ?? false,
    out: (t) => {
      stdout += globalRedactor.redact(t);
    },
    err: (t) => {
      stderr += globalRedactor.redact(t);
    },
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
