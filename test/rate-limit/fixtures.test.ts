import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rateLimitRules } from '../../src/families/rate-limit/index.js';
import { expectedLines, linesOf, runOnFiles } from '../helpers/rules.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(here, '..', 'fixtures', 'rate-limit');
const RULE_IDS = rateLimitRules.map((r) => r.meta.id);

/**
 * Every fixture directory is scanned as one repository with every rate-limit rule; for every file and
 * every rule, the reported lines must be exactly the lines marked `expect: <rule-id>`.
 */
describe.each(readdirSync(FIXTURES).sort())('rate-limit fixtures: %s', (dir) => {
  const files: Record<string, string> = {};
  for (const name of readdirSync(join(FIXTURES, dir)).sort()) files[name] = readFileSync(join(FIXTURES, dir, name), 'utf8');

  it.each(Object.keys(files))('%s: reported lines are exactly the marked ones', async (name) => {
    const result = await runOnFiles(rateLimitRules, files);
    expect(result.ruleErrors).toEqual([]);
    for (const id of RULE_IDS) {
      expect({ id, lines: linesOf(result.findings, id, name) }).toEqual({ id, lines: expectedLines(files[name], id) });
    }
  });

  it('has positive and negative cases', () => {
    const marked = Object.values(files).some((t) => /expect:\s*rate-limit\//.test(t));
    const quietFile = Object.values(files).some((t) => !/expect:\s*rate-limit\//.test(t));
    expect({ dir, marked, quietFile }).toEqual({ dir, marked: true, quietFile: true });
  });
});
