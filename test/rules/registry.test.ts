import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineRule } from '../../src/core/define-rule.js';
import { docsUrl, FAMILIES } from '../../src/core/types.js';
import { ALL_RULES } from '../../src/families/index.js';

const ids = ALL_RULES.map((r) => r.meta.id);

describe('rule registry', () => {
  it('has at least one rule in every family', () => {
    for (const family of FAMILIES) expect(ids.some((id) => id.startsWith(`${family}/`))).toBe(true);
  });

  it('gives every rule a unique family/kebab-name id whose family matches its metadata', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of ALL_RULES) {
      expect(rule.meta.id).toMatch(/^(secret|tool-input|rate-limit|tool-payload)\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.meta.id.split('/')[0]).toBe(rule.meta.family);
      expect(rule.meta.description.length).toBeGreaterThan(10);
      expect(rule.meta.fix.length).toBeGreaterThan(10);
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    }
  });

  it('gives every rule the metadata code scanning ranks it by: CWE ids, a security severity, a precision and its docs URL', () => {
    for (const { meta } of ALL_RULES) {
      expect({ id: meta.id, cwe: meta.cwe.length > 0 && meta.cwe.every((n) => Number.isInteger(n) && n > 0) }).toEqual({ id: meta.id, cwe: true });
      expect(meta.securitySeverity).toBeGreaterThan(0);
      expect(meta.securitySeverity).toBeLessThanOrEqual(10);
      expect(['very-high', 'high', 'medium', 'low']).toContain(meta.precision);
      expect(meta.docs).toBe(docsUrl(meta.id));
    }
  });

  it('is made by defineRule only: a malformed id or score is refused', () => {
    const base = {
      severity: 'error' as const,
      description: 'd',
      fix: 'f',
      messages: { m: 'm' },
      cwe: [20],
      securitySeverity: 5,
      precision: 'high' as const,
      appliesTo: () => true,
      check: () => {},
    };
    expect(defineRule({ ...base, id: 'secret/demo-rule' }).meta).toMatchObject({ family: 'secret', docs: docsUrl('secret/demo-rule') });
    expect(() => defineRule({ ...base, id: 'secrets/demo' })).toThrow(/family\/kebab-name/);
    expect(() => defineRule({ ...base, id: 'secret/Demo_Rule' })).toThrow(/family\/kebab-name/);
    expect(() => defineRule({ ...base, id: 'secret/demo', securitySeverity: 11 })).toThrow(/outside 0.0–10.0/);
  });

  // Doc pages (one per rule, no orphans, title, sections, runnable examples): test/docs/rule-docs.test.ts.

  it('keeps rule modules one per file, named after the rule', () => {
    for (const family of FAMILIES) {
      const dir = join('src', 'families', family, 'rules');
      const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
      for (const id of ids.filter((i) => i.startsWith(`${family}/`))) {
        const name = id.split('/')[1];
        const own = modules.includes(`${name}.ts`);
        const table = modules.some(
          (m) => readFileSync(join(dir, m), 'utf8').includes(`'${id}'`) || readFileSync(join(dir, m), 'utf8').includes(`${family}/\${`),
        );
        expect({ id, defined: own || table }).toEqual({ id, defined: true });
      }
    }
  });
});
