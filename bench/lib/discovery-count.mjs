// The pure parts of the discovery bench (bench/discovery.mjs): an independent counter of MCP registrations in
// TypeScript / JavaScript (the TypeScript compiler's parser — agent-guard's discovery uses tree-sitter and
// none of its code is used here), which paths are tests, and the matching of counted registrations with the
// ones `agent-guard tools --format json` lists. No files, no git, no processes.
import ts from 'typescript';

/**
 * Idioms counted in TS/JS (the MCP TypeScript SDK's server API, any receiver):
 *   x.tool(name, …, cb) / x.registerTool(name, config, cb)            -> tool
 *   x.resource(name, uri|template, …, cb) / x.registerResource(…)     -> resource
 *   x.prompt(name, …, cb) / x.registerPrompt(name, config, cb)         -> prompt
 *   x.setRequestHandler(CallToolRequestSchema | 'tools/call', h)      -> tool (low-level; likewise
 *     ReadResourceRequestSchema | 'resources/read' -> resource, GetPromptRequestSchema | 'prompts/get' -> prompt)
 * A method call counts when it has at least two arguments and one of them is a function (an arrow, a
 * function expression, or a name / member that is not the first argument): `x.tool('a')` or `client.prompt(x)` is not a registration.
 * The register* methods take their arguments in a fixed order (name, config, callback; registerResource: name, uri
 * or template, config, callback): a call with fewer does not match the SDK's signature and registers no working callback.
 */
const MIN_ARGS = { registerTool: 3, registerPrompt: 3, registerResource: 4 };
const METHOD_KINDS = {
  tool: 'tool',
  registerTool: 'tool',
  resource: 'resource',
  registerResource: 'resource',
  prompt: 'prompt',
  registerPrompt: 'prompt',
};
const LOWLEVEL = [
  [/CallToolRequestSchema$/, 'tool'],
  [/ReadResourceRequestSchema$/, 'resource'],
  [/GetPromptRequestSchema$/, 'prompt'],
];
const LOWLEVEL_METHODS = { 'tools/call': 'tool', 'resources/read': 'resource', 'prompts/get': 'prompt' };

export const JS_EXTENSIONS = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

const isFunctionLike = (n) => ts.isArrowFunction(n) || ts.isFunctionExpression(n);
const isReference = (n) => ts.isIdentifier(n) || ts.isPropertyAccessExpression(n) || ts.isCallExpression(n);
const stringOf = (n) => (n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined);

/** The registrations written in one TS/JS file: `{ path, line, kind, idiom, name }`, line 1-based at the call's start. */
export function countJs(source, path) {
  if (/\.d\.[cm]?ts$/.test(path)) return [];
  const kind = /\.(tsx|jsx)$/.test(path) ? ts.ScriptKind.TSX : /\.(js|mjs|cjs)$/.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, false, kind);
  const out = [];
  const visit = (node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const args = node.arguments;
      // the line of the method name: `server\n  .tool(…)` in a chain starts at the name, as a reader points at it
      const line = sf.getLineAndCharacterOfPosition(node.expression.name.getStart(sf)).line + 1;
      if (
        Object.hasOwn(METHOD_KINDS, method) &&
        args.length >= (MIN_ARGS[method] ?? 2) &&
        args.some((a, i) => isFunctionLike(a) || (i > 0 && isReference(a)))
      ) {
        out.push({ path, line, kind: METHOD_KINDS[method], idiom: `x.${method}()`, name: stringOf(args[0]) ?? args[0].getText(sf) });
      } else if (method === 'setRequestHandler' && args.length >= 2) {
        const first = args[0];
        const text = stringOf(first) ?? first.getText(sf);
        const hit = Object.hasOwn(LOWLEVEL_METHODS, text) ? LOWLEVEL_METHODS[text] : LOWLEVEL.find(([re]) => re.test(text))?.[1];
        if (hit) out.push({ path, line, kind: hit, idiom: `setRequestHandler(${text})`, name: text });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Test code: a tests/ or __tests__/ folder, test_*.py / *_test.py, *.test.* / *.spec.*, conftest.py. */
export function isTestPath(path) {
  return (
    /(^|\/)(tests?|__tests__|testing)\//.test(path) || /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(path) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(path)
  );
}

/** One entry of `agent-guard tools --format json` reduced to what matching needs. */
export function discoveredOf(tool) {
  return {
    path: tool.path,
    line: tool.line,
    kind: tool.kind ?? 'tool',
    name: tool.name,
    framework: tool.framework,
    handler: tool.handler,
    otherHandlers: tool.otherHandlers ?? [],
  };
}

const inHandler = (c, h) => h && h.path === c.path && c.line >= h.line && c.line <= (h.endLine ?? h.line);

/**
 * Pair counted registrations with discovered ones, each used once, in passes from strictest to loosest:
 *   1. same path, kind and line (the decorator / call / class line);
 *   2. same kind, and the counted line is the handler's line or inside the handler (LlamaIndex spec functions
 *      are counted at their `def`; a decorator agent-guard places on the `def` line);
 *   3. same path, kind and name (a name in the `name|name` list agent-guard gives a low-level handler counts).
 * Returns { found: [[counted, discovered]], missed: counted[], extra: discovered[] }.
 */
export function match(counted, discovered) {
  const usedD = new Set();
  const pairOf = new Map();
  const passes = [
    (c, d) => d.path === c.path && d.line === c.line,
    (c, d) => [d.handler, ...d.otherHandlers].some((h) => inHandler(c, h)),
    (c, d) => d.path === c.path && String(d.name).split('|').includes(c.name),
  ];
  for (const pass of passes)
    for (const c of counted) {
      if (pairOf.has(c)) continue;
      const d = discovered.find((x) => !usedD.has(x) && x.kind === c.kind && pass(c, x));
      if (d) {
        usedD.add(d);
        pairOf.set(c, d);
      }
    }
  return {
    found: counted.filter((c) => pairOf.has(c)).map((c) => [c, pairOf.get(c)]),
    missed: counted.filter((c) => !pairOf.has(c)),
    extra: discovered.filter((d) => !usedD.has(d)),
  };
}

/** found / counted per kind (tool, resource, prompt), with percent (null when nothing is counted). */
export function tally(result) {
  const out = {};
  for (const k of ['tool', 'resource', 'prompt']) {
    const found = result.found.filter(([c]) => c.kind === k).length;
    const counted = found + result.missed.filter((c) => c.kind === k).length;
    const extra = result.extra.filter((d) => d.kind === k).length;
    if (counted || extra) out[k] = { found, counted, extra, percent: counted ? (100 * found) / counted : null };
  }
  return out;
}
