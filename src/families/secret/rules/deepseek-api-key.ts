import { fakeKey, LOWER_ALNUM, randomString } from '../fake-keys.js';
import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

/** DeepSeek keys (sk- and 32 characters) have no prefix of their own: DeepSeek must be named nearby. */
const DEEPSEEK = /deepseek/i;

export default providerKeyRule({
  id: 'secret/deepseek-api-key',
  provider: 'DeepSeek',
  description: 'Finds committed DeepSeek API keys (sk- and 32 lower-case letters or digits) next to a DeepSeek env var, name or endpoint.',
  prefilter: DEEPSEEK,
  // Issued keys are hex; trufflehog pkg/detectors/deepseek/deepseek.go accepts `sk-[a-z0-9]{32}` (its own samples are not hex).
  shapes: [{ kind: 'API key', pattern: 'sk-(?<body>[a-z0-9]{32})', near: DEEPSEEK }],
  samples: (rng) => ({
    findings: [
      ...committedForms('deepseek', rng, 'DeepSeek'),
      `client = OpenAI(\n    api_key="${fakeKey('deepseek', rng).key}",\n    base_url="https://api.deepseek.com",\n)\n`,
      `DEEPSEEK_API_KEY=sk-${randomString(rng, LOWER_ALNUM, 32)}\n`,
      // Go: the last word before the value is the declared type.
      `var deepseekToken string = "${fakeKey('deepseek', rng).key}"\n`,
      // XML: the value on its own line inside the element that names it.
      `<deepseek>\n  <apiKey>\n    ${fakeKey('deepseek', rng).key}\n  </apiKey>\n</deepseek>\n`,
    ],
    clean: [
      ...referenceForms('DEEPSEEK_API_KEY'),
      'DEEPSEEK_API_KEY=sk-...\n',
      'DEEPSEEK_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n',
      'DEEPSEEK_API_KEY=sk-0123456789abcdef0123456789abcdef\n',
      // The same shape with no DeepSeek anywhere near: not attributable, not reported.
      `API_KEY=${fakeKey('deepseek', rng).key}\n`,
      // Named by its type, or in an element that is not a credential.
      `// deepseek\nvar modelRevision string = "${fakeKey('deepseek', rng).key}"\n`,
      `<deepseek>\n  <revision>\n    ${fakeKey('deepseek', rng).key}\n  </revision>\n</deepseek>\n`,
    ],
  }),
});
