import { describe, expect, it } from '@jest/globals';
import { rateLimitRules } from '../../src/families/rate-limit/index.js';
import { mayReportAgentLoop, mayReportJsFanOut } from '../../src/families/rate-limit/pre-check.js';
import { SourceFile } from '../../src/core/source-file.js';
import type { RuleContext } from '../../src/core/types.js';
import { linesOf, runOnFiles } from '../helpers/rules.js';

const LOOP = 'rate-limit/unbounded-agent-loop';
const FAN_OUT = 'rate-limit/unbounded-tool-concurrency';
const ruleOf = (id: string) => rateLimitRules.find((r) => r.meta.id === id)!;
const DEFAULTS = { maxIterations: 50, maxRecursionLimit: 100, checkHandWrittenLoops: true };

/** Whether the rule's check asks for the file's parse tree (what the pre-check saves when it does not). */
async function asksForTree(id: string, path: string, text: string, options: Record<string, unknown> = {}): Promise<boolean> {
  const rule = ruleOf(id);
  const file = new SourceFile(path, text);
  expect(rule.appliesTo(file)).toBe(true); // the file passes the rule's filter: only the pre-check can spare the parse
  let asked = false;
  const ctx = {
    file,
    options: { ...rule.meta.defaultOptions, ...options },
    tree: async () => {
      asked = true;
      return null;
    },
    memo: (_key: string, compute: () => Promise<unknown>) => compute(),
    report: () => {},
  } as unknown as RuleContext;
  await rule.check(ctx);
  return asked;
}

describe('rate-limit/unbounded-agent-loop pre-check', () => {
  it('keeps every shape whose value may read as no bound or as a number past the maximum', () => {
    const keeps = [
      'run(agent, input, { maxTurns: 500 });',
      'run(agent, input, { maxTurns: /* many */ 500 });',
      'run(agent, input, { "maxTurns": 10 * 10 });',
      'new AgentExecutor({ maxIterations: null });',
      'generateText({ maxSteps: Infinity });',
      'generateText({ maxSteps: Number.MAX_SAFE_INTEGER });',
      'generateText({ maxSteps: (60) });',
      'graph.invoke(x, { recursionLimit: 1_000 });',
      'ex = AgentExecutor(agent=a, tools=t, max_iterations=None)',
      'ex = AgentExecutor(agent=a, tools=t, max_iterations=\\\n    80)',
      'ex = AgentExecutor(agent=a, tools=t, max_iterations=  # raised\n    80)',
      'graph.invoke(x, {"recursion_limit": float("inf")})',
      'graph.invoke(x, {"""recursion_limit""": 1000})',
      'config["recursion_limit" ] = 10**6',
      'config["recursion_limit"] = 40',
      'Runner.run(agent, x, max_turns=math.inf)',
      'agent = CodeAgent(tools=[], model=m, max_steps=0x100)',
      'const r = streamText({ model, stopWhen: hasToolCall("done") });',
      'while (true) { const r = await client.chat.completions.create(req); if (r.toolCalls) run(r.toolCalls); }',
      'for (let i = 0; ; i++) { const r = await llm.invoke(m); await execute(r.tool_calls); }',
    ];
    for (const text of keeps) expect({ text, may: mayReportAgentLoop(text, DEFAULTS) }).toEqual({ text, may: true });
  });

  it('skips types, reads, arrow functions and number literals within the maximum', () => {
    const skips = [
      'export interface RunOptions { maxTurns?: number; maxSteps?: number }',
      'run(agent, input, { maxTurns: options.maxTurns, stream: true });',
      'run(agent, input, { maxTurns: 10, stream: true });',
      'run(agent, input, { maxTurns: 50 });',
      'run(agent, input, { maxTurns: () => ({ finalOutput: "x" }) });',
      'run(agent, input, { maxTurns, stream: true });',
      'if (state.maxTurns === 0) throw new MaxTurnsExceededError();',
      'graph.invoke(x, { recursionLimit: 100 });',
      'ex = AgentExecutor(agent=a, tools=t, max_iterations=15)',
      'def run(max_turns: int = 10): ...',
      'const maxTurnsReached = 500;',
      'while (true) { const r = await client.chat.completions.create(req); if (r.done) break; }',
    ];
    for (const text of skips) expect({ text, may: mayReportAgentLoop(text, DEFAULTS) }).toEqual({ text, may: false });
  });

  it('reads the maxima and checkHandWrittenLoops from the options', () => {
    expect(mayReportAgentLoop('run(a, i, { maxTurns: 80 });', DEFAULTS)).toBe(true);
    expect(mayReportAgentLoop('run(a, i, { maxTurns: 80 });', { ...DEFAULTS, maxIterations: 100 })).toBe(false);
    expect(mayReportAgentLoop('graph.invoke(x, { recursionLimit: 80 });', { ...DEFAULTS, maxRecursionLimit: 50 })).toBe(true);
    const loop = 'while (true) { const r = await llm.invoke(m); await execute(r.tool_calls); }';
    expect(mayReportAgentLoop(loop, { ...DEFAULTS, checkHandWrittenLoops: false })).toBe(false);
  });

  const kept =
    "import { run } from '@openai/agents';\nexport async function main(agent, input) {\n  return run(agent, input, { maxTurns: /* a long task */ 500 });\n}\n";
  const skipped =
    "import { run } from '@openai/agents';\nexport interface Options { maxTurns?: number }\nexport async function main(agent, input, o: Options) {\n  return run(agent, input, { maxTurns: o.maxTurns ?? 10, stream: false });\n}\nrun(agent, 'x', { maxTurns: 10 });\n";

  it('still reports the kept file, and does not parse the skipped one', async () => {
    const result = await runOnFiles(rateLimitRules, { 'kept.ts': kept, 'skipped.ts': skipped });
    expect(linesOf(result.findings, LOOP, 'kept.ts')).toEqual([3]);
    expect(linesOf(result.findings, LOOP, 'skipped.ts')).toEqual([]);
    expect(await asksForTree(LOOP, 'kept.ts', kept)).toBe(true);
    expect(await asksForTree(LOOP, 'skipped.ts', skipped)).toBe(false);
    // with a lower maximum the same file may be reported: it is parsed
    expect(await asksForTree(LOOP, 'skipped.ts', skipped, { maxIterations: 5 })).toBe(true);
  });

  it('reads the pairs keyed by a bound option where the text writes them: quoted keys too, inherited names never', async () => {
    const text =
      "import { run } from '@openai/agents';\nexport async function main(agent, input) {\n  await run(agent, input, { 'maxTurns': 500 });\n  await run(agent, input, { constructor: 100, \"maxTurns\": 80 });\n  return run(agent, input, { toString: 1e6, maxTurns: 10 });\n}\n";
    const result = await runOnFiles(rateLimitRules, { 'a.ts': text });
    expect(result.findings.filter((f) => f.ruleId === LOOP).map((f) => [f.range.startLine, f.range.startColumn])).toEqual([
      [3, 29],
      [4, 47],
    ]);
  });

  it('reads the Python calls, pairs and subscript assignments where the text writes a bound name', async () => {
    const text = [
      'from langchain.agents import AgentExecutor',
      'ex = AgentExecutor(agent=a, tools=t, max_iterations=None)',
      'graph.invoke(x, {"recursion_limit": 1000})',
      'cfg["configurable"]["recursion_limit"] = 10**6',
      'class Loop(Base, max_turns=500):',
      '    doc = "Runner.run(agent, x, max_turns=500)"',
      'Runner.run(agent, x, max_turns=80, context=c)',
      '',
    ].join('\n');
    const result = await runOnFiles(rateLimitRules, { 'a.py': text });
    expect(linesOf(result.findings, LOOP, 'a.py')).toEqual([2, 3, 4, 7]);
  });

  it('keeps a loop with no condition in a file that passes the rule filter through an option name', async () => {
    const text =
      "import OpenAI from 'openai';\nconst client = new OpenAI();\nconst opts = { maxTurns: 5 };\nexport async function loop(messages) {\n  for (let i = 0; ; i++) {\n    const r = await client.chat.completions.create({ model: 'm', messages });\n    if (!r.choices[0].message.tool_calls) return r;\n    for (const call of r.choices[0].message.tool_calls) messages.push(await runTool(call));\n  }\n}\n";
    expect(mayReportAgentLoop(text, DEFAULTS)).toBe(true);
    const result = await runOnFiles(rateLimitRules, { 'loop.ts': text });
    expect(linesOf(result.findings, LOOP, 'loop.ts')).toEqual([5]);
  });
});

describe('rate-limit/unbounded-tool-concurrency pre-check (JavaScript / TypeScript)', () => {
  it('keeps every Promise.all whose argument is not a fixed array literal', () => {
    const keeps = [
      'await Promise.all(items.map((x) => generateText({ model, prompt: x })));',
      'await Promise.all([...items.map((x) => generateText({ model, prompt: x }))]);',
      'await Promise.all([first(), ...rest.map(f)]);',
      'await Promise?.allSettled(tasks);',
      'await Promise!.race(tasks);',
      'await Promise\n  .all(tasks);',
      'await Promise.all<string>([a(), b()]);',
      'await Promise.all(/* all of them */ tasks);',
      'await Promise.all([a(), b()].concat(rest));',
      'await Promise.all([a(`x`), b()]);',
      'await Promise.all([a(/x]/), b()]);',
      'await Promise.all(["unterminated\n", b()]);',
      'const all = Promise.all;',
    ];
    for (const text of keeps) expect({ text, may: mayReportJsFanOut(text) }).toEqual({ text, may: true });
  });

  it('skips files whose every Promise.all passes a spread-free array literal, and other receivers', () => {
    const skips = [
      'await Promise.all([a(), b()]);',
      'const [x, y] = await Promise.all([\n  load("]"), // the first\n  save({ ...opts, items: [...xs] }),\n]);',
      'await Promise.allSettled([a(), b()], extra);',
      'await Promise.all /* both */ ([a(), b()]);',
      'await tasks.all(items.map(f));',
      'await this.Promise.all(items.map(f));',
      'await MyPromise.all(items.map(f));',
      'const n = list.all;',
    ];
    for (const text of skips) expect({ text, may: mayReportJsFanOut(text) }).toEqual({ text, may: false });
  });

  const kept =
    "import { generateText } from 'ai';\nexport async function summarize(model, docs: string[]) {\n  return Promise.all([...docs.map((d) => generateText({ model, prompt: d }))]);\n}\n";
  const skipped =
    "import { generateText } from 'ai';\nexport async function two(model) {\n  return Promise.all([generateText({ model, prompt: 'a' }), generateText({ model, prompt: ']' })]);\n}\n";

  it('still reports the kept file, and does not parse the skipped one', async () => {
    const result = await runOnFiles(rateLimitRules, { 'kept.ts': kept, 'skipped.ts': skipped });
    expect(linesOf(result.findings, FAN_OUT, 'kept.ts')).toEqual([3]);
    expect(linesOf(result.findings, FAN_OUT, 'skipped.ts')).toEqual([]);
    expect(await asksForTree(FAN_OUT, 'kept.ts', kept)).toBe(true);
    expect(await asksForTree(FAN_OUT, 'skipped.ts', skipped)).toBe(false);
  });

  it('leaves Python files to the tree', async () => {
    const py = 'import asyncio\nasync def f(a, b):\n    await asyncio.gather(a(), b())\n';
    expect(await asksForTree(FAN_OUT, 'a.py', py)).toBe(true);
  });
});
