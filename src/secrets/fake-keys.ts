/**
 * Fake credentials generated at run time from a seeded generator (as gitleaks generates its samples), so
 * that no credential-shaped string is ever committed, and no scanner trips over this repository.
 * The shapes follow each provider's published key format; the contents are random.
 */
export type Rng = () => number;

/** mulberry32: small, fast, deterministic for a given seed. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const ALNUM_DASH = ALNUM + '-_';
export const HEX = '0123456789abcdef';
export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomString(rng: Rng, alphabet: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
}

/** The marker OpenAI keys carry (base64 of "OpenAI"), assembled so the literal is not a key fragment. */
export const OPENAI_MARKER = ['T3Bl', 'bkFJ'].join('');

export interface FakeKey {
  provider: string;
  /** Rule id expected to report it. */
  ruleId: string;
  key: string;
}

type Generator = (rng: Rng) => string;

/** One generator per provider; the secret rule family extends this table. */
export const FAKE_KEY_GENERATORS: Record<string, { ruleId: string; generate: Generator }> = {
  'openai-project': {
    ruleId: 'secret/openai-api-key',
    generate: (rng) => `sk-proj-${randomString(rng, ALNUM_DASH, 58)}${OPENAI_MARKER}${randomString(rng, ALNUM_DASH, 58)}`,
  },
  anthropic: {
    ruleId: 'secret/anthropic-api-key',
    generate: (rng) => `sk-ant-api03-${randomString(rng, ALNUM_DASH, 93)}AA`,
  },
};

export function fakeKey(provider: string, rng: Rng): FakeKey {
  const g = FAKE_KEY_GENERATORS[provider];
  if (!g) throw new Error(`no fake key generator for ${provider}`);
  return { provider, ruleId: g.ruleId, key: g.generate(rng) };
}
