import { fakeKey } from '../fake-keys.js';
import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

/** DeepSeek keys (sk- and 32 hex digits) have no prefix of their own: DeepSeek must be named nearby. */
const DEEPSEEK = /deepseek/i;

export default providerKeyRule({
  id: 'secret/deepseek-api-key',
  provider: 'DeepSeek',
  description: 'Finds committed DeepSeek API keys (sk- and 32 hex digits) next to a DeepSeek env var, name or endpoint.',
  prefilter: DEEPSEEK,
  shapes: [{ kind: 'API key', pattern: 'sk-(?<body>[a-f0-9]{32})', near: DEEPSEEK }],
  samples: (rng) => ({
    findings: [
      ...committedForms('deepseek', rng, 'DeepSeek'),
      `client = OpenAI(\n    api_key="${fakeKey('deepseek', rng).key}",\n    base_url="https://api.deepseek.com",\n)\n`,
    ],
    clean: [
      ...referenceForms('DEEPSEEK_API_KEY'),
      'DEEPSEEK_API_KEY=sk-...\n',
      'DEEPSEEK_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n',
      'DEEPSEEK_API_KEY=sk-0123456789abcdef0123456789abcdef\n',
      // The same shape with no DeepSeek anywhere near: not attributable, not reported.
      `API_KEY=${fakeKey('deepseek', rng).key}\n`,
    ],
  }),
});
