/**
 * The one retry policy: whether a request may be sent again, and how long to wait first. Every loop that repeats a
 * request (the transport, OBS transfers, GitHub uploads) runs through `retrying`; the functions below it are pure
 * (the caller supplies the random source and the clock).
 *
 * May be sent again: an answer 429 (the service says it did not run the request), and for an idempotent request
 * (reads, a PUT of the same bytes) 500, 502, 503 and 504; no answer, when the failure is transient (refused or reset
 * connections, per-attempt timeouts, temporary DNS failures) and the request is idempotent or cannot have reached the
 * service (refused, DNS, connect timeout). A request that changes something (export, import, a release-asset
 * upload) is thus never re-sent once the change may have been made and its answer lost (a 5xx, a reset or a timeout
 * after sending). Never: any other status (400, 401, 403, 404...), TLS and proxy refusals, unknown host names. In
 * particular an authentication failure is never retried: five failed AK/SK attempts lock the key for five minutes.
 */
import { ActionError } from './errors.ts';

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
/** The slowest transfer an attempt allows for, on top of `timeout-seconds`: 1 MiB/s (8 Mbit/s). */
export const MIN_TRANSFER_BYTES_PER_S = 1024 * 1024;

/**
 * The whole-transfer bound of one attempt that carries `bytes` (an OBS download or upload, a release-asset upload):
 * `timeout-seconds` plus the bytes at MIN_TRANSFER_BYTES_PER_S, ⌈bytes / 1 MiB⌉ s; pauses stay bounded by the timeout.
 */
export function transferAttemptMs(timeoutMs: number, bytes: number): number {
  return timeoutMs + Math.ceil(bytes / MIN_TRANSFER_BYTES_PER_S) * 1000;
}

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
function retryAfterMs(value: string | undefined, now: Date, policy: RetryPolicy): number | undefined {
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

/** What a failed attempt came to, as the policy reads it. */
export interface Failure {
  /** For the retry notice: "HTTP 503 ServerBusy, request ID r-1", or the network failure's line. */
  what: string;
  /** The status the service answered with; undefined when no answer came. */
  status?: number;
  /** The answer's Retry-After header, if any. */
  retryAfter?: string;
  /** No answer, and worth another attempt: refused, reset, timed out, a temporary DNS failure. */
  transient?: boolean;
  /** No answer, and the request cannot have reached the service: refused, DNS, TLS, connect timeout, proxy refusal. */
  notSent?: boolean;
}

/**
 * Whether a failed attempt may be made again (attempts left aside): see the module comment. `idempotent`: the request
 * may be repeated after it may have reached the service (a read, a PUT of the same bytes, or a request the caller
 * makes safe to repeat, e.g. by checking before each re-send whether the first one took effect).
 */
export function maySendAgain(failure: Failure, idempotent: boolean): boolean {
  if (failure.status !== undefined) {
    return failure.status === 429 || (idempotent && RETRYABLE_STATUSES.has(failure.status));
  }
  return failure.transient === true && (idempotent || failure.notSent === true);
}

/**
 * The wait before retry number `retry` (1 = the first) after `failure`, and the reason, as the notice says it: the
 * server's Retry-After (capped), else the throttling wait for a 429, else the backoff.
 */
export function waitBefore(
  retry: number,
  failure: Failure,
  policy: RetryPolicy,
  random: () => number,
  now: Date,
): { ms: number; why: string } {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const fromServer = retryAfterMs(failure.retryAfter, now, policy);
  if (fromServer !== undefined) {
    const capped = fromServer === policy.maxRetryAfterMs ? `, capped at ${seconds(policy.maxRetryAfterMs)}` : '';
    return {
      ms: fromServer,
      why: `retrying in ${seconds(fromServer)} as Retry-After: ${failure.retryAfter} asks${capped}`,
    };
  }
  if (failure.status === 429) {
    const ms = throttleMs(retry, policy, random);
    return { ms, why: `throttled, retrying in ${seconds(ms)}` };
  }
  const ms = backoffMs(retry, policy, random);
  return { ms, why: `retrying in ${seconds(ms)}` };
}

/** One attempt's result: the value it returned or the error it threw. */
export type Outcome<T> = { value: T } | { error: unknown };

/** What `retrying` needs besides the attempt itself. */
export interface Retrying {
  policy: RetryPolicy;
  /** Names the request in retry notices: "DLI job list", "OBS download of bucket/key". */
  operation: string;
  /** See `maySendAgain`. */
  idempotent: boolean;
  /** Where retry notices go (the runner log). */
  log?: (message: string) => void;
  /** Appended to each notice, e.g. why a re-send is safe. */
  note?: string;
  /** Waits `ms`; must reject with the signal's reason as soon as `signal` aborts. Default: `abortableSleep`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => Date;
  /**
   * The latest time (ms since the epoch, read before each retry) at which an attempt may start so that it can end by
   * a deadline: a retry that could start only later (after its wait) is not made, and the call ends with the last
   * outcome as if no attempt were left. Without it, only `maxAttempts` limits the retries.
   */
  startBy?: () => number;
}

/**
 * Makes `attempt(1)`, `attempt(2)`, ... until one is final: `classify` returns no failure (success, or an error the
 * policy does not know, which ends the call as it is), the policy refuses another attempt (`maySendAgain`),
 * `policy.maxAttempts` is reached, or the next attempt could not start by `startBy`. Between attempts it logs one
 * notice (operation, attempt n of max, the failure, the wait and why) and waits (`waitBefore`). Resolves with the final value and the number of attempts made;
 * rejects with the final error, an ActionError saying how many attempts were made when there was more than one.
 *
 * `signal` cancels: no attempt starts once it has aborted, the wait ends at once, and an attempt that fails while
 * it is aborted rejects with its own error, neither retried nor announced.
 */
export async function retrying<T>(
  options: Retrying,
  attempt: (attempt: number) => Promise<T>,
  classify: (outcome: Outcome<T>) => Failure | undefined,
  signal?: AbortSignal,
): Promise<{ value: T; attempts: number }> {
  const { policy } = options;
  const sleep = options.sleep ?? abortableSleep;
  for (let attempts = 1; ; attempts++) {
    signal?.throwIfAborted();
    let outcome: Outcome<T>;
    try {
      outcome = { value: await attempt(attempts) };
    } catch (error) {
      if (signal?.aborted) throw error;
      outcome = { error };
    }
    const failure = classify(outcome);
    const clock = options.now ?? now;
    const wait =
      failure && maySendAgain(failure, options.idempotent) && attempts < policy.maxAttempts
        ? waitBefore(attempts, failure, policy, options.random ?? Math.random, clock())
        : undefined;
    if (!failure || !wait || (options.startBy !== undefined && clock().getTime() + wait.ms > options.startBy())) {
      if ('value' in outcome) return { value: outcome.value, attempts };
      // A failure the policy judged (and retried) says how many attempts it took; an error the caller left
      // unclassified (a step inside the attempt that made it final, or a bug) ends the call as it is.
      throw attempts > 1 && failure && outcome.error instanceof ActionError
        ? outcome.error.afterAttempts(attempts)
        : outcome.error;
    }
    options.log?.(
      `${options.operation}: attempt ${attempts} of ${policy.maxAttempts} failed (${failure.what}); ${wait.why}` +
        (options.note ? `. ${options.note}` : ''),
    );
    await sleep(wait.ms, signal);
  }
}

const now = () => new Date();

/** setTimeout that ends early, rejecting with the abort reason, when `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
