import { existsSync, readFileSync } from 'node:fs';
import { trimEndChar } from '../core/text.js';

/** What the action needs from the workflow run: read from the runner's environment, never from a module-level singleton. */
export interface RunContext {
  eventName: string;
  owner: string;
  repo: string;
  serverUrl: string;
  apiUrl: string;
  sha: string;
  runId: string;
  workspace: string;
  pullRequest: PullRequestInfo | null;
  /** The pushed range on `push` events (null on other events, or when the payload lacks it). */
  push: PushInfo | null;
}

export interface PushInfo {
  /** Commit the ref pointed at before the push; all zeros when the push created the ref. */
  before: string;
  /** Commit the ref points at after the push; all zeros when the push deleted the ref. */
  after: string;
}

export interface PullRequestInfo {
  number: number;
  baseSha: string;
  headSha: string;
  /** The head branch lives in another repository: GITHUB_TOKEN is read-only on `pull_request` events. */
  fromFork: boolean;
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

export function readRunContext(env: NodeJS.ProcessEnv, cwd: string): RunContext {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the event payload is untyped JSON, read field by field below
  let payload: Record<string, any> = {};
  const eventPath = env.GITHUB_EVENT_PATH;
  if (eventPath && existsSync(eventPath)) {
    try {
      payload = JSON.parse(readFileSync(eventPath, 'utf8'));
    } catch {
      payload = {};
    }
  }
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  let [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) {
    owner = payload.repository?.owner?.login ?? '';
    repo = payload.repository?.name ?? '';
  }
  const pr = payload.pull_request;
  const pullRequest: PullRequestInfo | null =
    PR_EVENTS.has(eventName) && pr && typeof pr.number === 'number'
      ? {
          number: pr.number,
          baseSha: String(pr.base?.sha ?? ''),
          headSha: String(pr.head?.sha ?? env.GITHUB_SHA ?? ''),
          fromFork: Boolean(pr.head?.repo?.full_name && pr.base?.repo?.full_name && pr.head.repo.full_name !== pr.base.repo.full_name),
        }
      : null;
  const sha = (v: unknown) => (typeof v === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(v) ? v.toLowerCase() : '');
  const push: PushInfo | null =
    eventName === 'push' && (sha(payload.before) || sha(payload.after)) ? { before: sha(payload.before), after: sha(payload.after) } : null;
  return {
    eventName,
    owner,
    repo,
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    sha: pullRequest?.headSha || env.GITHUB_SHA || '',
    runId: env.GITHUB_RUN_ID ?? '',
    workspace: env.GITHUB_WORKSPACE || cwd,
    pullRequest,
    push,
  };
}

/** The workflow run's page (`…/actions/runs/<id>`), or undefined outside a run. */
export function runUrl(ctx: Pick<RunContext, 'serverUrl' | 'owner' | 'repo' | 'runId'>): string | undefined {
  return ctx.runId && ctx.owner && ctx.repo ? `${trimEndChar(ctx.serverUrl, '/')}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}` : undefined;
}
