import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '../../src/engine/engine.js';
import { providerKeyRules, secretRules } from '../../src/families/secret/index.js';
import { FAKE_KEY_GENERATORS } from '../../src/families/secret/fake-keys.js';

const ROOT = process.cwd();

// Doc pages (title, sections, runnable examples) are checked for every family by test/docs/rule-docs.test.ts.
describe('secret/* rules: metadata and self-scan', () => {
  it('names each provider rule module after its rule', () => {
    for (const rule of providerKeyRules) expect(existsSync(join(ROOT, 'src/families/secret/rules', `${rule.meta.id.replace('secret/', '')}.ts`))).toBe(true);
  });

  it('has unique ids, and every fake key generator names a rule of the family', () => {
    const ids = secretRules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [provider, g] of Object.entries(FAKE_KEY_GENERATORS)) expect([provider, ids.includes(g.ruleId)]).toEqual([provider, true]);
  });

  it('finds no credential in its own docs, rules and test sources (keys exist only at run time)', async () => {
    const result = await scan({ paths: [join(ROOT, 'docs/rules/secret'), join(ROOT, 'src/families/secret'), join(ROOT, 'test/secret')], rules: secretRules });
    expect(result.findings.map((f) => `${f.ruleId} ${f.path}:${f.range.startLine}`)).toEqual([]);
    expect(result.stats.files).toBeGreaterThan(40);
  });
});
