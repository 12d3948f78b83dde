import { createHash } from 'node:crypto';

/**
 * Fingerprints identify a finding across unrelated edits: they hash the rule, the path and the
 * whitespace-normalised text of the finding's line (or a rule-provided hint), never the line number,
 * plus an occurrence counter for identical lines in one file. A secret contributes its hash, not its text.
 */
export function normalizeLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function fingerprintOf(parts: { ruleId: string; path: string; content: string; occurrence: number }): string {
  const h = createHash('sha256');
  h.update(`${parts.ruleId}\0${parts.path}\0${parts.content}\0${parts.occurrence}`);
  return h.digest('hex').slice(0, 32);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
