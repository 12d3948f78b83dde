import { fakeKey } from '../fake-keys.js';
import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

export default providerKeyRule({
  id: 'secret/huggingface-token',
  provider: 'Hugging Face',
  description: 'Finds committed Hugging Face user access tokens (hf_…) and organization API tokens (api_org_…).',
  prefilter: ['hf_', 'api_org_'],
  secretlintRuleId: '@secretlint/secretlint-rule-huggingface',
  shapes: [
    { kind: 'access token', pattern: 'hf_(?<body>[A-Za-z0-9]{34,40})' },
    { kind: 'organization token', pattern: 'api_org_(?<body>[A-Za-z0-9]{34})' },
  ],
  samples: (rng) => ({
    findings: [...committedForms('huggingface', rng, 'InferenceClient'), `HUGGINGFACEHUB_API_TOKEN: ${fakeKey('huggingface-org', rng).key}\n`],
    clean: [
      ...referenceForms('HF_TOKEN'),
      'HF_TOKEN=hf_...\n',
      'HF_TOKEN=hf_your_huggingface_token_here\n',
      `HF_TOKEN=hf_${'abcdefghijklmnopq'.repeat(2)}\n`,
      // A long identifier that happens to start with the prefix is not a token (assembled from parts so
      // that no credential-shaped literal sits in the source).
      `from config import hf_${'download'}ModelWeightsFromHubCacheDir\n`,
    ],
  }),
});
