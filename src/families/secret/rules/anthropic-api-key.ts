import { fakeKey } from '../fake-keys.js';
import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

export default providerKeyRule({
  id: 'secret/anthropic-api-key',
  provider: 'Anthropic',
  description: 'Finds committed Anthropic keys: API keys (sk-ant-api03-…), Admin API keys (sk-ant-admin01-…) and OAuth tokens (sk-ant-oat01-…).',
  prefilter: ['sk-ant-'],
  secretlintRuleId: '@secretlint/secretlint-rule-anthropic',
  shapes: [
    { kind: 'API key', pattern: 'sk-ant-api0\\d-(?<body>[A-Za-z0-9_-]{80,128})AA' },
    { kind: 'admin key', pattern: 'sk-ant-admin0\\d-(?<body>[A-Za-z0-9_-]{80,128})AA' },
    { kind: 'OAuth token', pattern: 'sk-ant-oat0\\d-(?<body>[A-Za-z0-9_-]{80,128})AA' },
  ],
  samples: (rng) => ({
    findings: [...committedForms('anthropic', rng, 'Anthropic'), `ANTHROPIC_ADMIN_KEY="${fakeKey('anthropic-admin', rng).key}"\n`],
    clean: [
      ...referenceForms('ANTHROPIC_API_KEY'),
      'ANTHROPIC_API_KEY=sk-ant-api03-...\n',
      `ANTHROPIC_API_KEY=sk-ant-api03-${'x'.repeat(93)}AA\n`,
      `ANTHROPIC_API_KEY=sk-ant-api03-${'Ab1-'.repeat(23)}xAA\n`,
      'ANTHROPIC_API_KEY=sk-ant-api03-your-anthropic-api-key-goes-here\n',
    ],
  }),
});
