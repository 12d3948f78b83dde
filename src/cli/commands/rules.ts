import { docsUrl } from '../../core/types.js';
import { UsageError } from '../../core/errors.js';
import { ALL_RULES } from '../../families/index.js';
import type { Command } from '../command.js';

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'list every rule: id, severity, description, docs link',
  usage: `agent-guard rules [--format text|json]`,
  options: { format: { type: 'string', short: 'f' } },
  allowPositionals: false,
  async run(args, io) {
    const format = (args.values.format ?? 'text') as string;
    const rows = ALL_RULES.map((r) => ({ id: r.meta.id, family: r.meta.family, severity: r.meta.severity, description: r.meta.description, fix: r.meta.fix, docs: docsUrl(r.meta.id) }));
    if (format === 'json') {
      io.out(JSON.stringify(rows, null, 2) + '\n');
      return 0;
    }
    if (format !== 'text') throw new UsageError(`unknown --format "${format}" for rules (expected text or json)`);
    const idWidth = Math.max(...rows.map((r) => r.id.length));
    for (const r of rows) io.out(`${r.id.padEnd(idWidth)}  ${r.severity.padEnd(7)}  ${r.description}\n${' '.repeat(idWidth + 11)}${r.docs}\n`);
    io.out(`${rows.length} rules\n`);
    return 0;
  },
};
