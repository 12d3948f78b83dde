import { parseArgs } from 'node:util';
import { oneLine, UsageError } from '../core/errors.js';
import { globalRedactor } from '../core/redact.js';
import { VERSION } from '../core/identity.js';
import { didYouMean } from '../config/suggest.js';
import type { Command, OptionSpec, ParsedArgs } from './command.js';
import { baselineCommand } from './commands/baseline.js';
import { demoCommand } from './commands/demo.js';
import { initCommand } from './commands/init.js';
import { installHookCommand } from './commands/install-hook.js';
import { rulesCommand } from './commands/rules.js';
import { scanCommand } from './commands/scan.js';
import { toolsCommand } from './commands/tools.js';
import type { CliIO, Verbosity } from '../app/io.js';
import { trimEndChar } from '../core/text.js';

/** Every command; add a new one here. */
export const COMMANDS: Command[] = [scanCommand, demoCommand, rulesCommand, initCommand, baselineCommand, installHookCommand, toolsCommand];

/** Flags every command takes (before or after the command name). */
export const GLOBAL_OPTIONS: OptionSpec = {
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export const GLOBAL_USAGE = `  -q, --quiet           print only findings and errors: no summary, no status lines
      --verbose         also print what was scanned and how long it took (on stderr), and the
                        stack of an internal error
      --color, --no-color
                        colour the text report or not (default: only on a terminal; FORCE_COLOR
                        and NO_COLOR are honoured)
  -h, --help            print this help`;

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `agent-guard ${VERSION}: security scanner for repositories that build LLM agents

Usage: agent-guard <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Global options:
${GLOBAL_USAGE}
  -v, --version         print the version

Run "agent-guard <command> --help" for a command's options.
Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it or a rule error; 2 usage, config or internal error.
`;
}

/** What `agent-guard <command> --help` prints: summary, usage, description, the command's and the global options. */
export function commandHelp(command: Command): string {
  const summary = command.summary.charAt(0).toUpperCase() + command.summary.slice(1);
  const parts = [`Usage: ${command.usage}`, `${summary}.`];
  if (command.description) parts.push(command.description.trim());
  if (command.optionsHelp.trim()) parts.push(`Options:\n${trimEndChar(command.optionsHelp, '\n')}`);
  parts.push(`Global options:\n${GLOBAL_USAGE}`);
  return parts.join('\n\n') + '\n';
}

function quote(s: string): string {
  return `"${s}"`;
}

/**
 * The arguments of a command, checked token by token before node:util parseArgs sees them, so that a
 * mistake reads as one line in the user's terms (with a suggestion) rather than parseArgs' own text.
 */
function parseCommandArgs(command: Command, args: string[]): ParsedArgs {
  const options: OptionSpec = { ...command.options, ...GLOBAL_OPTIONS };
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  const seeHelp = `run "agent-guard ${command.name} --help" for its options`;
  for (const token of tokens) {
    if (token.kind === 'option') {
      const spec = options[token.name];
      if (!spec) {
        // Long flags only: every one-letter flag is one edit away from every other.
        const hint = token.rawName.startsWith('--') ? didYouMean(token.name, Object.keys(options), (s) => quote(`--${s}`)) : '';
        throw new UsageError(`${command.name}: unknown option ${quote(token.rawName)}${hint ? `: ${hint}` : ''} (${seeHelp})`);
      }
      const shown = token.rawName.startsWith('--') ? token.rawName : `${token.rawName}/--${token.name}`;
      if (spec.type === 'boolean' && token.inlineValue) throw new UsageError(`${command.name}: option ${quote(shown)} takes no value`);
      if (spec.type === 'string') {
        if (token.value === undefined) throw new UsageError(`${command.name}: option ${quote(shown)} needs a value`);
        if (!token.inlineValue && token.value.startsWith('-') && token.value !== '-') {
          throw new UsageError(
            `${command.name}: option ${quote(shown)} needs a value, got the option ${quote(token.value)} (write ${token.rawName}=${token.value} if it is the value)`,
          );
        }
      }
    } else if (token.kind === 'positional' && !command.allowPositionals) {
      throw new UsageError(`${command.name}: unexpected argument ${quote(token.value)} (${command.name} takes no paths; ${seeHelp})`);
    }
  }
  try {
    return parseArgs({ args, options, allowPositionals: command.allowPositionals, strict: true }) as ParsedArgs;
  } catch (err) {
    // Checked above; kept as a safety net, in one line without parseArgs' quoting.
    throw new UsageError(`${command.name}: ${oneLine((err as Error).message).replace(/'/g, '"')} (${seeHelp})`);
  }
}

/** The command named first in `argv`, with global flags written before it moved after it. */
function splitCommand(argv: string[]): { name: string | undefined; rest: string[] } {
  const globals = new Set(
    Object.entries(GLOBAL_OPTIONS).flatMap(([long, spec]) => (long === 'help' ? [] : [`--${long}`, ...(spec.short ? [`-${spec.short}`] : [])])),
  );
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length && globals.has(argv[i])) leading.push(argv[i++]);
  return { name: argv[i], rest: [...argv.slice(i + 1), ...leading] };
}

/** Run the CLI; returns the exit code. Errors become one line on stderr and exit 2, secrets masked. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  let verbosity: Verbosity = 'normal';
  try {
    const { name, rest } = splitCommand(argv);
    if (!name || name === '--help' || name === '-h') {
      io.out(help());
      return name ? 0 : 2;
    }
    if (name === '--version' || name === '-v') {
      io.out(`${VERSION}\n`);
      return 0;
    }
    if (name === 'help') {
      const topic = rest.find((a) => !a.startsWith('-'));
      const about = topic ? COMMANDS.find((c) => c.name === topic) : undefined;
      if (topic && !about) throw new UsageError(unknownCommand(topic));
      io.out(about ? commandHelp(about) : help());
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UsageError(unknownCommand(name));
    // `--help` is an option like any other: after `--` (where pre-commit puts file names) it is a path.
    const parsed = parseCommandArgs(command, rest);
    const { help: wantsHelp, quiet, verbose, color, 'no-color': noColor, ...values } = parsed.values;
    if (wantsHelp) {
      io.out(commandHelp(command));
      return 0;
    }
    if (quiet && verbose) throw new UsageError(`${command.name}: --quiet and --verbose cannot be used together`);
    if (color && noColor) throw new UsageError(`${command.name}: --color and --no-color cannot be used together`);
    verbosity = quiet ? 'quiet' : verbose ? 'verbose' : 'normal';
    const runIO: CliIO = { ...io, verbosity, ...(color ? { color: true } : noColor ? { color: false } : {}) };
    return await command.run({ values, positionals: parsed.positionals }, runIO);
  } catch (err) {
    const message = err instanceof UsageError ? err.message : `internal error: ${(err as Error)?.message ?? String(err)}`;
    io.err(`agent-guard: ${globalRedactor.redact(oneLine(message))}\n`);
    if (!(err instanceof UsageError) && verbosity === 'verbose') io.err(globalRedactor.redact(String((err as Error)?.stack ?? '')) + '\n');
    return 2;
  }
}

function unknownCommand(name: string): string {
  const names = COMMANDS.map((c) => c.name);
  if (name.startsWith('-')) return `expected a command before ${quote(name)} (one of: ${names.join(', ')}; run "agent-guard --help")`;
  const hint = didYouMean(name, names, quote);
  return `unknown command ${quote(name)}${hint ? `: ${hint}` : ''} (expected one of: ${names.join(', ')})`;
}
