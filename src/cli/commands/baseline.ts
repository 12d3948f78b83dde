import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { BASELINE_FILE, loadBaseline, writeBaseline, type Baseline } from '../../engine/baseline.js';
import { loadRootAndConfig, scan } from '../../engine/engine.js';
import { ALL_RULES } from '../../families/index.js';
import type { Command } from '../command.js';
import { plural } from '../../reporters/types.js';
import { isQuiet } from '../../app/io.js';
import { describeScan } from '../../app/scan-output.js';
import { UsageError } from '../../core/errors.js';

export const baselineCommand: Command = {
  name: 'baseline',
  summary: `record today's findings in ${BASELINE_FILE} so scans report only new ones`,
  usage: 'agent-guard baseline [PATH...] [options]',
  description: `Scans PATH (default: the whole repository) like "agent-guard scan" and writes the fingerprint of every
finding to ${BASELINE_FILE} at the repository root. Then "agent-guard scan --baseline ${BASELINE_FILE}"
reports only findings that are not in it, and notes entries that no longer match (run this command again
to drop them). The file is sorted, has no timestamps or line numbers, and is written atomically: commit it.
When a rule fails on a file, nothing is written (exit 2): a baseline of an incomplete scan would hide
whatever that rule missed.`,
  optionsHelp: `  -o, --output FILE     write the baseline to FILE instead
  -c, --config FILE     use FILE instead of .agent-guard.yml at the root`,
  options: { output: { type: 'string', short: 'o' }, config: { type: 'string', short: 'c' } },
  allowPositionals: true,
  async run(args, io) {
    // The baseline covers the repository: without PATH, scan from its root whatever the working directory.
    const configFile = args.values.config ? resolve(io.cwd, args.values.config as string) : undefined;
    const located = loadRootAndConfig(args.positionals.length ? args.positionals.map((p) => resolve(io.cwd, p)) : [io.cwd], ALL_RULES, configFile);
    const { root, config } = located;
    const paths = args.positionals.length ? args.positionals.map((p) => resolve(io.cwd, p)) : [root.root];
    const target = args.values.output ? resolve(io.cwd, args.values.output as string) : join(root.root, BASELINE_FILE);
    let previous: Baseline | null = null;
    if (existsSync(target)) {
      try {
        previous = loadBaseline(target);
      } catch {
        previous = null; // a corrupt baseline is exactly what this command replaces
      }
    }
    const result = await scan({ paths, rules: ALL_RULES, config });
    // An incomplete scan would record an incomplete baseline, and hide what the failed rule missed for good.
    if (result.ruleErrors.length) {
      const first = result.ruleErrors[0];
      const more = result.ruleErrors.length > 1 ? ` (and ${result.ruleErrors.length - 1} more)` : '';
      throw new UsageError(
        `baseline not written: ${first.path}: ${first.reason}${more}; a baseline of an incomplete scan would hide what it missed (run "agent-guard scan" to see the errors)`,
      );
    }
    const written = writeBaseline(target, result.findings);
    const rel = relative(io.cwd, target);
    const shown = rel && !isAbsolute(rel) && rel.length < target.length ? rel : target;
    let change = '';
    if (previous) {
      const before = new Set(previous.entries.map((e) => e.fingerprint));
      const after = new Set(written.entries.map((e) => e.fingerprint));
      const added = written.entries.filter((e) => !before.has(e.fingerprint)).length;
      const dropped = previous.entries.filter((e) => !after.has(e.fingerprint)).length;
      change = ` (${added} new, ${dropped} dropped)`;
    }
    describeScan(io, result);
    if (!isQuiet(io)) io.out(`agent-guard: wrote ${plural(written.entries.length, 'finding')} to ${shown}${change}\n`);
    if (result.skipped.length && !isQuiet(io)) io.out(`agent-guard: ${plural(result.skipped.length, 'file')} skipped (run "agent-guard scan" to see why)\n`);
    return 0;
  },
};
