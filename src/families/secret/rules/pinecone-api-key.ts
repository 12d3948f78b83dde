import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

export default providerKeyRule({
  id: 'secret/pinecone-api-key',
  provider: 'Pinecone',
  description: 'Finds committed Pinecone API keys (pcsk_…).',
  prefilter: ['pcsk_'],
  shapes: [{ kind: 'API key', pattern: 'pcsk_(?<body>[A-Za-z0-9]{4,8}_[A-Za-z0-9]{40,90})' }],
  samples: (rng) => ({
    findings: committedForms('pinecone', rng, 'Pinecone'),
    clean: [
      ...referenceForms('PINECONE_API_KEY'),
      'PINECONE_API_KEY=pcsk_...\n',
      `PINECONE_API_KEY=pcsk_abcdef_${'x'.repeat(63)}\n`,
      // Pinecone's older keys were UUIDs; a UUID alone is not a finding (it is also every request id).
      'request_id = "3f2b8c1e-9d4a-4e7b-a1c2-5d6e7f8a9b0c"\n',
    ],
  }),
});
