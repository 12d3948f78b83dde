// Scoring of the published-advisory benchmark (bench/advisories.mjs): whether agent-guard's tool-input
// findings on an advisory's vulnerable commit land on the sink the advisory is about, whether that sink
// is quiet on the fixing commit, and which findings remain there. Pure: no files, no git, no processes.

/** How many lines a finding may be from the recorded sink line and still count as a hit. */
export const DEFAULT_WINDOW = 3;

/** The rule ids that count for an advisory: its `rule` and any `alsoRules`, as `tool-input/<name>`. */
export function expectedRules(advisory) {
  return [advisory.rule, ...(advisory.alsoRules ?? [])].map((r) => (r.includes('/') ? r : `tool-input/${r}`));
}

const norm = (p) => p.replace(/\\/g, '/').replace(/^\.\//, '');

/** A finding as `{ ruleId, path, line, message }` from one entry of agent-guard's JSON report. */
export function flatten(finding) {
  return { ruleId: finding.ruleId, path: norm(finding.path), line: finding.range?.startLine ?? 0, message: finding.message };
}

/** The findings of an expected rule in `file` within `window` lines of `line` (nearest first). */
export function nearSink(findings, rules, file, line, window = DEFAULT_WINDOW) {
  return findings
    .filter((f) => rules.includes(f.ruleId) && norm(f.path) === norm(file) && Math.abs(f.line - line) <= window)
    .sort((a, b) => Math.abs(a.line - line) - Math.abs(b.line - line));
}

/** The tool names a finding's message gives (`Tool "a|b"`, `MCP prompt handler "c"`), and its parameter. */
export function namedFlow(message = '') {
  const tool = /(?:Tool|handler) "([^"]+)"/.exec(message);
  const param = /parameter "([^"]+)"/.exec(message);
  return { tools: tool ? tool[1].split('|') : [], param: param ? param[1] : undefined };
}

/** Whether a finding reports the advisory's own flow: one of its tools (`sink.tools`) and parameters (`sink.params`). */
export function isAdvisoryFlow(finding, sink) {
  if (!sink.tools?.length || !sink.params?.length) return false;
  const { tools, param } = namedFlow(finding.message);
  return tools.some((t) => sink.tools.includes(t)) && param !== undefined && sink.params.includes(param);
}

/**
 * Score one advisory. `vulnerable` and `fixed` are flattened findings (tool-input only) of the two commits.
 * - hit: a finding of an expected rule within `window` lines of `advisory.sink` on the vulnerable commit;
 * - fixedSinkQuiet: on the fixing commit, no finding of an expected rule near `advisory.fixedSink` (when the
 *   fix kept the call, the line it moved to; when the fix removed it — `fixedSink` absent — near the old
 *   line), and none anywhere that still reports the advisory's flow (its tool and parameter: a fix that
 *   moved the call into a wrapper in another module must not read as quiet);
 * - remaining: every finding on the fixing commit (all tool-input rules), sorted by file and line.
 */
export function scoreAdvisory(advisory, vulnerable, fixed, window = DEFAULT_WINDOW) {
  const rules = expectedRules(advisory);
  // The advisory's own tool and parameter first, then the nearest.
  const hits = nearSink(vulnerable, rules, advisory.sink.file, advisory.sink.line, window).sort(
    (a, b) => Number(isAdvisoryFlow(b, advisory.sink)) - Number(isAdvisoryFlow(a, advisory.sink)),
  );
  const after = advisory.fixedSink ?? advisory.sink;
  const near = nearSink(fixed, rules, after.file, after.line, window);
  const moved = fixed.filter((f) => rules.includes(f.ruleId) && !near.includes(f) && isAdvisoryFlow(f, advisory.sink));
  const stillThere = [...near, ...moved];
  const remaining = [...fixed].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.ruleId.localeCompare(b.ruleId));
  return {
    id: advisory.id,
    hit: hits.length > 0,
    hitFinding: hits[0],
    // The hit names the advisory's tool and parameter (not only another flow into the same line).
    exact: hits.length > 0 && isAdvisoryFlow(hits[0], advisory.sink),
    // What was reported near the sink when it is a miss: a finding of another rule says "wrong kind".
    nearMiss: hits.length ? undefined : vulnerable.find((f) => norm(f.path) === norm(advisory.sink.file) && Math.abs(f.line - advisory.sink.line) <= window),
    fixedSinkQuiet: stillThere.length === 0,
    stillThere,
    remaining,
  };
}

/**
 * The reading of a finding left on a fixing commit (bench/advisories-triage.json), matched by advisory,
 * path, line, rule, tool and parameter; undefined when nobody has read it yet.
 */
export function triageOf(advisoryId, finding, entries) {
  const { tools, param } = namedFlow(finding.message);
  const tool = tools.join('|');
  return entries.find(
    (e) =>
      e.advisory === advisoryId &&
      norm(e.path) === norm(finding.path) &&
      e.line === finding.line &&
      e.rule === finding.ruleId &&
      e.tool === tool &&
      (e.param || undefined) === param,
  );
}

/** Verdict counts of the findings left on the fixing commits: true, false, and not read yet. */
export function triageTotals(scores, entries) {
  const counts = { true: 0, false: 0, unread: 0 };
  for (const s of scores) for (const f of s.remaining) counts[triageOf(s.id, f, entries)?.verdict ?? 'unread'] += 1;
  return counts;
}

/** Totals over scored advisories (skipped ones — no snapshot — left out of every ratio). */
export function totals(scores) {
  const n = scores.length;
  const hits = scores.filter((s) => s.hit).length;
  const quiet = scores.filter((s) => s.fixedSinkQuiet).length;
  const remaining = scores.reduce((sum, s) => sum + s.remaining.length, 0);
  const exact = scores.filter((s) => s.exact).length;
  // A sink that was never found is trivially quiet once fixed: the figure that says something is over the hits.
  const quietOfHits = scores.filter((s) => s.hit && s.fixedSinkQuiet).length;
  return {
    advisories: n,
    hits,
    exactHits: exact,
    misses: n - hits,
    recall: n ? hits / n : 0,
    fixedSinksQuiet: quiet,
    fixedSinksQuietOfHits: quietOfHits,
    fixedCommitFindings: remaining,
  };
}
