import { payloadRule } from './shared.js';

/** Files mapped by `payloads:` in the config that fail their project JSON Schema (JSONL: each line). */
export default payloadRule('schema-mismatch', {
  severity: 'error',
  description: 'A file mapped by `payloads:` in `.agent-guard.yml` does not satisfy its project JSON Schema (in JSONL, each line must).',
  fix: 'Change the payload to satisfy the schema named in the `payloads:` mapping, or fix the schema.',
  cwe: [20],
  securitySeverity: 5.0,
  precision: 'very-high',
});
