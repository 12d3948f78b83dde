import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

export default providerKeyRule({
  id: 'secret/perplexity-api-key',
  provider: 'Perplexity',
  description: 'Finds committed Perplexity API keys (pplx-…).',
  prefilter: ['pplx-'],
  shapes: [{ kind: 'API key', pattern: 'pplx-(?<body>[A-Za-z0-9]{40,64})' }],
  samples: (rng) => ({
    findings: committedForms('perplexity', rng, 'OpenAI'),
    clean: [
      ...referenceForms('PERPLEXITY_API_KEY'),
      'PERPLEXITY_API_KEY=pplx-...\n',
      `PERPLEXITY_API_KEY=pplx-${'1234567890abcdef'.repeat(3)}\n`,
      'PERPLEXITY_API_KEY=pplx-your-perplexity-api-key\n',
    ],
  }),
});
