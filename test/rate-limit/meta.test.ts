import { describe, expect, it } from '@jest/globals';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load.js';
import { rateLimitRules } from '../../src/families/rate-limit/index.js';
import { linesOf, runOnFiles } from '../helpers/rules.js';
import { tempDir } from '../helpers/repo.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('rate-limit rule metadata', () => {
  // Doc pages are checked for every family by test/docs/rule-docs.test.ts.
  it.each(rateLimitRules.map((r) => [r.meta.id, r] as const))('%s has a module and the family prefix', (id, rule) => {
    const name = id.slice('rate-limit/'.length);
    expect(rule.meta.family).toBe('rate-limit');
    expect(existsSync(join(root, 'src/families/rate-limit/rules', `${name}.ts`))).toBe(true);
  });

  it('accepts every default option in .agent-guard.yml and rejects unknown ones', () => {
    const t = tempDir();
    try {
      const file = join(t.dir, '.agent-guard.yml');
      const rules = Object.fromEntries(rateLimitRules.map((r) => [r.meta.id, { options: r.meta.defaultOptions ?? {} }]));
      writeFileSync(file, JSON.stringify({ rules }));
      expect(() => loadConfig({ configFile: file, root: t.dir, rules: rateLimitRules.map((r) => r.meta) })).not.toThrow();
      writeFileSync(file, JSON.stringify({ rules: { 'rate-limit/unbounded-agent-loop': { options: { maxIteration: 5 } } } }));
      expect(() => loadConfig({ configFile: file, root: t.dir, rules: rateLimitRules.map((r) => r.meta) })).toThrow(/maxIteration/);
    } finally {
      t.cleanup();
    }
  });
});

describe('rate-limit options from the config', () => {
  const loop = 'from langchain.agents import AgentExecutor\nex = AgentExecutor(agent=a, tools=t, max_iterations=80)\n';
  it('maxIterations raises the accepted bound', async () => {
    const dflt = await runOnFiles(rateLimitRules, { 'a.py': loop });
    expect(linesOf(dflt.findings, 'rate-limit/unbounded-agent-loop')).toEqual([2]);
    const raised = await runOnFiles(rateLimitRules, { 'a.py': loop }, { rules: { 'rate-limit/unbounded-agent-loop': { options: { maxIterations: 100 } } } });
    expect(linesOf(raised.findings, 'rate-limit/unbounded-agent-loop')).toEqual([]);
  });

  it('maxFixedFanOut and extraCallPatterns change what counts as unbounded', async () => {
    const src =
      'import asyncio\nasync def f(xs):\n    await asyncio.gather(*[myclient.ask(x) for x in xs])\n    await asyncio.gather(*[llm.ainvoke(x) for x in range(20)])\n';
    const dflt = await runOnFiles(rateLimitRules, { 'a.py': src });
    expect(linesOf(dflt.findings, 'rate-limit/unbounded-tool-concurrency')).toEqual([4]);
    const tuned = await runOnFiles(
      rateLimitRules,
      { 'a.py': src },
      { rules: { 'rate-limit/unbounded-tool-concurrency': { options: { maxFixedFanOut: 25, extraCallPatterns: ['^myclient\\.ask$'] } } } },
    );
    expect(linesOf(tuned.findings, 'rate-limit/unbounded-tool-concurrency')).toEqual([3]);
  });

  it('fixes name the parameter to add; messages say what and why, not the fix again', async () => {
    const r = await runOnFiles(rateLimitRules, { 'o.py': 'from async_toolformer import AsyncOrchestrator\no = AsyncOrchestrator(max_parallel=5)\n' });
    expect(r.findings.map((f) => f.fix).join('\n')).toMatch(/max_parallel_tools=/);
    expect(r.findings.map((f) => f.fix).join('\n')).toMatch(/rate_limit_config=RateLimitConfig/);
    expect(r.findings.map((f) => f.message).join('\n')).not.toMatch(/max_parallel_tools=|rate_limit_config=RateLimitConfig/);
  });
});
