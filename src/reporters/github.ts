import type { Finding, Severity } from '../core/types.js';
import { printable } from './text.js';
import type { Reporter } from './types.js';

/**
 * Workflow-command escaping (as @actions/core does): data escapes %, CR, LF; properties also `:` and `,`.
 * Other control and bidirectional characters become visible escapes: they have no meaning in a log line.
 */
export function escapeData(s: string): string {
  return s
    .split(/(\r|\n)/)
    .map((part) => (part === '\r' ? '%0D' : part === '\n' ? '%0A' : printable(part).replace(/%/g, '%25')))
    .join('');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'notice' };

/**
 * A finding from git history: no file, line or column (its path and line belong to an older commit and
 * may not exist in HEAD; GitHub would pin a file-level annotation to line 1 of an unrelated file). The
 * message names the commit, the path and line at that commit, and what to do.
 */
function historyCommand(f: Finding): string {
  const p = f.properties ?? {};
  const sha = typeof p.commit === 'string' ? p.commit.slice(0, 7) : '?';
  // The history engine's message already ends with the advice for secrets; other callers may not add it.
  const advice = f.family !== 'secret' ? ` (fix: ${f.fix})` : /\brotate\b/i.test(f.message) ? '' : ' (rotate the key: deleting it in a later commit does not unpublish it)';
  const link = typeof p.commitUrl === 'string' ? ` ${p.commitUrl}` : '';
  const title = `agent-guard ${f.ruleId} (git history, commit ${sha})`;
  return `::${COMMAND[f.severity]} title=${escapeProperty(title)}::${escapeData(`${f.path}:${f.range.startLine} in commit ${sha}${link}: ${f.message}${advice}`)}`;
}

/** `--format github`: one workflow command per finding (and per skipped file), for any CI step's log. */
export const githubReporter: Reporter = (result) => {
  const lines: string[] = [];
  for (const f of result.findings) {
    if (f.properties?.history === true) {
      lines.push(historyCommand(f));
      continue;
    }
    const props = [
      `file=${escapeProperty(f.path)}`,
      `line=${f.range.startLine}`,
      `col=${f.range.startColumn}`,
      `endLine=${f.range.endLine}`,
      ...(f.range.endLine === f.range.startLine ? [`endColumn=${f.range.endColumn}`] : []),
      `title=${escapeProperty(`agent-guard ${f.ruleId}`)}`,
    ];
    lines.push(`::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(`${f.message} (fix: ${f.fix})`)}`);
  }
  for (const s of result.skipped) {
    lines.push(`::notice file=${escapeProperty(s.path)},title=${escapeProperty('agent-guard skipped a file')}::${escapeData(`skipped: ${s.reason}`)}`);
  }
  for (const n of result.notices ?? []) {
    const where = [`file=${escapeProperty(n.path)}`, ...(n.line ? [`line=${n.line}`] : []), `title=${escapeProperty('agent-guard')}`];
    lines.push(`::notice ${where.join(',')}::${escapeData(n.message)}`);
  }
  for (const s of result.ruleErrors) {
    lines.push(`::warning file=${escapeProperty(s.path)},title=${escapeProperty('agent-guard rule error')}::${escapeData(s.reason)}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
};
