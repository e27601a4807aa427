/**
 * The export action's whole run: the export (export-run.ts), then the download of its ZIPs when `download-dir` is
 * set (download-run.ts), then, with `release-assets`, their upload to the event's release (release/). A failure
 * after the export does not lose it: the outcome carries the failure, so the edge publishes the export's outputs and
 * summary first and then fails the step with it.
 */

import { describeBound } from '../action/deadline.ts';
import type { RunDeps } from '../action/deps.ts';
import { proxyFromEnv } from '../http/proxy.ts';
import { DEFAULT_RETRY_POLICY } from '../http/retry.ts';
import { loadReleaseTarget, type ReleaseTarget } from '../release/event.ts';
import { exportBound } from './bound.ts';
import { type DownloadedFile, runDownloadStep } from './download.ts';
import type { Plan } from './inputs.ts';
import { type RunOutcome, runExport } from './run.ts';

export type ExportStepOutcome = RunOutcome & {
  /** The downloaded files in `zip-files` order; empty when `download-dir` is off, in a dry run, or on failure. */
  files: DownloadedFile[];
  /** The release assets' download URLs, in `zip-files` order, when `release-assets` attached the files. */
  releaseAssetUrls?: string[];
  /** Why the download or the upload failed, after the export succeeded. */
  failure?: Error;
};

export async function runExportStep(plan: Plan, deps: RunDeps): Promise<ExportStepOutcome> {
  // Read before anything is sent: an event payload without a release fails the step first.
  const release = plan.releaseAssets ? await loadReleaseTarget(deps.env.GITHUB_EVENT_PATH) : undefined;
  const outcome = await runExport(plan, deps);
  let files: DownloadedFile[] = [];
  try {
    files = await runDownloadStep(plan, outcome, {
      transport: deps.transport,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: plan.maxAttempts },
      timeoutMs: plan.timeoutMs,
      now: deps.now,
      mask: deps.mask,
      info: deps.info,
      warning: deps.warning,
    });
  } catch (error) {
    return { ...outcome, files: [], failure: asError(error) };
  }
  if (!release) return { ...outcome, files };
  if (outcome.dryRun) {
    deps.info(`Dry run: the downloaded ZIPs would be attached to release ${release.tagName}`);
    return { ...outcome, files };
  }
  // The bound again, now that the files to attach are known: the release part included (release/bound.ts).
  deps.info(
    describeBound(
      exportBound(
        plan,
        files.map((file) => file.size),
        files.map((file) => file.size),
      ),
    ),
  );
  try {
    const releaseAssetUrls = await attachToRelease(plan, release, files, deps);
    return { ...outcome, files, releaseAssetUrls };
  } catch (error) {
    return { ...outcome, files, failure: asError(error) };
  }
}

/** Uploads the downloaded files as assets of the event's release; @actions/github is loaded only here. */
async function attachToRelease(
  plan: Plan,
  release: ReleaseTarget,
  files: readonly DownloadedFile[],
  deps: RunDeps,
): Promise<string[]> {
  const { uploadReleaseAssets } = await import('../release/assets.ts');
  return uploadReleaseAssets(
    files.map((file) => file.path),
    {
      release,
      token: plan.releaseAssets?.token ?? '',
      apiUrl: deps.env.GITHUB_API_URL || 'https://api.github.com',
      // The same proxy rule as every other request (the edge logged and checked these settings).
      proxy: proxyFromEnv(deps.env),
      timeoutMs: plan.timeoutMs,
      maxAttempts: plan.maxAttempts,
      info: deps.info,
      warning: deps.warning,
      // The step's bound again once the release's assets are known, when they add to it.
      onListed: (listed) => {
        const sizes = files.map((file) => file.size);
        deps.info(describeBound(exportBound(plan, sizes, sizes, listed)));
      },
    },
  );
}

/** The `release-asset-urls` output, set only when the files were attached. */
export function releaseOutputs(urls: readonly string[]): Record<string, string> {
  return { 'release-asset-urls': JSON.stringify(urls) };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
