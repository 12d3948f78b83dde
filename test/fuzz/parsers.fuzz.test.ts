/**
 * The readers of scanned and configured input never throw on any input: each returns a result or a
 * reported error. Tree-sitter (Python, JavaScript, TypeScript, TSX), the config loader (YAML/JSON), the
 * glob bounds, the Python/JSON literal parser, the tool-payload extraction and record checks, and the
 * JSONL validator, whose findings always point at a line and column of the input.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { stringify } from 'yaml';
import { parseCode } from '../../src/parsing/parsers.js';
import { loadConfig } from '../../src/config/load.js';
import { checkGlob } from '../../src/config/globs.js';
import { UsageError } from '../../src/core/errors.js';
import { ALL_RULES } from '../../src/families/index.js';
import { parseValues } from '../../src/families/tool-payload/literal.js';
import { extract } from '../../src/families/tool-payload/extract.js';
import { checkRecord } from '../../src/families/tool-payload/check.js';
import { SchemaCache } from '../../src/families/tool-payload/schemas.js';
import { validateJsonl } from '../../src/families/tool-payload/stream.js';
import { tempDir, writeTree } from '../helpers/repo.js';
import { hostileText, params } from './fuzz.js';

describe('tree-sitter parsers', () => {
  it.each(['python', 'javascript', 'typescript', 'tsx'] as const)('%s: any text parses to a tree spanning it', async (language) => {
    await fc.assert(
      fc.asyncProperty(hostileText(600), async (text) => {
        const parsed = await parseCode(language, text);
        expect(parsed).not.toBeNull();
        const root = parsed!.root;
        // Rows are 0-based and count line feeds (a lone CR is no line break for tree-sitter).
        expect(root.startPosition.row).toBeGreaterThanOrEqual(0);
        expect(root.endPosition.row).toBeLessThanOrEqual(text.split('\n').length - 1);
        expect(root.endPosition.row).toBeGreaterThanOrEqual(root.startPosition.row);
        parsed!.tree.delete();
      }),
      params(60),
    );
  });
});

describe('config loading', () => {
  const metas = ALL_RULES.map((r) => r.meta);
  const t = tempDir();
  afterAll(() => t.cleanup());
  const loadText = (text: string) => {
    writeTree(t.dir, { '.agent-guard.yml': text });
    return loadConfig({ root: t.dir, rules: metas });
  };
  /** Either a config or a one-line UsageError: nothing else escapes. */
  const expectLoadsOrRefuses = (text: string) => {
    try {
      loadText(text);
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).not.toContain('\n');
    }
  };
  const ruleIds = fc.constantFrom(...metas.map((m) => m.id), 'rate-limit/*', 'secret/x', 'nope');
  const plausible = fc.record(
    {
      failOn: fc.oneof(fc.constantFrom('error', 'warning', 'note', 'never'), fc.string()),
      maxFileSize: fc.oneof(fc.integer(), fc.string()),
      include: fc.array(fc.oneof(fc.constantFrom('**/*.py', 'src/**', '*a*a*a*a*b', '+(a|b)'), fc.string()), { maxLength: 3 }),
      exclude: fc.array(fc.string(), { maxLength: 3 }),
      rules: fc.dictionary(
        ruleIds,
        fc.oneof(
          fc.constantFrom('off', 'error', 'warning'),
          fc.record({ severity: fc.string(), options: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }),
        ),
        {
          maxKeys: 3,
        },
      ),
      payloads: fc.array(fc.record({ files: fc.string(), schema: fc.string() }, { requiredKeys: [] }), { maxLength: 2 }),
      ignore: fc.array(fc.record({ rule: fc.string(), files: fc.string(), reason: fc.string() }, { requiredKeys: [] }), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  );

  it('YAML from plausible and odd config objects loads or is refused in one line', () => {
    fc.assert(
      fc.property(fc.oneof(plausible, fc.jsonValue({ maxDepth: 3 })), (value) => expectLoadsOrRefuses(stringify(value))),
      params(150),
    );
  });

  it('arbitrary text (broken YAML, JSON, aliases, tabs) loads or is refused in one line', () => {
    const yamlish = fc
      .array(
        fc.constantFrom(
          'rules:',
          '\n',
          '  ',
          '- ',
          '&a ',
          '*a ',
          '[',
          ']',
          '{',
          '}',
          ': ',
          'failOn',
          'error',
          '"',
          "'",
          '\t',
          '#',
          '!!binary ',
          '<<: ',
          '---',
          '...',
        ),
        {
          maxLength: 40,
        },
      )
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(yamlish, hostileText(200)), (text) => expectLoadsOrRefuses(text)),
      params(250),
    );
  });

  it('globs: refused with a reason, or compiled and matched without error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 40 }),
          fc
            .array(fc.constantFrom('*', '**', '/', 'a', '.', '?', '[a-z]', '{x,y}', '!', '(', ')', '+', '@'), { minLength: 1, maxLength: 14 })
            .map((p) => p.join('')),
        ),
        fc.string({ maxLength: 64 }),
        (glob, path) => {
          const problem = checkGlob(glob);
          if (problem !== null) {
            expect(typeof problem).toBe('string');
            return;
          }
          expect(typeof picomatch(glob, { dot: true })(path)).toBe('boolean');
        },
      ),
      params(400),
    );
  });
});

describe('tool payloads', () => {
  it('the literal parser returns values or an error for any text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileText(200),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          const parsed = parseValues(text);
          expect(typeof parsed.ok).toBe('boolean');
          if (!parsed.ok) expect(typeof parsed.error).toBe('string');
        },
      ),
      params(400),
    );
  });

  /** Records shaped like the formats extraction knows, with random values where the fields go. */
  const record = fc.oneof(
    fc.jsonValue({ maxDepth: 5 }),
    fc.record({
      messages: fc.array(
        fc.record({
          role: fc.constantFrom('user', 'assistant', 'tool', 'system'),
          content: fc.oneof(fc.string(), fc.constantFrom('<tool_call>{"name": "f", "arguments": {}}</tool_call>', '<tools>[{"name": "f"}]</tools>')),
          tool_calls: fc.array(
            fc.record({
              id: fc.string(),
              type: fc.constant('function'),
              function: fc.record({
                name: fc.string(),
                arguments: fc.oneof(
                  fc.string(),
                  fc.jsonValue().map((v) => JSON.stringify(v)),
                ),
              }),
            }),
            {
              maxLength: 2,
            },
          ),
        }),
        { maxLength: 3 },
      ),
      tools: fc.array(
        fc.record({
          type: fc.constant('function'),
          function: fc.record({
            name: fc.string(),
            parameters: fc.oneof(
              fc.jsonValue({ maxDepth: 3 }),
              fc.constant({ type: 'object', properties: { a: { type: 'string', pattern: '^[a-z]+$' } }, required: ['a'] }),
            ),
          }),
        }),
        { maxLength: 2 },
      ),
    }),
  );

  it('extraction and the record checks return issues for any JSON value', () => {
    const cache = new SchemaCache();
    fc.assert(
      fc.property(record, (value) => {
        const x = extract(value);
        for (const issue of checkRecord(x, { label: 'line 1', cache })) expect(Array.isArray(issue.path)).toBe(true);
      }),
      params(300),
    );
  });

  it('the JSONL validator reports findings on lines and columns of the input, for any lines', async () => {
    const line = fc.oneof(
      record.map((v) => JSON.stringify(v)),
      hostileText(80).map((s) => s.replace(/[\r\n]/g, ' ')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 8 }), async (lines) => {
        const findings: { line: number; startColumn: number; endColumn: number }[] = [];
        const stats = await validateJsonl(Readable.from([lines.join('\n')]), { onFinding: (f) => findings.push(f) });
        // A last empty line is no line (readline, as editors count them).
        expect(stats.lines).toBe(lines.length - (lines[lines.length - 1] === '' ? 1 : 0));
        for (const f of findings) {
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.line).toBeLessThanOrEqual(lines.length);
          expect(f.startColumn).toBeGreaterThanOrEqual(1);
          expect(f.endColumn).toBeGreaterThanOrEqual(f.startColumn);
          expect(f.endColumn).toBeLessThanOrEqual(lines[f.line - 1].length + 1);
        }
      }),
      params(150),
    );
  });
});
