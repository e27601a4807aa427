/**
 * The import action's edge: its inputs, run, outputs and summary plugged into the shared edge (edge.ts).
 */
import * as core from '@actions/core';
import { describeBound } from '../action/deadline.ts';
import { type ActionEdge, runEdge } from '../action/edge.ts';
import { obsUrl } from '../obs/paths.ts';
import type { Env } from '../util/env.ts';
import { importBound } from './bound.ts';
import { type ImportPlan, parseImportInputs } from './inputs.ts';
import { imported, importOutputs, skipped, uploadedOutput } from './outputs.ts';
import { type ImportOutcome, runImport } from './run.ts';
import { renderImportSummary } from './summary.ts';

export const importEdge: ActionEdge<ImportPlan, ImportOutcome> = {
  parse: parseImportInputs,
  describe,
  bound: (plan) => describeBound(importBound(plan)),
  execute: runImport,
  publish,
  summary: (plan, outcome, trigger) =>
    renderImportSummary({
      zipFiles: plan.zipFiles,
      uploadDir: plan.upload?.dir,
      overwrite: plan.overwrite,
      region: plan.region,
      endpoint: plan.endpoint.origin,
      outcome,
      trigger,
    }),
  failure: (outcome) => (outcome.dryRun ? undefined : outcome.failed?.error),
};

export { importBound } from './bound.ts';

function describe(plan: ImportPlan): string {
  const what = plan.upload
    ? `Uploading ${plan.upload.paths.join(', ')} to ${obsUrl(plan.upload.dir)} (OBS ${plan.upload.obs.url.origin}), then importing each`
    : `Importing ${plan.zipFiles.map(obsUrl).join(', ')}`;
  return `${what} into project ${plan.projectId}${plan.overwrite ? ', overwriting jobs of the same name' : ''}`;
}

/** The import action's step (index.ts; `npm run local-action -- import` calls it too). */
export function run(env: Env = process.env, now: () => Date = () => new Date()): Promise<void> {
  return runEdge(importEdge, env, now);
}

function publish(plan: ImportPlan, outcome: ImportOutcome): void {
  if (outcome.dryRun) {
    for (const { file, object, url } of outcome.uploads ?? []) {
      core.info(
        `Dry run: ${file.path} (${file.size} bytes, SHA-256 ${file.sha256}) would be uploaded to ${obsUrl(object)} (PUT ${url})`,
      );
    }
    for (const { zipFile, request } of outcome.requests) {
      core.info(`Dry run: for ${obsUrl(zipFile)} this request would be sent (secrets withheld):\n${request}`);
    }
    core.info('Dry run: nothing was sent, and no output is set.');
    return;
  }
  for (const zip of outcome.imported) {
    const created = imported(zip.jobMapping).length;
    const notCreated = skipped(zip.jobMapping).length;
    core.info(
      `${obsUrl(zip.zipFile)}: ${created} job(s) imported, ${notCreated} skipped. DLI: ${zip.message || '(no message)'}`,
    );
    for (const job of zip.jobMapping) core.info(`  ${job.oldJobId} -> ${job.newJobId}  ${job.remark}`);
    if (zip.jobMapping.length === 0) core.warning(`DLI reported success for ${obsUrl(zip.zipFile)} but listed no job`);
  }
  // Set before the step fails on a later ZIP, so they hold what was uploaded and imported.
  if (outcome.uploaded) core.setOutput('uploaded', uploadedOutput(outcome.uploaded));
  const mapping = outcome.imported.flatMap((zip) => zip.jobMapping);
  for (const [name, value] of Object.entries(importOutputs(mapping))) core.setOutput(name, value);

  const notImported = skipped(mapping);
  if (notImported.length > 0) {
    core.warning(
      `${notImported.length} job(s) were not imported because a job of the same name exists in project ${plan.projectId} (old IDs ${notImported.map((job) => job.oldJobId).join(', ')}): set \`overwrite: true\` to replace them`,
    );
  }
  const replaced = imported(mapping);
  if (plan.overwrite && replaced.length > 0) {
    core.warning(
      `overwrite is on: a job that replaced one of the same name is now a Draft and does not run until it is started again (DLI console or API). Imported job IDs: ${replaced.map((job) => job.newJobId).join(', ')}`,
    );
  }
}
