import type { CliIO } from '../app/io.js';
import type { OptionSpec, ParsedArgs } from '../app/options.js';

export type { OptionSpec, ParsedArgs };

/** One CLI command: its flags, its help text, and what it does. Returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  allowPositionals: boolean;
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}
