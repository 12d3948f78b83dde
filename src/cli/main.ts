import { parseArgs } from 'node:util';
import { oneLine, UsageError } from '../core/errors.js';
import { globalRedactor } from '../core/redact.js';
import { VERSION } from '../core/identity.js';
import type { Command } from './command.js';
import { baselineCommand } from './commands/baseline.js';
import { demoCommand } from './commands/demo.js';
import { initCommand } from './commands/init.js';
import { installHookCommand } from './commands/install-hook.js';
import { rulesCommand } from './commands/rules.js';
import { scanCommand } from './commands/scan.js';
import { toolsCommand } from './commands/tools.js';
import type { CliIO } from '../app/io.js';

/** Every command; add a new one here. */
export const COMMANDS: Command[] = [scanCommand, demoCommand, rulesCommand, initCommand, baselineCommand, installHookCommand, toolsCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `agent-guard ${VERSION}: security scanner for repositories that build LLM agents

Usage: agent-guard <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "agent-guard <command> --help" for a command's options.
Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, config or internal error.
`;
}

/** Run the CLI; returns the exit code. Errors become one line on stderr and exit 2, secrets masked. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      io.out(help());
      return name ? 0 : 2;
    }
    if (name === '--version' || name === '-v') {
      io.out(`${VERSION}\n`);
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}" (expected one of: ${COMMANDS.map((c) => c.name).join(', ')})`);
    // `--help` is an option like any other: after `--` (where pre-commit puts file names) it is a path.
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: command.allowPositionals, strict: true });
    } catch (err) {
      throw new UsageError(`${command.name}: ${(err as Error).message}`);
    }
    const { help: wantsHelp, ...values } = parsed.values as Record<string, string | boolean | string[] | undefined>;
    if (wantsHelp) {
      io.out(command.usage + '\n');
      return 0;
    }
    return await command.run({ values, positionals: parsed.positionals }, io);
  } catch (err) {
    const message = err instanceof UsageError ? err.message : `internal error: ${(err as Error)?.message ?? String(err)}`;
    io.err(`agent-guard: ${globalRedactor.redact(oneLine(message))}\n`);
    if (!(err instanceof UsageError) && io.env.AGENT_GUARD_DEBUG) io.err(globalRedactor.redact(String((err as Error)?.stack ?? '')) + '\n');
    return 2;
  }
}
