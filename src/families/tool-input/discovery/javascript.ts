import type { ProjectContext } from '../../../core/types.js';
import { MAX_SYNTAX_DEPTH } from '../../../core/budget.js';
import type { CodeLanguage, Node } from '../../../parsing/parsers.js';
import type { SourceFile } from '../../../core/source-file.js';
import { resolveJsModule } from '../../../parsing/modules.js';
import { jsBracketEnd } from '../../../parsing/js-text.js';
import { decodeEscapes, parsedModule, rangeOfNode, tooDeepRegistration, walk, type ModuleView } from './common.js';
import type { Framework, ToolHandler, ToolParameter } from './types.js';
import { ENTRY_WORDS } from './words.js';
import { descendantsOf, JS_FUNCTION_TYPES } from '../../../parsing/nodes.js';

/**
 * Tool discovery for JavaScript / TypeScript / TSX, ESM and CommonJS: `tool(...)` of the AI SDK, OpenAI
 * Agents and LangChain.js, `new DynamicStructuredTool(...)`, Mastra `createTool`, MCP `server.tool`,
 * `server.registerTool`, `setRequestHandler(CallToolRequestSchema, ...)`, LangChain.js tool classes.
 */

type Lib = 'vercel' | 'openai-agents' | 'langchain' | 'mastra' | 'mcp' | 'mcp-utils';

function libOf(module: string): Lib | null {
  if (module === 'ai' || module.startsWith('ai/')) return 'vercel';
  if (module.startsWith('@openai/agents')) return 'openai-agents';
  if (module.startsWith('@langchain/') || module === 'langchain' || module.startsWith('langchain/')) return 'langchain';
  if (module.startsWith('@mastra/')) return 'mastra';
  if (module.startsWith('@modelcontextprotocol/') || module === 'fastmcp' || module === 'mcp-framework') return 'mcp';
  // `tool({ description, parameters, execute })` objects served by `createMcpServer({ tools })`
  if (module === '@supabase/mcp-utils') return 'mcp-utils';
  return null;
}

/** The framework a tool object built by a library's `tool(...)` / `createTool(...)` belongs to. */
const FRAMEWORK_OF_LIB: Record<Lib, Framework> = {
  vercel: 'vercel-ai-sdk',
  'openai-agents': 'openai-agents-js',
  langchain: 'langchain-js',
  mastra: 'mastra',
  mcp: 'mcp-typescript',
  'mcp-utils': 'mcp-typescript',
};

interface JsImport {
  module: string;
  /** Exported name, 'default', or '*' for a namespace / whole-module require. */
  imported: string;
}

const REGISTRATION_NAMES = new Set([
  'tool',
  'createTool',
  'DynamicStructuredTool',
  'DynamicTool',
  'registerTool',
  'setRequestHandler',
  'resource',
  'registerResource',
  'prompt',
  'registerPrompt',
]);

const NAME_ALTERNATION = [...REGISTRATION_NAMES].join('|');
// A comment between a name and what follows it is taken as a possible registration (`tool /* x */ (`): the
// shapes stay simple regular expressions that cannot backtrack badly, and the check stays a superset.
/** The start of a comment (`/*`, `//`). */
const COMMENT = String.raw`\/[*/]`;
/** A `require(…)` or `import(…)`: only then does `analyzeImports` read variable declarations. */
const DYNAMIC_IMPORT = /\brequire\s*\(|\bimport\s*\(/;
/**
 * A registration name called: `tool(`, `server.tool<T>(`, `new DynamicTool(`, a tagged, optional (`tool?.(`, `tool?.<T>(`) or
 * non-null call; not a member read (`tool?.name`) nor a comparison (`tool !== undefined`).
 */
const CALLED = new RegExp(String.raw`\b(?:${NAME_ALTERNATION})\s*(?:[(<\x60]|!(?!=)|\?\.\s*(?:[(<]|${COMMENT})|${COMMENT})`);
/** A registration name imported under another name: `import { tool as t }`, `{ tool as t, … }` (not a cast: `tool as Tool[]`). */
const RENAMED = new RegExp(String.raw`\b(?:${NAME_ALTERNATION})['"]?\s*(?:as\b\s*(?:${COMMENT}|[\w$]+\s*(?:[,}]|${COMMENT}))|${COMMENT})`);
/** The same through `require` / `import()` (read only when the file has one): `{ tool: t } = require(…)`, `require(…).tool`. */
const REQUIRED = new RegExp(String.raw`\b(?:${NAME_ALTERNATION})\s*(?::|${COMMENT})`);
const REQUIRED_MEMBER = new RegExp(String.raw`(?:\.|\*/)\s*(?:${NAME_ALTERNATION})\b`);
const COMMENT_THEN_ROOT = /\*\/\s*(?:Structured)?Tool\b/;
/** A relative module specifier opened by a call: `require('./x')`, `import('../x')`. */
const RELATIVE_CALL = /\b(?:require|import)\s*\(\s*['"`]\./g;
const WORD = /[\w$]+/g;
const QUOTE = /['"`]/;
const SPACE = /\s/;

/**
 * Does the text call a repository tool factory (`defineTool({ … })`, `injectableTool({ … })`)? A superset of
 * what `factoryCall` / `forwardingFactoryCall` accept: a call (type arguments and `?.` allowed) of a name
 * ending in `Tool`, whose argument starts with an object literal (after parentheses, `await` and comments;
 * a `<T>` assertion is taken as one), of a function declared in this file or imported from a relative module.
 * Read with string searches, no regular expression that could backtrack over the text.
 */
function callsRepositoryFactory(text: string): boolean {
  const called = new Set<string>();
  for (const m of text.matchAll(TOOL_WORD_END)) {
    let start = m.index;
    while (start > 0 && IDENTIFIER_CHAR.test(text[start - 1])) start--;
    if (start === m.index) continue; // `Tool` alone is not a factory
    if (afterProse(text, start)) continue; // `'… require toolSearchTool({ execute }) …'`
    const open = callOpenAfter(text, m.index + 4);
    if (open >= 0 && objectArgumentAt(text, open + 1)) called.add(text.slice(start, m.index + 4));
  }
  if (!called.size) return false;
  const imported = relativeImportNames(text);
  for (const name of called) if (imported.has(name) || declaredHere(text, name)) return true;
  return false;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && SPACE.test(text[i])) i++;
  return i;
}

/** The index of the next character at or after `i` that is no white space nor comment (the text's length in an unclosed one). */
function skipTrivia(text: string, i: number): number {
  for (;;) {
    i = skipSpace(text, i);
    if (text[i] !== '/' || (text[i + 1] !== '*' && text[i + 1] !== '/')) return i;
    const end = text[i + 1] === '*' ? text.indexOf('*/', i + 2) : text.indexOf('\n', i + 2);
    if (end < 0) return text.length;
    i = end + (text[i + 1] === '*' ? 2 : 1);
  }
}

/** Where the `(` of a call of the name ending at `at` is (`name (`, `name<T>(`, `name?.(`, `name /* c *\/ (`), or -1. */
function callOpenAfter(text: string, at: number): number {
  let i = skipTrivia(text, at);
  if (text[i] === '<') {
    // type arguments: to the first `>` followed by `(` or `?.`, within 300 characters and no `;`
    const limit = Math.min(text.length, i + 300);
    let j = i + 1;
    for (; j < limit && text[j] !== ';'; j++) {
      if (text[j] !== '>') continue;
      const k = skipTrivia(text, j + 1);
      if (text[k] === '(' || (text[k] === '?' && text[k + 1] === '.')) break;
    }
    if (j >= limit || text[j] !== '>') return -1;
    i = skipTrivia(text, j + 1);
  }
  if (text[i] === '?' && text[i + 1] === '.') i = skipTrivia(text, i + 2);
  return text[i] === '(' ? i : -1;
}

/**
 * Does a call's first argument, from `at` (just past its `(`), start with an object literal that may hold a
 * factory's handler (`objectMayHoldHandler`)? At most 200 characters are read to the object.
 */
function objectArgumentAt(text: string, at: number): boolean {
  const limit = Math.min(text.length, at + 200);
  let i = at;
  while (i < limit) {
    const c = text[i];
    if (SPACE.test(c) || c === '(') i++;
    else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return true;
      i = end + 2;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i + 2);
      if (end < 0) return true;
      i = end + 1;
    } else if (text.startsWith('await', i) && !IDENTIFIER_CHAR.test(text[i + 5] ?? '')) i += 5;
    else return c === '<' || (c === '{' && objectMayHoldHandler(text, i));
  }
  // nothing left to read (a long comment): taken as an object
  return true;
}

/** An escape that may spell a key in a string (`'\x65xecute': …` is read as `execute`). */
const LETTER_ESCAPE = /\\[xuU]/;

/**
 * May the object literal opened at `open` hold a handler key, and a schema key (or a spread) beside it? Read to its closing brace over strings,
 * template literals and comments; one it cannot read so (a regular expression or a division, a string left
 * open at a line end, JSX, past 50,000 characters) is taken as holding one.
 */
/** How far an object literal is read (`objectMayHoldHandler`, `renamedInRequire`). */
const OBJECT_READ_LIMIT = 50_000;

function objectMayHoldHandler(text: string, open: number): boolean {
  const end = jsBracketEnd(text, open, { limit: OBJECT_READ_LIMIT });
  if (end < 0) return true;
  const object = text.slice(open, end + 1);
  return (HANDLER_KEY.test(object) && (SCHEMA_KEY.test(object) || object.includes('...'))) || LETTER_ESCAPE.test(object);
}

/**
 * Names bound by an import of a relative module (`import { a, b as c } from './x'`, `import d = require('./x')`,
 * `const { e } = require('./x')`, `const f = await import('./x')`), and the words around them: a superset.
 */
function relativeImportNames(text: string): Set<string> {
  const names = new Set<string>();
  const add = (clause: string) => {
    for (const w of clause.match(WORD) ?? []) names.add(w);
  };
  for (let i = text.indexOf('import'); i >= 0; i = text.indexOf('import', i + 6)) {
    if (i > 0 && (IDENTIFIER_CHAR.test(text[i - 1]) || text[i - 1] === '.')) continue;
    // the clause up to the module specifier's quote
    const statement = text.slice(i + 6, i + 2006);
    const quote = statement.search(QUOTE);
    if (quote >= 0 && statement[quote + 1] === '.') add(statement.slice(0, quote));
  }
  for (const m of text.matchAll(RELATIVE_CALL)) {
    // the declaration it is assigned to: back to the last `const` / `let` / `var`
    const before = text.slice(Math.max(0, m.index - 2000), m.index);
    const decl = Math.max(before.lastIndexOf('const'), before.lastIndexOf('let'), before.lastIndexOf('var'));
    if (decl >= 0) add(before.slice(decl));
  }
  return names;
}

/** Is `name` declared in the text: `function name`, `function* name`, `name = …`, `name: Type = …` (any `name =` or `name:`: a superset)? */
function declaredHere(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const end = at + name.length;
    if ((at > 0 && (IDENTIFIER_CHAR.test(text[at - 1]) || text[at - 1] === '.')) || IDENTIFIER_CHAR.test(text[end] ?? '')) continue;
    const next = text[skipSpace(text, end)];
    if (next === '=' || next === ':') return true;
    const before = text.slice(Math.max(0, at - 40), at).trimEnd();
    if (before.endsWith('function') || before.endsWith('*')) {
      const head = before.endsWith('*') ? before.slice(0, -1).trimEnd() : before;
      if (head.endsWith('function')) return true;
    }
  }
  return false;
}

/**
 * The text without its whole-line comments (`// …` lines, and `/* … *\/` blocks opened at the start of a line
 * whose lines each start with `*`): where tool talk hides in documentation. A line is only dropped when it
 * cannot be code inside a template literal or a continued string (no backtick, no `${`, no `\` ending the
 * line before), so no code is ever dropped.
 */
export function withoutCommentLines(text: string): string {
  if (!text.includes('//') && !text.includes('/*')) return text;
  // Read line by line without splitting the text: runs of kept lines are copied whole. Where the next backtick,
  // `${` and `*/` are is found once for the lines up to it (no line reads past them again).
  const kept: string[] = [];
  let runStart = -1;
  let runEnd = 0;
  let dropped = false;
  let inBlock = false;
  let tick = -2;
  let dollar = -2;
  let close = -2;
  const flush = () => {
    if (runStart >= 0) kept.push(text.slice(runStart, runEnd));
    runStart = -1;
  };
  for (let ls = 0; ls <= text.length;) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = text.length;
    if (tick !== -1 && tick < ls) tick = text.indexOf('`', ls);
    if (dollar !== -1 && dollar < ls) dollar = text.indexOf('${', ls);
    // a line that may be code inside a template literal or a continued string is never dropped
    const droppable = !(tick >= 0 && tick < le) && !(dollar >= 0 && dollar + 2 <= le) && !(ls > 1 && text[ls - 2] === '\\');
    let s = ls;
    while (s < le && isSpace(text.charCodeAt(s), text[s])) s++;
    let keep = true;
    if (inBlock) {
      if (close !== -1 && close < ls) close = text.indexOf('*/', ls);
      const end = close >= 0 && close + 2 <= le ? close : -1;
      if (!droppable || (end < 0 && text[s] !== '*')) inBlock = false;
      else {
        keep = false;
        if (end >= 0) {
          inBlock = false;
          flush();
          kept.push(text.slice(end + 2, le));
        }
      }
    } else if (droppable && text[s] === '/' && (text[s + 1] === '/' || text[s + 1] === '*')) {
      keep = false;
      if (text[s + 1] === '*') {
        if (close !== -1 && close < s + 2) close = text.indexOf('*/', s + 2);
        const end = close;
        if (end >= 0 && end + 2 <= le) {
          flush();
          kept.push(text.slice(end + 2, le));
        } else inBlock = true;
      }
    }
    if (keep) {
      if (runStart < 0) runStart = ls;
      runEnd = le;
    } else {
      dropped = true;
      flush();
    }
    ls = le + 1;
  }
  if (!dropped) return text;
  flush();
  return kept.join('\n');
}

/** White space as `trimStart` reads it. */
function isSpace(code: number, c: string): boolean {
  return code === 32 || code === 9 || ((code < 33 || code > 126) && /\s/.test(c));
}

/**
 * Does the text write the root of a LangChain class chain `fromClasses` follows (`extends Tool`,
 * `extends lc . StructuredTool`, `extends /* … *\/ Tool`)? Read after each `extends` over at most 200
 * characters, with no regex that could backtrack over the whole file (a superset: `extends A B.Tool` counts).
 */
function writesClassRoot(text: string): boolean {
  for (let i = text.indexOf('extends'); i >= 0; i = text.indexOf('extends', i + 7)) {
    if ((i > 0 && /[\w$]/.test(text[i - 1])) || /[\w$]/.test(text[i + 7] ?? '')) continue;
    const after = text.slice(i + 7, i + 207);
    let j = after.length - after.trimStart().length;
    if (after[j] === '/') return true;
    // the last name of a dotted chain (`lc . tools.StructuredTool`)
    let last: string;
    for (;;) {
      const start = j;
      while (j < after.length && /[\w$]/.test(after[j])) j++;
      last = after.slice(start, j);
      while (after[j] === ' ' || after[j] === '\t' || after[j] === '\n' || after[j] === '\r') j++;
      if (!last || after[j] !== '.') break;
      j++;
      while (after[j] === ' ' || after[j] === '\t' || after[j] === '\n' || after[j] === '\r') j++;
    }
    if (last === 'Tool' || last === 'StructuredTool') return true;
  }
  return COMMENT_THEN_ROOT.test(text);
}

/**
 * Cheap pre-check before parsing, a superset of every text from which `JsDiscovery` can build a candidate:
 * a JavaScript / TypeScript file for which it is false registers nothing (most files that merely mention
 * tools in comments, types and strings) and is not parsed for discovery. test/tool-input/pre-check.test.ts
 * holds it to every fixture that registers.
 */
export function mayRegisterJavaScript(source: string): boolean {
  const text = withoutCommentLines(source);
  return (
    callsRegistrationName(text) ||
    renamedInImport(text) ||
    callsRepositoryFactory(text) ||
    writesClassRoot(text) ||
    (DYNAMIC_IMPORT.test(text) && (renamedInRequire(text) || requiredMember(text)))
  );
}

/**
 * Words an expression may follow on its line (`return tool(…)`, `new DynamicTool(…)`, `await server.tool(…)`).
 * After any other word a name is not called: it is prose in a string (`'Error running tool (non-fatal)'`)
 * or a declaration (`function tool<T>(`, `async prompt(` of a class), which registers nothing.
 */
const EXPRESSION_KEYWORDS = new Set([
  'await', 'case', 'default', 'delete', 'do', 'else', 'export', 'extends', 'in', 'instanceof', 'new', 'of', 'return', 'throw', 'typeof',
  'void', 'yield', 'as', 'satisfies', 'keyof', 'is',
]); // prettier-ignore

/** The word before `at` on its line across spaces (`running` in `running tool (`), or null when something else precedes it. */
function wordBefore(text: string, at: number): string | null {
  let i = at;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (i === at) return null;
  const end = i;
  while (i > 0 && IDENTIFIER_CHAR.test(text[i - 1])) i--;
  return i < end ? text.slice(i, end) : null;
}

/** A name called after a word that is no expression keyword (`wordBefore`): prose or a declaration. */
function afterProse(text: string, at: number): boolean {
  const word = wordBefore(text, at);
  return word !== null && !EXPRESSION_KEYWORDS.has(word);
}

/** Names `fromCall` accepts only as a property (`server.prompt(…)`): called bare, an MCP method name registers nothing. */
const MEMBER_ONLY = new Set(['prompt', 'resource', 'registerPrompt', 'registerResource', 'registerTool', 'setRequestHandler']);
/** Of those, the ones registered only on an MCP server (`mcpEvidence`): not on a namespace import, whose branch reads only `tool`, `createTool` and the LangChain classes. */
const MCP_ONLY = new Set(['prompt', 'resource', 'registerPrompt', 'registerResource', 'registerTool']);
/**
 * An MCP library's module specifier (`libOf`'s 'mcp' and 'mcp-utils'), the file-wide evidence `mcpEvidence`
 * takes; `LETTER_ESCAPE` is checked beside it (a specifier may be spelled with escapes).
 */
const MCP_LIBRARY = /['"\x60](?:@modelcontextprotocol\/|fastmcp['"\x60]|mcp-framework['"\x60]|@supabase\/mcp-utils['"\x60])/;
/** A receiver `mcpEvidence` takes as a server's. */
const SERVER_WORD = /server|mcp/i;
const CALLED_ALL = new RegExp(CALLED.source, 'g');

/**
 * Does the text call a registration name (`CALLED`) where `fromCall` may accept it? Not after a prose word
 * (`afterProse`), not as a tagged template (`tool\x60…\x60`: its arguments are a template's parts, never a
 * handler; except `setRequestHandler`, whose schema may be read from them), not an MCP method called bare
 * (`prompt(…)`), nor an MCP method on a receiver that is no server's (`configAgent.prompt(…)`, in a file
 * importing no MCP library).
 */
function callsRegistrationName(text: string): boolean {
  let mcpFile: boolean | undefined;
  for (const m of text.matchAll(CALLED_ALL)) {
    if (afterProse(text, m.index)) continue;
    const name = /^[\w$]+/.exec(m[0])![0];
    if (m[0].endsWith('\x60') && name !== 'setRequestHandler') continue;
    const dot = memberDot(text, m.index);
    if (dot === null) {
      if (MEMBER_ONLY.has(name)) continue;
      if ((name === 'tool' || name === 'createTool') && !firstArgumentMayBeRead(text, m.index + name.length)) continue;
    } else if (dot >= 0 && MCP_ONLY.has(name)) {
      mcpFile ??= MCP_LIBRARY.test(text) || LETTER_ESCAPE.test(text);
      if (!mcpFile && !receiverMayBeServer(text, dot)) continue;
    }
    return true;
  }
  return false;
}

/**
 * May the call of a name ending at `at` (`tool(`, `createTool<T>(`) have a first argument `toolCall` or the
 * `createTool` branch reads: an object, or a function (`tool(fn, { schema })`)? Not a string, a number, an
 * array or nothing (`createTool('name')`, `tool()`); a call not read so (a comment, `!`) is taken as one.
 */
function firstArgumentMayBeRead(text: string, at: number): boolean {
  const open = callOpenAfter(text, at);
  if (open < 0) return true;
  const c = text[skipSpace(text, open + 1)] ?? '';
  return !NO_HANDLER_START.test(c);
}
/** How an argument that is no object and no function starts: a string, template, number, array, or the end of the arguments. */
const NO_HANDLER_START = /['"\x60\d[)]/;

/**
 * Is the name at `at` a property (`x.name`, `x?.name`, `x . name`)? The index of its `.` when it is, null when
 * it is bare, -1 when that is not read (a comment or a private name before it).
 */
function memberDot(text: string, at: number): number | null {
  let i = at - 1;
  while (i >= 0 && SPACE.test(text[i])) i--;
  if (text[i] === '.') return text[i - 1] === '.' ? null : i; // a spread (`...createTool(…)`) is bare
  if (text[i] === '/' || text[i] === '#' || commentLineBetween(text, i, at)) return -1;
  return null;
}

/**
 * Is there a line with `//` from the line of `from` to `to` (a comment that may hide what is read back over)?
 * Only when a line break is between them: read back from `from` to its line's start.
 */
function commentLineBetween(text: string, from: number, to: number): boolean {
  if (!text.slice(from, to).includes('\n')) return false;
  return text.slice(text.lastIndexOf('\n', from) + 1, to).includes('//');
}

/**
 * May the receiver before the `.` at `dot` be a server's (`mcpEvidence`: its text matches /server|mcp/i)? Read
 * back over a chain of plain names (`this.#app.server`, `configAgent`); any other receiver (a call, an index,
 * a non-null `!`, a comment on the way) is taken as one.
 */
function receiverMayBeServer(text: string, dot: number): boolean {
  let i = dot;
  for (;;) {
    // at a `.`: an optional chain's `?.` is read as one
    i--;
    if (text[i] === '?') i--;
    while (i >= 0 && SPACE.test(text[i])) i--;
    const end = i + 1;
    while (i >= 0 && (IDENTIFIER_CHAR.test(text[i]) || text[i] === '#')) i--;
    if (i + 1 === end) return true; // no name: some other expression
    if (SERVER_WORD.test(text.slice(i + 1, end))) return true;
    while (i >= 0 && SPACE.test(text[i])) i--;
    if (text[i] !== '.') return commentLineBetween(text, i, dot) || text.slice(i + 1, dot).includes('/*');
  }
}

const RENAMED_ALL = new RegExp(RENAMED.source, 'g');

/** A registration name renamed (`RENAMED`) inside an import statement's braces: `import { tool as t } from 'ai'`. */
function renamedInImport(text: string): boolean {
  let read = 0;
  for (const m of text.matchAll(RENAMED_ALL)) {
    // past a few hundred, the file is kept unread (each reads back up to 5,000 characters)
    if (++read > 200 || mayBeInImport(text, m.index)) return true;
  }
  return false;
}

/**
 * May `at` be inside the braces of an import statement (`import { a, tool as t }`, `import X, {\n tool as t }`,
 * `import type { … }`)? Read back over names, commas, spaces, quotes and one `{` to the word `import`; a `/`
 * (maybe a comment), a line with `//`, or more than 5,000 characters is taken as one.
 */
function mayBeInImport(text: string, at: number): boolean {
  const limit = Math.max(0, at - 5000);
  let braces = 0;
  for (let i = at - 1; i >= limit; i--) {
    const c = text[i];
    if (c === '\n') {
      if (text.slice(text.lastIndexOf('\n', i - 1) + 1, i).includes('//')) return true;
    } else if (c === '/') return true;
    else if (c === '{') {
      if (++braces > 1) return false;
    } else if (c === 't' && text.startsWith('import', i - 5) && !/[\w$.]/.test(text[i - 6] ?? '')) return braces === 1;
    else if (!IMPORT_CLAUSE_CHAR.test(c)) return false;
  }
  return true;
}
const IMPORT_CLAUSE_CHAR = /[\w$\s,'"*]/;

const REQUIRED_ALL = new RegExp(REQUIRED.source, 'g');

/**
 * A registration name renamed in a destructuring of a `require(…)` / `import(…)` (`REQUIRED`): `const { tool: t }
 * = require('ai')`, `= await import('ai')`. The key must close its object with `}` followed by `=` and, past
 * parentheses and `await`, `require` or `import` (or something not read so: a type, a comment, a cast).
 */
function renamedInRequire(text: string): boolean {
  let read = 0;
  for (const m of text.matchAll(REQUIRED_ALL)) {
    // past a few hundred, the file is kept unread (each reads its object up to 50,000 characters)
    if (++read > 300) return true;
    if (!m[0].endsWith(':')) return true; // a comment after the name: not read
    const end = jsBracketEnd(text, m.index + m[0].length, { limit: OBJECT_READ_LIMIT, inside: true });
    if (end === -2) continue; // `(tool: Tool<any>, …)`: a parameter, no pattern
    if (end < 0) return true;
    let i = skipTrivia(text, end + 1);
    if (text[i] === ':') return true; // a type annotation: not read
    if (text[i] !== '=' || text[i + 1] === '=' || text[i + 1] === '>') continue;
    for (i = skipTrivia(text, i + 1); ;) {
      if (text[i] === '(') i = skipTrivia(text, i + 1);
      else if (text.startsWith('await', i) && !IDENTIFIER_CHAR.test(text[i + 5] ?? '')) i = skipTrivia(text, i + 5);
      else break;
    }
    const word = /^[\w$]+/.exec(text.slice(i, i + 20))?.[0];
    if (word === undefined || word === 'require' || word === 'import') return true;
  }
  return false;
}

const REQUIRED_MEMBER_ALL = new RegExp(REQUIRED_MEMBER.source, 'g');

/**
 * A registration name read as a property of a `require(…)` / `import(…)` (`REQUIRED_MEMBER`): `require('ai').tool`,
 * `(await import('ai')).tool`. A property of a plain name (`toolRun.tool`) is no such read.
 */
function requiredMember(text: string): boolean {
  for (const m of text.matchAll(REQUIRED_MEMBER_ALL)) {
    if (m[0].startsWith('.')) {
      let i = m.index - 1;
      while (i >= 0 && SPACE.test(text[i])) i--;
      if (i >= 0 && IDENTIFIER_CHAR.test(text[i])) continue;
    }
    return true;
  }
  return false;
}

/**
 * What a low-level MCP request handler serves, by the request's method string (`setRequestHandler('tools/call', …)`,
 * SDK v2) or schema (`CallToolRequestSchema`, SDK v1), and where the client's input sits in the request.
 */
const REQUEST_HANDLERS: Record<string, { entry?: 'resource' | 'prompt'; inputPath: string[] }> = {
  'tools/call': { inputPath: ['params', 'arguments'] },
  CallToolRequestSchema: { inputPath: ['params', 'arguments'] },
  'resources/read': { entry: 'resource', inputPath: ['params'] },
  ReadResourceRequestSchema: { entry: 'resource', inputPath: ['params'] },
  'prompts/get': { entry: 'prompt', inputPath: ['params'] },
  GetPromptRequestSchema: { entry: 'prompt', inputPath: ['params'] },
};

function unwrapExpr(n: Node | null | undefined): Node | null {
  let cur = n ?? null;
  while (
    cur &&
    (cur.type === 'parenthesized_expression' ||
      cur.type === 'as_expression' ||
      cur.type === 'satisfies_expression' ||
      cur.type === 'await_expression' ||
      cur.type === 'non_null_expression' ||
      cur.type === 'type_assertion')
  ) {
    cur = cur.namedChildren.find((c) => c && c.type !== 'type_annotation' && !c.type.endsWith('_type') && c.type !== 'type_identifier') ?? null;
  }
  return cur;
}

function requireSource(n: Node | null): string | null {
  const v = unwrapExpr(n);
  if (v?.type !== 'call_expression') return null;
  const f = v.childForFieldName('function');
  if (!f || !((f.type === 'identifier' && f.text === 'require') || f.type === 'import')) return null;
  const arg = v.childForFieldName('arguments')?.namedChildren[0];
  return arg?.type === 'string' ? stringLiteral(arg) : null;
}

function stringLiteral(n: Node): string | null {
  if (n.type === 'string') {
    return decodeEscapes(n.text.slice(1, -1));
  }
  if (n.type === 'template_string') {
    if (n.namedChildren.some((c) => c?.type === 'template_substitution')) return null;
    return decodeEscapes(n.text.slice(1, -1));
  }
  return null;
}

function analyzeImports(root: Node): Map<string, JsImport> {
  const imports = new Map<string, JsImport>();
  // descendantsOfType runs inside the parser: far cheaper than visiting every node from JS
  const kinds = DYNAMIC_IMPORT.test(root.text) ? ['import_statement', 'variable_declarator'] : ['import_statement'];
  for (const n of descendantsOf(root, kinds)) {
    if (n) importOf(n, imports);
  }
  return imports;
}

function importOf(n: Node, imports: Map<string, JsImport>): void {
  if (n.type === 'import_statement') {
    const src = n.childForFieldName('source');
    const module = src ? (stringLiteral(src) ?? '') : '';
    const clause = n.namedChildren.find((c) => c?.type === 'import_clause');
    for (const c of clause?.namedChildren ?? []) {
      if (!c) continue;
      if (c.type === 'identifier') imports.set(c.text, { module, imported: 'default' });
      else if (c.type === 'namespace_import') {
        const id = c.namedChildren.find((k) => k?.type === 'identifier');
        if (id) imports.set(id.text, { module, imported: '*' });
      } else if (c.type === 'named_imports') {
        for (const s of c.namedChildren) {
          if (s?.type !== 'import_specifier') continue;
          const name = s.childForFieldName('name')?.text ?? '';
          const alias = s.childForFieldName('alias')?.text ?? name;
          imports.set(alias, { module, imported: name.replace(/^['"]|['"]$/g, '') });
        }
      }
    }
    return;
  }
  if (n.type === 'variable_declarator') {
    const value = n.childForFieldName('value');
    const name = n.childForFieldName('name');
    let module = requireSource(value);
    let member: string | null = null;
    const v = unwrapExpr(value);
    if (!module && v?.type === 'member_expression') {
      module = requireSource(v.childForFieldName('object'));
      member = v.childForFieldName('property')?.text ?? null;
    }
    if (module === null || !name) return;
    if (name.type === 'identifier') imports.set(name.text, { module, imported: member ?? '*' });
    else if (name.type === 'object_pattern' && !member) {
      for (const p of name.namedChildren) {
        if (p?.type === 'shorthand_property_identifier_pattern') imports.set(p.text, { module, imported: p.text });
        else if (p?.type === 'pair_pattern') {
          const key = p.childForFieldName('key')?.text ?? '';
          const val = p.childForFieldName('value');
          if (val?.type === 'identifier') imports.set(val.text, { module, imported: key });
        }
      }
    }
  }
}

/** Properties of an object literal by key: the value node (or the node itself for shorthand and methods). */
function objectProps(obj: Node | null | undefined): Map<string, Node> {
  const out = new Map<string, Node>();
  if (obj?.type !== 'object') return out;
  for (const p of obj.namedChildren) {
    if (!p) continue;
    if (p.type === 'pair') {
      const k = p.childForFieldName('key');
      const v = p.childForFieldName('value');
      if (k && v) out.set(keyText(k), v);
    } else if (p.type === 'shorthand_property_identifier') out.set(p.text, p);
    else if (p.type === 'method_definition') {
      const k = p.childForFieldName('name');
      if (k) out.set(keyText(k), p);
    }
  }
  return out;
}

function keyText(k: Node): string {
  if (k.type === 'string') return stringLiteral(k) ?? k.text;
  return k.text;
}

/** Repository tool factories: `defineTool`, `createMcpTool`, `makeTool`, `buildTool`, `registerTool` as a free function. */
const FACTORY_NAME = /^(?:define|create|make|build|register)\w*Tool$/;
/** The handler of a factory's tool object, in order of preference. */
const FACTORY_HANDLER_KEYS = ['execute', 'handler', 'handle', 'run', 'invoke', 'call'];
/**
 * A key of one of FACTORY_HANDLER_KEYS (the same words), the handler a repository factory's object must have
 * (`repositoryFactoryArgument`): `execute:`, `'execute':`, a method `execute(`, `execute<T>(`, a shorthand
 * `execute,` / `execute }`, a comment before what follows. A superset: the word anywhere in the object.
 */
const HANDLER_KEY = /(?<![\w$])(?:execute|handler|handle|run|invoke|call)['"`]?\s*[:(,}</]/;
/**
 * A key of one of FACTORY_SCHEMA_KEYS, written as HANDLER_KEY reads a handler's: both factory shapes need one beside
 * the handler (`forwardingFactoryCall` also takes a spread-in definition, `...`, in its place).
 */
const SCHEMA_KEY = /(?<![\w$])(?:inputSchema|parameters|schema|argsSchema|input|args)['"`]?\s*[:(,}</]/;
/** A schema beside the handler: the mark of a tool definition, not any object with a `run`. */
const FACTORY_SCHEMA_KEYS = ['inputSchema', 'parameters', 'schema', 'argsSchema', 'input', 'args'];
/** A repository function named for tools (`injectableTool`): a factory when its body builds a framework's tool. */
const TOOL_SUFFIX = /^[\w$]+Tool$/;
/** Where a name ending in `Tool` ends; its start is found by walking back over `IDENTIFIER_CHAR`s. */
const TOOL_WORD_END = /Tool(?![\w$])/g;
const IDENTIFIER_CHAR = /[\w$]/;

interface Candidate {
  framework: Framework;
  /** The input is the handler's first parameter not named like a context (`handler(ctx, args)` of some factories). */
  skipContext?: boolean;
  /** An MCP resource or prompt handler rather than a tool. */
  entry?: 'resource' | 'prompt';
  /** Indexes of the handler parameters that carry input (default: the first); `[0, 1]` for a resource template's `(uri, variables)`. */
  inputParams?: number[];
  name: string;
  registration: Node;
  /** Function node, or identifier / member expression naming one. */
  handlerRef: Node | null;
  descNode?: Node | null;
  /** Where model input sits in the handler's first parameter. */
  inputPath?: string[];
  /** The first parameter is the raw string input (DynamicTool, Tool subclass). */
  valueInput?: boolean;
  /** Mastra: decide `context` nesting from the handler's shape. */
  mastra?: boolean;
  /** The handler receives no model input (MCP tool without an input schema). */
  noInput?: boolean;
  texts?: Node[];
}

class JsDiscovery {
  private readonly imports: Map<string, JsImport>;
  private readonly libs = new Set<Lib>();
  private readonly root: Node;

  constructor(
    private readonly file: SourceFile,
    private readonly language: CodeLanguage,
    private readonly view: ModuleView,
    private readonly project: ProjectContext,
  ) {
    this.root = view.root;
    this.imports = analyzeImports(this.root);
    for (const i of this.imports.values()) {
      const l = libOf(i.module);
      if (l) this.libs.add(l);
    }
  }

  async run(): Promise<ToolHandler[]> {
    const candidates: Candidate[] = [];
    const listTexts: Node[] = [];
    const calls = this.candidateCalls();
    const classes = writesClassRoot(this.file.text) ? descendantsOf(this.root, ['class_declaration', 'class', 'abstract_class_declaration']) : [];
    for (const call of calls) {
      const r = await this.fromCall(call);
      if (r === null) continue;
      if ('list' in r) listTexts.push(...r.list);
      else candidates.push(r);
    }
    candidates.push(...this.fromClasses(classes));
    this.throughWrappers(candidates);
    const out: ToolHandler[] = [];
    for (const c of candidates) {
      const h = await this.build(c, c.framework === 'mcp-typescript' && c.inputPath?.length === 2 ? listTexts : []);
      if (h) out.push(h);
    }
    return out;
  }

  /**
   * The calls `fromCall` may accept, in document order: those whose callee is a registration name (itself,
   * a property of that name, or an import alias of one) or a factory name. They are found where the text
   * writes such a name, instead of materialising every call of the tree across the wasm boundary.
   */
  private candidateCalls(): Node[] {
    const names = new Set(REGISTRATION_NAMES);
    for (const [local, imp] of this.imports) if (REGISTRATION_NAMES.has(imp.imported)) names.add(local);
    const alternation = [...names].map((n) => n.replace(/\$/g, '\\$')).join('|');
    const written = new RegExp(String.raw`(?<![\w$])(?:${alternation}|(?:define|create|make|build|register)\w*Tool)(?![\w$])`, 'g');
    const found = new Map<number, Node>();
    const add = (start: number, end: number) => {
      const name = this.root.descendantForIndex(start, end);
      const call = name ? calleeCall(name) : null;
      if (call) found.set(call.id, call);
    };
    for (const m of this.file.text.matchAll(written)) add(m.index, m.index + m[0].length);
    // any other name ending in `Tool` (`injectableTool(`): a factory when `forwardingFactoryCall` proves it
    for (const m of this.file.text.matchAll(TOOL_WORD_END)) {
      let start = m.index;
      while (start > 0 && IDENTIFIER_CHAR.test(this.file.text[start - 1])) start--;
      if (start < m.index) add(start, m.index + 4);
    }
    // descendantsOfType's order: by start, an enclosing call before the calls inside it
    return [...found.values()].sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  }

  /**
   * Registrations made through a local wrapper (`const tool = (name, …, cb) => server.registerTool(name, …,
   * async (args) => cb(args))`, `function addTool(name, d, s, handler) { server.tool(name, d, s, handler); }`):
   * each call of the wrapper registers its callback argument, under the name it passes where the wrapper
   * passes its name parameter. The wrapper's own registration (`[name]`) is replaced by its calls once one
   * of them is read. Only a wrapper that hands the registration's input to the callback counts
   * (`async () => cb()` gives the callback nothing the model chose). Calls in this file only.
   */
  private throughWrappers(candidates: Candidate[]): void {
    const byWrapper = new Map<Node, Candidate[]>();
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      const w = this.wrapperOf(c);
      if (!w) continue;
      if (w.callback < 0) {
        // a factory's template (`tool({ description, parameters, execute })` over its destructured object): its calls register the tools
        byWrapper.set(c.registration, []);
        continue;
      }
      const sites: Candidate[] = [];
      for (const call of this.callsOf(w.name, w.fn)) {
        const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => Boolean(a) && a!.type !== 'comment');
        const cb = args[w.callback];
        if (!cb || !this.looksLikeFunctionRef(cb)) continue;
        const nameArg = w.nameAt === undefined ? undefined : args[w.nameAt];
        const name = w.nameAt === undefined ? c.name : nameArg ? (this.str(nameArg) ?? computedName(nameArg)) : null;
        if (name === null) continue;
        const descNode = w.descAt === undefined ? null : (args[w.descAt] ?? null);
        sites.push({
          framework: c.framework,
          ...(c.entry ? { entry: c.entry } : {}),
          name,
          registration: call,
          handlerRef: cb,
          descNode,
          inputPath: c.inputPath,
          ...(c.valueInput ? { valueInput: true } : {}),
          texts: this.textsOf(call.childForFieldName('arguments'), [cb, descNode, nameArg]),
        });
      }
      if (sites.length) byWrapper.set(c.registration, sites);
    }
    if (!byWrapper.size) return;
    const out: Candidate[] = [];
    for (const c of candidates) out.push(...(byWrapper.get(c.registration) ?? [c]));
    candidates.splice(0, candidates.length, ...out);
  }

  /**
   * The local function a registration sits in, when that function is a registration wrapper: its name, the
   * position of the parameter it registers as the handler (passed as is, or called with the handler's input;
   * -1 for a property of a destructured object parameter, the shape of a tool factory), and the positions of
   * the parameters it passes as the tool's name and description.
   */
  private wrapperOf(c: Candidate): { name: string; fn: Node; callback: number; nameAt?: number; descAt?: number } | null {
    let fn: Node | null = c.registration.parent;
    while (fn && !JS_FUNCTION_TYPES.has(fn.type)) fn = fn.parent;
    if (!fn) return null;
    const decl = fn.type === 'function_declaration' ? fn : fn.parent?.type === 'variable_declarator' ? fn.parent : null;
    const name = decl?.childForFieldName('name');
    if (name?.type !== 'identifier') return null;
    const params: string[] = [];
    const destructured = new Set<string>();
    for (let i = 0; ; i++) {
      const p = nthParameter(fn, i);
      if (!p) break;
      params.push(p.type === 'identifier' ? p.text : '');
      if (p.type === 'object_pattern') for (const k of patternKeys(p)) destructured.add(k);
    }
    const at = (n: Node | null | undefined): number | undefined => {
      const v = unwrapExpr(n);
      if (v?.type !== 'identifier' && v?.type !== 'shorthand_property_identifier') return undefined;
      const i = params.indexOf(v.text);
      return i >= 0 ? i : destructured.has(v.text) ? -1 : undefined;
    };
    let callback = at(c.handlerRef);
    // the handler inline, or a function of the wrapper named for it (`execute: executeWithInjection`)
    const ref = unwrapExpr(c.handlerRef);
    const handler = ref?.type === 'identifier' || ref?.type === 'shorthand_property_identifier' ? localFunctionIn(fn, ref.text) : ref;
    if (callback === undefined && handler && JS_FUNCTION_TYPES.has(handler.type)) {
      // `async (args, extra) => { … await cb(args) … }`: the callback gets the handler's input
      const input = firstParameter(handler);
      if (input?.type !== 'identifier') return null;
      for (const inner of handler.descendantsOfType('call_expression')) {
        const callee = inner?.childForFieldName('function');
        const first = unwrapExpr(inner?.childForFieldName('arguments')?.namedChildren.find((a) => a && a.type !== 'comment'));
        // the input itself, or a copy of it (`cb({ ...args, ...inject })`)
        const passes =
          (first?.type === 'identifier' && first.text === input.text) ||
          (first?.type === 'object' && first.namedChildren.some((p) => p?.type === 'spread_element' && unwrapExpr(p.namedChildren[0])?.text === input.text));
        if (callee?.type === 'identifier' && passes && at(callee) !== undefined) {
          callback = at(callee);
          break;
        }
      }
    }
    if (callback === undefined) return null;
    // a property of an object parameter: only a library's `tool({...})` is a template whose factory calls are read (`builtToolLib`)
    if (callback < 0 && c.registration.childForFieldName('function')?.type !== 'identifier') return null;
    const nameMatch = /^\[([\w$]+)\]$/.exec(c.name);
    const nameAt = nameMatch ? params.indexOf(nameMatch[1]) : -1;
    if (nameMatch && nameAt < 0) return null; // a name computed from something else: not a wrapper's
    return { name: name.text, fn, callback, nameAt: nameAt >= 0 ? nameAt : undefined, descAt: at(c.descNode) };
  }

  /** The calls of a local function by its name, outside its own body. */
  private callsOf(name: string, fn: Node): Node[] {
    const out: Node[] = [];
    const text = this.file.text;
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
      if (at >= fn.startIndex && at < fn.endIndex) continue;
      // the whole word (the tree tells a call of it from a property or a string)
      if ((at > 0 && IDENTIFIER_CHAR.test(text[at - 1])) || IDENTIFIER_CHAR.test(text[at + name.length] ?? '')) continue;
      const id = this.root.descendantForIndex(at, at + name.length);
      const call = id?.type === 'identifier' ? calleeCall(id) : null;
      if (call?.type === 'call_expression') out.push(call);
    }
    return out;
  }

  /** The imported name a callee refers to (`tool`, `aiTool` → 'tool', `ai.tool` → 'tool'), with its library. */
  private calleeImport(callee: Node): { imported: string; lib: Lib | null; explicit: boolean; module?: string } | null {
    if (callee.type === 'identifier') {
      const imp = this.imports.get(callee.text);
      if (!imp) return { imported: callee.text, lib: null, explicit: false };
      return { imported: imp.imported, lib: libOf(imp.module), explicit: true, module: imp.module };
    }
    if (callee.type === 'member_expression') {
      const obj = callee.childForFieldName('object');
      const prop = callee.childForFieldName('property')?.text ?? '';
      if (obj?.type === 'identifier') {
        const imp = this.imports.get(obj.text);
        if (imp && (imp.imported === '*' || imp.imported === 'default')) return { imported: prop, lib: libOf(imp.module), explicit: true, module: imp.module };
      }
    }
    return null;
  }

  private async fromCall(call: Node): Promise<Candidate | { list: Node[] } | null> {
    const isNew = call.type === 'new_expression';
    const callee = call.childForFieldName(isNew ? 'constructor' : 'function');
    if (!callee) return null;
    // Cheap filter first: most calls of a file are none of the registration shapes.
    const calleeName =
      callee.type === 'identifier'
        ? (this.imports.get(callee.text)?.imported ?? callee.text)
        : callee.type === 'member_expression'
          ? (callee.childForFieldName('property')?.text ?? '')
          : '';
    if (!REGISTRATION_NAMES.has(calleeName)) {
      if (isNew || callee.type !== 'identifier') return null;
      if (FACTORY_NAME.test(callee.text)) return this.factoryCall(call, callee);
      return TOOL_SUFFIX.test(callee.text) ? this.forwardingFactoryCall(call, callee) : null;
    }
    const argsNode = call.childForFieldName('arguments');
    if (!argsNode) return null;
    const args = argsNode.namedChildren.filter((a): a is Node => Boolean(a) && a!.type !== 'comment');
    const ci = this.calleeImport(callee);
    if (ci) {
      const { imported, explicit } = ci;
      let lib = ci.lib;
      let relative = false;
      if (explicit && lib === null && ci.module?.startsWith('.')) {
        // A repository module: it may re-export the framework's function (`export { tool } from 'ai'`).
        lib = await reexportedLib(this.project, this.file.path, ci.module, imported);
        relative = lib === null;
      }
      // Imported from a library that is none of the frameworks: not ours to judge.
      if (explicit && lib === null && !relative) return null;
      if (!explicit && this.localFunctionNames().has(imported)) return null; // a local helper of that name
      if (!isNew && imported === 'tool') return this.toolCall(call, args, lib, explicit && !relative, relative);
      if (relative) return null;
      if (!isNew && imported === 'createTool') {
        if (explicit && lib !== 'mastra') return null;
        const cfg = unwrapExpr(args[0]);
        const props = objectProps(cfg);
        if (!props.has('execute') || (!explicit && !props.has('id'))) return null;
        return {
          framework: 'mastra',
          name: this.str(props.get('id')) ?? this.bindingName(call) ?? 'tool',
          registration: call,
          handlerRef: props.get('execute')!,
          descNode: props.get('description'),
          mastra: true,
          texts: this.textsOf(cfg, [props.get('execute'), props.get('description')]),
        };
      }
      if (isNew && (imported === 'DynamicStructuredTool' || imported === 'DynamicTool')) {
        if (explicit && lib !== 'langchain') return null;
        const cfg = unwrapExpr(args[0]);
        const props = objectProps(cfg);
        const fn = props.get('func') ?? props.get('coroutine');
        if (!fn) return null;
        return {
          framework: 'langchain-js',
          name: this.str(props.get('name')) ?? this.bindingName(call) ?? imported,
          registration: call,
          handlerRef: fn,
          descNode: props.get('description'),
          valueInput: imported === 'DynamicTool',
          texts: this.textsOf(cfg, [fn, props.get('description')]),
        };
      }
      return null;
    }
    if (isNew || callee.type !== 'member_expression') return null;
    const method = callee.childForFieldName('property')?.text ?? '';
    const receiver = callee.childForFieldName('object');
    if (method === 'resource' || method === 'registerResource' || method === 'prompt' || method === 'registerPrompt') {
      return this.resourceOrPrompt(call, method, receiver, args, argsNode);
    }
    if (method === 'tool' || method === 'registerTool') {
      if (args.length < 2) return null;
      const name = this.str(args[0]) ?? computedName(args[0]);
      if (name === null) return null;
      const last = args[args.length - 1];
      if (!this.looksLikeFunctionRef(last) && unwrapExpr(last)?.type !== 'call_expression') return null;
      if (!this.mcpEvidence(receiver)) return null;
      if (method === 'registerTool') return args.length === 3 ? this.registered(call, args, argsNode, name, 'inputSchema') : null;
      const middle = args.slice(1, -1);
      const descNode = middle.length && this.str(middle[0]) !== null ? middle[0] : null;
      const schemaArgs = middle.filter((m) => m !== descNode);
      return {
        framework: 'mcp-typescript',
        name,
        registration: call,
        handlerRef: last,
        descNode,
        inputPath: [],
        noInput: schemaArgs.length === 0,
        texts: this.textsOf(argsNode, [last, descNode, args[0]]),
      };
    }
    if (method === 'setRequestHandler' && args.length === 2) {
      const schema = this.str(args[0]) ?? args[0].text.split('.').pop() ?? '';
      if (schema === 'ListToolsRequestSchema' || schema === 'tools/list') return { list: this.textsOf(args[1], []) };
      const spec = Object.hasOwn(REQUEST_HANDLERS, schema) ? REQUEST_HANDLERS[schema] : null;
      // A method string is the SDK's own dispatch key: only on an MCP server.
      if (!spec || (stringLiteral(unwrapExpr(args[0]) ?? args[0]) !== null && !this.mcpEvidence(receiver))) return null;
      return {
        framework: 'mcp-typescript',
        ...(spec.entry ? { entry: spec.entry } : {}),
        name: spec.entry === 'resource' ? 'ReadResource' : spec.entry === 'prompt' ? 'GetPrompt' : 'CallTool',
        registration: call,
        handlerRef: args[1],
        inputPath: spec.inputPath,
      };
    }
    return null;
  }

  /**
   * MCP resources and prompts: `registerResource(name, uriOrTemplate, metadata, read)` / `resource(name,
   * uriOrTemplate, [metadata], read)`, where a template's read callback gets `(uri, variables)` chosen by the
   * client and a fixed URI's gets nothing to choose; `registerPrompt(name, config, cb)` / `prompt(name,
   * [description], [argsSchema], cb)`, whose `cb(args)` gets the client's arguments when a schema is given.
   */
  /**
   * `registerTool(name, config, cb)` / `registerPrompt(name, config, cb)`: the description and input schema
   * (`inputSchema`, a prompt's `argsSchema`) are properties of the config; without a schema, `cb` gets no input.
   */
  private registered(call: Node, args: Node[], argsNode: Node, name: string, schemaKey: string, entry?: 'prompt'): Candidate {
    const last = args[args.length - 1];
    const cfg = this.objectOf(args[1]);
    const props = objectProps(cfg);
    return {
      framework: 'mcp-typescript',
      ...(entry ? { entry } : {}),
      name,
      registration: call,
      handlerRef: last,
      descNode: props.get('description'),
      inputPath: [],
      noInput: cfg?.type === 'object' && !props.has(schemaKey),
      texts: this.textsOf(cfg?.type === 'object' ? cfg : argsNode, [last, props.get('description'), args[0]]),
    };
  }

  private resourceOrPrompt(call: Node, method: string, receiver: Node | null, args: Node[], argsNode: Node): Candidate | null {
    if (args.length < 2 || !this.mcpEvidence(receiver)) return null;
    const last = args[args.length - 1];
    if (!this.looksLikeFunctionRef(last) && unwrapExpr(last)?.type !== 'call_expression') return null;
    const name = this.str(args[0]) ?? computedName(args[0]);
    if (name === null) return null;
    const registered = method.startsWith('register');
    if (method === 'resource' || method === 'registerResource') {
      if (args.length < 3 || (registered && args.length !== 4)) return null;
      const fixedUri = this.str(args[1]) !== null;
      const cfg = args.length === 4 ? this.objectOf(args[2]) : null;
      const props = objectProps(cfg);
      return {
        framework: 'mcp-typescript',
        entry: 'resource',
        name,
        registration: call,
        handlerRef: last,
        descNode: props.get('description'),
        inputPath: [],
        noInput: fixedUri,
        inputParams: [0, 1],
        texts: this.textsOf(cfg?.type === 'object' ? cfg : null, [props.get('description')]),
      };
    }
    if (registered) return args.length === 3 ? this.registered(call, args, argsNode, name, 'argsSchema', 'prompt') : null;
    const middle = args.slice(1, -1);
    const descNode = middle.length && this.str(middle[0]) !== null ? middle[0] : null;
    return {
      framework: 'mcp-typescript',
      entry: 'prompt',
      name,
      registration: call,
      handlerRef: last,
      descNode,
      inputPath: [],
      noInput: middle.filter((m) => m !== descNode).length === 0,
      texts: this.textsOf(argsNode, [last, descNode, args[0]]),
    };
  }

  /**
   * The one object a call of a repository function (declared here or imported from a relative module) is
   * given, when it carries a handler function by name (`execute`, `handler`, …): what both factory shapes start from.
   */
  private repositoryFactoryArgument(call: Node, callee: Node): { cfg: Node; props: Map<string, Node>; handler: Node } | null {
    const imp = this.imports.get(callee.text);
    if (imp ? !imp.module.startsWith('.') : !this.localFunctionNames().has(callee.text)) return null;
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => Boolean(a) && a!.type !== 'comment');
    const cfg = unwrapExpr(args[0]);
    if (args.length !== 1 || cfg?.type !== 'object') return null;
    const props = objectProps(cfg);
    const handlerKey = FACTORY_HANDLER_KEYS.find((k) => props.has(k));
    const handler = handlerKey ? props.get(handlerKey)! : null;
    if (!handler || !this.looksLikeFunctionRef(handler) || unwrapExpr(handler)?.type === 'member_expression') return null;
    return { cfg, props, handler };
  }

  /** A factory call's candidate: named by its object's `name` (else what it is assigned to), its handler and description. */
  private factoryCandidate(framework: Framework, call: Node, { cfg, props, handler }: { cfg: Node; props: Map<string, Node>; handler: Node }): Candidate {
    return {
      framework,
      name: this.str(props.get('name')) ?? this.bindingName(call) ?? 'tool',
      registration: call,
      handlerRef: handler,
      descNode: props.get('description'),
      inputPath: [],
      skipContext: true,
      texts: this.textsOf(cfg, [handler, props.get('description')]),
    };
  }

  /**
   * A tool factory of the repository (`defineTool({ name, inputSchema, execute })`, `makeTool({ description,
   * parameters, handler })`): a function declared in this file or imported from a relative module, given one
   * object with a handler function and a schema beside it. A call of a package's function is not ours to judge.
   */
  private factoryCall(call: Node, callee: Node): Candidate | null {
    const given = this.repositoryFactoryArgument(call, callee);
    if (!given) return null;
    const { cfg, props, handler } = given;
    if (!FACTORY_SCHEMA_KEYS.some((k) => props.has(k)) || !(props.has('name') || props.has('description'))) return null;
    const fw: Framework = this.libs.has('openai-agents')
      ? 'openai-agents-js'
      : this.libs.has('vercel')
        ? 'vercel-ai-sdk'
        : this.libs.has('langchain')
          ? 'langchain-js'
          : this.libs.has('mastra')
            ? 'mastra'
            : this.libs.has('mcp') || props.has('inputSchema')
              ? 'mcp-typescript'
              : 'vercel-ai-sdk';
    return this.factoryCandidate(fw, call, { cfg, props, handler });
  }

  /**
   * A repository function named for tools whose body builds a framework's tool from the object it is given
   * (supabase-mcp's `injectableTool({ description, parameters, inject, execute })` over @supabase/mcp-utils'
   * `tool(...)`): each call registers the handler of its object. Without that proof (a function that only
   * reshapes or returns its object) the call is not a tool, whatever its shape.
   */
  private async forwardingFactoryCall(call: Node, callee: Node): Promise<Candidate | null> {
    const given = this.repositoryFactoryArgument(call, callee);
    if (!given) return null;
    const { cfg, props, handler } = given;
    // the schema may come with the rest of a definition spread in (`{ ...toolDefs.list_tables, execute }`)
    if (!FACTORY_SCHEMA_KEYS.some((k) => props.has(k)) && !cfg.namedChildren.some((p) => p?.type === 'spread_element')) return null;
    const factory = await this.resolveFunction(callee);
    const lib = factory ? await builtToolLib(this.project, factory.view, factory.fn) : null;
    if (!lib) return null;
    return this.factoryCandidate(FRAMEWORK_OF_LIB[lib], call, { cfg, props, handler });
  }

  /** `relative`: imported from a repository module that defines its own `tool`; only a full tool shape counts. */
  private toolCall(call: Node, args: Node[], lib: Lib | null, explicit: boolean, relative = false): Candidate | null {
    const first = unwrapExpr(args[0]);
    if (!first) return null;
    // LangChain.js: tool(fn, { name, description, schema })
    if (first.type !== 'object') {
      if (explicit && lib !== 'langchain') return null;
      const cfg = unwrapExpr(args[1]);
      if (cfg?.type !== 'object' || !this.looksLikeFunctionRef(first)) return null;
      const props = objectProps(cfg);
      if (!explicit && !props.has('schema') && !props.has('name')) return null;
      if (relative && !props.has('schema')) return null;
      return {
        framework: 'langchain-js',
        name: this.str(props.get('name')) ?? this.bindingName(call) ?? 'tool',
        registration: call,
        handlerRef: first,
        descNode: props.get('description'),
        inputPath: [],
        texts: this.textsOf(cfg, [props.get('description')]),
      };
    }
    const props = objectProps(first);
    const execute = props.get('execute');
    if (!execute) return null;
    let fw: Framework | null = null;
    if (lib === 'vercel') fw = 'vercel-ai-sdk';
    // the schema beside the handler, or in a definition spread in (`tool({ ...toolDefs.search_docs, execute })`)
    else if (lib === 'mcp-utils') fw = props.has('parameters') || first.namedChildren.some((p) => p?.type === 'spread_element') ? 'mcp-typescript' : null;
    else if (lib === 'openai-agents') fw = 'openai-agents-js';
    else if (!explicit || lib === null) {
      if (!props.has('parameters') && !props.has('inputSchema') && (relative || !props.has('description'))) return null;
      fw = this.libs.has('openai-agents')
        ? 'openai-agents-js'
        : this.libs.has('vercel')
          ? 'vercel-ai-sdk'
          : props.has('name')
            ? 'openai-agents-js'
            : 'vercel-ai-sdk';
    }
    if (!fw) return null;
    const name = (fw === 'openai-agents-js' ? this.str(props.get('name')) : null) ?? this.bindingName(call) ?? this.str(props.get('name')) ?? 'tool';
    return {
      framework: fw,
      name,
      registration: call,
      handlerRef: execute,
      descNode: props.get('description'),
      inputPath: [],
      texts: this.textsOf(first, [execute, props.get('description')]),
    };
  }

  private fromClasses(classes: Node[]): Candidate[] {
    const out: Candidate[] = [];
    const known = new Map<string, boolean>(); // class name -> string input
    for (let pass = 0; pass < 2; pass++) {
      for (const cls of classes) {
        const className = cls.childForFieldName('name')?.text ?? '';
        if (known.has(className)) continue;
        const heritage = cls.namedChildren.find((c) => c?.type === 'class_heritage');
        const ext =
          heritage?.namedChildren.find((c) => c?.type === 'extends_clause')?.childForFieldName('value') ??
          (heritage?.namedChildren[0]?.type !== 'extends_clause' ? heritage?.namedChildren[0] : null);
        if (!ext) continue;
        const base = ext.text.split('.').pop() ?? '';
        let valueInput: boolean | null = null;
        if (known.has(ext.text)) valueInput = known.get(ext.text)!;
        else if (base === 'StructuredTool' || base === 'Tool') {
          const ci = this.calleeImport(ext);
          const lib = ci?.lib ?? null;
          if (ci?.explicit ? lib === 'langchain' : this.libs.has('langchain')) valueInput = base === 'Tool';
        }
        if (valueInput === null) continue;
        known.set(className, valueInput);
        const body = cls.childForFieldName('body');
        let name: string | null = null;
        let descNode: Node | null = null;
        const texts: Node[] = [];
        for (const m of body?.namedChildren ?? []) {
          if (m?.type !== 'public_field_definition' && m?.type !== 'field_definition') continue;
          const key = (m.childForFieldName('name') ?? m.childForFieldName('property'))?.text;
          const value = m.childForFieldName('value');
          if (key === 'name') name = this.str(value);
          else if (key === 'description') descNode = value;
          else if (value) texts.push(...this.textsOf(value, []));
        }
        for (const m of body?.namedChildren ?? []) {
          if (m?.type === 'method_definition' && m.childForFieldName('name')?.text === '_call') {
            out.push({ framework: 'langchain-js', name: name ?? className, registration: cls, handlerRef: m, descNode, inputPath: [], valueInput, texts });
          }
        }
      }
    }
    return out;
  }

  private localNames?: Set<string>;

  /**
   * Names of the functions declared in this file (`function x`, `const x = () => ...`), from the tree's one
   * search for declarations (`descendantsOf`) instead of a walk that materializes every node.
   */
  private localFunctionNames(): Set<string> {
    if (this.localNames) return this.localNames;
    const names = new Set<string>();
    for (const n of descendantsOf(this.root, ['function_declaration', 'generator_function_declaration', 'variable_declarator'])) {
      if (n.type === 'function_declaration' || n.type === 'generator_function_declaration') {
        const name = n.childForFieldName('name')?.text;
        if (name) names.add(name);
      } else {
        const v = unwrapExpr(n.childForFieldName('value'));
        const name = n.childForFieldName('name');
        if (v && JS_FUNCTION_TYPES.has(v.type) && name?.type === 'identifier') names.add(name.text);
      }
    }
    return (this.localNames = names);
  }

  /** An object literal, or the object literal a `const` of this file holds. */
  private objectOf(n: Node | null | undefined): Node | null {
    const v = unwrapExpr(n);
    if (v?.type === 'identifier') {
      const value = unwrapExpr(findDeclarator(this.root, v.text)?.childForFieldName('value'));
      return value?.type === 'object' ? value : v;
    }
    return v;
  }

  /** Is this an MCP server (`new McpServer(...)`, an MCP import, or a name that says so)? */
  private mcpEvidence(receiver: Node | null): boolean {
    if (this.libs.has('mcp') || this.libs.has('mcp-utils')) return true;
    if (!receiver) return false;
    if (/server|mcp/i.test(receiver.text)) return true;
    return false;
  }

  private looksLikeFunctionRef(n: Node | null | undefined): boolean {
    const v = unwrapExpr(n);
    return Boolean(v && (JS_FUNCTION_TYPES.has(v.type) || v.type === 'identifier' || v.type === 'member_expression'));
  }

  /** Name the result is bound to: `const x = tool(...)`, `{ x: tool(...) }`, `x = tool(...)`. */
  private bindingName(call: Node): string | null {
    let p = call.parent;
    while (p && (p.type === 'parenthesized_expression' || p.type === 'as_expression' || p.type === 'satisfies_expression' || p.type === 'await_expression'))
      p = p.parent;
    if (!p) return null;
    if (p.type === 'variable_declarator') return p.childForFieldName('name')?.text ?? null;
    if (p.type === 'pair') {
      const k = p.childForFieldName('key');
      return k ? keyText(k) : null;
    }
    if (p.type === 'assignment_expression') return p.childForFieldName('left')?.text.split('.').pop() ?? null;
    if (p.type === 'public_field_definition') return p.childForFieldName('name')?.text ?? null;
    if (p.type === 'export_statement') {
      // `export default tool(...)`: the module's name is the tool's
      const base = this.file.path.slice(this.file.path.lastIndexOf('/') + 1);
      return base.replace(/\.[^.]+$/, '') || null;
    }
    return null;
  }

  /** String value of a literal, concatenation, or a `const` of this file. */
  private str(n: Node | null | undefined, depth = 0, nest = 0): string | null {
    if (nest > MAX_SYNTAX_DEPTH) throw tooDeepRegistration(); // `'a' + 'a' + …` 20,000 deep
    const v = unwrapExpr(n);
    if (!v) return null;
    const lit = stringLiteral(v);
    if (lit !== null) return lit;
    if (v.type === 'binary_expression' && v.children.some((c) => c?.type === '+')) {
      const l = this.str(v.childForFieldName('left'), depth, nest + 1);
      const r = this.str(v.childForFieldName('right'), depth, nest + 1);
      return l !== null && r !== null ? l + r : null;
    }
    if (v.type === 'identifier' && depth < 2) {
      const decl = findDeclarator(this.root, v.text);
      const value = decl?.childForFieldName('value');
      if (value) return this.str(value, depth + 1);
    }
    return null;
  }

  private textsOf(node: Node | null | undefined, exclude: (Node | null | undefined)[]): Node[] {
    const out: Node[] = [];
    if (!node) return out;
    walk(node, (n) => {
      if (exclude.some((e) => e && e.startIndex === n.startIndex && e.endIndex === n.endIndex)) return false;
      if (n !== node && JS_FUNCTION_TYPES.has(n.type) && n.type !== 'method_definition') return false;
      if (n.type === 'string' || n.type === 'template_string') {
        out.push(n);
        return false;
      }
      return true;
    });
    return out;
  }

  private async build(c: Candidate, extraTexts: Node[]): Promise<ToolHandler | null> {
    const resolved = c.handlerRef ? await this.resolveFunction(c.handlerRef) : null;
    if (!resolved) return null;
    const { view, fn } = resolved;
    let inputPath = c.inputPath ?? [];
    let firstParam = firstParameter(fn);
    if (c.skipContext && firstParam?.type === 'identifier' && CONTEXT_NAME.test(firstParam.text)) firstParam = nthParameter(fn, 1);
    if (c.mastra && firstParam) {
      if (firstParam.type === 'identifier') {
        const body = fn.childForFieldName('body');
        const usesContext = body
          ? body
              .descendantsOfType('member_expression')
              .some((m) => m?.childForFieldName('object')?.text === firstParam.text && m.childForFieldName('property')?.text === 'context')
          : false;
        inputPath = usesContext ? ['context'] : [];
      } else if (firstParam.type === 'object_pattern') {
        inputPath = patternKeys(firstParam).includes('context') ? ['context'] : [];
      }
    }
    const parameters: ToolParameter[] = [];
    for (const index of c.noInput ? [] : (c.inputParams ?? [0])) {
      const param = index === 0 ? firstParam : nthParameter(fn, index);
      if (param?.type === 'identifier') {
        parameters.push(
          c.valueInput && !inputPath.length
            ? { name: param.text, shape: 'value', range: rangeOfNode(view.file, param) }
            : { name: param.text, shape: 'object', inputPath, range: rangeOfNode(view.file, param) },
        );
      } else if (param?.type === 'object_pattern') {
        destructure(view.file, param, inputPath, parameters);
      }
    }
    let description: ToolHandler['description'];
    const descText = this.str(c.descNode);
    if (c.descNode && descText !== null)
      description = { text: descText, path: this.file.path, range: rangeOfNode(this.file, unwrapExpr(c.descNode) ?? c.descNode) };
    const modelTexts: NonNullable<ToolHandler['modelTexts']> = [];
    for (const t of [...(c.texts ?? []), ...extraTexts]) {
      const v = stringLiteral(t);
      if (v && v.trim()) modelTexts.push({ text: v, path: this.file.path, range: rangeOfNode(this.file, t) });
    }
    return {
      framework: c.framework,
      ...(c.entry ? { entry: c.entry } : {}),
      language: this.language,
      name: c.framework === 'mcp-typescript' && c.name === 'CallTool' ? (dispatchedNames(fn) ?? 'CallTool') : c.name,
      registration: { path: this.file.path, range: rangeOfNode(this.file, c.registration) },
      handler: { path: view.file.path, startIndex: fn.startIndex, endIndex: fn.endIndex, range: rangeOfNode(view.file, fn) },
      parameters,
      ...(description ? { description } : {}),
      ...(modelTexts.length ? { modelTexts } : {}),
    };
  }

  private async resolveFunction(ref: Node, depth = 0): Promise<{ view: ModuleView; fn: Node } | null> {
    const v = unwrapExpr(ref);
    if (!v) return null;
    if (JS_FUNCTION_TYPES.has(v.type)) return { view: this.view, fn: v };
    // A wrapped handler (`execute: withRetry(fn)`, `withLogging(async (input) => ...)`): the wrapper passes
    // the arguments through to the one function it is given.
    if (v.type === 'call_expression' && depth < 2) {
      const fnArgs = (v.childForFieldName('arguments')?.namedChildren ?? []).filter(
        (a): a is Node => Boolean(a) && this.looksLikeFunctionRef(a) && unwrapExpr(a)?.type !== 'member_expression',
      );
      return fnArgs.length === 1 ? this.resolveFunction(fnArgs[0], depth + 1) : null;
    }
    const name = v.type === 'identifier' || v.type === 'shorthand_property_identifier' ? v.text : null;
    if (name) {
      const local = findFunction(this.root, name);
      if (local) return { view: this.view, fn: local };
      const imp = this.imports.get(name);
      if (imp && imp.imported !== '*') return findExported(this.project, this.file.path, imp.module, imp.imported, 0);
      return null;
    }
    if (v.type === 'member_expression') {
      const obj = v.childForFieldName('object');
      const prop = v.childForFieldName('property')?.text;
      if (obj?.type === 'identifier' && prop) {
        const imp = this.imports.get(obj.text);
        if (imp && imp.imported === '*') return findExported(this.project, this.file.path, imp.module, prop, 0);
      }
    }
    return null;
  }
}

/** A handler parameter that is the host's context, not the tool's input: `handler(ctx, args)`. */
const CONTEXT_NAME = /^_?(?:ctx|context|extra|env|deps|runtime)$/;

/** The name of a registration computed at run time (`this.tool(t.method, …)`, `server.tool(name, …)` in a loop), as written. */
/** The call or `new` whose callee is this identifier, or whose callee is a member expression with this property. */
function calleeCall(name: Node): Node | null {
  let callee: Node | null = name;
  if (name.type === 'property_identifier') {
    const member = name.parent;
    if (member?.type !== 'member_expression' || !sameNode(member.childForFieldName('property'), name)) return null;
    callee = member;
  } else if (name.type !== 'identifier') return null;
  const call = callee.parent;
  if (call?.type === 'call_expression') return sameNode(call.childForFieldName('function'), callee) ? call : null;
  if (call?.type === 'new_expression') return sameNode(call.childForFieldName('constructor'), callee) ? call : null;
  return null;
}

function sameNode(a: Node | null, b: Node): boolean {
  return !!a && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

function computedName(n: Node | undefined): string | null {
  const v = unwrapExpr(n);
  if (!v || !['identifier', 'member_expression', 'template_string', 'subscript_expression', 'binary_expression', 'call_expression'].includes(v.type))
    return null;
  return `[${v.text.replace(/\s+/g, ' ').slice(0, 80)}]`;
}

/** The parameter at `index` (a plain name or pattern), or null. */
function nthParameter(fn: Node, index: number): Node | null {
  if (fn.childForFieldName('parameter')) return index === 0 ? fn.childForFieldName('parameter') : null;
  const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((c): c is Node => Boolean(c) && c!.type !== 'comment');
  let p: Node | null = params[index] ?? null;
  if (p && (p.type === 'required_parameter' || p.type === 'optional_parameter')) {
    const pat = p.childForFieldName('pattern');
    if (pat?.type === 'this') return null;
    p = pat;
  }
  if (p?.type === 'assignment_pattern') p = p.childForFieldName('left');
  return p ?? null;
}

function firstParameter(fn: Node): Node | null {
  const single = fn.childForFieldName('parameter');
  if (single) return single;
  const params = fn.childForFieldName('parameters');
  let p = params?.namedChildren.find((c) => c && c.type !== 'comment') ?? null;
  if (!p) return null;
  if (p.type === 'required_parameter' || p.type === 'optional_parameter') {
    const pat = p.childForFieldName('pattern');
    if (pat?.type === 'this') return null;
    p = pat;
  }
  if (p?.type === 'assignment_pattern') p = p.childForFieldName('left');
  return p ?? null;
}

function patternKeys(pattern: Node): string[] {
  const keys: string[] = [];
  for (const c of pattern.namedChildren) {
    if (!c) continue;
    if (c.type === 'shorthand_property_identifier_pattern') keys.push(c.text);
    else if (c.type === 'object_assignment_pattern') keys.push(c.childForFieldName('left')?.text ?? '');
    else if (c.type === 'pair_pattern') keys.push(keyText(c.childForFieldName('key')!));
  }
  return keys;
}

/** Bindings of an object pattern that carry model input, given where the input sits (`path`). */
function destructure(file: SourceFile, pattern: Node, path: string[], out: ToolParameter[], nest = 0): void {
  if (nest > MAX_SYNTAX_DEPTH) throw tooDeepRegistration(); // its parameters would be missed
  const bind = (id: Node, rest: string[] | null) => {
    if (rest === null) out.push({ name: id.text, shape: 'destructured', range: rangeOfNode(file, id) });
    else out.push({ name: id.text, shape: 'object', inputPath: rest, range: rangeOfNode(file, id) });
  };
  for (const c of pattern.namedChildren) {
    if (!c) continue;
    let key: string | null = null;
    let value: Node | null = null;
    if (c.type === 'shorthand_property_identifier_pattern') {
      key = c.text;
      value = c;
    } else if (c.type === 'object_assignment_pattern') {
      value = c.childForFieldName('left');
      key = value?.text ?? null;
    } else if (c.type === 'pair_pattern') {
      const k = c.childForFieldName('key');
      key = k ? keyText(k) : null;
      value = c.childForFieldName('value');
      if (value?.type === 'assignment_pattern') value = value.childForFieldName('left');
    } else if (c.type === 'rest_pattern') {
      const id = c.namedChildren.find((k) => k?.type === 'identifier');
      if (id && path.length === 0) bind(id, []);
      continue;
    }
    if (!key || !value) continue;
    if (path.length === 0) {
      if (value.type === 'object_pattern') destructure(file, value, [], out, nest + 1);
      else if (value.type === 'identifier' || value.type === 'shorthand_property_identifier_pattern') bind(value, null);
      continue;
    }
    if (key !== path[0]) continue;
    const rest = path.slice(1);
    if (value.type === 'object_pattern') destructure(file, value, rest, out, nest + 1);
    else if (value.type === 'identifier' || value.type === 'shorthand_property_identifier_pattern') bind(value, rest);
  }
}

/** A function declared in the body of `fn` under `name` (`const run = async (args) => …`, `function run() {}`). */
function localFunctionIn(fn: Node, name: string): Node | null {
  for (const n of fn.descendantsOfType(['function_declaration', 'variable_declarator'])) {
    if (n?.childForFieldName('name')?.text !== name) continue;
    const v = n.type === 'variable_declarator' ? unwrapExpr(n.childForFieldName('value')) : n;
    if (v && JS_FUNCTION_TYPES.has(v.type)) return v;
  }
  return null;
}

function findDeclarator(root: Node, name: string): Node | null {
  let found: Node | null = null;
  walk(root, (n) => {
    if (found) return false;
    if (n.type === 'variable_declarator' && n.childForFieldName('name')?.type === 'identifier' && n.childForFieldName('name')?.text === name) {
      found = n;
      return false;
    }
    return !JS_FUNCTION_TYPES.has(n.type) || n === root;
  });
  return found;
}

/** A function named `name` in a file: declaration, or `const name = (...) => ...`; the first in the file wins. */
function findFunction(root: Node, name: string): Node | null {
  return functionIndex(root).get(name) ?? null;
}

/**
 * Every named function of a file, found once per tree by the parser's own search (descendantsOfType runs in
 * the wasm module) instead of a JS walk per lookup: a file with many handler references asked for each.
 */
const functionIndexes = new WeakMap<Node, Map<string, Node>>();
function functionIndex(root: Node): Map<string, Node> {
  let index = functionIndexes.get(root);
  if (index) return index;
  index = new Map();
  for (const n of descendantsOf(root, ['function_declaration', 'generator_function_declaration', 'variable_declarator'])) {
    const name = n?.childForFieldName('name')?.text;
    if (!n || !name || index.has(name)) continue;
    if (n.type === 'variable_declarator') {
      const v = unwrapExpr(n.childForFieldName('value'));
      if (v && JS_FUNCTION_TYPES.has(v.type)) index.set(name, v);
    } else index.set(name, n);
  }
  functionIndexes.set(root, index);
  return index;
}

/** A module's imports, computed once per module per scan (every registration that resolves through it asks). */
function moduleImports(project: ProjectContext, view: ModuleView): Promise<Map<string, JsImport>> {
  return project.memo(`js-imports:${view.file.path}`, async () => analyzeImports(view.root));
}

/** `findExported`, once per (module, spec, name) per scan: a file with many registrations asks the same question. */
function findExported(project: ProjectContext, fromPath: string, spec: string, name: string, depth: number): Promise<{ view: ModuleView; fn: Node } | null> {
  return project.memo(`js-exported:${fromPath}\0${spec}\0${name}\0${depth}`, () => findExportedOnce(project, fromPath, spec, name, depth));
}

async function findExportedOnce(
  project: ProjectContext,
  fromPath: string,
  spec: string,
  name: string,
  depth: number,
): Promise<{ view: ModuleView; fn: Node } | null> {
  if (depth > 3) return null;
  const target = await resolveJsModule(project, fromPath, spec);
  if (!target) return null;
  const view = await parsedModule(project, target);
  if (!view) return null;
  if (name === 'default') {
    for (const st of view.root.namedChildren) {
      if (st?.type !== 'export_statement' || !st.children.some((c) => c?.type === 'default')) continue;
      const decl = st.childForFieldName('declaration') ?? st.childForFieldName('value');
      const v = unwrapExpr(decl);
      if (v && JS_FUNCTION_TYPES.has(v.type)) return { view, fn: v };
      if (v?.type === 'identifier') {
        const fn = findFunction(view.root, v.text);
        if (fn) return { view, fn };
      }
    }
    return null;
  }
  const fn = findFunction(view.root, name);
  if (fn) return { view, fn };
  // Re-export: `export { name } from './impl'` or an import of the name.
  const imports = await moduleImports(project, view);
  const imp = imports.get(name);
  if (imp && imp.imported !== '*') return findExported(project, target, imp.module, imp.imported, depth + 1);
  for (const st of view.root.namedChildren) {
    if (st?.type !== 'export_statement') continue;
    const src = st.childForFieldName('source');
    if (!src) continue;
    const specifiers = st.descendantsOfType('export_specifier');
    for (const s of specifiers) {
      const alias = s?.childForFieldName('alias')?.text ?? s?.childForFieldName('name')?.text;
      if (alias === name) return findExported(project, target, stringLiteral(src) ?? '', s!.childForFieldName('name')!.text, depth + 1);
    }
    // `export * from './impl'`
    if (!specifiers.length && !st.namedChildren.some((c) => c?.type === 'namespace_export')) {
      const found = await findExported(project, target, stringLiteral(src) ?? '', name, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/**
 * The framework a repository module re-exports `name` from (`export { tool } from 'ai'`, `import { tool } from 'ai'; export { tool }`).
 * Once per (module, name) per scan, whichever file imports it: the answer holds no node and outlives tree evictions
 * (TREE_FREE_MEMOS in engine.ts), so a barrel module many files import from is not parsed again for each of them.
 */
async function reexportedLib(project: ProjectContext, fromPath: string, spec: string, name: string, depth = 0): Promise<Lib | null> {
  if (depth > 3) return null;
  const target = await resolveJsModule(project, fromPath, spec);
  if (!target) return null;
  return project.memo(`js-reexported:${target}\0${name}\0${depth}`, () => reexportedLibAt(project, target, name, depth));
}

async function reexportedLibAt(project: ProjectContext, target: string, name: string, depth: number): Promise<Lib | null> {
  const view = await parsedModule(project, target);
  if (!view) return null;
  const imp = (await moduleImports(project, view)).get(name);
  if (imp) return libOf(imp.module) ?? (imp.module.startsWith('.') ? reexportedLib(project, target, imp.module, imp.imported, depth + 1) : null);
  for (const st of view.root.namedChildren) {
    if (st?.type !== 'export_statement') continue;
    const src = st.childForFieldName('source');
    const module = src ? (stringLiteral(src) ?? '') : '';
    if (!module) continue;
    if (st.namedChildren.some((c) => c?.type === 'namespace_export') || !st.descendantsOfType('export_specifier').length) {
      // `export * from 'ai'`
      if (libOf(module)) return libOf(module);
      continue;
    }
    for (const s of st.descendantsOfType('export_specifier')) {
      const alias = s?.childForFieldName('alias')?.text ?? s?.childForFieldName('name')?.text;
      if (alias !== name) continue;
      const orig = s!.childForFieldName('name')!.text;
      return libOf(module) ?? (module.startsWith('.') ? reexportedLib(project, target, module, orig, depth + 1) : null);
    }
  }
  return null;
}

/**
 * The library whose tool a repository factory builds from the object it is given: a call in its body of a
 * library's `tool(...)` / `createTool(...)` (imported by the factory's module). Once per factory per scan.
 */
function builtToolLib(project: ProjectContext, view: ModuleView, fn: Node): Promise<Lib | null> {
  return project.memo(`js-factory-lib:${view.file.path}\0${fn.startIndex}`, async () => {
    const param = firstParameter(fn);
    if (param?.type !== 'identifier' && param?.type !== 'object_pattern') return null;
    const imports = await moduleImports(project, view);
    for (const call of fn.descendantsOfType('call_expression')) {
      const callee = call?.childForFieldName('function');
      const imp = callee?.type === 'identifier' ? imports.get(callee.text) : undefined;
      const lib = imp && (imp.imported === 'tool' || imp.imported === 'createTool') ? libOf(imp.module) : null;
      if (lib) return lib;
    }
    return null;
  });
}

/** Tool names a `CallToolRequestSchema` handler dispatches on (`switch (request.params.name) { case "x": }`). */
function dispatchedNames(fn: Node): string | null {
  const names: string[] = [];
  const isNameExpr = (n: Node | null) => Boolean(n && /(^|\.)(name|toolName|tool)$/.test(n.text));
  walk(fn, (n) => {
    if (n.type === 'switch_statement' && isNameExpr(unwrapExpr(n.childForFieldName('value')))) {
      for (const c of n.descendantsOfType('switch_case')) {
        const v = c?.childForFieldName('value');
        const s = v ? stringLiteral(v) : null;
        if (s !== null) names.push(s);
      }
    } else if (n.type === 'binary_expression' && n.children.some((c) => c?.type === '===' || c?.type === '==')) {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      if (l && r) {
        if (isNameExpr(l) && stringLiteral(r) !== null) names.push(stringLiteral(r)!);
        else if (isNameExpr(r) && stringLiteral(l) !== null) names.push(stringLiteral(l)!);
      }
    }
    return true;
  });
  return names.length ? [...new Set(names)].join('|') : null;
}

export async function discoverJavaScript(file: SourceFile, language: CodeLanguage, root: Node, project: ProjectContext): Promise<ToolHandler[]> {
  if (!ENTRY_WORDS.test(file.text)) return [];
  return new JsDiscovery(file, language, { file, root }, project).run();
}
