import type { ScanResult } from '../engine/engine.js';
import type { Finding } from '../core/types.js';
import { countBySeverity, plural, type ReportOptions } from './types.js';
import { logSafe, visible } from '../core/display.js';

export interface TextReportOptions extends ReportOptions {
  /** Findings and rule errors only: no summary line, suppressed count, skipped files or notices (`--quiet`). */
  quiet?: boolean;
}

const ANSI = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, underline: 4 } as const;

function painter(color: boolean) {
  return (code: keyof typeof ANSI, s: string) => (color ? `\u001b[${ANSI[code]}m${s}\u001b[0m` : s);
}

function excludedNote(stats: ScanResult['stats']): string {
  const config = stats.excluded ? `, ${plural(stats.excluded, 'file')} excluded by the config` : '';
  return (
    config +
    (stats.dependencyFiles ? `, ${plural(stats.dependencyFiles, 'file')} in node_modules/ left out` : '') +
    (stats.testFiles ? `, ${plural(stats.testFiles, 'test file')} left out of tool-input and rate-limit (testFiles)` : '')
  );
}

const SEVERITY_COLOR = { error: 'red', warning: 'yellow', note: 'blue' } as const;

/**
 * The fix, once per rule that fired (messages say what and why; the fix is the same for every finding of
 * a rule, or one per language or kind of finding: each distinct text once), after the findings.
 */
function fixSection(findings: readonly Finding[], paint: ReturnType<typeof painter>): string[] {
  const fixes = new Map<string, Set<string>>();
  for (const f of findings) {
    const set = fixes.get(f.ruleId) ?? new Set<string>();
    set.add(f.fix);
    fixes.set(f.ruleId, set);
  }
  if (fixes.size === 0) return [];
  const width = Math.max(...[...fixes.keys()].map((id) => id.length));
  const out = [paint('bold', 'how to fix:')];
  for (const [id, set] of [...fixes].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    for (const fix of set) out.push(`  ${paint('gray', id.padEnd(width))}  ${visible(fix)}`);
  out.push('');
  return out;
}

/**
 * eslint-stylish: a header per file, one row per finding, the fixes, the rule errors (files a rule could
 * not analyze), then a summary line and the skipped files.
 * Quiet: the findings and rule errors alone (nothing at all for a clean scan).
 */
export const textReporter = (result: ScanResult, options: TextReportOptions = {}): string => {
  const paint = painter(Boolean(options.color));
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = byFile.get(f.path) ?? [];
    list.push(f);
    byFile.set(f.path, list);
  }
  const lines: string[] = [];
  for (const [path, findings] of byFile) {
    lines.push(paint('underline', visible(path)));
    const positions = findings.map((f) => `${f.range.startLine}:${f.range.startColumn}`);
    const posWidth = Math.max(...positions.map((p) => p.length));
    const sevWidth = Math.max(...findings.map((f) => f.severity.length));
    findings.forEach((f, i) => {
      const pos = positions[i].padEnd(posWidth);
      const sev = paint(SEVERITY_COLOR[f.severity], f.severity.padEnd(sevWidth));
      const commit = typeof f.properties?.commit === 'string' ? `${String(f.properties.commit).slice(0, 7)} ` : '';
      lines.push(`  ${commit}${paint('gray', pos)}  ${sev}  ${visible(f.message)}  ${paint('gray', f.ruleId)}`);
    });
    lines.push('');
  }
  if (options.quiet) {
    for (const e of result.ruleErrors) lines.push(`${visible(e.path)}  ${paint('gray', visible(`rule error: ${e.reason}`))}`);
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    return lines.length ? logSafe(lines.join('\n')) + '\n' : '';
  }
  lines.push(...fixSection(result.findings, paint));
  // A rule that failed on a file is a blind spot, not a footnote: its own section before the summary.
  if (result.ruleErrors.length) {
    lines.push(paint('red', paint('bold', 'rule errors: these files were not fully analyzed, so a finding in them may be missing:')));
    for (const e of result.ruleErrors) lines.push(`  ${visible(e.path)}  ${paint('red', visible(e.reason))}`);
    lines.push('');
  }
  const counts = countBySeverity(result);
  const total = result.findings.length;
  const errors = result.ruleErrors.length ? plural(result.ruleErrors.length, 'rule error') : '';
  if (total === 0 && !errors) {
    lines.push(`✔ no problems (${plural(result.stats.files, 'file')} scanned${excludedNote(result.stats)})`);
  } else if (total === 0) {
    lines.push(paint('red', paint('bold', `✖ ${errors}, no other problems (${plural(result.stats.files, 'file')} scanned${excludedNote(result.stats)})`)));
  } else {
    const summary = `✖ ${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')})${errors ? ` and ${errors}` : ''} in ${plural(result.stats.files, 'file')} scanned${excludedNote(result.stats)}`;
    lines.push(paint(counts.error || errors ? 'red' : counts.warning ? 'yellow' : 'blue', paint('bold', summary)));
  }
  if (result.suppressed > 0) lines.push(`  ${plural(result.suppressed, 'finding')} suppressed`);
  if (result.skipped.length > 0) {
    lines.push('');
    lines.push(paint('bold', `note: ${plural(result.skipped.length, 'file')} skipped:`));
    for (const n of result.skipped) lines.push(`  ${visible(n.path)}  ${paint('gray', visible(n.reason))}`);
  }
  if (result.notices?.length) {
    lines.push('');
    lines.push(paint('bold', `note: ${plural(result.notices.length, 'notice')}:`));
    for (const n of result.notices) lines.push(`  ${visible(n.line ? `${n.path}:${n.line}` : n.path)}  ${paint('gray', visible(n.message))}`);
  }
  return logSafe(lines.join('\n')) + '\n';
};
