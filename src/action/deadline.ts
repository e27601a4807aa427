/**
 * How long a step can take at most, from what each action says it sends: every request is bounded by `worstCaseMs`,
 * and a run makes its requests one after the other (the job list's further pages 8 at a time). Pure; the README
 * states the same rule.
 */

import type { AuthMode } from '../auth/modes.ts';
import { DEFAULT_RETRY_POLICY, worstCaseMs } from '../http/retry.ts';

/** Pages of the job list in flight at once: dli/list.ts's LIST_CONCURRENCY (not imported: that module loads lazily). */
export const LIST_PAGES_AT_ONCE = 8;

export interface StepBound {
  /** The longest one request can take, with every retry. */
  perRequestMs: number;
  /** Requests made one after the other, the first job-list page included (further pages not counted). */
  sequentialRequests: number;
  /** perRequestMs × sequentialRequests. */
  stepMs: number;
  /** Whether further job-list pages (each batch of LIST_PAGES_AT_ONCE bounded by perRequestMs) add to it. */
  pagedList: boolean;
  /** Job-list pages in flight at once, when not LIST_PAGES_AT_ONCE (the snapshot's detailed pages). */
  pagesAtOnce?: number;
}

/** What bounds a step: each request's timeout and attempts, and how many requests it makes one after the other. */
export interface BoundInput {
  timeoutMs: number;
  maxAttempts: number;
  /** Requests made one after the other, the first job-list page included. */
  requests: number;
  /** Whether the job list is read, so that its further pages (LIST_PAGES_AT_ONCE at a time) add to the bound. */
  pagedList?: boolean;
  /** Job-list pages in flight at once, when not LIST_PAGES_AT_ONCE. */
  pagesAtOnce?: number;
}

export function stepBound({ timeoutMs, maxAttempts, requests, pagedList = false, pagesAtOnce }: BoundInput): StepBound {
  const perRequestMs = worstCaseMs({ ...DEFAULT_RETRY_POLICY, maxAttempts }, timeoutMs);
  const bound: StepBound = { perRequestMs, sequentialRequests: requests, stepMs: requests * perRequestMs, pagedList };
  if (pagesAtOnce !== undefined) bound.pagesAtOnce = pagesAtOnce;
  return bound;
}

/** The requests an authentication mode makes before the first call to DLI. */
export function authRequests(mode: AuthMode): number {
  if (mode === 'oidc') return 2; // the GitHub ID token, then the IAM token
  if (mode === 'password') return 1;
  return 0;
}

/** The log line: "each request ends within 4 min; this step within 12 min (3 requests)...". */
export function describeBound(bound: StepBound): string {
  const pages = bound.pagedList
    ? `, plus ${duration(bound.perRequestMs)} for every ${bound.pagesAtOnce ?? LIST_PAGES_AT_ONCE} job-list pages after the first`
    : '';
  return `Time limit: each request ends within ${duration(bound.perRequestMs)} with its retries; this step within ${duration(bound.stepMs)} (${bound.sequentialRequests} request(s) in turn${pages})`;
}

function duration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
}
