#!/usr/bin/env node
// Aggregates the shards of an organisation scan into one report: per repository and family, the findings
// by severity, how many are new since the previous report (by agent-guard's fingerprint), rule errors,
// and the repositories that could not be scanned.
//
//   node scripts/org/aggregate.mjs --results DIR --out DIR [--previous report.json] [--fail-on never|error|warning|note]
//
// Reads every result record (`<org>__<repo>.json`, written by scan-shard.mjs) under --results, with the
// SARIF beside it. Writes `report.json` (the next run's --previous) and `report.md`, and appends the
// Markdown to the job summary when GITHUB_STEP_SUMMARY is set. Exit 1 when a repository could not be
// scanned or a rule failed (never a clean result), or when a new finding is at or above --fail-on.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, runScript } from './github-api.mjs';

const FAMILIES = ['secret', 'tool-input', 'rate-limit', 'tool-payload'];
const LEVELS = ['error', 'warning', 'note'];
const SUMMARY_LIMIT = 1000 * 1024; // GitHub refuses a job summary above 1 MiB

runScript('aggregate', async () => {
  const args = parseArgs(process.argv.slice(2), { options: ['results', 'out', 'previous', 'fail-on'] });
  if (!args.results || !args.out) throw new Error('--results and --out are required');
  const failOn = args['fail-on'] ?? 'never';
  if (![...LEVELS, 'never'].includes(failOn)) throw new Error(`--fail-on must be error, warning, note or never, not "${failOn}"`);
  const previous = args.previous && existsSync(args.previous) ? JSON.parse(readFileSync(args.previous, 'utf8')) : undefined;

  const report = aggregate(readRecords(args.results), previous);
  mkdirSync(args.out, { recursive: true });
  writeFileSync(join(args.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  const markdown = renderMarkdown(report);
  writeFileSync(join(args.out, 'report.md'), markdown);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, capped(markdown));
  process.stderr.write(
    `${report.totals.repositories} repositories: ${report.totals.findings} findings (${report.totals.new ?? 'no previous report, so none counted'} new), ` +
      `${report.totals.unscanned} not scanned, ${report.totals.ruleErrors} rule errors\n`,
  );

  const gate = failOn === 'never' ? 0 : LEVELS.indexOf(failOn);
  const newAtGate = report.repositories.some((r) => LEVELS.slice(0, gate + 1).some((level) => (r.newByLevel?.[level] ?? 0) > 0));
  return report.totals.unscanned > 0 || report.totals.ruleErrors > 0 || (failOn !== 'never' && newAtGate) ? 1 : 0;
});

/** Result records found anywhere under `dir` (download-artifact may nest one folder per shard). */
function readRecords(dir) {
  const records = [];
  const visit = (folder) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.json') && name.includes('__')) records.push({ ...JSON.parse(readFileSync(path, 'utf8')), folder });
    }
  };
  visit(dir);
  return records;
}

function aggregate(records, previous) {
  const before = new Map((previous?.repositories ?? []).map((r) => [r.repository, new Set(r.fingerprints ?? [])]));
  const repositories = records
    .map((record) => summarize(record, previous ? (before.get(record.repository) ?? new Set()) : undefined))
    .sort((a, b) => a.repository.localeCompare(b.repository));
  const sum = (pick) => repositories.reduce((n, r) => n + (pick(r) ?? 0), 0);
  return {
    formatVersion: 1,
    generatedAt: new Date().toISOString(),
    previousGeneratedAt: previous?.generatedAt ?? null,
    totals: {
      repositories: repositories.length,
      findings: sum((r) => r.total),
      new: previous ? sum((r) => r.new) : null,
      unscanned: repositories.filter((r) => r.status !== 'scanned').length,
      ruleErrors: sum((r) => r.ruleErrors),
      byFamily: Object.fromEntries(FAMILIES.map((f) => [f, sum((r) => r.byFamily[f]?.total)])),
    },
    repositories,
  };
}

function summarize(record, knownFingerprints) {
  const entry = {
    repository: record.repository,
    status: record.status,
    commit: record.commit ?? null,
    error: record.error ?? null,
    upload: record.upload ?? null,
  };
  entry.byFamily = {};
  entry.total = 0;
  entry.ruleErrors = 0;
  entry.fingerprints = [];
  if (record.status !== 'scanned') return entry;
  const sarifPath = join(record.folder, record.sarif);
  if (!existsSync(sarifPath)) return Object.assign(entry, { status: 'report-missing', error: `${record.sarif} not found` });
  const run = JSON.parse(readFileSync(sarifPath, 'utf8')).runs?.[0] ?? {};
  const invocation = run.invocations?.[0] ?? {};
  entry.ruleErrors = (invocation.toolExecutionNotifications ?? []).filter((n) => n.level === 'error').length;
  if (invocation.executionSuccessful === false && entry.ruleErrors === 0) entry.ruleErrors = 1;
  if (knownFingerprints) entry.newByLevel = {};
  for (const result of run.results ?? []) {
    if (result.suppressions?.length) continue;
    const family = FAMILIES.find((f) => result.ruleId?.startsWith(`${f}/`)) ?? 'other';
    const level = LEVELS.includes(result.level) ? result.level : 'warning';
    const counts = (entry.byFamily[family] ??= { total: 0, error: 0, warning: 0, note: 0, new: 0 });
    counts.total++;
    counts[level]++;
    entry.total++;
    const fingerprint = result.partialFingerprints?.['agentGuardFingerprint/v1'];
    if (fingerprint) entry.fingerprints.push(fingerprint);
    if (knownFingerprints && !(fingerprint && knownFingerprints.has(fingerprint))) {
      counts.new++;
      entry.newByLevel[level] = (entry.newByLevel[level] ?? 0) + 1;
    }
  }
  entry.fingerprints.sort();
  if (knownFingerprints) entry.new = Object.values(entry.byFamily).reduce((n, c) => n + c.new, 0);
  return entry;
}

function renderMarkdown(report) {
  const { totals } = report;
  const lines = ['# agent-guard organisation report', ''];
  const since = report.previousGeneratedAt ? `${totals.new} new since ${report.previousGeneratedAt}` : 'no previous report to compare with';
  lines.push(
    `${totals.repositories} repositories scanned: **${totals.findings} findings** (${since}); ${totals.unscanned} not scanned; ${totals.ruleErrors} rule errors.`,
    '',
  );
  lines.push(`| family | findings |`, '|---|---:|', ...FAMILIES.map((f) => `| ${f} | ${totals.byFamily[f]} |`), '');
  const cell = (r, f) => {
    const c = r.byFamily[f];
    if (!c) return '0';
    const severities = LEVELS.filter((l) => c[l]).map((l) => `${c[l]} ${l}`);
    return `${c.total}${severities.length ? ` (${severities.join(', ')})` : ''}${report.previousGeneratedAt && c.new ? ` · **${c.new} new**` : ''}`;
  };
  const ranked = [...report.repositories].sort((a, b) => severityRank(b) - severityRank(a) || a.repository.localeCompare(b.repository));
  lines.push(`| repository | ${FAMILIES.join(' | ')} | new | rule errors |`, `|---|${FAMILIES.map(() => '---').join('|')}|---:|---:|`);
  for (const r of ranked.filter((x) => x.status === 'scanned')) {
    lines.push(`| ${escapeCell(r.repository)} | ${FAMILIES.map((f) => cell(r, f)).join(' | ')} | ${r.new ?? '–'} | ${r.ruleErrors} |`);
  }
  const unscanned = ranked.filter((r) => r.status !== 'scanned');
  if (unscanned.length) {
    lines.push('', '## Not scanned', '', ...unscanned.map((r) => `- ${escapeCell(r.repository)}: ${r.status}${r.error ? ` — ${escapeCell(r.error)}` : ''}`));
  }
  const refused = report.repositories.filter((r) => r.upload?.error);
  if (refused.length) lines.push('', '## SARIF not uploaded', '', ...refused.map((r) => `- ${escapeCell(r.repository)}: ${escapeCell(r.upload.error)}`));
  return `${lines.join('\n')}\n`;
}

function severityRank(r) {
  const sum = (level) => Object.values(r.byFamily).reduce((n, c) => n + c[level], 0);
  return (r.status === 'scanned' ? 0 : 1e9) + sum('error') * 1e6 + sum('warning') * 1e3 + sum('note');
}

function escapeCell(text) {
  return String(text)
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/[|<>[\]`*_\\]/g, (c) => `\\${c}`);
}

/** The summary within GitHub's 1 MiB limit: whole lines, and a pointer to the full report. */
function capped(markdown) {
  if (Buffer.byteLength(markdown) <= SUMMARY_LIMIT) return markdown;
  const note = '\n\n… cut to fit the job summary: the full table is in the report artifact (report.md).\n';
  let text = markdown.slice(0, SUMMARY_LIMIT - note.length * 4);
  text = text.slice(0, text.lastIndexOf('\n'));
  while (Buffer.byteLength(text) + Buffer.byteLength(note) > SUMMARY_LIMIT) text = text.slice(0, text.lastIndexOf('\n'));
  return text + note;
}
