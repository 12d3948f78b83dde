import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineHashes } from '../../src/core/fingerprint.js';
import { ALL_RULES } from '../../src/families/index.js';
import { runCli } from '../helpers/cli.js';
import { sarifErrors } from '../helpers/sarif.js';

/**
 * The SARIF of `agent-guard demo` as GitHub code scanning reads it: every rule with security-severity,
 * precision and CWE tags, every result with a primaryLocationLineHash equal to the one the upload computes
 * from the scanned file, a masked snippet, and the document valid against the official schema.
 */
describe('demo SARIF for GitHub code scanning', () => {
  it('carries what code scanning ranks, links and matches alerts by', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ag-demo-sarif-'));
    const run = await runCli(['demo', '--format', 'sarif', '--fail-on', 'never', '--keep'], cwd);
    const kept = /demo repository kept at (.+)\n/.exec(run.stderr)?.[1];
    try {
      expect(run.code).toBe(0);
      expect(kept).toBeDefined();
      const doc = JSON.parse(run.stdout);
      expect(sarifErrors(doc)).toEqual([]);
      const [sarifRun] = doc.runs;
      expect(sarifRun.automationDetails).toEqual({ id: 'agent-guard/' });

      const metas = new Map(ALL_RULES.map((r) => [r.meta.id, r.meta]));
      const rules = sarifRun.tool.driver.rules as any[];
      expect(rules.map((r) => r.id)).toEqual([...metas.keys()].sort());
      for (const rule of rules) {
        const meta = metas.get(rule.id)!;
        const p = rule.properties;
        expect({ id: rule.id, severity: p['security-severity'] }).toEqual({ id: rule.id, severity: meta.securitySeverity.toFixed(1) });
        expect(Number(p['security-severity'])).toBeGreaterThan(0);
        expect(Number(p['security-severity'])).toBeLessThanOrEqual(10);
        expect(['very-high', 'high', 'medium', 'low']).toContain(p.precision);
        expect(meta.cwe.length).toBeGreaterThan(0);
        for (const n of meta.cwe) expect(p.tags).toContain(`external/cwe/cwe-${n}`);
        expect(p.tags.length).toBeLessThanOrEqual(20);
        expect(rule.shortDescription.text.length).toBeLessThanOrEqual(120);
        expect(rule.fullDescription.text).not.toBe(rule.shortDescription.text);
        expect(rule.help.markdown).toContain(`[Rule documentation](${meta.docs})`);
        expect(rule.help.markdown).toContain('**Fix:**');
      }

      const results = sarifRun.results as any[];
      expect(results.length).toBeGreaterThanOrEqual(10);
      const families = new Set(results.map((r) => r.ruleId.split('/')[0]));
      expect([...families].sort()).toEqual(['rate-limit', 'secret', 'tool-input', 'tool-payload']);
      for (const r of results) {
        const { artifactLocation, region } = r.locations[0].physicalLocation;
        const text = readFileSync(join(kept!, decodeURIComponent(artifactLocation.uri)), 'utf8');
        // The value upload-sarif computes from the checked-out file (it keeps ours and warns when they differ).
        expect({ uri: artifactLocation.uri, line: region.startLine, hash: r.partialFingerprints.primaryLocationLineHash }).toEqual({
          uri: artifactLocation.uri,
          line: region.startLine,
          hash: lineHashes(text)[region.startLine - 1],
        });
        expect(r.partialFingerprints['agentGuardFingerprint/v1']).toMatch(/^[0-9a-f]{32}$/);
        expect(r.message.text).not.toContain('\n');
        expect(typeof region.snippet.text).toBe('string');
        if (r.ruleId.startsWith('secret/')) {
          const line = text.split('\n')[region.startLine - 1];
          const key = line.slice(region.startColumn - 1, region.endColumn - 1);
          expect(key.length).toBeGreaterThan(20);
          expect(region.snippet.text).not.toContain(key.slice(0, 12));
          expect(region.snippet.text).toContain('…');
        }
        if (r.ruleId.startsWith('tool-input/')) {
          // The tool parameter the value comes from, linked from the message.
          expect(r.message.text).toMatch(/\[parameter "[^"]+"\]\(1\)/);
          expect(r.relatedLocations[0].id).toBe(1);
        }
      }
    } finally {
      if (kept) rmSync(kept, { recursive: true, force: true });
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
