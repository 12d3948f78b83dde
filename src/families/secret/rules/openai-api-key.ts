import { fakeKey, OPENAI_MARKER } from '../fake-keys.js';
import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

const M = OPENAI_MARKER;
/** Newer keys: a type prefix, then random text around the marker (lengths vary; secretlint's rule wants exact ones). */
const typed = (type: string) => `sk-${type}-(?<body>[A-Za-z0-9_-]{20,200}${M}[A-Za-z0-9_-]{20,200})`;

export default providerKeyRule({
  id: 'secret/openai-api-key',
  provider: 'OpenAI',
  description: 'Finds committed OpenAI API keys: legacy (sk-…), project (sk-proj-…), service account (sk-svcacct-…, sk-service-…) and admin (sk-admin-…) keys.',
  prefilter: ['sk-'],
  secretlintRuleId: '@secretlint/secretlint-rule-openai',
  shapes: [
    { kind: 'project key', pattern: typed('proj') },
    { kind: 'service account key', pattern: typed('svcacct') },
    // The older service account shape, `sk-service-<account name>-…` (trufflehog pkg/detectors/openai/openai.go).
    { kind: 'service account key', pattern: typed('service') },
    { kind: 'admin key', pattern: typed('admin') },
    { kind: 'user key', pattern: typed('None') },
    { kind: 'legacy key', pattern: `sk-(?<body>[A-Za-z0-9]{20}${M}[A-Za-z0-9]{20})` },
    // No shape without the marker: every issued key carries it (gitleaks, betterleaks, trufflehog's openai and
    // openaiadmin detectors and secretlint all require it, and every real key in their tests has it), and
    // secretlint's negatives are issued-shape keys with the marker swapped out (openai/ok.valid).
  ],
  samples: (rng) => ({
    findings: [
      ...committedForms('openai-project', rng, 'OpenAI'),
      `OPENAI_API_KEY=${fakeKey('openai-legacy', rng).key}\n`,
      `openai:\n  api_key: ${fakeKey('openai-svcacct', rng).key}\n`,
      `export OPENAI_ADMIN_KEY='${fakeKey('openai-admin', rng).key}'\n`,
      `OPENAI_API_KEY = "${fakeKey('openai-service', rng).key}"\n`,
    ],
    clean: [
      ...referenceForms('OPENAI_API_KEY'),
      'OPENAI_API_KEY=sk-your-key-here\n',
      'OPENAI_API_KEY=sk-...\n',
      'Project keys start with `sk-proj-`; legacy keys with `sk-`.\n',
      `OPENAI_API_KEY=sk-proj-${'x'.repeat(58)}${M}${'x'.repeat(58)}\n`,
      `OPENAI_API_KEY=sk-${'abcdefghij'.repeat(2)}${M}${'0123456789'.repeat(2)}\n`,
      // An issued shape with the marker replaced (secretlint's openai/ok.valid): not a key.
      `OPENAI_API_KEY=${fakeKey('openai-project', rng).key.replace(M, 'Xq7mZ2pL')}\n`,
      // Another provider's sk- key is not an OpenAI key.
      `OPENROUTER_API_KEY=${fakeKey('openrouter', rng).key}\n`,
    ],
  }),
});
