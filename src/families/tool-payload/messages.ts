/** Message templates of the tool-payload rules (shared by the rule modules and the streaming validator). */
import type { PayloadRuleName } from './check.js';

export const PAYLOAD_MESSAGES: Record<PayloadRuleName, Record<string, string>> = {
  'invalid-json': {
    syntax: '{{where}}: invalid JSON ({{code}}): expected {{expected}}, found {{found}}',
  },
  'invalid-arguments': {
    unparsable: '{{where}}: the arguments of "{{tool}}" are not valid JSON ({{error}}): expected a JSON object encoded as a string, found {{found}}',
    doubleEncoded: '{{where}}: the arguments of "{{tool}}" are double-encoded: expected a JSON object encoded once, found {{found}}',
    notObject: '{{where}}: the arguments of "{{tool}}": expected a JSON object, found {{found}}',
    violation: '{{where}}: {{arg}} of "{{tool}}": expected {{expected}}, found {{found}}',
    undeclared: '{{where}}: {{arg}} is not declared by "{{tool}}" (expected one of its properties: {{declared}})',
    callUnparsable: '{{where}}: the tool call is not valid JSON ({{error}}): expected a JSON object naming the tool and its arguments',
  },
  'unknown-tool': {
    unknown: '{{where}}: the call names "{{name}}": expected a tool declared in {{scope}} ({{declared}})',
  },
  'invalid-tool-schema': {
    badSchema: '{{where}}: the {{what}} of tool "{{tool}}" is not a valid JSON Schema: expected {{expected}}, found {{found}}',
    badName: '{{where}}: tool name {{found}} is not valid for {{provider}}: expected a name matching {{expected}}',
  },
  'unpaired-call': {
    noResult: '{{where}}: call "{{name}}" (id {{id}}) has no result although the conversation continues at {{next}}: expected a tool result with id {{id}}',
    noCall: '{{where}}: tool result for id {{id}} answers no call: expected a call with id {{id}} in this conversation',
    duplicateId: '{{where}}: call id {{id}} is used twice (first at {{first}}): expected unique call ids',
  },
  'schema-mismatch': {
    violation: '{{where}} does not satisfy {{schema}}: expected {{expected}}, found {{found}}',
    schemaUnavailable: '{{schema}} (mapped to this file by `payloads:` in the config) cannot be used: {{reason}}',
  },
};
