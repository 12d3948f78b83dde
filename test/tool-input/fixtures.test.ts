import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { ScanResult } from '../../src/engine/engine.js';
import { expectedLines, gapLines, linesOf, markedRuleIds, runOnFiles } from '../helpers/rules.js';
import { FIXTURES, loadFixtures, SINK_RULES } from './shared.js';

function compare(files: Record<string, string>, result: ScanResult) {
  expect(result.ruleErrors).toEqual([]);
  for (const [path, text] of Object.entries(files)) {
    for (const rule of SINK_RULES) {
      const id = rule.meta.id;
      const gaps = gapLines(text, id);
      // a known gap now reported: turn its `gap:` marker into `expect:`
      const lines = linesOf(result.findings, id, path).filter((l) => !gaps.includes(l));
      expect({ path, id, lines }).toEqual({ path, id, lines: expectedLines(text, id) });
    }
  }
}

/** The known gaps of the fixtures (`gap: <rule-id>` markers): `path:line rule` each. */
function knownGaps(files: Record<string, string>): { path: string; line: number; id: string }[] {
  const out: { path: string; line: number; id: string }[] = [];
  for (const [path, text] of Object.entries(files))
    for (const id of markedRuleIds(text, 'gap')) for (const line of gapLines(text, id)) out.push({ path, line, id });
  return out.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
}

describe.each(['python', 'js'])('tool-input sink rules on %s fixtures', (lang) => {
  const files = loadFixtures(join(FIXTURES, lang));
  const gaps = knownGaps(files);
  let result: ScanResult;
  beforeAll(async () => {
    result = await runOnFiles(SINK_RULES, files);
  });

  it('report exactly the marked lines (every framework, vulnerable and safe handlers)', () => {
    compare(files, result);
  });

  it('name only sink rules in gap markers, never on a line that also expects the rule', () => {
    const ids = new Set(SINK_RULES.map((r) => r.meta.id));
    expect(gaps.filter((g) => !ids.has(g.id))).toEqual([]);
    expect(gaps.filter((g) => expectedLines(files[g.path], g.id).includes(g.line))).toEqual([]);
  });

  // One test per known gap, named by it, so the list and the count show in every run.
  if (gaps.length)
    describe(`known gaps (${gaps.length})`, () => {
      it.each(gaps.map((g) => [`${g.path}:${g.line} ${g.id}`, g] as const))('%s is still not reported (when it is, turn `gap:` into `expect:`)', (_, g) => {
        expect(linesOf(result.findings, g.id, g.path)).not.toContain(g.line);
      });
    });
});
