/**
 * Retrying GitHub's rate limits. GitHub answers 429, or 403 with a rate-limit message, for both the
 * primary limit (x-ratelimit-remaining: 0, wait until x-ratelimit-reset) and secondary limits
 * (retry-after seconds, else wait at least a minute and back off exponentially). See
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */
export interface RetryPolicy {
  /** Attempts after the first one. */
  maxRetries: number;
  /** Cap on one wait, in ms (tests set it low; a primary limit far away is not waited out in full). */
  maxDelayMs: number;
  /** Base of the exponential backoff when GitHub gives no hint, in ms. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, maxDelayMs: 120_000, baseDelayMs: 60_000 };

export interface HttpFailure {
  status: number;
  headers: Record<string, string | number | undefined>;
  message: string;
}

function header(h: HttpFailure['headers'], name: string): string | undefined {
  const v = h[name] ?? h[name.toLowerCase()];
  return v === undefined ? undefined : String(v);
}

export function isRateLimited(f: HttpFailure): boolean {
  if (f.status === 429) return true;
  if (f.status !== 403) return false;
  return header(f.headers, 'retry-after') !== undefined || header(f.headers, 'x-ratelimit-remaining') === '0' || /rate limit/i.test(f.message);
}

/** Delay before retry number `attempt` (0-based), or null when the failure is not retryable. */
export function retryDelay(f: HttpFailure, attempt: number, policy: RetryPolicy, method: string, now = Date.now()): number | null {
  if (attempt >= policy.maxRetries) return null;
  let delay: number;
  if (isRateLimited(f)) {
    const retryAfter = header(f.headers, 'retry-after');
    const reset = header(f.headers, 'x-ratelimit-reset');
    if (retryAfter !== undefined && /^\d+(\.\d+)?$/.test(retryAfter.trim())) delay = Number(retryAfter) * 1000;
    else if (retryAfter !== undefined && !Number.isNaN(Date.parse(retryAfter))) delay = Date.parse(retryAfter) - now;
    else if (header(f.headers, 'x-ratelimit-remaining') === '0' && reset !== undefined) delay = Number(reset) * 1000 - now + 1000;
    else delay = policy.baseDelayMs * 2 ** attempt;
  } else if (f.status >= 500 && ['GET', 'HEAD'].includes(method.toUpperCase())) {
    delay = Math.min(policy.baseDelayMs, 1000) * 2 ** attempt;
  } else {
    return null;
  }
  return Math.max(0, Math.min(delay, policy.maxDelayMs));
}
