import { describe, expect, it } from '@jest/globals';
import { REPORTERS } from '../../src/reporters/index.js';
import { sarifErrors } from '../helpers/sarif.js';
import { sampleResult } from './sample-result.js';

describe('SARIF reporter', () => {
  const doc = JSON.parse(REPORTERS.sarif(sampleResult()));

  it('is valid against the SARIF 2.1.0 schema', () => {
    expect(sarifErrors(doc)).toEqual([]);
  });

  it('catches an invalid document (the validator is live)', () => {
    expect(sarifErrors({ version: '2.1.0', runs: [{ tool: {} }] }).length).toBeGreaterThan(0);
  });

  it('lists every rule that ran, maps severity to level and carries fingerprints', () => {
    const run = doc.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'rate-limit/unbounded-agent-loop',
      'secret/anthropic-api-key',
      'tool-input/path-traversal',
      'tool-payload/invalid-arguments',
    ]);
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(['error', 'error', 'warning', 'note', 'error']);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.partialFingerprints['agentGuardFingerprint/v1']).toMatch(/^fp-/);
    }
  });

  it('percent-encodes URIs, keeps 1-based columns, and carries related locations and code flows', () => {
    const results = doc.runs[0].results;
    expect(results[2].locations[0].physicalLocation.artifactLocation.uri).toBe('dir%20with%20space/%C3%BCn%C3%AF%20code.py');
    expect(results[1].locations[0].physicalLocation.region).toEqual({ startLine: 17, startColumn: 5, endLine: 17, endColumn: 17 });
    expect(results[1].relatedLocations[0].message.text).toBe('tool parameter "path" (model-controlled)');
    expect(results[1].codeFlows[0].threadFlows[0].locations).toHaveLength(2);
  });

  it('reports skipped files as notifications', () => {
    const notes = doc.runs[0].invocations[0].toolExecutionNotifications;
    expect(notes.map((n: { message: { text: string } }) => n.message.text)).toEqual([
      'assets/logo.png: skipped: binary file',
      'etc-link: skipped: symlink leaves the repository (points to /etc)',
      'agent/tools.py:9: agent-guard-ignore tool-input/path-traversal has no reason: add one after the colon',
    ]);
  });

  it('carries a history finding with its commit in the properties', () => {
    const leak = doc.runs[0].results[4];
    expect(leak.properties).toMatchObject({ history: true, commit: '89abcdef0123456789abcdef0123456789abcdef', historyPath: 'config/old settings.py' });
  });
});
