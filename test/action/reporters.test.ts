import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jobSummaryMarkdown } from '../../src/reporters/job-summary.js';
import { mdCell, mdText } from '../../src/reporters/markdown.js';
import { commentBody, parseMarker, planReview, type ExistingComment } from '../../src/reporters/pr-review.js';
import { planAnnotations } from '../../src/action/annotations.js';
import { sampleActionResult, sampleHistoryFinding } from './sample.js';
import { DOCS_BASE_URL } from '../../src/core/identity.js';

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

  it('shows a rule error in the headline and in its own section: the scan is incomplete, not clean', () => {
    const result = {
      ...sampleActionResult(),
      findings: [],
      skipped: [],
      suppressed: 0,
      ruleErrors: [{ path: 'agent/server.py', ruleId: 'tool-input/ssrf', reason: 'rule tool-input/ssrf failed: Maximum call stack size exceeded' }],
    };
    const md = jobSummaryMarkdown(result, { failure: '1 rule error (a file could not be fully analyzed)' });
    expect(md).not.toContain('✅');
    expect(md).toContain('❌ **No findings, but the scan is incomplete**');
    expect(md).toContain('❌ **1 rule error**');
    expect(md).toContain('### Rule errors');
    expect(md).toContain('| `agent/server.py` | rule tool-input/ssrf failed: Maximum call stack size exceeded |');
    expect(md).toContain('**The step fails**: 1 rule error');
  });

  it('says how many test files the tool-input and rate-limit rules left out, only when some were', () => {
    const sample = sampleActionResult();
    expect(jobSummaryMarkdown(sample)).not.toContain('test file');
    const md = jobSummaryMarkdown({ ...sample, stats: { ...sample.stats, testFiles: 12 } });
    expect(md).toContain('12 test files left out of tool-input and rate-limit (`testFiles`)');
  });

  it('caps the findings table and points at SARIF for the rest', () => {
    const md = jobSummaryMarkdown(sampleActionResult(), { maxRows: 2 });
    expect(md).toContain('… and 3 more findings in the SARIF report.');
    expect(md.split('\n').filter((l) => l.startsWith('| 🔴') || l.startsWith('| 🟠') || l.startsWith('| 🔵')).length).toBe(2);
  });

  it('lists findings from git history in their own section, with the commit link and the rotate advice', () => {
    const result = { ...sampleActionResult(), findings: [...sampleActionResult().findings, sampleHistoryFinding()] };
    const md = jobSummaryMarkdown(result, {
      links: LINKS,
      history: {
        summary: 'history 0123abc..89abcde: 2 commits, 5 blob versions, 4 unique blobs (4 scanned, 0 skipped), families: secret; 0.1 s',
        notes: ['shallow clone: history is visible back to commit 0123abc only; … `fetch-depth: 0` in actions/checkout.'],
      },
    });
    expectGolden('job-summary.history.md', md);
    expect(md).toContain('### Leaked in git history');
    expect(md).toContain('[`89abcde`](https://github.com/acme/agents/commit/89abcdef0123456789abcdef0123456789abcdef)');
    expect(md).toContain('**rotate it now**');
    // Not a row of the findings table (it would link to an unrelated line of the head commit).
    expect(md).not.toContain('blob/0123456789abcdef0123456789abcdef01234567/agent/old_client.py');
    expect(md).toContain('**6 findings** (4 errors');
  });

  it('names where the full report is, links it, says why the step fails and which category it is', () => {
    const md = jobSummaryMarkdown(sampleActionResult(), {
      maxRows: 2,
      category: 'agent-guard/packages/api',
      fullReport: { label: 'workflow artifact `agent-guard-packages-api`', url: 'https://github.com/acme/agents/actions/runs/4242#artifacts' },
      failure: '4 findings at or above fail-on: error',
    });
    const link = '[workflow artifact `agent-guard-packages-api`](https://github.com/acme/agents/actions/runs/4242#artifacts)';
    expect(md).toMatch(/^## agent-guard · `agent-guard\/packages\/api`\n/);
    expect(md).toContain('\n- **The step fails**: 4 findings at or above fail-on: error\n');
    expect(md).toContain(`… and 3 more findings in ${link}.`);
    expect(md.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^<sub>agent-guard .* · full report: ${link.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</sub>$`));
    // The default category is not repeated in the heading; without a location the footer keeps its old words.
    const plain = jobSummaryMarkdown(sampleActionResult(), { category: 'agent-guard' });
    expect(plain).toMatch(/^## agent-guard\n/);
    expect(plain).toContain('full report in the SARIF file</sub>');
    expect(plain).not.toContain('The step fails');
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
    const plan = planReview({
      findings: sampleActionResult().findings,
      addedLines: ADDED,
      existing: [],
      commitId,
      summaryUrl: 'https://github.com/acme/agents/actions/runs/4242',
    });
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
    expect(parseMarker(third.updates[1].body)).toEqual({
      state: 'resolved',
      fingerprints: ['c'.repeat(32)],
      rules: ['rate-limit/unbounded-tool-concurrency'],
      category: 'agent-guard',
    });
    expectGolden('pr-review.resolved.md', third.updates[1].body + '\n');
  });

  it('never comments on a finding from git history, and says in the review body where it is', () => {
    const leak = sampleHistoryFinding();
    // Even when the history path and line are among the changed lines of the head commit.
    const added = new Map([...ADDED, ['agent/old_client.py', new Set([1, 2, 3])]]);
    const plan = planReview({ findings: [...sampleActionResult().findings, leak], addedLines: added, existing: [], commitId });
    expect(plan.review!.comments.map((c) => c.path)).not.toContain('agent/old_client.py');
    expect(plan.history).toEqual([leak]);
    expect(plan.onDiff.has(leak.fingerprint)).toBe(false);
    expect(plan.review!.body).toContain('1 secret leaked in the git history');
    expect(plan.review!.body).toContain('**5 findings** in this pull request');
  });

  it('does not call a deleted key "resolved" when it is still in the git history', () => {
    const leak = sampleHistoryFinding();
    const onHead = { ...leak, properties: undefined, message: 'Anthropic API key committed: sk-ant-a…BB' };
    const added = new Map([['agent/old_client.py', new Set([2])]]);
    const first = planReview({ findings: [onHead], addedLines: added, existing: [], commitId });
    const existing: ExistingComment[] = first.review!.comments.map((c, i) => ({ id: 200 + i, path: c.path, line: c.line, body: c.body }));
    // The next commit deletes the key: the scan now reports it from history only.
    const next = planReview({ findings: [leak], addedLines: new Map(), existing, commitId });
    expect(next.review).toBeNull();
    expect(next.updates.map((u) => [u.comment_id, u.resolved])).toEqual([[200, true]]);
    const body = next.updates[0].body;
    expect(parseMarker(body)?.state).toBe('resolved');
    expect(body).toContain('but still in the git history');
    expect(body).toContain('[`89abcde`](https://github.com/acme/agents/commit/89abcdef0123456789abcdef0123456789abcdef)');
    expect(body).toContain('**Rotate the key**');
    expect(body).not.toContain('✅');
  });

  it('maps paths under a monorepo prefix and caps new comments', () => {
    const findings = sampleActionResult().findings;
    const added = new Map([...ADDED].map(([k, v]) => [`packages/bot/${k}`, v]));
    const plan = planReview({ findings, addedLines: added, existing: [], commitId, pathPrefix: 'packages/bot/', maxComments: 1 });
    expect(plan.review!.comments.map((c) => c.path)).toEqual(['packages/bot/agent/client.py']);
    expect(plan.review!.body).toContain('1 more line with findings not commented on');
  });

  it('keeps the comments of two scans (categories) apart: neither updates nor resolves the other', () => {
    const findings = sampleActionResult().findings;
    const api = planReview({ findings, addedLines: ADDED, existing: [], commitId, category: 'agent-guard/packages/api' });
    const existing: ExistingComment[] = api.review!.comments.map((c, i) => ({ id: 300 + i, path: c.path, line: c.line, body: c.body }));
    expect(parseMarker(existing[0].body)?.category).toBe('agent-guard/packages/api');
    expect(existing[0].body).toMatch(/^<!-- agent-guard:v1 state=open fp=[0-9a-f,]+ rules=[a-z/,-]+ cat=agent-guard%2Fpackages%2Fapi -->\n/);
    expect(api.review!.body).toContain('### agent-guard · `agent-guard/packages/api`');
    // Another scan, which finds none of these: it leaves them alone (it used to resolve them).
    const web = planReview({ findings: [], addedLines: ADDED, existing, commitId, category: 'agent-guard/packages/web' });
    expect(web.updates).toEqual([]);
    // The same scan again: unchanged; then fixed: resolved, keeping its category.
    expect(planReview({ findings, addedLines: ADDED, existing, commitId, category: 'agent-guard/packages/api' }).unchanged).toBe(2);
    const fixed = planReview({ findings: [], addedLines: ADDED, existing, commitId, category: 'agent-guard/packages/api' });
    expect(fixed.updates.map((u) => u.resolved)).toEqual([true, true]);
    expect(parseMarker(fixed.updates[0].body)).toMatchObject({ state: 'resolved', category: 'agent-guard/packages/api' });
    // A comment from before categories (no `cat=`) belongs to the default category, the whole repository's scan.
    const old: ExistingComment = { ...existing[0], body: existing[0].body.replace(/ cat=\S+ -->/, ' -->') };
    expect(parseMarker(old.body)?.category).toBe('agent-guard');
    expect(planReview({ findings: [], addedLines: ADDED, existing: [old], commitId }).updates).toHaveLength(1);
    expect(planReview({ findings: [], addedLines: ADDED, existing: [old], commitId, category: 'agent-guard/packages/api' }).updates).toHaveLength(0);
  });

  it('writes one comment body per line with every finding, a hidden marker, fix and docs', () => {
    const [a, b] = sampleActionResult().findings;
    const body = commentBody([b, a]);
    expect(parseMarker(body)).toEqual({
      state: 'open',
      fingerprints: ['b'.repeat(32), 'a'.repeat(32)],
      rules: ['tool-input/command-injection', 'secret/anthropic-api-key'],
      category: 'agent-guard',
    });
    expect(body).toContain('**Fix:** Fix for secret/anthropic-api-key.');
    expect(body).toContain(`(${DOCS_BASE_URL}/tool-input/command-injection.md)`);
    expectGolden('pr-review.comment.md', body + '\n');
  });
});

describe('scanned text in the review comments and the job summary', () => {
  // A tool name chosen to render a phishing link and a tracking image in the bot's own comment.
  const HOSTILE = 'read](https://evil.example/login) ![x](https://evil.example/p.png)';
  const ESCAPED = 'read\\]\\(https://evil.example/login\\) \\!\\[x\\]\\(https://evil.example/p.png\\)';
  const hostile = (message: string) => ({ ...sampleActionResult().findings[1], message, fix: `Rename ${HOSTILE}, then _retry_ *now* <b>x</b> @owner` });

  /** No link, image, emphasis or HTML can start outside a code span of the text. */
  function expectInert(md: string): void {
    const outsideCode = md.replace(/`[^`\n]+`/g, '');
    expect(outsideCode).not.toMatch(/(^|[^\\])(\]\(|!\[)/);
    expect(outsideCode).not.toMatch(/(^|[^\\])[*_]\S/);
    expect(outsideCode).not.toContain('<b>');
    expect(outsideCode).not.toMatch(/@owner/);
  }

  it('escapes a hostile tool name in a comment: no live link or image, no emphasis, HTML or mention', () => {
    for (const message of [`Tool ${HOSTILE} reaches open()`, `Tool \`x\` ${HOSTILE} \`y\` reaches open()`, `Tool \`a\`b\` ${HOSTILE}`]) {
      const body = commentBody([hostile(message)]);
      // The message and the fix, without our own header, footer and "**Fix:**" label.
      const text = body.split('\n').slice(3, -2).join('\n').replace('**Fix:** ', '');
      expectInert(text);
      expect(text).toContain(ESCAPED);
      expect(text).toContain('\\_retry\\_ \\*now\\* &lt;b&gt;x&lt;/b&gt; @\u200bowner');
      expect(parseMarker(body)?.state).toBe('open');
    }
  });

  it('keeps code spans as written, and breaks one out of which scanned text tries to escape', () => {
    expect(mdText('Tool parameter `cmd` reaches subprocess.run(shell=True)')).toBe('Tool parameter `cmd` reaches subprocess.run\\(shell=True\\)');
    expect(mdText('tool `x` [a](https://evil.example) `y`')).toBe('tool `x` \\[a\\]\\(https://evil.example\\) `y`');
    expect(mdText('a `b\nc` ![i](u)')).toBe('a `b c` \\!\\[i\\]\\(u\\)');
    expect(mdCell('`a|b` | c\\')).toBe('`a\\|b` \\| c\\\\');
  });

  it('escapes the same name the same way in the job summary', () => {
    const result = { ...sampleActionResult(), findings: [hostile(`Tool ${HOSTILE} reaches open()`)] };
    const md = jobSummaryMarkdown(result, { links: LINKS });
    const row = md.split('\n').find((l) => l.includes('reaches open\\(\\)'))!;
    const cells = row.split(' | ');
    expectInert(cells[cells.length - 1]);
    expect(row).toContain(ESCAPED);
    const fixRow = md.split('\n').find((l) => l.includes('Rename'))!;
    expectInert(fixRow.split(' | ')[3]);
    expect(fixRow).toContain(`Rename ${ESCAPED}, then \\_retry\\_ \\*now\\* &lt;b&gt;x&lt;/b&gt; @\u200bowner`);
  });
});

describe('annotations of findings from git history', () => {
  it('carry no file, line or column, and name the commit and the advice', () => {
    const plan = planAnnotations([...sampleActionResult().findings, sampleHistoryFinding()]);
    const a = plan.annotations.find((x) => x.properties.title?.includes('git history'))!;
    expect(a.level).toBe('error');
    expect(a.properties).toEqual({ title: 'agent-guard secret/anthropic-api-key (git history, commit 89abcde)' });
    expect(a.message).toContain('Where: agent/old_client.py:2 in commit 89abcde (2025-01-02)');
    expect(a.message).toContain('Commit: https://github.com/acme/agents/commit/89abcdef0123456789abcdef0123456789abcdef');
    expect(a.message).toContain('Rotate the key now');
  });
});
