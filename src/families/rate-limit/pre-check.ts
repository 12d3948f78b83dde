/**
 * Text pre-checks run by rate-limit rules before they ask for a parse tree: exact, in that a file for which
 * one is false cannot get a finding from its rule (each reads the text the way the rule's check reads the
 * tree, and answers true whenever unsure). Linear scans with a cursor, no backtracking regular expression.
 */

/** Index of the next character at or after `i` that is no whitespace, comment (`/* *\/`, `//`, `#`) or line continuation. */
function skipTrivia(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029) i++;
    else if (c === 92 /* \ */ && (text[i + 1] === '\n' || text[i + 1] === '\r')) i += 2;
    else if (c === 47 /* / */ && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return text.length;
      i = end + 2;
    } else if ((c === 47 && text[i + 1] === '/') || c === 35 /* # */) {
      const end = text.indexOf('\n', i);
      if (end < 0) return text.length;
      i = end + 1;
    } else if (c > 127 && /\s/.test(text[i])) i++;
    else return i;
  }
}

const IDENTIFIER_CHAR = /[\w$]/;

// ---- rate-limit/unbounded-agent-loop

/** Option keys and keyword arguments the rule checks a value of (JS pairs; Python keyword arguments, dict keys and `config["recursion_limit"] = …`). */
const BOUND_NAMES = /recursion_limit|recursionLimit|max_iterations|maxIterations|max_iter|max_turns|maxTurns|max_steps|maxSteps/g;
const RECURSION = /^recursion(_l|L)imit$/;
/** A plain number literal, as `numericValue` reads one (underscores allowed); not followed by more of a name or number. */
const NUMBER_LITERAL = /^(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)(?![\w$.])/;
/** Values that may read as a number past any bound or as no bound (`numericValue`, `isNoneLike`): a start of one of those. */
const MAY_BE_NUMBER_OR_NONE = /^(?:[\d.]|\((?!\s*\))|(?:infinity|number|float|math|sys|numpy|np|none|null|undefined|await)(?![\w$]))/i;
/** What the hand-written loop check needs in the loop's body (`runsTools` reads it): without any in the file, no loop is reported. */
export const RUNS_TOOLS = /tool_calls|tool_use|toolCalls|tool_call|function_call|functionCall|toolUse|tool_results|toolResults/;
/** A loop the rule may read as endless: any `while` (`while (true)`, `do … while (1)`, `while True:`) or a `for` with no condition (`for (;;)`, `for (let i = 0; ; i++)`). */
const MAY_LOOP = /\bwhile\b|;\s*;/;

export interface AgentLoopLimits {
  maxIterations: number;
  maxRecursionLimit: number;
  checkHandWrittenLoops: boolean;
}

/**
 * Whether rate-limit/unbounded-agent-loop may report in this text. It reports (1) a bound key or keyword
 * (`maxTurns: 500`, `max_iterations=None`, `config["recursion_limit"] = 10**6`) whose value reads as none or
 * as a number above its maximum, (2) a `stopWhen` option, (3) an endless loop whose body runs tools. So a
 * file may be reported only when it has `stopWhen`, a loop and a tool-run word, or a bound name
 * written as a key (`name:`, `name=`, `"name"]=`) whose value starts like a number, `(`, `Infinity`,
 * `float(…)`, `math.inf`, `None`, `null`, `undefined`... A value that is a bare number literal at or under
 * its maximum (`maxTurns: 10,`) cannot be reported: most files name these options only that way, or in types
 * and reads (`maxTurns?: number`, `maxTurns: options.maxTurns`).
 */
export function mayReportAgentLoop(text: string, limits: AgentLoopLimits): boolean {
  if (text.includes('stopWhen')) return true;
  if (limits.checkHandWrittenLoops && MAY_LOOP.test(text) && RUNS_TOOLS.test(text)) return true;
  for (const m of text.matchAll(BOUND_NAMES)) {
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
      const value = Number(literal[0].replace(/_/g, ''));
      const max = RECURSION.test(m[0]) ? limits.maxRecursionLimit : limits.maxIterations;
      // the value is the literal alone (the pair, keyword argument or dict entry ends after it) and within bound
      if ((after === ',' || after === '}' || after === ')') && value <= max) continue;
      return true;
    }
    if (MAY_BE_NUMBER_OR_NONE.test(rest)) return true;
  }
  return false;
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
