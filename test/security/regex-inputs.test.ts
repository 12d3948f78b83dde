/**
 * Issue 18: text shaped against the regexes that were quadratic (test/security/redos.test.ts) no longer
 * stalls a scan: 80,000 blank lines before an import (16 s in importedAs alone), a suppression comment
 * followed by 40,000 blanks (15 s in its trailer loop), a stored conversation whose system message is
 * 700 KB of unclosed `<tools>` tags (minutes). The scan finishes and still finds the planted key.
 * Budgets as behavior: the test's timeout is generous; the time is measured, not asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

const key = fakeKey('anthropic', seededRng(18_400)).key;
let repo: { dir: string; cleanup: () => void };

beforeAll(() => {
  const agent =
    '\n'.repeat(80_000) +
    'import asyncio\nfrom crewai import Agent\nimport crewai\n' +
    `K = "${key}"\n` +
    `x = 1  # agent-guard-ignore rate-limit/unbounded-agent-loop: reason${' '.repeat(40_000)}y\n` +
    'async def run(items):\n    return await asyncio.gather(*[Agent().kickoff(i) for i in items])\n';
  const conversation = JSON.stringify({
    conversations: [
      { from: 'system', value: '<tools>'.repeat(100_000) },
      { from: 'human', value: 'hi' },
      { from: 'gpt', value: '<tool_call>'.repeat(10_000) },
    ],
  });
  repo = makeRepo({ 'agent.py': agent, 'data/calls.jsonl': conversation + '\n' }, { commit: false });
});
afterAll(() => repo?.cleanup());

describe('input shaped against the regexes that were quadratic', () => {
  it('is scanned to the end, and the planted key is found', async () => {
    const started = performance.now();
    const r = await runCli(['scan', '--format', 'json', '--fail-on', 'never', repo.dir], repo.dir);
    const seconds = (performance.now() - started) / 1000;
    const report = JSON.parse(r.stdout);
    expect(report.ruleErrors ?? []).toEqual([]);
    const found = (report.findings as { ruleId: string; path: string; range?: { startLine: number } }[]).filter((f) => f.ruleId === 'secret/anthropic-api-key');
    expect(found.map((f) => f.path)).toEqual(['agent.py']);
    expect(r.stdout).not.toContain(key);
    console.log(`hostile regex inputs scanned in ${seconds.toFixed(1)} s`);
  }, 120_000);
});
