import { describe, expect, it } from '@jest/globals';
import { rateLimitRules } from '../../src/families/rate-limit/index.js';
import { mayCallModelOrTool, mayReportAgentLoop, mayReportClientOptions, mayReportJsFanOut, RUNS_TOOLS } from '../../src/families/rate-limit/pre-check.js';
import { classifyCall, isDecoratedTool, localTarget } from '../../src/families/rate-limit/calls.js';
import { nodesOfType } from '../../src/families/rate-limit/syntax.js';
import { parseCode } from '../../src/parsing/parsers.js';
import { SourceFile } from '../../src/core/source-file.js';
import type { RuleContext } from '../../src/core/types.js';
import { linesOf, runOnFiles } from '../helpers/rules.js';

const LOOP = 'rate-limit/unbounded-agent-loop';
const FAN_OUT = 'rate-limit/unbounded-tool-concurrency';
const ruleOf = (id: string) => rateLimitRules.find((r) => r.meta.id === id)!;
const DEFAULTS = { maxIterations: 50, maxRecursionLimit: 100, checkHandWrittenLoops: true };
/** The language a snippet is written in: the Python bound names are snake_case. */
const langOf = (text: string) => (/\b(max_|recursion_limit)/.test(text) ? 'python' : 'js');

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
    for (const text of keeps) expect({ text, may: mayReportAgentLoop(text, DEFAULTS, langOf(text)) }).toEqual({ text, may: true });
  });

  it('skips types, reads, arrow functions and number literals within the maximum', () => {
    const skips = [
      'export interface RunOptions { maxTurns?: number; maxSteps?: number }',
      'run(agent, input, { maxTurns: options.maxTurns, stream: true });',
      'run(agent, input, { maxTurns: 10, stream: true });',
      'run(agent, input, { maxTurns: 50 });',
      'run(agent, input, { maxTurns: () => ({ finalOutput: "x" }) });',
      'run(agent, input, { maxTurns: ({ runData }) => ({ finalOutput: `${runData}` }) });',
      'run(agent, input, { maxTurns, stream: true });',
      'if (state.maxTurns === 0) throw new MaxTurnsExceededError();',
      'graph.invoke(x, { recursionLimit: 100 });',
      'ex = AgentExecutor(agent=a, tools=t, max_iterations=15)',
      'def run(max_turns: int = 10): ...',
      'const maxTurnsReached = 500;',
      'while (true) { const r = await client.chat.completions.create(req); if (r.done) break; }',
    ];
    for (const text of skips) expect({ text, may: mayReportAgentLoop(text, DEFAULTS, langOf(text)) }).toEqual({ text, may: false });
  });

  it('reads the maxima and checkHandWrittenLoops from the options', () => {
    expect(mayReportAgentLoop('run(a, i, { maxTurns: 80 });', DEFAULTS, 'js')).toBe(true);
    expect(mayReportAgentLoop('run(a, i, { maxTurns: 80 });', { ...DEFAULTS, maxIterations: 100 }, 'js')).toBe(false);
    expect(mayReportAgentLoop('graph.invoke(x, { recursionLimit: 80 });', { ...DEFAULTS, maxRecursionLimit: 50 }, 'js')).toBe(true);
    const loop = 'while (true) { const r = await llm.invoke(m); await execute(r.tool_calls); }';
    expect(mayReportAgentLoop(loop, { ...DEFAULTS, checkHandWrittenLoops: false }, 'js')).toBe(false);
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
    expect(mayReportAgentLoop(text, DEFAULTS, 'js')).toBe(true);
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

  // a fan-out of plain HTTP requests: no call in the file may run a model or tool
  const noModel =
    'export async function pages(urls: string[]) {\n  return Promise.all(urls.map((u) => fetch(u).then((r) => r.text())));\n}\nexport async function runAll(jobs) {\n  return Promise.all(jobs.map((j) => j.run()));\n}\n';
  const agentFanOut =
    "import { Runner } from '@openai/agents';\nexport async function research(runner: Runner, agent, searches: string[]) {\n  return Promise.all(searches.map((s) => runner.run(agent, s)));\n}\n";

  it('does not parse a file with no call that may run a model or tool, unless the config adds call patterns', async () => {
    const result = await runOnFiles(rateLimitRules, { 'kept.ts': agentFanOut, 'skipped.ts': noModel });
    expect(linesOf(result.findings, FAN_OUT, 'kept.ts')).toEqual([3]);
    expect(linesOf(result.findings, FAN_OUT, 'skipped.ts')).toEqual([]);
    expect(await asksForTree(FAN_OUT, 'kept.ts', agentFanOut)).toBe(true);
    expect(await asksForTree(FAN_OUT, 'skipped.ts', noModel)).toBe(false);
    // a configured pattern may name any callee: the file is read, and reported
    expect(await asksForTree(FAN_OUT, 'skipped.ts', noModel, { extraCallPatterns: ['\\.run$'] })).toBe(true);
    const configured = await runOnFiles(rateLimitRules, { 'skipped.ts': noModel }, { rules: { [FAN_OUT]: { options: { extraCallPatterns: ['\\.run$'] } } } });
    expect(linesOf(configured.findings, FAN_OUT, 'skipped.ts')).toEqual([5]);
  });
});

describe('rate-limit/unbounded-tool-concurrency pre-check (Python)', () => {
  const kept = 'import asyncio\n\nasync def answer_all(llm, questions):\n    return await asyncio.gather(*[llm.ainvoke(q) for q in questions])\n';
  const skipped =
    'import asyncio\nimport httpx\n\nasync def fetch(client, url):\n    return (await client.get(url)).text\n\nasync def fetch_all(client, urls):\n    return await asyncio.gather(*[fetch(client, u) for u in urls])\n';
  // a local @tool function counts as a tool call (reachesModelOrTool), whatever its body
  const decorated =
    'import asyncio\nfrom agents import function_tool\n\n@function_tool\nasync def lookup(q: str) -> str:\n    return q\n\nasync def run_all(qs):\n    return await asyncio.gather(*[lookup(q) for q in qs])\n';

  it('still reports the kept files, and does not parse the skipped one', async () => {
    const result = await runOnFiles(rateLimitRules, { 'kept.py': kept, 'skipped.py': skipped, 'decorated.py': decorated });
    expect(linesOf(result.findings, FAN_OUT, 'kept.py')).toEqual([4]);
    expect(linesOf(result.findings, FAN_OUT, 'decorated.py')).toEqual([9]);
    expect(linesOf(result.findings, FAN_OUT, 'skipped.py')).toEqual([]);
    expect(await asksForTree(FAN_OUT, 'kept.py', kept)).toBe(true);
    expect(await asksForTree(FAN_OUT, 'decorated.py', decorated)).toBe(true);
    expect(await asksForTree(FAN_OUT, 'skipped.py', skipped)).toBe(false);
  });
});

describe('mayCallModelOrTool: the calls classifyCall may accept, read from the text', () => {
  const js = (t: string) => mayCallModelOrTool(t, 'js');
  const py = (t: string) => mayCallModelOrTool(t, 'python');

  it('keeps every classifier branch, however the callee is written', () => {
    const jsKeeps = [
      'await client.chat.completions.create({ model, messages });',
      'await openai.responses\n  .create(req);',
      'await this._client.responses.create(req);',
      'await anthropic.messages.stream(req);',
      'await client.beta.chat.completions.with_raw_response.create(req);',
      'await model.generateContent(prompt);',
      'await chat.sendMessage(text);',
      'await generateText({ model, prompt });',
      'await ai.streamText({ model, prompt });',
      'await generateObject<T>({ model, schema });',
      'await runner.run(agent, input);',
      'await this.agent?.run(input);',
      'await agent!.invoke(input);',
      'await my_tools.execute(args);',
      'await chain.batch(inputs);',
      'await mcp.callTool({ name, arguments: args });',
      'await session.callTool(name, args);',
      "import { run } from '@openai/agents';\nawait run(agent, input);",
      "import { run } from '@openai/agents';\nawait run`x`;",
      'await this.bot.respond(messages);',
      'await getRunner().run(agent, input);',
      'await agents[0].invoke(input);',
      'await (await pick()).generateContent(p);',
      'const r = new agent.run;',
      'await fetch("https://api.openai.com/v1/chat/completions", init);',
      'await registry.get(call.name)!.execute(args);',
      'await tools[call.function.name](args);',
      'await (toolMap[toolName] as Tool).run(args);',
      'await availableFunctions[fnName](args);',
      'await tools.get<Tool>(name);',
      'await tools /* by name */ [call.name](args);',
      'await toolsByName\n  ?.get(toolName)\n  ?.invoke(args);',
    ];
    for (const text of jsKeeps) expect({ text, may: js(text) }).toEqual({ text, may: true });
    const pyKeeps = [
      'resp = await client.chat.completions.create(model=m, messages=ms)',
      'r = await llm.ainvoke(q)',
      'r = await ainvoke(q)',
      'r = chain.invoke(x)',
      'r = Runner.run_sync(agent, x)',
      'r = await crew.kickoff_async(inputs=x)',
      'r = await self.research_agent.arun(q)',
      'r = await session.call_tool("search", {"q": q})',
      'r = await litellm.acompletion(model=m, messages=ms)',
      'import litellm\nr = completion(model=m, messages=ms)',
      'r = litellm.completion(model=m, messages=ms)',
      'r = await self.llm \\\n    .ainvoke(q)',
      'r = model.generate_content(p)',
      'r = await self.bot.respond(messages)',
      'r = requests.post("https://api.anthropic.com/v1/messages", json=body)',
      'r = await self.tools[call.name](**call.args)',
      'r = await self.functions.get(fn_name)(**args)',
      'r = await self.tools \\\n    [call.name](**call.args)',
      '@tool\ndef search(q): ...',
      '@mcp.tool()\ndef search(q): ...',
    ];
    for (const text of pyKeeps) expect({ text, may: py(text) }).toEqual({ text, may: true });
  });

  it('skips files whose calls of those names cannot be accepted: other receivers, definitions, reads, other languages', () => {
    const jsSkips = [
      'const parsed = JSON.parse(text);',
      'await db.execute(sql);',
      'await fn.call(thisArg, x);',
      'const s = stream.pipe(out);',
      'const x = completions.list;',
      'class A { async run(input: string) { return input; } }',
      'export function callTool(name) { return name; }',
      'await run(task);', // a bare run without @openai/agents
      'await this.run(agent, input);',
      'await fetch("https://example.com/api", init);',
      'const t = tools[0];',
      'const h = handlers.get(event.type);',
      'registry.set(name, tool);',
      'const fn = tools[name] ?? fallback;',
      'await agent.ainvoke(q);', // a Python-only name in JS
    ];
    for (const text of jsSkips) expect({ text, may: js(text) }).toEqual({ text, may: false });
    const pySkips = [
      'r = await client.get(url)',
      'async def run(self, x):\n    return x',
      'def call_tool(name):\n    return name',
      'r = completion(model=m)', // no litellm in the file
      'r = await self.arun(q)',
      'r = db.execute(sql)',
      'x = self.tools[0]',
      '# decorated with @property\nclass A: ...',
    ];
    for (const text of pySkips) expect({ text, may: py(text) }).toEqual({ text, may: false });
  });

  /**
   * Every call of these snippets that the classifier accepts (or a call of a local @tool function) must be
   * in a text the pre-check keeps: names the classifier reads, each after receivers of every kind and written
   * in several ways.
   */
  it('keeps every text in which the parsed tree has a call the classifier accepts', async () => {
    const names = [
      ...['invoke', 'ainvoke', 'stream', 'astream', 'generate', 'agenerate', 'predict', 'chat', 'achat', 'complete', 'create', 'acreate', 'parse'],
      ...['run', 'arun', 'run_sync', 'run_streamed', 'run_stream', 'kickoff', 'kickoff_async', 'execute', 'aexecute', 'call', 'acall', 'batch', 'abatch'],
      ...['respond', 'on_messages', 'callTool', 'executeTool', 'runTool', 'invokeTool', 'call_tool', 'run_tool', 'execute_tool', 'invoke_tool', 'arun_tool'],
      ...['acompletion', 'atext_completion', 'completion', 'text_completion', 'embedding', 'aembedding', 'generate_content', 'agenerate_content'],
      ...[
        'generateContent',
        'generateContentStream',
        'send_message',
        'sendMessage',
        'generateText',
        'streamText',
        'generateObject',
        'streamObject',
        'embed',
        'embedMany',
      ],
      ...['fetch', 'post', 'request', 'get', 'list', 'pipe'],
    ];
    const receivers = [
      '',
      'agent.',
      'this.',
      'self.',
      'this.llm.',
      'self.bot.',
      'this.bot.',
      'client.chat.completions.',
      'client.messages.',
      'openai.ChatCompletion.',
      'litellm.',
      'ai.',
      'ollama.',
      'db.',
      'getAgent().',
      'x[0].',
      'research_agent.',
      'MyChain.',
      'toolkit.',
      'session.',
    ];
    const jsHeader = "import OpenAI from 'openai';\nclass Bot {\n  private bot: OpenAI;\n  llm = new ChatOpenAI();\n  async go(x) {\n";
    const pyHeader = 'class Bot:\n    def __init__(self):\n        self.bot = ChatOpenAI()\n        self.llm = OpenAI()\n\n    async def go(self, x):\n';
    let accepted = 0;
    let skipped = 0;
    for (const lang of ['js', 'python'] as const) {
      for (const recv of receivers) {
        for (const name of names) {
          const call = lang === 'js' ? `${recv}${name}(x)` : `${recv}${name}(x)`;
          const variants = lang === 'js' ? [call, `${recv.replace(/\.$/, '\n  ?.')}${name}(x)`, `await ${call}`] : [call, `await ${call}`];
          for (const v of variants) {
            if (lang === 'js' && /^\n/.test(v)) continue;
            const text = lang === 'js' ? `${jsHeader}    return ${v};\n  }\n}\n` : `${pyHeader}        return ${v}\n`;
            const parsed = (await parseCode(lang === 'js' ? 'typescript' : 'python', text))!;
            try {
              const calls = nodesOfType(parsed.root, lang === 'js' ? ['call_expression', 'new_expression'] : ['call']);
              const classified = calls.some((c) => classifyCall(c, lang, text) !== null);
              const decorated = lang === 'python' && calls.some((c) => (localTarget(c, lang) ? isDecoratedTool(localTarget(c, lang)!) : false));
              const may = mayCallModelOrTool(text, lang);
              if (classified || decorated) {
                accepted++;
                expect({ text, may }).toEqual({ text, may: true });
              } else if (!may) skipped++;
            } finally {
              parsed.tree.delete();
            }
          }
        }
      }
    }
    // the corpus holds both kinds: the test would fail if the pre-check dropped an accepted shape, and it skips many
    expect(accepted).toBeGreaterThan(200);
    expect(skipped).toBeGreaterThan(500);
  });
});

describe('rate-limit/unbounded-agent-loop pre-check: hand-written loops', () => {
  const reported =
    "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function loop(messages) {\n  while (true) {\n    const r = await client.chat.completions.create({ model: 'm', messages });\n    if (!r.choices[0].message.tool_calls) return r;\n    for (const call of r.choices[0].message.tool_calls) messages.push(await runTool(call));\n  }\n}\n";
  // a loop over a socket that names tool calls but calls no model: no model call anywhere in the file
  const noModel =
    "export async function pump(socket, onToolCall) {\n  while (true) {\n    const frame = await socket.next();\n    if (frame.type === 'tool_calls') onToolCall(frame);\n  }\n}\n";
  // a loop with a condition, and `maxTurns: number` as a type: no endless loop, no bound value
  const bounded =
    "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport interface Opts { maxTurns: number | null }\nexport async function loop(messages, o: Opts) {\n  while (messages.length < 10) {\n    const r = await client.chat.completions.create({ model: 'm', messages });\n    if (!r.choices[0].message.tool_calls) return r;\n  }\n}\n";

  it('reports the loop that calls a model, and does not parse the files that cannot be reported', async () => {
    const result = await runOnFiles(rateLimitRules, { 'a.ts': reported, 'b.ts': noModel, 'c.ts': bounded });
    expect(linesOf(result.findings, LOOP, 'a.ts')).toEqual([4]);
    expect(linesOf(result.findings, LOOP, 'b.ts')).toEqual([]);
    expect(linesOf(result.findings, LOOP, 'c.ts')).toEqual([]);
    expect(await asksForTree(LOOP, 'a.ts', reported)).toBe(true);
    expect(await asksForTree(LOOP, 'b.ts', noModel)).toBe(false);
    expect(await asksForTree(LOOP, 'c.ts', bounded.replace('maxTurns: number', 'maxTurns: Number.MAX_SAFE_INTEGER'))).toBe(true);
    expect(await asksForTree(LOOP, 'c.ts', bounded)).toBe(false);
  });

  it('reads the loop heads the rule reads as endless, in both languages', () => {
    const tools = '\nr = llm.invoke(m); run(r.tool_calls)\n';
    for (const head of ['while (true) {', 'do {} while (1);', 'while(/* forever */ true) {', 'for (;;) {', 'for (let i = 0; ; i++) {'])
      expect({ head, may: mayReportAgentLoop(head + tools, DEFAULTS, 'js') }).toEqual({ head, may: true });
    for (const head of ['while True:', 'while (True):', 'while \\\n  1:'])
      expect({ head, may: mayReportAgentLoop(head + tools, DEFAULTS, 'python') }).toEqual({ head, may: true });
    for (const head of ['while (running) {', 'while (trueish) {', 'while (1.5) {', 'for (let i = 0; i < n; i++) {', 'while True_:'])
      expect({ head, may: mayReportAgentLoop(head + tools, DEFAULTS, 'js') }).toEqual({ head, may: false });
  });

  it('keeps every text in which the parsed tree has an endless loop with a tool-run word in its body', async () => {
    // the rule's own test of a loop (`whileTrue` after the checks of `check`), on the parsed tree
    const endlessWithTools = (root: Parameters<typeof nodesOfType>[0]) =>
      nodesOfType(root, ['while_statement', 'do_statement', 'for_statement']).some((n) => {
        const cond = n.childForFieldName('condition');
        const endless = n.type === 'for_statement' ? /^for\s*\(\s*[^;)]*;\s*;/.test(n.text) : Boolean(cond && /^\(?\s*(true|1)\s*\)?$/.test(cond.text));
        return endless && RUNS_TOOLS.test(n.childForFieldName('body')?.text ?? '');
      });
    const fillers = [
      '',
      'const s = "}";',
      "const q = 'it\\'s } here';",
      'const t = `a ${ { b: "}" }.b } c`;',
      '// } a comment\n',
      '/* { */',
      'const r = /}/.test(x);',
      'const d = a / b;',
      'if (x) { y(); }',
      'const o = { a: [1, { b: 2 }] };',
      'const f = () => { return 1; };',
      'const u = `}${"{"}`;',
    ];
    const WORD = 'run(r.tool_calls);';
    const loops = (body: string) => [
      `while (true) {\n${body}\n  }`,
      `while(1){${body}}`,
      `while ( /* forever */ true ) {\n${body}\n  }`,
      `do {\n${body}\n  } while (true);`,
      `for (;;) {\n${body}\n  }`,
      `for (let i = 0; ; i++) {\n${body}\n  }`,
      `while (true)\n    ${body.replace(/\n/g, ' ') || ';'}`,
    ];
    let kept = 0;
    let skipped = 0;
    for (const filler of fillers)
      for (const [before, inside, after] of [
        ['', WORD, ''],
        [WORD, '', ''],
        ['', '', WORD],
        ['', `const g = () => { ${WORD} };`, ''],
      ])
        for (const loop of loops(`    const r = await client.chat.completions.create({ model: 'm', messages });\n    ${filler}\n    ${inside}`)) {
          for (const text of [
            `import OpenAI from 'openai';\nconst client = new OpenAI();\n${before}\nexport async function loop(messages, x, a, b) {\n  ${loop}\n}\n${after}\n`,
            // a first loop without the word, a second one (any kind) with it in its body
            `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function loop(messages, x, a, b) {\n  while (true) { ${filler} await client.chat.completions.create({}); }\n  ${loop}\n}\n`,
          ]) {
            const parsed = (await parseCode('typescript', text))!;
            const truth = endlessWithTools(parsed.root);
            const may = mayReportAgentLoop(text, DEFAULTS, 'js');
            if (truth) expect({ text, may }).toEqual({ text, may: true });
            if (may) kept++;
            else skipped++;
          }
        }
    // both kinds occur: loops whose body holds the word are kept, and files whose word is only outside the loop are skipped
    expect(kept).toBeGreaterThan(200);
    expect(skipped).toBeGreaterThan(100);
  });

  it('skips an endless loop whose body names no tool run, when the word stands elsewhere in the file', () => {
    const text = (loop: string) =>
      `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport function tools(r) { return r.tool_calls; }\nexport async function pump(socket) {\n  ${loop}\n}\n`;
    const frame = "const frame = await socket.next(); if (frame === null) throw new Error('closed }'); await client.chat.completions.create({});";
    expect(mayReportAgentLoop(text(`while (true) {\n    ${frame}\n  }`), DEFAULTS, 'js')).toBe(false);
    expect(mayReportAgentLoop(text(`for (;;) {\n    ${frame}\n  }`), DEFAULTS, 'js')).toBe(false);
    // (a `for` body is read to the end of the text)
    expect(mayReportAgentLoop(`${text(`for (;;) {\n    ${frame}\n  }`)}export const later = (r) => r.tool_calls;\n`, DEFAULTS, 'js')).toBe(true);
    // a `while` body is read to its closing brace, unless it is not bounded so: a `/` in it (a regular expression
    // or a division), no braces; then to the end of the text
    const later = 'export const later = (r) => r.tool_calls;\n';
    expect(mayReportAgentLoop(`${text(`while (true) {\n    ${frame}\n  }`)}${later}`, DEFAULTS, 'js')).toBe(false);
    expect(mayReportAgentLoop(`${text(`while (true) {\n    const n = a / b; ${frame}\n  }`)}${later}`, DEFAULTS, 'js')).toBe(true);
    expect(mayReportAgentLoop(`${text(`while (true) ${frame}`)}${later}`, DEFAULTS, 'js')).toBe(true);
    expect(mayReportAgentLoop('def tools(r):\n    return r.tool_calls\n\nwhile True:\n    llm.invoke(m)\n', DEFAULTS, 'python')).toBe(false);
    expect(mayReportAgentLoop('while True:\n    llm.invoke(m)\n\ndef tools(r):\n    return r.tool_calls\n', DEFAULTS, 'python')).toBe(true);
  });

  it('skips a bound literal ended by `;` or a template, and types', () => {
    const skips = [
      '  maxTurns = 10;',
      '/** e.g. `maxTurns: 0` */',
      'public maxTurns: number | null;',
      'max_turns: float = 10.0',
      'self.max_iter = sys_default',
    ];
    for (const text of skips) expect({ text, may: mayReportAgentLoop(text, DEFAULTS, langOf(text)) }).toEqual({ text, may: false });
    const keeps = ['maxTurns = 80;', 'max_turns = float("inf")', 'max_turns = math.inf', 'max_iter = sys . maxsize', 'maxSteps: Number\n  .MAX_VALUE,'];
    for (const text of keeps) expect({ text, may: mayReportAgentLoop(text, DEFAULTS, langOf(text)) }).toEqual({ text, may: true });
  });

  it("reads each language's bound names only, and a none value where it removes the bound", () => {
    // the JS check reads camelCase pairs, the Python one snake_case keywords and keys
    expect(mayReportAgentLoop('run(agent, x, { max_turns: 500 });', DEFAULTS, 'js')).toBe(false);
    expect(mayReportAgentLoop('Runner.run(agent, x, maxTurns=500)', DEFAULTS, 'python')).toBe(false);
    // OpenAI Agents maxTurns / AI SDK maxSteps: null keeps the default; maxIterations: null and Python None remove the bound
    for (const text of ['run(agent, x, { maxTurns: null });', 'generateText({ maxSteps: undefined ?? 5 });'])
      expect({ text, may: mayReportAgentLoop(text, DEFAULTS, 'js') }).toEqual({ text, may: false });
    expect(mayReportAgentLoop('new AgentExecutor({ maxIterations: null });', DEFAULTS, 'js')).toBe(true);
    expect(mayReportAgentLoop('Runner.run(agent, x, max_turns=None)', DEFAULTS, 'python')).toBe(true);
  });
});

describe('rate-limit/client-without-timeout pre-check', () => {
  const CLIENT = 'rate-limit/client-without-timeout';
  const LIMITS = { maxTimeoutSeconds: 900, flagRetriesDisabled: true };

  it('keeps timeouts that may be none or past the maximum and retries that may be 0', () => {
    const keeps: [string, 'js' | 'python'][] = [
      ['new OpenAI({ maxRetries: 0 });', 'js'],
      ['new OpenAI({ timeout: 3_600_000 });', 'js'],
      ['new OpenAI({ timeout: 60 * 60 * 1000 });', 'js'],
      ['new OpenAI({ timeout: Infinity });', 'js'],
      ['new OpenAI({ "timeout": null });', 'js'],
      ['OpenAI(timeout=None)', 'python'],
      ['OpenAI(timeout=httpx.Timeout(None))', 'python'],
      ['OpenAI(timeout=1200.0)', 'python'],
      ['OpenAI(max_retries=0)', 'python'],
      ['OpenAI(max_retries=(0))', 'python'],
    ];
    for (const [text, lang] of keeps) expect({ text, may: mayReportClientOptions(text, LIMITS, lang) }).toEqual({ text, may: true });
    const skips: [string, 'js' | 'python'][] = [
      ['new OpenAI({ timeout: 25, maxRetries: 2 });', 'js'],
      ['new OpenAI({ timeout: 900_000 });', 'js'],
      ['new OpenAI({ timeout: opts.timeout, maxRetries: retries });', 'js'],
      ['const requestTimeout = 0; new OpenAI({ timeout });', 'js'],
      ['OpenAI(timeout=600, max_retries=3)', 'python'],
      ['OpenAI(timeout=httpx_timeout)', 'python'],
    ];
    for (const [text, lang] of skips) expect({ text, may: mayReportClientOptions(text, LIMITS, lang) }).toEqual({ text, may: false });
    // seconds in Python, milliseconds in JS; the options change the answer
    expect(mayReportClientOptions('OpenAI(timeout=1000)', LIMITS, 'python')).toBe(true);
    expect(mayReportClientOptions('new OpenAI({ timeout: 1000 });', LIMITS, 'js')).toBe(false);
    expect(mayReportClientOptions('new OpenAI({ timeout: 25 });', { ...LIMITS, maxTimeoutSeconds: 0.01 }, 'js')).toBe(true);
    expect(mayReportClientOptions('new OpenAI({ maxRetries: 0 });', { ...LIMITS, flagRetriesDisabled: false }, 'js')).toBe(false);
    // retries are reported only when they read as 0; each language's own option name
    expect(mayReportClientOptions('new OpenAI({ maxRetries: null });', LIMITS, 'js')).toBe(false);
    expect(mayReportClientOptions('OpenAI(max_retries=None)', LIMITS, 'python')).toBe(false);
    expect(mayReportClientOptions('new OpenAI({ max_retries: 0 });', LIMITS, 'js')).toBe(false);
    expect(mayReportClientOptions('OpenAI(maxRetries=0)', LIMITS, 'python')).toBe(false);
  });

  const kept = "import OpenAI from 'openai';\nexport const client = new OpenAI({\n  maxRetries: 0,\n});\n";
  const skipped = "import OpenAI from 'openai';\nexport const client = new OpenAI({ timeout: 25, maxRetries: 2 });\n";

  it('still reports the kept file, and does not parse the skipped one', async () => {
    const result = await runOnFiles(rateLimitRules, { 'kept.ts': kept, 'skipped.ts': skipped });
    expect(linesOf(result.findings, CLIENT, 'kept.ts')).toEqual([3]);
    expect(linesOf(result.findings, CLIENT, 'skipped.ts')).toEqual([]);
    expect(await asksForTree(CLIENT, 'kept.ts', kept)).toBe(true);
    expect(await asksForTree(CLIENT, 'skipped.ts', skipped)).toBe(false);
    expect(await asksForTree(CLIENT, 'skipped.ts', skipped, { maxTimeoutSeconds: 0.01 })).toBe(true);
  });
});

describe('rate-limit pre-checks on pathological text', () => {
  // each input made every name (or `for`) read the rest of the text again; they now finish at once (no timing asserted)
  it('reads long runs of loop heads, open comments, member chains and lookups and answers', () => {
    const n = 100_000;
    expect(mayReportAgentLoop(`tool_calls ${'for(('.repeat(n)})`, DEFAULTS, 'js')).toBe(false);
    expect(mayReportAgentLoop(`tool_calls ${'for(;'.repeat(n)}`, DEFAULTS, 'js')).toBe(false); // no model call
    expect(mayCallModelOrTool('x.run/*'.repeat(n), 'js')).toBe(false);
    expect(mayCallModelOrTool('x.run#'.repeat(n), 'python')).toBe(false);
    expect(mayReportClientOptions('maxRetries/*'.repeat(n), { maxTimeoutSeconds: 900, flagRetriesDisabled: true }, 'js')).toBe(false);
    expect(mayCallModelOrTool(`x${'.run'.repeat(n)}`, 'js')).toBe(false);
    expect(mayCallModelOrTool(`${'agent.'.repeat(n)}run;`, 'js')).toBe(true); // a chain too long to read back for a `new`: kept
    expect(mayCallModelOrTool('tools['.repeat(n), 'js')).toBe(true); // a lookup key too long to read: kept
    expect(mayCallModelOrTool('tools.get(0);'.repeat(n), 'js')).toBe(false);
    // nested endless loops, each body read to its end: past a few, the file is kept unread
    expect(mayReportAgentLoop(`x.tool_calls; client.chat.completions.create(x);\n${'while (true) {'.repeat(n)}${'}'.repeat(n)}`, DEFAULTS, 'js')).toBe(true);
  }, 60_000);
});
