import type { ScanResult } from '../engine/engine.js';
import { FAMILIES, SEVERITY_RANK, type Finding, type Severity } from '../core/types.js';
import { TOOL_NAME, VERSION } from '../core/identity.js';
import { historyFindingMarkdown, mdCell } from './markdown.js';
import { visible } from '../core/display.js';
import { toUri } from './sarif.js';
import { countBySeverity, plural } from './types.js';
import { trimEndChar } from '../core/text.js';

/** Where links in the summary point: `${serverUrl}/${repository}/blob/${sha}/${pathPrefix}${path}#L…`. */
export interface SummaryLinkBase {
  serverUrl: string;
  repository: string;
  sha: string;
  /** Prefix from the repository root to the scan root ('' or `packages/agent/`). */
  pathPrefix?: string;
}

export interface JobSummaryOptions {
  links?: SummaryLinkBase;
  /** Changed-files mode: how many files the pull request changed that were scanned. */
  changedFilesOnly?: boolean;
  /** PR review outcome, when one ran. */
  review?: { commented: number; outsideDiff: Set<string>; note?: string };
  /** Baseline outcome, when one was applied. */
  baseline?: { file: string; suppressed: number };
  /** Rows of the findings table (the rest are counted and left to SARIF). */
  maxRows?: number;
  /** Extra lines shown under the headline (annotation overflow, degraded permissions...). */
  notes?: string[];
  /** The git-history scan, when one ran: its one-line summary (historySummary) and notes (shallow clone...). */
  history?: { summary: string; notes: string[] };
  /** The scan's code scanning category; shown in the heading when it is not the default (two scans in one job). */
  category?: string;
  /**
   * Where the complete report is (this summary caps its tables): named in the footer and under a capped
   * table, linked when `url` is set. `label` is Markdown (e.g. "workflow artifact `agent-guard`").
   * Default: "the SARIF report", unlinked.
   */
  fullReport?: { label: string; url?: string };
  /** Why the step fails (e.g. "4 findings at or above fail-on: error"), shown under the headline. */
  failure?: string;
}

const ICON: Record<Severity, string> = { error: '🔴', warning: '🟠', note: '🔵' };

/** A path as inline code in a table cell (control characters shown escaped; backticks in the path fall back to escaped text). */
function mdPath(s: string): string {
  const shown = visible(s);
  if (/[`|]/.test(shown)) return mdCell(shown);
  return `\`${shown}\``;
}

export function findingLink(f: Pick<Finding, 'path' | 'range'>, base: SummaryLinkBase): string {
  const anchor = f.range.endLine > f.range.startLine ? `#L${f.range.startLine}-L${f.range.endLine}` : `#L${f.range.startLine}`;
  return `${trimEndChar(base.serverUrl, '/')}/${base.repository}/blob/${base.sha}/${toUri(`${base.pathPrefix ?? ''}${f.path}`)}${anchor}`;
}

function isHistory(f: Pick<Finding, 'properties'>): boolean {
  return f.properties?.history === true;
}

/** Text that historyFindingMarkdown puts inside a code span: no backticks or line breaks to break out of it. */
function codeSpanText(s: string): string {
  return visible(s.replace(/[`\r\n]/g, '?'));
}

/** Findings most severe first, then in report order (path, position). */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

/** The job summary (GITHUB_STEP_SUMMARY): counts per family and severity, a table of findings with links, the rules that fired. */
export function jobSummaryMarkdown(result: ScanResult, options: JobSummaryOptions = {}): string {
  const maxRows = options.maxRows ?? 100;
  const counts = countBySeverity(result);
  const total = result.findings.length;
  const out: string[] = [];
  const report = options.fullReport
    ? options.fullReport.url
      ? `[${options.fullReport.label}](${options.fullReport.url})`
      : options.fullReport.label
    : 'the SARIF report';
  const category = options.category && options.category !== TOOL_NAME ? ` · \`${codeSpanText(options.category)}\`` : '';
  out.push(`## ${TOOL_NAME}${category}`);
  out.push('');
  const scope = options.changedFilesOnly ? `${plural(result.stats.files, 'changed file')} scanned` : `${plural(result.stats.files, 'file')} scanned`;
  const ruleErrors = result.ruleErrors.length ? ` · ❌ **${plural(result.ruleErrors.length, 'rule error')}**: not every file was fully analyzed` : '';
  if (total === 0) out.push(`${ruleErrors ? '❌ **No findings, but the scan is incomplete**' : '✅ **No findings**'} · ${scope}${ruleErrors}`);
  else
    out.push(
      `${counts.error || ruleErrors ? '❌' : '⚠️'} **${plural(total, 'finding')}** (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')}) · ${scope}${ruleErrors}`,
    );
  const extras: string[] = [];
  if (options.failure) extras.push(`**The step fails**: ${mdCell(options.failure)}`);
  if (result.suppressed) extras.push(`${plural(result.suppressed, 'finding')} suppressed inline or by config`);
  if (result.stats.testFiles) extras.push(`${plural(result.stats.testFiles, 'test file')} left out of tool-input and rate-limit (\`testFiles\`)`);
  if (options.baseline) extras.push(`${plural(options.baseline.suppressed, 'finding')} in the baseline ${mdPath(options.baseline.file)}`);
  if (options.review) {
    const outside = options.review.outsideDiff.size;
    extras.push(`${plural(options.review.commented, 'finding')} commented on the pull request's changed lines, ${outside} outside the diff (listed here only)`);
    if (options.review.note) extras.push(mdCell(options.review.note));
  }
  for (const n of options.notes ?? []) extras.push(mdCell(n));
  if (options.history) {
    extras.push(`Scanned ${mdCell(options.history.summary)}`);
    for (const n of options.history.notes) extras.push(`Git history: ${mdCell(n)}`);
  }
  if (extras.length) {
    out.push('');
    for (const e of extras) out.push(`- ${e}`);
  }

  if (total > 0) {
    out.push('');
    out.push('| Family | Errors | Warnings | Notes |');
    out.push('|---|---:|---:|---:|');
    for (const family of FAMILIES) {
      const c = { error: 0, warning: 0, note: 0 };
      for (const f of result.findings) if (f.family === family) c[f.severity]++;
      out.push(`| \`${family}\` | ${c.error} | ${c.warning} | ${c.note} |`);
    }
    out.push(`| **Total** | **${counts.error}** | **${counts.warning}** | **${counts.note}** |`);

    // Findings from git history have no line in the head commit: their own section, each with its
    // commit and the advice that matters (rotate), not a row linking to an unrelated line.
    const leaks = bySeverity(result.findings.filter(isHistory));
    if (leaks.length) {
      out.push('');
      out.push('### Leaked in git history');
      out.push('');
      out.push(
        `${plural(leaks.length, 'finding')} in commits of the scanned range, no longer in the code. **Deleting a key in a later commit is not enough: rotate it.**`,
      );
      for (const f of leaks.slice(0, maxRows)) {
        const text = historyFindingMarkdown({ ...f, path: codeSpanText(f.path), message: mdCell(f.message) });
        if (!text) continue;
        out.push('');
        out.push(`- ${ICON[f.severity]} ${text.replace(/\n\n/g, '\n\n  ')}`);
      }
      if (leaks.length > maxRows) {
        out.push('');
        out.push(`… and ${plural(leaks.length - maxRows, 'more finding')} from git history in ${report}.`);
      }
    }

    const sorted = bySeverity(result.findings.filter((f) => !isHistory(f)));
    if (sorted.length) {
      out.push('');
      out.push('### Findings');
      out.push('');
      out.push('| Severity | Rule | Location | Message |');
      out.push('|---|---|---|---|');
    }
    for (const f of sorted.slice(0, maxRows)) {
      const where = `${f.path}:${f.range.startLine}`;
      const location = options.links ? `[${mdPath(where)}](${findingLink(f, options.links)})` : mdPath(where);
      const outside = options.review?.outsideDiff.has(f.fingerprint) ? ' · _outside the diff_' : '';
      out.push(`| ${ICON[f.severity]} ${f.severity} | [\`${f.ruleId}\`](${f.helpUri}) | ${location}${outside} | ${mdCell(f.message)} |`);
    }
    if (sorted.length > maxRows) {
      out.push('');
      out.push(`… and ${plural(sorted.length - maxRows, 'more finding')} in ${report}.`);
    }

    out.push('');
    out.push('### Rules that fired');
    out.push('');
    out.push('| Rule | Severity | Findings | How to fix |');
    out.push('|---|---|---:|---|');
    // A rule's fix may differ per language or kind of finding: each distinct text once.
    const fired = new Map<string, { count: number; severity: Severity; fixes: Set<string>; helpUri: string }>();
    for (const f of result.findings) {
      const entry = fired.get(f.ruleId) ?? { count: 0, severity: f.severity, fixes: new Set<string>(), helpUri: f.helpUri };
      entry.fixes.add(f.fix);
      entry.count++;
      if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[entry.severity]) entry.severity = f.severity;
      fired.set(f.ruleId, entry);
    }
    const rules = [...fired.entries()].sort((a, b) => SEVERITY_RANK[b[1].severity] - SEVERITY_RANK[a[1].severity] || (a[0] < b[0] ? -1 : 1));
    for (const [id, r] of rules)
      out.push(`| [\`${id}\`](${r.helpUri}) | ${ICON[r.severity]} ${r.severity} | ${r.count} | ${[...r.fixes].map((fix) => mdCell(fix)).join('<br>')} |`);
  }

  if (result.notices?.length) {
    out.push('');
    out.push(`<details><summary>${plural(result.notices.length, 'note')} (suppressions without a reason, stale baseline entries)</summary>`);
    out.push('');
    out.push('| File | Note |');
    out.push('|---|---|');
    for (const n of result.notices.slice(0, maxRows)) out.push(`| ${mdPath(n.line ? `${n.path}:${n.line}` : n.path)} | ${mdCell(n.message)} |`);
    if (result.notices.length > maxRows) out.push(`| … | ${result.notices.length - maxRows} more |`);
    out.push('');
    out.push('</details>');
  }

  // A rule that failed on a file is not a detail: its own section, open.
  if (result.ruleErrors.length) {
    out.push('');
    out.push('### Rule errors');
    out.push('');
    out.push(`${plural(result.ruleErrors.length, 'rule')} could not run on a file: a finding there may be missing.`);
    out.push('');
    out.push('| File | Error |');
    out.push('|---|---|');
    for (const e of result.ruleErrors.slice(0, maxRows)) out.push(`| ${mdPath(e.path)} | ${mdCell(e.reason)} |`);
    if (result.ruleErrors.length > maxRows) out.push(`| … | ${result.ruleErrors.length - maxRows} more |`);
  }

  if (result.skipped.length) {
    out.push('');
    out.push(`<details><summary>${plural(result.skipped.length, 'file')} skipped</summary>`);
    out.push('');
    out.push('| File | Reason |');
    out.push('|---|---|');
    for (const n of result.skipped.slice(0, maxRows)) out.push(`| ${mdPath(n.path)} | ${mdCell(n.reason)} |`);
    if (result.skipped.length > maxRows) out.push(`| … | ${result.skipped.length - maxRows} more |`);
    out.push('');
    out.push('</details>');
  }
  out.push('');
  out.push(
    `<sub>${TOOL_NAME} ${VERSION} · ${plural(result.rules.length, 'rule')} ran in ${result.stats.durationMs} ms · ${options.fullReport ? `full report: ${report}` : 'full report in the SARIF file'}</sub>`,
  );
  return out.join('\n') + '\n';
}
