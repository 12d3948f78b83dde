import type { Severity } from './severity.js';

export type FailOn = Severity | 'never';

export interface RuleSetting {
  severity?: Severity | 'off';
  options?: Record<string, unknown>;
}

export interface PayloadMapping {
  /** Glob relative to the root. */
  files: string;
  /** JSON Schema file relative to the root. */
  schema: string;
}

export interface IgnoreEntry {
  rule: string;
  files: string;
  reason: string;
}

export interface AgentGuardConfig {
  /** Absolute path of the file the config came from, or null for defaults. */
  source: string | null;
  include: string[];
  exclude: string[];
  maxFileSize: number;
  failOn: FailOn;
  rules: Record<string, RuleSetting>;
  payloads: PayloadMapping[];
  ignore: IgnoreEntry[];
  /** Globs of test code: every family but tool-input and rate-limit scans it (`TEST_EXEMPT_FAMILIES`). */
  testFiles: string[];
}

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

/**
 * Test code by the conventions of the languages agent-guard reads (jest/vitest/mocha file names and
 * folders, pytest's discovery names). A tool defined in a test is a test double no model is given, and a
 * loop or client in a test is not what runs in production: tool-input and rate-limit findings there are
 * noise to a reviewer (as gosec and semgrep leave tests out by default), and these files were most of
 * what a full scan parsed (openai-agents-js: 61% of the parsed bytes). Secrets in tests are real keys, and
 * stored payloads are mostly test fixtures: those families still scan them.
 */
export const DEFAULT_TEST_FILES: readonly string[] = [
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/*.test.*',
  '**/*.spec.*',
  '**/test_*.py',
  '**/*_test.py',
  '**/conftest.py',
];

export function defaultConfig(): AgentGuardConfig {
  return {
    source: null,
    include: [],
    exclude: [],
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    failOn: 'error',
    rules: {},
    payloads: [],
    ignore: [],
    testFiles: [...DEFAULT_TEST_FILES],
  };
}
