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

export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const ALNUM = LETTERS + '0123456789';
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
  /** The environment variable such a key is usually stored under (keyword-anchored keys need it nearby). */
  envVar?: string;
}

type Generator = (rng: Rng) => string;

export interface FakeKeyGenerator {
  ruleId: string;
  generate: Generator;
  /** Provider name as users know it (the detection table groups by it). */
  label?: string;
  envVar?: string;
}

const r = randomString;
/** OpenAI's newer keys: prefix, 58 or 74 chars, the marker, 58 or 74 chars. */
const openaiNew = (prefix: string) => (rng: Rng) => `sk-${prefix}-${r(rng, ALNUM_DASH, 58)}${OPENAI_MARKER}${r(rng, ALNUM_DASH, 58)}`;

/** One generator per provider key shape; the secret rule family extends this table. */
export const FAKE_KEY_GENERATORS: Record<string, FakeKeyGenerator> = {
  'openai-project': { ruleId: 'secret/openai-api-key', label: 'OpenAI', envVar: 'OPENAI_API_KEY', generate: openaiNew('proj') },
  'openai-legacy': {
    ruleId: 'secret/openai-api-key',
    label: 'OpenAI',
    envVar: 'OPENAI_API_KEY',
    generate: (rng) => `sk-${r(rng, ALNUM, 20)}${OPENAI_MARKER}${r(rng, ALNUM, 20)}`,
  },
  'openai-svcacct': { ruleId: 'secret/openai-api-key', label: 'OpenAI', envVar: 'OPENAI_API_KEY', generate: openaiNew('svcacct') },
  'openai-admin': { ruleId: 'secret/openai-api-key', label: 'OpenAI', envVar: 'OPENAI_ADMIN_KEY', generate: openaiNew('admin') },
  anthropic: {
    ruleId: 'secret/anthropic-api-key',
    label: 'Anthropic',
    envVar: 'ANTHROPIC_API_KEY',
    generate: (rng) => `sk-ant-api03-${r(rng, ALNUM_DASH, 93)}AA`,
  },
  'anthropic-admin': {
    ruleId: 'secret/anthropic-api-key',
    label: 'Anthropic',
    envVar: 'ANTHROPIC_ADMIN_KEY',
    generate: (rng) => `sk-ant-admin01-${r(rng, ALNUM_DASH, 93)}AA`,
  },
  google: { ruleId: 'secret/google-api-key', label: 'Google/Gemini', envVar: 'GEMINI_API_KEY', generate: (rng) => `${['AI', 'za'].join('')}${r(rng, ALNUM_DASH, 35)}` },
  huggingface: { ruleId: 'secret/huggingface-token', label: 'Hugging Face', envVar: 'HF_TOKEN', generate: (rng) => `hf_${r(rng, LETTERS, 34)}` },
  'huggingface-org': { ruleId: 'secret/huggingface-token', label: 'Hugging Face', envVar: 'HUGGINGFACEHUB_API_TOKEN', generate: (rng) => `api_org_${r(rng, LETTERS, 34)}` },
  groq: { ruleId: 'secret/groq-api-key', label: 'Groq', envVar: 'GROQ_API_KEY', generate: (rng) => `gsk_${r(rng, ALNUM, 52)}` },
  replicate: { ruleId: 'secret/replicate-api-token', label: 'Replicate', envVar: 'REPLICATE_API_TOKEN', generate: (rng) => `r8_${r(rng, ALNUM, 37)}` },
  perplexity: { ruleId: 'secret/perplexity-api-key', label: 'Perplexity', envVar: 'PERPLEXITY_API_KEY', generate: (rng) => `pplx-${r(rng, ALNUM, 48)}` },
  'langsmith-personal': {
    ruleId: 'secret/langsmith-api-key',
    label: 'LangSmith',
    envVar: 'LANGSMITH_API_KEY',
    generate: (rng) => `lsv2_pt_${r(rng, HEX, 32)}_${r(rng, HEX, 10)}`,
  },
  'langsmith-service': {
    ruleId: 'secret/langsmith-api-key',
    label: 'LangSmith',
    envVar: 'LANGCHAIN_API_KEY',
    generate: (rng) => `lsv2_sk_${r(rng, HEX, 32)}_${r(rng, HEX, 10)}`,
  },
  pinecone: { ruleId: 'secret/pinecone-api-key', label: 'Pinecone', envVar: 'PINECONE_API_KEY', generate: (rng) => `pcsk_${r(rng, ALNUM, 6)}_${r(rng, ALNUM, 63)}` },
  xai: { ruleId: 'secret/xai-api-key', label: 'xAI', envVar: 'XAI_API_KEY', generate: (rng) => `xai-${r(rng, ALNUM, 80)}` },
  together: { ruleId: 'secret/together-api-key', label: 'Together', envVar: 'TOGETHER_API_KEY', generate: (rng) => `tgp_v1_${r(rng, ALNUM_DASH, 43)}` },
  openrouter: { ruleId: 'secret/openrouter-api-key', label: 'OpenRouter', envVar: 'OPENROUTER_API_KEY', generate: (rng) => `sk-or-v1-${r(rng, HEX, 64)}` },
  fireworks: { ruleId: 'secret/fireworks-api-key', label: 'Fireworks', envVar: 'FIREWORKS_API_KEY', generate: (rng) => `fw_${r(rng, ALNUM, 24)}` },
  deepseek: { ruleId: 'secret/deepseek-api-key', label: 'DeepSeek', envVar: 'DEEPSEEK_API_KEY', generate: (rng) => `sk-${r(rng, HEX, 32)}` },
  cohere: { ruleId: 'secret/cohere-api-key', label: 'Cohere', envVar: 'COHERE_API_KEY', generate: (rng) => r(rng, ALNUM, 40) },
  mistral: { ruleId: 'secret/mistral-api-key', label: 'Mistral', envVar: 'MISTRAL_API_KEY', generate: (rng) => r(rng, ALNUM, 32) },
  'azure-openai': { ruleId: 'secret/azure-openai-api-key', label: 'Azure OpenAI', envVar: 'AZURE_OPENAI_API_KEY', generate: (rng) => r(rng, HEX, 32) },
  'azure-openai-v2': {
    ruleId: 'secret/azure-openai-api-key',
    label: 'Azure OpenAI',
    envVar: 'AZURE_OPENAI_KEY',
    // Newer Azure AI keys: 84 base62 characters.
    generate: (rng) => r(rng, ALNUM, 84),
  },
};

export function fakeKey(provider: string, rng: Rng): FakeKey {
  const g = FAKE_KEY_GENERATORS[provider];
  if (!g) throw new Error(`no fake key generator for ${provider}`);
  return { provider, ruleId: g.ruleId, key: g.generate(rng), ...(g.envVar ? { envVar: g.envVar } : {}) };
}
