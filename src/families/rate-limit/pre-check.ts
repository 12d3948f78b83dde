/**
 * Text pre-checks run by rate-limit rules before they ask for a parse tree: exact, in that a file for which
 * one is false cannot get a finding from its rule (each reads the text the way the rule's check reads the
 * tree, and answers true whenever unsure). Linear scans with a cursor, no backtracking regular expression.
 */
import { AGENT_OBJECT, AGENTISH, CALLABLE_KEY, CALLABLE_MAP, GENERIC_RUN, LLM_HOSTS, REGISTRY_KEY, TOOL_REGISTRY, TOOL_RUN_METHODS } from './calls.js';
import { jsBracketEnd } from '../../parsing/js-text.js';

/**
 * The text last searched, and from where it holds no comment end / no line break: a text with an unclosed `/*`
 * (or no line break after a `#`) and many names before it is then searched to its end once, not once per name.
 */
let searched = '';
const missingFrom = { '*/': Infinity, '\n': Infinity };

function indexFrom(text: string, needle: '*/' | '\n', from: number): number {
  if (text !== searched) {
    searched = text;
    missingFrom['*/'] = missingFrom['\n'] = Infinity;
  }
  if (from >= missingFrom[needle]) return -1;
  const at = text.indexOf(needle, from);
  if (at < 0) missingFrom[needle] = from;
  return at;
}

/** Index of the next character at or after `i` that is no whitespace, comment (`/* *\/`, `//`, `#`) or line continuation. */
function skipTrivia(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029) i++;
    else if (c === 92 /* \ */ && (text[i + 1] === '\n' || text[i + 1] === '\r')) i += 2;
    else if (c === 47 /* / */ && text[i + 1] === '*') {
      const end = indexFrom(text, '*/', i + 2);
      if (end < 0) return text.length;
      i = end + 2;
    } else if ((c === 47 && text[i + 1] === '/') || c === 35 /* # */) {
      const end = indexFrom(text, '\n', i);
      if (end < 0) return text.length;
      i = end + 1;
    } else if (c > 127 && /\s/.test(text[i])) i++;
    else return i;
  }
}

const IDENTIFIER_CHAR = /[\w$]/;

// ---- model and tool calls (`classifyCall` in calls.ts), read from the text

/** The language of the call shapes `classifyCall` reads: Python, or JavaScript / TypeScript. */
export type CallLang = 'python' | 'js';

/**
 * Every last callee segment `classifyCall` may accept (`callTool`, `create` in `client.chat.completions.create`,
 * `run` in `runner.run`), as a whole identifier. Kept in step with the sets below and GENERIC_RUN.
 */
const CALL_NAME =
  /(?<![\w$#])(?:a?invoke|a?stream|a?generate|a?predict|a?chat|a?complete|a?create|a?run|run_sync|run_stream|run_streamed|kickoff|kickoff_async|call|a?batch|respond|on_messages|parse|execute|aexecute|acall|callTool|executeTool|runTool|invokeTool|call_tool|run_tool|execute_tool|invoke_tool|arun_tool|acompletion|atext_completion|completion|text_completion|a?embedding|a?generate_content|generateContent|generateContentStream|send_message|sendMessage|generateText|streamText|generateObject|streamObject|embed|embedMany)(?![\w$])/g;

/** Names accepted whatever the receiver (or none): `x.callTool(…)`, `ainvoke(…)`, `litellm`'s `acompletion`. */
const ANY_RECEIVER: Record<CallLang, ReadonlySet<string>> = {
  js: new Set(['callTool', 'executeTool', 'runTool', 'invokeTool']),
  python: new Set([
    'ainvoke',
    'astream',
    'agenerate',
    'apredict',
    'acompletion',
    'atext_completion',
    'call_tool',
    'run_tool',
    'execute_tool',
    'invoke_tool',
    'arun_tool',
  ]),
};
/** Gemini-style methods, accepted after any receiver but a bare `self` / `this`. */
const MEMBER_ONLY: ReadonlySet<string> = new Set([
  'generate_content',
  'agenerate_content',
  'generateContent',
  'generateContentStream',
  'send_message',
  'sendMessage',
]);
/** AI SDK functions (JS), accepted bare or as `ai.name`. */
const AI_SDK: ReadonlySet<string> = new Set(['generateText', 'streamText', 'generateObject', 'streamObject', 'embed', 'embedMany']);
/** Provider SDK methods, accepted after `.completions`, `.messages`, `.responses` or a raw-response wrapper; `create` also after `…Completion`. */
const SDK_METHOD: ReadonlySet<string> = new Set(['create', 'parse', 'stream', 'acreate']);
const SDK_RESOURCE: ReadonlySet<string> = new Set(['completions', 'messages', 'responses', 'with_raw_response', 'with_streaming_response', 'withRawResponse']);
/** LiteLLM functions (Python), accepted as `litellm.name` (`completion` also bare in a file naming litellm). */
const LITELLM: ReadonlySet<string> = new Set(['completion', 'text_completion', 'embedding', 'aembedding']);
/** Names accepted after a receiver that reads as an agent, chain, model, client or tool (AGENTISH; `arun` AGENT_OBJECT). */
const AGENT_METHOD: Record<CallLang, ReadonlySet<string>> = {
  js: new Set(['invoke', 'stream', 'batch', 'call', 'generate', 'chat', 'complete', 'run', 'execute', 'kickoff']),
  python: new Set([
    'invoke',
    'stream',
    'generate',
    'predict',
    'chat',
    'achat',
    'run',
    'run_sync',
    'run_streamed',
    'kickoff',
    'kickoff_async',
    'execute',
    'aexecute',
    'acall',
    'arun',
  ]),
};

const RECEIVER_CHAR = /[\w$#]/;

/** Index of the last character before `i` that is no white space or line continuation (-1 at the start). */
function skipBlankBack(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13) || c === 92 /* \\ */) i--;
    else return i;
  }
}

/**
 * The identifier a callee's receiver ends with, for the name starting at `start`: null when the name is not
 * after a member dot (a bare callee); `token` null when the receiver ends with something else (`f().run`,
 * `x[0].invoke`, a comment, a string: the classifier's receiver text may then read as anything); `whole`
 * when nothing is before the token; `thisField` when the receiver is `this.x` / `self.x`.
 */
function receiverBefore(text: string, start: number): { token: string | null; whole: boolean; thisField: boolean } | null {
  let i = skipBlankBack(text, start - 1);
  if (text[i] !== '.') return null;
  i = skipBlankBack(text, i - 1);
  while (text[i] === '?' || text[i] === '!') i = skipBlankBack(text, i - 1);
  const end = i + 1;
  while (i >= 0 && RECEIVER_CHAR.test(text[i])) i--;
  if (i + 1 === end) return { token: null, whole: false, thisField: false };
  const token = text.slice(i + 1, end);
  let j = skipBlankBack(text, i);
  if (text[j] !== '.') return { token, whole: true, thisField: false };
  j = skipBlankBack(text, j - 1);
  while (text[j] === '?' || text[j] === '!') j = skipBlankBack(text, j - 1);
  const end2 = j + 1;
  while (j >= 0 && RECEIVER_CHAR.test(text[j])) j--;
  const owner = text.slice(j + 1, end2);
  return { token, whole: false, thisField: owner === 'this' || owner === 'self' };
}

/** Whether the name ending at `end` is called: `(`, and in JS also a type argument list, a tagged template or `?.(`. */
function calledAt(text: string, end: number, lang: CallLang): boolean {
  const i = skipTrivia(text, end);
  const c = text[i];
  return c === '(' || (lang === 'js' && (c === '<' || c === '`' || (c === '?' && text[i + 1] === '.')));
}

/** JS: whether the dotted chain ending with the name at `start` follows `new` (`new x.run` is a call without arguments). */
function afterNew(text: string, start: number): boolean {
  let i = skipBlankBack(text, start - 1);
  // a chain of more than 16 members is not read (unsure): `a.run.run.run…` is then not read back once per name
  for (let segments = 0; text[i] === '.'; segments++) {
    if (segments === 16) return true;
    i = skipBlankBack(text, i - 1);
    while (text[i] === '?' || text[i] === '!') i = skipBlankBack(text, i - 1);
    const end = i;
    while (i >= 0 && RECEIVER_CHAR.test(text[i])) i--;
    if (i === end) return true; // a receiver the scan cannot read
    i = skipBlankBack(text, i);
  }
  return text.slice(i - 2, i + 1) === 'new' && !RECEIVER_CHAR.test(text[i - 3] ?? '');
}

/** Words that, before a name on its line, make it the name of a function or method being defined (`async run(…) {`, `def call_tool(…):`), not a call. */
const DEFINES = new Set(['async', 'function', 'def', 'get', 'set', 'static', 'public', 'private', 'protected', 'override', 'abstract']);

/** Whether the bare name at `start` follows, on its line, a word that makes it a definition's name. */
function definedAt(text: string, start: number): boolean {
  let i = start - 1;
  while (text[i] === ' ' || text[i] === '\t') i--;
  const end = i + 1;
  while (i >= 0 && RECEIVER_CHAR.test(text[i])) i--;
  return end > i + 1 && DEFINES.has(text.slice(i + 1, end)) && !RECEIVER_CHAR.test(text[i] ?? '') && text[i] !== '.';
}

/**
 * Words a registry container's name ends with (TOOL_REGISTRY, CALLABLE_MAP), before what may start a lookup
 * after trivia (`[`, `?.`, `.`, a comment, a line continuation): most `name` / `map` words of a file are not.
 */
const REGISTRY_END =
  /(?:tools?|Tools|registry|Registry|map|Map|name|Name|functions|Functions|handlers|Handlers|skills|actions|Actions)(?![\w$])(?=\s*[[?./#\\])/g;

/**
 * The index after the bracket closing the one at `text[open]` (`[` or `(`), or -1 when unsure: a template
 * literal, a `/` or `#` that may start a regular expression or comment, a line break inside a quoted string,
 * unbalanced brackets, more than 400 characters (a key or a parameter list is short).
 */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  const stop = Math.min(text.length, open + 400);
  for (let j = open; j < stop; j++) {
    const c = text[j];
    if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') {
      if (--depth === 0) return j + 1;
    } else if (c === '"' || c === "'") {
      for (j++; j < stop && text[j] !== c; j++) {
        if (text[j] === '\\') j++;
        else if (text[j] === '\n' || text[j] === '\r') return -1;
      }
    } else if (c === '`' || c === '/' || c === '#') return -1;
  }
  return -1;
}

/**
 * After a registry lookup ends at `i`: whether the lookup may be the callee of a call, or the receiver of one of
 * TOOL_RUN_METHODS (`tools[name](…)`, `tools.get(name)!.execute(…)`, `(registry[name] as Tool).run(…)`), or the
 * scan is unsure; false when it is read (`tools[0];`, `registry.get(id) ?? fallback`, `tools[name] = t`).
 */
function lookupMayBeCalled(text: string, i: number): boolean {
  i = skipTrivia(text, i);
  while (text[i] === '!') i = skipTrivia(text, i + 1);
  const c = text[i];
  if (c === '(' || c === ')' || c === '`' || c === '<') return true;
  if (/^(?:as|satisfies)(?![\w$])/.test(text.slice(i, i + 10))) return true;
  let dot = -1;
  if (c === '?' && text[i + 1] === '.') dot = i + 2;
  else if (c === '.') dot = i + 1;
  if (dot < 0) return false;
  const j = skipTrivia(text, dot);
  if (text[j] === '(') return true; // `tools[name]?.(args)`
  const method = /^[\w$]+/.exec(text.slice(j, j + 40))?.[0] ?? '';
  return TOOL_RUN_METHODS.test(method);
}

/**
 * Whether the text may dispatch a tool by name from a registry (registryDispatch in calls.ts): a container
 * named as one (TOOL_REGISTRY, CALLABLE_MAP), then `[key]` or `.get(key)` where the key's text names a tool
 * (or a function), called or run by a tool-run method.
 */
function mayDispatchFromRegistry(text: string): boolean {
  for (const m of text.matchAll(REGISTRY_END)) {
    const end = m.index + m[0].length;
    let i = skipTrivia(text, end);
    let open = -1;
    if (text[i] === '?' && text[i + 1] === '.') i = skipTrivia(text, i + 2);
    else if (text[i] === '.') i = skipTrivia(text, i + 1);
    else if (text[i] !== '[') continue;
    if (text[i] === '[') open = i;
    else if (/^get(?![\w$])/.test(text.slice(i, i + 4))) {
      i = skipTrivia(text, i + 3);
      if (text[i] === '?' && text[i + 1] === '.') i = skipTrivia(text, i + 2);
      if (text[i] === '<' || text[i] === '`') return true; // `tools.get<Tool>(name)`: unsure
      if (text[i] === '(') open = i;
    }
    if (open < 0) continue;
    let s = m.index;
    while (s > 0 && RECEIVER_CHAR.test(text[s - 1])) s--;
    const container = text.slice(s, end);
    const registry = TOOL_REGISTRY.test(container);
    if (!registry && !CALLABLE_MAP.test(container)) continue;
    const close = closingBracket(text, open);
    if (close < 0) return true;
    const key = text.slice(open + 1, close - 1);
    if (!(registry ? REGISTRY_KEY : CALLABLE_KEY).test(key)) continue;
    if (lookupMayBeCalled(text, close)) return true;
  }
  return false;
}

/** A Python decorator that makes a local function a tool (isDecoratedTool's TOOL_DECORATOR, anywhere in the text). */
const TOOL_DECORATOR_ANYWHERE = /@\s*(?:tool|function_tool|Tool|\w+\.tool)/;

/**
 * Whether the text may hold a call `reachesModelOrTool` accepts: one `classifyCall` classifies (read as its
 * regular expressions read the callee: the last segment, and the receiver's last identifier), a request to a
 * known LLM API host, a tool looked up in a registry by name, or (Python) a call of a local `@tool` function.
 * Without one, no fan-out or hand-written loop in the file runs a model or tool call. Extra call patterns from
 * the config may match any callee: the caller keeps every file when it has some.
 */
export function mayCallModelOrTool(text: string, lang: CallLang): boolean {
  // the fetch / axios / requests.post branch: its argument (or the constant it names) is text of the file
  if (LLM_HOSTS.test(text)) return true;
  if (lang === 'python' && TOOL_DECORATOR_ANYWHERE.test(text)) return true;
  if (mayDispatchFromRegistry(text)) return true;
  let openaiAgents: boolean | undefined;
  let litellm: boolean | undefined;
  for (const m of text.matchAll(CALL_NAME)) {
    const name = m[0];
    const start = m.index;
    if (!calledAt(text, start + name.length, lang) && !(lang === 'js' && afterNew(text, start))) continue;
    const recv = receiverBefore(text, start);
    if (!recv && definedAt(text, start)) continue;
    if (ANY_RECEIVER[lang].has(name)) return true;
    if (!recv) {
      if (lang === 'js' && AI_SDK.has(name)) return true;
      if (lang === 'js' && name === 'run' && (openaiAgents ??= text.includes('@openai/agents'))) return true;
      if (lang === 'python' && name === 'completion' && (litellm ??= /\blitellm\b/.test(text))) return true;
      continue;
    }
    const { token, whole, thisField } = recv;
    if (MEMBER_ONLY.has(name) && !(whole && (token === 'this' || token === 'self'))) return true;
    if (AGENT_METHOD[lang].has(name) && (token === null || AGENTISH.test(token) || AGENT_OBJECT.test(token))) return true;
    if (token === null) continue;
    if (thisField && GENERIC_RUN.test(name)) return true;
    if (SDK_METHOD.has(name) && (SDK_RESOURCE.has(token) || (/^a?create$/.test(name) && token.endsWith('Completion')))) return true;
    if (lang === 'js' && AI_SDK.has(name) && token === 'ai') return true;
    if (lang === 'python' && LITELLM.has(name) && token === 'litellm') return true;
  }
  return false;
}

// ---- rate-limit/unbounded-agent-loop

/** Option keys and keyword arguments the rule checks a value of (JS pairs; Python keyword arguments, dict keys and `config["recursion_limit"] = …`). */
const BOUND_NAMES: Record<CallLang, RegExp> = {
  // the JS check reads pairs keyed by these (JS_BOUND_KEY), the Python one keyword arguments and keys named by these (PY_BOUND_NAME)
  js: /recursionLimit|maxIterations|maxTurns|maxSteps/g,
  python: /recursion_limit|max_iterations|max_iter|max_turns|max_steps/g,
};
/** JS keys whose none value (`maxTurns: null`, `maxSteps: undefined`) keeps the framework's default: not reported. */
const JS_NONE_KEEPS_DEFAULT = /^max(Turns|Steps)$/;
const RECURSION = /^recursion(_l|L)imit$/;
/** A plain number literal, as `numericValue` reads one (underscores allowed); not followed by more of a name or number. */
const NUMBER_LITERAL = /^(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)(?![\w$.])/;
/**
 * Values that may read as a number past any bound or as no bound (`numericValue`, `isNoneLike`): a start of one
 * of those. `Number`, `math`, `sys`, `numpy`, `np` only before a dot (`Number.MAX_SAFE_INTEGER`, `math.inf`) and
 * `float` only before `(`: a type (`maxTurns: number | null`) or a name is no number.
 */
const MAY_BE_NUMBER_OR_NONE = /^(?:[\d.]|\((?!\s*\))|(?:infinity|none|null|undefined|await)(?![\w$])|(?:number|math|sys|numpy|np)\s*\.|float\s*\()/i;
/** What the hand-written loop check needs in the loop's body (`runsTools` reads it): without any in the file, no loop is reported. */
export const RUNS_TOOLS = /tool_calls|tool_use|toolCalls|tool_call|function_call|functionCall|toolUse|tool_results|toolResults/;
const FOR = /(?<![\w$])for(?![\w$])/g;
const BLANK = /\s/;

/**
 * Where the first `for` the rule reads as endless (`for (;;)`, `for (let i = 0; ; i++)`: its test of the statement's
 * text, /^for\s*\(\s*[^;)]*;\s*;/) may start, or -1. A cursor scan: the first `;` or `)` after a header's `(` is
 * shared by every header before it, so the text is read once.
 */
function endlessForAt(text: string): number {
  let stop = -1;
  for (const m of text.matchAll(FOR)) {
    let i = m.index + 3;
    while (BLANK.test(text[i] ?? '')) i++;
    if (text[i] !== '(') continue;
    if (stop <= i) {
      stop = i + 1;
      while (stop < text.length && text[stop] !== ';' && text[stop] !== ')') stop++;
    }
    if (text[stop] !== ';') continue;
    let j = stop + 1;
    while (BLANK.test(text[j] ?? '')) j++;
    if (text[j] === ';') return m.index;
  }
  return -1;
}
const WHILE = /(?<![\w$])while(?![\w$])/g;

/**
 * Whether the text has a loop the rule reads as endless — a `while` whose condition is `true` / `True` / `1`
 * (`while (true)`, `do … while (1)`, `while True:`, `while (True):`; in parentheses, after comments or line
 * continuations), or a `for` with no condition (JS) — whose body may hold a word of a tool run (RUNS_TOOLS, which
 * `whileTrue` needs in `body.text`). The body read: a JS `while`'s block to its closing brace (`jsBracketEnd`); what
 * the scan cannot bound (a Python block, a statement without braces, a `for`, a block it is unsure of) runs to the
 * end of the text; a `do … while` body lies between the file's first `do` and its `while`.
 */
function mayLoopForeverRunningTools(text: string, lang: CallLang): boolean {
  let heads = 0;
  let firstDo: number | undefined;
  for (const m of text.matchAll(WHILE)) {
    let i = skipTrivia(text, m.index + m[0].length);
    while (text[i] === '(') i = skipTrivia(text, i + 1);
    const word = text.startsWith('true', i) || text.startsWith('True', i) ? 4 : text[i] === '1' ? 1 : 0;
    if (!word || /[\w$.]/.test(text[i + word] ?? '')) continue;
    // many endless loops: each body is read to its end, so past a few the file is kept unread
    if (++heads > 50) return true;
    if (lang === 'python') return RUNS_TOOLS.test(text.slice(i));
    firstDo ??= DO.exec(text)?.index ?? -1;
    if (firstDo >= 0 && firstDo < m.index && RUNS_TOOLS.test(text.slice(firstDo, m.index))) return true;
    let open = skipTrivia(text, i + word);
    while (text[open] === ')') open = skipTrivia(text, open + 1);
    const close = text[open] === '{' ? jsBracketEnd(text, open) : -1;
    if (RUNS_TOOLS.test(close < 0 ? text.slice(open) : text.slice(open, close + 1))) return true;
  }
  const loop = endlessForAt(text);
  return loop >= 0 && RUNS_TOOLS.test(text.slice(loop));
}
const DO = /(?<![\w$])do(?![\w$])/;

export interface AgentLoopLimits {
  maxIterations: number;
  maxRecursionLimit: number;
  checkHandWrittenLoops: boolean;
}

/**
 * Whether rate-limit/unbounded-agent-loop may report in this text. It reports (1) a bound key or keyword
 * (`maxTurns: 500`, `max_iterations=None`, `config["recursion_limit"] = 10**6`) whose value reads as none or
 * as a number above its maximum, (2) a `stopWhen` option, (3) an endless loop whose body calls a model and
 * runs tools. So a file may be reported only when it has `stopWhen`; a loop head read as endless with a tool-run
 * word in its body (`mayLoopForeverRunningTools`) and a call `mayCallModelOrTool` keeps; or a bound name
 * written as a key (`name:`, `name=`, `"name"]=`) whose value starts like a number, `(`, `Infinity`,
 * `float(…)`, `math.inf`, `None`, `null`, `undefined`... A value that is a bare number literal at or under
 * its maximum (`maxTurns: 10,`) cannot be reported: most files name these options only that way, or in types
 * and reads (`maxTurns?: number`, `maxTurns: options.maxTurns`).
 */
export function mayReportAgentLoop(text: string, limits: AgentLoopLimits, lang: CallLang): boolean {
  if (text.includes('stopWhen')) return true;
  if (limits.checkHandWrittenLoops && RUNS_TOOLS.test(text) && mayLoopForeverRunningTools(text, lang) && mayCallModelOrTool(text, lang)) return true;
  return mayHaveKeyedValue(text, BOUND_NAMES[lang], {
    literalFine: (name, value) => value <= (RECURSION.test(name) ? limits.maxRecursionLimit : limits.maxIterations),
    noneFine: (name) => lang === 'js' && JS_NONE_KEEPS_DEFAULT.test(name),
  });
}

/** A value that starts with a none word: none-like, or an expression with no numeric value (`null ?? 5`). */
const NONE_START = /^(?:none|null|undefined)(?![\w$])/i;

interface KeyedValueChecks {
  /** A bare number literal (the whole value) that cannot be reported. */
  literalFine: (name: string, value: number) => boolean;
  /** A value starting with a none word that cannot be reported. */
  noneFine?: (name: string) => boolean;
  /** Other value starts that may be reported. */
  mayBe?: RegExp;
}

/**
 * Whether the text writes a name `names` matches as a key (`name:`, `name=`, `'name':`, `config["name"] =`) with
 * a value a rule may read as none or as a number (MAY_BE_NUMBER_OR_NONE, or `mayBe` at its start), unless the
 * value is one `checks` says cannot be reported.
 */
function mayHaveKeyedValue(text: string, names: RegExp, checks: KeyedValueChecks): boolean {
  const { literalFine, noneFine, mayBe } = checks;
  for (const m of text.matchAll(names)) {
    const end = m.index + m[0].length;
    if ((m.index > 0 && IDENTIFIER_CHAR.test(text[m.index - 1])) || IDENTIFIER_CHAR.test(text[end] ?? '')) continue;
    let i = end;
    // a quoted key (`'maxTurns':`, `"""recursion_limit""":`) or a subscript (`config["recursion_limit" ] =`)
    while (i < end + 3 && (text[i] === '"' || text[i] === "'" || text[i] === '`')) i++;
    i = skipTrivia(text, i);
    if (text[i] === ']') i = skipTrivia(text, i + 1);
    if (text[i] !== ':' && text[i] !== '=') continue;
    if (text[i + 1] === '=') continue; // a comparison
    const v = skipTrivia(text, i + 1);
    const rest = text.slice(v, v + 64);
    const literal = NUMBER_LITERAL.exec(rest);
    if (literal) {
      const after = text[skipTrivia(text, v + literal[0].length)];
      // the value is the literal alone (the pair, keyword argument, dict entry or statement ends after it; a
      // template after it makes a tagged call, no number) and cannot be reported
      if ((after === ',' || after === '}' || after === ')' || after === ';' || after === '`') && literalFine(m[0], Number(literal[0].replace(/_/g, ''))))
        continue;
      return true;
    }
    if (noneFine?.(m[0]) && NONE_START.test(rest)) continue;
    if (text[v] === '(') {
      // an arrow function (`maxTurns: ({ runData }) => …`) is no number: its body runs to the end of the value
      const close = closingBracket(text, v);
      if (close > 0 && text.startsWith('=>', skipTrivia(text, close))) continue;
    }
    if (MAY_BE_NUMBER_OR_NONE.test(rest) || mayBe?.test(rest)) return true;
  }
  return false;
}

// ---- rate-limit/client-without-timeout

/** The client options the rule reads: `timeout`, `maxRetries` (JS), `max_retries` (Python). */
const CLIENT_OPTION: Record<CallLang, RegExp> = { js: /timeout|maxRetries/g, python: /timeout|max_retries/g };

export interface ClientLimits {
  maxTimeoutSeconds: number;
  flagRetriesDisabled: boolean;
}

/**
 * Whether rate-limit/client-without-timeout may report in this text. It reports a client's `timeout` option
 * whose value reads as none (also `httpx.Timeout(None)`) or as a number past the maximum (milliseconds in JS),
 * and `max_retries` / `maxRetries` reading as 0. So a file whose every such key has a bare number literal
 * within the maximum (timeouts) or other than 0 (retries), or a value that cannot read as a number or none, is
 * not reported.
 */
export function mayReportClientOptions(text: string, limits: ClientLimits, lang: CallLang): boolean {
  return mayHaveKeyedValue(text, CLIENT_OPTION[lang], {
    literalFine: (name, value) =>
      name === 'timeout' ? (lang === 'python' ? value : value / 1000) <= limits.maxTimeoutSeconds : value !== 0 || !limits.flagRetriesDisabled,
    // retries reported only when they read as 0
    noneFine: (name) => name !== 'timeout',
    mayBe: /^httpx\s*\./,
  });
}

// ---- rate-limit/unbounded-tool-concurrency

/**
 * The end (index after `]`) of a JS array literal that starts at `text[start] === '['` and holds no spread
 * element of its own, or -1 when unsure (a template literal, a `/` that may start a regular expression or
 * divide, a line break inside a quoted string, unbalanced brackets).
 */
function spreadFreeArrayEnd(text: string, start: number): number {
  let depth = 0;
  for (let j = start; j < text.length; j++) {
    const c = text[j];
    if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') {
      depth--;
      if (depth === 0) return c === ']' ? j + 1 : -1;
      if (depth < 0) return -1;
    } else if (c === '"' || c === "'") {
      for (j++; j < text.length && text[j] !== c; j++) {
        if (text[j] === '\\') j++;
        else if (text[j] === '\n' || text[j] === '\r') return -1;
      }
    } else if (c === '/' && (text[j + 1] === '/' || text[j + 1] === '*')) {
      // a comment: no regular expression starts with `/` or `*`
      j = skipTrivia(text, j) - 1;
    } else if (c === '`' || c === '/') return -1;
    else if (c === '.' && depth === 1 && text.startsWith('...', j)) return -1;
  }
  return -1;
}

/** `.all`, `.allSettled`, `.any`, `.race` where `jsMethodCalls` looks for the rule's candidates. */
const JS_ALL_NAMES = /\.\s*(all|allSettled|any|race)(?![\w$])/g;

/**
 * Whether rate-limit/unbounded-tool-concurrency may report in this JavaScript / TypeScript text. It reports
 * only a `Promise.all` / `allSettled` / `any` / `race` call (receiver `Promise`, optionally `?.` or `!.`)
 * whose first argument is a collection built from data; an array literal without a spread element of its
 * own (`Promise.all([a(), b()])`) is a fixed one. So a file whose every such call passes such an array
 * literal (and nothing after it but `,` or `)`) is not reported; any other argument, a type argument or a
 * text the scan is unsure of (a template literal, a `/` inside the array) keeps the file.
 */
export function mayReportJsFanOut(text: string): boolean {
  for (const m of text.matchAll(JS_ALL_NAMES)) {
    let k = m.index - 1;
    if (text[k] === '?' || text[k] === '!') k--;
    while (k >= 0 && /\s/.test(text[k])) k--;
    // any other receiver (`tasks.all(`, `this.Promise.all(`: its callee text is not `Promise.all`) is no candidate
    if (text.slice(k - 6, k + 1) !== 'Promise' || (k >= 7 && /[\w$.]/.test(text[k - 7]))) continue;
    let i = skipTrivia(text, m.index + m[0].length);
    if (text[i] !== '(') return true;
    i = skipTrivia(text, i + 1);
    if (text[i] !== '[') return true;
    const end = spreadFreeArrayEnd(text, i);
    if (end < 0) return true;
    const after = text[skipTrivia(text, end)];
    if (after !== ',' && after !== ')') return true;
  }
  return false;
}
