import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

export default providerKeyRule({
  id: 'secret/fireworks-api-key',
  provider: 'Fireworks AI',
  description: 'Finds committed Fireworks AI API keys (fw_…, and older 48-character keys next to a Fireworks name or env var).',
  prefilter: ['fw_', /fireworks/i],
  shapes: [
    { kind: 'API key', pattern: 'fw_(?<body>[A-Za-z0-9]{20,64})' },
    { kind: 'legacy API key', pattern: '(?<body>[A-Za-z0-9]{48})', near: /fireworks/i, notHex: true },
  ],
  samples: (rng) => ({
    findings: committedForms('fireworks', rng, 'Fireworks'),
    clean: [
      ...referenceForms('FIREWORKS_API_KEY'),
      'FIREWORKS_API_KEY=fw_...\n',
      'FIREWORKS_API_KEY=fw_xxxx\n',
      'FIREWORKS_API_KEY=fw_your_fireworks_key\n',
      // Firmware code uses fw_ identifiers too.
      'static int fw_loadFirmwareImageFromFlashPartition(void);\n',
    ],
  }),
});
