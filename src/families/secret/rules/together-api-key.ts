import { fakeKey, HEX, randomString } from '../fake-keys.js';
import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

export default providerKeyRule({
  id: 'secret/together-api-key',
  provider: 'Together AI',
  description: 'Finds committed Together AI API keys (tgp_v1_…, and older 64-hex keys next to a Together name or env var).',
  prefilter: ['tgp_v1_', /together/i],
  shapes: [
    { kind: 'API key', pattern: 'tgp_v1_(?<body>[A-Za-z0-9_-]{40,50})' },
    { kind: 'legacy API key', pattern: '(?<body>[a-f0-9]{64})', near: /together/i },
  ],
  samples: (rng) => ({
    findings: [
      ...committedForms('together', rng, 'Together'),
      // A Together key in a JSON config line.
      `{"provider": "together", "model": "meta-llama/Llama-3-70b", "api_key": "${fakeKey('together', rng).key}"}\n`,
    ],
    clean: [
      ...referenceForms('TOGETHER_API_KEY'),
      'TOGETHER_API_KEY=tgp_v1_...\n',
      'TOGETHER_API_KEY=tgp_v1_your_together_api_key_here_0000000\n',
      // A sha256 digest near the word "together" but not on a credential line.
      'Together with the weights we publish their digest:\nsha256 = 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n',
      // Container image digests in a generated workflow (pydantic/pydantic-ai's *.lock.yml): one long line
      // naming "together_ai" models, an "api_key" setting and image digests after "sha256:".
      `{"models": ["together_ai/*"], "api_key_env": "X", "container": {"imageTag": "0.27,squid=sha256:${randomString(rng, HEX, 64)},agent=sha256:${randomString(rng, HEX, 64)}"}}\n`,
      // Document ids in an evaluation set (anthropics/anthropic-cookbook): the text around mentions
      // "together" and a password; the ids are named as ids.
      `{"query": "How do these fit together? See package com.password4j;", "golden_doc_uuids": ["${randomString(rng, HEX, 64)}"]}\n`,
    ],
  }),
});
