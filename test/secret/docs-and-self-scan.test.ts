import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '../../src/engine/engine.js';
import { providerKeyRules, secretRules } from '../../src/families/secret/index.js';
import { FAKE_KEY_GENERATORS } from '../../src/families/secret/fake-keys.js';

const ROOT = process.cwd();

describe('secret/* rules: metadata and docs', () => {
  it.each(secretRules.map((r) => [r.meta.id, r] as const))('%s has a complete docs page', (id, rule) => {
    expect(id).toMatch(/^secret\/[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(rule.meta.family).toBe('secret');
    const page = join(ROOT, 'docs/rules', `${id}.md`);
    expect(existsSync(page)).toBe(true);
    const text = readFileSync(page, 'utf8');
    expect(text.startsWith(`# ${id}\n`)).toBe(true);
    for (const section of ['## What it finds', '## Why it matters', '## Bad', '## Good', '## How to suppress']) expect(text).toContain(section);
    expect(text).toContain(`agent-guard-ignore ${id}:`);
  });

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
