/**
 * Text taken from a scanned repository (file names, messages quoting code, tool names) as a human-facing
 * output shows it: a terminal, a CI log, a job summary, a pull-request comment, an annotation.
 *
 * - Control characters (C0, DEL, C1) would move the cursor, recolor the terminal, start a new log line or
 *   hide what follows; bidirectional controls (Trojan Source, CVE-2021-42574) reorder what a reader sees;
 *   line and paragraph separators break lines in some viewers. Each becomes a visible escape (`\x1b`,
 *   `\u202e`, `\n`), so nothing is hidden and the name can still be found.
 * - A CI log runs a line as a workflow command when it starts with `::` (after leading white space), or
 *   when it holds `##[` anywhere (the runner's legacy syntax). Text written line by line is neutralized by
 *   `logSafe`.
 *
 * Machine formats (JSON, SARIF) keep the exact data: their serializers escape it.
 */

/** Every character `visible` rewrites: C0, DEL, C1, LRM/RLM, ALM, LRE…RLO, LRI…PDI, LS, PS. */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  const code = c.charCodeAt(0);
  return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
}

/**
 * The text with every control, bidirectional-control and line-separator character shown as an escape.
 * `keepTab`: a tab stays a tab (harmless inside a message, and common in quoted code).
 */
export function visible(s: string, options: { keepTab?: boolean } = {}): string {
  return s.replace(HIDDEN, (c) => (c === '\t' && options.keepTab ? c : escapeChar(c)));
}

/** ANSI color sequences agent-guard itself writes (`\x1b[31m`): skipped when looking at how a line starts. */
const LEADING = /^(?:[\s\u0085]|\u001b\[[0-9;]*m)*/;

/**
 * Output lines as a CI log may read them: a line that would start with `::` (after white space and color
 * codes) gets its first colon escaped (`\x3a:error …`), and `##[` becomes `##\x5b`, so no scanned text
 * can be taken for a workflow command. The text's other characters are left as they are: run the data
 * through `visible` first (this function keeps agent-guard's own color codes and line breaks).
 */
export function logSafe(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const lead = LEADING.exec(line)![0].length;
      const start = line.startsWith('::', lead) ? `${line.slice(0, lead)}\\x3a${line.slice(lead + 1)}` : line;
      return start.replace(/##\[/g, '##\\x5b');
    })
    .join('\n');
}
