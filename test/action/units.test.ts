import { describe, expect, it } from '@jest/globals';
import { planAnnotations } from '../../src/action/annotations.js';
import { artifactNameOf, defaultCategory, readInputs, resolveScanPath, resolveWorkspacePath } from '../../src/action/inputs.js';
import { DEFAULT_BOT_LOGIN, isOwnLogin, tokenIdentity } from '../../src/action/identity.js';
import type { GitHubClient } from '../../src/action/github/client.js';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyNotes, planHistory } from '../../src/action/history.js';
import type { HistoryInfo } from '../../src/engine/history.js';
import type { RunContext } from '../../src/action/event.js';
import { git, makeRepo, tempDir } from '../helpers/repo.js';
import { addedLinesOfPatch, parseGitDiff, unquote } from '../../src/action/github/diff.js';
import { DEFAULT_RETRY_POLICY, retryDelay } from '../../src/action/github/retry.js';
import type { Finding, Severity } from '../../src/core/types.js';

const f = (severity: Severity, i: number): Finding => ({
  ruleId: 'secret/x',
  family: 'secret',
  severity,
  message: `m${i}`,
  path: `f${i}.py`,
  range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
  related: [],
  flow: [],
  fingerprint: String(i),
  fix: 'fix',
  helpUri: 'https://x',
});

describe('diff parsing', () => {
  it('finds the added lines of a PR files patch', () => {
    const patch = '@@ -1,3 +1,4 @@\n import os\n-A = 1\n+A = 2\n+B = 3\n \n@@ -10,2 +11,3 @@ def f():\n     pass\n+    return 1\n \\ No newline at end of file';
    expect([...addedLinesOfPatch(patch)]).toEqual([2, 3, 12]);
  });

  it('splits git diff output, follows renames, drops deletions and unquotes odd names', () => {
    const out = [
      'diff --git a/x.py b/x.py',
      'index 1..2 100644',
      '--- a/x.py',
      '+++ b/x.py',
      '@@ -0,0 +5,2 @@',
      '+one',
      '+two',
      'diff --git a/old.py b/new.py',
      'similarity index 90%',
      'rename from old.py',
      'rename to new.py',
      '@@ -3 +3 @@',
      '-x',
      '+y',
      'diff --git a/gone.py b/gone.py',
      'deleted file mode 100644',
      '--- a/gone.py',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-bye',
      'diff --git "a/b\\n::warning::y.py" "b/b\\n::warning::y.py"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/b\\n::warning::y.py"',
      '@@ -0,0 +1 @@',
      '+k',
    ].join('\n');
    expect(parseGitDiff(out).map((c) => [c.path, c.status, [...(c.addedLines ?? [])]])).toEqual([
      ['x.py', 'modified', [5, 6]],
      ['new.py', 'renamed', [3]],
      ['b\n::warning::y.py', 'added', [1]],
    ]);
    expect(unquote('"caf\\303\\251.py"')).toBe('café.py');
  });
});

describe('rate-limit retries', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, maxDelayMs: 10_000 };
  it('honours retry-after on 429 and on a secondary limit 403', () => {
    expect(retryDelay({ status: 429, headers: { 'retry-after': '3' }, message: '' }, 0, policy, 'POST')).toBe(3000);
    expect(retryDelay({ status: 403, headers: { 'retry-after': '2' }, message: 'You have exceeded a secondary rate limit' }, 0, policy, 'POST')).toBe(2000);
  });
  it('waits for x-ratelimit-reset when the primary limit is used up, within the cap', () => {
    const now = 1_700_000_000_000;
    expect(
      retryDelay({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 5) }, message: '' }, 0, policy, 'GET', now),
    ).toBe(6000);
    expect(
      retryDelay(
        { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 3600) }, message: '' },
        0,
        policy,
        'GET',
        now,
      ),
    ).toBe(10_000);
  });
  it('backs off exponentially on a secondary limit without hints, and gives up after maxRetries', () => {
    const p = { ...DEFAULT_RETRY_POLICY, maxDelayMs: 1e9 };
    const secondary = { status: 403, headers: {}, message: 'secondary rate limit' };
    expect([0, 1, 2].map((a) => retryDelay(secondary, a, p, 'POST'))).toEqual([60_000, 120_000, 240_000]);
    expect(retryDelay(secondary, 3, p, 'POST')).toBeNull();
  });
  it('does not retry a permission error, nor a POST that failed with 5xx', () => {
    expect(retryDelay({ status: 403, headers: {}, message: 'Resource not accessible by integration' }, 0, policy, 'POST')).toBeNull();
    expect(retryDelay({ status: 502, headers: {}, message: '' }, 0, policy, 'POST')).toBeNull();
    expect(retryDelay({ status: 502, headers: {}, message: '' }, 0, policy, 'GET')).toBe(1000);
  });
});

describe('annotations within GitHub limits', () => {
  it('annotates most severe first, at most 10 per level, and ends with one overflow notice', () => {
    const findings = [...Array.from({ length: 12 }, (_, i) => f('note', i)), ...Array.from({ length: 15 }, (_, i) => f('error', 100 + i)), f('warning', 200)];
    const plan = planAnnotations(findings, { overflowText: (n) => `${n} more` });
    const levels = plan.annotations.map((a) => a.level);
    expect(levels.filter((l) => l === 'error').length).toBe(10);
    expect(levels.filter((l) => l === 'warning').length).toBe(1);
    expect(levels.filter((l) => l === 'notice').length).toBe(10); // 9 findings + the overflow notice
    expect(levels.slice(0, 11)).toEqual([...Array(10).fill('error'), 'warning']);
    expect(plan.omitted).toBe(5 + 3);
    expect(plan.annotations.at(-1)!.message).toBe('8 more');
  });
  it('leaves room for notices the caller emits, and sends no columns on multi-line findings', () => {
    const plan = planAnnotations(
      Array.from({ length: 10 }, (_, i) => f('note', i)),
      { reservedNotices: 1, overflowText: (n) => `${n} more` },
    );
    expect(plan.annotations.length).toBe(9); // 8 findings + overflow, + 1 reserved = 10
    const multi = { ...f('error', 1), range: { startLine: 1, startColumn: 3, endLine: 4, endColumn: 2 } };
    expect(planAnnotations([multi]).annotations[0].properties).toEqual({ title: 'agent-guard secret/x', file: 'f1.py', startLine: 1, endLine: 4 });
  });
  it('leaves room for the rule errors the caller annotates as errors', () => {
    const plan = planAnnotations(
      Array.from({ length: 12 }, (_, i) => f('error', i)),
      { reservedErrors: 3, overflowText: (n) => `${n} more` },
    );
    expect(plan.annotations.filter((a) => a.level === 'error').length).toBe(7); // + 3 rule errors = 10
    expect(plan.omitted).toBe(5);
  });
});

describe('inputs', () => {
  it('reads the INPUT_* variables action.yml maps, with the defaults of a JavaScript action too', () => {
    const i = readInputs({
      INPUT_PATH: 'pkg',
      'INPUT_FAIL-ON': 'warning',
      INPUT_CHANGED_FILES_ONLY: 'auto',
      INPUT_PR_REVIEW: 'false',
      INPUT_GITHUB_TOKEN: 't',
    });
    expect(i).toMatchObject({ path: 'pkg', failOn: 'warning', changedFilesOnly: 'auto', prReview: false, annotations: true, githubToken: 't', sarifFile: '' });
    expect(() => readInputs({ INPUT_FAIL_ON: 'sometimes' })).toThrow('input "fail-on" must be error, warning, note or never');
    expect(() => readInputs({ INPUT_ANNOTATIONS: 'maybe' })).toThrow('input "annotations" must be true or false');
  });

  it('reads category, upload-artifact and rate-limit-max-wait, with their defaults', () => {
    expect(readInputs({})).toMatchObject({ category: '', uploadArtifact: true, rateLimitMaxWaitMs: 120_000 });
    expect(readInputs({ INPUT_CATEGORY: ' sec/api ', INPUT_UPLOAD_ARTIFACT: 'false', INPUT_RATE_LIMIT_MAX_WAIT: '0.05' })).toMatchObject({
      category: 'sec/api',
      uploadArtifact: false,
      rateLimitMaxWaitMs: 50,
    });
    expect(() => readInputs({ INPUT_RATE_LIMIT_MAX_WAIT: '-1' })).toThrow('input "rate-limit-max-wait" must be a number of seconds, 0 or more (got "-1")');
    expect(() => readInputs({ INPUT_UPLOAD_ARTIFACT: 'sometimes' })).toThrow('input "upload-artifact" must be true or false');
  });

  it('derives a category per scanned path, and an artifact name from it', () => {
    expect(['', '.', './', './/.'].map(defaultCategory)).toEqual(Array(4).fill('agent-guard'));
    expect(defaultCategory('packages/api')).toBe('agent-guard/packages/api');
    expect(defaultCategory('./packages/api/')).toBe('agent-guard/packages/api');
    expect(defaultCategory('packages\\web\\src')).toBe('agent-guard/packages/web/src');
    expect(defaultCategory('packages/api/../web')).toBe('agent-guard/packages/web');
    expect(artifactNameOf('agent-guard')).toBe('agent-guard');
    expect(artifactNameOf('agent-guard/packages/api')).toBe('agent-guard-packages-api');
    expect(artifactNameOf('a:b*c?"d<e>f|g\\h\ni/')).toBe('a-b-c-d-e-f-g-h-i');
  });

  it('resolves the path input inside the workspace, symlinks included, and refuses one that leaves it', () => {
    const ws = tempDir('agent-guard-ws-');
    const outside = tempDir('agent-guard-outside-');
    try {
      mkdirSync(join(ws.dir, 'pkg', 'sub'), { recursive: true });
      mkdirSync(join(ws.dir, '..dots'));
      symlinkSync(outside.dir, join(ws.dir, 'linkdir'));
      symlinkSync(join(ws.dir, 'pkg'), join(ws.dir, 'pkglink'));
      expect(resolveScanPath(ws.dir, '.')).toBe(ws.dir);
      expect(resolveScanPath(ws.dir, 'pkg/sub')).toBe(join(ws.dir, 'pkg', 'sub'));
      expect(resolveScanPath(ws.dir, 'pkglink')).toBe(join(ws.dir, 'pkglink'));
      expect(resolveScanPath(ws.dir, '..dots')).toBe(join(ws.dir, '..dots'));
      for (const p of ['linkdir', '..', '../', 'pkg/../..', outside.dir, '/']) {
        expect(() => resolveScanPath(ws.dir, p)).toThrow(`input "path": ${p} is outside the workspace`);
      }
      expect(() => resolveScanPath(ws.dir, 'missing')).toThrow('input "path": missing does not exist in the workspace');
    } finally {
      ws.cleanup();
      outside.cleanup();
    }
  });

  it('confines the config and baseline inputs: they must exist and resolve inside the workspace', () => {
    const parent = tempDir('agent-guard-parent-');
    try {
      const ws = join(parent.dir, 'ws');
      mkdirSync(join(ws, 'cfg'), { recursive: true });
      writeFileSync(join(ws, 'cfg', 'agent-guard.yml'), 'rules: {}\n');
      writeFileSync(join(parent.dir, 'outside.yml'), 'rules: {}\n');
      symlinkSync(join(parent.dir, 'outside.yml'), join(ws, 'link.yml'));
      symlinkSync(join(ws, 'cfg', 'agent-guard.yml'), join(ws, 'inside.yml'));
      symlinkSync(parent.dir, join(ws, 'linkdir'));
      for (const input of ['config', 'baseline']) {
        expect(resolveWorkspacePath(ws, input, 'cfg/agent-guard.yml')).toBe(join(ws, 'cfg', 'agent-guard.yml'));
        expect(resolveWorkspacePath(ws, input, join(ws, 'cfg', 'agent-guard.yml'))).toBe(join(ws, 'cfg', 'agent-guard.yml'));
        expect(resolveWorkspacePath(ws, input, 'inside.yml')).toBe(join(ws, 'inside.yml'));
        for (const p of ['../outside.yml', join(parent.dir, 'outside.yml'), 'link.yml', 'linkdir/outside.yml', 'cfg/../../outside.yml']) {
          expect(() => resolveWorkspacePath(ws, input, p)).toThrow(
            `input "${input}": ${p} is outside the workspace (it resolves to a file outside GITHUB_WORKSPACE)`,
          );
        }
        expect(() => resolveWorkspacePath(ws, input, 'missing.yml')).toThrow(`input "${input}": missing.yml does not exist in the workspace`);
      }
    } finally {
      parent.cleanup();
    }
  });

  it('confines the sarif-file input: its directory inside the workspace, and no symlink leading out', () => {
    const parent = tempDir('agent-guard-parent-');
    try {
      const ws = join(parent.dir, 'ws');
      mkdirSync(join(ws, 'reports'), { recursive: true });
      writeFileSync(join(parent.dir, 'outside.sarif'), 'keep');
      writeFileSync(join(ws, 'reports', 'old.sarif'), '{}');
      symlinkSync(join(parent.dir, 'outside.sarif'), join(ws, 'link.sarif'));
      symlinkSync(join(parent.dir, 'nowhere.sarif'), join(ws, 'dangling.sarif'));
      symlinkSync(join(ws, 'reports', 'old.sarif'), join(ws, 'inside.sarif'));
      symlinkSync(parent.dir, join(ws, 'linkdir'));
      symlinkSync(join(ws, 'reports'), join(ws, 'reportslink'));
      const w = (p: string) => resolveWorkspacePath(ws, 'sarif-file', p, 'write');
      expect(w('agent-guard.sarif')).toBe(join(ws, 'agent-guard.sarif'));
      expect(w('reports/new.sarif')).toBe(join(ws, 'reports', 'new.sarif'));
      expect(w('reports/old.sarif')).toBe(join(ws, 'reports', 'old.sarif'));
      expect(w('reportslink/new.sarif')).toBe(join(ws, 'reportslink', 'new.sarif'));
      expect(w('inside.sarif')).toBe(join(ws, 'inside.sarif'));
      expect(w(join(ws, 'x.sarif'))).toBe(join(ws, 'x.sarif'));
      for (const p of ['../outside.sarif', '../../.bashrc', join(parent.dir, 'outside.sarif'), 'linkdir/x.sarif', '/x.sarif']) {
        expect(() => w(p)).toThrow(`input "sarif-file": ${p} is outside the workspace (its directory resolves to a directory outside GITHUB_WORKSPACE)`);
      }
      expect(() => w('link.sarif')).toThrow('input "sarif-file": link.sarif is outside the workspace (it is a symlink leading outside GITHUB_WORKSPACE)');
      expect(() => w('dangling.sarif')).toThrow(
        'input "sarif-file": dangling.sarif is outside the workspace (it is a symlink that leads nowhere, or outside GITHUB_WORKSPACE)',
      );
      expect(() => w('missing/x.sarif')).toThrow('input "sarif-file": the directory of missing/x.sarif does not exist in the workspace');
    } finally {
      parent.cleanup();
    }
  });
});

describe("the token's identity", () => {
  type Answer = { login?: string } | Error;
  const client = (graphql: Answer, user: Answer) => {
    const calls: string[] = [];
    const answer = async (a: Answer, name: string) => {
      calls.push(name);
      if (a instanceof Error) throw a;
      return a;
    };
    const stub = {
      graphql: async (query: string) => ({ viewer: await answer(graphql, `graphql ${query}`) }),
      rest: { users: { getAuthenticated: async () => ({ data: await answer(user, 'GET /user') }) } },
    };
    return { calls, client: stub as unknown as GitHubClient };
  };
  const forbidden = Object.assign(new Error('Resource not accessible by integration'), { status: 403 });

  it('asks GraphQL viewer first: any token, a GitHub App installation token included', async () => {
    const app = client({ login: 'my-app[bot]' }, forbidden);
    expect(await tokenIdentity(app.client)).toEqual({ login: 'my-app[bot]', source: 'GraphQL viewer' });
    expect(app.calls).toEqual(['graphql query { viewer { login } }']);
  });

  it('falls back to GET /user, then to github-actions[bot]', async () => {
    const pat = client(new Error('502'), { login: 'octocat' });
    expect(await tokenIdentity(pat.client)).toEqual({ login: 'octocat', source: 'GET /user' });
    const none = client(new Error('502'), forbidden);
    expect(await tokenIdentity(none.client)).toEqual({ login: DEFAULT_BOT_LOGIN, source: 'assumed' });
    expect(none.calls.length).toBe(2);
  });

  it("matches a comment's author to the identity, with or without the [bot] suffix GraphQL may leave out", () => {
    expect(isOwnLogin('my-app[bot]', 'my-app[bot]')).toBe(true);
    expect(isOwnLogin('My-App[bot]', 'my-app')).toBe(true);
    expect(isOwnLogin('my-app', 'my-app[bot]')).toBe(false);
    expect(isOwnLogin('github-actions[bot]', 'my-app[bot]')).toBe(false);
    expect(isOwnLogin('mallory', 'octocat')).toBe(false);
  });
});

describe('history input and range', () => {
  it('says a shallow clone once: how far back, what was adapted, the way out', () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    try {
      const cut = git(repo.dir, 'rev-parse', 'HEAD').trim();
      const date = git(repo.dir, 'show', '-s', '--format=%aI', cut).trim().slice(0, 10);
      const info = (o: Partial<HistoryInfo>) =>
        ({ shallow: true, shallowBoundaries: [cut], notes: ['shallow clone: history is visible back to …', 'another note'], ...o }) as HistoryInfo;
      const since = 'b'.repeat(40);
      const until = 'c'.repeat(40);
      const notes = historyNotes({ plan: null, notes: ['a decision note'], shallowMissing: { since, until } }, info({}), repo.dir);
      expect(notes).toEqual([
        'a decision note',
        `Shallow clone: git history is visible back to commit ${cut.slice(0, 7)} (${date}) only, older commits were not scanned; ` +
          "the range's start bbbbbbb is not in the clone, so every commit the clone has was scanned instead; " +
          'commit ccccccc is not in the clone, so history was scanned up to HEAD (what was checked out). To scan the whole range, set `fetch-depth: 0` in actions/checkout.',
        'another note',
      ]);
      // Not shallow: every note as it is.
      expect(historyNotes({ plan: null, notes: ['x'] }, info({ shallow: false, notes: ['y'] }), repo.dir)).toEqual(['x', 'y']);
      expect(historyNotes({ plan: null, notes: ['x'] }, undefined, repo.dir)).toEqual(['x']);
    } finally {
      repo.cleanup();
    }
  });

  it('reads the history input, auto by default, and rejects other values', () => {
    expect(readInputs({}).history).toBe('auto');
    expect(readInputs({ INPUT_HISTORY: 'PR' }).history).toBe('pr');
    expect(() => readInputs({ INPUT_HISTORY: 'all' })).toThrow('input "history" must be auto, pr, push, full or none (got "all")');
  });

  it('picks the range from the event, and adapts to commits missing from the checkout', () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    try {
      const first = git(repo.dir, 'rev-parse', 'HEAD').trim();
      git(repo.dir, 'commit', '-q', '--allow-empty', '-m', 'two');
      const second = git(repo.dir, 'rev-parse', 'HEAD').trim();
      const missing = 'a'.repeat(40);
      const zero = '0'.repeat(40);
      const ctx = (o: Partial<RunContext>): RunContext => ({
        eventName: 'push',
        owner: 'acme',
        repo: 'agents',
        serverUrl: 'https://github.com',
        apiUrl: '',
        sha: second,
        runId: '',
        workspace: repo.dir,
        pullRequest: null,
        push: null,
        ...o,
      });
      const pr = { number: 7, baseSha: first, headSha: second, fromFork: false };
      const plan = (mode: Parameters<typeof planHistory>[0], c: RunContext, isGit = true) => planHistory(mode, c, repo.dir, isGit);

      expect(plan('auto', ctx({ eventName: 'pull_request', pullRequest: pr })).plan).toMatchObject({ since: first, until: second, families: ['secret'] });
      expect(plan('auto', ctx({ push: { before: first, after: second } })).plan).toMatchObject({ since: first, until: second });
      expect(plan('auto', ctx({ eventName: 'schedule' }))).toEqual({ plan: null, notes: [] });
      expect(plan('auto', ctx({ push: { before: first, after: second } }), false).notes[0]).toContain('not a git repository');
      expect(plan('full', ctx({ eventName: 'schedule' })).plan).toMatchObject({ since: undefined, until: undefined });
      expect(plan('none', ctx({ eventName: 'pull_request', pullRequest: pr })).plan).toBeNull();
      expect(plan('pr', ctx({ push: { before: first, after: second } })).notes[0]).toContain('history: pr applies to pull_request events');
      // New branch: all of its history; deleted branch: nothing.
      expect(plan('push', ctx({ push: { before: zero, after: second } })).plan).toMatchObject({ since: undefined, until: second });
      expect(plan('push', ctx({ push: { before: second, after: zero } })).notes[0]).toContain('deleted the branch');
      // Head not in the checkout: up to HEAD. Start not in a full clone (force push): skipped, with the way out.
      const noHead = plan('pr', ctx({ eventName: 'pull_request', pullRequest: { ...pr, headSha: missing } }));
      expect(noHead.plan).toMatchObject({ since: first, until: undefined });
      expect(noHead.notes[0]).toContain('scanned up to HEAD');
      const forced = plan('push', ctx({ push: { before: missing, after: second } }));
      expect(forced.plan).toBeNull();
      expect(forced.notes[0]).toContain('history: full');
    } finally {
      repo.cleanup();
    }
  });
});
