import * as core from '@actions/core';
import { randomBytes } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../app/io.js';
import { exitCodeFor, failureReason } from '../app/scan-output.js';
import { applyBaseline, loadBaseline } from '../engine/baseline.js';
import { loadRootAndConfig, scan, type ScanResult } from '../engine/engine.js';
import { defaultJobs, parallelRunner, WarmWorkers } from '../engine/parallel.js';
import { cacheKey, ScanCache } from '../engine/cache.js';
import { workingTreeInput, type ScanInput } from '../sources/working-tree.js';
import { oneLine, UsageError } from '../core/errors.js';
import { globalRedactor } from '../core/redact.js';
import { type Rule } from '../core/types.js';
import { createClient, failureOf, type GitHubClient } from './github/client.js';
import type { ChangedFile } from './github/diff.js';
import { isRateLimited } from './github/retry.js';
import { jobSummaryMarkdown } from '../reporters/job-summary.js';
import { parseMarker, planReview, type ExistingComment } from '../reporters/pr-review.js';
import { sarifReporter } from '../reporters/sarif.js';
import { textReporter } from '../reporters/text.js';
import { countBySeverity } from '../reporters/types.js';
import { ALL_RULES } from '../families/index.js';
import { runHistoryScan } from '../app/history-options.js';
import { git, leavesRoot, toPosix, type ScanRoot } from '../sources/discover.js';
import { historySummary, type HistoryScanResult } from '../engine/history.js';
import { ANNOTATION_LIMITS, planAnnotations } from './annotations.js';
import { changedFilesFromApi, changedFilesFromGit } from './changed-files.js';
import { readRunContext, runUrl, type RunContext } from './event.js';
import { adaptHistoryResult, historyNotes, isHistoryFinding, planHistory } from './history.js';
import { isOwnLogin, tokenIdentity } from './identity.js';
import { writeArtifact } from './artifact.js';
import { artifactNameOf, defaultCategory, readInputs, resolveScanPath, resolveWorkspacePath, type ActionInputs } from './inputs.js';
import { visible } from '../core/display.js';
import { trimEndChar } from '../core/text.js';

export interface RunOptions {
  /** Rules to run (default: every rule agent-guard has). */
  rules?: Rule[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface RunOutcome {
  result: ScanResult;
  exitCode: number;
  changedFilesOnly: boolean;
  review: 'posted' | 'up-to-date' | 'skipped' | 'degraded' | 'failed' | 'off';
  /** The git-history part, when one ran (range, commits, notes). */
  history?: HistoryScanResult['history'];
}

const redact = (s: string) => globalRedactor.redact(s);

/**
 * Print text that contains scanned data (file names, messages) to the log with workflow commands turned
 * off, so a file named `x\n::error::…` cannot inject a command.
 */
function logUntrusted(text: string): void {
  const token = randomBytes(16).toString('hex');
  process.stdout.write(`::stop-commands::${token}\n${redact(text).replace(/\n?$/, '\n')}::${token}::\n`);
}

/** A 403 or 404 that is not a rate limit: the token may not do this (read-only token, fork PR, missing permission). */
function isPermissionError(err: unknown): boolean {
  const f = failureOf(err);
  return Boolean(f && (f.status === 403 || f.status === 404) && !isRateLimited(f));
}

function errorText(err: unknown): string {
  const f = failureOf(err);
  const message = (err as Error)?.message ?? String(err);
  return redact(oneLine(f ? `HTTP ${f.status}: ${message}` : message));
}

function repoTopLevel(dir: string): string | null {
  const r = git(dir, ['rev-parse', '--show-toplevel']);
  return r.ok ? r.stdout.toString().trim() || null : null;
}

function isInside(parent: string, child: string): boolean {
  return !leavesRoot(toPosix(relative(parent, child)));
}

function exists(abs: string): boolean {
  try {
    lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}

interface Changes {
  files: ChangedFile[];
  source: 'api' | 'git';
}

async function pullRequestChanges(ctx: RunContext, client: GitHubClient | null, repoRoot: string, notes: string[]): Promise<Changes | null> {
  const pr = ctx.pullRequest!;
  if (client) {
    try {
      const files = await changedFilesFromApi(client, { owner: ctx.owner, repo: ctx.repo, number: pr.number, baseSha: pr.baseSha, headSha: pr.headSha });
      return { files, source: 'api' };
    } catch (err) {
      core.info(`agent-guard: could not list the pull request's files through the API (${errorText(err)}); trying git`);
    }
  }
  const files = changedFilesFromGit(repoRoot, pr);
  if (files) return { files, source: 'git' };
  notes.push(
    'The changed files of the pull request could not be listed (no API access and the checkout lacks the base commit; use fetch-depth: 0): every file was scanned.',
  );
  return null;
}

/**
 * agent-guard's earlier comments on the pull request: those carrying its marker AND written by the
 * Action's own identity. Anyone can post a comment with a copied or forged marker; such a comment must
 * not stand in for ours (it cannot be updated, and it would hide or resolve our findings).
 */
async function listOurComments(client: GitHubClient, ctx: RunContext, botLogin: string): Promise<ExistingComment[]> {
  const comments = await client.paginate(client.rest.pulls.listReviewComments, {
    owner: ctx.owner,
    repo: ctx.repo,
    pull_number: ctx.pullRequest!.number,
    per_page: 100,
  });
  return comments
    .filter((c) => isOwnLogin(c.user?.login ?? '', botLogin) && parseMarker(c.body ?? '') !== null)
    .map((c) => ({ id: c.id, path: c.path, line: typeof c.line === 'number' ? c.line : null, body: c.body ?? '' }));
}

/** The whole action; `run()` wraps it with error handling. */
type ReviewInfo = { commented: number; outsideDiff: Set<string>; note?: string };

interface ReviewJob {
  client: GitHubClient;
  ctx: RunContext;
  pr: NonNullable<RunContext['pullRequest']>;
  changes: Changes;
  findings: ScanResult['findings'];
  pathPrefix: string;
  category: string;
  /** Notices for the summary when the review is incomplete. */
  degraded: string[];
}

/**
 * One review per run with the new comments, then each earlier comment of ours updated or resolved on its
 * own. A token without `pull-requests: write` degrades to a notice, never a failure.
 */
async function postReview({
  client,
  ctx,
  pr,
  changes,
  findings,
  pathPrefix,
  category,
  degraded,
}: ReviewJob): Promise<{ review: RunOutcome['review']; reviewInfo?: ReviewInfo }> {
  const addedLines = new Map(changes.files.map((f) => [f.path, f.addedLines]));
  try {
    const identity = await tokenIdentity(client);
    core.info(`agent-guard: the token writes as ${identity.login} (${identity.source}); its earlier comments are updated, not repeated`);
    const existing = await listOurComments(client, ctx, identity.login);
    const plan = planReview({ findings, addedLines, existing, commitId: pr.headSha, pathPrefix, summaryUrl: runUrl(ctx), category });
    if (plan.review) await client.rest.pulls.createReview({ owner: ctx.owner, repo: ctx.repo, pull_number: pr.number, ...plan.review });
    // Each earlier comment on its own: one that cannot be updated must not keep the others stale.
    const failed: { update: (typeof plan.updates)[number]; err: unknown }[] = [];
    for (const u of plan.updates) {
      try {
        await client.rest.pulls.updateReviewComment({ owner: ctx.owner, repo: ctx.repo, comment_id: u.comment_id, body: u.body });
      } catch (err) {
        failed.push({ update: u, err });
        core.info(`agent-guard: could not update review comment ${u.comment_id}: ${errorText(err)}`);
      }
    }
    // Nothing written and every update refused for lack of permission: the token cannot write reviews.
    if (!plan.review && failed.length && failed.length === plan.updates.length && failed.every((f) => isPermissionError(f.err))) throw failed[0].err;
    const done = plan.updates.filter((u) => !failed.some((f) => f.update === u));
    if (failed.length) {
      degraded.push(
        `${failed.length} earlier review comment${failed.length === 1 ? '' : 's'} of agent-guard could not be updated (see the log); ${failed.length === 1 ? 'it may be' : 'they may be'} out of date.`,
      );
    }
    core.info(
      `agent-guard: review ${plan.review ? `posted with ${plan.review.comments.length} comment(s)` : 'not needed (nothing new)'}; ${done.filter((u) => !u.resolved).length} comment(s) updated, ${done.filter((u) => u.resolved).length} resolved, ${plan.unchanged} unchanged${failed.length ? `, ${failed.length} could not be updated` : ''}`,
    );
    return {
      review: plan.review || done.length ? 'posted' : failed.length ? 'failed' : 'up-to-date',
      reviewInfo: { commented: plan.onDiff.size, outsideDiff: new Set(plan.outsideDiff.map((f) => f.fingerprint)) },
    };
  } catch (err) {
    if (isPermissionError(err)) {
      degraded.push(
        'The token cannot write pull-request reviews (grant `pull-requests: write` to get review comments); the findings are in the job summary and the SARIF report.',
      );
      return { review: 'degraded' };
    }
    core.warning(`agent-guard: posting the pull-request review failed: ${errorText(err)}`);
    return { review: 'failed' };
  }
}

export async function runAction(options: RunOptions = {}): Promise<RunOutcome> {
  const env = options.env ?? process.env;
  const rules = options.rules ?? ALL_RULES;
  const inputs: ActionInputs = readInputs(env);
  if (inputs.githubToken) core.setSecret(inputs.githubToken);
  const ctx = readRunContext(env, options.cwd ?? process.cwd());
  const pr = ctx.pullRequest;
  const notes: string[] = [];
  const degraded: string[] = [];

  // Every path input inside the workspace once symlinks are resolved, or the step fails before scanning.
  const scanPath = resolveScanPath(ctx.workspace, inputs.path);
  const configFile = inputs.config ? resolveWorkspacePath(ctx.workspace, 'config', inputs.config) : undefined;
  const baselineFile = inputs.baseline ? resolveWorkspacePath(ctx.workspace, 'baseline', inputs.baseline) : undefined;
  const sarifFile = inputs.sarifFile ? resolveWorkspacePath(ctx.workspace, 'sarif-file', inputs.sarifFile, 'write') : undefined;
  const { root, config } = loadRootAndConfig([scanPath], rules, configFile);
  const repoRoot = repoTopLevel(ctx.workspace) ?? ctx.workspace;
  const rel = toPosix(relative(repoRoot, root.root));
  const pathPrefix = rel && !leavesRoot(rel) ? `${rel}/` : '';
  // One code scanning category per scanned path, unless given: two scans in one workflow do not collide.
  const category = inputs.category || defaultCategory(toPosix(relative(ctx.workspace, scanPath)));
  core.setOutput('category', category);

  const changedFilesOnly = inputs.changedFilesOnly === 'auto' ? pr !== null : inputs.changedFilesOnly && pr !== null;
  if (inputs.changedFilesOnly === true && !pr) core.info('agent-guard: changed-files-only applies to pull_request events; scanning every file');
  const wantReview = pr !== null && (inputs.prReview === 'auto' || inputs.prReview);
  if (inputs.prReview === true && !pr) core.info('agent-guard: pr-review applies to pull_request events');

  const client = inputs.githubToken
    ? createClient({
        token: inputs.githubToken,
        baseUrl: ctx.apiUrl,
        retry: { maxDelayMs: inputs.rateLimitMaxWaitMs },
        onRetry: (r) =>
          core.info(`agent-guard: GitHub answered ${r.status} to ${r.method} ${r.url}; retry ${r.attempt} in ${Math.round(r.delayMs / 100) / 10}s`),
      })
    : null;

  const changes = pr && (changedFilesOnly || wantReview) ? await pullRequestChanges(ctx, client, repoRoot, notes) : null;
  const scanChangedOnly = changedFilesOnly && changes !== null;

  // The baseline is loaded before scanning, so a corrupt one fails the step at once (as `scan --baseline`).
  const baseline = baselineFile ? loadBaseline(baselineFile) : undefined;

  // Changed-files mode: only the files the PR changed are scanned, but rules still read any file of
  // the repository (a tool defined in another module, a payload's schema) through the repository view.
  let scannedPaths: string[] = [];
  const treeInput = (scanRoot: ScanRoot, cfg: typeof config): ScanInput => {
    const targets = scanChangedOnly
      ? changes!.files
          .filter((f) => f.path.startsWith(pathPrefix))
          .map((f) => join(scanRoot.root, ...f.path.slice(pathPrefix.length).split('/')))
          .filter((abs) => isInside(scanPath, abs) && exists(abs))
      : [scanPath];
    const input = workingTreeInput(scanRoot, targets, cfg);
    scannedPaths = input.entries.map((e) => e.path);
    return input;
  };

  // Git history (secrets only): the tree scan as above plus every blob the range introduced, through the
  // CLI's `--history` path; a key still in the working tree is reported once, by the tree scan.
  const historyDecision = planHistory(inputs.history, ctx, root.root, root.isGit);
  let history: HistoryScanResult['history'] | undefined;
  let scanned: ScanResult;
  if (historyDecision.plan) {
    if (inputs.cache) core.info('agent-guard: the scan cache is not used when git history is scanned too (history: none turns that off)');
    const plan = historyDecision.plan;
    const log: string[] = [];
    const io = { cwd: ctx.workspace, env, stdoutIsTTY: false, out: (t: string) => log.push(t), err: (t: string) => log.push(t) };
    const raw = (await runHistoryScan(plan, root, config, treeInput(root, config), rules, io)) as HistoryScanResult;
    logUntrusted(`agent-guard: git history of ${plan.scope}\n${log.join('')}`);
    const adapted = adaptHistoryResult(raw, {
      root: root.root,
      pathScope: toPosix(relative(root.root, scanPath)),
      repositoryUrl: ctx.owner && ctx.repo ? `${trimEndChar(ctx.serverUrl, '/')}/${ctx.owner}/${ctx.repo}` : undefined,
    });
    history = adapted.history;
    scanned = adapted;
  } else {
    // Every core of the runner: worker threads when the scan is large enough (engine/parallel.ts). With the
    // `cache` input, unchanged files are reused from the cache file (outside the workspace by default).
    const cache = inputs.cache
      ? new ScanCache(
          inputs.cacheLocation
            ? resolve(ctx.workspace, inputs.cacheLocation)
            : join(env.RUNNER_TEMP || tmpdir(), 'agent-guard-cache', `${artifactNameOf(category)}.json`),
          cacheKey(config, rules),
        )
      : undefined;
    // A full scan of a large repository: the workers start loading while the files are listed.
    const warm = new WarmWorkers(cache || scanChangedOnly ? 1 : defaultJobs(), root);
    const runner = parallelRunner(defaultJobs(), undefined, warm, (reason, files) =>
      core.info(
        `agent-guard: a worker thread stopped (${reason}): ${files ? `${files} files it took are reported as not analyzed` : 'before it took any file'}`,
      ),
    );
    try {
      scanned = await scan({
        paths: [scanPath],
        rules,
        config,
        root,
        input: async (scanRoot, cfg) => treeInput(scanRoot, cfg),
        runner: cache ? cache.runner(runner) : runner,
      });
    } finally {
      warm.stop();
    }
    if (cache) {
      for (const w of cache.warnings) core.warning(`agent-guard: ${redact(w)}`);
      const s = cache.stats;
      core.info(`agent-guard: scan cache ${cache.file}: ${s.reused} of ${s.files} files reused, ${s.analyzed} analyzed`);
    }
  }
  // Same function as `agent-guard scan --baseline`: baselined findings are dropped, stale entries become notices.
  const baselineOutcome = baseline ? applyBaseline(scanned, baseline, { scannedPaths }) : undefined;
  const result = baselineOutcome ? baselineOutcome.result : scanned;
  const counts = countBySeverity(result);
  const textReport = textReporter(result);
  logUntrusted(textReport);

  // SARIF first: whatever happens with the GitHub API, the full report is on disk.
  // The category is the run's automationDetails.id too (upload-sarif's `category` is ignored when the file has one).
  const sarif = sarifReporter(result, { category });
  let sarifOut = '';
  if (sarifFile) {
    writeFileAtomic(sarifFile, sarif);
    sarifOut = inputs.sarifFile;
  }
  // The full reports as a workflow artifact (the next step of action.yml uploads the directory): without
  // code scanning, the findings past the caps of annotations and summary are reachable there.
  const artifact = inputs.uploadArtifact ? writeArtifact(env, artifactNameOf(category), sarif, redact(textReport)) : undefined;
  core.setOutput('artifact-name', artifact?.name ?? '');
  core.setOutput('artifact-dir', artifact?.dir ?? '');

  // The pull-request review.
  let review: RunOutcome['review'] = 'off';
  let reviewInfo: ReviewInfo | undefined;
  if (wantReview && pr) {
    if (!client) {
      review = 'skipped';
      degraded.push('No github-token: pull-request review comments were skipped; the findings are in this summary and the SARIF report.');
    } else if (pr.fromFork && ctx.eventName === 'pull_request') {
      review = 'degraded';
      degraded.push(
        'Pull request from a fork: the token is read-only, so no review comments were posted; the findings are in the job summary and the SARIF report.',
      );
    } else if (!changes) {
      review = 'skipped';
    } else {
      ({ review, reviewInfo } = await postReview({ client, ctx, pr, changes, findings: result.findings, pathPrefix, category, degraded }));
    }
  }

  // What the history scan covered (and what it could not see) as notices: they have no file to sit on. A
  // shallow clone is said once.
  const historyNoteList = historyNotes(historyDecision, history, root.root);
  if (!history) notes.push(...historyNoteList);
  const historyNotices = [...(history ? [`Scanned ${historySummary(history)}`] : []), ...historyNoteList];

  // Where the complete report is: the summary and the annotations are capped.
  const fullReport = artifact
    ? {
        label: `workflow artifact \`${artifact.name}\``,
        url: runUrl(ctx) ? `${runUrl(ctx)}#artifacts` : undefined,
        text: `the workflow artifact ${artifact.name}`,
      }
    : inputs.uploadSarif && sarifOut
      ? {
          label: 'code scanning',
          url: ctx.owner && ctx.repo ? `${trimEndChar(ctx.serverUrl, '/')}/${ctx.owner}/${ctx.repo}/security/code-scanning` : undefined,
          text: `code scanning (category ${category})`,
        }
      : sarifOut
        ? { label: `the SARIF file \`${sarifOut}\` on the runner`, text: `the SARIF report ${sarifOut}` }
        : { label: 'the log of this step', text: 'the log of this step' };

  // The outcome. GitHub shows at most 10 error annotations per step: after 10 error findings an 11th
  // `::error` (the failure line) would be hidden, so the outcome is then a notice (and in the summary).
  const exitCode = exitCodeFor(result, inputs.failOn);
  const failure = failureReason(result, inputs.failOn);
  const ruleErrorsText = result.ruleErrors.length ? `, ${result.ruleErrors.length} rule error(s)` : '';
  const outcomeLine = `agent-guard: ${result.findings.length} finding(s), ${counts.error} error(s), ${counts.warning} warning(s)${ruleErrorsText}; failing at fail-on: ${inputs.failOn}`;
  // A rule that failed on a file is an error annotation too (a blind spot is never cut for a finding).
  const ruleErrorAnnotations = inputs.annotations ? result.ruleErrors.slice(0, ANNOTATION_LIMITS.perLevel - 1) : [];
  const outcomeAsNotice = exitCode !== 0 && inputs.annotations && counts.error + ruleErrorAnnotations.length >= ANNOTATION_LIMITS.perLevel;

  // Annotations, most severe first, within GitHub's limits; then the notices.
  if (inputs.annotations) {
    for (const e of ruleErrorAnnotations) {
      core.error(redact(`${visible(e.reason)}\nThis file was not fully analyzed: a finding in it may be missing.`), {
        title: 'agent-guard rule error',
        file: visible(`${pathPrefix}${e.path}`),
      });
    }
    const plan = planAnnotations(result.findings, {
      pathPrefix,
      reservedErrors: ruleErrorAnnotations.length,
      reservedNotices: degraded.length + historyNotices.length + (outcomeAsNotice ? 1 : 0),
      overflowText: (n) =>
        `agent-guard: ${n} more finding${n === 1 ? ' is' : 's are'} not annotated (GitHub shows at most 10 annotations of each level per step): see the job summary and ${fullReport.text}.`,
    });
    for (const a of plan.annotations) {
      // @actions/core escapes workflow-command characters in the message and in every property (file, title).
      core[a.level](redact(a.message), { ...a.properties, title: redact(a.properties.title ?? 'agent-guard') });
    }
  }
  for (const d of degraded) core.notice(redact(d), { title: 'agent-guard' });
  for (const n of historyNotices) core.notice(redact(n), { title: 'agent-guard: git history' });

  // Job summary.
  if (env.GITHUB_STEP_SUMMARY) {
    const markdown = jobSummaryMarkdown(result, {
      links: ctx.owner && ctx.sha ? { serverUrl: ctx.serverUrl, repository: `${ctx.owner}/${ctx.repo}`, sha: ctx.sha, pathPrefix } : undefined,
      category,
      fullReport: { label: fullReport.label, ...(fullReport.url ? { url: fullReport.url } : {}) },
      ...(failure ? { failure } : {}),
      changedFilesOnly: scanChangedOnly,
      review: reviewInfo,
      ...(baselineOutcome && inputs.baseline ? { baseline: { file: inputs.baseline, suppressed: baselineOutcome.baselined } } : {}),
      notes: [...notes, ...degraded],
      ...(history ? { history: { summary: historySummary(history), notes: historyNoteList } } : {}),
    });
    try {
      await core.summary.addRaw(redact(markdown)).write();
    } catch (err) {
      core.warning(`agent-guard: could not write the job summary: ${errorText(err)}`);
    }
  }

  core.setOutput('findings', String(result.findings.length));
  core.setOutput('errors', String(counts.error));
  core.setOutput('warnings', String(counts.warning));
  core.setOutput('sarif-file', sarifOut);
  core.setOutput('history-findings', String(result.findings.filter(isHistoryFinding).length));

  if (outcomeAsNotice) {
    core.notice(outcomeLine, { title: 'agent-guard: the step fails' });
    process.exitCode = 1;
  } else if (exitCode !== 0) {
    core.setFailed(outcomeLine);
  }
  return { result, exitCode, changedFilesOnly: scanChangedOnly, review, ...(history ? { history } : {}) };
}

/** Entry point of the Action bundle: never throws; a problem fails the step with a one-line, redacted reason. */
export async function run(options: RunOptions = {}): Promise<void> {
  try {
    await runAction(options);
  } catch (err) {
    const message = err instanceof UsageError ? err.message : `internal error: ${(err as Error)?.message ?? String(err)}`;
    core.setFailed(`agent-guard: ${redact(oneLine(message))}`);
    // With step debug logging on (re-run with "Enable debug logging", or the secret ACTIONS_STEP_DEBUG).
    if (!(err instanceof UsageError)) core.debug(redact(String((err as Error)?.stack ?? '')));
  }
}
