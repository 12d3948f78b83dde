import { payloadRule } from './shared.js';

/** Tool-call arguments that do not parse, are double-encoded, or violate the declaring tool's schema. */
export default payloadRule('invalid-arguments', {
  severity: 'error',
  description: "A stored tool call's arguments do not parse, are double-encoded, or violate the declaring tool's JSON Schema (undeclared keys are a warning).",
  fix: "Make the call's arguments a JSON object (encoded once, where the format wants a string) that satisfies the tool's parameters schema.",
  cwe: [20],
  securitySeverity: 4.0,
  precision: 'very-high',
});
