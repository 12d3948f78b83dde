import { fakeKey } from '../fake-keys.js';
import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

export default providerKeyRule({
  id: 'secret/langsmith-api-key',
  provider: 'LangSmith',
  description: 'Finds committed LangSmith (LangChain) API keys: personal access tokens (lsv2_pt_…) and service keys (lsv2_sk_…).',
  prefilter: ['lsv2_'],
  shapes: [
    { kind: 'personal access token', pattern: 'lsv2_pt_(?<body>[a-f0-9]{32}_[a-f0-9]{10})' },
    { kind: 'service key', pattern: 'lsv2_sk_(?<body>[a-f0-9]{32}_[a-f0-9]{10})' },
  ],
  samples: (rng) => ({
    findings: [...committedForms('langsmith-personal', rng, 'langsmith.Client'), `LANGCHAIN_API_KEY="${fakeKey('langsmith-service', rng).key}"\n`],
    clean: [
      ...referenceForms('LANGSMITH_API_KEY'),
      'LANGSMITH_API_KEY=lsv2_pt_...\n',
      `LANGSMITH_API_KEY=lsv2_pt_${'0'.repeat(32)}_${'0'.repeat(10)}\n`,
      'LANGSMITH_API_KEY=lsv2_sk_your_key_here\n',
    ],
  }),
});
