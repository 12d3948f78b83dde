import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { materialiseDemo } from '../../src/cli/commands/demo.js';
import { mdCell } from '../../src/reporters/markdown.js';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { git, initRepo, makeRepo, tempDir, writeTree } from '../helpers/repo.js';
import { buildAction, readActionYml, runAction, writePullRequestEvent, type ActionRun } from './helpers/action-runner.js';
import { FakeGitHub, type GitHubUser, type PrFile } from './helpers/github-server.js';

/**
 * The Action run as a runner runs it: the real bundle (scripts/build.mjs) in a directory without
 * node_modules, the `scan` step of action.yml executed by bash with the env that step maps, a real
 * pull_request event payload, GITHUB_STEP_SUMMARY / GITHUB_OUTPUT files, and a local GitHub API.
 *
 * Precise assertions use fake Anthropic keys (`secret/anthropic-api-key`); they run on
 * dist/action-probes.js, which is the same Action with every real rule plus test probes (see
 * fixtures/probe-entry.ts): a cross-file probe, and a stand-in for the Anthropic rule only while the
 * secret family does not register one.
 */
const PROBES = 'action-probes.js';
const RULE = 'secret/anthropic-api-key';
const rng = seededRng(1);
const keys = Array.from({ length: 30 }, () => fakeKey('anthropic', rng).key);
const manyRng = seededRng(2);

let action: { dir: string; cleanup: () => void };

beforeAll(async () => {
  action = tempDir('agent-guard-action-');
  await buildAction(action.dir);
}, 120_000);

afterAll(() => action?.cleanup());

/** Annotation lines the runner would act on: workflow commands outside ::stop-commands:: blocks. */
function commands(stdout: string): string[] {
  const out: string[] = [];
  let stopToken: string | null = null;
  for (const line of stdout.split('\n')) {
    if (stopToken) {
      if (line === `::${stopToken}::`) stopToken = null;
      continue;
    }
    const m = /^::stop-commands::(.+)$/.exec(line);
    if (m) {
      stopToken = m[1];
      continue;
    }
    if (line.startsWith('::')) out.push(line);
  }
  return out;
}

function expectNoRawKeys(text: string): void {
  for (const k of keys) expect(text).not.toContain(k);
}

/** Files of the PR as GitHub's PR files endpoint returns them, computed from the real diff. */
function prFiles(repo: string, base: string, head: string): PrFile[] {
  const names = git(repo, '-c', 'core.quotePath=false', 'diff', '--name-status', '--no-renames', `${base}...${head}`).trim().split('\n').filter(Boolean);
  return names.map((l) => {
    const [status, filename] = l.split('\t');
    const diff = git(repo, 'diff', '--no-color', '--no-renames', `${base}...${head}`, '--', filename);
    const patch = diff.slice(diff.indexOf('\n@@') + 1).replace(/\n$/, '');
    return { filename, status: status === 'A' ? 'added' : status === 'D' ? 'removed' : 'modified', patch };
  });
}

interface PrRepo {
  dir: string;
  base: string;
  head: string;
  cleanup: () => void;
}

/**
 * base: settings.py (a key on line 1), tools.py (defines dangerous_tool), legacy.py (a key; never changed).
 * head: settings.py gains a line 5; client.py is new, with two keys on line 3 and one on line 5;
 * register.py is new and registers the tool defined in the unchanged tools.py.
 */
function prRepo(): PrRepo {
  const repo = makeRepo({
    'agent/settings.py': `ANTHROPIC_KEY = "${keys[0]}"\nMODEL = "claude"\n\n\n`,
    'agent/tools.py': 'def dangerous_tool(path):\n    return open(path).read()\n',
    'agent/legacy.py': `OLD = "${keys[1]}"\n`,
    'README.md': '# agents\n',
  });
  const base = git(repo.dir, 'rev-parse', 'HEAD').trim();
  git(repo.dir, 'checkout', '-q', '-b', 'feature/research-agent');
  writeTree(repo.dir, {
    'agent/settings.py': `ANTHROPIC_KEY = "${keys[0]}"\nMODEL = "claude"\n\n\nTIMEOUT = 30\n`,
    'agent/client.py': `import os\n\nKEYS = ["${keys[2]}", "${keys[3]}"]\n\nBACKUP = "${keys[4]}"\n`,
    'agent/register.py': '# registers: agent/tools.py\n',
  });
  git(repo.dir, 'add', '-A');
  git(repo.dir, 'commit', '-q', '-m', 'research agent');
  const head = git(repo.dir, 'rev-parse', 'HEAD').trim();
  return { ...repo, base, head };
}

async function prRun(
  pr: PrRepo,
  server: FakeGitHub,
  extra: { inputs?: Record<string, string>; fork?: boolean; bundle?: string; env?: Record<string, string> } = {},
): Promise<ActionRun> {
  const eventPath = join(pr.dir, '..', `event-${pr.head.slice(0, 8)}-${extra.fork ? 'fork' : 'same'}.json`);
  writePullRequestEvent(eventPath, { baseSha: pr.base, headSha: pr.head, fork: extra.fork });
  return runAction({
    actionDir: action.dir,
    workspace: pr.dir,
    eventName: 'pull_request',
    eventPath,
    apiUrl: server.url,
    sha: pr.head,
    bundle: extra.bundle ?? PROBES,
    inputs: { 'fail-on': 'never', ...extra.inputs },
    ...(extra.env ? { env: extra.env } : {}),
  });
}

function serverFor(pr: PrRepo, options: { readOnly?: boolean; pullsForbidden?: boolean; tokenUser?: GitHubUser } = {}): Promise<FakeGitHub> {
  return new FakeGitHub({ owner: 'acme', repo: 'agents', pull: 7, files: prFiles(pr.dir, pr.base, pr.head), ...options }).start();
}

describe('action.yml', () => {
  it('maps every input to an INPUT_* variable of the scan step and wires every output', () => {
    const yml = readActionYml(action.dir);
    const step = yml.runs.steps.find((s) => s.id === 'scan')!;
    expect(yml.runs.using).toBe('composite');
    expect(yml.branding).toEqual({ icon: 'shield', color: 'purple' });
    for (const name of Object.keys(yml.inputs)) {
      expect(step.env?.[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`]).toBe(`\${{ inputs.${name} }}`);
    }
    expect(Object.keys(step.env ?? {}).length).toBe(Object.keys(yml.inputs).length);
    for (const [name, o] of Object.entries(yml.outputs)) if (name !== 'artifact-url') expect(o.value).toBe(`\${{ steps.scan.outputs.${name} }}`);
    expect(Object.keys(yml.inputs).sort()).toEqual([
      'annotations',
      'baseline',
      'cache',
      'cache-location',
      'category',
      'changed-files-only',
      'config',
      'fail-on',
      'github-token',
      'history',
      'path',
      'pr-review',
      'rate-limit-max-wait',
      'sarif-file',
      'upload-artifact',
      'upload-sarif',
    ]);
    expect(yml.inputs.history.default).toBe('auto');
    expect(yml.inputs['github-token'].default).toBe('${{ github.token }}');
    expect(yml.inputs.category.default).toBe('');
    expect(yml.inputs['upload-artifact'].default).toBe('true');
    // v4: v3 runs on Node 20 and is deprecated. The category comes from the scan (derived from `path`).
    const upload = yml.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.uses).toBe('github/codeql-action/upload-sarif@v4');
    expect(upload.if).toContain("inputs.upload-sarif == 'true'");
    expect(upload.if).toContain('!cancelled()');
    expect(upload.with).toEqual({ sarif_file: '${{ steps.scan.outputs.sarif-file }}', category: '${{ steps.scan.outputs.category }}' });
    // The artifact: also after a failing scan, a re-run may replace it, and a failed upload does not fail the job.
    const artifact = yml.runs.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(artifact.id).toBe('artifact');
    expect(artifact.if).toContain('!cancelled()');
    expect(artifact['continue-on-error']).toBe(true);
    expect(artifact.with).toMatchObject({ name: '${{ steps.scan.outputs.artifact-name }}', path: '${{ steps.scan.outputs.artifact-dir }}', overwrite: true });
    expect(yml.outputs['artifact-url'].value).toBe('${{ steps.artifact.outputs.artifact-url }}');
    expect(Object.keys(yml.outputs).sort()).toEqual(['artifact-url', 'category', 'errors', 'findings', 'history-findings', 'sarif-file', 'warnings']);
  });

  it('fails with a clear error when the Node on PATH is older than 20', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    const bin = join(action.dir, 'old-node-bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'node'), '#!/bin/sh\nif [ "$1" = "--version" ]; then echo v18.19.0; else echo 18; fi\n');
    chmodSync(join(bin, 'node'), 0o755);
    try {
      const r = await runAction({ actionDir: action.dir, workspace: repo.dir, env: { PATH: `${bin}:${process.env.PATH}` } });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('::error title=agent-guard::agent-guard needs Node.js 20 or newer on PATH (found: v18.19.0)');
      expect(r.stdout).toContain('node-version: 24 (or 22; Node 20 is end-of-life)');
    } finally {
      repo.cleanup();
    }
  });
});

describe('the Action on the demo repository (real rules)', () => {
  /**
   * A pull request that adds the whole demo repository (as `agent-guard demo` builds it) to a base holding
   * only a README. AGENT_GUARD_DEMO_OUT=DIR keeps the job summary and the review request body there.
   */
  it('reviews a pull request adding the demo: comments of all four families, outputs, summary and SARIF agree', async () => {
    const repo = makeRepo({ 'README.md': '# research agent\n' });
    try {
      const base = git(repo.dir, 'rev-parse', 'HEAD').trim();
      git(repo.dir, 'checkout', '-q', '-b', 'feature/demo');
      rmSync(join(repo.dir, 'README.md'));
      const demoKeys = materialiseDemo(repo.dir, 1);
      expect(demoKeys.length).toBeGreaterThanOrEqual(2);
      git(repo.dir, 'add', '-A');
      git(repo.dir, 'commit', '-q', '-m', 'research agent');
      const pr = { ...repo, base, head: git(repo.dir, 'rev-parse', 'HEAD').trim() };
      const server = await serverFor(pr);
      try {
        const r = await prRun(pr, server, { bundle: 'action.js' });
        expect(r.code).toBe(0);
        const sarif = JSON.parse(readFileSync(join(pr.dir, 'agent-guard.sarif'), 'utf8'));
        const results = sarif.runs[0].results as { level: string; ruleId: string }[];
        expect(r.outputs).toEqual({
          findings: String(results.length),
          errors: String(results.filter((x) => x.level === 'error').length),
          warnings: String(results.filter((x) => x.level === 'warning').length),
          'history-findings': '0',
          'sarif-file': 'agent-guard.sarif',
          category: 'agent-guard',
          'artifact-name': 'agent-guard',
          'artifact-dir': expect.stringContaining('agent-guard-artifacts'),
        });
        expect(sarif.runs[0].automationDetails).toEqual({ id: 'agent-guard/' });
        expect(r.summary).toMatch(/^## agent-guard\n/);
        expect(r.summary).toContain(`**${results.length} findings**`);
        const posts = server.writes();
        expect(posts.map((p) => `${p.method} ${p.path}`)).toEqual(['POST /repos/acme/agents/pulls/7/reviews']);
        const commented = new Set<string>();
        for (const c of posts[0].body.comments as { body: string }[])
          for (const m of c.body.matchAll(/rules=([^ ]+) -->/g)) for (const id of m[1].split(',')) commented.add(id.split('/')[0]);
        expect([...commented].sort()).toEqual(['rate-limit', 'secret', 'tool-input', 'tool-payload']);
        const everything = JSON.stringify(server.requests.map((q) => q.body)) + r.stdout + r.summary + JSON.stringify(sarif);
        for (const k of demoKeys) expect(everything).not.toContain(k);
        const out = process.env.AGENT_GUARD_DEMO_OUT;
        if (out) {
          writeFileSync(join(out, 'job-summary.md'), r.summary);
          writeFileSync(join(out, 'review-request.json'), JSON.stringify(posts[0].body, null, 2) + '\n');
        }
      } finally {
        await server.stop();
      }
    } finally {
      repo.cleanup();
    }
  });
});

describe('the Action on a pull request', () => {
  it('posts one review with comments grouped per changed line, and sends secrets only masked', async () => {
    const pr = prRepo();
    const server = await serverFor(pr);
    try {
      const r = await prRun(pr, server);
      expect(r.code).toBe(0);
      // Changed-files mode: settings.py, client.py, register.py are scanned; legacy.py and tools.py are not,
      // yet the cross-file probe saw tools.py through the repository view.
      expect(r.summary).toContain('3 changed files scanned');
      expect(r.summary).not.toContain('agent/legacy.py');
      expect(r.summary).toContain('registers dangerous\\_tool defined in agent/tools.py');

      const posts = server.writes();
      expect(posts.map((p) => `${p.method} ${p.path}`)).toEqual(['POST /repos/acme/agents/pulls/7/reviews']);
      const review = posts[0].body;
      expect(review.commit_id).toBe(pr.head);
      expect(review.event).toBe('COMMENT');
      expect(review.comments.map((c: { path: string; line: number }) => `${c.path}:${c.line}`)).toEqual([
        'agent/client.py:3',
        'agent/client.py:5',
        'agent/register.py:1',
      ]);
      const line3 = review.comments[0].body as string;
      expect(line3.match(new RegExp(`\\[\`${RULE}\`\\]`, 'g'))?.length).toBe(2);
      expect(line3).toContain('**Fix:**');
      expect(line3).toContain(`docs/rules/${RULE}.md`);
      expect(line3).toMatch(/<!-- agent-guard:v1 state=open fp=[0-9a-f]{32},[0-9a-f]{32} /);
      // The key on settings.py:1 is in a changed file but not on a changed line: summary only.
      expect(review.body).toContain('1 finding outside the diff');
      expect(r.summary).toMatch(/agent\/settings\.py:1`\]\([^)]*#L1\) · _outside the diff_/);

      const all = JSON.stringify(server.requests.map((q) => q.body)) + r.stdout + r.summary + readFileSync(join(pr.dir, 'agent-guard.sarif'), 'utf8');
      expectNoRawKeys(all);
      expect(all).toContain('sk-ant-a…AA');

      // Outputs count the same findings the summary shows.
      expect(r.outputs.findings).toBe(String((r.summary.match(/^\| 🔴|^\| 🟠|^\| 🔵/gm) ?? []).length));
      expect(Number(r.outputs.errors)).toBe(4);
      const annotations = commands(r.stdout).filter((l) => l.startsWith('::error '));
      expect(annotations[0]).toMatch(/^::error title=agent-guard secret\/anthropic-api-key,file=agent\/client\.py,line=3,endLine=3,col=\d+,endColumn=\d+::/);
    } finally {
      await server.stop();
      pr.cleanup();
    }
  });

  it('on a re-run does not repeat itself, and updates its comment when the key is deleted (still in history)', async () => {
    const pr = prRepo();
    const server = await serverFor(pr);
    try {
      await prRun(pr, server);
      expect(server.comments.length).toBe(3);
      const second = await prRun(pr, server);
      expect(second.code).toBe(0);
      expect(server.writes().length).toBe(1); // only the first review: no new review, no update
      expect(server.reviews.length).toBe(1);

      // Fix the key on client.py:5 and push. The key was pushed with the first commit, so the comment
      // does not say "resolved": it says the key is still in the git history and must be rotated.
      writeTree(pr.dir, { 'agent/client.py': `import os\n\nKEYS = ["${keys[2]}", "${keys[3]}"]\n\nBACKUP = os.environ["BACKUP"]\n` });
      git(pr.dir, 'commit', '-q', '-am', 'use the environment');
      const fixed = { ...pr, head: git(pr.dir, 'rev-parse', 'HEAD').trim() };
      server.options.files = prFiles(pr.dir, pr.base, fixed.head);
      await prRun(fixed, server);
      const writes = server.writes().slice(1);
      expect(writes.map((w) => w.method)).toEqual(['PATCH']);
      const resolved = server.comments.find((c) => c.line === 5)!;
      expect(writes[0].path).toBe(`/repos/acme/agents/pulls/comments/${resolved.id}`);
      expect(resolved.body).toContain('state=resolved');
      expect(resolved.body).toContain(
        `**Removed from the code as of ${fixed.head.slice(0, 7)}, but still in the git history**: \`${RULE}\` was published in commit [\`${pr.head.slice(0, 7)}\`](https://github.com/acme/agents/commit/${pr.head})`,
      );
      expect(resolved.body).toContain('**Rotate the key**');
      expect(server.comments.filter((c) => c.body.includes('state=open')).length).toBe(2);
    } finally {
      await server.stop();
      pr.cleanup();
    }
  });

  it('ignores a comment with a forged marker by someone else, and still updates and resolves its own', async () => {
    const pr = prRepo();
    const server = await serverFor(pr);
    try {
      await prRun(pr, server);
      expect(server.comments.length).toBe(3);
      expect(server.comments.every((c) => c.user.login === 'github-actions[bot]')).toBe(true);
      const ownLine5 = server.comments.find((c) => c.path === 'agent/client.py' && c.line === 5)!;
      const mallory: GitHubUser = { login: 'mallory', type: 'User' };
      // A copy of the bot's comment on the same line, and a forged open marker on a changed line without a finding.
      const copy = server.addComment({ path: ownLine5.path, line: 5, body: ownLine5.body, user: mallory });
      const forged = server.addComment({
        path: 'agent/settings.py',
        line: 5,
        body: `<!-- agent-guard:v1 state=open fp=${'0'.repeat(32)} rules=secret/anthropic-api-key -->\nlooks fine to me`,
        user: mallory,
      });
      const forgedBodies = [copy.body, forged.body];

      const second = await prRun(pr, server);
      expect(second.code).toBe(0);
      expect(server.writes().length).toBe(1); // the first review only: nothing updated, nothing re-posted
      expect(second.stdout).toContain('0 comment(s) updated, 0 resolved, 3 unchanged');
      expect(second.stdout).not.toContain('could not be updated');
      expect(second.summary).not.toContain('pull-requests: write');
      // The identity was asked once per run, of GraphQL (viewer: github-actions[bot]); GET /user not at all.
      expect(server.requests.filter((q) => q.path === '/graphql').map((q) => q.status)).toEqual([200, 200]);
      expect(server.requests.filter((q) => q.path === '/user')).toEqual([]);
      expect(second.stdout).toContain('the token writes as github-actions[bot] (GraphQL viewer)');

      // The key on client.py:5 is fixed: the bot's own comment is resolved, the foreign ones are left alone.
      writeTree(pr.dir, { 'agent/client.py': `import os\n\nKEYS = ["${keys[2]}", "${keys[3]}"]\n\nBACKUP = os.environ["BACKUP"]\n` });
      git(pr.dir, 'commit', '-q', '-am', 'use the environment');
      const fixed = { ...pr, head: git(pr.dir, 'rev-parse', 'HEAD').trim() };
      server.options.files = prFiles(pr.dir, pr.base, fixed.head);
      const third = await prRun(fixed, server);
      expect(third.code).toBe(0);
      const writes = server.writes().slice(1);
      expect(writes.map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual([`PATCH /repos/acme/agents/pulls/comments/${ownLine5.id} 200`]);
      expect(ownLine5.body).toContain('state=resolved');
      expect([copy.body, forged.body]).toEqual(forgedBodies);
      expect(third.stdout).toContain('0 comment(s) updated, 1 resolved, 2 unchanged');
      expect(third.summary).not.toContain('could not be updated');
      expect(third.summary).not.toContain('pull-requests: write');
    } finally {
      await server.stop();
      pr.cleanup();
    }
  });

  it('with a personal access token recognizes its comments (GraphQL viewer, else GET /user), and updates each comment on its own', async () => {
    const pr = prRepo();
    const server = await serverFor(pr, { tokenUser: { login: 'agent-guard-ci', type: 'User' } });
    try {
      await prRun(pr, server);
      expect(server.comments.map((c) => c.user.login)).toEqual(['agent-guard-ci', 'agent-guard-ci', 'agent-guard-ci']);
      const again = await prRun(pr, server);
      expect(again.stdout).toContain('0 comment(s) updated, 0 resolved, 3 unchanged');
      expect(server.reviews.length).toBe(1);

      // Both keys of client.py are removed: two comments to resolve, and the first PATCH fails.
      writeTree(pr.dir, { 'agent/client.py': 'import os\n\nKEYS = [os.environ["K1"], os.environ["K2"]]\n\nBACKUP = os.environ["BACKUP"]\n' });
      git(pr.dir, 'commit', '-q', '-am', 'use the environment');
      const fixed = { ...pr, head: git(pr.dir, 'rev-parse', 'HEAD').trim() };
      server.options.files = prFiles(pr.dir, pr.base, fixed.head);
      const [line3, line5] = ['3', '5'].map((l) => server.comments.find((c) => c.path === 'agent/client.py' && c.line === Number(l))!);
      server.fail({ method: 'PATCH', path: new RegExp(`/pulls/comments/${line3.id}$`), times: 1, status: 422, body: { message: 'Validation Failed' } });
      const r = await prRun(fixed, server);
      expect(r.code).toBe(0);
      const patches = server.writes().filter((w) => w.method === 'PATCH');
      expect(patches.map((w) => `${w.path} ${w.status}`)).toEqual([
        `/repos/acme/agents/pulls/comments/${line3.id} 422`,
        `/repos/acme/agents/pulls/comments/${line5.id} 200`,
      ]);
      expect(line5.body).toContain('state=resolved');
      expect(line3.body).toContain('state=open');
      expect(r.stdout).toContain(`could not update review comment ${line3.id}: HTTP 422`);
      expect(r.stdout).toContain('0 comment(s) updated, 1 resolved, 1 unchanged, 1 could not be updated');
      expect(r.summary).toContain('1 earlier review comment of agent-guard could not be updated');
      expect(commands(r.stdout).some((l) => l.startsWith('::notice ') && l.includes('could not be updated'))).toBe(true);
      expect(r.summary).not.toContain('pull-requests: write');
      expectNoRawKeys(r.stdout + r.summary);

      expect(server.requests.filter((q) => q.path === '/user')).toEqual([]);

      // GraphQL unreachable (a proxy, an old Enterprise Server): GET /user names the user, the comment is still ours.
      server.fail({ method: 'POST', path: /^\/graphql$/, times: 1, status: 502, body: { message: 'Bad Gateway' } });
      const last = await prRun(fixed, server);
      expect(last.stdout).toContain('the token writes as agent-guard-ci (GET /user)');
      expect(server.requests.filter((q) => q.path === '/user').map((q) => q.status)).toEqual([200]);
      expect(line3.body).toContain('state=resolved');
      expect(server.reviews.length).toBe(1);
    } finally {
      await server.stop();
      pr.cleanup();
    }
  });

  it('with a GitHub App installation token recognizes its own comments on a re-run: no duplicate review', async () => {
    // An installation token: GET /user answers 403 and GET /app needs the App's JWT; GraphQL viewer names the bot.
    const pr = prRepo();
    const server = await serverFor(pr, { tokenUser: { login: 'my-app[bot]', type: 'Bot' } });
    try {
      const first = await prRun(pr, server);
      expect(first.code).toBe(0);
      expect(server.reviews.length).toBe(1);
      expect(server.comments.map((c) => c.user.login)).toEqual(['my-app[bot]', 'my-app[bot]', 'my-app[bot]']);

      // A comment by github-actions[bot] with a copied marker (e.g. from an earlier setup) is not ours now.
      const line3 = server.comments.find((c) => c.line === 3)!;
      const other = server.addComment({ path: line3.path, line: 3, body: line3.body, user: { login: 'github-actions[bot]', type: 'Bot' } });

      const again = await prRun(pr, server);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('the token writes as my-app[bot] (GraphQL viewer)');
      expect(again.stdout).toContain('0 comment(s) updated, 0 resolved, 3 unchanged');
      expect(server.reviews.length).toBe(1); // no second review, no repeated comments
      expect(server.writes().length).toBe(1);

      // The key on client.py:5 is fixed: the App's own comment is updated (the key stays in the history).
      writeTree(pr.dir, { 'agent/client.py': `import os\n\nKEYS = ["${keys[2]}", "${keys[3]}"]\n\nBACKUP = os.environ["BACKUP"]\n` });
      git(pr.dir, 'commit', '-q', '-am', 'use the environment');
      const fixed = { ...pr, head: git(pr.dir, 'rev-parse', 'HEAD').trim() };
      server.options.files = prFiles(pr.dir, pr.base, fixed.head);
      const third = await prRun(fixed, server);
      expect(third.code).toBe(0);
      const line5 = server.comments.find((c) => c.line === 5 && c.user.login === 'my-app[bot]')!;
      expect(
        server
          .writes()
          .slice(1)
          .map((w) => `${w.method} ${w.path} ${w.status}`),
      ).toEqual([`PATCH /repos/acme/agents/pulls/comments/${line5.id} 200`]);
      expect(line5.body).toContain('state=resolved');
      expect(other.body).toBe(line3.body);
      expect(third.summary).not.toContain('could not be updated');
      expect(server.requests.filter((q) => q.path === '/graphql').length).toBe(3);
    } finally {
      await server.stop();
      pr.cleanup();
    }
  });

  it('with a read-only token annotates and summarises, and degrades the review with a notice', async () => {
    const pr = prRepo();
    const server = await serverFor(pr, { readOnly: true });
    try {
      const r = await prRun(pr, server);
      expect(r.code).toBe(0);
      expect(server.reviews.length).toBe(0);
      const notices = commands(r.stdout).filter((l) => l.startsWith('::notice '));
      expect(notices.some((l) => l.includes('grant `pull-requests: write`'))).toBe(true);
      expect(r.summary).toContain('grant `pull-requests: write`');
      expect(commands(r.stdout).filter((l) => l.startsWith('::error ')).length).toBe(4);
      expect(r.stdout).not.toContain('::error::');
    } finally {
      await server.stop();
      pr.cleanup();
    }
  });

  it('with `contents: read` only (no pulls API) lists the changed files through git and still annotates', async () => {
    const pr = prRepo();
    const server = await serverFor(pr, { readOnly: true, pullsForbidden: true });
    try {
      const r = await prRun(pr, server);
      expect(r.code).toBe(0);
      expect(r.summary).toContain('3 changed files scanned');
      expect(commands(r.stdout).filter((l) => l.startsWith('::error ')).length).toBe(4);
      expect(r.summary).toContain('pull-requests: write');
    } finally {
      await server.stop();
      pr.cleanup();
    }
  });

  it('on a fork pull request does not try to write, and says why', async () => {
    const pr = prRepo();
    const server = await serverFor(pr);
    try {
      const r = await prRun(pr, server, { fork: true });
      expect(r.code).toBe(0);
      expect(server.writes()).toEqual([]);
      expect(commands(r.stdout).some((l) => l.startsWith('::notice ') && l.includes('fork'))).toBe(true);
    } finally {
      await server.stop();
      pr.cleanup();
    }
  });

  it('retries 429 and 403 rate limits (secondary and primary) with backoff', async () => {
    const pr = prRepo();
    const server = await serverFor(pr);
    server.fail({ method: 'GET', path: /\/pulls\/7\/files$/, times: 1, status: 429, headers: { 'retry-after': '1' } });
    server.fail({
      method: 'GET',
      path: /\/pulls\/7\/comments$/,
      times: 1,
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 2) },
      body: { message: 'API rate limit exceeded' },
    });
    server.fail({
      method: 'POST',
      path: /\/pulls\/7\/reviews$/,
      times: 2,
      status: 403,
      headers: { 'retry-after': '60' },
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
    });
    try {
      const r = await prRun(pr, server);
      expect(r.code).toBe(0);
      expect(server.reviews.length).toBe(1);
      const statuses = server.requests.map((q) => `${q.method} ${q.path.replace('/repos/acme/agents/pulls/', '')} ${q.status}`);
      expect(statuses).toEqual([
        'GET 7/files 429',
        'GET 7/files 200',
        'POST /graphql 200',
        'GET 7/comments 403',
        'GET 7/comments 200',
        'POST 7/reviews 403',
        'POST 7/reviews 403',
        'POST 7/reviews 200',
      ]);
      expect(r.stdout).toMatch(/GitHub answered 429 to GET .*\/pulls\/7\/files.*; retry 1 in 0\.1s/);
    } finally {
      await server.stop();
      pr.cleanup();
    }
  });
});

describe('the Action on any event', () => {
  it('escapes workflow-command characters in file names and keeps within the annotation limits', async () => {
    const tricky = 'a%0A::error::x.py';
    const newline = 'b\n::warning::y.py';
    const hidden = 'c\u001b[31m\u202egnp.py';
    const many =
      keys
        .slice(5, 19)
        .map((k, i) => `K${i} = "${k}"`)
        .join('\n') + '\n';
    const repo = makeRepo({ [tricky]: `K = "${keys[20]}"\n`, [newline]: `K = "${keys[21]}"\n`, [hidden]: `K = "${keys[22]}"\n`, 'many.py': many });
    try {
      const r = await runAction({ actionDir: action.dir, workspace: repo.dir, bundle: PROBES, inputs: { 'fail-on': 'error' } });
      expect(r.code).toBe(1);
      const cmds = commands(r.stdout);
      expect(cmds.some((l) => l.includes('file=a%250A%3A%3Aerror%3A%3Ax.py,'))).toBe(true);
      // A line break in a name is shown as `\n` (issue 18: no control character in an annotation property).
      expect(cmds.some((l) => l.includes('file=b\\n%3A%3Awarning%3A%3Ay.py,'))).toBe(true);
      for (const l of cmds) expect(l).toMatch(/^::(error|warning|notice|add-mask|stop-commands)( |::)/);
      // No raw ESC or bidi control anywhere: the escape is shown in the annotation's file and the summary.
      expect(/[\u001b\u202e]/.test(r.stdout + r.summary)).toBe(false);
      expect(cmds.some((l) => l.includes('file=c\\x1b[31m\\u202egnp.py,'))).toBe(true);
      expect(r.summary).toContain('`c\\x1b[31m\\u202egnp.py:1`');
      expect(r.stdout.split('\n').some((l) => l.startsWith('::error::x.py') || l.startsWith('::warning::y.py'))).toBe(false);
      // 17 errors: 10 annotated, then one notice pointing at the summary and the artifact.
      expect(cmds.filter((l) => l.startsWith('::error ')).length).toBe(10);
      const overflow = cmds.filter((l) => l.startsWith('::notice ') && l.includes('more findings are not annotated'));
      expect(overflow.length).toBe(1);
      expect(overflow[0]).toContain('7 more findings are not annotated');
      expect(overflow[0]).toContain('see the job summary and the workflow artifact agent-guard.');
      expect(r.outputs.findings).toBe('17');
      // GitHub shows 10 errors per step: an 11th `::error` (the failure line) would be hidden. The outcome
      // is a notice, and in the summary; the step still fails.
      expect(cmds.filter((l) => l.startsWith('::error')).length).toBe(10);
      expect(
        cmds.filter(
          (l) =>
            l.startsWith('::notice title=agent-guard%3A the step fails::agent-guard: 17 finding(s), 17 error(s), ') && l.endsWith('failing at fail-on: error'),
        ),
      ).toHaveLength(1);
      expect(cmds.filter((l) => l.startsWith('::notice ')).length).toBeLessThanOrEqual(10);
      expect(r.summary).toContain('- **The step fails**: 17 findings at or above fail-on: error');
      expectNoRawKeys(r.stdout + r.summary);
    } finally {
      repo.cleanup();
    }
  });

  it('without code scanning keeps every finding reachable: the full reports as an artifact, linked from the summary', async () => {
    // 105 errors: past the summary's 100 rows and the 10 error annotations.
    const many = Array.from({ length: 105 }, () => fakeKey('anthropic', manyRng).key);
    const repo = makeRepo({ 'many.py': many.map((k, i) => `K${i} = "${k}"`).join('\n') + '\n' });
    try {
      const r = await runAction({ actionDir: action.dir, workspace: repo.dir, bundle: PROBES });
      expect(r.code).toBe(1);
      expect(r.outputs.findings).toBe('105');
      expect(r.outputs['artifact-name']).toBe('agent-guard');
      const dir = r.outputs['artifact-dir'];
      expect(dir.startsWith(r.env.RUNNER_TEMP)).toBe(true);
      expect(readdirSync(dir).sort()).toEqual(['agent-guard.sarif', 'agent-guard.txt']);
      // Both reports hold every finding, masked.
      const sarif = JSON.parse(readFileSync(join(dir, 'agent-guard.sarif'), 'utf8'));
      expect(sarif.runs[0].results.length).toBe(105);
      expect(sarif.runs[0].automationDetails).toEqual({ id: 'agent-guard/' });
      expect(readFileSync(join(dir, 'agent-guard.sarif'), 'utf8')).toBe(readFileSync(join(repo.dir, 'agent-guard.sarif'), 'utf8'));
      const text = readFileSync(join(dir, 'agent-guard.txt'), 'utf8');
      expect(text.match(new RegExp(`^ +\\d+:\\d+ +error .*${RULE.replace('/', '\\/')}$`, 'gm'))?.length).toBe(105);
      expect(text).toContain('  105:');
      for (const k of many) expect(text + JSON.stringify(sarif) + r.stdout + r.summary).not.toContain(k);

      // The upload step runs (also after the failing scan) with that directory; upload-sarif does not.
      const upload = r.next.find((n) => n.uses.startsWith('actions/upload-artifact@'))!;
      expect(upload).toMatchObject({ runs: true, with: { name: 'agent-guard', path: dir, 'if-no-files-found': 'ignore' } });
      expect(r.next.find((n) => n.uses.startsWith('github/codeql-action/upload-sarif@'))!.runs).toBe(false);

      // The summary points at the artifact: under the capped table, and in the footer.
      const link = '[workflow artifact `agent-guard`](https://github.com/acme/agents/actions/runs/4242#artifacts)';
      expect(r.summary).toContain(`… and 5 more findings in ${link}.`);
      expect(r.summary).toMatch(new RegExp(`<sub>agent-guard [^<]* · full report: ${link.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</sub>\n$`));
      const cmds = commands(r.stdout);
      expect(
        cmds.filter((l) => l.includes('95 more findings are not annotated') && l.includes('see the job summary and the workflow artifact agent-guard.')),
      ).toHaveLength(1);
      // 105 errors: the 11th error line would be hidden, so the outcome is a notice.
      expect(cmds.filter((l) => l.startsWith('::error'))).toHaveLength(10);
      expect(cmds.some((l) => l.startsWith('::notice title=agent-guard%3A the step fails::agent-guard: 105 finding(s), 105 error(s)'))).toBe(true);

      // Turned off: no artifact, no upload step; the summary says where the SARIF is.
      const off = await runAction({ actionDir: action.dir, workspace: repo.dir, bundle: PROBES, inputs: { 'upload-artifact': 'false', 'fail-on': 'never' } });
      expect(off.code).toBe(0);
      expect(off.outputs['artifact-dir']).toBe('');
      expect(off.next.find((n) => n.uses.startsWith('actions/upload-artifact@'))!.runs).toBe(false);
      expect(off.summary).toContain('… and 5 more findings in the SARIF file `agent-guard.sarif` on the runner.');
      expect(off.summary).not.toContain('#artifacts');
      // With upload to code scanning instead: the footer links code scanning.
      const scanning = await runAction({
        actionDir: action.dir,
        workspace: repo.dir,
        bundle: PROBES,
        inputs: { 'upload-artifact': 'false', 'upload-sarif': 'true', 'fail-on': 'never' },
      });
      expect(scanning.summary).toContain('full report: [code scanning](https://github.com/acme/agents/security/code-scanning)</sub>');
      expect(scanning.next.find((n) => n.uses.startsWith('github/codeql-action/upload-sarif@'))).toMatchObject({
        runs: true,
        with: { sarif_file: 'agent-guard.sarif', category: 'agent-guard' },
      });
    } finally {
      repo.cleanup();
    }
  });

  it('applies a baseline given as input', async () => {
    const repo = makeRepo({ 'old.py': `K = "${keys[22]}"\n`, 'new.py': `K = "${keys[23]}"\n` });
    try {
      const first = await runAction({ actionDir: action.dir, workspace: repo.dir, bundle: PROBES, inputs: { 'fail-on': 'never', 'sarif-file': 'all.sarif' } });
      expect(first.outputs.findings).toBe('2');
      const sarif = JSON.parse(readFileSync(join(repo.dir, 'all.sarif'), 'utf8'));
      const old = sarif.runs[0].results.find((x: any) => x.locations[0].physicalLocation.artifactLocation.uri === 'old.py');
      const fp = old.partialFingerprints['agentGuardFingerprint/v1'];
      writeFileSync(
        join(repo.dir, '.agent-guard-baseline.json'),
        JSON.stringify({ version: 1, tool: 'agent-guard', findings: [{ fingerprint: fp, ruleId: RULE, path: 'old.py', message: 'accepted' }] }),
      );
      const r = await runAction({ actionDir: action.dir, workspace: repo.dir, bundle: PROBES, inputs: { baseline: '.agent-guard-baseline.json' } });
      expect(r.outputs.findings).toBe('1');
      expect(r.code).toBe(1);
      expect(r.summary).toContain('1 finding in the baseline');
      expect(r.summary).toContain('`new.py:1`');
      expect(r.summary).not.toContain('`old.py:1`');
    } finally {
      repo.cleanup();
    }
  });

  it('with `cache: true` reuses the files unchanged since the last run and reports the same (issue 16)', async () => {
    const repo = makeRepo({ 'app.py': `K = "${keys[25]}"\n`, 'agent/tools.py': 'import os\n\ndef run(cmd):\n    os.system(cmd)\n', 'README.md': '# agents\n' });
    const cacheDir = tempDir('agent-guard-action-cache-');
    try {
      const inputs = { 'fail-on': 'never', history: 'none', cache: 'true', 'cache-location': join(cacheDir.dir, 'scan.json') };
      const report = (stdout: string) => /::stop-commands::(\w+)\n([^]*?)::\1::/.exec(stdout)?.[2];
      const first = await runAction({ actionDir: action.dir, workspace: repo.dir, bundle: PROBES, inputs });
      expect(report(first.stdout)).toContain('in 3 files scanned');
      rmSync(join(repo.dir, 'agent-guard.sarif')); // the report the step wrote: a new run starts from a fresh checkout
      expect(first.stdout).toMatch(/scan cache .*scan\.json: 0 of 3 files reused, 3 analyzed/);
      const second = await runAction({ actionDir: action.dir, workspace: repo.dir, bundle: PROBES, inputs });
      // app.py holds a key: never kept, analyzed every time
      expect(second.stdout).toMatch(/scan cache .*scan\.json: 2 of 3 files reused, 1 analyzed/);
      expect(second.outputs.findings).toBe(first.outputs.findings);
      expect(report(second.stdout)).toBe(report(first.stdout));
      expect(readFileSync(join(cacheDir.dir, 'scan.json'), 'utf8')).not.toContain(keys[25]);
      expectNoRawKeys(second.stdout + second.summary);
    } finally {
      repo.cleanup();
      cacheDir.cleanup();
    }
  });

  it('fails the step on a rule error (issue 18): an error annotation, the summary section, an unsuccessful SARIF run; the key still found', async () => {
    // One tool-payload line nested 50,000 deep overflows the stack of the payload walker.
    const repo = makeRepo({ 'tools.jsonl': `${'{"a":'.repeat(50000)}1${'}'.repeat(50000)}\n`, 'app.py': `K = "${keys[24]}"\n` });
    try {
      const r = await runAction({ actionDir: action.dir, workspace: repo.dir, bundle: PROBES, inputs: { 'sarif-file': 'out.sarif' } });
      expect(r.code).toBe(1);
      expect(r.outputs.findings).toBe('1');
      expect(commands(r.stdout).some((l) => /^::error title=agent-guard rule error,file=tools\.jsonl::rule tool-payload\//.test(l))).toBe(true);
      expect(r.summary).toContain('### Rule errors');
      expect(r.summary).toContain('**The step fails**');
      const invocation = JSON.parse(readFileSync(join(repo.dir, 'out.sarif'), 'utf8')).runs[0].invocations[0];
      expect(invocation.executionSuccessful).toBe(false);
      expectNoRawKeys(r.stdout + r.summary);
      const never = await runAction({ actionDir: action.dir, workspace: repo.dir, bundle: PROBES, inputs: { 'fail-on': 'never' } });
      expect(never.code).toBe(0);
      expect(never.summary).toContain('### Rule errors');
    } finally {
      repo.cleanup();
    }
  });

  it('refuses a `path` that leaves the workspace, through a symlink or ..', async () => {
    const outside = makeRepo({ 'secret.py': `K = "${keys[28]}"\n` });
    const repo = makeRepo({ 'a.py': 'x = 1\n', 'sub/b.py': 'y = 2\n' });
    try {
      symlinkSync(outside.dir, join(repo.dir, 'linkdir'));
      symlinkSync(join(repo.dir, 'sub'), join(repo.dir, 'insidelink'));
      for (const path of ['linkdir', 'linkdir/secret.py', '..', outside.dir]) {
        const r = await runAction({ actionDir: action.dir, workspace: repo.dir, bundle: PROBES, inputs: { path } });
        expect(r.code).toBe(1);
        expect(commands(r.stdout).some((l) => l.startsWith(`::error::agent-guard: input "path": ${path} is outside the workspace`))).toBe(true);
        expect(r.outputs.findings).toBeUndefined();
        expect(r.summary).toBe(''); // failed before scanning: nothing outside was read or reported
        expect(r.stdout).not.toContain('sk-ant-');
        expectNoRawKeys(r.stdout + r.summary);
      }
      // A symlink that stays inside the workspace is fine.
      const ok = await runAction({ actionDir: action.dir, workspace: repo.dir, bundle: PROBES, inputs: { path: 'insidelink', 'fail-on': 'never' } });
      expect(ok.code).toBe(0);
      expect(ok.outputs.findings).toBe('0');
    } finally {
      repo.cleanup();
      outside.cleanup();
    }
  });

  it('refuses a `config`, `baseline` or `sarif-file` outside the workspace (.., absolute, symlink) before scanning', async () => {
    // The workspace and, beside it, files a pull request must not make the Action read or overwrite.
    const parent = tempDir('agent-guard-confine-');
    try {
      const ws = join(parent.dir, 'ws');
      mkdirSync(ws);
      initRepo(ws, { 'a.py': `K = "${keys[29]}"\n`, 'cfg/agent-guard.yml': `rules:\n  ${RULE}: off\n`, 'reports/.keep': '' });
      const outsideFiles: Record<string, string> = {
        'outside.yml': `rules:\n  ${RULE}: off\n`,
        'outside.json': JSON.stringify({ version: 1, tool: 'agent-guard', findings: [] }),
        'outside.sarif': 'do not overwrite\n',
      };
      writeTree(parent.dir, outsideFiles);
      symlinkSync(join(parent.dir, 'outside.yml'), join(ws, 'link.yml'));
      symlinkSync(join(parent.dir, 'outside.json'), join(ws, 'link.json'));
      symlinkSync(join(parent.dir, 'outside.sarif'), join(ws, 'link.sarif'));
      symlinkSync(join(parent.dir, 'new.sarif'), join(ws, 'dangling.sarif'));
      symlinkSync(parent.dir, join(ws, 'linkdir'));
      const cases: [string, string][] = [
        ['config', '../outside.yml'],
        ['config', join(parent.dir, 'outside.yml')],
        ['config', 'link.yml'],
        ['baseline', '../outside.json'],
        ['baseline', join(parent.dir, 'outside.json')],
        ['baseline', 'link.json'],
        ['sarif-file', '../outside.sarif'],
        ['sarif-file', join(parent.dir, 'outside.sarif')],
        ['sarif-file', 'link.sarif'],
        ['sarif-file', 'dangling.sarif'],
        ['sarif-file', 'linkdir/new.sarif'],
      ];
      for (const [input, value] of cases) {
        const r = await runAction({ actionDir: action.dir, workspace: ws, bundle: PROBES, inputs: { [input]: value } });
        expect(r.code).toBe(1);
        const errors = commands(r.stdout).filter((l) => l.startsWith('::error::'));
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(
          new RegExp(
            `^::error::agent-guard: input "${input}": ${value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is outside the workspace \\(.*GITHUB_WORKSPACE\\)$`,
          ),
        );
        expect(r.outputs.findings).toBeUndefined();
        expect(r.summary).toBe(''); // failed before scanning
        expectNoRawKeys(r.stdout + r.summary);
        // Nothing outside the workspace was written, and the default SARIF was not written either.
        expect(readdirSync(parent.dir).sort()).toEqual(['outside.json', 'outside.sarif', 'outside.yml', 'ws']);
        for (const [name, text] of Object.entries(outsideFiles)) expect(readFileSync(join(parent.dir, name), 'utf8')).toBe(text);
        expect(existsSync(join(ws, 'agent-guard.sarif'))).toBe(false);
      }

      // Relative paths inside the workspace still work: the config turns the rule off, the SARIF goes to reports/.
      const ok = await runAction({
        actionDir: action.dir,
        workspace: ws,
        bundle: PROBES,
        inputs: { config: 'cfg/agent-guard.yml', 'sarif-file': 'reports/out.sarif' },
      });
      expect(ok.code).toBe(0);
      expect(ok.outputs.findings).toBe('0');
      expect(ok.outputs['sarif-file']).toBe('reports/out.sarif');
      expect(JSON.parse(readFileSync(join(ws, 'reports', 'out.sarif'), 'utf8')).runs[0].results).toEqual([]);
      // Without the config the key is found; a baseline inside the workspace is read.
      writeFileSync(join(ws, 'reports', 'baseline.json'), JSON.stringify({ version: 1, tool: 'agent-guard', findings: [] }));
      const found = await runAction({
        actionDir: action.dir,
        workspace: ws,
        bundle: PROBES,
        inputs: { baseline: 'reports/baseline.json', 'sarif-file': './reports/all.sarif', 'fail-on': 'never' },
      });
      expect(found.code).toBe(0);
      expect(found.outputs.findings).toBe('1');
      expect(existsSync(join(ws, 'reports', 'all.sarif'))).toBe(true);
    } finally {
      parent.cleanup();
    }
  });

  it('fails the step with a one-line reason on a bad input', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    try {
      const r = await runAction({ actionDir: action.dir, workspace: repo.dir, bundle: PROBES, inputs: { 'fail-on': 'sometimes' } });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('::error::agent-guard: input "fail-on" must be error, warning, note or never (got "sometimes")');
    } finally {
      repo.cleanup();
    }
  });
});

describe('two scans in one workflow (a monorepo)', () => {
  it('give each path its own category: upload-sarif category, automationDetails.id, artifact, and review comments', async () => {
    const repo = makeRepo({ 'packages/api/app.py': 'x = 1\n', 'packages/web/app.py': 'y = 2\n' });
    try {
      const base = git(repo.dir, 'rev-parse', 'HEAD').trim();
      git(repo.dir, 'checkout', '-q', '-b', 'feature/keys');
      writeTree(repo.dir, { 'packages/api/app.py': `x = 1\nK = "${keys[6]}"\n`, 'packages/web/app.py': `y = 2\nK = "${keys[7]}"\n` });
      git(repo.dir, 'commit', '-q', '-am', 'keys');
      const pr = { ...repo, base, head: git(repo.dir, 'rev-parse', 'HEAD').trim() };
      const server = await serverFor(pr);
      try {
        const scan = async (path: string) => {
          const r = await prRun(pr, server, { inputs: { path, 'upload-sarif': 'true' } });
          expect(r.code).toBe(0);
          return { r, sarif: JSON.parse(readFileSync(join(pr.dir, 'agent-guard.sarif'), 'utf8')) };
        };
        const api = await scan('packages/api');
        const web = await scan('./packages/web/');
        for (const [{ r, sarif }, category, artifact] of [
          [api, 'agent-guard/packages/api', 'agent-guard-packages-api'],
          [web, 'agent-guard/packages/web', 'agent-guard-packages-web'],
        ] as const) {
          expect(r.outputs.category).toBe(category);
          expect(sarif.runs[0].automationDetails).toEqual({ id: `${category}/` });
          expect(r.next.find((n) => n.uses.startsWith('github/codeql-action/upload-sarif@'))).toMatchObject({ runs: true, with: { category } });
          expect(r.next.find((n) => n.uses.startsWith('actions/upload-artifact@'))).toMatchObject({ runs: true, with: { name: artifact } });
          expect(r.outputs['artifact-dir'].endsWith(artifact)).toBe(true);
          expect(r.summary).toMatch(new RegExp(`^## agent-guard · \`${category}\`\n`));
        }
        expect(readdirSync(api.r.outputs['artifact-dir'])).toEqual(['agent-guard.sarif', 'agent-guard.txt']);

        // One comment per scan; the second scan does not resolve the first one's, a re-run of each changes nothing.
        expect(server.reviews.length).toBe(2);
        expect(server.comments.map((c) => `${c.path}:${c.line}`)).toEqual(['packages/api/app.py:2', 'packages/web/app.py:2']);
        expect(server.comments[1].body).toContain(' cat=agent-guard%2Fpackages%2Fweb -->');
        expect(server.comments.every((c) => c.body.includes('state=open'))).toBe(true);
        await scan('packages/api');
        await scan('packages/web');
        expect(server.writes().length).toBe(2);
        expect(server.comments.every((c) => c.body.includes('state=open'))).toBe(true);

        // An explicit category wins.
        const named = await prRun(pr, server, { inputs: { path: 'packages/api', category: 'security/api' } });
        expect(named.outputs.category).toBe('security/api');
        expect(named.outputs['artifact-name']).toBe('security-api');
        expect(JSON.parse(readFileSync(join(pr.dir, 'agent-guard.sarif'), 'utf8')).runs[0].automationDetails.id).toBe('security/api/');
      } finally {
        await server.stop();
      }
    } finally {
      repo.cleanup();
    }
  });
});

describe('the Action scans git history for secrets', () => {
  /** Commit `files` (null = delete) on the current branch of `dir`; returns the new commit id. */
  function commitFiles(dir: string, message: string, files: Record<string, string | null>): string {
    for (const [path, text] of Object.entries(files)) {
      if (text === null) git(dir, 'rm', '-q', path);
      else writeTree(dir, { [path]: text });
    }
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', message);
    return git(dir, 'rev-parse', 'HEAD').trim();
  }

  /**
   * base: app.py. The PR's first commit adds config.py with a key (keys[24]) and live.py with another
   * (keys[25]); the second deletes config.py. HEAD has the live.py key only.
   */
  function leakPr(): PrRepo & { leak: string; fix: string } {
    const repo = makeRepo({ 'agent/app.py': 'print("hello")\n', 'README.md': '# agents\n' });
    const base = git(repo.dir, 'rev-parse', 'HEAD').trim();
    git(repo.dir, 'checkout', '-q', '-b', 'feature/config');
    const leak = commitFiles(repo.dir, 'add config', {
      'agent/config.py': `import os\nANTHROPIC_API_KEY = "${keys[24]}"\n`,
      'agent/live.py': `KEY = "${keys[25]}"\n`,
    });
    const fix = commitFiles(repo.dir, 'oops, remove the key', { 'agent/config.py': null });
    return { ...repo, base, head: fix, leak, fix };
  }

  function sarifOf(dir: string): any {
    return JSON.parse(readFileSync(join(dir, 'agent-guard.sarif'), 'utf8'));
  }

  it('on a pull request reports a key added then deleted, with its commit and the rotate advice, but no review comment', async () => {
    const pr = leakPr();
    const server = await serverFor(pr);
    try {
      const r = await prRun(pr, server);
      expect(r.code).toBe(0);
      const short = pr.leak.slice(0, 7);
      const url = `https://github.com/acme/agents/commit/${pr.leak}`;

      // Summary: its own section, the linked short sha, the path at that commit, the advice.
      expect(r.summary).toContain('### Leaked in git history');
      expect(r.summary).toContain(`**${RULE}** in commit [\`${short}\`](${url})`);
      expect(r.summary).toContain('`agent/config.py:2`');
      expect(r.summary).toContain('**rotate it now**');
      expect(r.summary).toContain('Deleting it in a later commit is not enough');
      expect(r.summary).toMatch(new RegExp(`Scanned history ${pr.base.slice(0, 7)}\\.\\.${pr.head.slice(0, 7)}: 2 commits`));
      // Not a row of the findings table: that would link a line of the head commit, where the file is gone.
      expect(r.summary).not.toContain(`blob/${pr.head}/agent/config.py`);
      expect((r.summary.match(/^\| 🔴/gm) ?? []).length).toBe(1); // live.py only

      // Review: one comment (live.py, in HEAD); the leaked key is only mentioned in the body.
      expect(server.reviews.length).toBe(1);
      expect(server.comments.map((c) => `${c.path}:${c.line}`)).toEqual(['agent/live.py:1']);
      const review = server.writes()[0].body;
      expect(review.body).toContain('1 secret leaked in the git history');

      // Outputs count it.
      expect(r.outputs.findings).toBe('2');
      expect(r.outputs.errors).toBe('2');
      expect(r.outputs['history-findings']).toBe('1');

      // Annotation without a file or line, with the commit and the advice; the history summary as a notice.
      const cmds = commands(r.stdout);
      const leakAnnotation = cmds.filter((l) => l.startsWith(`::error title=agent-guard ${RULE} (git history%2C commit ${short})`));
      expect(leakAnnotation.length).toBe(1);
      expect(leakAnnotation[0]).not.toMatch(/file=|line=|col=/);
      expect(leakAnnotation[0]).toContain(`Where: agent/config.py:2 in commit ${short}`);
      expect(leakAnnotation[0]).toContain(`Commit: ${url}`);
      expect(leakAnnotation[0]).toContain('Rotate the key now');
      expect(cmds.some((l) => l.startsWith('::notice title=agent-guard%3A git history::Scanned history '))).toBe(true);

      // SARIF carries it as the CLI does: the commit in the result's properties, the range in the run's.
      const sarif = sarifOf(pr.dir);
      const fromHistory = sarif.runs[0].results.filter((x: any) => x.properties?.history === true);
      expect(fromHistory.length).toBe(1);
      expect(fromHistory[0].properties).toMatchObject({ commit: pr.leak, historyPath: 'agent/config.py', commitUrl: url });
      expect(sarif.runs[0].properties.history).toMatchObject({ since: pr.base, until: pr.head, commits: 2 });
      expect(sarif.runs[0].versionControlProvenance[0].repositoryUri).toBe('https://github.com/acme/agents');

      // The key never appears in full anywhere.
      expectNoRawKeys(JSON.stringify(server.requests.map((q) => q.body)) + r.stdout + r.stderr + r.summary + JSON.stringify(sarif) + JSON.stringify(r.outputs));
    } finally {
      await server.stop();
      pr.cleanup();
    }
  });

  it('on a shallow clone does not fail, and says how far back it could see and how to set fetch-depth: 0', async () => {
    const pr = leakPr();
    const clone = tempDir('agent-guard-shallow-');
    const server = await serverFor(pr);
    try {
      const dir = join(clone.dir, 'repo');
      git(clone.dir, 'clone', '-q', '--depth', '1', `file://${pr.dir}`, dir);
      expect(git(dir, 'rev-parse', '--is-shallow-repository').trim()).toBe('true');
      const r = await prRun({ ...pr, dir }, server);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      // One sentence about the shallow clone (it used to be two or three notices): how far back, what was adapted, the way out.
      const date = git(dir, 'show', '-s', '--format=%aI', pr.head).trim().slice(0, 10);
      const shallow =
        `Shallow clone: git history is visible back to commit ${pr.head.slice(0, 7)} (${date}) only, older commits were not scanned; ` +
        `the range's start ${pr.base.slice(0, 7)} is not in the clone, so every commit the clone has was scanned instead. ` +
        'To scan the whole range, set `fetch-depth: 0` in actions/checkout.';
      expect(r.summary.split(`Git history: ${mdCell(shallow)}\n`).length).toBe(2);
      expect(r.summary).not.toContain('shallow clone: history is visible');
      // All it could see is the head commit, which is the working tree: nothing new from history.
      expect(r.summary).not.toContain('### Leaked in git history');
      expect(r.outputs['history-findings']).toBe('0');
      expect(r.outputs.findings).toBe('1');
      const notices = commands(r.stdout).filter((l) => l.startsWith('::notice title=agent-guard%3A git history::'));
      expect(notices.filter((l) => /shallow|fetch-depth/i.test(l))).toEqual([`::notice title=agent-guard%3A git history::${shallow}`]);
      expect(notices.length).toBe(2); // what was scanned, and the shallow clone
      expectNoRawKeys(r.stdout + r.summary);
    } finally {
      await server.stop();
      clone.cleanup();
      pr.cleanup();
    }
  });

  it('with `history: none` does not scan history', async () => {
    const pr = leakPr();
    const server = await serverFor(pr);
    try {
      const r = await prRun(pr, server, { inputs: { history: 'none' } });
      expect(r.code).toBe(0);
      expect(r.summary).not.toContain('Leaked in git history');
      expect(r.summary).not.toContain('Scanned history');
      expect(r.outputs.findings).toBe('1');
      expect(r.outputs['history-findings']).toBe('0');
      expect(sarifOf(pr.dir).runs[0].properties).toBeUndefined();
    } finally {
      await server.stop();
      pr.cleanup();
    }
  });

  it('on a push event scans the pushed commits (before..after), and all of them with `history: full`', async () => {
    const repo = makeRepo({ 'README.md': '# agents\n' });
    try {
      // Pushed earlier: a key added and deleted. Pushed now: another key added and deleted.
      const oldLeak = commitFiles(repo.dir, 'old leak', { 'old.py': `K = "${keys[26]}"\n` });
      const before = commitFiles(repo.dir, 'old fix', { 'old.py': null });
      const newLeak = commitFiles(repo.dir, 'new leak', { 'new.py': `K = "${keys[27]}"\n` });
      const after = commitFiles(repo.dir, 'new fix', { 'new.py': 'import os\nK = os.environ["K"]\n' });
      const eventPath = join(repo.dir, '..', 'push-event.json');
      writeFileSync(
        eventPath,
        JSON.stringify({
          ref: 'refs/heads/main',
          before,
          after,
          created: false,
          deleted: false,
          forced: false,
          repository: { name: 'agents', full_name: 'acme/agents', owner: { login: 'acme' } },
        }),
      );

      const r = await runAction({
        actionDir: action.dir,
        workspace: repo.dir,
        eventName: 'push',
        eventPath,
        sha: after,
        bundle: PROBES,
        inputs: { 'fail-on': 'error' },
      });
      expect(r.code).toBe(1); // the leaked key is an error-level finding
      expect(r.outputs['history-findings']).toBe('1');
      expect(r.summary).toContain(`in commit [\`${newLeak.slice(0, 7)}\`](https://github.com/acme/agents/commit/${newLeak})`);
      expect(r.summary).toContain('`new.py:1`');
      expect(r.summary).not.toContain(oldLeak.slice(0, 7));
      expect(r.summary).toContain(`Scanned history ${before.slice(0, 7)}..${after.slice(0, 7)}: 2 commits`);
      expect(commands(r.stdout).some((l) => l.startsWith('::error::agent-guard: 1 finding(s), 1 error(s)'))).toBe(true);

      const full = await runAction({
        actionDir: action.dir,
        workspace: repo.dir,
        eventName: 'push',
        eventPath,
        sha: after,
        bundle: PROBES,
        inputs: { 'fail-on': 'never', history: 'full' },
      });
      expect(full.code).toBe(0);
      expect(full.outputs['history-findings']).toBe('2');
      expect(full.summary).toContain(`in commit [\`${oldLeak.slice(0, 7)}\`]`);
      expect(full.summary).toContain(`in commit [\`${newLeak.slice(0, 7)}\`]`);
      expectNoRawKeys(r.stdout + r.summary + full.stdout + full.summary + readFileSync(join(repo.dir, 'agent-guard.sarif'), 'utf8'));
    } finally {
      repo.cleanup();
    }
  });

  it('fails the step with a clear reason on an invalid `history` value', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    try {
      const r = await runAction({ actionDir: action.dir, workspace: repo.dir, bundle: PROBES, inputs: { history: 'sometimes' } });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('::error::agent-guard: input "history" must be auto, pr, push, full or none (got "sometimes")');
    } finally {
      repo.cleanup();
    }
  });
});
