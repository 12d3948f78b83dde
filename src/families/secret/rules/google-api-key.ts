import { fakeKey } from '../fake-keys.js';
import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

/** "AIza", assembled so that this module holds no key-shaped literal. */
const P = ['AI', 'za'].join('');
/**
 * Gemini API keys of the newer format: `AQ.Ab8RN6` and 44 characters of `[A-Za-z0-9_-]` (betterleaks
 * cmd/generate/config/rules/gcp.go, rule gcp-gemini-api: `AQ\.Ab8RN6[A-Za-z0-9_-]{44}`, keyword `AQ.Ab8RN6`).
 * The fixed part is nine characters with a `.` in it, not just `AQ.`: as distinctive as `AIza`, so the
 * shape needs no Gemini name nearby (betterleaks anchors it the same way).
 */
const AQ = ['AQ', 'Ab8RN6'].join('.');

/**
 * Google's public example keys (Firebase SDK samples, allowlisted by value in gitleaks
 * cmd/generate/config/rules/gcp.go, "example keys from https://github.com/firebase/firebase-android-sdk", and
 * betterleaks' gcp-api-key filter): sha256 of each, so that this
 * repository holds no key-shaped string and scans clean. They are documentation, not credentials.
 */
const PUBLIC_EXAMPLE_KEYS_SHA256 = new Set([
  'f56e323494a6ffc2064e7a955908957d84f0755e5f975dabd64328d0359a8f7c',
  '2037abcaffb2b77785da716cf7ccff4ff4d00c4ea930db0167b7d71f50af7eb4',
  '3f370c9dd8225c63b5c77de1f785edc9712958f18bb612d5fa2e0ae33aeca682',
  'e4a5542bb7fd7b67e943c71ad29c34b5972c9840597e7eda53e666f44d5da0b9',
  'a19f89ab3555eac10c40741f6df79ecf0935998f15569f8db9d67bce0181fff6',
  '0b476bdf9acf2123d547b5ae76f1e59884d8ec9553ee0c47e9f31fd4768f3f3c',
  'eb540d2b6ee2a0a47c5779bc8a0141784c6b753840d4c6f4e2428a6e86e9e0b1',
  '37f8f09bdf12c2f2eae4ead7273a62ddb0c23459cbf902892f282b57f7ed6619',
  '8731261cb72d86267a32a532ebd3df429e2144e5e4ced7e13568bc9e6c8fb1b1',
  '49f777db995e8260da7ca9ffdf0c08d66f0453e97ec967018baf2cdfe3b582d0',
  '27a9a42931dff7eb2f8434e20a9bce976ea364e7bee49187f19d5cfeca9c7045',
  'dc0fcf046c61640cbd1e8b999ada3262d722c2ca4bf42dceac999020ffdbb614',
  '4c98242dcadc8b29005c6b4aad526552d5ea1842149154c0694adeec75847583',
  'ea9bb1082cf95663f5faca23b8b15ef2aa0fce0a5c6df9c32dcb85b2e0a4513d',
  '3a8b61d0f636b007840c0d40ba12bcf48465dc054cdc1a68704a33521d84b665',
  'a6c814bc555ae62c7bd8b58ec07bf559c7ed3a009976a1e0acc9cef0d4473b41',
]);

export default providerKeyRule({
  id: 'secret/google-api-key',
  provider: 'Google',
  description: 'Finds committed Google API keys (AIza…) and Gemini API keys (AQ.Ab8RN6…), used by Gemini / Google AI Studio and other Google Cloud APIs.',
  prefilter: [P, AQ],
  shapes: [
    { kind: 'API key (Gemini / Google Cloud)', pattern: `${P}(?<body>[0-9A-Za-z_-]{35})` },
    { kind: 'Gemini API key', pattern: `${AQ.replace('.', '\\.')}(?<body>[0-9A-Za-z_-]{44})` },
  ],
  knownPublicSha256: PUBLIC_EXAMPLE_KEYS_SHA256,
  samples: (rng) => ({
    findings: [
      ...committedForms('google', rng, 'genai.Client'),
      `GEMINI_API_KEY=${fakeKey('gemini-aq', rng).key}\n`,
      `client = genai.Client(api_key="${fakeKey('gemini-aq', rng).key}")\n`,
    ],
    clean: [
      ...referenceForms('GEMINI_API_KEY'),
      `GOOGLE_API_KEY=${P}...\n`,
      `GOOGLE_API_KEY=${P}_your_key_here\n`,
      `GOOGLE_API_KEY=${P}${'X'.repeat(35)}\n`,
      // Inside a longer base64 run (a lockfile integrity hash) the same letters are not a key.
      `"integrity": "sha512-q1w2e3r4t5${P}Sy9z8X7c6V5b4N3m2L1k0J9h8G7f6D5s4A3p2O1i0U9y8T7r6E5w4Q3a2Z1=="\n`,
      // betterleaks' negatives: one character short, and a different fixed part.
      `GEMINI_API_KEY=${fakeKey('gemini-aq', rng).key.slice(0, -1)}\n`,
      `GEMINI_API_KEY=${fakeKey('gemini-aq', rng).key.replace('RN6', 'RN5')}\n`,
      `GEMINI_API_KEY=${AQ}your-gemini-api-key-goes-here-xxxxxxxxxxxxxxx\n`,
    ],
  }),
});
