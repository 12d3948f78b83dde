import picomatch from 'picomatch';
import type { IgnoreEntry } from '../core/config.js';
import type { SourceFile } from '../core/source-file.js';
import type { Finding } from '../core/types.js';
import { trimEndChar } from '../core/text.js';

/**
 * Inline suppression: `agent-guard-ignore <rule-id>[, <rule-id>...]: <reason>` in a comment on the
 * finding's line or the line above, in whatever comment syntax the file's language uses (the marker is
 * matched in the line's text, so `#`, `//`, `/* *\/`, `{/* *\/}`, `<!-- -->`, `--`, `;`, `%`, `{# #}` and
 * a code cell line inside a notebook's JSON all work). `*` matches every rule, `family/*` a family.
 * A suppression without a reason still suppresses, and is reported as a notice.
 */
const RULE_LIST = /^\s+([a-z0-9*][a-z0-9*/-]*(?:\s*,\s*[a-z0-9*][a-z0-9*/-]*)*)/;
/** What closes a comment (or the JSON string holding a notebook line) after the reason. */
const TRAILER = /(?:\*\/\}?|-->|#\}|%\}|%>|\\n"?,?|\\r|"\s*,?)$/;

export interface InlineSuppression {
  rules: string[];
  reason: string;
  line: number;
}

export function parseSuppression(lineText: string, line: number): InlineSuppression | null {
  const idx = lineText.indexOf('agent-guard-ignore');
  if (idx < 0) return null;
  const rest = lineText.slice(idx + 'agent-guard-ignore'.length);
  const m = RULE_LIST.exec(rest);
  if (!m) return null;
  const rules = m[1]
    .split(',')
    .map((s) => trimEndChar(s.trim(), '-'))
    .filter(Boolean);
  const after = rest.slice(m[0].length);
  const colon = /^\s*:/.exec(after);
  let reason = colon ? after.slice(colon[0].length) : '';
  for (let prev = ''; prev !== reason;) {
    prev = reason;
    // White space is trimmed by trimEnd: `\s+$` in the regex would backtrack quadratically on a long run of it.
    reason = reason.trimEnd().replace(TRAILER, '');
  }
  return { rules, reason: reason.trim(), line };
}

function matches(rule: string, ruleId: string): boolean {
  return rule === '*' || rule === ruleId || (rule.endsWith('/*') && ruleId.startsWith(rule.slice(0, -1)));
}

/** The suppression covering a finding, looking at its start line and the line above. */
export function inlineSuppressionFor(file: SourceFile, finding: Pick<Finding, 'ruleId' | 'range'>): InlineSuppression | null {
  for (const line of [finding.range.startLine, finding.range.startLine - 1]) {
    if (line < 1) continue;
    const s = parseSuppression(file.lineText(line), line);
    if (s && s.rules.some((r) => matches(r, finding.ruleId))) return s;
  }
  return null;
}

export class ConfigIgnores {
  private readonly entries: { rule: string; match: (p: string) => boolean }[];
  constructor(entries: IgnoreEntry[]) {
    this.entries = entries.map((e) => ({ rule: e.rule, match: picomatch(e.files, { dot: true }) }));
  }
  covers(finding: Pick<Finding, 'ruleId' | 'path'>): boolean {
    return this.entries.some((e) => matches(e.rule, finding.ruleId) && e.match(finding.path));
  }
}
