import { fakeKey } from '../fake-keys.js';
import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

/** Cohere keys are 40 bare alphanumerics: Cohere (or its CO_API_KEY variable) must be named nearby. */
const COHERE = /cohere|\bCO_API_KEY\b/i;

export default providerKeyRule({
  id: 'secret/cohere-api-key',
  provider: 'Cohere',
  description: 'Finds committed Cohere API keys (40 alphanumerics) next to a Cohere env var, client or endpoint.',
  prefilter: [/cohere/i, /co_api_key/i],
  shapes: [{ kind: 'API key', pattern: '(?<body>[A-Za-z0-9]{40})', near: COHERE, notHex: true }],
  samples: (rng) => ({
    findings: [
      ...committedForms('cohere', rng, 'cohere.ClientV2'),
      `CO_API_KEY: "${fakeKey('cohere', rng).key}"\n`,
      `co = cohere.Client("${fakeKey('cohere', rng).key}")\n`,
      `COHERE = "${fakeKey('cohere', rng).key}"  # Cohere API key (trial)\n`,
    ],
    clean: [
      ...referenceForms('COHERE_API_KEY'),
      'COHERE_API_KEY=your-cohere-api-key\n',
      // A git commit SHA next to the word cohere.
      'cohere-python pinned at commit 5d41402abc4b2a76b9719d911017c592aabbccdd # token of trust\n',
      // A Cohere-shaped key with no Cohere context.
      `SOME_API_KEY=${fakeKey('cohere', rng).key}\n`,
    ],
  }),
});
