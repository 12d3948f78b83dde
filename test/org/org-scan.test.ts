import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fakeKey, seededRng } from '../../src/families/secret/fake-keys.js';
import { git, initRepo, tempDir } from '../helpers/repo.js';

/**
 * The organisation scan (issue 16, item 6) end to end, as the reusable workflow runs it: scripts/org/
 * list-repos.mjs against a GitHub API stand-in on 127.0.0.1 (pages, a rate-limited first answer, forks,
 * archived and empty repositories), scan-shard.mjs per shard over 24 real git repositories cloned through
 * file:// with the shipped bundle and SARIF uploads to the stand-in, then aggregate.mjs twice to show what
 * is new since the last report.
 */
const OWNER = 'acme';
const TOKEN = `test-token-${'x'.repeat(8)}-not-a-credential`;
const TOOLS_PY = readFileSync('examples/vulnerable-agent/agent/tools.py', 'utf8');

type Repo = { name: string; fork?: boolean; archived?: boolean; size?: number; files?: Record<string, string>; missing?: boolean };

/** 20 scannable repositories of three kinds, three to be left out, and one that cannot be cloned. */
function organisation(): Repo[] {
  const repos: Repo[] = [];
  for (let i = 0; i < 20; i++) {
    const name = `service-${String(i).padStart(2, '0')}`;
    const kind = i % 3;
    const files: Record<string, string> =
      kind === 0
        ? { '.env': `OPENAI_API_KEY=${fakeKey('openai-project', seededRng(100 + i)).key}\n` }
        : kind === 1
          ? { 'agent/tools.py': TOOLS_PY }
          : { 'README.md': `# ${name}\n`, 'src/index.ts': 'export const answer = 42;\n' };
    repos.push({ name, size: 10 + i * 7, files });
  }
  repos.push({ name: 'old-fork', fork: true, size: 5, files: { 'a.txt': 'x\n' } });
  repos.push({ name: 'legacy', archived: true, size: 5, files: { 'a.txt': 'x\n' } });
  repos.push({ name: 'empty', size: 0 });
  repos.push({ name: 'gone', size: 3, missing: true });
  return repos;
}

type Upload = { repo: string; body: { commit_sha: string; ref: string; sarif: string; tool_name: string }; auth?: string };

/** The stand-in: org repository list in pages of 7 (the first request answered 429 once), SARIF uploads. */
function githubStandIn(repos: Repo[]) {
  const uploads: Upload[] = [];
  const seen: string[] = [];
  let throttled = false;
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let text = '';
    for await (const chunk of req) text += chunk; // the whole request is read before any answer, as a server must
    seen.push(`${req.method} ${url.pathname}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials' });
    if (req.method === 'GET' && url.pathname === `/orgs/${OWNER}/repos`) {
      if (!throttled) {
        throttled = true;
        return send(429, { message: 'slow down' }, { 'retry-after': '1' });
      }
      const page = Number(url.searchParams.get('page') ?? '1');
      const items = repos.slice((page - 1) * 7, page * 7).map((r) => ({
        name: r.name,
        full_name: `${OWNER}/${r.name}`,
        fork: !!r.fork,
        archived: !!r.archived,
        disabled: false,
        size: r.size ?? 1,
      }));
      const last = Math.ceil(repos.length / 7);
      const port = (server.address() as AddressInfo).port;
      const link = page < last ? { link: `<http://127.0.0.1:${port}/orgs/${OWNER}/repos?type=all&per_page=100&page=${page + 1}>; rel="next"` } : undefined;
      return send(200, items, link);
    }
    const upload = /^\/repos\/acme\/([^/]+)\/code-scanning\/sarifs$/.exec(url.pathname);
    if (req.method === 'POST' && upload) {
      if (upload[1] === 'service-05') return send(403, { message: 'Advanced Security must be enabled for this repository to use code scanning.' });
      uploads.push({ repo: upload[1], body: JSON.parse(text) });
      return send(202, { id: `upload-${uploads.length}`, url: 'x' });
    }
    send(404, { message: 'Not Found' });
  });
  return { server, uploads, seen };
}

function runScript(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`scripts/org/${script}`, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('organisation scan scripts (scripts/org/)', () => {
  const t = tempDir('agent-guard-org-');
  const repos = organisation();
  const stand = githubStandIn(repos);
  let api = '';
  let env: Record<string, string> = {};
  let matrix: { include: { shard: number; repos: string }[] } = { include: [] };

  beforeAll(async () => {
    await new Promise<void>((resolve) => stand.server.listen(0, '127.0.0.1', resolve));
    api = `http://127.0.0.1:${(stand.server.address() as AddressInfo).port}`;
    for (const repo of repos.filter((r) => !r.missing && r.files)) {
      const dir = join(t.dir, 'remote', OWNER, repo.name);
      mkdirSync(dir, { recursive: true });
      initRepo(dir, repo.files);
    }
    env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api, GITHUB_OUTPUT: join(t.dir, 'output.txt'), GITHUB_STEP_SUMMARY: join(t.dir, 'summary.md') };
    writeFileSync(env.GITHUB_OUTPUT, '');
    writeFileSync(env.GITHUB_STEP_SUMMARY, '');
  });

  afterAll(async () => {
    await new Promise((resolve) => stand.server.close(resolve));
    t.cleanup();
  });

  it('lists the organisation across pages, waits out a 429, leaves out forks, archived and empty repositories, and deals balanced shards', async () => {
    const listed = await runScript('list-repos.mjs', ['--owner', OWNER, '--per-shard', '5', '--exclude', 'nothing-*'], env);
    expect(listed.stderr).toContain('acme: 21 of 24 repositories to scan in 5 shard(s)');
    expect(listed.code).toBe(0);
    matrix = JSON.parse(listed.stdout);
    const names = matrix.include.flatMap((s) => s.repos.split(' '));
    expect(names).toHaveLength(21);
    expect(new Set(names).size).toBe(21);
    expect(names).toContain('acme/gone');
    for (const left of ['acme/old-fork', 'acme/legacy', 'acme/empty']) expect(names).not.toContain(left);
    expect(matrix.include.map((s) => s.shard)).toEqual([1, 2, 3, 4, 5]);
    // Balanced by size: no shard carries more than twice the lightest.
    const weights = matrix.include.map((s) => s.repos.split(' ').reduce((n, r) => n + (repos.find((x) => `${OWNER}/${x.name}` === r)?.size ?? 0), 0));
    expect(Math.max(...weights)).toBeLessThanOrEqual(2 * Math.min(...weights));
    expect(readFileSync(env.GITHUB_OUTPUT, 'utf8')).toContain(`matrix=${JSON.stringify(matrix)}\ncount=21\n`);
    expect(stand.seen.filter((s) => s.startsWith('GET'))).toHaveLength(1 + Math.ceil(repos.length / 7)); // the 429 then 4 pages

    const again = await runScript('list-repos.mjs', ['--owner', OWNER, '--per-shard', '5', '--exclude', 'service-1*,gone'], env);
    const kept = (JSON.parse(again.stdout) as typeof matrix).include.flatMap((s) => s.repos.split(' '));
    expect(kept.sort()).toEqual(repos.filter((r) => /^service-0/.test(r.name)).map((r) => `${OWNER}/${r.name}`));
  }, 30000);

  it('scans every shard, uploads each SARIF, records a clone that failed, and never shows the token', async () => {
    const results = join(t.dir, 'results');
    const runs = [];
    for (const shard of matrix.include) {
      const out = join(results, `agent-guard-org-shard-${shard.shard}`);
      runs.push(
        await runScript('scan-shard.mjs', ['--repos', shard.repos, '--out', out, '--clone-url', `file://${t.dir}/remote/{repo}`, '--upload-sarif'], env),
      );
    }
    const output = runs.map((r) => r.stdout + r.stderr).join('\n');
    expect(output).not.toContain(TOKEN);
    expect(runs.filter((r) => r.code === 1)).toHaveLength(1); // the shard holding acme/gone
    expect(runs.filter((r) => r.code === 0)).toHaveLength(4);
    expect(output).toMatch(/acme\/gone: clone-failed: /);

    const records = readdirSync(results, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    expect(records).toHaveLength(21);
    const record = (name: string) =>
      JSON.parse(
        readFileSync(
          join(
            results,
            records.find((f) => f.endsWith(`acme__${name}.json`))!,
          ),
          'utf8',
        ),
      );
    expect(record('service-00')).toMatchObject({
      repository: 'acme/service-00',
      status: 'scanned',
      exitCode: 1,
      ref: 'refs/heads/main',
      upload: { id: expect.any(String) },
    });
    expect(record('service-00').commit).toBe(git(join(t.dir, 'remote', OWNER, 'service-00'), 'rev-parse', 'HEAD').trim());
    expect(record('service-02')).toMatchObject({ status: 'scanned', exitCode: 0 });
    expect(record('service-05').upload.error).toContain('403 ');
    expect(record('gone')).toMatchObject({ status: 'clone-failed' });

    // Each upload is the repository's SARIF for its commit, gzip + base64 as the API takes it.
    const refused = records.map((f) => JSON.parse(readFileSync(join(results, f), 'utf8'))).filter((r) => r.upload?.error);
    expect(refused.map((r) => `${r.repository}: ${r.upload.error}`)).toEqual([expect.stringMatching(/^acme\/service-05: GitHub API POST .* 403 /)]);
    expect(stand.uploads).toHaveLength(19);
    const first = stand.uploads.find((u) => u.repo === 'service-00')!;
    expect(first.body).toMatchObject({ commit_sha: record('service-00').commit, ref: 'refs/heads/main', tool_name: 'agent-guard' });
    const sarif = JSON.parse(gunzipSync(Buffer.from(first.body.sarif, 'base64')).toString('utf8'));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('secret/openai-api-key');
  }, 240000);

  it('aggregates one report per repository and family, fails closed on the unscanned one, and counts what is new since the last report', async () => {
    const results = join(t.dir, 'results');
    const first = await runScript('aggregate.mjs', ['--results', results, '--out', join(t.dir, 'report-1')], env);
    expect(first.code).toBe(1); // acme/gone could not be scanned
    const report = JSON.parse(readFileSync(join(t.dir, 'report-1', 'report.json'), 'utf8'));
    expect(report.totals).toMatchObject({ repositories: 21, unscanned: 1, ruleErrors: 0, new: null });
    const entry = (name: string) => report.repositories.find((r: { repository: string }) => r.repository === `${OWNER}/${name}`);
    expect(entry('service-00').byFamily.secret).toMatchObject({ total: 1, error: 1 });
    expect(entry('service-01').byFamily['tool-input'].total).toBeGreaterThan(0);
    expect(entry('service-01').byFamily.secret).toBeUndefined();
    expect(entry('service-02').total).toBe(0);
    expect(report.totals.byFamily.secret).toBe(7); // services 00, 03, …, 18
    const markdown = readFileSync(join(t.dir, 'report-1', 'report.md'), 'utf8');
    expect(markdown).toContain('21 repositories scanned');
    expect(markdown).toMatch(/## Not scanned\n\n- acme\/gone: clone-failed/);
    expect(markdown).toMatch(/## SARIF not uploaded\n\n- acme\/service-05: GitHub API POST/);
    expect(markdown).toMatch(/\| acme\/service-00 \| 1 \(1 error\) \| 0 \| 0 \| 0 \| – \| 0 \|/);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toBe(markdown);

    // Next run: one repository gains a second key; only it has something new.
    const changed = join(t.dir, 'remote', OWNER, 'service-02');
    writeFileSync(join(changed, '.env'), `ANTHROPIC_API_KEY=${fakeKey('anthropic', seededRng(7)).key}\n`);
    git(changed, 'add', '.env');
    git(changed, 'commit', '-q', '-m', 'add settings');
    const out = join(t.dir, 'results-2', 'shard');
    await runScript(
      'scan-shard.mjs',
      ['--repos', `${OWNER}/service-02 ${OWNER}/service-03`, '--out', out, '--clone-url', `file://${t.dir}/remote/{repo}`],
      env,
    );
    const aggregateAgain = (failOn: string) =>
      runScript(
        'aggregate.mjs',
        ['--results', join(t.dir, 'results-2'), '--out', join(t.dir, 'report-2'), '--previous', join(t.dir, 'report-1', 'report.json'), '--fail-on', failOn],
        env,
      );
    expect((await aggregateAgain('never')).code).toBe(0);
    const next = JSON.parse(readFileSync(join(t.dir, 'report-2', 'report.json'), 'utf8'));
    const newCounts = Object.fromEntries(next.repositories.map((r: { repository: string; new: number }) => [r.repository, r.new]));
    expect(newCounts).toEqual({ [`${OWNER}/service-02`]: 1, [`${OWNER}/service-03`]: 0 });
    expect(next.totals.new).toBe(1);
    expect((await aggregateAgain('error')).code).toBe(1); // a new error-level finding at --fail-on error
    expect(readFileSync(join(t.dir, 'report-2', 'report.md'), 'utf8')).toContain('**1 new**');
  }, 120000);

  it('refuses bad arguments with one line and exit 2', async () => {
    const bad = await runScript('scan-shard.mjs', ['--repos', '../etc/passwd', '--out', join(t.dir, 'x')], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const unknown = await runScript('list-repos.mjs', ['--owner', OWNER, '--shards', '3'], env);
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toContain('unknown or incomplete argument: --shards');
  });
});
