/**
 * What counts as a "model or tool call" for the rate-limit/* rules, and what counts as a concurrency
 * limiter on the path to one. Deliberately explicit lists: a call is a model/tool call when its callee
 * matches a known SDK shape (OpenAI/Anthropic/Gemini/LiteLLM/Ollama clients, LangChain runnables, agent
 * runners, MCP `call_tool`, Vercel AI SDK `generateText`...), when it posts to a known LLM API host, or
 * when it calls a local function whose body does (followed a few levels deep).
 */
import type { Node } from '../../parsing/parsers.js';
import { argList, calleeText, callsIn, descendants, fieldBinding, findLocalFunction, functionBody, type Lang, resolveName, unwrap } from './syntax.js';

/** Receivers whose generic methods (`run`, `invoke`, `execute`, `chat`...) are agent/model/tool calls. */
export const AGENTISH =
  /(^|[._])(runner|agents?|crew|chain|executor|orchestrator|graph|app|workflow|tools?|llm|model|chat_?model|chat|client|openai|anthropic|claude|gpt|gemini|ollama|groq|mistral|cohere|bedrock|assistant|session|mcp)\w*$/i;
/** Receivers that read as an agent, chain or tool object (narrower than AGENTISH: no `client`, `session`, `app`, `api`). */
export const AGENT_OBJECT =
  /(^|[._])(runner|agents?|crew|chains?|executor|orchestrator|graph|workflow|tools?|toolkit|llm|assistant|team|\w*_agent|\w*_chain|\w*_tool)$|(Agent|Chain|Tool|Executor)$/;
const TOOLISH = /(^|[._])(tools?|\w*_tool|\w*Tool|toolset|tool_map|toolMap|mcp|session|orchestrator)\w*$/;

export const LLM_HOSTS =
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

/** Containers the model's tool calls are dispatched through by name: `registry[c.name]`, `self.tools.get(name)`, `toolMap[call.function.name]`. */
export const TOOL_REGISTRY =
  /(^|[._])(tools?|registry|tool_?map|toolMap|tool_?registry|toolRegistry|tools_?by_?name|toolsByName|available_functions|availableFunctions|function_?map|functionMap|tool_?handlers|toolHandlers)$|(_tools|Tools|_registry|Registry)$/;
/** Containers of any kind of callable (`handlers`, `actions`): a dispatch only when the key reads as a tool or function name. */
export const CALLABLE_MAP = /(^|[._])(functions|handlers|skills|actions)$|(_functions|Functions|_handlers|Handlers|_actions|Actions)$/;
/** What a lookup key must name: a tool (TOOL_REGISTRY containers), or a tool or function (CALLABLE_MAP containers). */
export const REGISTRY_KEY = /name|tool/i;
export const CALLABLE_KEY = /tool|function|func_?name|fn_?name/i;
/** Methods that run a tool object looked up in a registry. */
export const TOOL_RUN_METHODS = /^(a?run|a?execute|a?invoke|a?call|__call__|call_?tool|callTool|handler|handle|fn|func|coroutine|run_json|runJson)$/;

/**
 * A call that runs the tool a model picked, looked up by name in a registry: `registry[c.name](**c.arguments)`,
 * `self.tools[call.function.name](...)`, `tools[c.name](c.args)`, `registry.get(c.name)!.execute(...)`,
 * `self.tools.get(name).ainvoke(args)`. The lookup key must read as a tool name (`.name`, `tool_name`, `["name"]`).
 */
function registryDispatch(call: Node, lang: Lang): boolean {
  let fn = call.childForFieldName('function');
  if (!fn) return false;
  fn = unwrap(fn);
  if (fn.type === 'attribute' || fn.type === 'member_expression') {
    const method = fn.childForFieldName(lang === 'python' ? 'attribute' : 'property')?.text ?? '';
    const obj = fn.childForFieldName('object');
    if (!obj || !TOOL_RUN_METHODS.test(method)) return false;
    fn = unwrap(obj);
  }
  let container: Node | null = null;
  let key: Node | null = null;
  if (fn.type === 'subscript' || fn.type === 'subscript_expression') {
    container = fn.childForFieldName(lang === 'python' ? 'value' : 'object');
    key = fn.childForFieldName(lang === 'python' ? 'subscript' : 'index');
  } else if (fn.type === 'call' || fn.type === 'call_expression') {
    const inner = fn.childForFieldName('function');
    if (
      (inner?.type === 'attribute' || inner?.type === 'member_expression') &&
      /^get$/.test(inner.childForFieldName(lang === 'python' ? 'attribute' : 'property')?.text ?? '')
    ) {
      container = inner.childForFieldName('object');
      key = argList(fn)[0] ?? null;
    }
  }
  if (!container || !key) return false;
  const c = container.text.replace(/\s+/g, '');
  if (TOOL_REGISTRY.test(c)) return REGISTRY_KEY.test(key.text);
  return CALLABLE_MAP.test(c) && CALLABLE_KEY.test(key.text);
}

/** Constructors and types of LLM clients and chat models: what a field holding one was assigned or declared as (module prefix included when written). */
const LLM_CLASS_NAMES = new Set([
  ...[
    'OpenAI',
    'AzureOpenAI',
    'Anthropic',
    'AnthropicBedrock',
    'AnthropicVertex',
    'Groq',
    'Mistral',
    'Together',
    'Cerebras',
    'Fireworks',
    'OpenRouter',
  ].flatMap((n) => [n, `Async${n}`]),
  ...['BaseLanguageModel', 'BaseLLM', 'LanguageModel', 'LanguageModelV1', 'LanguageModelV2', 'GenerativeModel', 'GoogleGenerativeAI'],
  ...['InferenceClient', 'AsyncInferenceClient', 'Ollama', 'genai.Client', 'ollama.Client', 'ollama.AsyncClient', 'cohere.Client', 'cohere.ClientV2'],
  ...['openai.OpenAI', 'openai.AsyncOpenAI', 'anthropic.Anthropic', 'anthropic.AsyncAnthropic', 'genai.GenerativeModel', 'groq.Groq', 'mistralai.Mistral'],
]);
/** Class-name shapes of chat models and model clients: LangChain `ChatOpenAI`, `BaseChatModel`, autogen `*ChatCompletionClient`, `LiteLLM*`. */
const LLM_CLASS_SHAPE = /^Chat[A-Z]\w*$|ChatModel$|ChatCompletionClient$|^LiteLLM/;

function isLlmClass(name: string): boolean {
  return LLM_CLASS_NAMES.has(name) || LLM_CLASS_SHAPE.test(name);
}

/** Constructors and types of agents and agent graphs. */
const AGENT_CLASS = /^(\w*Agent|AgentExecutor|Crew|Runner|\w*Chain|CompiledStateGraph|CompiledGraph|Pregel|\w*Workflow)$/;

/** The class a field holds, read from what the class assigns to it (`self.llm = ChatOpenAI(...)`) or declares (`private client: OpenAI`). */
function fieldClass(recv: Node, lang: Lang): string[] {
  const field = fieldBinding(recv, lang);
  if (!field) return [];
  const out: string[] = [];
  // `Optional[ChatOpenAI]`, `OpenAI | None`, `OpenAI | null`: each named alternative
  for (const t of field.types)
    for (const part of t.replace(/^Optional\[(.*)\]$/, '$1').split('|')) if (!/^(None|null|undefined)$/.test(part.trim())) out.push(part.trim());
  for (const v of field.values) {
    let u = unwrap(v);
    // ChatOpenAI(...).bind_tools(tools), ChatAnthropic.from_..., new OpenAI({...})
    for (let i = 0; i < 4 && (u.type === 'call' || u.type === 'call_expression') && /\.\w+$/.test(calleeText(u)); i++) {
      const inner = u.childForFieldName('function')?.childForFieldName('object');
      if (!inner || (inner.type !== 'call' && inner.type !== 'call_expression' && inner.type !== 'new_expression')) break;
      u = unwrap(inner);
    }
    if (u.type === 'call' || u.type === 'call_expression' || u.type === 'new_expression')
      out.push(calleeText(u).replace(/\.(from_\w+|create|init_chat_model)$/, ''));
  }
  return out;
}

/** Methods that run a model or an agent when the receiver is known to hold one. */
export const GENERIC_RUN =
  /^(a?invoke|a?stream|a?generate|a?predict|a?chat|a?complete|a?create|a?run|run_sync|run_stream|kickoff(_async)?|call|batch|abatch|respond|on_messages)$/;

/** Classify one call node by its callee alone (no resolution). */
export function classifyCall(call: Node, lang: Lang, fileText: string, extra: RegExp[] = []): CallKind | null {
  const callee = calleeText(call);
  if (!callee) return null;
  const name = callee.slice(callee.lastIndexOf('.') + 1);
  const recv = receiverOf(callee);
  // Config patterns run on short texts only (see config/regex-safety.ts): at worst quadratic in 256 characters.
  if (callee.length <= 256 && extra.some((re) => re.test(callee))) return { callee, kind: 'model' };
  if (registryDispatch(call, lang)) return { callee, kind: 'tool' };
  // A field whose class is known: self.bot = ChatOpenAI(...); self.bot.invoke(...), private client: OpenAI; this.client.x.create(...)
  if (/^(self|this)\.[\w$#]+$/.test(recv) && GENERIC_RUN.test(name)) {
    const fnNode = call.childForFieldName('function');
    const recvNode = fnNode?.childForFieldName('object');
    const classes = recvNode ? fieldClass(recvNode, lang) : [];
    if (classes.some(isLlmClass)) return { callee, kind: 'model' };
    if (classes.some((c) => AGENT_CLASS.test(c))) return { callee, kind: 'agent' };
  }
  // Provider SDKs (both languages).
  if (
    /\.((chat\.)?completions|messages|responses)(\.with_raw_response|\.with_streaming_response|\.withRawResponse)?\.(create|parse|stream)$|ChatCompletion\.a?create$|Completion\.a?create$/.test(
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
    // LangChain chains and tools (`chain.arun`, `tool.arun`): a method of our own class (`self.arun`) or of a
    // REST client (`client.arun`, `api.arun`) is not an agent call; a local method is followed instead.
    if (((name === 'arun' && AGENT_OBJECT.test(recv)) || (name === 'acall' && AGENTISH.test(recv))) && !/^(self|cls)$/.test(recv))
      return { callee, kind: /tool/i.test(recv) ? 'tool' : 'agent' };
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
export const TOOL_DECORATOR = /^@\s*(tool|function_tool|Tool|\w+\.tool|\w+\.tool_plain|tool\(|function_tool\(|Tool\(|\w+\.tool\()/;

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

export interface ReachOptions {
  /** Only calls of these kinds count (the agent-loop rule looks for the model call, not the tool run beside it). */
  accept?: (k: CallKind) => boolean;
  /** Also look inside functions passed as call arguments: `await retry(() => this.client.chat.completions.create(...))`. */
  callbacks?: boolean;
}

/**
 * The first model/tool call reached from `root` (a call or a function body): directly, or through
 * local functions up to `depth` levels. Calls to a local function that is itself a tool count as tool calls.
 */
export function reachesModelOrTool(
  root: Node,
  lang: Lang,
  fileText: string,
  depth = 3,
  extra: RegExp[] = [],
  opts: ReachOptions = {},
  seen = new Set<number>(),
): Reach | null {
  const accept = opts.accept ?? (() => true);
  for (const c of callsIn(root, lang, false)) {
    const k = classifyCall(c, lang, fileText, extra);
    if (k && accept(k)) return { call: k, node: c };
    if (opts.callbacks && depth > 0) {
      // a callback costs one level, like a local function: nested callbacks cannot recurse without bound
      for (const a of argList(c)) {
        if (!isCallback(a)) continue;
        const body = functionBody(a);
        const r = body ? reachesModelOrTool(body, lang, fileText, depth - 1, extra, opts, seen) : null;
        if (r) return r;
      }
    }
    if (k || depth <= 0) continue;
    const target = localTarget(c, lang);
    if (!target || seen.has(target.startIndex)) continue;
    seen.add(target.startIndex);
    if (lang === 'python' && isDecoratedTool(target)) {
      const tool: CallKind = { callee: calleeText(c), kind: 'tool' };
      if (accept(tool)) return { call: tool, node: c };
      continue;
    }
    const body = functionBody(target);
    if (!body) continue;
    const r = reachesModelOrTool(body, lang, fileText, depth - 1, extra, opts, seen);
    if (r) return r;
  }
  return null;
}

function isCallback(n: Node): boolean {
  return n.type === 'arrow_function' || n.type === 'function_expression' || n.type === 'function' || n.type === 'lambda';
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
