#!/usr/bin/env node
// Scans one shard of an organisation scan: for each repository, a shallow clone, one agent-guard scan
// written as SARIF (what code scanning takes and what the aggregate step reads), optionally that SARIF
// uploaded to the repository's code scanning, and a small result record. Clones are deleted as it goes.
//
//   node scripts/org/scan-shard.mjs --repos "org/a org/b" --out DIR [--upload-sarif]
//        [--clone-url 'https://github.com/{repo}.git'] [--agent-guard bin/agent-guard.js] [--timeout-minutes 20]
//
// GITHUB_TOKEN authenticates the clone (sent as an HTTP header through git's environment, never in a URL
// or on a command line) and the upload. A repository that cannot be cloned or scanned is recorded as
// such and the script exits 1 after the others: the organisation report lists it; it is never a clean result.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { githubClient, parseArgs, runScript } from './github-api.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

runScript('scan-shard', async () => {
  const args = parseArgs(process.argv.slice(2), {
    options: ['repos', 'out', 'clone-url', 'agent-guard', 'timeout-minutes'],
    flags: ['upload-sarif'],
  });
  if (!args.out) throw new Error('--out is required');
  const repos = (args.repos ?? '').split(/[\s,]+/).filter(Boolean);
  const invalid = repos.find((r) => !REPOSITORY.test(r) || r.includes('..'));
  if (invalid) throw new Error(`not an owner/name repository: ${JSON.stringify(invalid.slice(0, 100))}`);
  const cloneUrl = args['clone-url'] ?? `${process.env.GITHUB_SERVER_URL || 'https://github.com'}/{repo}.git`;
  const cli = resolve(args['agent-guard'] ?? join(here, '../../bin/agent-guard.js'));
  const timeoutMs = Number(args['timeout-minutes'] ?? 20) * 60_000;
  const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN || '';
  mkdirSync(args.out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'agent-guard-org-'));

  let failed = 0;
  try {
    for (const repo of repos) {
      const record = await scanRepository({ repo, url: cloneUrl.replaceAll('{repo}', repo), work, out: args.out, cli, timeoutMs, token });
      if (record.status === 'scanned' && args['upload-sarif']) record.upload = await uploadSarif(repo, record, args.out);
      writeFileSync(join(args.out, `${slug(repo)}.json`), `${JSON.stringify(record, null, 2)}\n`);
      if (record.status !== 'scanned') failed++;
      const what = record.status === 'scanned' ? `exit ${record.exitCode}` : `${record.status}: ${record.error}`;
      process.stderr.write(`${repo}: ${what} (${(record.durationMs / 1000).toFixed(1)} s)\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return failed > 0 ? 1 : 0;
});

/** `org/name` → `org__name`: a file name with no separator in it. */
function slug(repo) {
  return repo.replace('/', '__');
}

async function scanRepository({ repo, url, work, out, cli, timeoutMs, token }) {
  const started = Date.now();
  const dir = join(work, slug(repo));
  const record = { repository: repo, status: 'scanned', sarif: `${slug(repo)}.sarif` };
  const done = (fields) => Object.assign(record, fields, { durationMs: Date.now() - started });
  try {
    const cloned = git(['clone', '--quiet', '--depth', '1', '--no-tags', '--', url, dir], work, token, timeoutMs);
    if (cloned.status !== 0) return done({ status: 'clone-failed', error: oneLine(cloned, token) });
    record.commit = git(['rev-parse', 'HEAD'], dir, '', 60_000).stdout.trim();
    record.ref = `refs/heads/${git(['symbolic-ref', '--short', 'HEAD'], dir, '', 60_000).stdout.trim()}`;
    const scan = spawnSync(process.execPath, [cli, 'scan', dir, '--format', 'sarif', '--output', join(out, record.sarif), '--fail-on', 'error', '--quiet'], {
      encoding: 'utf8',
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GITHUB_TOKEN: '', GH_TOKEN: '' }, // the scan needs no token
    });
    if (scan.error?.code === 'ETIMEDOUT' || scan.signal) return done({ status: 'timed-out', error: `scan stopped after ${timeoutMs / 60_000} min` });
    // 0: clean, 1: findings or a rule error (both in the SARIF); anything else: no report.
    if (scan.status !== 0 && scan.status !== 1) return done({ status: 'scan-failed', exitCode: scan.status, error: oneLine(scan, token) });
    return done({ exitCode: scan.status });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** git with no user or system config; the token, when given, only as an HTTP header through the environment. */
function git(args, cwd, token, timeout) {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', GIT_LFS_SKIP_SMUDGE: '1' };
  delete env.GITHUB_TOKEN;
  delete env.GH_TOKEN;
  if (token) {
    Object.assign(env, {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
    });
  }
  return spawnSync('git', args, { cwd, env, encoding: 'utf8', timeout });
}

/** The last line of a failed program's output, with the token masked (git may echo a URL). */
function oneLine(result, token) {
  const text = `${result.stderr ?? ''}${result.stdout ?? ''}${result.error ? result.error.message : ''}`.trim();
  const lines = text.split('\n').filter(Boolean);
  const last = lines.find((line) => /^(fatal|error):/.test(line)) ?? lines.pop() ?? `exit ${result.status}`;
  return (token ? last.replaceAll(token, '***') : last).slice(0, 300);
}

/** POST the SARIF (gzip, base64) to the repository's code scanning; a refusal is recorded, not fatal. */
async function uploadSarif(repo, record, out) {
  try {
    const sarif = gzipSync(readFileSync(join(out, record.sarif))).toString('base64');
    const response = await githubClient().json('POST', `/repos/${repo}/code-scanning/sarifs`, {
      commit_sha: record.commit,
      ref: record.ref,
      sarif,
      tool_name: 'agent-guard',
    });
    return { id: response?.id ?? null };
  } catch (error) {
    return { error: error.message.slice(0, 300) };
  }
}
