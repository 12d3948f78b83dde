import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { ScanResult } from '../../src/engine/engine.js';
import { expectedLines, linesOf, runOnFiles } from '../helpers/rules.js';
import { FIXTURES, loadFixtures, SINK_RULES } from './shared.js';

function compare(files: Record<string, string>, result: ScanResult) {
  expect(result.ruleErrors).toEqual([]);
  for (const [path, text] of Object.entries(files)) {
    for (const rule of SINK_RULES) {
      const id = rule.meta.id;
      expect({ path, id, lines: linesOf(result.findings, id, path) }).toEqual({ path, id, lines: expectedLines(text, id) });
    }
  }
}

describe.each(['python', 'js'])('tool-input sink rules on %s fixtures', (lang) => {
  const files = loadFixtures(join(FIXTURES, lang));
  it('report exactly the marked lines (every framework, vulnerable and safe handlers)', async () => {
    const result = await runOnFiles(SINK_RULES, files);
    compare(files, result);
  });
});
