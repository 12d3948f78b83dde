import { describe, expect, it } from '@jest/globals';
import { secretRules } from '../../src/families/secret/index.js';
import { decoyReason, longestRepeat, longestSequence, looksLikeIdentifier, shannonEntropy, urlCredentialReason } from '../../src/families/secret/decoys.js';
import { ALNUM, FAKE_KEY_GENERATORS, fakeKey, LOWER_ALNUM, randomString, seededRng } from '../../src/families/secret/fake-keys.js';
import { runOnFiles } from '../helpers/rules.js';

const KEYS_PER_PROVIDER = 400;

describe('random keys', () => {
  // The decoy filters (entropy, runs, placeholder words, identifiers) must never drop a real random key.
  it.each(Object.keys(FAKE_KEY_GENERATORS))('finds all %s keys of a large random sample, each by its own rule only', async (provider) => {
    const rng = seededRng(provider.length * 7919 + 17);
    const keys = Array.from({ length: KEYS_PER_PROVIDER }, () => fakeKey(provider, rng));
    const text = keys.map((k) => `${k.envVar}=${k.key}\n`).join('');
    const result = await runOnFiles(secretRules, { '.env': text });
    expect(result.ruleErrors).toEqual([]);
    const expectedRule = FAKE_KEY_GENERATORS[provider].ruleId;
    const missed = keys.map((_k, i) => i + 1).filter((line) => !result.findings.some((f) => f.range.startLine === line && f.ruleId === expectedRule));
    expect(missed).toEqual([]);
    const others = result.findings.filter((f) => f.ruleId !== expectedRule).map((f) => `${f.ruleId}:${f.range.startLine}`);
    expect(others).toEqual([]);
  });
});

describe('decoy checks', () => {
  it('measures entropy, runs and sequences', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(longestRepeat('abxxxxxc')).toBe(5);
    expect(longestSequence('zzabcdefzz')).toBe(6);
    expect(longestSequence('9876543')).toBe(7);
  });

  it.each([
    ['x'.repeat(93), 'repeated'],
    ['your-key-goes-here-0000000000000', 'placeholder'],
    ['${OPENAI_API_KEY}', 'template'],
    ['abc...', 'template'],
    ['<your-key>', 'template'],
    ['Ab3yourkeyQ9kLm2Np7Rt5Vw8Yz1Bc4Df', 'placeholder'],
    ['Ab3qqqqqqQ9kLm2Np7Rt5Vw8Yz1Bc4Df', 'repeated'],
    ['abcdefghijklmnopqrstuvwxyz012345', 'sequential'],
    ['ab12ab12ab12ab12ab12ab12ab12ab12', 'low-entropy'],
    ['loadFirmwareImageFromFlashPartition', 'identifier'],
    ['ALLCAPSCONSTANTNAMEWITHOUTDIGITS', 'identifier'],
  ])('%s is a decoy (%s)', (body, reason) => {
    expect(decoyReason(body)).toBe(reason);
  });

  it('tells class names with acronyms from random keys', () => {
    for (const name of [
      'MistralAIPromptExecutionSettings',
      'MistralAIEmbeddingGeneratorTests',
      'AzureOpenAIChatCompletionService',
      'getHTTPResponseCodeForRequest2',
    ]) {
      expect([name, looksLikeIdentifier(name)]).toEqual([name, true]);
    }
    const rng = seededRng(7);
    const flagged = Array.from({ length: 20000 }, () => randomString(rng, ALNUM, 32)).filter(looksLikeIdentifier);
    expect(flagged).toEqual([]);
  });

  it('tells placeholder passwords of URLs from real ones', () => {
    expect(urlCredentialReason('postgres', 'postgres', 'localhost')).toBe('placeholder');
    expect(urlCredentialReason('test_user', 'test_pass', 'localhost')).toBe('placeholder');
    expect(urlCredentialReason('user', 's3cr3t_pw', 'mcp.internal')).toBe('placeholder');
    expect(urlCredentialReason('app', 'Password123', 'db')).toBe('placeholder');
    expect(urlCredentialReason('app', randomString(seededRng(8), ALNUM, 20), 'db.example.com')).toBe('placeholder');
    expect(urlCredentialReason('app', randomString(seededRng(9), ALNUM, 20), 'db.internal.acme.io')).toBeNull();
    expect(urlCredentialReason('demouser', 'MindsDB_demo', 'mindsdb-demo.abcde.mongodb.net')).toBeNull();
    // A password that names what goes there, words run together, RFC 5737 documentation addresses.
    expect(urlCredentialReason('user', 'token', 'github.com')).toBe('placeholder');
    expect(urlCredentialReason('testuser', 'fakepw', 'db.internal')).toBe('placeholder');
    expect(urlCredentialReason('app', 'adminpass2024', 'db.internal')).toBe('placeholder');
    for (const host of ['192.0.2.10', '198.51.100.1', '203.0.113.254'])
      expect([host, urlCredentialReason('app', randomString(seededRng(10), ALNUM, 20), host)]).toEqual([host, 'placeholder']);
    for (const host of ['192.0.3.10', '198.51.101.1', '10.0.0.5', 'localhost'])
      expect([host, urlCredentialReason('app', randomString(seededRng(10), ALNUM, 20), host)]).toEqual([host, null]);
  });

  it('never takes a random password for a placeholder', () => {
    const rng = seededRng(11);
    for (const alphabet of [ALNUM, LOWER_ALNUM]) {
      const flagged = Array.from({ length: 20000 }, () => randomString(rng, alphabet, 12)).filter((p) => urlCredentialReason('app', p, 'db.internal'));
      expect(flagged).toEqual([]);
    }
  });

  it('passes random bodies of every alphabet', () => {
    const rng = seededRng(99);
    for (const provider of Object.keys(FAKE_KEY_GENERATORS)) {
      const key = fakeKey(provider, rng).key;
      expect([provider, decoyReason(key.replace(/^(?:[a-z]+[0-9]*[-_])+/, ''))]).toEqual([provider, null]);
    }
  });
});
