/**
 * The scoring of bench/advisories.mjs (published advisories, vulnerable vs fixing commit): what counts as
 * a hit on the vulnerable sink, when a fixed sink is quiet, and the totals. Pure functions on findings
 * written here — no snapshot, no git, no bundle.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { expectedRules, flatten, isAdvisoryFlow, namedFlow, nearSink, scoreAdvisory, totals, triageOf, triageTotals } from '../../bench/lib/advisory-score.mjs';
import type { Advisory, Finding, TriageEntry } from '../../bench/lib/advisory-score.mjs';

const advisory: Advisory = { id: 'GHSA-test', rule: 'command-injection', sink: { file: 'src/run.ts', line: 40 }, fixedSink: { file: 'src/run.ts', line: 52 } };
const f = (ruleId: string, path: string, line: number): Finding => ({ ruleId: `tool-input/${ruleId}`, path, line });

describe('expectedRules', () => {
  it('prefixes the family and adds the alternatives', () => {
    expect(expectedRules({ rule: 'argument-injection', alsoRules: ['command-injection'] })).toEqual([
      'tool-input/argument-injection',
      'tool-input/command-injection',
    ]);
    expect(expectedRules({ rule: 'tool-input/ssrf' })).toEqual(['tool-input/ssrf']);
  });
});

describe('flatten', () => {
  it('keeps rule, normalized path and start line of a JSON report finding', () => {
    expect(flatten({ ruleId: 'tool-input/ssrf', path: './src\\a.ts', message: 'm', range: { startLine: 7 } })).toEqual({
      ruleId: 'tool-input/ssrf',
      path: 'src/a.ts',
      line: 7,
      message: 'm',
    });
  });
});

describe('nearSink', () => {
  it('matches the file and rule within the window, nearest first', () => {
    const found = nearSink(
      [f('command-injection', 'src/run.ts', 43), f('command-injection', 'src/run.ts', 41), f('command-injection', 'src/run.ts', 44)],
      ['tool-input/command-injection'],
      'src/run.ts',
      40,
      3,
    );
    expect(found.map((x) => x.line)).toEqual([41, 43]);
  });
});

describe('namedFlow / isAdvisoryFlow', () => {
  const msg = (tool: string, param: string) => `Tool "${tool}" passes model-controlled parameter "${param}" to child_process.exec(): …`;

  it('reads the tool names and the parameter of a finding message', () => {
    expect(namedFlow(msg('a|b', 'path'))).toEqual({ tools: ['a', 'b'], param: 'path' });
    expect(namedFlow('MCP prompt handler "get_prompt" passes client-controlled parameter "url" to client.get()')).toEqual({
      tools: ['get_prompt'],
      param: 'url',
    });
    expect(namedFlow('no flow here')).toEqual({ tools: [], param: undefined });
  });

  it('needs one of the advisory tools and one of its parameters', () => {
    const sink = { file: 'x', line: 1, tools: ['git_add'], params: ['files'] };
    expect(isAdvisoryFlow({ ruleId: 'r', path: 'x', line: 1, message: msg('git_status|git_add', 'files') }, sink)).toBe(true);
    expect(isAdvisoryFlow({ ruleId: 'r', path: 'x', line: 1, message: msg('git_add', 'repo_path') }, sink)).toBe(false);
    expect(isAdvisoryFlow({ ruleId: 'r', path: 'x', line: 1, message: msg('git_log', 'files') }, sink)).toBe(false);
    expect(isAdvisoryFlow({ ruleId: 'r', path: 'x', line: 1, message: msg('git_add', 'files') }, { file: 'x', line: 1 })).toBe(false);
  });
});

describe('scoreAdvisory', () => {
  it('is a hit when a finding of the expected rule is on the sink line', () => {
    const s = scoreAdvisory(advisory, [f('command-injection', 'src/run.ts', 40)], []);
    expect(s.hit).toBe(true);
    expect(s.hitFinding?.line).toBe(40);
    expect(s.fixedSinkQuiet).toBe(true);
  });

  it('is a miss for another rule at the sink, which is reported as the near miss', () => {
    const s = scoreAdvisory(advisory, [f('path-traversal', 'src/run.ts', 40)], []);
    expect(s.hit).toBe(false);
    expect(s.nearMiss?.ruleId).toBe('tool-input/path-traversal');
  });

  it('is a miss for the right rule in another file or beyond the window', () => {
    expect(scoreAdvisory(advisory, [f('command-injection', 'src/other.ts', 40)], []).hit).toBe(false);
    expect(scoreAdvisory(advisory, [f('command-injection', 'src/run.ts', 44)], []).hit).toBe(false);
    expect(scoreAdvisory(advisory, [f('command-injection', 'src/run.ts', 44)], [], 4).hit).toBe(true);
  });

  it('prefers the finding that names the advisory tool and parameter, and says so', () => {
    const sink = { ...advisory.sink, tools: ['run'], params: ['cmd'] };
    const other = { ...f('command-injection', 'src/run.ts', 40), message: 'Tool "other" passes model-controlled parameter "x" to exec()' };
    const own = { ...f('command-injection', 'src/run.ts', 41), message: 'Tool "run" passes model-controlled parameter "cmd" to exec()' };
    const s = scoreAdvisory({ ...advisory, sink }, [other, own], []);
    expect(s.hitFinding).toBe(own);
    expect(s.exact).toBe(true);
    expect(scoreAdvisory({ ...advisory, sink }, [other], []).exact).toBe(false);
  });

  it('is not quiet when the fix moved the flow into a wrapper elsewhere that is still reported', () => {
    const sink = { ...advisory.sink, tools: ['run'], params: ['cmd'] };
    const inWrapper = { ...f('command-injection', 'src/safe-exec.ts', 9), message: 'Tool "run" passes model-controlled parameter "cmd" to exec()' };
    const s = scoreAdvisory({ ...advisory, sink }, [], [inWrapper]);
    expect(s.fixedSinkQuiet).toBe(false);
    expect(s.stillThere).toEqual([inWrapper]);
    const otherRule = { ...inWrapper, ruleId: 'tool-input/ssrf' };
    expect(scoreAdvisory({ ...advisory, sink }, [], [otherRule]).fixedSinkQuiet).toBe(true);
  });

  it('counts an alternative rule as a hit', () => {
    expect(
      scoreAdvisory({ ...advisory, rule: 'argument-injection', alsoRules: ['command-injection'] }, [f('command-injection', 'src/run.ts', 40)], []).hit,
    ).toBe(true);
  });

  it('checks the fixed sink at the line it moved to, and lists every finding left on the fixing commit', () => {
    const fixed = [f('command-injection', 'src/run.ts', 52), f('path-traversal', 'src/a.ts', 9), f('command-injection', 'src/run.ts', 40)];
    const s = scoreAdvisory(advisory, [], fixed);
    expect(s.fixedSinkQuiet).toBe(false);
    expect(s.stillThere.map((x) => x.line)).toEqual([52]);
    expect(s.remaining.map((x) => `${x.path}:${x.line}`)).toEqual(['src/a.ts:9', 'src/run.ts:40', 'src/run.ts:52']);
  });

  it('checks the old line when the fix removed the call', () => {
    const { fixedSink: _removed, ...withoutFixedSink } = advisory;
    expect(scoreAdvisory(withoutFixedSink, [], [f('command-injection', 'src/run.ts', 41)]).fixedSinkQuiet).toBe(false);
    expect(scoreAdvisory(withoutFixedSink, [], [f('ssrf', 'src/run.ts', 41)]).fixedSinkQuiet).toBe(true);
  });
});

describe('totals', () => {
  it('sums hits, quiet fixed sinks and remaining findings', () => {
    const hit = scoreAdvisory(advisory, [f('command-injection', 'src/run.ts', 40)], [f('ssrf', 'src/b.ts', 1)]);
    const miss = scoreAdvisory(advisory, [], [f('command-injection', 'src/run.ts', 52)]);
    expect(totals([hit, miss])).toEqual({
      advisories: 2,
      hits: 1,
      exactHits: 0,
      misses: 1,
      recall: 0.5,
      fixedSinksQuiet: 1,
      fixedSinksQuietOfHits: 1,
      fixedCommitFindings: 2,
    });
    expect(totals([]).recall).toBe(0);
  });
});

describe('triageOf / triageTotals', () => {
  const finding: Finding = {
    ruleId: 'tool-input/argument-injection',
    path: 'src/a.ts',
    line: 9,
    message: 'Tool "t1|t2" passes model-controlled parameter "name" to execFile() argv',
  };
  const entry: TriageEntry = {
    advisory: 'GHSA-test',
    path: 'src/a.ts',
    line: 9,
    rule: 'tool-input/argument-injection',
    tool: 't1|t2',
    param: 'name',
    verdict: 'false',
    why: 'option-value slot',
  };

  it('matches on advisory, path, line, rule, tool and parameter', () => {
    expect(triageOf('GHSA-test', finding, [entry])).toBe(entry);
    expect(triageOf('GHSA-other', finding, [entry])).toBeUndefined();
    expect(triageOf('GHSA-test', { ...finding, line: 10 }, [entry])).toBeUndefined();
    expect(triageOf('GHSA-test', { ...finding, message: finding.message?.replace('"name"', '"namespace"') }, [entry])).toBeUndefined();
    expect(triageOf('GHSA-test', { ...finding, ruleId: 'tool-input/command-injection' }, [entry])).toBeUndefined();
  });

  it('counts true, false and unread findings over the fixing commits', () => {
    const s = scoreAdvisory(advisory, [], [finding, { ...finding, line: 12 }]);
    expect(triageTotals([s], [entry, { ...entry, line: 12, verdict: 'true' }])).toEqual({ true: 1, false: 1, unread: 0 });
    expect(triageTotals([s], [entry])).toEqual({ true: 0, false: 1, unread: 1 });
  });
});

describe('bench/advisories.json', () => {
  const data = JSON.parse(readFileSync(new URL('../../bench/advisories.json', import.meta.url), 'utf8')) as {
    advisories: Array<Advisory & Record<string, unknown>>;
  };
  const RULES = ['path-traversal', 'command-injection', 'argument-injection', 'ssrf', 'sql-injection', 'code-injection'];

  it('has at least 15 advisories, in Python and TypeScript, with unique ids', () => {
    expect(data.advisories.length).toBeGreaterThanOrEqual(15);
    expect(new Set(data.advisories.map((a) => a.id)).size).toBe(data.advisories.length);
    expect(new Set(data.advisories.map((a) => a.lang))).toEqual(new Set(['py', 'ts']));
  });

  it('has a reading (true or false, and why) that names an advisory of the data for every triage entry', () => {
    const triage = JSON.parse(readFileSync(new URL('../../bench/advisories-triage.json', import.meta.url), 'utf8')) as { findings: TriageEntry[] };
    const ids = new Set(data.advisories.map((a) => a.id));
    for (const e of triage.findings) {
      expect(ids.has(e.advisory)).toBe(true);
      expect(['true', 'false']).toContain(e.verdict);
      expect(e.why.length).toBeGreaterThan(10);
    }
  });

  it('names full commits, a repository, a sink and a tool-input flow rule for each', () => {
    for (const a of data.advisories) {
      expect(a.vulnerable).toMatch(/^[0-9a-f]{40}$/);
      expect(a.fixed).toMatch(/^[0-9a-f]{40}$/);
      expect(a.vulnerable).not.toBe(a.fixed);
      expect(a.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(a.sink.line).toBeGreaterThan(0);
      expect(RULES).toContain(a.rule);
      for (const r of a.alsoRules ?? []) expect(RULES).toContain(r);
    }
  });
});
