import type { Finding, Severity } from '../core/types.js';
import { logSafe, visible } from '../core/display.js';
import { countBySeverity, plural, type Reporter } from './types.js';

/**
 * Workflow-command escaping (as @actions/core does): data escapes %, CR, LF; properties also `:` and `,`.
 * Other control and bidirectional characters become visible escapes: they have no meaning in a log line.
 * Line breaks written by agent-guard (message, fix, docs) are kept as %0A; scanned text goes through
 * `visible` first (see annotationText), so a line break in a file name shows as `\n`.
 */
export function escapeData(s: string): string {
  return s
    .split(/(\r|\n)/)
    .map((part) => (part === '\r' ? '%0D' : part === '\n' ? '%0A' : visible(part).replace(/%/g, '%25')))
    .join('');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'notice' };

/**
 * GitHub shows at most 10 annotations of each level (error, warning, notice) per step, and drops the
 * rest without a word; a workflow command it does not show is not in the log either. So `--format github`
 * emits at most 10 commands per level — rule errors (as errors) first, then findings, notices and skipped files — and
 * one notice is kept for the closing count line. What is over the cap is printed as plain log lines
 * (`agent-guard: error path:line:col rule: message`), where nothing is lost, and the count line says so.
 */
export const GITHUB_ANNOTATIONS_PER_LEVEL = 10;

/** The annotation text of a finding: what and why, then the fix and the docs link once each. */
function annotationText(f: Finding): string {
  return `${visible(f.message)}\nFix: ${visible(f.fix)}\nDocs: ${f.helpUri}`;
}

/**
 * A finding from git history: no file, line or column (its path and line belong to an older commit and
 * may not exist in HEAD; GitHub would pin a file-level annotation to line 1 of an unrelated file). The
 * message names the commit, the path and line at that commit, and what to do.
 */
function historyCommand(f: Finding): string {
  const p = f.properties ?? {};
  const sha = typeof p.commit === 'string' ? p.commit.slice(0, 7) : '?';
  // The history engine's message already ends with the advice for secrets; other callers may not add it.
  const advice =
    f.family !== 'secret' ? `\nFix: ${f.fix}` : /\brotate\b/i.test(f.message) ? '' : ' (rotate the key: deleting it in a later commit does not unpublish it)';
  const link = typeof p.commitUrl === 'string' ? ` ${p.commitUrl}` : '';
  const title = `agent-guard ${f.ruleId} (git history, commit ${sha})`;
  return `::${COMMAND[f.severity]} title=${escapeProperty(title)}::${escapeData(`${visible(f.path)}:${f.range.startLine} in commit ${sha}${link}: ${visible(f.message)}${advice}`)}`;
}

function findingCommand(f: Finding): string {
  if (f.properties?.history === true) return historyCommand(f);
  const props = [
    `file=${escapeProperty(visible(f.path))}`,
    `line=${f.range.startLine}`,
    `col=${f.range.startColumn}`,
    `endLine=${f.range.endLine}`,
    ...(f.range.endLine === f.range.startLine ? [`endColumn=${f.range.endColumn}`] : []),
    `title=${escapeProperty(`agent-guard ${f.ruleId}`)}`,
  ];
  return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(annotationText(f))}`;
}

/** A plain log line (never a workflow command: it starts with `agent-guard:`; control characters and `##[` are escaped). */
function logLine(text: string): string {
  return logSafe(`agent-guard: ${visible(text)}`);
}

function findingLogLine(f: Finding): string {
  const commit = typeof f.properties?.commit === 'string' && f.properties.history === true ? ` in commit ${String(f.properties.commit).slice(0, 7)}` : '';
  return logLine(`${f.severity} ${f.path}:${f.range.startLine}:${f.range.startColumn}${commit} ${f.ruleId}: ${f.message}`);
}

/** `--format github`: workflow commands (annotations) for any CI step's log, capped as GitHub shows them, and a closing count line. */
export const githubReporter: Reporter = (result) => {
  const commands: string[] = [];
  const overflow: string[] = [];
  const used: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const cap: Record<Severity, number> = { error: GITHUB_ANNOTATIONS_PER_LEVEL, warning: GITHUB_ANNOTATIONS_PER_LEVEL, note: GITHUB_ANNOTATIONS_PER_LEVEL - 1 };
  const cut: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const emit = (level: Severity, command: () => string, plain: () => string) => {
    if (used[level] < cap[level]) {
      used[level]++;
      commands.push(command());
    } else {
      cut[level]++;
      overflow.push(plain());
    }
  };
  // A rule that failed on a file first: a blind spot is never the annotation cut for a finding.
  for (const s of result.ruleErrors) {
    emit(
      'error',
      () =>
        `::error file=${escapeProperty(visible(s.path))},title=${escapeProperty('agent-guard rule error')}::${escapeData(`${visible(s.reason)}\nThis file was not fully analyzed: a finding in it may be missing.`)}`,
      () => logLine(`rule error ${s.path}: ${s.reason}`),
    );
  }
  for (const f of result.findings)
    emit(
      f.severity,
      () => findingCommand(f),
      () => findingLogLine(f),
    );
  for (const n of result.notices ?? []) {
    const where = [`file=${escapeProperty(visible(n.path))}`, ...(n.line ? [`line=${n.line}`] : []), `title=${escapeProperty('agent-guard')}`];
    emit(
      'note',
      () => `::notice ${where.join(',')}::${escapeData(visible(n.message))}`,
      () => logLine(`note ${n.line ? `${n.path}:${n.line}` : n.path}: ${n.message}`),
    );
  }
  for (const s of result.skipped) {
    emit(
      'note',
      () =>
        `::notice file=${escapeProperty(visible(s.path))},title=${escapeProperty('agent-guard skipped a file')}::${escapeData(`skipped: ${visible(s.reason)}`)}`,
      () => logLine(`skipped ${s.path}: ${s.reason}`),
    );
  }
  return [...commands, ...overflow, closingLine(result, cut)].join('\n') + '\n';
};

/** The last line: the outcome in one notice, and what did not fit in the annotations. */
function closingLine(result: Parameters<Reporter>[0], cut: Record<Severity, number>): string {
  const counts = countBySeverity(result);
  const total = result.findings.length;
  const files = plural(result.stats.files, 'file');
  let text = total
    ? `${plural(total, 'finding')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')}) in ${files} scanned`
    : `no findings in ${files} scanned`;
  if (result.suppressed) text += `, ${result.suppressed} suppressed`;
  if (result.ruleErrors.length) text += `; ${plural(result.ruleErrors.length, 'rule error')}: not every file was fully analyzed`;
  const over = (['error', 'warning', 'note'] as const).filter((s) => cut[s]).map((s) => `${cut[s]} ${s === 'note' ? 'notice' : s}${cut[s] === 1 ? '' : 's'}`);
  if (over.length)
    text += `. Not annotated (GitHub shows ${GITHUB_ANNOTATIONS_PER_LEVEL} per level in a step): ${over.join(', ')}, listed in this step's log above`;
  return `::notice title=${escapeProperty('agent-guard')}::${escapeData(`${text}.`)}`;
}
