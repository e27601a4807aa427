/**
 * How long the import step can take at most (deadline.ts): authentication, then one import per `zip-file` entry;
 * with `local-files`, the temporary OBS keys (token modes), then per file its upload (attempts bounded by
 * `timeout-seconds` plus time per MiB) and its import. A dry run sends nothing.
 */
import { authRequests, type StepBound, stepBound } from '../action/deadline.ts';
import type { ImportPlan } from './inputs.ts';

export function importBound(
  plan: Pick<ImportPlan, 'auth' | 'dryRun' | 'timeoutMs' | 'maxAttempts' | 'zipFiles' | 'upload'>,
): StepBound {
  const { timeoutMs, maxAttempts } = plan;
  if (plan.dryRun) return stepBound({ timeoutMs, maxAttempts, requests: 0 });
  if (plan.upload === undefined) {
    return stepBound({ timeoutMs, maxAttempts, requests: authRequests(plan.auth.mode) + plan.zipFiles.length });
  }
  // OBS takes no IAM token: the token modes first trade it for temporary keys (one request; keyless asks for the
  // federation's unscoped token first, which those keys are issued for).
  const keys = plan.auth.mode === 'access-key' ? 0 : 1;
  return stepBound({
    timeoutMs,
    maxAttempts,
    requests: authRequests(plan.auth.mode, { obs: true }) + keys,
    localFiles: true,
    renewKeys: keys > 0,
  });
}
