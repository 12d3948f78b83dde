import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jobSummaryMarkdown } from '../../src/reporters/job-summary.js';
import { commentBody, parseMarker, planReview, type ExistingComment } from '../../src/reporters/pr-review.js';
import { sampleActionResult } from './sample.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Compare with test/action/golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead. */
function expectGolden(name: string, actual: string): void {
  const file = join(here, 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const LINKS = { serverUrl: 'https://github.com', repository: 'acme/agents', sha: '0123456789abcdef0123456789abcdef01234567' };
const ADDED = new Map<string, Set<number> | null>([
  ['agent/client.py', new Set([1, 2, 3, 4])],
  ['agent/run.py', new Set([11])],
  ['data/calls.jsonl', null],
]);

describe('job summary', () => {
  it('matches the golden file', () => {
    const result = sampleActionResult();
    expectGolden(
      'job-summary.md',
      jobSummaryMarkdown(result, {
        links: LINKS,
        changedFilesOnly: true,
        review: { commented: 3, outsideDiff: new Set(['d'.repeat(32), 'e'.repeat(32)]) },
        notes: ['The token cannot write pull-request reviews.'],
      }),
    );
  });

  it('says so when there is nothing to report', () => {
    const clean = { ...sampleActionResult(), findings: [], skipped: [], suppressed: 0 };
    expectGolden('job-summary.clean.md', jobSummaryMarkdown(clean));
  });

  it('caps the findings table and points at SARIF for the rest', () => {
    const md = jobSummaryMarkdown(sampleActionResult(), { maxRows: 2 });
    expect(md).toContain('… and 3 more findings in the SARIF report.');
    expect(md.split('\n').filter((l) => l.startsWith('| 🔴') || l.startsWith('| 🟠') || l.startsWith('| 🔵')).length).toBe(2);
  });

  it('escapes table cells and links file and line', () => {
    const md = jobSummaryMarkdown(sampleActionResult(), { links: LINKS });
    expect(md).toContain('\\| pipe');
    expect(md).toContain('&lt;unchecked&gt;');
    expect(md).toContain('@\u200bmaintainers');
    expect(md).toContain('(https://github.com/acme/agents/blob/0123456789abcdef0123456789abcdef01234567/agent/run.py#L10-L12)');
  });
});

describe('pull-request review plan', () => {
  const commitId = 'f'.repeat(40);

  it('groups findings per changed line, leaves the rest to the summary, and matches the golden request body', () => {
    const plan = planReview({ findings: sampleActionResult().findings, addedLines: ADDED, existing: [], commitId, summaryUrl: 'https://github.com/acme/agents/actions/runs/4242' });
    expect(plan.review!.comments.map((c) => `${c.path}:${c.line}`)).toEqual(['agent/client.py:3', 'agent/run.py:11']);
    expect(plan.outsideDiff.map((f) => f.path)).toEqual(['data/calls.jsonl', 'agent/settings.py']);
    expect(plan.updates).toEqual([]);
    expectGolden('pr-review.request.json', JSON.stringify(plan.review, null, 2) + '\n');
  });

  it('on a re-run keeps identical comments, updates changed ones, resolves gone ones, and posts no review when nothing is new', () => {
    const findings = sampleActionResult().findings;
    const first = planReview({ findings, addedLines: ADDED, existing: [], commitId });
    const existing: ExistingComment[] = first.review!.comments.map((c, i) => ({ id: 100 + i, path: c.path, line: c.line, body: c.body }));
    const again = planReview({ findings, addedLines: ADDED, existing, commitId });
    expect(again.review).toBeNull();
    expect(again.updates).toEqual([]);
    expect(again.unchanged).toBe(2);

    // The command-injection finding is fixed, and the run.py finding disappears altogether.
    const fewer = findings.filter((f) => f.ruleId !== 'tool-input/command-injection' && f.path !== 'agent/run.py');
    const third = planReview({ findings: fewer, addedLines: ADDED, existing, commitId });
    expect(third.review).toBeNull();
    expect(third.updates.map((u) => [u.comment_id, u.resolved])).toEqual([
      [100, false],
      [101, true],
    ]);
    expect(parseMarker(third.updates[1].body)).toEqual({ state: 'resolved', fingerprints: ['c'.repeat(32)], rules: ['rate-limit/unbounded-tool-concurrency'] });
    expectGolden('pr-review.resolved.md', third.updates[1].body + '\n');
  });

  it('maps paths under a monorepo prefix and caps new comments', () => {
    const findings = sampleActionResult().findings;
    const added = new Map([...ADDED].map(([k, v]) => [`packages/bot/${k}`, v]));
    const plan = planReview({ findings, addedLines: added, existing: [], commitId, pathPrefix: 'packages/bot/', maxComments: 1 });
    expect(plan.review!.comments.map((c) => c.path)).toEqual(['packages/bot/agent/client.py']);
    expect(plan.review!.body).toContain('1 more line with findings not commented on');
  });

  it('writes one comment body per line with every finding, a hidden marker, fix and docs', () => {
    const [a, b] = sampleActionResult().findings;
    const body = commentBody([b, a]);
    expect(parseMarker(body)).toEqual({ state: 'open', fingerprints: ['b'.repeat(32), 'a'.repeat(32)], rules: ['tool-input/command-injection', 'secret/anthropic-api-key'] });
    expect(body).toContain('**Fix:** Fix for secret/anthropic-api-key.');
    expect(body).toContain('(https://github.com/org/agent-guard/blob/main/docs/rules/tool-input/command-injection.md)');
    expectGolden('pr-review.comment.md', body + '\n');
  });
});
