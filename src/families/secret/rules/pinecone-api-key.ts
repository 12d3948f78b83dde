import { ALNUM, fakeKey, randomString } from '../fake-keys.js';
import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

/** Pinecone's older keys are UUIDs with no prefix of their own: Pinecone must be named nearby. */
const PINECONE = /pinecone/i;

export default providerKeyRule({
  id: 'secret/pinecone-api-key',
  provider: 'Pinecone',
  description: 'Finds committed Pinecone API keys (pcsk_…, and the older UUID keys next to a Pinecone name).',
  prefilter: ['pcsk_', PINECONE],
  shapes: [
    // A 5- or 6-character id and 63 characters: trufflehog pkg/detectors/pinecone/pinecone.go
    // (`pcsk_([A-Za-z0-9]{5,6})_[A-Za-z0-9]{63}`, 4-character ids and longer bodies among its negatives), betterleaks pinecone-api-key.2.
    { kind: 'API key', pattern: 'pcsk_(?<body>[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63})' },
    // Version 1 keys: a UUID assigned to a credential-like name near "pinecone" (betterleaks pinecone-api-key.1).
    { kind: 'legacy API key (UUID)', pattern: '(?<body>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})', near: PINECONE },
  ],
  samples: (rng) => ({
    findings: [
      ...committedForms('pinecone', rng, 'Pinecone'),
      `PINECONE_API_KEY=${fakeKey('pinecone-legacy', rng).key}\n`,
      `pc = pinecone.Pinecone(api_key="${fakeKey('pinecone-legacy', rng).key}")\n`,
    ],
    clean: [
      ...referenceForms('PINECONE_API_KEY'),
      'PINECONE_API_KEY=pcsk_...\n',
      `PINECONE_API_KEY=pcsk_abcdef_${'x'.repeat(63)}\n`,
      // trufflehog's negatives: a 4-character id, a body longer than 63 characters.
      `PINECONE_API_KEY=pcsk_${randomString(rng, ALNUM, 4)}_${randomString(rng, ALNUM, 63)}\n`,
      `PINECONE_API_KEY=pcsk_${randomString(rng, ALNUM, 6)}_${randomString(rng, ALNUM, 68)}\n`,
      // A UUID alone is not a finding (it is also every request id), nor one under a name that is no credential.
      'request_id = "3f2b8c1e-9d4a-4e7b-a1c2-5d6e7f8a9b0c"\n',
      `PINECONE_INDEX=agents\nDATABASE_ID=${fakeKey('pinecone-legacy', rng).key}\n`,
      'PINECONE_API_KEY=00000000-0000-0000-0000-000000000000\n',
    ],
  }),
});
