import { describe, expect, it } from '@jest/globals';
import { providerKeyRules } from '../../src/families/secret/index.js';
import { seededRng } from '../../src/families/secret/fake-keys.js';
import { runOnFiles } from '../helpers/rules.js';

/** Every provider rule proves its own samples, for several seeds (keys are generated at run time). */
describe.each(providerKeyRules.map((rule) => [rule.meta.id, rule] as const))('%s samples', (id, rule) => {
  const seeds = [1, 2, 3];
  it('has true-positive and false-positive samples', () => {
    const samples = rule.samples(seededRng(0));
    expect(samples.findings.length).toBeGreaterThanOrEqual(2);
    expect(samples.clean.length).toBeGreaterThanOrEqual(3);
  });

  it.each(seeds)('reports every true-positive sample exactly once (seed %i)', async (seed) => {
    const samples = rule.samples(seededRng(seed));
    const files = Object.fromEntries(samples.findings.map((text, i) => [`finding-${i}.txt`, text]));
    const result = await runOnFiles([rule], files);
    expect(result.ruleErrors).toEqual([]);
    const perFile = Object.keys(files).map((path) => result.findings.filter((f) => f.path === path && f.ruleId === id).length);
    expect(perFile).toEqual(Object.keys(files).map(() => 1));
  });

  it.each(seeds)('reports none of the false-positive samples (seed %i)', async (seed) => {
    const samples = rule.samples(seededRng(seed));
    const files = Object.fromEntries(samples.clean.map((text, i) => [`clean-${i}.txt`, text]));
    const result = await runOnFiles([rule], files);
    expect(result.ruleErrors).toEqual([]);
    expect(result.findings.map((f) => `${f.path}: ${files[f.path]}`)).toEqual([]);
  });
});
