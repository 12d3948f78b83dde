import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScanResult } from '../../src/core/engine.js';
import { argumentInjection } from '../../src/rules/tool-input/argument-injection.js';
import { codeInjection } from '../../src/rules/tool-input/code-injection.js';
import { commandInjection } from '../../src/rules/tool-input/command-injection.js';
import { pathTraversal } from '../../src/rules/tool-input/path-traversal.js';
import { sqlInjection } from '../../src/rules/tool-input/sql-injection.js';
import { ssrf } from '../../src/rules/tool-input/ssrf.js';
import { unsafeDeserialization } from '../../src/rules/tool-input/unsafe-deserialization.js';
import { expectedLines, linesOf, runOnFiles } from '../helpers/rules.js';

export const SINK_RULES = [pathTraversal, commandInjection, argumentInjection, codeInjection, sqlInjection, ssrf, unsafeDeserialization];

const FIXTURES = join(fileURLToPath(new URL('.', import.meta.url)), '../fixtures/tool-input');

/**
 * Fixtures are stored with a `.txt` suffix (so neither tsc nor agent-guard scanning this repository sees
 * deliberately vulnerable code) and loaded under their real names into an in-memory repository.
 */
export function loadFixtures(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (name.endsWith('.txt')) out[relative(FIXTURES, abs).replace(/\.txt$/, '')] = readFileSync(abs, 'utf8');
    }
  };
  walk(dir);
  return out;
}

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
