import { describe, expect, it } from '@jest/globals';
import { maskSecret, Redactor, secretMaterial } from '../../src/core/redact.js';
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

describe('Redactor keeps documents well-formed', () => {
  const rng = seededRng(99);
  const digits = () => Array.from({ length: 12 }, () => Math.floor(rng() * 10)).join('');

  it('registers the value of a `name = "value` match, not the name (a parameter called account_id stays)', () => {
    const id = digits();
    const r = new Redactor();
    r.add(`"account_id": "${id}`);
    r.add(`account_id = '${id}`);
    expect(secretMaterial(`"account_id": "${id}`)).toBe(id);
    expect(r.size).toBe(1);
    const doc = JSON.stringify({ parameters: [{ name: 'account_id' }, { name: 'aws_account_id' }], text: `account_id = "${id}"` }, null, 2);
    const out = r.redact(doc);
    expect(JSON.parse(out)).toEqual({ parameters: [{ name: 'account_id' }, { name: 'aws_account_id' }], text: `account_id = "${maskSecret(id)}"` });
  });

  it('keeps a key-shaped secret whole: only a value of 8 characters or more is taken from an assignment', () => {
    const key = fakeKey('openai-project', rng).key;
    expect(secretMaterial(key)).toBe(key);
    expect(secretMaterial('aGVsbG8gd29ybGQgaGVsbG8=')).toBe('aGVsbG8gd29ybGQgaGVsbG8=');
    expect(secretMaterial('token=abc')).toBe('token=abc');
  });

  it('masks a JSON document string by string: a mask never eats a quote, comma or brace', () => {
    const r = new Redactor();
    // A secret whose leading characters are a JSON key and whose next character is a quote.
    const secret = `zq_param_name", "${digits()}`;
    r.add(secret);
    const doc = JSON.stringify({ names: ['zq_param_name', secret, 'zq_param_name'], zq_param: { zq_param_name: 1 }, n: Number(secret.slice(-12)) }, null, 2);
    const out = r.redact(doc);
    const parsed = JSON.parse(out);
    expect(Object.keys(parsed)).toEqual(['names', 'zq_param', 'n']);
    expect(parsed.names).toHaveLength(3);
    expect(parsed.names[1]).toBe(maskSecret(secret));
    expect(Object.keys(parsed.zq_param)).toHaveLength(1);
    expect(parsed.n).toBe(Number(secret.slice(-12))); // a number is not the secret
    expect(out).not.toContain(JSON.stringify(secret).slice(1, -1));
    // A numeric secret written as a JSON number becomes its masked string: still valid JSON.
    const id = digits();
    const numeric = new Redactor();
    numeric.add(id);
    expect(JSON.parse(numeric.redact(`{"id": ${id}, "ids": [${id}, 7]}`))).toEqual({ id: maskSecret(id), ids: [maskSecret(id), 7] });
  });

  it('in plain text, stops a cut-off quote of a secret before a quote, comma or bracket', () => {
    const r = new Redactor();
    const secret = `abcdefghij"klmnopqrstuvwxyz`;
    r.add(secret);
    expect(r.redact('["abcdefghij", 1]')).toBe(`["${maskSecret(secret)}", 1]`);
    expect(r.redact(`x ${secret} y`)).toBe(`x ${maskSecret(secret)} y`);
  });

  it('masks every string of a value before it is serialized (redactValue), keys included', () => {
    const key = fakeKey('anthropic', rng).key;
    const r = new Redactor();
    r.add(key);
    const value = { [key]: [`see ${key}`, 3, null, { nested: key }], plain: 'x' };
    expect(r.redactValue(value)).toEqual({ [maskSecret(key)]: [`see ${maskSecret(key)}`, 3, null, { nested: maskSecret(key) }], plain: 'x' });
    expect(JSON.stringify(value)).toContain(key); // the input is left alone
  });
});
