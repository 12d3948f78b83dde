import type { AgentGuardConfig } from '../core/config.js';
import { type ScanResult } from '../engine/engine.js';
import { type ScanInput } from '../sources/working-tree.js';
import { UsageError } from '../core/errors.js';
import type { Rule } from '../core/types.js';
import type { ScanRoot } from '../sources/discover.js';
import { historySummary, parseFamilies, scanHistory } from '../engine/history.js';
import type { OptionSpec, ParsedArgs } from './options.js';
import { info, type CliIO } from './io.js';

/** `scan --history` flags: secrets in every blob of a commit range, on top of the working-tree scan. */
export const HISTORY_OPTIONS: OptionSpec = {
  history: { type: 'boolean' },
  since: { type: 'string' },
  until: { type: 'string' },
  'history-families': { type: 'string' },
};

export const HISTORY_USAGE = `      --history         also scan every blob the commit range introduced (all history by default),
                        each distinct blob once, for secrets; a secret still in the working tree is
                        reported once, by the tree scan; history findings name their commit
      --since REF       with --history: only commits not reachable from REF (REF..HEAD)
      --until REF       with --history: the last commit of the range (default HEAD)
      --history-families LIST
                        with --history: families scanned in history, comma-separated or "all"
                        (default: secret)`;

export interface HistoryPlan {
  since?: string;
  until?: string;
  families: ReturnType<typeof parseFamilies>;
}

/** The history flags, validated; null without --history. */
export function historyPlan(args: ParsedArgs): HistoryPlan | null {
  const v = args.values;
  if (!v.history) {
    for (const flag of ['since', 'until', 'history-families']) if (v[flag] !== undefined) throw new UsageError(`--${flag} needs --history`);
    return null;
  }
  if (v.staged) throw new UsageError('--history and --staged cannot be used together (the index is not history)');
  for (const flag of ['since', 'until']) {
    const value = v[flag];
    if (value !== undefined && !String(value).trim()) throw new UsageError(`--${flag} needs a revision (e.g. origin/main)`);
  }
  return {
    since: v.since as string | undefined,
    until: v.until as string | undefined,
    families: parseFamilies(v['history-families'] as string | undefined),
  };
}

/** Run the tree scan (with `treeInput`) plus the history scan; one summary line goes to stderr. */
export async function runHistoryScan(
  plan: HistoryPlan,
  root: ScanRoot,
  config: AgentGuardConfig,
  treeInput: ScanInput,
  rules: Rule[],
  io: CliIO,
): Promise<ScanResult> {
  const result = await scanHistory({ root, config, since: plan.since, until: plan.until, families: plan.families, tree: { input: treeInput, rules } });
  info(io, historySummary(result.history));
  for (const note of result.history.notes) info(io, `note: ${note}`);
  return result;
}
