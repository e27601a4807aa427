/**
 * When to retry and how long to wait. Pure: the caller supplies the random source and the clock.
 *
 * Retried: HTTP 429, 500, 502, 503, 504, refused or reset connections, per-attempt timeouts, and temporary DNS
 * failures. Never retried: any other status (400, 401, 403, 404...), TLS and proxy refusals, unknown host names.
 * In particular an authentication failure is never retried: five failed AK/SK attempts lock the key for five minutes.
 */

export interface RetryPolicy {
  /** Attempts in total, including the first (the `max-attempts` input, 1..10). */
  maxAttempts: number;
  /** Full-jitter exponential backoff: a random wait in [0, min(maxDelayMs, baseDelayMs * 2^(retry-1))]. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Throttling (429) without Retry-After waits at least this long: Huawei Cloud advises 2-5 s. */
  throttleDelayMs: number;
  /** A server's Retry-After is honoured up to this cap. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Omit<RetryPolicy, 'maxAttempts'> = {
  baseDelayMs: 1000,
  maxDelayMs: 10_000,
  throttleDelayMs: 2000,
  maxRetryAfterMs: 30_000,
};

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** The longest one call can take: every attempt times out, and every wait is as long as the policy allows. */
export function worstCaseMs(policy: RetryPolicy, timeoutMs: number): number {
  const longestWait = Math.max(policy.maxDelayMs, policy.maxRetryAfterMs, policy.throttleDelayMs * 2.5);
  return policy.maxAttempts * timeoutMs + (policy.maxAttempts - 1) * longestWait;
}

/** The wait before retry number `retry` (1 = the first retry). `random` returns [0, 1). */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** A 429 without Retry-After: 2 s plus jitter up to 5 s, per Huawei Cloud's advice, or the backoff if longer. */
export function throttleMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const jitter = Math.floor(random() * policy.throttleDelayMs * 1.5);
  return Math.max(policy.throttleDelayMs + jitter, backoffMs(retry, policy, random));
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. Capped. */
export function retryAfterMs(value: string | undefined, now: Date, policy: RetryPolicy): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    // An HTTP date starts with the day name ("Thu, 26 Nov 2026 10:00:10 GMT"); V8's lenient Date.parse would
    // otherwise read "-5" or "1.5" as dates.
    if (!/^[A-Za-z]{3}, /.test(text)) return undefined;
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    ms = Math.max(0, date - now.getTime());
  }
  return Math.min(ms, policy.maxRetryAfterMs);
}
