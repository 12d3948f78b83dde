/**
 * Issue 18, tool-payload cases: a data file (a JSONL dataset, a stored tool schema, a `payloads:` schema) can
 * neither overflow the stack, nor stall validation, nor exhaust memory, nor blind the scan silently. Each
 * case runs the CLI bundled from source in a child process with a timeout and a heap limit, so a regression
 * fails instead of hanging the suite; a key planted beside the hostile file must still be found, and what
 * was not analyzed is a rule error (every format shows it, the scan fails at the default `--fail-on`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fakeKey, randomString, seededRng } from '../../src/families/secret/fake-keys.js';
import { maskSecret } from '../../src/core/redact.js';
import { makeRepo } from '../helpers/repo.js';
import { childCli, type ChildRun } from '../helpers/child-cli.js';

const key = fakeKey('anthropic', seededRng(1821)).key;
const TIMEOUT_MS = 20_000;
/** Cases reading tens of MB: slower on a loaded machine; a regression there is an abort (out of memory), not a hang. */
const LARGE_TIMEOUT_MS = 120_000;

const child = childCli('agent-guard-hostile-payload-bundle-');
beforeAll(() => child.build());
afterAll(() => child.cleanup());

type Run = ChildRun;

/** The CLI in a child process, killed after TIMEOUT_MS (a hang fails the test with code null). */
const run = (args: string[], cwd: string, heapMb = 512, timeout = TIMEOUT_MS): Run => child.run(args, cwd, { heapMb, timeoutMs: timeout });

interface Report {
  findings: { ruleId: string; path: string; message: string; range: { startLine: number } }[];
  ruleErrors: { path: string; ruleId: string; reason: string }[];
}

/** `scan --format json` of a repository holding `files` and the planted key, which must be found. */
function scanJson(files: Record<string, string>, heapMb?: number, timeout?: number): Report & { run: Run } {
  const t = makeRepo({ ...files, 'config.py': `ANTHROPIC_API_KEY = "${key}"\n` }, { commit: false });
  try {
    const r = run(['scan', '.', '--format', 'json'], t.dir, heapMb, timeout);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as Report;
    expect(doc.findings.map((f) => f.ruleId)).toContain('secret/anthropic-api-key');
    expect(r.stdout).not.toContain(key);
    return { ...doc, run: r };
  } finally {
    t.cleanup();
  }
}

const tool = (parameters: unknown) => ({ type: 'function', function: { name: 'lookup', parameters } });
/** A call of `lookup`; arguments given as a string are its JSON text already. */
const call = (args: unknown, id = 'c1') => ({
  role: 'assistant',
  tool_calls: [{ id, type: 'function', function: { name: 'lookup', arguments: typeof args === 'string' ? args : JSON.stringify(args) } }],
});
const record = (parameters: unknown, args: unknown) => JSON.stringify({ tools: [tool(parameters)], messages: [call(args)] });
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const errorsOf = (doc: Report, ruleId: string) => doc.ruleErrors.filter((e) => e.ruleId === ruleId).map((e) => e.reason);

describe('deep nesting is analyzed down to a depth limit and the rest reported (was: stack overflow, nothing analyzed)', () => {
  const typed = { type: 'object', properties: { n: { type: 'integer' } } };

  it('a JSONL line nested 50,000 deep: the other lines are still checked', () => {
    const doc = scanJson({ 'tools.jsonl': `${record(typed, { n: 'x' })}\n${deepObject(50_000)}\n${deepObject(1_000)}\n` });
    expect(doc.findings.filter((f) => f.ruleId === 'tool-payload/invalid-arguments').map((f) => f.range.startLine)).toEqual([1]);
    expect(errorsOf(doc, 'tool-payload/invalid-json')).toEqual([
      'rule tool-payload/invalid-json failed: line 2: nested deeper than 256 levels; not searched for tool payloads below that depth (and 1 more)',
    ]);
    expect(doc.ruleErrors.map((e) => e.reason).join('\n')).not.toMatch(/call stack/);
  });

  it('a .json document with a 50,000-deep branch beside its conversation', () => {
    const text = `{"tools": [${JSON.stringify(tool(typed))}],\n"messages": [${JSON.stringify(call({ n: 'x' }))}],\n"meta": ${deepObject(50_000)}}`;
    const doc = scanJson({ 'tools.json': text });
    // Found; located at the document's start, as jsonc-parser does not parse a text that deep.
    expect(doc.findings.filter((f) => f.ruleId === 'tool-payload/invalid-arguments').map((f) => f.message)).toEqual([
      expect.stringMatching(/^messages\[0\]\.tool_calls\[0\]: arguments\.n of "lookup": expected integer/),
    ]);
    expect(errorsOf(doc, 'tool-payload/invalid-json')).toEqual([expect.stringMatching(/document: nested deeper than 256 levels/)]);
  });

  it('a tool schema nested 20,000 deep, arguments nested 50,000 deep against a recursive schema', () => {
    const deepSchema = `${'{"properties":{"a":'.repeat(20_000)}{}${'}}'.repeat(20_000)}`;
    const node = { type: 'object', properties: { a: { $ref: '#/definitions/node' } } };
    const recursive = { ...node, definitions: { node } };
    const doc = scanJson({
      'tools.jsonl': `${JSON.stringify({ tools: [tool({ $placeholder: 1 })] }).replace('{"$placeholder":1}', deepSchema)}\n${record(recursive, deepObject(50_000))}\n`,
    });
    expect(errorsOf(doc, 'tool-payload/invalid-tool-schema')).toEqual([
      expect.stringMatching(/line 1, tools\[0\]\.function\.parameters: the input schema of tool "lookup" was not checked: it is nested deeper than 256 levels/),
    ]);
    expect(errorsOf(doc, 'tool-payload/invalid-arguments')).toEqual([
      expect.stringMatching(/line 2, messages\[0\]\.tool_calls\[0\]: the arguments of "lookup" were not validated: they are nested deeper than 256 levels/),
    ]);
  });

  it('a Hermes <tool_call> holding a Python literal nested 50,000 deep', () => {
    const system = `<tools>\n${JSON.stringify([tool(typed)])}\n</tools>`;
    const body = `${'['.repeat(50_000)}'a'${']'.repeat(50_000)}`;
    const line = JSON.stringify({
      conversations: [
        { from: 'system', value: system },
        { from: 'gpt', value: `<tool_call>\n${body}\n</tool_call>` },
      ],
    });
    const doc = scanJson({ 'data/train.jsonl': `${line}\n` });
    expect(doc.findings.find((f) => f.ruleId === 'tool-payload/invalid-arguments')?.message).toMatch(/nested deeper than 256 levels/);
    expect(errorsOf(doc, 'tool-payload/invalid-json')).toEqual([expect.stringMatching(/line 1: nested deeper than 256 levels/)]);
  });
});

describe('schema patterns run in linear time (was: time doubling per character)', () => {
  it('"^(a+)+$" against 40 "a" and a "!": reported as a mismatch at once (was: killed at 20 s)', () => {
    const doc = scanJson({
      'tools.jsonl': `${record({ type: 'object', properties: { x: { type: 'string', pattern: '^(a+)+$' } } }, { x: `${'a'.repeat(40)}!` })}\n`,
    });
    expect(doc.findings.find((f) => f.ruleId === 'tool-payload/invalid-arguments')?.message).toMatch(/expected a string matching \/\^\(a\+\)\+\$\//);
    expect(doc.ruleErrors).toEqual([]);
  });

  it('patternProperties "^(a+)+$" against a 40-"a" property name (ajv and the undeclared-property check)', () => {
    const schema = { type: 'object', properties: { x: {} }, patternProperties: { '^(a+)+$': { type: 'string' } } };
    const doc = scanJson({ 'tools.jsonl': `${record(schema, { [`${'a'.repeat(40)}!`]: 1, ['a'.repeat(40)]: 2 })}\n` });
    const messages = doc.findings.filter((f) => f.ruleId === 'tool-payload/invalid-arguments').map((f) => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/arguments\["a{40}!"\] is not declared/), expect.stringMatching(/arguments\.a{40}.*expected string/)]),
    );
    expect(messages.filter((m) => /not declared/.test(m))).toHaveLength(1);
  });

  it('a pattern RE2 cannot run (lookahead, backreference) is reported, the rest still validated', () => {
    const schema = {
      type: 'object',
      properties: { pin: { type: 'string', pattern: '^(?=.*\\d)[a-z\\d]+$' }, twice: { type: 'string', pattern: '^(a)\\1$' }, n: { type: 'integer' } },
    };
    const doc = scanJson({ 'tools.jsonl': `${record(schema, { pin: 'abc', twice: 'ab', n: 'x' })}\n` });
    expect(doc.findings.filter((f) => f.ruleId === 'tool-payload/invalid-arguments').map((f) => f.message)).toEqual([
      expect.stringMatching(/arguments\.n of "lookup": expected integer/),
    ]);
    expect(errorsOf(doc, 'tool-payload/invalid-arguments')).toEqual([
      expect.stringMatching(/the arguments of "lookup" were not validated: its schema has 2 patterns the linear-time engine cannot run/),
    ]);
  });
});

/** 30 levels, each an anyOf of two `$ref`s to the next: 2^30 paths in 2.9 KB. */
function explodingSchema(levels = 30): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  for (let i = 0; i < levels; i++) defs[`l${i}`] = { anyOf: [{ $ref: `#/$defs/l${i + 1}` }, { allOf: [{ $ref: `#/$defs/l${i + 1}` }, { type: 'object' }] }] };
  defs[`l${levels}`] = { type: 'string' };
  return { type: 'object', $defs: defs, properties: { x: { $ref: '#/$defs/l0' } } };
}

describe('schemas past a complexity budget are reported, not validated (was: killed at 60 s with 3.9 GB)', () => {
  it('a 2.9 KB tool schema of 30 levels of anyOf/allOf $ref', () => {
    const schema = explodingSchema();
    expect(JSON.stringify(schema).length).toBeLessThan(3000);
    const ok = { type: 'object', properties: { n: { type: 'integer' } } };
    const other = JSON.stringify({ tools: [{ type: 'function', function: { name: 'count', parameters: ok } }], messages: [call({ n: 'x' })] });
    const doc = scanJson({ 'tools.jsonl': `${record(schema, { x: 5 })}\n${other.replace(/"lookup"/, '"count"')}\n` }, 256);
    expect(errorsOf(doc, 'tool-payload/invalid-tool-schema')).toEqual([expect.stringMatching(/line 1, tools\[0\]\.function\.parameters: .* too complex/)]);
    expect(errorsOf(doc, 'tool-payload/invalid-arguments')).toEqual([
      expect.stringMatching(/line 1, .*"lookup" were not validated: its schema is too complex/),
    ]);
    expect(doc.findings.filter((f) => f.ruleId === 'tool-payload/invalid-arguments').map((f) => f.range.startLine)).toEqual([2]);
  });

  it('the same schema mapped by payloads: is reported unusable', () => {
    const doc = scanJson(
      {
        'data/calls.jsonl': '{"role":"assistant","content":"hi"}\n',
        'schema.json': JSON.stringify(explodingSchema()),
        '.agent-guard.yml': 'payloads:\n  - files: "data/*.jsonl"\n    schema: "schema.json"\n',
      },
      256,
    );
    expect(doc.findings.find((f) => f.ruleId === 'tool-payload/schema-mismatch')?.message).toMatch(/cannot be used: it is too complex/);
  });
});

describe('JSON lines are analyzed one at a time', () => {
  it(
    'a 24 MB JSONL dataset within a 160 MB heap (was: out of memory; 50 MB took 616 MB)',
    () => {
      const line = (i: number) =>
        JSON.stringify({
          id: i,
          tools: [tool({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] })],
          messages: [{ role: 'user', content: `weather in Paris ${i}` }, call({ city: i % 50_000 === 7 ? 7 : 'Paris' }, `call_${i}`)],
        });
      const lines: string[] = [];
      let size = 0;
      for (let i = 0; size < 24e6; i++) {
        lines.push(line(i));
        size += lines[i].length + 1;
      }
      const doc = scanJson({ 'train.jsonl': `${lines.join('\n')}\n`, '.agent-guard.yml': 'maxFileSize: 50000000\n' }, 160, LARGE_TIMEOUT_MS);
      expect(doc.ruleErrors).toEqual([]);
      expect(doc.findings.filter((f) => f.ruleId === 'tool-payload/invalid-arguments').map((f) => f.range.startLine)).toEqual(
        [8, 50_008, 100_008].filter((n) => n <= lines.length),
      );
    },
    2 * LARGE_TIMEOUT_MS,
  );

  it(
    'a line above the per-line cap is reported as not analyzed, the others checked',
    () => {
      const big = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(17 * 1024 * 1024) }] });
      const typed = { type: 'object', properties: { n: { type: 'integer' } } };
      const doc = scanJson({ 'tools.jsonl': `${big}\n${record(typed, { n: 'x' })}\n`, '.agent-guard.yml': 'maxFileSize: 50000000\n' }, 512, LARGE_TIMEOUT_MS);
      expect(errorsOf(doc, 'tool-payload/invalid-json')).toEqual([
        `rule tool-payload/invalid-json failed: line 1: ${big.length.toLocaleString('en-US')} characters long, over the 16,777,216 a JSON value is parsed up to; not analyzed`,
      ]);
      expect(doc.findings.filter((f) => f.ruleId === 'tool-payload/invalid-arguments').map((f) => f.range.startLine)).toEqual([2]);
    },
    2 * LARGE_TIMEOUT_MS,
  );
});

describe('messages never quote what may be a key', () => {
  it('shows a key-like argument and an unparsable one masked (was: their first 20 and 10 characters)', () => {
    const token = randomString(seededRng(1822), 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 40);
    const typed = { type: 'object', properties: { n: { type: 'integer' } } };
    const unparsable = JSON.stringify({
      tools: [tool(typed)],
      messages: [{ role: 'assistant', tool_calls: [{ id: 'c2', type: 'function', function: { name: 'lookup', arguments: token } }] }],
    });
    const doc = scanJson({ 'tools.jsonl': `${record(typed, { n: token })}\n${unparsable}\n` });
    const messages = doc.findings.filter((f) => f.ruleId === 'tool-payload/invalid-arguments').map((f) => f.message);
    expect(messages).toHaveLength(2);
    for (const m of messages) expect(m).not.toContain(token.slice(0, 9));
    expect(messages[0]).toContain(`found string "${maskSecret(token)}"`);
    expect(messages[1]).toMatch(/are not valid JSON \(Unexpected token '.': not valid JSON\)/);
  });
});
