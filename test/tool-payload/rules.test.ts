import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Finding } from '../../src/core/types.js';
import { SchemaCache } from '../../src/families/tool-payload/schemas.js';
import { boundedLines, validateJsonl, type StreamFinding } from '../../src/families/tool-payload/stream.js';
import { toolPayloadRules } from '../../src/families/tool-payload/index.js';
import { runOnFiles } from '../helpers/rules.js';
import { FIXTURES, loadTree, MAPPING } from './fixtures.js';

const show = (f: Finding) => `${f.path}:${f.range.startLine}:${f.range.startColumn} ${f.ruleId}${f.severity === 'warning' ? ' (warning)' : ''}`;

async function run(files: Record<string, string>, config = {}) {
  const r = await runOnFiles(toolPayloadRules, files, config);
  expect(r.ruleErrors).toEqual([]);
  return r.findings;
}

/** The source text a finding's range covers (single-line ranges). */
function textAt(files: Record<string, string>, f: Finding): string {
  const line = files[f.path].split('\n')[f.range.startLine - 1];
  return line.slice(f.range.startColumn - 1, f.range.endColumn - 1);
}

describe('tool-payload fixtures', () => {
  it('valid fixtures of every format (and unrelated JSON: package.json, JSONC tsconfig, lockfile) produce nothing', async () => {
    const files = loadTree(join(FIXTURES, 'valid'));
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(14);
    expect((await run(files, MAPPING)).map(show)).toEqual([]);
  });

  it('invalid fixtures: every finding at the line and column of the offending value', async () => {
    const files = loadTree(join(FIXTURES, 'invalid'));
    const findings = await run(files, MAPPING);
    expect(findings.map(show)).toEqual([
      'anthropic-messages.json:18:15 tool-payload/invalid-tool-schema', // "defender.get_machine": dots not allowed by Anthropic
      'anthropic-messages.json:22:49 tool-payload/invalid-tool-schema', // "type": "strng"
      'anthropic-messages.json:31:98 tool-payload/invalid-arguments', // query "" < minLength 1
      'anthropic-messages.json:31:119 tool-payload/invalid-arguments', // timespan_days "7" is a string
      'bfcl-style.json:2:218 tool-payload/invalid-tool-schema', // "business" is no type, even in BFCL
      'gemini-request.json:6:104 tool-payload/invalid-arguments', // action "Allow" not in enum
      'gemini-request.json:27:88 tool-payload/invalid-tool-schema', // "INTEGER" in parametersJsonSchema (standard JSON Schema)
      'instruction-dataset.jsonl:1:513 tool-payload/unknown-tool', // call name != tool name
      'instruction-dataset.jsonl:2:513 tool-payload/invalid-arguments', // enum
      'instruction-dataset.jsonl:2:513 tool-payload/invalid-arguments', // pattern
      'instruction-dataset.jsonl:3:513 tool-payload/invalid-arguments', // output not JSON
      'mcp-tools-list.json:12:32 tool-payload/invalid-tool-schema', // "float"
      'mcp-tools-list.json:20:63 tool-payload/invalid-tool-schema', // draft-07 array `items` under the 2020-12 default
      'mcp-trace.jsonl:2:94 tool-payload/invalid-arguments', // missing required sha1
      'mcp-trace.jsonl:3:64 tool-payload/unknown-tool', // not in the file's tools/list
      'openai-chat-finetune.jsonl:1:168 tool-payload/invalid-arguments', // unparsable
      'openai-chat-finetune.jsonl:2:168 tool-payload/invalid-arguments', // double-encoded
      'openai-chat-finetune.jsonl:3:168 tool-payload/invalid-arguments', // type
      'openai-chat-finetune.jsonl:3:168 tool-payload/invalid-arguments', // additionalProperties false
      'openai-chat-finetune.jsonl:3:168 tool-payload/invalid-arguments', // enum
      'openai-chat-finetune.jsonl:4:171 tool-payload/invalid-arguments', // required
      'openai-chat-finetune.jsonl:4:171 tool-payload/invalid-arguments', // pattern
      'openai-chat-finetune.jsonl:5:171 tool-payload/invalid-arguments (warning)', // undeclared key
      'openai-chat-finetune.jsonl:6:140 tool-payload/unknown-tool',
      'openai-chat-finetune.jsonl:7:93 tool-payload/unpaired-call (warning)', // call, no result, conversation goes on
      'openai-chat-finetune.jsonl:7:230 tool-payload/unpaired-call (warning)', // result, no call
      'openai-chat-finetune.jsonl:8:199 tool-payload/unpaired-call (warning)', // duplicate id
      'openai-chat-finetune.jsonl:9:60 tool-payload/invalid-json',
      'openai-chat-finetune.jsonl:10:169 tool-payload/invalid-arguments', // arguments is an array
      'openai-legacy-functions.jsonl:1:132 tool-payload/invalid-arguments', // required
      'openai-legacy-functions.jsonl:1:132 tool-payload/invalid-arguments', // additionalProperties false
      'openai-responses.json:6:15 tool-payload/invalid-tool-schema', // "lookup alert": space not allowed by OpenAI
      'openai-responses.json:17:43 tool-payload/unpaired-call (warning)',
      'openai-responses.json:17:59 tool-payload/unknown-tool',
      'openai-responses.json:19:50 tool-payload/unpaired-call (warning)',
      'payloads/defender/call.json:2:11 tool-payload/schema-mismatch',
      'payloads/defender/call.json:4:3 tool-payload/schema-mismatch',
      'payloads/defender/calls.jsonl:2:44 tool-payload/schema-mismatch',
      'sharegpt-function-call.jsonl:1:108 tool-payload/invalid-arguments', // LLaMA-Factory function_call turn: days "two"
      'sharegpt-function-call.jsonl:2:108 tool-payload/unknown-tool', // second call of a list names an undeclared tool
      'sharegpt-function-call.jsonl:3:108 tool-payload/invalid-arguments', // after <think>…</think>: required "to" missing
      'sharegpt-function-call.jsonl:4:108 tool-payload/invalid-arguments', // function_call value is not JSON
      'sharegpt-hermes.jsonl:1:1044 tool-payload/invalid-arguments', // Python-literal <tool_call>: enum
      'sharegpt-hermes.jsonl:2:933 tool-payload/unknown-tool', // not in the system turn's <tools>
      'sharegpt-hermes.jsonl:3:931 tool-payload/invalid-arguments', // <tool_call> body does not parse
      'sharegpt-hermes.jsonl:4:938 tool-payload/invalid-arguments', // messages[].content, second <tool_call>: pattern
      'tools/broken.json:3:95 tool-payload/invalid-json', // trailing comma
    ]);
    // Ranges cover the offending value; inside an `arguments` string, the string itself.
    const byText = findings.map((f) => [show(f), textAt(files, f)]);
    expect(byText).toContainEqual(['anthropic-messages.json:22:49 tool-payload/invalid-tool-schema', '"strng"']);
    expect(byText).toContainEqual(['anthropic-messages.json:31:119 tool-payload/invalid-arguments', '"7"']);
    expect(byText).toContainEqual(['mcp-tools-list.json:12:32 tool-payload/invalid-tool-schema', '"float"']);
    expect(byText).toContainEqual(['openai-chat-finetune.jsonl:1:168 tool-payload/invalid-arguments', JSON.stringify('{"city": "Paris",}')]);
    expect(byText).toContainEqual(['openai-chat-finetune.jsonl:6:140 tool-payload/unknown-tool', '"delete_machine"']);
    expect(byText).toContainEqual(['payloads/defender/call.json:4:3 tool-payload/schema-mismatch', '"dry_run"']);
    expect(byText).toContainEqual(['tools/broken.json:3:95 tool-payload/invalid-json', ',']);
    // ShareGPT: the string turn that holds the call.
    expect(byText).toContainEqual(['sharegpt-function-call.jsonl:4:108 tool-payload/invalid-arguments', JSON.stringify("get_weather(city='Paris')")]);
  });

  it('messages name the record and say what was expected and what was found', async () => {
    const files = loadTree(join(FIXTURES, 'invalid'));
    const messages = (await run(files, MAPPING)).map((f) => f.message);
    expect(messages).toContain('line 3, messages[1].tool_calls[0]: arguments.city of "get_weather": expected string, found integer 42');
    expect(messages).toContain('line 3, messages[1].tool_calls[0]: arguments.unit of "get_weather": expected one of "c", "f", found string "kelvin"');
    expect(messages).toContain(
      'line 4, messages[1].tool_calls[0]: arguments of "isolate_device": expected required property "comment", found no such property',
    );
    expect(messages).toContain(
      'line 6, messages[1].tool_calls[0]: the call names "delete_machine": expected a tool declared in this record ("get_weather", "isolate_device")',
    );
    expect(messages).toContain('line 9: invalid JSON (ValueExpected): expected a value, found "}"');
    expect(messages).toContain(
      'line 2, messages[1].tool_calls[0]: the arguments of "get_weather" are double-encoded: expected a JSON object encoded once, found a JSON string that itself holds JSON',
    );
    expect(messages).toContain(
      'line 7, messages[1].tool_calls[0]: call "get_weather" (id "k7") has no result although the conversation continues at messages[2]: expected a tool result with id "k7"',
    );
    expect(messages).toContain('line 2, output: arguments.machine_id of "isolate_device": expected a string matching /^[0-9a-f]{40}$/, found string "HOST-01"');
    expect(messages).toContain(
      'line 1, conversations[2].value: arguments.class of "search_flights": expected one of "economy", "business", "first", found string "premium"',
    );
    expect(messages).toContain(
      'line 4, messages[2].content → [1]: arguments.symbol of "get_stock_price": expected a string matching /^[A-Z]{1,5}$/, found string "apple"',
    );
    expect(messages).toContain(
      'line 2, conversations[1].value → [1]: the call names "book_hotel": expected a tool declared in this record ("get_weather", "convert_currency")',
    );
    expect(messages).toContain(
      'result.tools[0].inputSchema.properties.score.type: the input schema of tool "quarantine_file" is not a valid JSON Schema: expected "type" to be one of string, number, integer, boolean, object, array, null (or an array of them), found "float"',
    );
  });
});

describe('tool-payload behaviour', () => {
  const weather = {
    type: 'function',
    function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  };

  it('a final assistant message with tool calls (a fine-tuning target) is not unpaired', async () => {
    const rec = {
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      ],
      tools: [weather],
    };
    expect(await run({ 'train.jsonl': JSON.stringify(rec) })).toEqual([]);
  });

  it('a call is only checked against tools when its record or file declares some', async () => {
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'anything', arguments: { a: 1 } } };
    expect(await run({ 'call.json': JSON.stringify(call) })).toEqual([]);
  });

  it('invalid JSON is reported only in payload files (by path, content or mapping)', async () => {
    const broken = '{"a": 1,, }';
    expect(await run({ 'config/settings.json': broken })).toEqual([]);
    expect((await run({ 'fixtures/tool_calls.json': broken })).map(show)).toEqual(['fixtures/tool_calls.json:1:9 tool-payload/invalid-json']);
    const byContent = '{"tools": [{"type": "function", "function": {"name": "f"}}], "x": [1 2]}';
    expect((await run({ 'misc/a.json': byContent })).map(show)).toEqual(['misc/a.json:1:70 tool-payload/invalid-json']);
    expect((await run({ 'misc/b.json': broken }, { payloads: [{ files: 'misc/*.json', schema: 's.json' }] })).map((f) => f.ruleId)).toContain(
      'tool-payload/invalid-json',
    );
  });

  it('JSONC configs with comments or trailing commas are not payloads, whatever folder holds them', async () => {
    const jsonc = '{\n  /* Bundler mode */\n  "compilerOptions": { "module": "esnext", },\n  // local profile\n  "profiles": {}\n}\n';
    expect(
      await run({
        'examples/chat-app/tsconfig.app.json': jsonc,
        'samples/Hello/Properties/launchSettings.json': jsonc,
        'libs/mcp-adapters/examples/tsconfig.json': jsonc,
      }),
    ).toEqual([]);
    const commentedToolList = '{\n  // exported from the server\n  "tools": [{ "name": "f", "inputSchema": { "type": "object" } }]\n}\n';
    expect((await run({ 'misc/c.json': commentedToolList })).map(show)).toEqual(['misc/c.json:2:3 tool-payload/invalid-json']);
  });

  it('JSON lines stored in a .json file are read line by line', async () => {
    const text = `${JSON.stringify({ messages: [], tools: [weather] })}\n${JSON.stringify({ messages: [{ role: 'assistant', tool_calls: [{ id: 'a', type: 'function', function: { name: 'get_weather', arguments: '{"city": 3}' } }] }], tools: [weather] })}\n`;
    const f = await run({ 'data/set.json': text });
    expect(f.map(show)).toEqual(['data/set.json:2:121 tool-payload/invalid-arguments']);
    expect(f[0].message.startsWith('line 2, ')).toBe(true);
  });

  it('a JSON array of records scopes tools per record, falling back to the file', async () => {
    const doc = [
      { tools: [weather] },
      { messages: [{ role: 'assistant', tool_calls: [{ id: 'a', type: 'function', function: { name: 'get_wether', arguments: '{}' } }] }] },
    ];
    const f = await run({ 'examples.json': JSON.stringify(doc, null, 2) });
    expect(f.map((x) => x.ruleId)).toEqual(['tool-payload/unknown-tool']);
    expect(f[0].message).toContain('[1].messages[0].tool_calls[0]: the call names "get_wether": expected a tool declared in this file ("get_weather")');
  });

  it('dialects: Gemini types are valid for Gemini only; $schema picks draft-07 or 2020-12; BFCL types only in BFCL records', async () => {
    const openaiUpper = { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'OBJECT', properties: { a: { type: 'STRING' } } } } }] };
    expect((await run({ 'a.json': JSON.stringify(openaiUpper) })).map((f) => f.ruleId)).toEqual([
      'tool-payload/invalid-tool-schema',
      'tool-payload/invalid-tool-schema',
    ]);
    const openaiDict = { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'dict', properties: { a: { type: 'float' } } } } }] };
    expect((await run({ 'b.json': JSON.stringify(openaiDict) })).length).toBe(2);
    const bfcl = { id: 'x', question: [[{ role: 'user', content: 'q' }]], function: [openaiDict.tools[0].function] };
    expect(await run({ 'c.json': JSON.stringify(bfcl) })).toEqual([]);
    const tuple = (schema?: string) => ({
      name: 't',
      inputSchema: { ...(schema ? { $schema: schema } : {}), type: 'object', properties: { p: { type: 'array', items: [{ type: 'string' }] } } },
    });
    expect(await run({ 'd.json': JSON.stringify(tuple('http://json-schema.org/draft-07/schema#')) })).toEqual([]);
    expect((await run({ 'e.json': JSON.stringify(tuple()) })).map((f) => f.ruleId)).toEqual(['tool-payload/invalid-tool-schema']);
  });

  it('each distinct schema is compiled once, whatever its key order', () => {
    const cache = new SchemaCache();
    const a = { type: 'object', properties: { x: { type: 'string' } }, required: ['x'] };
    const b = { required: ['x'], properties: { x: { type: 'string' } }, type: 'object' };
    for (let i = 0; i < 1000; i++) cache.get(JSON.parse(JSON.stringify(i % 2 ? a : b)), 'json-schema', 'draft-07');
    expect(cache.compiles).toBe(1);
    expect(cache.size).toBe(1);
  });

  it('fingerprints survive lines inserted above (record key + JSON pointer)', async () => {
    const bad = JSON.stringify({
      id: 'rec-7',
      messages: [{ role: 'assistant', tool_calls: [{ id: 'a', type: 'function', function: { name: 'nope', arguments: '{}' } }] }],
      tools: [weather],
    });
    const before = await run({ 'train.jsonl': `${bad}\n` });
    const after = await run({ 'train.jsonl': `${JSON.stringify({ messages: [] })}\n\n${bad}\n` });
    expect(after[0].range.startLine).toBe(3);
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
  });

  it('a missing or invalid project schema is one finding on the mapped file', async () => {
    const f = await run({ 'p/a.json': '{}' }, { payloads: [{ files: 'p/*.json', schema: 'schemas/missing.json' }] });
    expect(f.map((x) => x.message)).toEqual([
      'schemas/missing.json (mapped to this file by `payloads:` in the config) cannot be used: the file is missing or unreadable',
    ]);
  });

  it('config ignore entries suppress findings in JSON and JSONL', async () => {
    const files = loadTree(join(FIXTURES, 'invalid'));
    const r = await runOnFiles(toolPayloadRules, files, { ...MAPPING, ignore: [{ rule: 'tool-payload/*', files: '**/*.jsonl', reason: 'test data' }] });
    expect(r.findings.filter((f) => f.path.endsWith('.jsonl'))).toEqual([]);
    expect(r.suppressed).toBeGreaterThan(0);
  });

  it('the streaming validator reports what the rules report on JSONL (line and column within the line)', async () => {
    const text = readFileSync(join(FIXTURES, 'invalid', 'openai-chat-finetune.jsonl'), 'utf8');
    const streamed: StreamFinding[] = [];
    const stats = await validateJsonl(Readable.from([text]), { onFinding: (f) => streamed.push(f) });
    const viaRules = await run({ 'x.jsonl': text });
    const key = (l: number, c: number, e: number, id: string, m: string) => `${l}:${c}-${e} ${id} ${m}`;
    expect(streamed.map((f) => key(f.line, f.startColumn, f.endColumn, f.ruleId, f.message)).sort()).toEqual(
      viaRules.map((f) => key(f.range.startLine, f.range.startColumn, f.range.endColumn, f.ruleId, f.message)).sort(),
    );
    expect(stats).toMatchObject({ lines: 10, records: 10, invalidRecords: 7 });
  });

  it('the streaming validator holds at most the per-line cap of a line, and reports a longer one as not analyzed', async () => {
    const lines: string[] = [];
    for await (const l of boundedLines(Readable.from(['ab', 'c\r\nde', 'fghij\n', '\nk']), 4)) lines.push(l.text === null ? `(${l.length})` : l.text);
    expect(lines).toEqual(['abc', '(7)', '', 'k']);

    const bad = readFileSync(join(FIXTURES, 'invalid', 'openai-chat-finetune.jsonl'), 'utf8').split('\n')[0];
    const big = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(17 * 1024 * 1024) }] });
    const chunks = [...Array(Math.ceil(big.length / 1e6)).keys()].map((i) => big.slice(i * 1e6, (i + 1) * 1e6));
    const limits: { ruleId: string; line: number; reason: string }[] = [];
    const streamed: StreamFinding[] = [];
    const stats = await validateJsonl(Readable.from([...chunks, '\n', `${bad}\n`]), { onLimit: (l) => limits.push(l), onFinding: (f) => streamed.push(f) });
    expect(limits).toEqual([
      { ruleId: 'tool-payload/invalid-json', line: 1, reason: expect.stringMatching(/^line 1: 17,825,\d{3} characters long, over the 16,777,216/) },
    ]);
    expect(stats).toMatchObject({ lines: 2, limits: 1 });
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed.every((f) => f.line === 2)).toBe(true);
  });
});

describe('tool-payload rule metadata', () => {
  // Doc pages are checked for every family by test/docs/rule-docs.test.ts.
  it('ids match module names', () => {
    const root = join(FIXTURES, '..', '..', '..');
    const modules = readdirSync(join(root, 'src', 'families', 'tool-payload', 'rules')).filter((n) => !['index.ts', 'shared.ts'].includes(n));
    expect(toolPayloadRules.map((r) => `${r.meta.id.split('/')[1]}.ts`).sort()).toEqual(modules.sort());
    for (const r of toolPayloadRules) expect(r.meta.family).toBe('tool-payload');
  });
});

/**
 * The official MCP schema examples produce no finding. Fetched data is not committed: point
 * MCP_SPEC_DIR at a checkout of modelcontextprotocol/modelcontextprotocol (the directory holding schema/).
 */
const specDir = process.env.MCP_SPEC_DIR;
(specDir ? describe : describe.skip)('MCP specification examples (MCP_SPEC_DIR)', () => {
  it('schema/*/examples/**/*.json produce no finding', async () => {
    const files: Record<string, string> = {};
    const schemaRoot = join(specDir!, 'schema');
    for (const version of readdirSync(schemaRoot)) {
      const ex = join(schemaRoot, version, 'examples');
      if (!existsSync(ex)) continue;
      for (const [rel, text] of Object.entries(loadTree(ex))) if (rel.endsWith('.json')) files[`schema/${version}/examples/${rel}`] = text;
    }
    expect(Object.keys(files).length).toBeGreaterThan(100);
    const findings = await run(files);
    expect(findings.map((f) => `${show(f)} ${f.message}`)).toEqual([]);
  });
});
