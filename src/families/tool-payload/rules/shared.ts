import { defineRule, type RuleDefinition } from '../../../core/define-rule.js';
import { analyzeFile } from '../analyze.js';
import type { PayloadRuleName } from '../check.js';
import { PayloadLimitError } from '../limits.js';
import { PAYLOAD_MESSAGES } from '../messages.js';

/**
 * A tool-payload rule: every rule of the family reads the same per-file analysis (parsed, detected and
 * checked once, shared through `ctx.memo`) and reports its own part of it.
 */
export function payloadRule(
  name: PayloadRuleName,
  definition: Pick<RuleDefinition, 'severity' | 'description' | 'fix' | 'cwe' | 'securitySeverity' | 'precision'>,
) {
  return defineRule({
    id: `tool-payload/${name}`,
    messages: PAYLOAD_MESSAGES[name],
    ...definition,
    appliesTo: (file) => file.language === 'json' || file.language === 'jsonl',
    async check(ctx) {
      const { issues, limits } = await ctx.memo('tool-payload:analysis', () => analyzeFile(ctx.file, ctx.project));
      for (const issue of issues) {
        if (issue.rule !== name) continue;
        ctx.report({
          messageId: issue.messageId,
          data: issue.data,
          range: ctx.file.rangeOf(issue.start, issue.end),
          fingerprintHint: issue.fingerprintHint,
          ...(issue.severity ? { severity: issue.severity } : {}),
        });
      }
      // Findings first, then what this rule could not check: a rule error, so the scan is not read as clean.
      const mine = limits.filter((l) => l.rule === name);
      if (mine.length) throw new PayloadLimitError(mine);
    },
  });
}
