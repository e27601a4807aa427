/**
 * The export action's whole run: the export (export-run.ts), then the download of its ZIPs when `download-dir` is
 * set (download-run.ts). A failed download does not lose the export: the outcome carries it, so the edge publishes
 * the export's outputs and summary first and then fails the step with the download's error.
 */
import { type DownloadedFile, runDownloadStep } from './download-run.ts';
import { type RunOutcome, runExport } from './export-run.ts';
import { DEFAULT_RETRY_POLICY } from './http/retry.ts';
import type { Plan } from './inputs.ts';
import type { RunDeps } from './run-deps.ts';

export type ExportStepOutcome = RunOutcome & {
  /** The downloaded files in `zip-files` order; empty when `download-dir` is off, in a dry run, or on failure. */
  files: DownloadedFile[];
  /** Why the download failed, after the export succeeded. */
  failure?: Error;
};

export async function runExportStep(plan: Plan, deps: RunDeps): Promise<ExportStepOutcome> {
  const outcome = await runExport(plan, deps);
  try {
    const files = await runDownloadStep(plan, outcome, {
      transport: deps.transport,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: plan.maxAttempts },
      timeoutMs: plan.timeoutMs,
      now: deps.now,
      mask: deps.mask,
      info: deps.info,
      warning: deps.warning,
    });
    return { ...outcome, files };
  } catch (error) {
    return { ...outcome, files: [], failure: error instanceof Error ? error : new Error(String(error)) };
  }
}
