/**
 * Every Python row of src/families/tool-input/kinds/*.ts reports (issue 13: "a test that every row has a fixture").
 *
 * - `call` rows: for each name and each argument position the row lists (or its first keyword when it lists
 *   none), a small FastMCP tool is generated that passes its `str` parameter there (fixed literals elsewhere),
 *   next to a tool making the same call with a literal instead. Scanned with the row's kind's rule alone, the file
 *   must report exactly the parameter's call line. The cases of one kind are scanned together, one file each.
 * - `method` and `shape` rows: their matcher decides from the receiver or the call's shape, which a generated
 *   call cannot stand for, so each name must appear in a hand-written fixture under test/fixtures/tool-input/python/
 *   on a line marked `expect: tool-input/<rule of the row's kind>` (fixtures.test.ts checks that those lines report).
 * - sanitiser rows (common.ts and each kind's): for each name and each kind the row is safe for (every kind for
 *   `all`), a generated tool passes its raw parameter to a sink of that kind, then the sanitised value: only the
 *   raw one reports.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { ScanResult } from '../../src/engine/engine.js';
import { COMMON_SANITIZERS, KIND_ROWS, rowsOf } from '../../src/families/tool-input/kinds/index.js';
import type { SinkKind } from '../../src/families/tool-input/taint/types.js';
import { expectedLines, linesOf, runOnFiles } from '../helpers/rules.js';
import { FIXTURES, loadFixtures, SINK_RULES } from './shared.js';

const ruleOf = (kind: SinkKind) => SINK_RULES.find((r) => r.sinkKind === kind)!;

// ---- generated calls ------------------------------------------------------------------------------------------

interface CallCase {
  kind: SinkKind;
  name: string;
  /** `#2` for a position, `file=` for a keyword. */
  slot: string;
  path: string;
  text: string;
  /** The line of the call passing the parameter. */
  line: number;
}

/** The import a canonical name needs: its leading lower-case segments (`urllib.request` for `urllib.request.urlopen`, `git` for `git.Repo.clone_from`); none for a builtin. */
function importOf(name: string): string | null {
  const segments = name.replace(/\(\)/g, '').split('.');
  const module: string[] = [];
  for (const s of segments.slice(0, -1)) {
    if (!/^[a-z_][a-z0-9_]*$/.test(s)) break;
    module.push(s);
  }
  return module.length ? `import ${module.join('.')}` : null;
}

/**
 * The argument expression carrying `value` for a kind: SQL is reported only for query text built from input, so
 * the parameter is formatted into a query; the literal form is the same query fixed.
 */
function argument(kind: SinkKind, value: string | null): string {
  if (kind === 'sql') return value ? `f"SELECT * FROM items WHERE name = '{${value}}'"` : `"SELECT * FROM items WHERE name = 'fixed'"`;
  if (kind === 'ssrf') return value ?? '"https://api.example.com/items"';
  return value ?? '"fixed.txt"';
}

/**
 * Keywords a call needs to be a sink: a directory created without `exist_ok=True` is new and clobbers nothing
 * (taint/python-fresh.ts), and `os.mkdir` takes no `exist_ok`, so only unknown keywords make it one.
 */
const SINK_KEYWORDS: Record<string, string> = { 'os.makedirs': 'exist_ok=True', 'os.mkdir': '**{"mode": 0o755}' };

/** The call of `name` with the argument at `slot` (a position or `keyword=`) and literals at the positions before it. */
function call(kind: SinkKind, name: string, slot: number | string, value: string | null): string {
  const a = argument(kind, value);
  const extra = SINK_KEYWORDS[name] ? [SINK_KEYWORDS[name]] : [];
  if (typeof slot === 'string') return `${name}(${[`${slot}=${a}`, ...extra].join(', ')})`;
  const before = Array.from({ length: slot }, (_, i) => (kind === 'ssrf' && i === 0 ? '"GET"' : `"fixed${i}"`));
  return `${name}(${[...before, a, ...extra].join(', ')})`;
}

function callCase(kind: SinkKind, name: string, slot: number | string, n: number): CallCase {
  const imp = importOf(name);
  const lines = [
    'from mcp.server.fastmcp import FastMCP',
    ...(imp ? [imp] : []),
    '',
    'mcp = FastMCP("rows")',
    '',
    '',
    '@mcp.tool()',
    'def chosen(value: str) -> str:',
    '    """Pass the input to the sink."""',
    `    ${call(kind, name, slot, 'value')}`,
    '    return "done"',
    '',
    '',
    '@mcp.tool()',
    'def fixed(value: str) -> str:',
    '    """Pass a literal to the sink."""',
    `    ${call(kind, name, slot, null)}`,
    '    return "done"',
    '',
  ];
  const line = lines.indexOf(`    ${call(kind, name, slot, 'value')}`) + 1;
  const slotName = typeof slot === 'string' ? `${slot}=` : `#${slot}`;
  return { kind, name, slot: slotName, path: `rows/${kind}/case_${n}.py`, text: lines.join('\n'), line };
}

/** One case per Python `call` row, name and argument position (or first keyword when the row lists no position). */
function callCases(): CallCase[] {
  const out: CallCase[] = [];
  for (const k of KIND_ROWS)
    for (const row of rowsOf(k.sinks, 'python', 'call'))
      for (const name of row.names) {
        const slots: (number | string)[] = row.args?.length ? [...row.args] : row.keywords?.length ? [row.keywords[0]] : [];
        if (!slots.length) throw new Error(`Python call row ${name} (${k.kind}) names no argument position and no keyword`);
        for (const slot of slots) out.push(callCase(k.kind, name, slot, out.length));
      }
  return out;
}

const CASES = callCases();

describe('Python call rows: a generated tool passing its input to each row reports its call line, a literal stays quiet', () => {
  const results = new Map<SinkKind, ScanResult>();
  beforeAll(async () => {
    for (const kind of new Set(CASES.map((c) => c.kind))) {
      const cases = CASES.filter((c) => c.kind === kind);
      results.set(kind, await runOnFiles([ruleOf(kind)], Object.fromEntries(cases.map((c) => [c.path, c.text]))));
    }
  });

  it('generates cases for every kind with Python call rows', () => {
    expect([...new Set(CASES.map((c) => c.kind))].sort()).toEqual(
      KIND_ROWS.filter((k) => rowsOf(k.sinks, 'python', 'call').length)
        .map((k) => k.kind)
        .sort(),
    );
  });

  it.each(CASES.map((c) => [`${c.kind}: ${c.name} ${c.slot}`, c] as const))('%s', (_, c) => {
    const result = results.get(c.kind)!;
    expect(result.ruleErrors).toEqual([]);
    const lines = [...new Set(linesOf(result.findings, ruleOf(c.kind).meta.id, c.path))];
    expect({ case: `${c.name} ${c.slot}`, lines, file: c.text }).toEqual({ case: `${c.name} ${c.slot}`, lines: [c.line], file: c.text });
  });
});

// ---- sanitiser rows: generated ------------------------------------------------------------------------------

/** One sink per kind taking a string, and the import it needs: where a sanitised value must stay quiet and the raw parameter reports. */
const SINK_OF_KIND: Record<SinkKind, { imports: string; sink: (v: string) => string }> = {
  path: { imports: 'import os', sink: (v) => `os.remove(${v})` },
  command: { imports: 'import os', sink: (v) => `os.system(${v})` },
  argument: { imports: 'import subprocess', sink: (v) => `subprocess.run(["git", "show", ${v}])` },
  code: { imports: '', sink: (v) => `eval(${v})` },
  sql: { imports: 'import sqlite3', sink: (v) => `sqlite3.connect("app.db").execute(f"SELECT * FROM items WHERE id = {${v}}")` },
  ssrf: { imports: 'import requests', sink: (v) => `requests.get(${v})` },
  deserialization: { imports: 'import pickle', sink: (v) => `pickle.loads(${v})` },
};

interface SanitizerCase {
  kind: SinkKind;
  name: string;
  form: 'call' | 'method';
  path: string;
  text: string;
  /** The sink line given the raw parameter (the sanitised one, two lines below, must stay quiet). */
  line: number;
}

function sanitizerCases(): SanitizerCase[] {
  const rows = [...COMMON_SANITIZERS, ...KIND_ROWS.flatMap((k) => k.sanitizers)].filter((r) => r.lang === 'python');
  const out: SanitizerCase[] = [];
  for (const row of rows)
    for (const name of row.names)
      for (const kind of row.safeFor === 'all' ? KIND_ROWS.map((k) => k.kind) : row.safeFor) {
        const imp = row.form === 'call' ? importOf(name) : null;
        const clean = row.form === 'call' ? `${name}(value)` : `value.${name}("x")`;
        const lines = [
          'from mcp.server.fastmcp import FastMCP',
          ...[imp, SINK_OF_KIND[kind].imports].filter((l): l is string => !!l),
          '',
          'mcp = FastMCP("rows")',
          '',
          '',
          '@mcp.tool()',
          'def handle(value: str) -> str:',
          '    """Pass the raw input to the sink, then the sanitised one."""',
          `    ${SINK_OF_KIND[kind].sink('value')}`,
          `    clean = ${clean}`,
          `    ${SINK_OF_KIND[kind].sink('clean')}`,
          '    return "done"',
          '',
        ];
        out.push({ kind, name, form: row.form, path: `sanitizers/${kind}/case_${out.length}.py`, text: lines.join('\n'), line: lines.length - 4 });
      }
  return out;
}

const SANITIZER_CASES = sanitizerCases();

describe('Python sanitiser rows: a sink given the sanitised input stays quiet for each kind the row names, the raw input reports', () => {
  const results = new Map<SinkKind, ScanResult>();
  beforeAll(async () => {
    for (const kind of new Set(SANITIZER_CASES.map((c) => c.kind))) {
      const cases = SANITIZER_CASES.filter((c) => c.kind === kind);
      results.set(kind, await runOnFiles([ruleOf(kind)], Object.fromEntries(cases.map((c) => [c.path, c.text]))));
    }
  });

  it.each(SANITIZER_CASES.map((c) => [`${c.kind}: ${c.form === 'method' ? '.' : ''}${c.name}`, c] as const))('%s', (_, c) => {
    const result = results.get(c.kind)!;
    expect(result.ruleErrors).toEqual([]);
    const lines = [...new Set(linesOf(result.findings, ruleOf(c.kind).meta.id, c.path))];
    expect({ case: c.name, lines, file: c.text }).toEqual({ case: c.name, lines: [c.line], file: c.text });
  });
});

// ---- method and shape rows: hand-written fixtures ------------------------------------------------------------

/** Each name of the Python method and shape rows with no fixture line marked for its kind's rule. */
function unfixtured(): string[] {
  const files = Object.values(loadFixtures(join(FIXTURES, 'python')));
  const marked = (id: string) => files.flatMap((text) => expectedLines(text, id).map((n) => text.split('\n')[n - 1]));
  const missing: string[] = [];
  for (const k of KIND_ROWS) {
    const lines = marked(ruleOf(k.kind).meta.id);
    for (const row of k.sinks.filter((r) => r.lang === 'python' && r.form !== 'call'))
      for (const name of row.names) {
        const n = name.replace(/[.()]/g, (ch) => `\\${ch}`);
        // a method as `.name(`; a shape's callee as `name(`, or an attribute it calls methods of as `.name.method(`
        const pattern = row.form === 'method' ? new RegExp(`\\.${n}\\(`) : new RegExp(`(^|\\W)${n}\\(|\\.${n}\\.\\w+\\(`);
        if (!lines.some((l) => pattern.test(l))) missing.push(`${k.kind} ${row.form}${row.shape ? ` ${row.shape}` : ''}: ${name}`);
      }
  }
  return missing;
}

describe('Python method and shape rows', () => {
  it('each name is on a fixture line marked `expect:` with the rule of its kind', () => {
    expect(unfixtured()).toEqual([]);
  });

  it('every shape row names its shape and says when it reports', () => {
    const rows = KIND_ROWS.flatMap((k) => k.sinks.filter((r) => r.lang === 'python' && r.form === 'shape').map((r) => ({ kind: k.kind, ...r })));
    expect(rows.filter((r) => !r.shape || !r.when).map((r) => `${r.kind}: ${r.names.join(', ')}`)).toEqual([]);
  });

  it('no name is listed twice in one kind and form (a table keeps only one row per name)', () => {
    const twice: string[] = [];
    for (const k of KIND_ROWS)
      for (const form of ['call', 'method'] as const) {
        const names = rowsOf(k.sinks, 'python', form).flatMap((r) => r.names);
        twice.push(...names.filter((n, i) => names.indexOf(n) !== i).map((n) => `${k.kind} ${form}: ${n}`));
      }
    expect(twice).toEqual([]);
  });
});
