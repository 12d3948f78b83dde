import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPORTERS } from '../../src/reporters/index.js';
import { sampleResult } from './sample-result.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Compare with test/reporters/golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead. */
export function expectGolden(name: string, actual: string): void {
  const file = join(here, 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('reporters match their golden files', () => {
  it.each([
    ['text', 'report.txt'],
    ['json', 'report.json'],
    ['sarif', 'report.sarif'],
    ['github', 'report.github.txt'],
  ] as const)('%s', (format, file) => {
    expectGolden(file, REPORTERS[format](sampleResult()));
  });

  it('text with colour', () => {
    expectGolden('report.color.txt', REPORTERS.text(sampleResult(), { color: true }));
  });

  // Issue 18: a rule that failed on a file is never a clean result, in any format.
  it.each([
    ['text', 'rule-error.txt'],
    ['json', 'rule-error.json'],
    ['sarif', 'rule-error.sarif'],
    ['github', 'rule-error.github.txt'],
  ] as const)('%s with a rule error and no finding', (format, file) => {
    const result = {
      ...sampleResult(),
      findings: [],
      notices: undefined,
      suppressed: 0,
      skipped: [{ path: 'assets/logo.png', reason: 'binary file' }],
      ruleErrors: [
        { path: 'agent/server.py', ruleId: 'tool-input/path-traversal', reason: 'rule tool-input/path-traversal failed: Maximum call stack size exceeded' },
      ],
    };
    expectGolden(file, REPORTERS[format](result));
  });

  it('text on a clean scan', () => {
    const clean = { ...sampleResult(), findings: [], skipped: [], suppressed: 0, notices: undefined };
    expect(REPORTERS.text(clean)).toBe('✔ no problems (12 files scanned)\n');
  });

  it('text and github output neutralise terminal escapes and bidirectional controls', () => {
    const result = sampleResult();
    result.findings[0] = { ...result.findings[0], path: 'evil\u001b[2J\u202egnp.py', message: 'm\u001b]0;title\u0007 \u2066x' };
    for (const out of [REPORTERS.text(result), REPORTERS.github(result)]) {
      expect(out).not.toMatch(/[\u001b\u0007\u202e\u2066]/);
      expect(out).toContain('\\x1b[2J\\u202egnp.py');
    }
  });

  it('github output cannot inject workflow commands through file names or messages', () => {
    const out = REPORTERS.github(sampleResult());
    for (const line of out.trimEnd().split('\n')) expect(line.startsWith('::')).toBe(true);
    expect(out).toContain('file=data/a%250A%3A%3Aerror%3A%3Ax.jsonl');
    expect(out).not.toMatch(/\n::error::x/);
  });

  it('github output puts a history finding on no file, line or column, with its commit and the advice', () => {
    const line = REPORTERS.github(sampleResult())
      .split('\n')
      .find((l) => l.includes('git history'))!;
    expect(line).toMatch(/^::error title=agent-guard secret\/anthropic-api-key \(git history%2C commit 89abcde\)::/);
    expect(line).not.toMatch(/file=|line=|col=/);
    expect(line).toContain('config/old settings.py:4 in commit 89abcde');
    expect(line).toContain('rotate the key');
  });

  it('github output annotates at most 10 per level, lists the rest in the log, and closes with the count', () => {
    const base = sampleResult();
    const [secret, flow, loop, payload] = base.findings;
    const result = {
      ...base,
      findings: [
        ...Array.from({ length: 12 }, (_, i) => ({
          ...(i % 2 ? secret : flow),
          path: i === 11 ? '::error::x.py' : flow.path,
          range: { ...flow.range, startLine: i + 1 },
        })),
        ...Array.from({ length: 3 }, () => loop),
        ...Array.from({ length: 9 }, () => payload),
      ],
    };
    const lines = REPORTERS.github(result).trimEnd().split('\n');
    const commands = lines.filter((l) => l.startsWith('::'));
    const count = (prefix: string) => commands.filter((l) => l.startsWith(prefix)).length;
    expect(count('::error ')).toBe(10);
    expect(count('::warning ')).toBe(3);
    // 9 notes, 1 reasonless-suppression notice and 2 skipped files compete for 9 notices; the 10th is the count.
    expect(count('::notice ')).toBe(10);
    const plain = lines.filter((l) => !l.startsWith('::'));
    expect(plain).toHaveLength(2 + 3);
    for (const l of plain) expect(l.startsWith('agent-guard: ')).toBe(true);
    expect(plain[0]).toBe(
      'agent-guard: error agent/tools.py:11:5 tool-input/path-traversal: Tool "read_note" passes parameter "path" to open(): a model can read any file.',
    );
    expect(plain[1]).toMatch(/^agent-guard: error ::error::x\.py:12:5 secret\/anthropic-api-key: /);
    expect(plain.slice(2)).toEqual([
      'agent-guard: note agent/tools.py:9: agent-guard-ignore tool-input/path-traversal has no reason: add one after the colon',
      'agent-guard: skipped assets/logo.png: binary file',
      'agent-guard: skipped etc-link: symlink leaves the repository (points to /etc)',
    ]);
    expect(lines[lines.length - 1]).toBe(
      "::notice title=agent-guard::24 findings (12 errors, 3 warnings, 9 notes) in 12 files scanned, 1 suppressed. Not annotated (GitHub shows 10 per level in a step): 2 errors, 3 notices, listed in this step's log above.",
    );
  });

  it('github output says the fix and the docs link once, after a one-line message', () => {
    const line = REPORTERS.github(sampleResult()).split('\n')[1];
    expect(line).toMatch(
      /::Tool "read_note" passes parameter "path" to open\(\): a model can read any file\.%0AFix: Fix for tool-input\/path-traversal\.%0ADocs: https:\/\/\S+\/path-traversal\.md$/,
    );
  });

  it('text lists how to fix once per rule, after the findings', () => {
    const out = REPORTERS.text(sampleResult());
    expect(out.match(/Fix for tool-input\/path-traversal\./g)).toHaveLength(1);
    expect(out).toContain('how to fix:\n  rate-limit/unbounded-agent-loop  Fix for rate-limit/unbounded-agent-loop.\n');
  });
});
