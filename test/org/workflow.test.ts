import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * The reusable organisation workflow calls the scripts that test/org/org-scan.test.ts runs; this keeps the
 * two in step: every script it names exists, every option it passes is one the script accepts, every
 * input it reads is declared, and inputs reach shell commands only through the environment or as typed
 * numbers and booleans (a string input in `run:` would be script injection).
 */
const workflow = parse(readFileSync('.github/workflows/org-scan.yml', 'utf8'));
const declared = Object.keys(workflow.on.workflow_call.inputs);
const steps: { run?: string; env?: Record<string, string>; uses?: string }[] = Object.values(workflow.jobs).flatMap((job) => (job as { steps: [] }).steps);
const runs = steps.filter((s) => s.run).map((s) => s.run!);

describe('.github/workflows/org-scan.yml', () => {
  it('runs scripts that exist, with options they accept', () => {
    const calls = runs.flatMap((run) => [...run.matchAll(/node \.agent-guard\/(scripts\/org\/[\w-]+\.mjs)((?:[^\n]|\n\s)*)/g)]);
    expect(calls.map((c) => c[1]).sort()).toEqual(['scripts/org/aggregate.mjs', 'scripts/org/list-repos.mjs', 'scripts/org/scan-shard.mjs']);
    for (const [, script, rest] of calls) {
      expect(existsSync(script)).toBe(true);
      const source = readFileSync(script, 'utf8');
      const accepted = [...source.matchAll(/(?:options|flags): \[([^\]]*)\]/g)].flatMap((m) => [...m[1].matchAll(/'([\w-]+)'/g)].map((x) => x[1]));
      for (const [, option] of rest.matchAll(/--([\w-]+)/g))
        expect({ script, option, accepted: accepted.includes(option) }).toEqual({ script, option, accepted: true });
    }
  });

  it('reads only declared inputs, and passes string inputs to shells through the environment', () => {
    const text = readFileSync('.github/workflows/org-scan.yml', 'utf8');
    const used = new Set([...text.matchAll(/inputs\.([\w-]+)/g)].map((m) => m[1]));
    expect([...used].filter((name) => !declared.includes(name))).toEqual([]);
    const types = workflow.on.workflow_call.inputs as Record<string, { type: string }>;
    for (const run of runs) {
      for (const [, name] of run.matchAll(/\$\{\{\s*inputs\.([\w-]+)/g)) expect({ name, type: types[name].type }).not.toEqual({ name, type: 'string' });
    }
  });

  it('keeps every report: shard artifacts and the report are uploaded even when a step failed', () => {
    const uploads = steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(uploads).toHaveLength(2);
    for (const upload of uploads) expect(upload).toMatchObject({ if: 'always()' });
    expect(workflow.jobs.report.if).toContain('always()');
  });
});
