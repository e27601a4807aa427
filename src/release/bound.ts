/**
 * How long attaching the ZIPs to a release can take at most, from the inputs and the files' sizes. Pure (no
 * Octokit): src/action/deadline.ts prints it with the step's bound once the sizes are known, and assets.ts ends
 * the uploads when it has passed, so the printed bound holds whatever the network does (a drip included).
 *
 * With T = `timeout-seconds`, A = `max-attempts`, R = the bound of one request with its retries
 * (A × T + (A − 1) × 30 s, as for every other request) and S a file's size in bytes:
 *
 * - one upload attempt (connecting, sending the whole file, reading the answer): T + ⌈S / 1 MiB⌉ s, i.e. the file
 *   at a minimum rate of 1 MiB/s on top of `timeout-seconds`;
 * - one file: A upload attempts, and before each further attempt a wait of at most 30 s, a re-read of the asset
 *   list (P pages of 100 assets, P = 1 below 100 assets) and the delete of a partial upload ((P + 1) R); then the
 *   check that GitHub lists it complete, the delete of the old asset and the rename (3 R):
 *   A × (T + ⌈S / 1 MiB⌉ s) + (A − 1) × (30 s + (P + 1) R) + 3 R;
 * - the step's release part: the asset list (P R), each file in turn, and one R per temporary asset an earlier run
 *   left behind.
 *
 * With the defaults (T = 60 s, A = 3, R = 4 min) one 100 MiB file is bounded by 3 × 160 s + 2 × 510 s + 12 min =
 * 37 min, plus 4 min for the list.
 */
import { DEFAULT_RETRY_POLICY, transferAttemptMs, worstCaseMs } from '../http/retry.ts';

/** GitHub's largest page of assets (`per_page` up to 100). */
export const ASSETS_PER_PAGE = 100;

export interface ReleaseBoundInput {
  /** `timeout-seconds` in ms. */
  timeoutMs: number;
  /** `max-attempts`. */
  maxAttempts: number;
}

/** The longest wait before a retry, as worstCaseMs counts it (30 s with the default policy). */
function longestWaitMs(): number {
  return worstCaseMs({ ...DEFAULT_RETRY_POLICY, maxAttempts: 2 }, 0);
}

/** One request with its retries (the asset list's page, the check, a delete, the rename). */
export function releaseRequestMs({ timeoutMs, maxAttempts }: ReleaseBoundInput): number {
  return worstCaseMs({ ...DEFAULT_RETRY_POLICY, maxAttempts }, timeoutMs);
}

/** One file of `sizeBytes`: A × (T + ⌈S / 1 MiB⌉ s) + (A − 1) × (30 s + (P + 1) R) + 3 R. */
export function releaseAssetBoundMs(sizeBytes: number, input: ReleaseBoundInput, listPages = 1): number {
  const request = releaseRequestMs(input);
  return (
    input.maxAttempts * transferAttemptMs(input.timeoutMs, sizeBytes) +
    (input.maxAttempts - 1) * (longestWaitMs() + (listPages + 1) * request) +
    3 * request
  );
}

/** Pages of the asset list while the step runs: the assets already there plus one temporary asset per file. */
export function assetListPages(existingAssets: number, files: number): number {
  return Math.floor((existingAssets + files) / ASSETS_PER_PAGE) + 1;
}

export interface ReleaseStepBoundInput extends ReleaseBoundInput {
  /** The files' sizes in bytes, in upload order. */
  sizes: readonly number[];
  /** Assets on the release before the step (default 0: one page). */
  existingAssets?: number;
  /** Temporary assets an earlier run left behind, deleted after the replacement (default 0). */
  staleAssets?: number;
}

/** The release part of a step: the asset list's pages, every file in turn and the stale temporary assets. */
export function releaseBoundMs(input: ReleaseStepBoundInput): number {
  const request = releaseRequestMs(input);
  const pages = assetListPages(input.existingAssets ?? 0, input.sizes.length);
  const files = input.sizes.reduce((sum, size) => sum + releaseAssetBoundMs(size, input, pages), 0);
  return pages * request + files + (input.staleAssets ?? 0) * request;
}
