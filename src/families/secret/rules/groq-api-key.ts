import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

export default providerKeyRule({
  id: 'secret/groq-api-key',
  provider: 'Groq',
  description: 'Finds committed Groq API keys (gsk_…).',
  prefilter: ['gsk_'],
  secretlintRuleId: '@secretlint/secretlint-rule-groq',
  shapes: [{ kind: 'API key', pattern: 'gsk_(?<body>[A-Za-z0-9]{52})' }],
  samples: (rng) => ({
    findings: committedForms('groq', rng, 'Groq'),
    clean: [...referenceForms('GROQ_API_KEY'), 'GROQ_API_KEY=gsk_...\n', 'GROQ_API_KEY=gsk_your_key_here\n', `GROQ_API_KEY=gsk_${'0'.repeat(52)}\n`],
  }),
});
