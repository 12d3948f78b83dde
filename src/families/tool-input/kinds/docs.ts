/**
 * The rule pages' sink lists, generated from the rows (docs/rules/tool-input/<rule>.md, `## What it finds`;
 * test/docs/sink-lists.test.ts keeps the pages equal to this, `UPDATE_DOCS=1` rewrites them), and the one-line
 * summary of them the rule metadata carries (SARIF rule help).
 *
 * Pure: rows in, Markdown out, in the rows' own order (forms `call`, `method`, `shape`; within a form, rows that
 * read the same way share one line, in the order their first row is written).
 */
import type { SinkKind } from '../taint/types.js';
import { COMMON_SANITIZERS } from './common.js';
import { type KindRows, type RowLanguage, type SanitizerRow, type SinkRow } from './rows.js';

/** The languages in the order the pages show them, with their names there. */
const LANGUAGES: readonly (readonly [RowLanguage, string])[] = [
  ['python', 'Python'],
  ['javascript', 'JavaScript / TypeScript'],
];

/** Each kind in words, for a sanitiser safe for other kinds too. */
const KIND_LABEL = {
  path: 'path traversal',
  command: 'command injection',
  argument: 'argument injection',
  code: 'code injection',
  sql: 'SQL injection',
  ssrf: 'SSRF',
  deserialization: 'unsafe deserialization',
} as const satisfies Record<SinkKind, string>;

const ORDINAL = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

const code = (s: string) => `\`${s}\``;

/** `a`, `a and b`, `a, b and c`. */
function words(list: readonly string[]): string {
  return list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** How a row's name is written: a callee as is, a method as `.name()`. */
function nameOf(form: SinkRow['form'] | SanitizerRow['form'], name: string): string {
  return code(form === 'method' ? `.${name}()` : name);
}

/** `first argument`, `first and second arguments`, `argument 12`; or null when the row names no position. */
function positions(args: readonly number[] | undefined): string | null {
  if (!args?.length) return null;
  if (args.every((a) => a < ORDINAL.length)) return `${words(args.map((a) => ORDINAL[a]))} argument${args.length > 1 ? 's' : ''}`;
  return `argument${args.length > 1 ? 's' : ''} ${words(args.map((a) => String(a + 1)))}`;
}

/**
 * What of the call reaches the sink: `first argument or keyword \`file\``. A list of several keywords is written
 * out once per language section (`listed`); later lines with the same list say `the same keywords`.
 */
function reaching(row: SinkRow, listed: Set<string>): string | null {
  const pos = positions(row.args);
  const noun = row.lang === 'python' ? 'keyword' : 'option';
  const key = JSON.stringify(row.keywords ?? []);
  const repeated = (row.keywords?.length ?? 0) > 1 && listed.has(key);
  listed.add(key);
  const kw = !row.keywords?.length
    ? null
    : repeated
      ? `the same ${noun}s`
      : `${noun}${row.keywords.length > 1 ? 's' : ''} ${row.keywords.map(code).join(', ')}`;
  return pos && kw ? `${pos} or ${kw}` : (pos ?? kw);
}

function readNote(read: SinkRow['read']): string {
  return read === 'mode' ? ' (reads only in a read mode)' : read ? ' (reads only)' : '';
}

/** Rows that would print the same line but for their names, grouped in the order their first row comes. */
function grouped<R extends { names: readonly string[] }>(rows: readonly R[], key: (r: R) => string): R[][] {
  const groups = new Map<string, R[]>();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.values()];
}

function namesOf(group: readonly (SinkRow | SanitizerRow)[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of group)
    for (const n of r.names)
      if (!seen.has(n)) {
        seen.add(n);
        out.push(nameOf(r.form, n));
      }
  return out.join(', ');
}

function sinkLine(group: readonly SinkRow[], listed: Set<string>): string {
  const row = group[0];
  const what = [reaching(row, listed), row.when].filter((s): s is string => !!s).join(', ');
  const receiver = row.form === 'method' && row.receiver ? ` on ${row.receiver}` : '';
  return `- ${namesOf(group)}${receiver}${what ? `: ${what}` : ''}${readNote(row.read)}`;
}

function safeForNote(safeFor: SanitizerRow['safeFor'], kind: SinkKind): string {
  if (safeFor === 'all') return 'every kind';
  if (safeFor.length === 1 && safeFor[0] === kind) return '';
  return words([kind, ...safeFor.filter((k) => k !== kind)].map((k) => KIND_LABEL[k]));
}

function sanitizerLine(group: readonly SanitizerRow[], kind: SinkKind): string {
  const row = group[0];
  const note = safeForNote(row.safeFor, kind);
  const what = [row.why, note && `safe for ${note}`].filter((s): s is string => !!s).join('; ');
  return `- ${namesOf(group)}${what ? `: ${what}` : ''}`;
}

const SINK_FORMS: readonly SinkRow['form'][] = ['call', 'method', 'shape'];
const SANITIZER_FORMS: readonly SanitizerRow['form'][] = ['call', 'method'];

/** A common sanitiser that applies to `kind`. */
function appliesTo(row: SanitizerRow, kind: SinkKind): boolean {
  return row.safeFor === 'all' || row.safeFor.includes(kind);
}

/**
 * The Markdown list of one kind's rows: per language (Python, then JavaScript / TypeScript) its sinks and its
 * sanitisers, the common sanitisers that apply to the kind last on one line. A language with no row of the
 * kind says nothing; no row at all gives ''.
 */
export function renderKindRows(rows: KindRows, common: readonly SanitizerRow[] = COMMON_SANITIZERS): string {
  const out: string[] = [];
  for (const [lang, label] of LANGUAGES) {
    const sinks = SINK_FORMS.flatMap((form) =>
      grouped(
        rows.sinks.filter((r) => r.lang === lang && r.form === form),
        (r) => JSON.stringify([r.receiver ?? '', r.args ?? [], r.keywords ?? [], r.read ?? false, r.when ?? '']),
      ),
    );
    const own = SANITIZER_FORMS.flatMap((form) =>
      grouped(
        rows.sanitizers.filter((r) => r.lang === lang && r.form === form),
        (r) => JSON.stringify([r.safeFor, r.why ?? '']),
      ),
    );
    if (!sinks.length && !own.length) continue;
    const listed = new Set<string>();
    if (sinks.length) out.push(`**${label} sinks**`, '', ...sinks.map((g) => sinkLine(g, listed)), '');
    const shared = SANITIZER_FORMS.flatMap((form) =>
      grouped(
        common.filter((r) => r.lang === lang && r.form === form && appliesTo(r, rows.kind)),
        (r) => r.why ?? '',
      ),
    );
    const lines = own.map((g) => sanitizerLine(g, rows.kind));
    if (shared.length) lines.push(`- and the common ones: ${shared.map((g) => `${namesOf(g)}${g[0].why ? ` (${g[0].why})` : ''}`).join('; ')}`);
    if (lines.length) out.push(`**${label} sanitisers**`, '', ...lines, '');
  }
  if (!out.length) return '';
  return (
    [`The APIs the rule recognises, generated from [its rows](../../../src/families/tool-input/kinds/${rows.kind}.ts):`, '', ...out].join('\n').trimEnd() + '\n'
  );
}

/** How many distinct sink APIs a kind has in one language (a callee in a `call` and a `shape` row counts once). */
export function sinkNameCount(rows: KindRows, lang: RowLanguage): number {
  return new Set(
    rows.sinks
      .filter((r) => r.lang === lang)
      .map((r) => r.names.map((n) => (r.form === 'method' ? `.${n}` : n)))
      .flat(),
  ).size;
}

/**
 * The sentence the rule metadata carries about its rows (RuleMeta `coverage`, shown in SARIF rule help with a
 * link to the list): `Recognises 41 Python and 37 JavaScript/TypeScript sink APIs.`; undefined without sink rows.
 */
export function sinkCoverage(rows: KindRows): string | undefined {
  const counts = LANGUAGES.map(([lang, label]) => [sinkNameCount(rows, lang), label] as const).filter(([n]) => n > 0);
  if (!counts.length) return undefined;
  const total = counts.reduce((sum, [n]) => sum + n, 0);
  return `Recognises ${words(counts.map(([n, label]) => `${n} ${label.replace(/ \/ /g, '/')}`))} sink API${total === 1 ? '' : 's'}.`;
}
