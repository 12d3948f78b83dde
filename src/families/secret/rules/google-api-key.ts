import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

/** "AIza", assembled so that this module holds no key-shaped literal. */
const P = ['AI', 'za'].join('');

export default providerKeyRule({
  id: 'secret/google-api-key',
  provider: 'Google',
  description: 'Finds committed Google API keys (AIza…), used by Gemini / Google AI Studio and other Google Cloud APIs.',
  prefilter: [P],
  shapes: [{ kind: 'API key (Gemini / Google Cloud)', pattern: `${P}(?<body>[0-9A-Za-z_-]{35})` }],
  samples: (rng) => ({
    findings: committedForms('google', rng, 'genai.Client'),
    clean: [
      ...referenceForms('GEMINI_API_KEY'),
      `GOOGLE_API_KEY=${P}...\n`,
      `GOOGLE_API_KEY=${P}_your_key_here\n`,
      `GOOGLE_API_KEY=${P}${'X'.repeat(35)}\n`,
      // Inside a longer base64 run (a lockfile integrity hash) the same letters are not a key.
      `"integrity": "sha512-q1w2e3r4t5${P}Sy9z8X7c6V5b4N3m2L1k0J9h8G7f6D5s4A3p2O1i0U9y8T7r6E5w4Q3a2Z1=="\n`,
    ],
  }),
});
