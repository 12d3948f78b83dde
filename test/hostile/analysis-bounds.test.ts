/**
 * Issue 18 (and 16: "no recursion that a deep expression can overflow"), analysis bounds: code built to
 * overflow the stack (nesting 20,000 deep in every form the walkers descend into, per language) or to
 * exhaust memory (40,000 chained assignments in Python, 30,000 `const` in JavaScript) must neither lose the
 * file nor the scan. Each hostile repository holds a planted key that must still be found; a too-deep file
 * is analyzed up to the depth limit, its flow still found, and reported as incomplete (a rule error, so the
 * scan fails at the default --fail-on). The CLI runs bundled from source in a child process with a 512 MB
 * heap and a timeout, so a regression fails instead of hanging or crashing the suite.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { MAX_SYNTAX_DEPTH } from '../../src/core/budget.js';
import { makeRepo } from '../helpers/repo.js';
import { childCli } from '../helpers/child-cli.js';

const key = fakeKey('anthropic', seededRng(1810)).key;
const TIMEOUT_MS = 90_000;
const N = 20_000;

const child = childCli('agent-guard-bounds-bundle-');
beforeAll(() => child.build());
afterAll(() => child.cleanup());

interface Scan {
  code: number | null;
  stderr: string;
  json: { findings: { ruleId: string; path: string }[]; ruleErrors: { path: string; ruleId?: string; reason: string }[] } | null;
}

/** `scan --format json` in a child process with a 512 MB heap, killed after TIMEOUT_MS. */
function scanJson(cwd: string): Scan {
  const r = child.run(['scan', '--format', 'json'], cwd, { timeoutMs: TIMEOUT_MS });
  let json: Scan['json'];
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = null; // no report: the assertions on it fail
  }
  return { code: r.code, stderr: r.stderr, json };
}

const r = (s: string, n = N) => s.repeat(n);

/** A FastMCP tool whose body is `body`; each opens its argument (the flow that must survive). */
const py = (body: string[]) =>
  [
    'import os',
    'from mcp.server.fastmcp import FastMCP',
    '',
    'mcp = FastMCP("demo")',
    '',
    '@mcp.tool()',
    'def read_file(path: str) -> str:',
    ...body.map((l) => `    ${l}`),
    '',
  ].join('\n');
/** An MCP SDK tool whose body is `body`. */
const js = (body: string[]) =>
  [
    "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
    "import fs from 'node:fs';",
    "const server = new McpServer({ name: 'demo', version: '1.0.0' });",
    "server.tool('read_file', { path: z.string() }, async ({ path }) => {",
    ...body.map((l) => `  ${l}`),
    '});',
    '',
  ].join('\n');

const openPy = 'return open(path).read()';
const openJs = 'return fs.readFileSync(path, "utf8");';

/** Nesting 20,000 deep in each form the walkers descend into (the sink stays outside it). */
const DEEP: Record<string, string> = {
  'parens.py': py([`x = ${r('(')}path${r(')')}`, 'return open(x).read()']),
  'calls.py': py([`x = ${r('str(')}path${r(')')}`, 'return open(x).read()']),
  'lists.py': py([`x = ${r('[')}path${r(']')}`, openPy]),
  'dicts.py': py([`x = ${r('{"a": ')}path${r('}')}`, openPy]),
  'binop.py': py([`x = path${r(' + "a"')}`, 'return open(x).read()']),
  'attributes.py': py([`x = os${r('.a')}`, openPy]),
  'subscripts.py': py([`x = path${r('[0]')}`, openPy]),
  'not.py': py([`x = ${r('not ')}path`, openPy]),
  'ternary.py': py([`x = ${r('path if path else ')}path`, 'return open(x).read()']),
  'boolops.py': py([`x = path${r(' or path')}`, 'return open(x).read()']),
  'targets.py': py([`${r('(')}a${r(',)')} = path`, openPy]),
  'walrus.py': py([`x = ${r('(y := ')}path${r(')')}`, 'return open(x).read()']),
  'comprehension.py': py([`x = ${r('[')}path${r(' for q in path]')}`, openPy]),
  'condition.py': py([`if ${r('not ')}path:`, '    pass', openPy]),
  'and-condition.py': py([`if path${r(' and path')}:`, '    pass', openPy]),
  'parens-condition.py': py([`if ${r('(')}path == "a"${r(')')}:`, '    pass', openPy]),
  'parens.js': js([`const x = ${r('(')}path${r(')')};`, 'return fs.readFileSync(x, "utf8");']),
  'calls.js': js([`const x = ${r('String(')}path${r(')')};`, 'return fs.readFileSync(x, "utf8");']),
  'arrays.js': js([`const x = ${r('[')}path${r(']')};`, openJs]),
  'objects.js': js([`const x = ${r('{a: ')}path${r('}')};`, openJs]),
  'binop.js': js([`const x = path${r(' + "a"')};`, 'return fs.readFileSync(x, "utf8");']),
  'members.js': js([`const x = fs${r('.a')};`, openJs]),
  'subscripts.js': js([`const x = path${r('[0]')};`, openJs]),
  'not.js': js([`const x = ${r('!')}path;`, openJs]),
  'ternary.js': js([`const x = ${r('path ? path : ')}path;`, 'return fs.readFileSync(x, "utf8");']),
  'template.js': js([`const x = ${r('`${')}path${r('}`')};`, 'return fs.readFileSync(x, "utf8");']),
  'blocks.js': js([`${r('{')} const y = path; ${r('}')}`, openJs]),
  'destructure.js': js([`const ${r('[')}a${r(']')} = path;`, openJs]),
  'await.js': js([`const x = ${r('await ')}path;`, 'return fs.readFileSync(x, "utf8");']),
  'assignments.js': js([`let a; const x = ${r('a = ')}path;`, 'return fs.readFileSync(x, "utf8");']),
  'condition.js': js([`if (${r('!')}path) {}`, openJs]),
  'and-condition.js': js([`if (path${r(' && path')}) {}`, openJs]),
  'method-chain.js': js([`const x = path${r('.trim()')};`, 'return fs.readFileSync(x, "utf8");']),
};

/** A tool's description or parameters nested 20,000 deep: discovery of the file stops with a reason. */
const REGISTRATIONS: Record<string, string> = {
  'description.py': py([openPy]).replace('@mcp.tool()', `@mcp.tool(description=${r('(')}"Reads a file"${r(')')})`),
  'description.js': js([openJs]).replace("'read_file', {", `'read_file', ${r("'a' + ")}'b', {`),
  'destructured-input.js': js([openJs]).replace('async ({ path })', `async ({ path, q: ${r('{ a: ')}b${r(' }')} })`),
};

describe('code nested 20,000 deep, per language and per form', () => {
  let repo: { dir: string; cleanup: () => void };
  let run: Scan;
  beforeAll(() => {
    repo = makeRepo({ ...DEEP, ...REGISTRATIONS, 'config.py': `ANTHROPIC_API_KEY = "${key}"\n` }, { commit: false });
    run = scanJson(repo.dir);
  }, TIMEOUT_MS + 30_000);
  afterAll(() => repo.cleanup());

  it('finishes with a report, the planted key found and the scan failing', () => {
    expect(run.stderr).not.toMatch(/heap|Maximum call stack/);
    expect(run.json).not.toBeNull();
    expect(run.code).toBe(1);
    expect(run.json!.findings.filter((f) => f.ruleId === 'secret/anthropic-api-key').map((f) => f.path)).toEqual(['config.py']);
  });

  it.each(Object.keys(DEEP))('%s: the flow to the sink is still found and the file is reported incomplete', (file) => {
    const found = run.json!.findings.filter((f) => f.path === file).map((f) => f.ruleId);
    expect(found).toContain('tool-input/path-traversal');
    const errors = run.json!.ruleErrors.filter((e) => e.path === file);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e.reason).toMatch(
        new RegExp(`^rule tool-input/[a-z-]+ failed: incomplete analysis: code nested deeper than ${MAX_SYNTAX_DEPTH} levels at ${file}:\\d+`),
      );
      expect(e.reason).not.toMatch(/call stack/);
    }
  });

  it.each(Object.keys(REGISTRATIONS))('%s: every tool-input rule reports the file incomplete (a description or parameter would be missed)', (file) => {
    const errors = run.json!.ruleErrors.filter((e) => e.path === file);
    expect(errors.map((e) => e.ruleId)).toEqual(expect.arrayContaining(['tool-input/path-traversal', 'tool-input/poisoned-description']));
    for (const e of errors)
      expect(e.reason).toMatch(
        new RegExp(`^rule tool-input/[a-z-]+ failed: incomplete analysis: a tool registration nested deeper than ${MAX_SYNTAX_DEPTH} levels$`),
      );
  });
});

describe('long chains of assignments (were: out of memory after ~13 s at 512 MB, no report; then out of time on a loaded machine)', () => {
  const chainPy = py(['a0 = path', ...Array.from({ length: 40_000 }, (_, i) => `a${i + 1} = a${i}`), 'return open(a40000).read()']);
  const chainJs = js(['const a0 = path;', ...Array.from({ length: 30_000 }, (_, i) => `const a${i + 1} = a${i};`), 'return fs.readFileSync(a30000, "utf8");']);

  it.each([
    ['chain.py', chainPy],
    ['chain.js', chainJs],
  ])(
    '%s is analyzed: the flow found, the key found, whatever the load of the machine',
    (file, text) => {
      expect(text.length).toBeGreaterThan(700_000);
      const repo = makeRepo({ [file]: text, 'config.py': `ANTHROPIC_API_KEY = "${key}"\n` }, { commit: false });
      try {
        const run = scanJson(repo.dir);
        expect(run.stderr).not.toMatch(/heap|Maximum call stack/);
        expect(run.code).toBe(1);
        const found = run.json!.findings.map((f) => `${f.path} ${f.ruleId}`);
        expect(found).toContain('config.py secret/anthropic-api-key');
        // 3-5 s on a quiet machine, more on a loaded one (it used to run out of a 10 s time budget there):
        // about 200,000 steps, well within the per-file work budget, which counts steps, not seconds
        expect(run.json!.ruleErrors).toEqual([]);
        expect(found).toContain(`${file} tool-input/path-traversal`);
      } finally {
        repo.cleanup();
      }
    },
    TIMEOUT_MS + 30_000,
  );
});

describe('the rate-limit family on arithmetic nested 20,000 deep (was: a stack overflow in every client-without-timeout run)', () => {
  it(
    'finishes without a rule error, the key found',
    () => {
      const sum = `${r('1 + ')}1`;
      const files = {
        'client.py': `from openai import OpenAI\nclient = OpenAI(timeout=${sum})\nclient.chat.completions.create(model="x", messages=[])\n`,
        'client.js': `import OpenAI from 'openai';\nconst client = new OpenAI({ timeout: ${sum} });\nawait client.chat.completions.create({ model: 'x', messages: [] });\n`,
        'config.py': `ANTHROPIC_API_KEY = "${key}"\n`,
      };
      const repo = makeRepo(files, { commit: false });
      try {
        const run = scanJson(repo.dir);
        expect(run.stderr).not.toMatch(/heap|Maximum call stack/);
        expect(run.code).toBe(1);
        expect(run.json!.ruleErrors).toEqual([]);
        expect(run.json!.findings.map((f) => `${f.path} ${f.ruleId}`)).toContain('config.py secret/anthropic-api-key');
      } finally {
        repo.cleanup();
      }
    },
    TIMEOUT_MS + 30_000,
  );
});
