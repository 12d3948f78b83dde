import { docsUrl } from '../../core/types.js';
import { ALL_RULES } from '../../families/index.js';
import { isQuiet } from '../../app/io.js';
import { oneOf } from '../../app/scan-output.js';
import type { Command } from '../command.js';

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'list every rule: id, severity, description, docs link',
  usage: 'agent-guard rules [--format text|json]',
  description: `Lists every rule agent-guard runs, family by family: its id (family/name), default severity, what
it finds and the link to its documentation page (bad and good examples, how to suppress it).
Change a rule's severity or turn it off in .agent-guard.yml:

  rules:
    tool-input/ssrf: warning        # one rule
    rate-limit/*: off               # a whole family; a rule listed by id overrides it`,
  optionsHelp: `  -f, --format FORMAT   text (default) or json (an array of {id, family, severity, description, fix, docs})`,
  options: { format: { type: 'string', short: 'f' } },
  allowPositionals: false,
  async run(args, io) {
    const format = oneOf('--format', String(args.values.format ?? 'text'), ['text', 'json'] as const, ' for rules');
    const rows = ALL_RULES.map((r) => ({
      id: r.meta.id,
      family: r.meta.family,
      severity: r.meta.severity,
      description: r.meta.description,
      fix: r.meta.fix,
      docs: docsUrl(r.meta.id),
    }));
    if (format === 'json') {
      io.out(JSON.stringify(rows, null, 2) + '\n');
      return 0;
    }
    const idWidth = Math.max(...rows.map((r) => r.id.length));
    for (const r of rows) io.out(`${r.id.padEnd(idWidth)}  ${r.severity.padEnd(7)}  ${r.description}\n${' '.repeat(idWidth + 11)}${r.docs}\n`);
    if (!isQuiet(io)) io.out(`${rows.length} rules\n`);
    return 0;
  },
};
