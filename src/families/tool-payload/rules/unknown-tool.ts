import { payloadRule } from './shared.js';

/** A call naming a tool that its record (or, when the record declares none, its file) does not declare. */
export default payloadRule('unknown-tool', {
  severity: 'error',
  description: 'A stored tool call names a tool that the record (or the file) does not declare.',
  fix: 'Call one of the declared tools, or declare the tool in the record that calls it.',
  cwe: [20],
  securitySeverity: 3.0,
  precision: 'very-high',
});
