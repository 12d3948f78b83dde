import { payloadRule } from './shared.js';

/** A tool's input/output schema that is not valid in its dialect, or a name the provider rejects. */
export default payloadRule('invalid-tool-schema', {
  severity: 'error',
  description:
    "A tool definition's schema is not a valid JSON Schema in its dialect (draft-07, 2020-12, Gemini's OpenAPI subset, BFCL), or its name breaks the provider's name rule.",
  fix: 'Use JSON Schema types (string, number, integer, boolean, object, array, null) and a name the provider accepts.',
  cwe: [20],
  securitySeverity: 3.0,
  precision: 'very-high',
});
