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
  // Older service account keys: `sk-service-<account name>-…` around the marker (trufflehog pkg/detectors/openai/openai.go).
  'openai-service': {
    ruleId: 'secret/openai-api-key',
    label: 'OpenAI',
    envVar: 'OPENAI_API_KEY',
    generate: (rng) => `sk-service-${r(rng, LOWER_ALNUM, 6)}-bot-${r(rng, ALNUM, 20)}${OPENAI_MARKER}${r(rng, ALNUM, 20)}`,
  },
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
  google: {
    ruleId: 'secret/google-api-key',
    label: 'Google/Gemini',
    envVar: 'GEMINI_API_KEY',
    generate: (rng) => `${['AI', 'za'].join('')}${r(rng, ALNUM_DASH, 35)}`,
  },
  // Gemini API keys of the newer format (betterleaks cmd/generate/config/rules/gcp.go, gcp-gemini-api).
  'gemini-aq': {
    ruleId: 'secret/google-api-key',
    label: 'Google/Gemini',
    envVar: 'GEMINI_API_KEY',
    generate: (rng) => `${['AQ', 'Ab8RN6'].join('.')}${r(rng, ALNUM_DASH, 44)}`,
  },
  huggingface: { ruleId: 'secret/huggingface-token', label: 'Hugging Face', envVar: 'HF_TOKEN', generate: (rng) => `hf_${r(rng, LETTERS, 34)}` },
  'huggingface-org': {
    ruleId: 'secret/huggingface-token',
    label: 'Hugging Face',
    envVar: 'HUGGINGFACEHUB_API_TOKEN',
    generate: (rng) => `api_org_${r(rng, LETTERS, 34)}`,
  },
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
  pinecone: {
    ruleId: 'secret/pinecone-api-key',
    label: 'Pinecone',
    envVar: 'PINECONE_API_KEY',
    generate: (rng) => `pcsk_${r(rng, ALNUM, 6)}_${r(rng, ALNUM, 63)}`,
  },
  // Pinecone's older keys: a UUID, found only next to a Pinecone name (betterleaks pinecone-api-key.1).
  'pinecone-legacy': {
    ruleId: 'secret/pinecone-api-key',
    label: 'Pinecone',
    envVar: 'PINECONE_API_KEY',
    generate: (rng) => [8, 4, 4, 4, 12].map((n) => r(rng, HEX, n)).join('-'),
  },
  xai: { ruleId: 'secret/xai-api-key', label: 'xAI', envVar: 'XAI_API_KEY', generate: (rng) => `xai-${r(rng, ALNUM, 80)}` },
  // xAI keys with `_` and `-` in the body (betterleaks generates `xai-[A-Za-z0-9_-]{84}`).
  'xai-dash': { ruleId: 'secret/xai-api-key', label: 'xAI', envVar: 'XAI_API_KEY', generate: (rng) => `xai-${r(rng, ALNUM_DASH, 84)}` },
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
  tavily: { ruleId: 'secret/tavily-api-key', label: 'Tavily', envVar: 'TAVILY_API_KEY', generate: (rng) => `tvly-${r(rng, ALNUM, 32)}` },
  'tavily-dev': { ruleId: 'secret/tavily-api-key', label: 'Tavily', envVar: 'TAVILY_API_KEY', generate: (rng) => `tvly-dev-${r(rng, ALNUM, 32)}` },
};

/** `ops_` and base64 of a JSON object (secretlint decodes it); padded so the base64 ends in `fQ==`. */
function fake1PasswordToken(rng: Rng): string {
  let json = `{"email":"${r(rng, LOWER_ALNUM, 13)}@1passwordserviceaccounts.lcl","secretKey":"${r(rng, ALNUM, 34)}","srpX":"${r(rng, HEX, 64)}"`;
  while ((json.length + 1) % 3 !== 1) json += ' ';
  return `ops_${Buffer.from(`${json}}`).toString('base64')}`;
}

const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DIGITS = '0123456789';
const WORD = ALNUM + '_';

/** Keys of the services secretlint's recommended preset covers (the `secret/*` rules mapped from it). */
export const PRESET_FAKE_KEY_GENERATORS: Record<string, FakeKeyGenerator> = {
  'aws-access-key-id': {
    ruleId: 'secret/aws-credentials',
    label: 'AWS',
    envVar: 'AWS_ACCESS_KEY_ID',
    generate: (rng) => `${['AK', 'IA'].join('')}${r(rng, UPPER_DIGITS, 16)}`,
  },
  'aws-secret-access-key': {
    ruleId: 'secret/aws-credentials',
    label: 'AWS',
    envVar: 'AWS_SECRET_ACCESS_KEY',
    // Ends on an alphanumeric: secretlint's pattern needs a word boundary after the key.
    generate: (rng) => `${r(rng, ALNUM + '/+', 39)}${r(rng, ALNUM, 1)}`,
  },
  github: { ruleId: 'secret/github-token', label: 'GitHub', envVar: 'GITHUB_TOKEN', generate: (rng) => `ghp_${r(rng, ALNUM, 36)}` },
  gitlab: { ruleId: 'secret/gitlab-token', label: 'GitLab', envVar: 'GITLAB_TOKEN', generate: (rng) => `glpat-${r(rng, ALNUM, 20)}` },
  slack: {
    ruleId: 'secret/slack-token',
    label: 'Slack',
    envVar: 'SLACK_BOT_TOKEN',
    generate: (rng) => `xoxb-${r(rng, DIGITS, 11)}-${r(rng, DIGITS, 13)}-${r(rng, ALNUM, 24)}`,
  },
  sendgrid: {
    ruleId: 'secret/sendgrid-api-key',
    label: 'SendGrid',
    envVar: 'SENDGRID_API_KEY',
    generate: (rng) => `SG.${r(rng, WORD, 22)}.${r(rng, WORD, 43)}`,
  },
  npm: { ruleId: 'secret/npm-token', label: 'npm', envVar: 'NPM_TOKEN', generate: (rng) => `npm_${r(rng, ALNUM, 36)}` },
  shopify: { ruleId: 'secret/shopify-token', label: 'Shopify', envVar: 'SHOPIFY_ACCESS_TOKEN', generate: (rng) => `shpat_${r(rng, HEX, 32)}` },
  linear: { ruleId: 'secret/linear-api-key', label: 'Linear', envVar: 'LINEAR_API_KEY', generate: (rng) => `lin_api_${r(rng, ALNUM, 40)}` },
  notion: { ruleId: 'secret/notion-token', label: 'Notion', envVar: 'NOTION_TOKEN', generate: (rng) => `ntn_${r(rng, DIGITS, 11)}${r(rng, ALNUM, 35)}` },
  grafana: { ruleId: 'secret/grafana-token', label: 'Grafana', envVar: 'GRAFANA_TOKEN', generate: (rng) => `glsa_${r(rng, ALNUM, 32)}_${r(rng, HEX, 8)}` },
  'hashicorp-vault': {
    ruleId: 'secret/hashicorp-vault-token',
    label: 'HashiCorp Vault',
    envVar: 'VAULT_TOKEN',
    generate: (rng) => `hvs.${r(rng, ALNUM_DASH, 95)}`,
  },
  vercel: { ruleId: 'secret/vercel-token', label: 'Vercel', envVar: 'AI_GATEWAY_API_KEY', generate: (rng) => `vck_${r(rng, ALNUM, 40)}` },
  databricks: { ruleId: 'secret/databricks-token', label: 'Databricks', envVar: 'DATABRICKS_TOKEN', generate: (rng) => `dapi${r(rng, HEX, 32)}` },
  docker: { ruleId: 'secret/docker-hub-token', label: 'Docker Hub', envVar: 'DOCKERHUB_TOKEN', generate: (rng) => `dckr_pat_${r(rng, ALNUM, 27)}` },
  figma: { ruleId: 'secret/figma-token', label: 'Figma', envVar: 'FIGMA_TOKEN', generate: (rng) => `figd_${r(rng, ALNUM, 40)}` },
  '1password': { ruleId: 'secret/1password-service-account-token', label: '1Password', envVar: 'OP_SERVICE_ACCOUNT_TOKEN', generate: fake1PasswordToken },
  postgres: {
    ruleId: 'secret/database-connection-string',
    label: 'PostgreSQL',
    envVar: 'DATABASE_URL',
    generate: (rng) => `postgresql://app_${r(rng, LOWER_ALNUM, 6)}:${r(rng, ALNUM, 24)}@db-${r(rng, LOWER_ALNUM, 8)}.prod.internal:5432/app`,
  },
  'basic-auth': {
    ruleId: 'secret/basic-auth-url',
    label: 'Basic auth URL',
    envVar: 'REGISTRY_URL',
    generate: (rng) => `https://deploy_${r(rng, LOWER_ALNUM, 6)}:${r(rng, ALNUM, 24)}@registry.acme-${r(rng, LOWER_ALNUM, 6)}.io/simple`,
  },
};

/** The LLM-provider key generators (agent-guard's own rules), as opposed to the preset's services. */
export const LLM_PROVIDER_KEYS: string[] = Object.keys(FAKE_KEY_GENERATORS);

Object.assign(FAKE_KEY_GENERATORS, PRESET_FAKE_KEY_GENERATORS);

function randomBytes(rng: Rng, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rng() * 256);
  return b;
}

/** An SSH wire-format string: a 32-bit big-endian length, then the bytes. */
function sshString(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  const n = Buffer.alloc(4);
  n.writeUInt32BE(bytes.length);
  return Buffer.concat([n, bytes]);
}

/**
 * An unencrypted `openssh-key-v1` container (openssh-portable PROTOCOL.key) for an Ed25519 key pair given
 * as its 32-byte seed and public key: what `ssh-keygen -t ed25519 -N ''` writes.
 */
export function openSshEd25519Container(seed: Buffer, publicKey: Buffer, comment = 'agent@example', checkInt = 0x5eed5eed): Buffer {
  const type = 'ssh-ed25519';
  const check = Buffer.alloc(8);
  check.writeUInt32BE(checkInt >>> 0, 0);
  check.writeUInt32BE(checkInt >>> 0, 4);
  let privateSection = Buffer.concat([check, sshString(type), sshString(publicKey), sshString(Buffer.concat([seed, publicKey])), sshString(comment)]);
  // Padded with 1, 2, 3, … to the cipher block size (8 for "none").
  const pad = (8 - (privateSection.length % 8)) % 8;
  privateSection = Buffer.concat([privateSection, Buffer.from(Array.from({ length: pad }, (_v, i) => i + 1))]);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(1);
  return Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    count,
    sshString(Buffer.concat([sshString(type), sshString(publicKey)])),
    sshString(privateSection),
  ]);
}

/** Base64 in PEM armor: lines of `width` characters between the BEGIN and END lines. */
export function armor(label: string, der: Buffer, width = 64): string {
  const marker = ['PRIVATE', 'KEY'].join(' ');
  const b64 = der.toString('base64');
  const lines = b64.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];
  const name = label ? `${label} ${marker}` : marker;
  return `-----BEGIN ${name}-----\n${lines.join('\n')}\n-----END ${name}-----\n`;
}

/**
 * A private key block with a random body that has the structure of its type (so it is told from a
 * placeholder the way a real key is): `OPENSSH` an openssh-key-v1 container with random key bytes; any
 * other type one DER SEQUENCE of random content (about an RSA-2048 key's size).
 */
export function fakePrivateKeyPem(rng: Rng, type = 'RSA'): string {
  if (type === 'OPENSSH') return armor('OPENSSH', openSshEd25519Container(randomBytes(rng, 32), randomBytes(rng, 32)), 70);
  const content = randomBytes(rng, 1180 + Math.floor(rng() * 40));
  const der = Buffer.concat([Buffer.from([0x30, 0x82, content.length >> 8, content.length & 0xff]), content]);
  return armor(type === 'PKCS8' ? '' : type, der);
}

export function fakeKey(provider: string, rng: Rng): FakeKey {
  const g = FAKE_KEY_GENERATORS[provider];
  if (!g) throw new Error(`no fake key generator for ${provider}`);
  return { provider, ruleId: g.ruleId, key: g.generate(rng), ...(g.envVar ? { envVar: g.envVar } : {}) };
}
