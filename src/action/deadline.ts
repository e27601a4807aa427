/**
 * How long a step can take at most, from the plan: every request is bounded by `worstCaseMs`, and a run makes its
 * requests one after the other (the job list's further pages 8 at a time). Pure; the README states the same rule.
 */

import type { Plan } from '../export/inputs.ts';
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
}

/** `changes`: the requests that change something, one after the other (one export; one import per ZIP). */
export function stepBound(
  plan: Pick<Plan, 'auth' | 'jobNames' | 'listExported' | 'dryRun' | 'timeoutMs' | 'maxAttempts'>,
  changes = 1,
): StepBound {
  const perRequestMs = worstCaseMs({ ...DEFAULT_RETRY_POLICY, maxAttempts: plan.maxAttempts }, plan.timeoutMs);
  const pagedList = plan.jobNames.length > 0 || plan.listExported;
  // A dry run without the job list sends nothing at all.
  const calls =
    plan.dryRun && !pagedList ? 0 : authRequests(plan.auth.mode) + (pagedList ? 1 : 0) + (plan.dryRun ? 0 : changes);
  return { perRequestMs, sequentialRequests: calls, stepMs: calls * perRequestMs, pagedList };
}

function authRequests(mode: Plan['auth']['mode']): number {
  if (mode === 'oidc') return 2; // the GitHub ID token, then the IAM token
  if (mode === 'password') return 1;
  return 0;
}

/** The log line: "each request ends within 4 min; this step within 12 min (3 requests)...". */
export function describeBound(bound: StepBound): string {
  const pages = bound.pagedList
    ? `, plus ${duration(bound.perRequestMs)} for every ${LIST_PAGES_AT_ONCE} job-list pages after the first`
    : '';
  return `Time limit: each request ends within ${duration(bound.perRequestMs)} with its retries; this step within ${duration(bound.stepMs)} (${bound.sequentialRequests} request(s) in turn${pages})`;
}

function duration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
}
