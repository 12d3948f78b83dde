import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

export default providerKeyRule({
  id: 'secret/replicate-api-token',
  provider: 'Replicate',
  description: 'Finds committed Replicate API tokens (r8_…).',
  prefilter: ['r8_'],
  shapes: [{ kind: 'API token', pattern: 'r8_(?<body>[A-Za-z0-9]{37,40})' }],
  samples: (rng) => ({
    findings: committedForms('replicate', rng, 'replicate.Client'),
    clean: [
      ...referenceForms('REPLICATE_API_TOKEN'),
      'REPLICATE_API_TOKEN=r8_...\n',
      'REPLICATE_API_TOKEN=r8_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n',
      'REPLICATE_API_TOKEN=r8_your_replicate_api_token_goes_here\n',
    ],
  }),
});
