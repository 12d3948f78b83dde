import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

export default providerKeyRule({
  id: 'secret/openrouter-api-key',
  provider: 'OpenRouter',
  description: 'Finds committed OpenRouter API keys (sk-or-v1-…).',
  prefilter: ['sk-or-'],
  shapes: [{ kind: 'API key', pattern: 'sk-or-v1-(?<body>[a-f0-9]{64})' }],
  samples: (rng) => ({
    findings: committedForms('openrouter', rng, 'OpenAI'),
    clean: [
      ...referenceForms('OPENROUTER_API_KEY'),
      'OPENROUTER_API_KEY=sk-or-v1-...\n',
      'OPENROUTER_API_KEY=sk-or-v1-<redacted>\n',
      `OPENROUTER_API_KEY=sk-or-v1-${'0123456789abcdef'.repeat(4)}\n`,
    ],
  }),
});
