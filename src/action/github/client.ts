import { getOctokit } from '@actions/github';
import { globalRedactor } from '../../core/redact.js';
import { DEFAULT_RETRY_POLICY, retryDelay, type HttpFailure, type RetryPolicy } from './retry.js';
import { trimEndChar } from '../../core/text.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  token: string;
  /** GITHUB_API_URL (GitHub Enterprise, or a local test server). */
  baseUrl: string;
  retry?: Partial<RetryPolicy>;
  /** Called before each wait, for the log. */
  onRetry?: (info: { method: string; url: string; status: number; delayMs: number; attempt: number }) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** Every string leaving for GitHub passes the redactor: a secret can only be sent masked. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return globalRedactor.redact(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'headers' || k === 'request' ? v : redactDeep(v);
    return out as T;
  }
  return value;
}

export function failureOf(err: unknown): HttpFailure | null {
  const e = err as { status?: unknown; response?: { headers?: Record<string, string>; data?: { message?: string } }; message?: string };
  if (typeof e?.status !== 'number') return null;
  return { status: e.status, headers: e.response?.headers ?? {}, message: `${e.response?.data?.message ?? ''} ${e.message ?? ''}` };
}

/** An Octokit from @actions/github pointed at `baseUrl`, retrying rate limits (primary and secondary) with backoff. */
export function createClient(options: ClientOptions): GitHubClient {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const octokit = getOctokit(options.token, { baseUrl: trimEndChar(options.baseUrl, '/') });
  octokit.hook.wrap('request', async (request, requestOptions) => {
    const safe = redactDeep(requestOptions);
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(safe);
      } catch (err) {
        const failure = failureOf(err);
        const method = String(requestOptions.method ?? 'GET');
        const delay = failure ? retryDelay(failure, attempt, policy, method) : null;
        if (delay === null || !failure) throw err;
        options.onRetry?.({ method, url: String(requestOptions.url), status: failure.status, delayMs: delay, attempt: attempt + 1 });
        await sleep(delay);
      }
    }
  });
  return octokit;
}
