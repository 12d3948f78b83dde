import type { ParseArgsConfig } from 'node:util';

/** Flags as node:util parseArgs declares them; the CLI's commands and the options the Action shares use them. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}
