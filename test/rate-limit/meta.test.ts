import { describe, expect, it } from '@jest/globals';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load.js';
import { rateLimitRules } from '../../src/families/rate-limit/index.js';
import { SourceFile } from '../../src/core/source-file.js';
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

describe('rate-limit/client-without-timeout pre-check', () => {
  const rule = rateLimitRules.find((r) => r.meta.id === 'rate-limit/client-without-timeout')!;
  const applies = (path: string, text: string) => rule.appliesTo(new SourceFile(path, text));

  it('passes every way a client is created or re-optioned', () => {
    expect(applies('a.py', 'import openai\nc = openai.AsyncOpenAI(timeout=None)\n')).toBe(true);
    expect(applies('a.py', 'from anthropic import AnthropicBedrock\nc = AnthropicBedrock (max_retries=0)\n')).toBe(true);
    expect(applies('a.ts', "import OpenAI from 'openai';\nconst c = new OpenAI /* opts */ ({ timeout: Infinity });\n")).toBe(true);
    expect(applies('a.ts', 'const c = client.withOptions({ maxRetries: 0 });\n')).toBe(true);
    expect(applies('a.py', 'c = client.with_options(timeout=None)\n')).toBe(true);
  });

  it('rejects files that only name the SDKs (imports, types, comments), so they are not parsed', () => {
    expect(
      applies(
        'a.ts',
        "import type OpenAI from 'openai';\n// OpenAI clients time out after 10 minutes\nexport function f(c: OpenAI, timeout: number) { return c; }\n",
      ),
    ).toBe(false);
    expect(applies('a.py', 'from anthropic import Anthropic\n\ndef f(client: Anthropic, timeout: float) -> Anthropic:\n    return client\n')).toBe(false);
    expect(applies('a.ts', 'const c = new OpenAI({});\n')).toBe(false); // no timeout or retries option anywhere
  });

  it('reports a client created with its timeout removed, and nothing for the rejected shapes', async () => {
    const files = {
      'a.ts': "import OpenAI from 'openai';\nconst c = new OpenAI /* opts */ ({ timeout: Infinity });\n",
      'b.ts': "import type OpenAI from 'openai';\n// OpenAI clients time out after 10 minutes\nexport function f(c: OpenAI, timeout: number) { return c; }\n",
    };
    const result = await runOnFiles(rateLimitRules, files);
    expect(result.findings.filter((f) => f.ruleId === 'rate-limit/client-without-timeout').map((f) => `${f.path}:${f.range.startLine}`)).toEqual(['a.ts:2']);
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
