import { ALNUM, fakeKey, randomString } from '../fake-keys.js';
import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

export default providerKeyRule({
  id: 'secret/xai-api-key',
  provider: 'xAI',
  description: 'Finds committed xAI (Grok) API keys (xai-…).',
  prefilter: ['xai-'],
  // Bodies carry `_` and `-` too: trufflehog pkg/detectors/xai/xai.go (`xai-[0-9a-zA-Z_]{80}`), betterleaks
  // cmd/generate/config/rules/xai.go (`xai-[A-Za-z0-9_-]{70,120}`).
  shapes: [{ kind: 'API key', pattern: 'xai-(?<body>[A-Za-z0-9_-]{60,120})' }],
  samples: (rng) => ({
    findings: [
      ...committedForms('xai', rng, 'Client'),
      `XAI_API_KEY=${fakeKey('xai-dash', rng).key}\n`,
      `client = Client(api_key="${fakeKey('xai-dash', rng).key}")  # grok\n`,
    ],
    clean: [
      ...referenceForms('XAI_API_KEY'),
      'XAI_API_KEY=xai-...\n',
      'XAI_API_KEY=xai-your-xai-api-key\n',
      `XAI_API_KEY=xai-${'AbCd'.repeat(20)}\n`,
      'import { createXai } from "@ai-sdk/xai"; const model = "xai-grok-4-fast-reasoning-latest";\n',
      // Too short for a key (betterleaks' negative), and a long model/route name made of words.
      `XAI_API_KEY=xai-${randomString(rng, ALNUM, 43)}\n`,
      'route = "xai-grok-code-fast-1-chat-completions-streaming-with-tool-calls-enabled-beta"\n',
    ],
  }),
});
