/**
 * Scan speed and false alarms of the secret family on this project's own node_modules (a large body of
 * real code that should hold no real keys). Slow, so opt-in:
 *   AGENT_GUARD_BENCH=1 NODE_OPTIONS=--experimental-vm-modules npx jest test/secret/node-modules
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { scan } from '../../src/core/engine.js';
import { maskSecret } from '../../src/core/redact.js';
import { secretRules } from '../../src/rules/secret/index.js';

const run = process.env.AGENT_GUARD_BENCH ? describe : describe.skip;

run('secret/* on node_modules', () => {
  it('scans it, and lists every finding (masked)', async () => {
    const root = join(process.cwd(), 'node_modules');
    const started = performance.now();
    const result = await scan({ paths: [root], rules: secretRules });
    const seconds = (performance.now() - started) / 1000;
    const byRule = new Map<string, number>();
    for (const f of result.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    const lines = [
      `files scanned: ${result.stats.files}, bytes: ${(result.stats.bytes / 1e6).toFixed(1)} MB, skipped: ${result.skipped.length}, rule errors: ${result.ruleErrors.length}`,
      `time: ${seconds.toFixed(1)} s, ${(result.stats.files / seconds).toFixed(0)} files/s, ${(result.stats.bytes / 1e6 / seconds).toFixed(1)} MB/s`,
      `findings: ${result.findings.length}`,
      ...[...byRule].map(([rule, n]) => `  ${rule}: ${n}`),
      ...result.findings.map((f) => `  ${f.ruleId} ${f.path}:${f.range.startLine} ${f.message}`),
      ...result.ruleErrors.slice(0, 10).map((e) => `  error ${e.path}: ${e.reason}`),
    ];
    console.log(lines.join('\n'));
    expect(result.stats.files).toBeGreaterThan(1000);
    expect(maskSecret('x'.repeat(20))).not.toContain('x'.repeat(11));
  }, 600_000);
});
