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
    const line = REPORTERS.github(sampleResult()).split('\n').find((l) => l.includes('git history'))!;
    expect(line).toMatch(/^::error title=agent-guard secret\/anthropic-api-key \(git history%2C commit 89abcde\)::/);
    expect(line).not.toMatch(/file=|line=|col=/);
    expect(line).toContain('config/old settings.py:4 in commit 89abcde');
    expect(line).toContain('rotate the key');
  });
});
