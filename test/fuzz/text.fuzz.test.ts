/**
 * Properties of the pure text functions every report goes through: the redactor (a registered secret
 * never survives, whatever surrounds it; masking is idempotent), line/column locations (always inside the
 * file), display escaping (nothing hidden, no workflow command), and the linear tag scanner that replaced
 * two quadratic regexes (same blocks as the regexes found).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Redactor } from '../../src/core/redact.js';
import { LineIndex } from '../../src/core/location.js';
import { logSafe, visible } from '../../src/core/display.js';
import { trimChar, trimEndChar } from '../../src/core/text.js';
import { tagBlocks } from '../../src/families/tool-payload/extract.js';
import { hostileText, params } from './fuzz.js';

/** Key-like secrets: what the rules register (8+ characters of a key alphabet, some with a provider prefix). */
const secret = fc
  .tuple(
    fc.constantFrom('', 'sk-', 'sk-ant-api03-', 'gsk_', 'hf_', 'AIza'),
    fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'), minLength: 12, maxLength: 60 }),
  )
  .map(([prefix, body]) => prefix + body);

/** Text around a secret: hostile text, JSON punctuation, other key characters glued to it. */
const around = fc.oneof(hostileText(60), fc.constantFrom('', '"', '{"k": "', '", "x": 1}', '\\n', 'KEY=', 'Bearer ', '\u202e'));

describe('redactor', () => {
  it('leaves no registered secret in the output, whatever surrounds it (plain text and JSON)', () => {
    fc.assert(
      fc.property(secret, around, around, fc.boolean(), (key, before, after, json) => {
        const r = new Redactor();
        r.add(key);
        const text = json ? JSON.stringify({ before, value: `${before}${key}${after}`, after }) : `${before}${key}${after}`;
        const out = r.redact(text);
        expect(out).not.toContain(key);
        if (json) expect(JSON.parse(out).value).not.toContain(key);
      }),
      params(400),
    );
  });

  it('masks several secrets, some the start of another, in any order', () => {
    fc.assert(
      fc.property(fc.array(secret, { minLength: 1, maxLength: 6 }), fc.array(around, { maxLength: 7 }), (keys, gaps) => {
        const r = new Redactor();
        const all = [...keys, keys[0] + 'XYZ12345'];
        for (const k of all) r.add(k);
        const text = all.map((k, i) => `${gaps[i] ?? ' '}${k}`).join('') + (gaps[all.length] ?? '');
        const out = r.redact(text);
        for (const k of all) expect(out).not.toContain(k);
      }),
      params(200),
    );
  });

  it('is idempotent: masking masked text changes nothing', () => {
    fc.assert(
      fc.property(fc.array(secret, { minLength: 1, maxLength: 4 }), hostileText(200), (keys, text) => {
        const r = new Redactor();
        for (const k of keys) r.add(k);
        const once = r.redact(`${text}${keys.join(' ')}${text}`);
        expect(r.redact(once)).toBe(once);
      }),
      params(300),
    );
  });

  it('redactValue keeps a JSON value serializable and without the secret', () => {
    fc.assert(
      fc.property(secret, fc.jsonValue({ maxDepth: 4 }), (key, value) => {
        const r = new Redactor();
        r.add(key);
        const out = r.redactValue({ value, hidden: [key, `x${key}y`] });
        expect(JSON.stringify(out)).not.toContain(key);
      }),
      params(200),
    );
  });
});

describe('locations', () => {
  it('every offset maps to a line and column inside the file, and back to its line start', () => {
    fc.assert(
      fc.property(hostileText(300), fc.integer({ min: -5, max: 400 }), (text, offset) => {
        const index = new LineIndex(text);
        const p = index.positionAt(offset);
        const lines = text.split(/\r\n|\r|\n/).length;
        expect(index.lineCount).toBe(lines);
        expect(p.line).toBeGreaterThanOrEqual(1);
        expect(p.line).toBeLessThanOrEqual(lines);
        expect(p.column).toBeGreaterThanOrEqual(1);
        const clamped = Math.max(0, Math.min(offset, text.length));
        expect(index.offsetOfLine(p.line) + p.column - 1).toBe(clamped);
        expect(index.lineText(p.line)).not.toMatch(/[\r\n]/);
        const r = index.rangeOf(offset, offset + 3);
        expect(r.endLine > r.startLine || (r.endLine === r.startLine && r.endColumn >= r.startColumn)).toBe(true);
      }),
      params(500),
    );
  });
});

describe('display escaping', () => {
  const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
  it('visible leaves no control or bidirectional character, is stable on its output, and keeps other text', () => {
    fc.assert(
      fc.property(hostileText(200), (s) => {
        const v = visible(s);
        expect(HIDDEN.test(v)).toBe(false);
        expect(visible(v)).toBe(v);
        if (!HIDDEN.test(s)) expect(v).toBe(s);
      }),
      params(500),
    );
  });

  it('logSafe(visible(x)) never yields a line the runner reads as a workflow command', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(hostileText(40), fc.constantFrom('::error::x', ' ::warning file=a::b', '##[group]', '\u00a0::notice::')), { maxLength: 5 }),
        (parts) => {
          const out = logSafe(parts.map((p) => visible(p)).join('\n'));
          for (const line of out.split('\n')) {
            expect(line).not.toMatch(/^[\s\u0085]*::/);
            expect(line).not.toContain('##[');
          }
        },
      ),
      params(400),
    );
  });

  it('trimEndChar and trimChar do what the regexes they replaced did', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('/', '-', 'a', '\n', ' '), maxLength: 30 }), fc.constantFrom('/', '-', '\n'), (s, c) => {
        const e = c === '/' ? '\\/' : c === '\n' ? '\\n' : c;
        expect(trimEndChar(s, c)).toBe(s.replace(new RegExp(`${e}+$`), ''));
        expect(trimChar(s, c)).toBe(s.replace(new RegExp(`^${e}+|${e}+$`, 'g'), ''));
      }),
      params(500),
    );
  });
});

describe('tag blocks (tool-payload ShareGPT parsing)', () => {
  const OLD_TAGGED = /<(tool_call|functioncall|function_call)>\s*([\s\S]*?)\s*<\/\1>/g;
  const OLD_TOOLS = /<tools>([\s\S]*?)<\/tools>/g;
  const text = fc
    .array(
      fc.constantFrom(
        '<tools>',
        '</tools>',
        '<tool_call>',
        '</tool_call>',
        '<functioncall>',
        '</functioncall>',
        '<function_call>',
        '</function_call>',
        ' ',
        '\n',
        'x',
        '{}',
        '<',
        '>',
        '/',
      ),
      {
        maxLength: 30,
      },
    )
    .map((p) => p.join(''));

  it('finds the same blocks as the regexes it replaced (which were quadratic)', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(tagBlocks(t, ['tools'])).toEqual([...t.matchAll(OLD_TOOLS)].map((m) => m[1]));
        expect(tagBlocks(t, ['tool_call', 'functioncall', 'function_call']).map((b) => b.trim())).toEqual([...t.matchAll(OLD_TAGGED)].map((m) => m[2]));
      }),
      params(2000),
    );
  });

  it('stays linear: 1 MB of unclosed tags finishes (the regex took 1.6 s for 140 KB, growing with the square)', () => {
    const open = '<tools>'.repeat(150_000);
    expect(tagBlocks(open, ['tools'])).toEqual([]);
    expect(tagBlocks('<tool_call>'.repeat(100_000) + '</function_call>', ['tool_call', 'functioncall', 'function_call'])).toEqual([]);
  });
});
