import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

export default providerKeyRule({
  id: 'secret/xai-api-key',
  provider: 'xAI',
  description: 'Finds committed xAI (Grok) API keys (xai-…).',
  prefilter: ['xai-'],
  shapes: [{ kind: 'API key', pattern: 'xai-(?<body>[A-Za-z0-9]{60,100})' }],
  samples: (rng) => ({
    findings: committedForms('xai', rng, 'Client'),
    clean: [
      ...referenceForms('XAI_API_KEY'),
      'XAI_API_KEY=xai-...\n',
      'XAI_API_KEY=xai-your-xai-api-key\n',
      `XAI_API_KEY=xai-${'AbCd'.repeat(20)}\n`,
      'import { createXai } from "@ai-sdk/xai"; const model = "xai-grok-4-fast-reasoning-latest";\n',
    ],
  }),
});
