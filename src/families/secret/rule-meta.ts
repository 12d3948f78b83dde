/**
 * What every secret rule shares (agent-guard's provider rules and the secretlint preset ones): error
 * severity — a committed credential is never a matter of taste — CWE-798, and one score.
 */
export const SECRET_RULE_BASICS = {
  severity: 'error',
  cwe: [798],
  securitySeverity: 8.8,
  precision: 'high',
} as const;
