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
}

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

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
  };
}
