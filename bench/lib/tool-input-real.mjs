// Scoring of the tool-input precision benchmark on real repositories (bench/tool-input-real.mjs): each
// tool-input finding agent-guard makes on a pinned commit of a real MCP server or agent project is matched
// against the hand reading in bench/tool-input-real/<owner+name>.json (true / false and why). Pure: no
// files, no git, no processes.
import { namedFlow } from './advisory-score.mjs';

const norm = (p) => p.replace(/\\/g, '/').replace(/^\.\//, '');

/**
 * A finding of agent-guard's JSON report as the triage files key it: path, start line, rule, and the tool
 * and parameter its message names (`Tool "a|b" … parameter "x"`; null when the message names none).
 */
export function keyOf(finding) {
  const { tools, param } = namedFlow(finding.message);
  return {
    path: norm(finding.path),
    line: finding.range?.startLine ?? finding.line ?? 0,
    rule: finding.ruleId ?? finding.rule,
    tool: tools.length ? tools.join('|') : null,
    param: param ?? null,
  };
}

const same = (a, b) =>
  a.path === norm(b.path) && a.line === b.line && a.rule === b.rule && (a.tool ?? null) === (b.tool ?? null) && (a.param ?? null) === (b.param ?? null);

/** The triage entry that reads this finding (matched on path, line, rule, tool and parameter), or undefined. */
export function readingOf(finding, entries) {
  const key = keyOf(finding);
  return entries.find((e) => same(key, e));
}

/**
 * Score one repository: every finding with its verdict ('true', 'false', or 'UNREAD' — no entry, or an
 * entry whose verdict is not filled in yet), the counts, and the stale entries (read once, no longer reported).
 */
export function scoreRepo(findings, entries) {
  const keyed = findings
    .map((f) => ({ ...keyOf(f), message: f.message }))
    .sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.rule.localeCompare(b.rule));
  const used = new Set();
  const rows = keyed.map((k) => {
    const e = entries.find((x) => same(k, x));
    if (e) used.add(e);
    const verdict = e && (e.verdict === 'true' || e.verdict === 'false') ? e.verdict : 'UNREAD';
    return { ...k, verdict, why: e?.why ?? null };
  });
  const count = (v) => rows.filter((r) => r.verdict === v).length;
  return { findings: rows, true: count('true'), false: count('false'), unread: count('UNREAD'), stale: entries.filter((e) => !used.has(e)) };
}

/** Totals over scored repositories; precision = true / (true + false), null when nothing is read. */
export function totals(scores) {
  const t = { repos: scores.length, findings: 0, true: 0, false: 0, unread: 0, stale: 0, staleTrue: 0 };
  for (const s of scores) {
    t.findings += s.findings.length;
    t.true += s.true;
    t.false += s.false;
    t.unread += s.unread;
    t.stale += s.stale.length;
    // read true once and no longer reported: a finding lost (or moved), to account for in the closing note
    t.staleTrue += s.stale.filter((e) => e.verdict === 'true').length;
  }
  return { ...t, precision: t.true + t.false ? t.true / (t.true + t.false) : null };
}

/** true / false / unread counts per rule over scored repositories, rules sorted by name. */
export function byRule(scores) {
  const out = {};
  for (const s of scores)
    for (const f of s.findings) {
      const r = (out[f.rule] ??= { true: 0, false: 0, unread: 0 });
      r[f.verdict === 'UNREAD' ? 'unread' : f.verdict] += 1;
    }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** What is wrong with a triage file (an empty list when it is well formed); `file` is its name, `<owner>+<name>.json`. */
export function checkTriage(doc, file) {
  const problems = [];
  if (!doc || typeof doc !== 'object') return ['not a JSON object'];
  if (typeof doc.repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(doc.repo)) problems.push('repo must be "owner/name"');
  else if (file !== undefined && `${doc.repo.replace('/', '+')}.json` !== file) problems.push(`repo ${doc.repo} does not match the file name ${file}`);
  if (typeof doc.commit !== 'string' || !/^[0-9a-f]{40}$/.test(doc.commit)) problems.push('commit must be 40 hex digits');
  if (!Array.isArray(doc.findings)) return [...problems, 'findings must be a list'];
  const seen = new Set();
  doc.findings.forEach((e, i) => {
    const at = `findings[${i}] (${e?.path}:${e?.line})`;
    if (typeof e?.path !== 'string' || !Number.isInteger(e?.line) || typeof e?.rule !== 'string' || !e.rule.startsWith('tool-input/'))
      problems.push(`${at}: path, line and a tool-input/ rule are required`);
    if (!(e?.tool === null || typeof e?.tool === 'string') || !(e?.param === null || typeof e?.param === 'string'))
      problems.push(`${at}: tool and param are a string or null`);
    if (e?.verdict === 'true' || e?.verdict === 'false') {
      if (typeof e.why !== 'string' || e.why.trim().length < 10) problems.push(`${at}: a verdict needs a reason (why)`);
    } else if (e?.verdict !== null) problems.push(`${at}: verdict is "true", "false" or null (not read yet)`);
    const key = JSON.stringify([e?.path, e?.line, e?.rule, e?.tool, e?.param]);
    if (seen.has(key)) problems.push(`${at}: duplicate entry`);
    seen.add(key);
  });
  return problems;
}

/**
 * The triage document with an unread entry (verdict null) added for every finding it has no entry for, in
 * file and line order; entries already there (read or not) are kept as they are.
 */
export function withSkeleton(doc, findings) {
  const entries = [...doc.findings];
  for (const f of findings) {
    const key = keyOf(f);
    if (!entries.some((e) => same(key, e))) entries.push({ ...key, verdict: null, why: '' });
  }
  entries.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.rule.localeCompare(b.rule) || String(a.param).localeCompare(String(b.param)));
  return { ...doc, findings: entries };
}
