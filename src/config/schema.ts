/**
 * The JSON Schema of `.agent-guard.yml`. Published as schema/config.schema.json (a test keeps the two equal)
 * so editors can validate the file; the loader validates with this object.
 */
import { CONFIG_SCHEMA_URL } from '../core/identity.js';

const severityOrOff = { enum: ['error', 'warning', 'note', 'off'] };

/** A rule id (`tool-input/ssrf`) or a whole family (`rate-limit/*`), as inline suppressions accept. */
export const RULE_KEY_PATTERN = '^(secret|tool-input|rate-limit|tool-payload)/([a-z0-9]+(-[a-z0-9]+)*|\\*)$';
/** A family entry of `rules:` (`tool-payload/*`). */
export const FAMILY_KEY_PATTERN = '^(secret|tool-input|rate-limit|tool-payload)/\\*$';

export const CONFIG_SCHEMA_ID = CONFIG_SCHEMA_URL;

export const configSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: CONFIG_SCHEMA_ID,
  title: 'agent-guard configuration',
  description: 'Configuration of agent-guard, read from .agent-guard.yml, .agent-guard.yaml or .agent-guard.json at the repository root.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    include: {
      description: 'Globs (relative to the root) limiting which files are scanned. Default: every file.',
      type: 'array',
      items: { type: 'string', minLength: 1 },
    },
    exclude: {
      description: 'Globs (relative to the root) of files never scanned, e.g. "vendor/**".',
      type: 'array',
      items: { type: 'string', minLength: 1 },
    },
    testFiles: {
      description:
        'Globs (relative to the root) of test code: the tool-input and rate-limit rules do not analyze these files (tools defined in tests are test doubles); the secret and tool-payload rules do. Replaces the default list (test/, tests/, __tests__/, __mocks__/, *.test.*, *.spec.*, test_*.py, *_test.py, conftest.py); [] analyzes every file with every rule.',
      type: 'array',
      items: { type: 'string', minLength: 1 },
    },
    maxFileSize: {
      description: 'Files larger than this many bytes are skipped (and reported as skipped). Default 1048576 (1 MiB).',
      type: 'integer',
      minimum: 1,
    },
    failOn: {
      description: 'Lowest severity that makes the scan exit 1. Default "error".',
      enum: ['error', 'warning', 'note', 'never'],
    },
    rules: {
      description:
        'Per-rule severity ("off" disables a rule) and options, keyed by rule id. A key "family/*" (e.g. "rate-limit/*": off) sets the severity of every rule of a family; an entry for a specific rule id overrides it.',
      type: 'object',
      propertyNames: { pattern: RULE_KEY_PATTERN },
      patternProperties: {
        [FAMILY_KEY_PATTERN]: {
          description: 'Severity of every rule of the family ("off" disables them); specific rule ids override it.',
          oneOf: [severityOrOff, { type: 'object', additionalProperties: false, properties: { severity: severityOrOff } }],
        },
      },
      additionalProperties: {
        oneOf: [
          severityOrOff,
          {
            type: 'object',
            additionalProperties: false,
            properties: {
              severity: severityOrOff,
              options: { type: 'object' },
            },
          },
        ],
      },
    },
    payloads: {
      description: 'Files of stored tool payloads that must satisfy a project JSON Schema.',
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['files', 'schema'],
        properties: {
          files: { type: 'string', minLength: 1, description: 'Glob relative to the root.' },
          schema: { type: 'string', minLength: 1, description: 'JSON Schema file relative to the root.' },
        },
      },
    },
    ignore: {
      description: 'Suppressions for files that cannot carry an inline comment (JSON). Each needs a reason.',
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'files', 'reason'],
        properties: {
          rule: { type: 'string', minLength: 1, description: 'Rule id, or "*" for every rule.' },
          files: { type: 'string', minLength: 1, description: 'Glob relative to the root.' },
          reason: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;
