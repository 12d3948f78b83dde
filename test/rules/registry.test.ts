import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAMILIES } from '../../src/core/types.js';
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

  it('has a docs page for every rule with what, why, examples and suppression, and no page without a rule', () => {
    for (const id of ids) {
      const page = join('docs', 'rules', `${id}.md`);
      expect({ id, exists: existsSync(page) }).toEqual({ id, exists: true });
      const text = readFileSync(page, 'utf8');
      expect(text).toContain(id);
      expect(text).toMatch(/agent-guard-ignore|ignore:/);
    }
    for (const family of FAMILIES) {
      const dir = join('docs', 'rules', family);
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir)) {
        if (file === 'README.md' || file === 'index.md') continue;
        expect(ids).toContain(`${family}/${file.replace(/\.md$/, '')}`);
      }
    }
  });

  it('keeps rule modules one per file, named after the rule', () => {
    for (const family of FAMILIES) {
      const dir = join('src', 'families', family, 'rules');
      const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
      for (const id of ids.filter((i) => i.startsWith(`${family}/`))) {
        const name = id.split('/')[1];
        const own = modules.includes(`${name}.ts`);
        const table = modules.some((m) => readFileSync(join(dir, m), 'utf8').includes(`'${id}'`) || readFileSync(join(dir, m), 'utf8').includes(`${family}/\${`));
        expect({ id, defined: own || table }).toEqual({ id, defined: true });
      }
    }
  });
});
