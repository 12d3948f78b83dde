import { describe, expect, it } from '@jest/globals';
import { SourceFile } from '../../src/core/source-file.js';
import { sharedPrefilter, type Prefilter } from '../../src/families/secret/prefilter.js';
import { providerKeyRules } from '../../src/families/secret/index.js';
import { seededRng } from '../../src/families/secret/fake-keys.js';

/**
 * The provider-key rules' prefilters searched for in one pass (issue 16): the pass may only narrow which
 * files a rule's own exact prefilter is asked about, never change the answer.
 */
const exact = (prefilter: Prefilter, text: string) =>
  prefilter instanceof RegExp ? prefilter.test(text) : prefilter.some((p) => (typeof p === 'string' ? text.includes(p) : p.test(text)));

const PREFILTERS: Prefilter[] = [
  ['sk-'],
  ['sk-or-'],
  ['sk-ant-'],
  ['ant-api'], // starts inside sk-ant-
  ['gsk_'],
  ['pcsk_', /pinecone/i],
  ['AIza', 'AQ.Ab8RN6'],
  [/cohere/i, /co_api_key/i],
  /deepseek/i,
  ['fw_', /fireworks/i],
  [/azure|openai\.com/i], // more than a word: searched for on its own
  ['tgp_v1_', /together/i],
];

const TEXTS = [
  '',
  'nothing to see here',
  'key = "sk-or-v1-abc"', // sk- and sk-or- at the same position
  'a = "gsk_x"; b = "pcsk_y"', // sk_ inside both, neither sk-
  'ask-me: task-list', // sk- inside words
  'AIZA is not AIza', // case: the search is case-insensitive, the literal is not
  'aiza only in lower case',
  'AQ.Ab8RN6xyz',
  'AQxAb8RN6 (the dot is literal)',
  'COHERE_API_KEY=1',
  'Co_Api_Key: 2',
  'DeepSeek-V3',
  'deep seek',
  'fw_fw_fw_',
  'https://x.openai.com/v1',
  'AZURE_OPENAI_KEY',
  'sk-ant-api03-… and tgp_v1_ and Together',
  'sk-ant-sk-or-', // overlapping words, each start found
  'ssk-ant-',
  'sk-ant-api03', // a word starting inside another word's match
];

describe('shared provider-key prefilter', () => {
  it('applies a rule to exactly the files its own prefilter accepts', () => {
    const tests = PREFILTERS.map((p) => [p, sharedPrefilter(p)] as const);
    for (const text of TEXTS) {
      const file = new SourceFile('x.txt', text);
      for (const [prefilter, applies] of tests)
        expect({ text, prefilter: String(prefilter), applies: applies(file) }).toEqual({ text, prefilter: String(prefilter), applies: exact(prefilter, text) });
    }
  });

  it('still answers for a rule added after files were searched', () => {
    const first = sharedPrefilter(['zzq_']);
    const file = new SourceFile('late.txt', 'zzq_ and yyq_');
    expect(first(file)).toBe(true);
    const later = sharedPrefilter(['yyq_']);
    expect(later(file)).toBe(true);
    expect(later(new SourceFile('other.txt', 'zzq_ only'))).toBe(false);
  });

  it('keeps every provider-key rule applying to its own samples', () => {
    const providers = providerKeyRules;
    expect(providers.length).toBeGreaterThan(15);
    const rng = seededRng(7);
    for (const rule of providers)
      for (const text of rule.samples(rng).findings)
        expect({ rule: rule.meta.id, applies: rule.appliesTo(new SourceFile('.env', text)) }).toEqual({ rule: rule.meta.id, applies: true });
  });
});
