import { describe, expect, it } from '@jest/globals';
import { REPORTERS } from '../../src/reporters/index.js';
import { automationId, messageWithLinks, SARIF_LIMITS, shortDescription } from '../../src/reporters/sarif.js';
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
    expect(results[1].locations[0].physicalLocation.region).toEqual({
      startLine: 17,
      startColumn: 5,
      endLine: 17,
      endColumn: 17,
      snippet: { text: '    with open(os.path.join(WORKSPACE, path)) as handle:' },
    });
    expect(results[1].relatedLocations[0].message.text).toBe('tool parameter "path" (model-controlled)');
    expect(results[1].codeFlows[0].threadFlows[0].locations).toHaveLength(2);
  });

  it('links related locations from the message, as code scanning expects ([text](id))', () => {
    expect(doc.runs[0].results[1].message.text).toBe('Tool "read_note" passes [parameter "path"](1) to open(): a model can read any file.');
  });

  it("gives every result a primaryLocationLineHash: the scanned line's, or one made from the fingerprint (history)", () => {
    const [secret, flow, , , leak] = doc.runs[0].results;
    expect(secret.partialFingerprints.primaryLocationLineHash).toBe('635ed32f3193f0d7:1');
    expect(flow.partialFingerprints.primaryLocationLineHash).toBe('7342528e9a079d28:1');
    expect(leak.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{16}:1$/);
    expect(leak.partialFingerprints['agentGuardFingerprint/v1']).toBe('fp-secret-anthropic-api-key-4');
    // Stable: the same finding on another line (or in another run) keeps its hash.
    const moved = sampleResult();
    moved.findings[4] = { ...moved.findings[4], range: { startLine: 40, startColumn: 1, endLine: 40, endColumn: 9 } };
    expect(JSON.parse(REPORTERS.sarif(moved)).runs[0].results[4].partialFingerprints).toEqual(leak.partialFingerprints);
  });

  it('masks the secret in a snippet and keeps the snippet of a line', () => {
    expect(doc.runs[0].results[0].locations[0].physicalLocation.region.snippet).toEqual({ text: 'ANTHROPIC_API_KEY=sk-ant-a…AA' });
  });

  it('names its code scanning category in automationDetails (default agent-guard, or the one given)', () => {
    expect(doc.runs[0].automationDetails).toEqual({ id: 'agent-guard/' });
    const other = JSON.parse(REPORTERS.sarif(sampleResult(), { category: 'agent-guard/packages/api' }));
    expect(other.runs[0].automationDetails).toEqual({ id: 'agent-guard/packages/api/' });
    expect(automationId('x/')).toBe('x/');
  });

  it('describes each rule briefly, then fully, with help in Markdown', () => {
    for (const rule of doc.runs[0].tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeLessThanOrEqual(120);
      expect(rule.fullDescription.text).not.toBe(rule.shortDescription.text);
      expect(rule.help.markdown).toContain(`**Fix:** Fix for ${rule.id}.`);
      expect(rule.help.markdown).toContain(`[Rule documentation](${rule.helpUri})`);
    }
    expect(shortDescription({ description: 'Finds committed Groq API keys (gsk_…).' })).toBe('Finds committed Groq API keys.');
    expect(shortDescription({ description: 'A model-controlled argument reaches eval (eval, exec, dynamic import()/require()) unchecked.' })).toBe(
      'A model-controlled argument reaches eval unchecked.',
    );
    // A rule whose metadata says how much it recognises (tool-input: counted from its rows) links the list on its page.
    const rules: { id: string; helpUri: string; help: { text: string; markdown: string } }[] = doc.runs[0].tool.driver.rules;
    const withCoverage = rules.find((r) => r.id === 'tool-input/path-traversal')!;
    expect(withCoverage.help.text).toContain(`Recognises 3 Python and 2 JavaScript/TypeScript sink APIs. The list: ${withCoverage.helpUri}#what-it-finds\n`);
    expect(withCoverage.help.markdown).toContain(
      `Recognises 3 Python and 2 JavaScript/TypeScript sink APIs. [The list](${withCoverage.helpUri}#what-it-finds).\n`,
    );
    for (const rule of rules.filter((r) => r !== withCoverage)) expect(rule.help.text).not.toContain('The list:');
    const long = `${'word '.repeat(20)}first clause, ${'more '.repeat(30)}end.`;
    expect(shortDescription({ description: long })).toBe(`${'word '.repeat(20)}first clause.`);
    expect(shortDescription({ description: long, summary: 'Short.' })).toBe('Short.');
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

  it('defuses link-like text in a message and links related locations it does not name after it', () => {
    expect(messageWithLinks('tool "x" read [a](1)', [])).toBe('tool "x" read [a\\](1)');
    expect(messageWithLinks('gather starts one call per item', [{ message: 'the model call fanned out' }])).toBe(
      'gather starts one call per item ([the model call fanned out](1))',
    );
    expect(messageWithLinks('Tool "path" passes parameter "path.sub" on', [{ message: 'tool parameter "path" (model-controlled)' }])).toBe(
      'Tool "path" passes [parameter "path.sub"](1) on',
    );
  });

  it("cuts a run to GitHub's limits, least severe first, and says so in a notification", () => {
    const base = sampleResult();
    const many = {
      ...base,
      findings: Array.from({ length: SARIF_LIMITS.results + 2 }, (_, i) => ({ ...base.findings[i === 7 ? 2 : 0], fingerprint: `fp-${i}` })),
    };
    const step = base.findings[1].flow[0];
    many.findings[0] = {
      ...base.findings[1],
      related: Array.from({ length: SARIF_LIMITS.locations + 1 }, () => base.findings[1].related[0]),
      flow: [...Array.from({ length: SARIF_LIMITS.threadFlowLocations }, () => step), { ...step, message: 'sink' }],
    };
    const run = JSON.parse(REPORTERS.sarif(many)).runs[0];
    expect(run.results).toHaveLength(SARIF_LIMITS.results);
    expect(run.results.some((r: any) => r.level === 'warning')).toBe(false); // the warning went, the errors stayed
    expect(run.results[0].relatedLocations).toHaveLength(SARIF_LIMITS.locations);
    const steps = run.results[0].codeFlows[0].threadFlows[0].locations;
    expect(steps).toHaveLength(SARIF_LIMITS.threadFlowLocations);
    expect(steps[steps.length - 1].location.message.text).toBe('sink');
    const notes = run.invocations[0].toolExecutionNotifications.map((n: any) => `${n.level}: ${n.message.text}`);
    expect(notes).toEqual(
      expect.arrayContaining([
        'warning: 25,002 findings, 25,000 results kept: GitHub code scanning rejects a run with more. The 2 least severe (1 error, 1 warning) are left out of this file; the JSON and text reports list every finding.',
        "warning: 1 result had more than 1,000 related locations (GitHub's limit per result): the first 1,000 are kept.",
        "warning: 1 result had a code flow of more than 10,000 steps (GitHub's limit per result): its first steps and its sink are kept.",
      ]),
    );
  });
});
