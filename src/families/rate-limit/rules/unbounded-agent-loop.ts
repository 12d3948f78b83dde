import { defineRule } from '../../../core/define-rule.js';
import type { RuleContext } from '../../../core/types.js';
import type { Node } from '../../../parsing/parsers.js';
import { classifyCall, reachesModelOrTool } from '../calls.js';
import { numberOption, shorten } from '../options.js';
import { mayReportAgentLoop, RUNS_TOOLS } from '../pre-check.js';
import {
  argList,
  calleeText,
  callsIn,
  descendants,
  importedAs,
  importsAny,
  isNoneLike,
  jsObjectProps,
  langOf,
  nodesOfType,
  numericValue,
  pyKwargs,
  stripQuotes,
  unwrap,
  type Lang,
} from '../syntax.js';

export const ID = 'rate-limit/unbounded-agent-loop';

/** Python constructors/calls whose keyword bounds the agent loop, by framework. */
const PY_BOUNDS: { callee: RegExp; kwarg: string; framework: string; needsImport?: string[] }[] = [
  { callee: /(^|\.)(AgentExecutor|AgentExecutor\.from_agent_and_tools|initialize_agent)$/, kwarg: 'max_iterations', framework: 'LangChain AgentExecutor' },
  { callee: /(^|\.)Runner\.(run|run_sync|run_streamed)$/, kwarg: 'max_turns', framework: 'OpenAI Agents Runner' },
  { callee: /(^|\.)(CodeAgent|ToolCallingAgent|MultiStepAgent)$/, kwarg: 'max_steps', framework: 'smolagents agent' },
  { callee: /\.run$/, kwarg: 'max_steps', framework: 'smolagents agent.run', needsImport: ['smolagents'] },
];

/** JS/TS option keys that bound an agent loop (Vercel AI SDK v4 / Mastra maxSteps, OpenAI Agents JS maxTurns, LangChain.js maxIterations). */
const JS_STEP_KEYS: Record<string, string> = { maxSteps: 'maxSteps', maxTurns: 'maxTurns', maxIterations: 'maxIterations' };
const AI_SDK_LOOP = /^(ai\.)?(generateText|streamText|Experimental_Agent|ToolLoopAgent)$/;

interface Ctx {
  ctx: RuleContext;
  lang: Lang;
  maxIterations: number;
  maxRecursionLimit: number;
  /** Local names of crewai's Agent class. */
  crewAgents: Set<string>;
  /** Local names of the AI SDK agent classes. */
  aiAgents: Set<string>;
}

function reportValue(c: Ctx, node: Node, messageId: string, data: Record<string, string | number>): void {
  c.ctx.report({ messageId, data, range: c.ctx.file.rangeOf(node.startIndex, node.endIndex) });
}

function describe(v: number): string {
  return v === Infinity ? 'unbounded' : String(v);
}

/** A bound value: removed (None/null/inf), raised past the maximum, or fine. */
function checkBound(c: Ctx, valueNode: Node, at: Node, param: string, framework: string, max: number, noneRemoves: boolean, execTime?: boolean): void {
  if (isNoneLike(valueNode)) {
    if (!noneRemoves || execTime) return;
    reportValue(c, at, 'removed', { param, framework, max });
    return;
  }
  const v = numericValue(valueNode);
  if (v === Infinity) {
    reportValue(c, at, 'removed', { param, framework, max });
    return;
  }
  if (v === null || v <= max) return;
  reportValue(c, at, 'raised', { param, framework, value: describe(v), max });
}

export default defineRule({
  id: ID,
  severity: 'warning',
  description:
    'Agent loops whose iteration bound is removed or raised past a configurable maximum (LangChain max_iterations, LangGraph recursion_limit, OpenAI Agents max_turns, CrewAI max_iter, smolagents max_steps, Vercel AI SDK stopWhen/maxSteps) and hand-written `while True` loops that call a model and run tools with no counter or deadline.',
  fix: 'Keep a finite bound at or below the configured maximum (or add a wall-clock limit such as max_execution_time), and give hand-written loops a step counter or deadline.',
  summary: "An agent loop's iteration bound is removed or raised past the maximum, or a hand-written agent loop has none.",
  messages: {
    removed: '{{framework}}: `{{param}}` removes the iteration bound, so a looping agent runs and spends without end.',
    removedNoTime:
      '{{framework}}: `{{param}}=None` removes the iteration bound and no `max_execution_time` is set, so a looping agent runs and spends without end.',
    raised: '{{framework}}: `{{param}}` is {{value}}, above the maximum of {{max}}: a looping agent runs that many rounds before it stops.',
    stopWhenNoCount: '{{framework}}: `stopWhen` has no step-count condition, so the tool loop runs until the model stops.',
    whileTrue:
      'Hand-written agent loop `{{loop}}` calls a model ({{model}}) and runs tools with no step counter or deadline, so it can run and spend without end.',
  },
  fixes: {
    removed: 'Set `{{param}}` to a number at most {{max}}.',
    removedNoTime: 'Set `{{param}}` (at most {{max}}) or `max_execution_time`.',
    raised: 'Lower `{{param}}` to at most {{max}}.',
    stopWhenNoCount: 'Add `stepCountIs(n)` (n at most {{max}}) to `stopWhen`.',
    whileTrue: 'Add a maximum step count (e.g. `for step in range(MAX_STEPS)`) or a deadline check.',
  },
  defaultOptions: { maxIterations: 50, maxRecursionLimit: 100, checkHandWrittenLoops: true },
  optionsSchema: {
    properties: {
      maxIterations: {
        type: 'integer',
        minimum: 1,
        description: 'Highest accepted max_iterations / max_iter / max_steps / max_turns / maxSteps / maxTurns / stepCountIs(n).',
      },
      maxRecursionLimit: {
        type: 'integer',
        minimum: 1,
        description: 'Highest accepted LangGraph recursion_limit / recursionLimit (super-steps; LangGraph counts about two per tool round).',
      },
      checkHandWrittenLoops: {
        type: 'boolean',
        description: 'Also flag `while True:` / `while (true)` / `for (;;)` loops that call a model and run tools with no counter or deadline.',
      },
    },
  },
  cwe: [834],
  securitySeverity: 5.3,
  precision: 'high',
  appliesTo: (file) =>
    file.isCode &&
    /max_iterations|recursion_limit|recursionLimit|max_turns|maxTurns|max_iter|max_steps|maxSteps|maxIterations|stopWhen|while\s*\(?\s*(True|true|1)\b|for\s*\(\s*;\s*;\s*\)/.test(
      file.text,
    ),
  async check(ctx) {
    const maxIterations = numberOption(ctx.options, 'maxIterations', 50);
    const maxRecursionLimit = numberOption(ctx.options, 'maxRecursionLimit', 100);
    const loops = ctx.options.checkHandWrittenLoops !== false;
    // most files name these options only in types, reads and small literals: not parsed
    const textLang = ctx.file.language === 'python' ? 'python' : 'js';
    if (!mayReportAgentLoop(ctx.file.text, { maxIterations, maxRecursionLimit, checkHandWrittenLoops: loops }, textLang)) return;
    const parsed = await ctx.tree();
    if (!parsed) return;
    const lang = langOf(parsed.language);
    const c: Ctx = {
      ctx,
      lang,
      maxIterations,
      maxRecursionLimit,
      // each read by one language's calls only (the AI SDK's by calls of a file with a `stopWhen`, see jsCandidates)
      crewAgents: lang === 'python' ? importedAs(ctx.file.text, 'crewai', ['Agent']) : new Set(),
      aiAgents:
        lang === 'js' && ctx.file.text.includes('stopWhen') ? importedAs(ctx.file.text, 'ai', ['Agent', 'Experimental_Agent', 'ToolLoopAgent']) : new Set(),
    };
    const text = ctx.file.text;
    const candidates = lang === 'python' ? pyCandidates(parsed.root, text, loops) : jsCandidates(parsed.root, text, loops);
    for (const n of candidates) {
      if (lang === 'python') {
        if (n.type === 'call') pyCall(c, n, text);
        else if (n.type === 'pair') {
          const k = n.childForFieldName('key');
          const v = n.childForFieldName('value');
          if (k?.type === 'string' && stripQuotes(k.text) === 'recursion_limit' && v)
            checkBound(c, v, n, 'recursion_limit', 'LangGraph', c.maxRecursionLimit, true);
        } else if (n.type === 'assignment') {
          const left = n.childForFieldName('left');
          const right = n.childForFieldName('right');
          if (left?.type === 'subscript' && /\[\s*['"]recursion_limit['"]\s*\]$/.test(left.text) && right)
            checkBound(c, right, n, 'recursion_limit', 'LangGraph', c.maxRecursionLimit, true);
        } else if (loops && n.type === 'while_statement') {
          const cond = n.childForFieldName('condition');
          if (cond && /^(True|1)$/.test(unwrap(cond).text)) whileTrue(c, n, n.childForFieldName('body'), text);
        }
      } else {
        if (n.type === 'pair') jsPair(c, n);
        else if (n.type === 'call_expression' || n.type === 'new_expression') jsCall(c, n);
        else if (loops && (n.type === 'while_statement' || n.type === 'do_statement')) {
          const cond = n.childForFieldName('condition');
          if (cond && /^\(?\s*(true|1)\s*\)?$/.test(cond.text)) whileTrue(c, n, n.childForFieldName('body'), text);
        } else if (loops && n.type === 'for_statement' && /^for\s*\(\s*[^;)]*;\s*;/.test(n.text)) {
          whileTrue(c, n, n.childForFieldName('body'), text);
        }
      }
    }
  },
});

/** A bound option key as the text writes it (`maxTurns`, `'maxTurns'`), for `jsCandidates`. */
const JS_BOUND_KEY = /(?<![\w$])(?:recursionLimit|maxSteps|maxTurns|maxIterations)(?![\w$])/g;

/**
 * The JS/TS nodes the check reads, in document order: the pairs keyed by a bound option, found where the text
 * writes the key (not by materializing every pair of the file); calls only when the text has a `stopWhen` (a call
 * is read for that option only); loops only when it has a word of a tool run (`runsTools` needs one in the body).
 */
function jsCandidates(root: Node, text: string, loops: boolean): Node[] {
  const out = new Map<number, Node>();
  for (const m of text.matchAll(JS_BOUND_KEY)) {
    const found = root.descendantForIndex(m.index, m.index + m[0].length);
    const key = found?.type === 'string_fragment' ? found.parent : found;
    const pair = key?.parent;
    if (pair?.type === 'pair' && pair.childForFieldName('key')?.id === key!.id) out.set(pair.id, pair);
  }
  if (text.includes('stopWhen')) for (const n of nodesOfType(root, ['call_expression', 'new_expression'])) out.set(n.id, n);
  if (loops && RUNS_TOOLS.test(text)) for (const n of loopsAt(root, text, JS_LOOP_KEYWORD, JS_LOOPS)) out.set(n.id, n);
  return [...out.values()].sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

const JS_LOOP_KEYWORD = /(?<![\w$])(?:while|for)(?![\w$])/g;
const JS_LOOPS = new Set(['while_statement', 'do_statement', 'for_statement']);
const PY_LOOP_KEYWORD = /(?<![\w$])while(?![\w$])/g;
const PY_LOOPS = new Set(['while_statement']);

/**
 * The loop statements of `types` whose keyword (`while`, the `while` of `do … while`, `for`) the text writes
 * where `keyword` matches: each keyword token's statement, instead of materializing every loop of the tree.
 */
function loopsAt(root: Node, text: string, keyword: RegExp, types: Set<string>): Node[] {
  const out: Node[] = [];
  for (const m of text.matchAll(keyword)) {
    const token = root.descendantForIndex(m.index, m.index + m[0].length);
    const loop = token?.type === m[0] ? token.parent : null;
    if (loop && types.has(loop.type)) out.push(loop);
  }
  return out;
}

/** A keyword argument or string key the Python check reads, as the text writes it. */
const PY_BOUND_NAME = /(?<![\w$])(?:max_iterations|max_iter|recursion_limit|max_turns|max_steps)(?![\w$])/g;

/**
 * The Python nodes the check reads, in document order, found where the text writes a bound's name (not by
 * materializing every call of the file): calls given one as a keyword argument, pairs keyed by the string
 * `'recursion_limit'`, assignments to a `[...'recursion_limit']` subscript; `while` loops only when the text has a
 * word of a tool run (`runsTools` needs one in the body).
 */
function pyCandidates(root: Node, text: string, loops: boolean): Node[] {
  const out = new Map<number, Node>();
  for (const m of text.matchAll(PY_BOUND_NAME)) {
    let at = root.descendantForIndex(m.index, m.index + m[0].length);
    if (at?.type === 'identifier') {
      const kwarg = at.parent;
      const call = kwarg?.type === 'keyword_argument' && kwarg.childForFieldName('name')?.id === at.id ? kwarg.parent?.parent : null;
      if (call?.type === 'call') out.set(call.id, call);
      continue;
    }
    if (m[0] !== 'recursion_limit') continue;
    if (at?.type === 'string_content') at = at.parent;
    const holder = at?.type === 'string' ? at.parent : null;
    if (holder?.type === 'pair' && holder.childForFieldName('key')?.id === at!.id) out.set(holder.id, holder);
    else if (holder?.type === 'subscript' && holder.parent?.type === 'assignment' && holder.parent.childForFieldName('left')?.id === holder.id)
      out.set(holder.parent.id, holder.parent);
  }
  if (loops && RUNS_TOOLS.test(text)) for (const n of loopsAt(root, text, PY_LOOP_KEYWORD, PY_LOOPS)) out.set(n.id, n);
  return [...out.values()].sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

function pyCall(c: Ctx, call: Node, text: string): void {
  const callee = calleeText(call);
  const kw = pyKwargs(call);
  if (c.crewAgents.has(callee)) {
    const arg = kw.get('max_iter');
    if (arg) checkBound(c, arg.value, arg.node, 'max_iter', 'CrewAI Agent', c.maxIterations, true);
  }
  const rl = kw.get('recursion_limit');
  if (rl) checkBound(c, rl.value, rl.node, 'recursion_limit', 'LangGraph', c.maxRecursionLimit, true);
  for (const b of PY_BOUNDS) {
    if (!b.callee.test(callee)) continue;
    if (b.needsImport && !importsAny(text, b.needsImport)) continue;
    const arg = kw.get(b.kwarg);
    if (!arg) continue;
    if (b.kwarg === 'max_iterations') {
      const exec = kw.get('max_execution_time');
      const hasTime = !!exec && !isNoneLike(exec.value);
      if (isNoneLike(arg.value)) {
        if (!hasTime) reportValue(c, arg.node, 'removedNoTime', { param: b.kwarg, framework: b.framework, max: c.maxIterations });
        continue;
      }
    }
    checkBound(c, arg.value, arg.node, b.kwarg, b.framework, c.maxIterations, true);
  }
}

/**
 * A bound is an option of the call that runs the agent (`new AgentExecutor({ maxIterations })`,
 * `generateText({ maxSteps })`, `run(agent, input, { maxTurns })`): an object literal passed straight to a
 * call. Other objects with such a key (a config of our own, a test's options) are not agent loops.
 */
function isCallOption(pair: Node): boolean {
  const object = pair.parent;
  return object?.type === 'object' && object.parent?.type === 'arguments';
}

function jsPair(c: Ctx, pair: Node): void {
  if (!isCallOption(pair)) return;
  const k = pair.childForFieldName('key');
  const v = pair.childForFieldName('value');
  if (!k || !v) return;
  const key = stripQuotes(k.text);
  if (key === 'recursionLimit') checkBound(c, v, pair, 'recursionLimit', 'LangGraph', c.maxRecursionLimit, true);
  else if (Object.hasOwn(JS_STEP_KEYS, key)) {
    const fw = key === 'maxTurns' ? 'OpenAI Agents' : key === 'maxIterations' ? 'LangChain.js AgentExecutor' : 'AI SDK';
    checkBound(c, v, pair, JS_STEP_KEYS[key], fw, c.maxIterations, key === 'maxIterations');
  }
}

/** Vercel AI SDK: `stopWhen` with no step-count condition, or a step count past the maximum. */
function jsCall(c: Ctx, call: Node): void {
  const callee = calleeText(call);
  if (!AI_SDK_LOOP.test(callee) && !c.aiAgents.has(callee)) return;
  const first = argList(call)[0];
  const props = jsObjectProps(first ? unwrap(first) : null);
  const stop = props.get('stopWhen');
  if (!stop) return;
  const conds = stop.value.type === 'array' ? stop.value.namedChildren.filter((x): x is Node => !!x) : [stop.value];
  let counted = false;
  let unknown = false;
  for (const cond of conds) {
    const u = unwrap(cond);
    if (u.type === 'call_expression' && /^(stepCountIs|isStepCount)$/.test(calleeText(u))) {
      const v = argList(u)[0];
      const num = v ? numericValue(v) : null;
      if (num === null) unknown = true;
      else if (num > c.maxIterations)
        reportValue(c, u, 'raised', { param: `stopWhen: ${calleeText(u)}(n)`, framework: 'AI SDK', value: describe(num), max: c.maxIterations });
      counted = true;
    } else if (u.type === 'identifier' || u.type === 'shorthand_property_identifier' || u.type === 'member_expression' || u.type === 'spread_element') {
      unknown = true; // a condition defined elsewhere (`stopWhen: cond`, `{ stopWhen }`): may count steps
    } else if ((u.type === 'arrow_function' || u.type === 'function_expression') && /steps\.length|stepNumber|stepCount/.test(u.text)) {
      counted = true;
    }
  }
  if (!counted && !unknown) reportValue(c, stop.node, 'stopWhenNoCount', { framework: 'AI SDK', max: c.maxIterations });
}

const TIME_OR_BOUND =
  /\b(time\.(time|monotonic|perf_counter)|monotonic|perf_counter|Date\.now|performance\.now|deadline|timeout|time_?limit|expires?|elapsed|max_?(steps|iter\w*|turns|rounds|loops|calls|tool_calls)|MAX_\w+|maxSteps|maxTurns|maxIterations|budget|remaining|retries|attempts?)\b/i;

/** `while True:` that calls a model and runs tools, with neither a counter compared in the loop nor a deadline. */
function whileTrue(c: Ctx, loop: Node, body: Node | null, text: string): void {
  // runsTools needs a word of a tool run in the body: read first, before any walk of the body
  if (!body || !RUNS_TOOLS.test(body.text)) return;
  // the model call, wherever it stands in the body (tool results are often sent before the next model call) and
  // also inside a callback (`await retry(() => this.client.chat.completions.create(...))`)
  const model = reachesModelOrTool(body, c.lang, text, 2, [], { accept: (k) => k.kind !== 'tool', callbacks: true });
  if (!model) return;
  if (!runsTools(body, c.lang, text)) return;
  if (hasCounterOrDeadline(body)) return;
  const head =
    loop.type === 'do_statement'
      ? `do … while ${loop.childForFieldName('condition')?.text ?? '(true)'}`
      : loop.text
          .split('\n')[0]
          .replace(/(?<!\s)\s*(\/\/|#).*$/, '') // the lookbehind: a long blank run is tried once, not from each of its characters
          .replace(/\{\s*$/, '')
          .trim();
  c.ctx.report({
    messageId: 'whileTrue',
    data: { loop: shorten(head), model: model.call.callee },
    range: c.ctx.file.rangeOf(loop.startIndex, loop.startIndex + loop.text.split('\n')[0].length),
  });
}

function runsTools(body: Node, lang: Lang, text: string): boolean {
  if (!RUNS_TOOLS.test(body.text)) return false;
  for (const call of callsIn(body, lang, true)) {
    const callee = calleeText(call);
    const k = classifyCall(call, lang, text);
    if (k?.kind === 'tool') return true;
    if (
      /tool|function|func|handler|dispatch|execute|invoke_fn|call_fn/i.test(callee) &&
      !/\.(append|push|get|items|keys|loads|dumps|parse|stringify)$/.test(callee)
    )
      return true;
    const fn = call.childForFieldName('function');
    if (fn?.type === 'subscript' || fn?.type === 'subscript_expression') return true; // tools[name](...)
    if (/^getattr$/.test(callee) || (fn?.type === 'call' && /^getattr$/.test(calleeText(fn)))) return true;
  }
  return false;
}

function hasCounterOrDeadline(body: Node): boolean {
  const incremented = new Set<string>();
  for (const d of descendants(body)) {
    if (d.type === 'augmented_assignment' || d.type === 'augmented_assignment_expression') {
      const l = d.childForFieldName('left');
      if (l) incremented.add(l.text);
    } else if (d.type === 'update_expression') {
      const arg = d.childForFieldName('argument') ?? d.namedChildren[0];
      if (arg) incremented.add(arg.text);
    }
  }
  for (const d of descendants(body)) {
    if (d.type !== 'if_statement' && d.type !== 'assert_statement') continue;
    const cond = d.type === 'if_statement' ? d.childForFieldName('condition') : d.namedChildren[0];
    if (!cond) continue;
    if (TIME_OR_BOUND.test(cond.text)) return true;
    for (const name of incremented) if (new RegExp(`(^|[^\\w.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(cond.text)) return true;
  }
  return false;
}
