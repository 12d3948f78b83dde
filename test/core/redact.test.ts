import { describe, expect, it } from '@jest/globals';
import { maskSecret, Redactor, secretMaterial } from '../../src/core/redact.js';
import { ALNUM, fakeKey, fakePrivateKeyPem, LLM_PROVIDER_KEYS, randomString, seededRng } from '../../src/families/secret/fake-keys.js';

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

/** The longest prefix each secret shares with another one (sorted neighbours: the reference, not the code under test). */
function sharedPrefixes(secrets: string[]): Map<string, number> {
  const sorted = [...secrets].sort();
  const common = (a = '', b = '') => {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return i;
  };
  return new Map(sorted.map((s, i) => [s, Math.max(common(s, sorted[i - 1]), common(s, sorted[i + 1]))]));
}

/** `actual === expected`, failing with the first place they differ (not a diff of megabytes). */
function expectSameText(actual: string, expected: string): void {
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  const at = (s: string) => s.slice(Math.max(0, i - 60), i + 60);
  expect(i === actual.length && i === expected.length ? 'same' : { at: i, actual: at(actual), expected: at(expected) }).toBe('same');
}

describe('Redactor with many keys', () => {
  it('keeps hundreds of keys that share long prefixes apart: each whole key and each long cut-off gets its own mask', () => {
    const rng = seededRng(2024);
    const stem = fakeKey('anthropic', rng).key.slice(0, 40);
    // Groups inside groups: 40 characters shared by all, then 0, 4 or 12 more by the keys of a group.
    const keys: string[] = [];
    for (let g = 0; g < 20; g++) {
      const group = stem + randomString(rng, ALNUM, 12);
      for (let k = 0; k < 15; k++) keys.push(group.slice(0, 40 + [0, 4, 12][k % 3]) + randomString(rng, ALNUM, 50));
    }
    const r = new Redactor();
    for (const key of keys) r.add(key);
    expect(r.size).toBe(keys.length);
    const shared = sharedPrefixes(keys);
    let text = '';
    let expected = '';
    keys.forEach((key, i) => {
      const keep = Math.max(8, shared.get(key)!);
      text += `key ${i}: ${key}\n`;
      expected += `key ${i}: ${maskSecret(key)}\n`;
      // A cut-off quote one character past the shared prefix is masked; the shared prefix alone is not.
      text += `cut ${i}: ${key.slice(0, keep + 1)}… and ${key.slice(0, keep)}…\n`;
      expected += `cut ${i}: ${maskSecret(key)}… and ${key.slice(0, keep)}…\n`;
    });
    expectSameText(r.redact(text), expected);
    const doc = JSON.stringify({ findings: keys.map((key) => ({ message: `found ${key}`, snippet: `"${key.slice(0, 60)}` })) });
    const masked = keys.map((key) => ({ message: `found ${maskSecret(key)}`, snippet: `"${maskSecret(key)}` }));
    expect(JSON.parse(r.redact(doc))).toEqual({ findings: masked });
  });

  it('masks a secret that is the start of another secret wherever it appears whole', () => {
    const key = fakeKey('openai-project', seededRng(12)).key;
    const short = key.slice(0, 24);
    const r = new Redactor();
    r.add(key);
    r.add(short);
    expect(r.redact(`${short} then ${key} then ${key.slice(0, 30)}…`)).toBe(`${maskSecret(short)} then ${maskSecret(key)} then ${maskSecret(key)}…`);
  });

  it('masks the JSON-escaped form of secrets that share a long prefix (multi-line keys in a JSON line of a text)', () => {
    const [a, b] = [fakePrivateKeyPem(seededRng(5)).trim(), fakePrivateKeyPem(seededRng(6)).trim()];
    const r = new Redactor();
    r.add(a);
    r.add(b);
    const line = `event: ${JSON.stringify({ a, b })} ${JSON.stringify(b.slice(0, 80))}`;
    const out = r.redact(line);
    expect(out).toBe(`event: {"a":"${maskSecret(a)}","b":"${maskSecret(b)}"} "${maskSecret(b)}"`);
  });

  it('masks 25,000 distinct keys in a 5 MB output, whole and cut off, in text and JSON (jest timeout is the bound)', () => {
    const keys = new Set<string>();
    for (let seed = 1; keys.size < 25_000; seed++) {
      const key = fakeKey(LLM_PROVIDER_KEYS[seed % LLM_PROVIDER_KEYS.length], seededRng(seed)).key;
      if (secretMaterial(key) === key) keys.add(key);
    }
    const all = [...keys];
    const shared = sharedPrefixes(all);
    const r = new Redactor();
    for (const key of all) r.add(key);
    expect(r.size).toBe(all.length);
    const text: string[] = [];
    const expected: string[] = [];
    all.forEach((key, i) => {
      const line = `src/agents/tool_${i}.py:${(i % 400) + 1}:9  error  secret/provider-key  A provider key is committed: `;
      const fix = `  fix: move it to the environment and rotate it (finding ${i} of ${all.length}, rule secret/provider-key)\n`;
      text.push(line, key, '\n', fix);
      expected.push(line, maskSecret(key), '\n', fix);
      if (i % 5 === 0) {
        text.push(`  snippet: Bearer ${key.slice(0, 30)}…\n`);
        expected.push(`  snippet: Bearer ${30 > Math.max(8, shared.get(key)!) ? maskSecret(key) : key.slice(0, 30)}…\n`);
      }
    });
    const output = text.join('');
    expect(output.length).toBeGreaterThan(5_000_000);
    expectSameText(r.redact(output), expected.join(''));
    const doc = JSON.stringify(all.map((key, i) => ({ path: `src/agents/tool_${i}.py`, message: `committed: ${key}` })));
    const masked = JSON.stringify(all.map((key, i) => ({ path: `src/agents/tool_${i}.py`, message: `committed: ${maskSecret(key)}` })));
    expectSameText(r.redact(doc), masked);
  });
});
