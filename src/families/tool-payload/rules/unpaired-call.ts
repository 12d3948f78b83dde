import { payloadRule } from './shared.js';

/** Calls with no result while the conversation continues, results with no call, duplicate call ids. */
export default payloadRule('unpaired-call', {
  severity: 'warning',
  description:
    'In a stored conversation, a tool call has no result although the conversation continues, a tool result answers no call, or two calls share an id.',
  fix: 'Add the missing tool result (or call), or give each call its own id and answer it with a result carrying that id.',
  cwe: [20],
  securitySeverity: 2.0,
  precision: 'very-high',
});
