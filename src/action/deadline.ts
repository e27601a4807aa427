/**
 * How long a step can take at most, from what each action says it sends: every request is bounded by `worstCaseMs`,
 * and a run makes its requests one after the other (the job list's further pages 8 at a time). Pure; the README
 * states the same rule.
 */

import type { AuthMode } from '../auth/modes.ts';
import { DEFAULT_RETRY_POLICY, worstCaseMs } from '../http/retry.ts';
import { downloadBoundMs } from '../obs/download.ts';

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
  /** Downloads, when `download-dir` is set: see DownloadsBound. */
  downloads?: DownloadsBound;
}

/**
 * The downloads' share of a step. Each ZIP of S bytes takes at most `downloadBoundMs(S)`: the wait for a missing
 * ZIP, plus `max-attempts` attempts of `timeout-seconds` + S at 1 MiB/s, with the longest waits between them.
 */
export interface DownloadsBound {
  /** Downloads whose size is known, included in stepMs. */
  known: number;
  /** ZIPs whose size is not known yet ('listed later' before the export lists them), not included in stepMs. */
  pending: number | 'listed later';
  /** What a ZIP of unknown size adds: this, plus perMiBMs for each MiB of it. */
  perZipMs: number;
  perMiBMs: number;
}

/** What bounds a step: each request's timeout and attempts, and how many requests it makes one after the other. */
export interface BoundInput {
  timeoutMs: number;
  maxAttempts: number;
  /** Requests made one after the other, the first job-list page included. */
  requests: number;
  /** Whether the job list is read, so that its further pages (LIST_PAGES_AT_ONCE at a time) add to the bound. */
  pagedList?: boolean;
  /**
   * Downloads after the requests: 'listed later' while the ZIPs are not known (before the export answers), then
   * one entry per ZIP, its size once OBS stated it (undefined until then).
   */
  downloads?: 'listed later' | readonly (number | undefined)[];
}

export function stepBound({ timeoutMs, maxAttempts, requests, pagedList = false, downloads }: BoundInput): StepBound {
  const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts };
  const perRequestMs = worstCaseMs(policy, timeoutMs);
  const bound: StepBound = { perRequestMs, sequentialRequests: requests, stepMs: requests * perRequestMs, pagedList };
  if (downloads === undefined) return bound;
  const sizes = downloads === 'listed later' ? [] : downloads.filter((size) => size !== undefined);
  bound.stepMs += sizes.reduce((sum, size) => sum + downloadBoundMs(policy, timeoutMs, size), 0);
  bound.downloads = {
    known: sizes.length,
    pending: downloads === 'listed later' ? downloads : downloads.length - sizes.length,
    perZipMs: downloadBoundMs(policy, timeoutMs, 0),
    // Each attempt gets 1 s per MiB (MIN_TRANSFER_BYTES_PER_S).
    perMiBMs: maxAttempts * 1000,
  };
  return bound;
}

/**
 * The requests an authentication mode makes before the first call to DLI. With `obs` (downloads), keyless also
 * asks for the federation's unscoped token, which temporary OBS keys are issued for.
 */
export function authRequests(mode: AuthMode, { obs = false }: { obs?: boolean } = {}): number {
  if (mode === 'oidc') return obs ? 3 : 2; // the GitHub ID token, the IAM token, (the unscoped IAM token)
  if (mode === 'password') return 1;
  return 0;
}

/** The log line: "each request ends within 4 min; this step within 12 min (3 requests)...". */
export function describeBound(bound: StepBound): string {
  const pages = bound.pagedList
    ? `, plus ${duration(bound.perRequestMs)} for every ${LIST_PAGES_AT_ONCE} job-list pages after the first`
    : '';
  return `Time limit: each request ends within ${duration(bound.perRequestMs)} with its retries; this step within ${duration(bound.stepMs)} (${bound.sequentialRequests} request(s) in turn${pages}${describeDownloads(bound.downloads)})`;
}

function describeDownloads(downloads: DownloadsBound | undefined): string {
  if (downloads === undefined) return '';
  const known = downloads.known > 0 ? `, ${downloads.known} download(s) of known size` : '';
  const which =
    downloads.pending === 'listed later'
      ? 'each ZIP downloaded'
      : downloads.pending > 0
        ? `each of the ${downloads.pending} other ZIP(s)`
        : undefined;
  const pending =
    which === undefined
      ? ''
      : `, plus ${duration(downloads.perZipMs)} and ${duration(downloads.perMiBMs)} per MiB for ${which}`;
  return `${known}${pending}`;
}

function duration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
}
