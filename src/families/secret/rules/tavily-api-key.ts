import { fakeKey } from '../fake-keys.js';
import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

export default providerKeyRule({
  id: 'secret/tavily-api-key',
  provider: 'Tavily',
  description: 'Finds committed Tavily search API keys (tvly-…, tvly-dev-…, tvly-prod-…).',
  prefilter: ['tvly-'],
  // The optional tier names the key type chosen in the Tavily dashboard (development or production).
  shapes: [{ kind: 'API key', pattern: 'tvly-(?:dev-|prod-)?(?<body>[A-Za-z0-9]{20,40})' }],
  samples: (rng) => ({
    findings: [
      ...committedForms('tavily', rng, 'TavilyClient'),
      // A development key in the JS SDK's constructor.
      `const tvly = tavily({ apiKey: "${fakeKey('tavily-dev', rng).key}" });\n`,
    ],
    clean: [
      ...referenceForms('TAVILY_API_KEY'),
      'TAVILY_API_KEY=tvly-...\n',
      // Tavily's quickstart and the JS SDK's README.
      'tavily_client = TavilyClient(api_key="tvly-YOUR_API_KEY")\n',
      'const tvly = tavily({ apiKey: process.env.TAVILY_API_KEY || "tvly-YOUR_API_KEY" });\n',
      'TAVILY_API_KEY=tvly-dev-your-api-key-here\n',
      'os.environ["TAVILY_API_KEY"] = "tvly-test-key-12345"\n',
      `TAVILY_API_KEY=tvly-dev-${'X'.repeat(32)}\n`,
    ],
  }),
});
