import { payloadRule } from './shared.js';

/** Syntax errors in files that are tool payloads by path, content or `payloads:` mapping (JSONL per line). */
export default payloadRule('invalid-json', {
  severity: 'error',
  description:
    'A tool-payload file (fixture, dataset, trace, MCP tool list, or a file mapped in `payloads:`) is not valid JSON; in JSONL each line is checked on its own.',
  fix: 'Fix the JSON syntax at the reported position (JSON allows no comments, trailing commas or single quotes).',
  cwe: [20],
  securitySeverity: 3.0,
  precision: 'very-high',
});
