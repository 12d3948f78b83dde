/**
 * Cheap pre-check before parsing a Python file for tool discovery: a superset of every text from which
 * `PythonDiscovery` can build a candidate, read with string searches and regular expressions that cannot
 * backtrack badly. A file for which it is false registers nothing and is not parsed for discovery (most
 * Python files that only mention tools in docstrings, comments, strings and tests' mocks).
 * test/tool-input/pre-check-python.test.ts holds it to registration snippets of every shape discovery reads.
 *
 * The shapes, each a necessary mark of one way `PythonDiscovery` finds a candidate:
 * - a decorator line (`@…` at the start of a line, or continued from one) naming a registration word
 *   (`@tool`, `@function_tool`, `@Tool(…)`, `@mcp.tool()`, `@server.call_tool()`, `@controller.action(…)`, …);
 * - a server decorator in call form (`mcp.tool(name=…)(fn)`), returned by a decorator factory (`return mcp.tool(…)`),
 *   and the registration calls `x.add_tool(`, `X.from_function(`, `X.from_defaults(`, `x.Server(` / `x.Server[`;
 * - a call of `Tool(`, `StructuredTool(`, `Server(` / `Server[` (not prose: `MCP Server (…)`);
 * - one of those names imported under another name (`from x import tool as t`);
 * - a library whose agents or tool classes are recognized by their import (Google ADK, agno, CAMEL, Swarm);
 * - a method a tool class runs (`def _run`, `def _arun`, `def forward`, `def __call__`, indented), a LlamaIndex
 *   `spec_functions` list, or a method of the class listed in its `__init__` (an agno toolkit:
 *   `tools=[self.fn]`, `self.register(self.fn)`, `tools.append(self.fn)`, `(self.fn, "name")`).
 * Where the text cannot be read so (a parenthesis not closed within reach, a comment in between), the file is kept.
 */
export function mayRegisterPython(text: string): boolean {
  return (
    decoratorLine(text) ||
    attributeRegistration(text) ||
    registrationCall(text) ||
    renamedImport(text) ||
    LIBRARIES.test(text) ||
    CLASS_METHOD.test(text) ||
    text.includes('spec_functions') ||
    listsOwnMethod(text)
  );
}

/** Words a registering decorator names: a framework's decorator or a server's decorating attribute. */
const DECORATOR_WORD = /\b(?:tool|function_tool|Tool|tool_plain|call_tool|list_tools|resource|prompt|read_resource|get_prompt|action)\b/;
/** A line that starts a decorator (after its indentation). */
const DECORATOR_START = /^[ \t]*@/gm;

/** A decorator line naming a registration word (a decorator continued with `\` takes its next lines too). */
function decoratorLine(text: string): boolean {
  for (const m of text.matchAll(DECORATOR_START)) {
    let end = text.indexOf('\n', m.index);
    // a decorator continued over more than 20 lines is kept unread (each `@` line would read them all again)
    for (let lines = 0; end > 0 && continued(text, end); lines++) {
      if (lines > 20) return true;
      end = text.indexOf('\n', end + 1);
    }
    if (DECORATOR_WORD.test(text.slice(m.index, end < 0 ? text.length : end))) return true;
  }
  return false;
}

/** Does the line ending at the newline `end` end with a `\` continuation? */
function continued(text: string, end: number): boolean {
  return text[end - 1] === '\\' || (text[end - 1] === '\r' && text[end - 2] === '\\');
}

/** A name of an attribute that registers, as a whole word (`dotBefore` then checks it is read after a dot). */
const REGISTERING_ATTRIBUTE = /(?<![\w$])(tool|resource|prompt|add_tool|from_function|from_defaults|Server)(?![\w$])/g;
const SPACE = /\s/;

/** The index of the next character at or after `i` that is no white space, `\` line continuation nor comment. */
function skipSpace(text: string, i: number): number {
  for (;;) {
    if (SPACE.test(text[i] ?? '') || (text[i] === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r'))) i++;
    else if (text[i] === '#') {
      const end = text.indexOf('\n', i);
      if (end < 0) return text.length;
      i = end;
    } else return i;
  }
}

/**
 * An attribute call that registers outside a decorator line: `x.add_tool(`, `X.from_function(`, `X.from_defaults(`,
 * `x.Server(` / `x.Server[`, and a server decorator called on a function (`mcp.tool(…)(fn)`) or returned by a
 * decorator factory (`return mcp.tool(…)`).
 */
function attributeRegistration(text: string): boolean {
  let read = 0;
  for (const m of text.matchAll(REGISTERING_ATTRIBUTE)) {
    if (!dotBefore(text, m.index)) continue;
    // past a few thousand such attributes, the file is kept unread (each may read its arguments to their end)
    if (++read > 2000) return true;
    const name = m[1];
    const open = skipSpace(text, m.index + m[0].length);
    const next = text[open];
    if (name === 'Server') {
      if (next === '(' || next === '[') return true;
      continue;
    }
    if (next !== '(') continue;
    if (name === 'add_tool' || name === 'from_function' || name === 'from_defaults') return true;
    // `return mcp.tool(…)` (a `return` within 200 characters before)
    if (RETURN.test(text.slice(Math.max(0, m.index - 200), m.index))) return true;
    const close = closingParenthesis(text, open);
    if (close < 0 || text[skipSpace(text, close + 1)] === '(') return true;
  }
  return false;
}
const RETURN = /\breturn\b/;

/**
 * Is the name at `at` read after a dot (`mcp.tool`, `mcp . tool`, `mcp.\` continued, `(mcp.\n tool` inside
 * brackets)? Read back over white space and line breaks; a line with a `#` on the way (a comment may end it)
 * is taken as ending with one.
 */
function dotBefore(text: string, at: number): boolean {
  let i = at - 1;
  for (;;) {
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\f')) i--;
    if (text[i] !== '\n') return text[i] === '.';
    const lineStart = text.lastIndexOf('\n', i - 1) + 1;
    if (text.slice(lineStart, i).includes('#')) return true;
    i--;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\f')) i--;
    if (text[i] === '\\') i--;
  }
}

/**
 * Where the parenthesis opened at `open` closes, over strings (one-line and triple-quoted) and comments; -1
 * when it is not read so within 20,000 characters (a string left open at a line end, a mismatched bracket).
 */
export function closingParenthesis(text: string, open: number): number {
  const limit = Math.min(text.length, open + 20_000);
  let depth = 0;
  for (let i = open; i < limit; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth === 0) return c === ')' ? i : -1;
    } else if (c === '"' || c === "'") {
      if (text.startsWith(c + c + c, i)) {
        const end = text.indexOf(c + c + c, i + 3);
        if (end < 0 || end >= limit) return -1;
        i = end + 2;
        continue;
      }
      let j = i + 1;
      for (; j < limit && text[j] !== c; j++) {
        if (text[j] === '\n') return -1;
        if (text[j] === '\\') j++;
      }
      i = j;
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      if (end < 0) return -1;
      i = end;
    }
  }
  return -1;
}

/** `Tool(`, `StructuredTool(`, `Server(`, `Server[`: the names whose calls discovery reads by name. */
const CALLED_NAME = /\b(?:Tool|StructuredTool|Server)\s*[([]/g;
/** Python keywords an expression may follow on its line; a call after any other word (`MCP Server (…)`) is prose. */
const EXPRESSION_KEYWORD = new Set([
  'and', 'as', 'assert', 'async', 'await', 'case', 'del', 'elif', 'else', 'except', 'exec', 'for', 'from', 'if', 'import', 'in', 'is',
  'lambda', 'match', 'not', 'or', 'print', 'raise', 'return', 'while', 'with', 'yield',
]); // prettier-ignore

function registrationCall(text: string): boolean {
  for (const m of text.matchAll(CALLED_NAME)) {
    const word = wordBefore(text, m.index);
    if (word === null || EXPRESSION_KEYWORD.has(word)) return true;
  }
  return false;
}

/**
 * The word that precedes `at` on its line across spaces (`running` in `running tool (`), or null when
 * something else does (an operator, a bracket, the line start, or no space between).
 */
export function wordBefore(text: string, at: number): string | null {
  let i = at;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (i === at) return null;
  const end = i;
  while (i > 0 && /[\w$]/.test(text[i - 1])) i--;
  return i < end ? text.slice(i, end) : null;
}

/** A registration name imported under another name: `from x import tool as t`, `from x import (a, Tool as T)`. */
const RENAMED = /\b(?:tool|function_tool|Tool|StructuredTool|Server)\s+as\s+[A-Za-z_]/g;

function renamedImport(text: string): boolean {
  let read = 0;
  for (const m of text.matchAll(RENAMED)) {
    // past a few hundred, the file is kept unread (each reads back up to 5,000 characters)
    if (++read > 200 || inImportStatement(text, m.index)) return true;
  }
  return false;
}

/**
 * May `at` be inside an import statement's names (`from x import a, b as c`, `from x import (\n a,\n b as c)`)?
 * Read back over names, commas, parentheses, spaces and `\` continuations to the word `import`; a line with a
 * comment on the way, or more than 5,000 characters, is taken as one; the start of the text is none.
 */
function inImportStatement(text: string, at: number): boolean {
  const limit = Math.max(0, at - 5000);
  for (let i = at - 1; i >= limit; i--) {
    const c = text[i];
    if (c === '\n') {
      const lineStart = text.lastIndexOf('\n', i - 1) + 1;
      if (text.slice(lineStart, i).includes('#')) return true;
      continue;
    }
    if (c === 't' && text.startsWith('import', i - 5) && !/[\w.]/.test(text[i - 6] ?? '')) return true;
    if (!/[\w\s,().\\]/.test(c)) return false;
  }
  return limit > 0;
}

/** Libraries whose tools discovery recognizes by their import: Google ADK agents, agno / CAMEL agents and toolkits, Swarm agents. */
const LIBRARIES = /\b(?:adk|agno|camel|swarm)\b/;
/** A method a tool class runs, indented in a class body: `def _run`, `async def _arun`, `def forward`, `def __call__`. */
const CLASS_METHOD = /^[ \t]+(?:async[ \t]+)?def[ \t]+(?:_run|_arun|forward|__call__)\b/m;

const SELF_ATTRIBUTE = /\bself\s*\.\s*([A-Za-z_]\w*)/g;
const DEFINED = /\bdef\s+([A-Za-z_]\w*)/g;

/**
 * A class's `__init__` listing one of its methods as a tool (agno toolkits, `toolkitMethods`): `self.fn` in a
 * list (`[self.fn, …]`), a tuple (`(self.fn, "name")`), or the first argument of `append(` / `register(`, with a
 * `def fn` in the file. A comment next to the reference is taken as such a place.
 */
function listsOwnMethod(text: string): boolean {
  if (!/\bdef\s+__init__\b/.test(text)) return false;
  let defined: Set<string> | undefined;
  for (const m of text.matchAll(SELF_ATTRIBUTE)) {
    let i = m.index - 1;
    let crossed = -1;
    while (i >= 0 && SPACE.test(text[i])) {
      if (text[i] === '\n' && crossed < 0) crossed = i;
      i--;
    }
    const commentBefore = crossed >= 0 && text.slice(text.lastIndexOf('\n', i) + 1, i + 1).includes('#');
    const j = skipSpace(text, m.index + m[0].length);
    const after = text[j] === ',' || text[j] === ']' || text[j] === ')' || text[j] === '#';
    if (!after || !(commentBefore || placeBefore(text, i))) continue;
    defined ??= new Set(Array.from(text.matchAll(DEFINED), (d) => d[1]));
    if (defined.has(m[1])) return true;
  }
  return false;
}

/** Before a listed `self.fn` (`i` at the character before it): `[` or `,`, a tuple's `(`, or the `(` of `append(` / `register(`. */
function placeBefore(text: string, i: number): boolean {
  const c = text[i];
  if (c === '[' || c === ',') return true;
  if (c !== '(') return false;
  let k = i - 1;
  while (k >= 0 && SPACE.test(text[k])) k--;
  if (text[k] === ')' || text[k] === ']') return false; // the arguments of some call
  if (!/\w/.test(text[k] ?? '')) return true; // a tuple
  let start = k;
  while (start > 0 && /\w/.test(text[start - 1])) start--;
  const callee = text.slice(start, k + 1);
  return callee === 'append' || callee === 'register' || EXPRESSION_KEYWORD.has(callee);
}
