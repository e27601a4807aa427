/**
 * The export's time limit: its requests in turn (authentication, the job list's first page when read, the export),
 * then, with `download-dir`, the temporary-key request in token modes and each ZIP's download, bounded by its size
 * once OBS states it. Pure; the README states the same rule.
 */
import { authRequests, type ReleaseAssetsListed, type StepBound, stepBound } from '../action/deadline.ts';
import { releaseBoundMs } from '../release/bound.ts';
import type { Plan } from './inputs.ts';

export type BoundPlan = Pick<Plan, 'auth' | 'jobNames' | 'listExported' | 'dryRun' | 'timeoutMs' | 'maxAttempts'> &
  Partial<Pick<Plan, 'download'>>;

/**
 * `sizes`: one entry per ZIP DLI listed, its size once known; absent before the export answers. A dry run
 * downloads nothing. `releaseSizes`: the downloaded files' sizes once they are to be attached to the release
 * (`release-assets`), whose part (release/bound.ts, for a release of fewer than 100 assets) is then included;
 * `releaseAssets`: what the release held once its assets were listed (more pages, temporary assets to delete).
 */
export function exportBound(
  plan: BoundPlan,
  sizes?: readonly (number | undefined)[],
  releaseSizes?: readonly number[],
  releaseAssets?: ReleaseAssetsListed,
): StepBound {
  const pagedList = plan.jobNames.length > 0 || plan.listExported;
  const downloading = plan.download !== undefined && !plan.dryRun;
  // A dry run without the job list sends nothing at all.
  const requests =
    plan.dryRun && !pagedList
      ? 0
      : authRequests(plan.auth.mode, { obs: downloading }) +
        (pagedList ? 1 : 0) +
        (plan.dryRun ? 0 : 1) +
        (downloading && plan.auth.mode !== 'access-key' ? 1 : 0);
  const bound = stepBound({
    timeoutMs: plan.timeoutMs,
    maxAttempts: plan.maxAttempts,
    requests,
    pagedList,
    ...(downloading ? { downloads: sizes ?? 'listed later' } : {}),
    renewKeys: downloading && plan.auth.mode !== 'access-key',
  });
  if (releaseSizes === undefined) return bound;
  const release = releaseBoundMs({
    timeoutMs: plan.timeoutMs,
    maxAttempts: plan.maxAttempts,
    sizes: releaseSizes,
    ...releaseAssets,
  });
  return {
    ...bound,
    stepMs: bound.stepMs + release,
    releaseAssets: releaseSizes.length,
    ...(releaseAssets ? { releaseListed: releaseAssets } : {}),
  };
}
