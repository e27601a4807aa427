/**
 * How long a step can take at most, from what each action says it sends: every request is bounded by `worstCaseMs`,
 * and a run makes its requests one after the other (the job list's further pages 8 at a time). Pure; the README
 * states the same rule.
 */

import type { AuthMode } from '../auth/modes.ts';
import { DEFAULT_RETRY_POLICY, transferAttemptMs, worstCaseMs } from '../http/retry.ts';
import { RENEW_BEFORE_MS, TEMPORARY_KEY_SECONDS } from '../obs/credentials.ts';
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
  /** Files attached to a release (`release-assets`), whose bound is included in stepMs once their sizes are known. */
  releaseAssets?: number;
  /** Temporary OBS keys are renewed during the transfers (token modes): renewalsMs is added to the transfers. */
  renewKeys?: boolean;
  /** What the release held once its assets were listed, included in stepMs; absent before the list. */
  releaseListed?: ReleaseAssetsListed;
  /** Job-list pages in flight at once, when not LIST_PAGES_AT_ONCE (the snapshot's detailed pages). */
  pagesAtOnce?: number;
  /** What each local file adds (the import's `local-files`): its upload and its import; absent without local files. */
  perLocalFile?: { fixedMs: number; perMiBMs: number };
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

/** A release's assets as listed before the files are attached (release/bound.ts). */
export interface ReleaseAssetsListed {
  /** Assets on the release before the step. */
  existingAssets: number;
  /** Temporary assets an earlier run left behind, deleted after the replacement. */
  staleAssets: number;
}

const MIB = 1024 * 1024;

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
  /** Whether local files are uploaded and imported one by one (each adds an upload and an import). */
  localFiles?: boolean;
  /** Whether temporary OBS keys may be renewed during the transfers (token modes with downloads or uploads). */
  renewKeys?: boolean;
  /** Job-list pages in flight at once, when not LIST_PAGES_AT_ONCE. */
  pagesAtOnce?: number;
}

export function stepBound({
  timeoutMs,
  maxAttempts,
  requests,
  pagedList = false,
  downloads,
  localFiles = false,
  renewKeys = false,
  pagesAtOnce,
}: BoundInput): StepBound {
  const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts };
  const perRequestMs = worstCaseMs(policy, timeoutMs);
  const bound: StepBound = { perRequestMs, sequentialRequests: requests, stepMs: requests * perRequestMs, pagedList };
  if (pagesAtOnce !== undefined) bound.pagesAtOnce = pagesAtOnce;
  if (renewKeys) bound.renewKeys = true;
  // An upload is a request whose every attempt may take 1 s longer per MiB (transferAttemptMs); then its import.
  if (localFiles) {
    bound.perLocalFile = { fixedMs: 2 * perRequestMs, perMiBMs: maxAttempts * transferAttemptMs(0, MIB) };
  }
  if (downloads === undefined) return bound;
  const sizes = downloads === 'listed later' ? [] : downloads.filter((size) => size !== undefined);
  const transfers = sizes.reduce((sum, size) => sum + downloadBoundMs(policy, timeoutMs, size), 0);
  bound.stepMs += transfers + (renewKeys ? renewalsMs(transfers, perRequestMs) : 0);
  bound.downloads = {
    known: sizes.length,
    pending: downloads === 'listed later' ? downloads : downloads.length - sizes.length,
    perZipMs: downloadBoundMs(policy, timeoutMs, 0),
    // Each attempt gets 1 s per MiB (transferAttemptMs).
    perMiBMs: maxAttempts * transferAttemptMs(0, MIB),
  };
  return bound;
}

/** The step's bound once the local files' sizes are known: each adds its upload and its import. */
export function boundWithFiles(bound: StepBound, sizes: readonly number[]): number {
  const per = bound.perLocalFile;
  if (!per) return bound.stepMs;
  const files = sizes.reduce((total, size) => total + per.fixedMs + Math.ceil(size / MIB) * per.perMiBMs, 0);
  return bound.stepMs + files + (bound.renewKeys ? renewalsMs(files, bound.perRequestMs) : 0);
}

/**
 * What renewing temporary OBS keys adds to transfers that take `transfersMs` (token modes). Keys are asked for
 * TEMPORARY_KEY_SECONDS (15 min) and renewed RENEW_BEFORE_MS (5 min) before they run out, counted from when they were
 * asked for, so renewals come at most every 10 minutes; each ends within min(one request's bound, 5 min), and the
 * time between two is at least 10 min less that. Hence ⌈transfersMs / (10 min − each)⌉ renewals of `each`.
 */
export function renewalsMs(transfersMs: number, perRequestMs: number): number {
  if (transfersMs <= 0) return 0;
  const each = Math.min(perRequestMs, RENEW_BEFORE_MS);
  const everyMs = TEMPORARY_KEY_SECONDS * 1000 - RENEW_BEFORE_MS;
  return Math.ceil(transfersMs / (everyMs - each)) * each;
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
    ? `, plus ${duration(bound.perRequestMs)} for every ${bound.pagesAtOnce ?? LIST_PAGES_AT_ONCE} job-list pages after the first`
    : '';
  const files = bound.perLocalFile
    ? `, plus ${duration(bound.perLocalFile.fixedMs)} and ${duration(bound.perLocalFile.perMiBMs)} per MiB for each local file (its upload and its import)`
    : '';
  return `Time limit: each request ends within ${duration(bound.perRequestMs)} with its retries; this step within ${duration(bound.stepMs)} (${bound.sequentialRequests} request(s) in turn${pages}${describeDownloads(bound.downloads)}${describeRelease(bound.releaseAssets, bound.releaseListed)})${files}`;
}

function describeRelease(files: number | undefined, listed: ReleaseAssetsListed | undefined): string {
  if (files === undefined) return '';
  if (listed === undefined) return `, ${files} release asset(s) for a release of fewer than 100 assets`;
  const stale = listed.staleAssets > 0 ? `, ${listed.staleAssets} left by an earlier run to delete` : '';
  return `, ${files} release asset(s) for a release of ${listed.existingAssets} asset(s)${stale}`;
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

/** The log line once the local files are known: "Time limit with 3 local file(s) of 12 MiB: this step within 30 min". */
export function describeFilesBound(bound: StepBound, sizes: readonly number[]): string {
  const mib = Math.ceil(sizes.reduce((total, size) => total + size, 0) / MIB);
  return `Time limit with ${sizes.length} local file(s) of ${mib} MiB in all: this step within ${duration(boundWithFiles(bound, sizes))}`;
}

function duration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
}
