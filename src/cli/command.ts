import type { CliIO } from '../app/io.js';
import type { OptionSpec, ParsedArgs } from '../app/options.js';

export type { OptionSpec, ParsedArgs };

/** One CLI command: its flags, its help text, and what it does. Returns the exit code. */
export interface Command {
  name: string;
  /** One line, lower case, no final stop: the command list of `agent-guard --help` and the head of its `--help`. */
  summary: string;
  /** The synopsis, e.g. `agent-guard scan [PATH...] [options]`. */
  usage: string;
  /** What the command does, beyond the summary (paragraphs), printed by `--help`. */
  description?: string;
  /** The option lines `--help` prints, one per flag of `options` (a test checks every flag is listed). */
  optionsHelp: string;
  options: OptionSpec;
  allowPositionals: boolean;
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}
