/**
 * The scoring of bench/tool-input-real.mjs (tool-input precision on real repositories): how a finding of the
 * JSON report is keyed, matched with its reading, counted, and how triage files are checked and extended.
 * Pure functions on findings written here — no snapshot, no git, no bundle.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { byRule, checkTriage, keyOf, readingOf, scoreRepo, totals, withSkeleton } from '../../bench/lib/tool-input-real.mjs';
import type { ReportFinding, TriageDoc, TriageEntry } from '../../bench/lib/tool-input-real.mjs';

const finding = (line: number, param = 'cmd', tool = 'run|exec', ruleId = 'tool-input/command-injection', path = './src\\run.ts'): ReportFinding => ({
  ruleId,
  path,
  message: `Tool "${tool}" passes model-controlled parameter "${param}" to child_process.exec(): …`,
  range: { startLine: line },
});
const entry = (line: number, verdict: 'true' | 'false' | null, param = 'cmd'): TriageEntry => ({
  path: 'src/run.ts',
  line,
  rule: 'tool-input/command-injection',
  tool: 'run|exec',
  param,
  verdict,
  why: verdict ? 'exec of the command string, no allowlist' : '',
});

describe('keyOf', () => {
  it('keys a report finding by normalized path, start line, rule, and the tool and parameter of its message', () => {
    expect(keyOf(finding(7))).toEqual({ path: 'src/run.ts', line: 7, rule: 'tool-input/command-injection', tool: 'run|exec', param: 'cmd' });
  });

  it('gives null tool and parameter when the message names none', () => {
    expect(keyOf({ ruleId: 'tool-input/ssrf', path: 'a.py', message: 'something else', range: { startLine: 1 } })).toMatchObject({ tool: null, param: null });
  });
});

describe('readingOf', () => {
  it('matches on path, line, rule, tool and parameter — each one', () => {
    const e = entry(7, 'true');
    expect(readingOf(finding(7), [e])).toBe(e);
    expect(readingOf(finding(8), [e])).toBeUndefined();
    expect(readingOf(finding(7, 'path'), [e])).toBeUndefined();
    expect(readingOf(finding(7, 'cmd', 'run'), [e])).toBeUndefined();
    expect(readingOf(finding(7, 'cmd', 'run|exec', 'tool-input/argument-injection'), [e])).toBeUndefined();
    expect(readingOf(finding(7, 'cmd', 'run|exec', 'tool-input/command-injection', 'src/other.ts'), [e])).toBeUndefined();
  });

  it('matches a null tool and parameter only with null', () => {
    const bare: ReportFinding = { ruleId: 'tool-input/ssrf', path: 'a.py', message: 'no names', range: { startLine: 3 } };
    const e: TriageEntry = { path: 'a.py', line: 3, rule: 'tool-input/ssrf', tool: null, param: null, verdict: 'false', why: 'host fixed in code' };
    expect(readingOf(bare, [e])).toBe(e);
    expect(readingOf(bare, [{ ...e, param: 'url' }])).toBeUndefined();
  });
});

describe('scoreRepo / totals', () => {
  it('counts true, false and unread (no entry, or a verdict not filled in), and lists stale readings', () => {
    const s = scoreRepo([finding(9), finding(3), finding(5), finding(7)], [entry(3, 'true'), entry(5, 'false'), entry(7, null), entry(11, 'true')]);
    expect(s.findings.map((f) => `${f.line}:${f.verdict}`)).toEqual(['3:true', '5:false', '7:UNREAD', '9:UNREAD']);
    expect([s.true, s.false, s.unread]).toEqual([1, 1, 2]);
    expect(s.stale.map((e) => e.line)).toEqual([11]);
  });

  it('sums repositories; precision is true over read findings, null when none is read', () => {
    const a = scoreRepo([finding(1), finding(2), finding(3)], [entry(1, 'true'), entry(2, 'true'), entry(3, 'false')]);
    const b = scoreRepo([finding(1), finding(4)], [entry(1, 'true')]);
    expect(totals([a, b])).toEqual({ repos: 2, findings: 5, true: 3, false: 1, unread: 1, stale: 0, staleTrue: 0, precision: 0.75 });
    expect(totals([scoreRepo([finding(1)], [])]).precision).toBeNull();
  });

  it('counts readings no longer reported, and apart those read true (a finding lost or moved)', () => {
    const s = scoreRepo([finding(1)], [entry(1, 'true'), entry(2, 'true'), entry(3, 'false'), entry(4, null)]);
    expect(totals([s])).toMatchObject({ stale: 3, staleTrue: 1 });
  });
});

describe('byRule', () => {
  it('counts verdicts per rule across repositories', () => {
    const a = scoreRepo([finding(1), finding(2, 'url', 'get', 'tool-input/ssrf')], [entry(1, 'false')]);
    const b = scoreRepo([finding(1)], [entry(1, 'true')]);
    expect(byRule([a, b])).toEqual({
      'tool-input/command-injection': { true: 1, false: 1, unread: 0 },
      'tool-input/ssrf': { true: 0, false: 0, unread: 1 },
    });
  });
});

describe('checkTriage', () => {
  const doc: TriageDoc = { repo: 'owner/name', commit: 'a'.repeat(40), findings: [entry(3, 'true'), entry(4, null)] };

  it('accepts a well-formed file whose repo matches its name', () => {
    expect(checkTriage(doc, 'owner+name.json')).toEqual([]);
  });

  it('rejects a wrong name, a short commit, a verdict without a reason, an unknown verdict and duplicates', () => {
    expect(checkTriage(doc, 'other+name.json')).toHaveLength(1);
    expect(checkTriage({ ...doc, commit: 'abc' })).toEqual(['commit must be 40 hex digits']);
    expect(checkTriage({ ...doc, findings: [{ ...entry(3, 'false'), why: '' }] })).toHaveLength(1);
    expect(checkTriage({ ...doc, findings: [{ ...entry(3, 'true'), verdict: 'maybe' }] })).toHaveLength(1);
    expect(checkTriage({ ...doc, findings: [entry(3, 'true'), entry(3, 'false')] })).toHaveLength(1);
    expect(checkTriage({ ...doc, findings: [{ ...entry(3, 'true'), rule: 'secret/aws' }] })).toHaveLength(1);
  });
});

describe('withSkeleton', () => {
  it('adds an unread entry for each finding without one and keeps the readings', () => {
    const doc: TriageDoc = { repo: 'owner/name', commit: 'b'.repeat(40), findings: [entry(5, 'false')] };
    const out = withSkeleton(doc, [finding(9), finding(5), finding(2, 'path')]);
    expect(out.findings.map((e) => `${e.line}:${e.param}:${e.verdict}`)).toEqual(['2:path:null', '5:cmd:false', '9:cmd:null']);
    expect(out.findings[1]).toBe(doc.findings[0]);
    expect(scoreRepo([finding(9)], out.findings).unread).toBe(1);
  });
});

describe('bench/tool-input-real/*.json', () => {
  const dir = new URL('../../bench/tool-input-real/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('are well formed, every finding read true or false with a reason', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const doc = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as TriageDoc;
      expect({ file: f, problems: checkTriage(doc, f) }).toEqual({ file: f, problems: [] });
      for (const e of doc.findings)
        expect({ file: f, line: e.line, verdict: e.verdict }).toEqual({ file: f, line: e.line, verdict: expect.stringMatching(/^(true|false)$/) });
    }
  });
});
