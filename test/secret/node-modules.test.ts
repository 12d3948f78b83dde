/**
 * Scan speed and false alarms of the secret family on this project's own node_modules (a large body of
 * real code that should hold no real keys). Slow, so opt-in:
 *   AGENT_GUARD_BENCH=1 NODE_OPTIONS=--experimental-vm-modules npx jest test/secret/node-modules
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { scan } from '../../src/engine/engine.js';
import { maskSecret } from '../../src/core/redact.js';
import { presetRules } from '../../src/families/secret/rules/secretlint-preset.js';
import { providerKeyRules, secretRules } from '../../src/families/secret/index.js';

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

const run = process.env.AGENT_GUARD_BENCH ? describe : describe.skip;

run('secret/* on node_modules', () => {
  it('scans it, and lists every finding (masked)', async () => {
    const root = join(process.cwd(), 'node_modules');
    // Baseline: discovery and reading alone (no rules), then the secret family; CPU time is reported
    // too because the machine is shared (wall time includes waiting for other processes).
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await scan({ paths: [root], rules: [] });
    const baseSeconds = (performance.now() - t0) / 1000;
    const baseCpu = cpuSeconds(process.cpuUsage(cpu0));
    const cpu1 = process.cpuUsage();
    const started = performance.now();
    // AGENT_GUARD_BENCH=preset or =providers measures one half of the family alone.
    const which = process.env.AGENT_GUARD_BENCH;
    const rules = which === 'preset' ? presetRules : which === 'providers' ? providerKeyRules : secretRules;
    const result = await scan({ paths: [root], rules });
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuSeconds(process.cpuUsage(cpu1));
    const byRule = new Map<string, number>();
    for (const f of result.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    const lines = [
      `files scanned: ${result.stats.files}, bytes: ${(result.stats.bytes / 1e6).toFixed(1)} MB, skipped: ${result.skipped.length}, rule errors: ${result.ruleErrors.length}`,
      `without rules (discover + read): ${baseSeconds.toFixed(1)} s wall, ${baseCpu.toFixed(1)} s CPU`,
      `secret/* rules: ${seconds.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU; ${(result.stats.files / seconds).toFixed(0)} files/s wall, ${(result.stats.files / cpu).toFixed(0)} files/s CPU, ${(result.stats.bytes / 1e6 / cpu).toFixed(1)} MB/s CPU`,
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
