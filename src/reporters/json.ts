import { TOOL_NAME, VERSION } from '../core/identity.js';
import { countBySeverity, type Reporter } from './types.js';

/**
 * Version of the JSON report's shape, its first key. Adding a key keeps it; renaming, removing or
 * changing the meaning of one bumps it, so a consumer can refuse a shape it does not know.
 */
export const JSON_REPORT_FORMAT_VERSION = 1;

/** Machine-readable report. Stable key order; no absolute paths or timestamps, so it can be diffed. */
export const jsonReporter: Reporter = (result) => {
  const doc = {
    formatVersion: JSON_REPORT_FORMAT_VERSION,
    tool: { name: TOOL_NAME, version: VERSION },
    summary: {
      ...countBySeverity(result),
      files: result.stats.files,
      skipped: result.skipped.length,
      ruleErrors: result.ruleErrors.length,
      suppressed: result.suppressed,
      // files the config calls test code, which the tool-input and rate-limit rules did not analyze
      ...(result.stats.testFiles ? { testFiles: result.stats.testFiles } : {}),
    },
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      path: f.path,
      range: f.range,
      fix: f.fix,
      helpUri: f.helpUri,
      fingerprint: f.fingerprint,
      ...(f.related.length ? { related: f.related } : {}),
      ...(f.flow.length ? { flow: f.flow } : {}),
      ...(f.properties ? { properties: f.properties } : {}),
    })),
    skipped: result.skipped,
    ruleErrors: result.ruleErrors,
    ...(result.notices?.length ? { notices: result.notices } : {}),
  };
  return JSON.stringify(doc, null, 2) + '\n';
};
