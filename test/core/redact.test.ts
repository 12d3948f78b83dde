import { describe, expect, it } from '@jest/globals';
import { maskSecret, Redactor } from '../../src/core/redact.js';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';

describe('maskSecret', () => {
  it('shows at most the first 8 and last 2 characters of a long key', () => {
    const key = fakeKey('anthropic', seededRng(3)).key;
    expect(maskSecret(key)).toBe(`${key.slice(0, 8)}…${key.slice(-2)}`);
  });

  it('never shows more than a fifth of a short secret', () => {
    for (const length of [8, 12, 16, 20, 29, 30, 40]) {
      const secret = 'Q'.repeat(length);
      const shown = maskSecret(secret).replace('…', '').length;
      expect({ length, ok: shown * 5 <= length }).toEqual({ length, ok: true });
    }
  });
});

describe('Redactor', () => {
  const key = fakeKey('openai-project', seededRng(4)).key;
  const redactor = new Redactor();
  redactor.add(key);

  it('masks every whole occurrence, in plain and JSON-escaped text', () => {
    const out = redactor.redact(`a ${key} b ${JSON.stringify({ k: key })}`);
    expect(out).not.toContain(key.slice(0, 9));
    expect(out.split(maskSecret(key)).length - 1).toBe(2);
  });

  it('masks a cut-off quote of a key (a snippet or preview ending inside it)', () => {
    const snippet = `cmd = "curl -H 'Authorization: Bearer ${key.slice(0, 40)}…`;
    const out = redactor.redact(snippet);
    expect(out).not.toContain(key.slice(0, 9));
    expect(out).toContain(maskSecret(key));
  });

  it('leaves text that shares no more than the shown prefix alone, and is idempotent', () => {
    const text = `prefix ${key.slice(0, 8)} and ${maskSecret(key)}`;
    expect(redactor.redact(text)).toBe(text);
    expect(redactor.redact(redactor.redact(key))).toBe(maskSecret(key));
  });

  it('masks two keys that share a long prefix, whole and cut off, in any order', () => {
    const r = new Redactor();
    const a = fakeKey('anthropic', seededRng(10)).key;
    const b = fakeKey('anthropic', seededRng(11)).key;
    r.add(a);
    r.add(b);
    const out = r.redact(`${b} and ${a} and ${b.slice(0, 30)}…`);
    for (const k of [a, b]) expect(out).not.toContain(k.slice(0, 14));
    expect(out).toContain('sk-ant-a…');
  });
});
