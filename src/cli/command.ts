import type { ParseArgsConfig } from 'node:util';
import type { CliIO } from '../app/io.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** One CLI command: its flags, its help text, and what it does. Returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  allowPositionals: boolean;
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}
