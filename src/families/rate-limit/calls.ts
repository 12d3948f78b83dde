/**
 * What counts as a "model or tool call" for the rate-limit/* rules, and what counts as a concurrency
 * limiter on the path to one. Deliberately explicit lists: a call is a model/tool call when its callee
 * matches a known SDK shape (OpenAI/Anthropic/Gemini/LiteLLM/Ollama clients, LangChain runnables, agent
 * runners, MCP `call_tool`, Vercel AI SDK `generateText`...), when it posts to a known LLM API host, or
 * when it calls a local function whose body does (followed a few levels deep).
 */
import type { Node } from '../../parsing/parsers.js';
import { argList, calleeText, callsIn, descendants, findLocalFunction, functionBody, type Lang, resolveName, unwrap } from './syntax.js';

/** Receivers whose generic methods (`run`, `invoke`, `execute`, `chat`...) are agent/model/tool calls. */
const AGENTISH =
  /(^|[._])(runner|agents?|crew|chain|executor|orchestrator|graph|app|workflow|tools?|llm|model|chat_?model|chat|client|openai|anthropic|claude|gpt|gemini|ollama|groq|mistral|cohere|bedrock|assistant|session|mcp)\w*$/i;
const TOOLISH = /(^|[._])(tools?|\w*_tool|\w*Tool|toolset|tool_map|toolMap|mcp|session|orchestrator)\w*$/;

const LLM_HOSTS =
  /api\.openai\.com|api\.anthropic\.com|generativelanguage\.googleapis\.com|openrouter\.ai|api\.groq\.com|api\.mistral\.ai|api\.together\.xyz|api\.deepseek\.com|api\.x\.ai|api\.perplexity\.ai|api\.cohere\.(ai|com)|api\.fireworks\.ai|openai\.azure\.com|\/v1\/chat\/completions|\/v1\/messages\b|\/v1\/responses\b/;

export interface CallKind {
  /** The callee as written, e.g. `client.chat.completions.create`. */
  callee: string;
  kind: 'model' | 'tool' | 'agent';
}

function receiverOf(callee: string): string {
  const i = callee.lastIndexOf('.');
  return i >= 0
    ? callee
        .slice(0, i)
        .replace(/\(.*\)$/, '')
        .replace(/\[.*\]$/, '')
    : '';
}

/** Classify one call node by its callee alone (no resolution). */
export function classifyCall(call: Node, lang: Lang, fileText: string, extra: RegExp[] = []): CallKind | null {
  const callee = calleeText(call);
  if (!callee) return null;
  const name = callee.slice(callee.lastIndexOf('.') + 1);
  const recv = receiverOf(callee);
  // Config patterns run on short texts only (see config/regex-safety.ts): at worst quadratic in 256 characters.
  if (callee.length <= 256 && extra.some((re) => re.test(callee))) return { callee, kind: 'model' };
  // Provider SDKs (both languages).
  if (
    /\.(chat\.)?completions\.(create|parse|stream)$|\.messages\.(create|stream|parse)$|\.responses\.(create|parse|stream)$|ChatCompletion\.a?create$|Completion\.a?create$/.test(
      callee,
    )
  )
    return { callee, kind: 'model' };
  if (/\.(a?generate_content|generateContent|generateContentStream|send_message|sendMessage)$/.test(callee) && !/^(self|this)$/.test(recv))
    return { callee, kind: 'model' };
  if (lang === 'python') {
    if (/(^|\.)(acompletion|atext_completion)$/.test(callee) || /^litellm\.(completion|text_completion|embedding|aembedding)$/.test(callee))
      return { callee, kind: 'model' };
    if (callee === 'completion' && /\blitellm\b/.test(fileText)) return { callee, kind: 'model' };
    if (/^(ollama\.)?(a?chat|a?generate)$/.test(callee) && /\bollama\b/.test(fileText) && callee.includes('ollama')) return { callee, kind: 'model' };
    if (name === 'ainvoke' || name === 'astream' || name === 'agenerate' || name === 'apredict') return { callee, kind: /tool/i.test(recv) ? 'tool' : 'model' };
    if ((name === 'invoke' || name === 'stream' || name === 'generate' || name === 'predict' || name === 'chat' || name === 'achat') && AGENTISH.test(recv))
      return { callee, kind: /tool/i.test(recv) ? 'tool' : 'model' };
    if (name === 'arun' || (name === 'acall' && AGENTISH.test(recv))) return { callee, kind: /tool/i.test(recv) ? 'tool' : 'agent' };
    if (
      (name === 'run' ||
        name === 'run_sync' ||
        name === 'run_streamed' ||
        name === 'kickoff' ||
        name === 'kickoff_async' ||
        name === 'execute' ||
        name === 'aexecute') &&
      AGENTISH.test(recv) &&
      !/^(self|cls)$/.test(recv)
    )
      return { callee, kind: TOOLISH.test(recv) ? 'tool' : 'agent' };
    if (name === 'call_tool' || name === 'run_tool' || name === 'execute_tool' || name === 'invoke_tool' || name === 'arun_tool')
      return { callee, kind: 'tool' };
    if (/^(session|client|http|httpx|aiohttp|requests|self\.\w*(session|client|http)\w*)\.(post|request)$|^(requests|httpx)\.post$/.test(callee)) {
      if (argList(call).some((a) => LLM_HOSTS.test(a.text)) || constHostArg(call, lang)) return { callee, kind: 'model' };
    }
  } else {
    if (/^(ai\.)?(generateText|streamText|generateObject|streamObject|embed|embedMany)$/.test(callee)) return { callee, kind: 'model' };
    if ((name === 'invoke' || name === 'stream' || name === 'batch' || name === 'call') && AGENTISH.test(recv) && !/^this$/.test(recv))
      return { callee, kind: /tool/i.test(recv) ? 'tool' : 'model' };
    if ((name === 'generate' || name === 'chat' || name === 'complete') && AGENTISH.test(recv) && !/^this$/.test(recv)) return { callee, kind: 'model' };
    if (callee === 'run' && /@openai\/agents/.test(fileText)) return { callee, kind: 'agent' };
    if ((name === 'run' || name === 'execute' || name === 'kickoff') && AGENTISH.test(recv) && !/^this$/.test(recv))
      return { callee, kind: TOOLISH.test(recv) ? 'tool' : 'agent' };
    if (name === 'callTool' || name === 'executeTool' || name === 'runTool' || name === 'invokeTool') return { callee, kind: 'tool' };
    if (callee === 'fetch' || /^(axios|ky|got)(\.post|\.request)?$|\.(post|request)$/.test(callee)) {
      if (argList(call).some((a) => LLM_HOSTS.test(a.text)) || constHostArg(call, lang)) return { callee, kind: 'model' };
    }
  }
  return null;
}

/** First argument is an identifier bound to a URL string of a known LLM API. */
function constHostArg(call: Node, lang: Lang): boolean {
  const first = argList(call)[0];
  if (!first || first.type !== 'identifier') return false;
  const v = resolveName(first.text, call, lang);
  return !!v && LLM_HOSTS.test(v.text);
}

/** Decorators that expose a Python function to a model as a tool. */
const TOOL_DECORATOR = /^@\s*(tool|function_tool|Tool|\w+\.tool|\w+\.tool_plain|tool\(|function_tool\(|Tool\(|\w+\.tool\()/;

export function isDecoratedTool(fn: Node): boolean {
  const parent = fn.parent;
  if (parent?.type !== 'decorated_definition') return false;
  return parent.namedChildren.some((d) => d?.type === 'decorator' && TOOL_DECORATOR.test(d.text.trim()));
}

/** The local function a call targets (`f(...)`, `self.f(...)`, `this.f(...)`, `cls.f(...)`), if defined in the file. */
export function localTarget(call: Node, lang: Lang): Node | null {
  const callee = calleeText(call);
  const m = /^(?:(?:self|this|cls)\.)?([A-Za-z_$][\w$]*)$/.exec(callee);
  if (!m) return null;
  const fn = findLocalFunction(call, m[1], lang);
  return fn;
}

export interface Reach {
  call: CallKind;
  /** The node of the model/tool call found (possibly inside a helper function). */
  node: Node;
}

/**
 * The first model/tool call reached from `root` (a call or a function body): directly, or through
 * local functions up to `depth` levels. Calls to a local function that is itself a tool count as tool calls.
 */
export function reachesModelOrTool(root: Node, lang: Lang, fileText: string, depth = 3, extra: RegExp[] = [], seen = new Set<number>()): Reach | null {
  for (const c of callsIn(root, lang, false)) {
    const k = classifyCall(c, lang, fileText, extra);
    if (k) return { call: k, node: c };
    if (depth <= 0) continue;
    const target = localTarget(c, lang);
    if (!target || seen.has(target.startIndex)) continue;
    seen.add(target.startIndex);
    if (lang === 'python' && isDecoratedTool(target)) return { call: { callee: calleeText(c), kind: 'tool' }, node: c };
    const body = functionBody(target);
    if (!body) continue;
    const r = reachesModelOrTool(body, lang, fileText, depth - 1, extra, seen);
    if (r) return r;
  }
  return null;
}

/** Names that read as a concurrency or rate limiter. */
export const LIMITER_NAME =
  /(sem(aphore)?s?|limit(er)?s?|throttl\w*|bucket|capacity|bottleneck|p_?queue|queue|mutex|lock|slots?|pool|bound(ed)?|concurren\w*|rate_?limit\w*|rateLimit\w*|permits?|tokens?_?bucket)\b/i;

/**
 * Whether a function body (or call subtree) takes a limiter on its way: `async with sem:`, `with limiter:`,
 * `await sem.acquire()`, `await self._rate_limiter.acquire(...)`, `limit(() => ...)`, `queue.add(...)`,
 * `limiter.schedule(...)`, `mutex.runExclusive(...)`. Followed through local functions up to `depth`.
 */
export function takesLimiter(root: Node, lang: Lang, depth = 2, seen = new Set<number>()): boolean {
  const nodes = [root, ...descendants(root)];
  for (const n of nodes) {
    if (lang === 'python' && n.type === 'with_statement') {
      for (const item of n.descendantsOfType('with_item')) {
        const v = item?.childForFieldName('value');
        const text = v ? (v.type === 'as_pattern' ? (v.namedChildren[0]?.text ?? '') : v.text) : '';
        if (LIMITER_NAME.test(lastSegment(text)) || /Semaphore\(|CapacityLimiter\(|AsyncLimiter\(/.test(text)) return true;
      }
    }
    if (n.type === 'call' || n.type === 'call_expression') {
      const callee = calleeText(n);
      const name = callee.slice(callee.lastIndexOf('.') + 1);
      const recv = receiverOf(callee);
      if (
        (name === 'acquire' ||
          name === 'wait' ||
          name === 'consume' ||
          name === 'take' ||
          name === 'schedule' ||
          name === 'add' ||
          name === 'runExclusive' ||
          name === 'wrap' ||
          name === 'submit' ||
          name === 'removeTokens') &&
        LIMITER_NAME.test(lastSegment(recv))
      )
        return true;
      if (lang === 'js' && LIMITER_NAME.test(callee) && !callee.includes('.')) return true; // limit(() => ...), throttle(fn)
      if (lang === 'js' && /^(pLimit|pThrottle|pMap|throttle)$/.test(callee)) return true;
      if (depth > 0) {
        const target = localTarget(n, lang);
        if (target && !seen.has(target.startIndex)) {
          seen.add(target.startIndex);
          const body = functionBody(target);
          if (body && takesLimiter(body, lang, depth - 1, seen)) return true;
        }
      }
    }
  }
  return false;
}

function lastSegment(text: string): string {
  const t = text.replace(/\(.*$/s, '').replace(/\s+/g, '');
  return t.slice(t.lastIndexOf('.') + 1);
}

/** Unwrap `asyncio.create_task(x)`, `ensure_future(x)`, `wait_for(x, t)`, `shield(x)`, `loop.create_task(x)` to `x`. */
export function unwrapTaskWrapper(n: Node, lang: Lang): Node {
  let cur = unwrap(n);
  for (let i = 0; i < 4; i++) {
    if (cur.type !== 'call') return cur;
    const callee = calleeText(cur);
    if (/(^|\.)(create_task|ensure_future|wait_for|shield|run_coroutine_threadsafe|to_thread)$/.test(callee) && lang === 'python') {
      const first = argList(cur)[0];
      if (!first) return cur;
      cur = unwrap(first);
      continue;
    }
    return cur;
  }
  return cur;
}
