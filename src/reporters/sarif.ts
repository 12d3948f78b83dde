import type { LocationRef, RelatedLocation, RuleMeta, Severity } from '../core/types.js';
import { INFORMATION_URI, TOOL_NAME, VERSION } from '../core/identity.js';
import type { Reporter } from './types.js';
import type { HistoryScanResult } from '../engine/history.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', note: 'note' };

/** Root-relative path as a SARIF URI reference: each segment percent-encoded, `/` kept. */
export function toUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function physicalLocation(loc: LocationRef) {
  const { startLine, startColumn, endLine, endColumn } = loc.range;
  return {
    artifactLocation: { uri: toUri(loc.path), uriBaseId: '%SRCROOT%' },
    region: { startLine, startColumn, endLine, endColumn },
  };
}

function ruleDescriptor(meta: RuleMeta) {
  return {
    id: meta.id,
    name: meta.id.split('/')[1].replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: meta.description },
    fullDescription: { text: `${meta.description} Fix: ${meta.fix}` },
    helpUri: meta.docs,
    help: { text: `${meta.description}\nFix: ${meta.fix}\nDocs: ${meta.docs}` },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    // GitHub code scanning treats a result as a security alert, ranked Critical/High/Medium/Low, by security-severity.
    properties: {
      tags: ['security', meta.family, ...meta.cwe.map((n) => `external/cwe/cwe-${n}`)],
      precision: meta.precision,
      'security-severity': meta.securitySeverity.toFixed(1),
    },
  };
}

function related(list: RelatedLocation[]) {
  return list.map((r, i) => ({ id: i + 1, physicalLocation: physicalLocation(r), message: { text: r.message } }));
}

/** SARIF 2.1.0: every rule that ran in tool.driver.rules, one result per finding, skipped files as notifications. */
export const sarifReporter: Reporter = (result) => {
  const rules = [...result.rules].sort((a, b) => (a.id < b.id ? -1 : 1));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const notifications = [
    ...result.skipped.map((s) => ({ ...s, text: `skipped: ${s.reason}`, level: 'note' as const })),
    ...result.ruleErrors.map((s) => ({ ...s, text: s.reason, level: 'warning' as const })),
  ].map((n) => ({
    level: n.level,
    message: { text: `${n.path}: ${n.text}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: toUri(n.path), uriBaseId: '%SRCROOT%' } } }],
  }));
  for (const n of result.notices ?? []) {
    notifications.push({
      level: 'note',
      message: { text: `${n.path}${n.line ? `:${n.line}` : ''}: ${n.message}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: toUri(n.path), uriBaseId: '%SRCROOT%' }, ...(n.line ? { region: { startLine: n.line } } : {}) } }],
    });
  }
  const results = result.findings.map((f) => ({
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: physicalLocation(f) }],
    ...(f.related.length ? { relatedLocations: related(f.related) } : {}),
    ...(f.flow.length
      ? {
          codeFlows: [
            {
              threadFlows: [
                {
                  locations: f.flow.map((step) => ({ location: { physicalLocation: physicalLocation(step), message: { text: step.message } } })),
                },
              ],
            },
          ],
        }
      : {}),
    partialFingerprints: { 'agentGuardFingerprint/v1': f.fingerprint },
    ...(f.properties ? { properties: f.properties } : {}),
  }));
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: INFORMATION_URI,
            rules: rules.map(ruleDescriptor),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the scanned repository.' } } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        ...historyRun(result),
        results,
      },
    ],
  };
  return JSON.stringify(doc, null, 2) + '\n';
};

/**
 * With `scan --history`: `versionControlProvenance` (when the repository has a public remote URL; the
 * schema requires one) and the range's figures in the run's properties. Each history result already
 * carries its commit in `properties` (commit, authorDate, historyPath, blob).
 */
function historyRun(result: Parameters<Reporter>[0]) {
  const history = (result as Partial<HistoryScanResult>).history;
  if (!history) return {};
  const { repositoryUri, revisionId, branch } = history.provenance;
  return {
    ...(repositoryUri
      ? {
          versionControlProvenance: [
            {
              repositoryUri,
              ...(revisionId ? { revisionId } : {}),
              ...(branch ? { branch } : {}),
              mappedTo: { uriBaseId: '%SRCROOT%' },
            },
          ],
        }
      : {}),
    properties: {
      history: {
        range: history.range,
        ...(history.since ? { since: history.since } : {}),
        ...(history.until ? { until: history.until } : {}),
        families: history.families,
        commits: history.commits,
        blobVersions: history.blobVersions,
        uniqueBlobs: history.uniqueBlobs,
        scannedBlobs: history.scannedBlobs,
        skippedBlobs: history.skippedBlobs,
        shallow: history.shallow,
        ...(history.notes.length ? { notes: history.notes } : {}),
      },
    },
  };
}
