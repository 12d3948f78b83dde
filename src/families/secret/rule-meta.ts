import type { RuleMeta } from '../../core/types.js';

/**
 * Metadata of a secret rule. Every secret rule (agent-guard's provider rules and the secretlint preset
 * ones) reports at error severity: a committed credential is never a matter of taste.
 */
export function secretRuleMeta(id: string, description: string, fix: string, messages: Record<string, string>): RuleMeta {
  return { id, family: 'secret', severity: 'error', description, fix, messages };
}
