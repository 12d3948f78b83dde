/**
 * Every JavaScript / TypeScript row of src/families/tool-input/kinds/*.ts reports (issue 13: the knowledge is data,
 * and a row without a fixture that reports it is a row nobody checked).
 *
 * - `call` rows: for each name and each argument position (and each option key of `keywords`), a small MCP server is
 *   generated with one tool passing its parameter there and one passing a literal; scanned with the kind's rule alone,
 *   the first must be reported on the sink line and the second not at all. fs names are also called as `<name>Sync`.
 * - `method` and `shape` rows: the matcher decides from the receiver or the call's shape, which a generated call cannot
 *   show in general; each name must appear in a hand-written fixture line under test/fixtures/tool-input/js/ marked
 *   `expect: tool-input/<rule of the row's kind>` (fixtures.test.ts checks that those lines are reported).
 * - sanitizer `call` rows (common.ts and each kind's): for each name and each kind it is safe for, a sink of that kind
 *   given the parameter is reported and the same sink given `<sanitizer>(parameter)` is not.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { scan } from '../../src/engine/engine.js';
import { ALL_SANITIZER_ROWS, KIND_ROWS, rowsOf, type SinkRow } from '../../src/families/tool-input/kinds/index.js';
import type { SinkKind } from '../../src/families/tool-input/taint/types.js';
import { tempDir, writeTree } from '../helpers/repo.js';
import { FIXTURES, loadFixtures, SINK_RULES } from './shared.js';

const ruleOf = (kind: SinkKind) => SINK_RULES.find((r) => r.sinkKind === kind)!;

/** Objects of the runtimes themselves (not modules to import): Node's globals, and a browser's, Bun's and Deno's. */
const isGlobal = (name: string) => name in globalThis || ['window', 'Bun', 'Deno', 'import', 'require'].includes(name);

/** How a canonical callee is written in a generated file: the import it needs and the callee expression. */
function calleeOf(canonical: string): { imports: string[]; callee: string } {
  const ctor = canonical.startsWith('new ');
  const name = ctor ? canonical.slice(4) : canonical;
  const dot = name.indexOf('.');
  const head = dot < 0 ? name : name.slice(0, dot);
  const prefix = ctor ? 'new ' : '';
  if (isGlobal(head)) return { imports: [], callee: `${prefix}${name}` };
  // a module: `axios` is its default export, `child_process.exec` a member of it
  if (dot < 0) return { imports: [`import sink from '${name}';`], callee: `${prefix}sink` };
  return { imports: [`import * as mod from '${head}';`], callee: `${prefix}mod.${name.slice(dot + 1)}` };
}

/** A literal each kind's sink accepts without complaint (a fixed file, program, URL, …). */
const LITERAL: Record<SinkKind, string> = {
  path: "'notes.txt'",
  command: "'ls'",
  argument: "'--version'",
  code: "'1 + 1'",
  sql: "'SELECT 1'",
  ssrf: "'https://example.com/data.json'",
  deserialization: "'{}'",
};

interface Case {
  kind: SinkKind;
  file: string;
  text: string;
  /** The line of the call that passes the tool's parameter. */
  sinkLine: number;
  label: string;
}

/** One generated server: a tool passing its parameter `p` to the sink, and one passing only literals. */
function serverFile(canonical: string, args: (literal: boolean) => string): Omit<Case, 'file' | 'label' | 'kind'> {
  const { imports, callee } = calleeOf(canonical);
  const lines = [
    "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
    "import { z } from 'zod';",
    ...imports,
    "const server = new McpServer({ name: 'rows', version: '1.0.0' });",
    "server.tool('vulnerable', { p: z.string() }, async ({ p }) => {",
    `  const out = await ${callee}(${args(false)});`,
    '  return { content: [{ type: "text", text: String(out) }] };',
    '});',
    "server.tool('fixed', { p: z.string() }, async ({ p }) => {",
    `  const out = await ${callee}(${args(true)});`,
    '  return { content: [{ type: "text", text: String(out) + p }] };',
    '});',
    '',
  ];
  return { text: lines.join('\n'), sinkLine: lines.findIndex((l) => l.includes('const out')) + 1 };
}

/** The generated cases of every JavaScript `call` row: each name, each position, each option key. */
function callCases(): Case[] {
  const cases: Case[] = [];
  for (const { kind, sinks } of KIND_ROWS)
    for (const row of rowsOf(sinks, 'javascript', 'call'))
      for (const name of row.names) {
        const spellings = name.startsWith('fs.') ? [name, `${name}Sync`] : [name];
        const positions = row.args ?? [0];
        for (const spelled of spellings) {
          const forms: [string, (literal: boolean) => string][] = [];
          for (const at of positions)
            forms.push([
              `argument ${at}`,
              (literal) => Array.from({ length: Math.max(...positions) + 1 }, (_, i) => (i === at && !literal ? 'p' : LITERAL[kind])).join(', '),
            ]);
          for (const key of row.keywords ?? []) forms.push([`{ ${key} }`, (literal) => `{ ${key}: ${literal ? LITERAL[kind] : 'p'}, method: 'GET' }`]);
          for (const [form, args] of forms)
            cases.push({ kind, label: `${spelled} ${form}`, file: `${kind}/case_${cases.length}.ts`, ...serverFile(spelled, args) });
        }
      }
  return cases;
}

describe('JavaScript call rows: a generated tool passing its parameter is reported, the same call with a literal is not', () => {
  const cases = callCases();
  const work = tempDir('agent-guard-rows-js-');
  afterAll(() => work.cleanup());

  it('generates a case for every call row of every kind that has one', () => {
    const kinds = new Set(KIND_ROWS.filter((k) => rowsOf(k.sinks, 'javascript', 'call').length).map((k) => k.kind));
    expect(new Set(cases.map((c) => c.kind))).toEqual(kinds);
  });

  // one scan per kind, with that kind's rule alone
  it.each([...new Set(cases.map((c) => c.kind))].map((k) => [k]))(
    '%s',
    async (kind) => {
      const mine = cases.filter((c) => c.kind === kind);
      const dir = join(work.dir, kind);
      writeTree(work.dir, Object.fromEntries(mine.map((c) => [c.file, c.text])));
      const rule = ruleOf(kind);
      const result = await scan({ paths: [dir], rules: [rule] });
      expect(result.ruleErrors).toEqual([]);
      const reported = (file: string) =>
        result.findings
          .filter((f) => f.ruleId === rule.meta.id && `/${f.path}`.endsWith(`/${file.slice(kind.length + 1)}`))
          .map((f) => f.range.startLine)
          .sort((a, b) => a - b);
      const wrong = mine.filter((c) => JSON.stringify(reported(c.file)) !== JSON.stringify([c.sinkLine]));
      expect(wrong.map((c) => `${c.label}: expected line ${c.sinkLine}, reported ${JSON.stringify(reported(c.file))}\n${c.text}`)).toEqual([]);
    },
    120_000,
  );
});

// ---------------------------------------------------------------------------------------------------------------

/** How a row's name is written at a call: `child_process.spawn` as `spawn(`, `new worker_threads.Worker` as `Worker(`. */
function writtenName(name: string): string {
  const bare = name.replace(/^new /, '');
  if (bare.includes('/')) return bare.slice(bare.indexOf('.', bare.lastIndexOf('/')) + 1);
  return bare.includes('.') ? bare.slice(bare.indexOf('.') + 1) : bare;
}

/** The local names a fixture gives a module's default export (`import spawn from 'cross-spawn'`, `const x = require('x')`). */
function defaultBindings(text: string, module: string): string[] {
  const quoted = `['"]${module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}['"]`;
  const out: string[] = [];
  for (const m of text.matchAll(new RegExp(`import\\s+([\\w$]+)\\s*(?:,[^;]*)?from\\s*${quoted}`, 'g'))) out.push(m[1]);
  for (const m of text.matchAll(new RegExp(`([\\w$]+)\\s*=\\s*require\\(\\s*${quoted}\\s*\\)`, 'g'))) out.push(m[1]);
  return out;
}

/** Does a fixture line call `written` (`name(`, `.name(`, or a tagged template `` name` ``). */
const calls = (line: string, written: string) => line.includes(`${written}(`) || line.includes(`${written}\``) || line.includes(`${written}<`);

describe('JavaScript method and shape rows: every name is in a fixture line that expects the kind', () => {
  const files = loadFixtures(join(FIXTURES, 'js'));

  it.each(KIND_ROWS.map((k) => [k.kind, k] as const))('%s', (_, { kind, sinks }) => {
    const rows: SinkRow[] = [...rowsOf(sinks, 'javascript', 'method'), ...rowsOf(sinks, 'javascript', 'shape')];
    const marker = `expect: ${ruleOf(kind).meta.id}`;
    const marked = Object.entries(files).map(([path, text]) => ({ path, text, lines: text.split('\n').filter((l) => l.includes(marker)) }));
    const missing: string[] = [];
    for (const row of rows)
      for (const name of row.names) {
        const written = row.form === 'method' ? `.${name}` : writtenName(name);
        // a module's default export (`execa`, `cross-spawn`) is written under the name the file imports it as
        const module = row.form === 'shape' && /^[a-z][\w-]*$/.test(name) && !isGlobal(name);
        const found = marked.some(({ text, lines }) => (module ? defaultBindings(text, name) : [written]).some((w) => lines.some((l) => calls(l, w))));
        const how = module ? `the default export of '${name}'` : `\`${written}(\` or \`${written}\`\``;
        if (!found) missing.push(`${row.form} ${row.shape ?? row.receiver ?? ''}: ${name} (no line calling ${how} marked \`${marker}\`)`);
      }
    expect(missing).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** One sink of each kind, written around an expression `x` (a kind without a `call` row has its method or shape here). */
const SINK_OF: Record<SinkKind, { imports: string[]; call: (x: string) => string }> = {
  path: { imports: ["import * as fs from 'node:fs';"], call: (x) => `fs.readFileSync(${x})` },
  command: { imports: ["import * as cp from 'node:child_process';"], call: (x) => `cp.execSync(${x})` },
  argument: { imports: ["import * as cp from 'node:child_process';"], call: (x) => `cp.execFileSync('git', ['log', ${x}])` },
  code: { imports: [], call: (x) => `eval(${x})` },
  sql: {
    imports: ["import Database from 'better-sqlite3';", "const db = new Database('app.db');"],
    call: (x) => `db.prepare(\`SELECT * FROM notes WHERE id = '\${${x}}'\`)`,
  },
  ssrf: { imports: [], call: (x) => `fetch(${x})` },
  deserialization: { imports: ["import * as v8 from 'node:v8';"], call: (x) => `v8.deserialize(${x})` },
};

describe('JavaScript sanitizer call rows: a sink given the sanitizer of the parameter is quiet for the kinds the row names', () => {
  const work = tempDir('agent-guard-rows-js-san-');
  afterAll(() => work.cleanup());
  const kinds = KIND_ROWS.map((k) => k.kind);
  const cases: (Case & { sanitizer: string })[] = [];
  for (const row of rowsOf(ALL_SANITIZER_ROWS, 'javascript', 'call'))
    for (const name of row.names)
      for (const kind of row.safeFor === 'all' ? kinds : row.safeFor) {
        const { imports, callee } = calleeOf(name);
        const sink = SINK_OF[kind];
        const lines = [
          "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
          "import { z } from 'zod';",
          ...imports,
          ...sink.imports.filter((l) => !imports.includes(l)),
          "const server = new McpServer({ name: 'rows', version: '1.0.0' });",
          "server.tool('raw', { p: z.string() }, async ({ p }) => {",
          `  const out = await ${sink.call('p')};`,
          '  return { content: [{ type: "text", text: String(out) }] };',
          '});',
          "server.tool('sanitized', { p: z.string() }, async ({ p }) => {",
          `  const out = await ${sink.call(`${callee}(p)`)};`,
          '  return { content: [{ type: "text", text: String(out) }] };',
          '});',
          '',
        ];
        cases.push({
          kind,
          sanitizer: name,
          label: `${name} before the ${kind} sink`,
          file: `case_${cases.length}.ts`,
          text: lines.join('\n'),
          sinkLine: lines.findIndex((l) => l.includes('const out')) + 1,
        });
      }

  it('covers every sanitizer call row', () => {
    expect(new Set(cases.map((c) => c.sanitizer))).toEqual(new Set(rowsOf(ALL_SANITIZER_ROWS, 'javascript', 'call').flatMap((r) => r.names)));
  });

  it('reports the raw parameter and not the sanitized one', async () => {
    writeTree(work.dir, Object.fromEntries(cases.map((c) => [c.file, c.text])));
    const result = await scan({ paths: [work.dir], rules: SINK_RULES });
    expect(result.ruleErrors).toEqual([]);
    const wrong = cases.filter((c) => {
      const lines = result.findings.filter((f) => f.ruleId === ruleOf(c.kind).meta.id && `/${f.path}`.endsWith(`/${c.file}`)).map((f) => f.range.startLine);
      return JSON.stringify([...new Set(lines)]) !== JSON.stringify([c.sinkLine]);
    });
    expect(wrong.map((c) => `${c.label}\n${c.text}`)).toEqual([]);
  }, 120_000);
});
