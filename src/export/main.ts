/**
 * The export action's edge: its inputs, run, outputs and summary plugged into the shared edge (edge.ts).
 */
import * as core from '@actions/core';
import { describeBound } from '../action/deadline.ts';
import { type ActionEdge, runEdge } from '../action/edge.ts';
import { obsUrl } from '../obs/paths.ts';
import type { Env } from '../util/env.ts';
import { exportBound } from './bound.ts';
import { downloadOutputs } from './download.ts';
import { EXPORT_SECRET_INPUTS, type Plan, parseInputs } from './inputs.ts';
import { exportOutputs, jobNamesOutput } from './outputs.ts';
import { type ExportStepOutcome, releaseOutputs, runExportStep } from './step.ts';
import { renderSummary } from './summary.ts';

export { exportBound } from './bound.ts';

export const exportEdge: ActionEdge<Plan, ExportStepOutcome> = {
  parse: parseInputs,
  secretInputs: EXPORT_SECRET_INPUTS,
  describe,
  bound: (plan) => describeBound(exportBound(plan)),
  execute: runExportStep,
  publish,
  summary: (plan, outcome, trigger) =>
    renderSummary({
      jobIds: outcome.jobIds,
      jobs: outcome.jobs,
      obsDir: plan.obsDir,
      region: plan.region,
      endpoint: plan.endpoint.origin,
      result: outcome.dryRun ? undefined : outcome.result,
      trigger,
      files: outcome.files,
    }),
  failure: (outcome) => outcome.failure,
};

/** The export action's step (index.ts; `npm run local-action` calls it too). */
export function run(env: Env = process.env, now: () => Date = () => new Date()): Promise<void> {
  return runEdge(exportEdge, env, now);
}

function publish(plan: Plan, outcome: ExportStepOutcome): void {
  if (outcome.dryRun) {
    if (outcome.jobs) {
      const list = outcome.jobs.map(
        (job) => `  ${job.id}  ${job.name ?? '(not in the job list)'}  ${job.status ?? ''}`,
      );
      core.info(`Jobs that would be exported:\n${list.join('\n')}`);
    }
    core.info(`Dry run: this request would be sent (secrets withheld), and nothing is sent:\n${outcome.request}`);
    core.setOutput('job-ids', JSON.stringify(outcome.jobIds));
    if (plan.jobNames.length > 0 || plan.listExported) core.setOutput('job-names', jobNamesOutput(outcome.jobs ?? []));
    return;
  }
  const { result } = outcome;
  core.info(`DLI exported to: ${result.zipFiles.map(obsUrl).join(', ') || '(no ZIP listed)'}`);
  if (result.zipFiles.length === 0) core.warning('DLI reported success but listed no ZIP file; zip-file is empty');
  for (const [name, value] of Object.entries(exportOutputs(outcome.jobIds, result, outcome.jobs))) {
    core.setOutput(name, value);
  }
  // Not set when the download failed (the step fails; the export's outputs above stay useful); set when only the
  // release upload after it failed, as the files are there.
  if (!outcome.failure || outcome.files.length > 0) {
    for (const [name, value] of Object.entries(downloadOutputs(outcome.files))) core.setOutput(name, value);
  }
  if (outcome.releaseAssetUrls) {
    for (const [name, value] of Object.entries(releaseOutputs(outcome.releaseAssetUrls))) core.setOutput(name, value);
  }
}

function describe(plan: Plan): string {
  const ids = plan.jobIds.length > 0 ? `${plan.jobIds.length} job ID(s) (${plan.jobIds.join(', ')})` : undefined;
  const names = plan.jobNames.length > 0 ? `${plan.jobNames.length} job name(s)` : undefined;
  const jobs = [ids, names].filter(Boolean).join(' and ') || 'all jobs';
  return `Exporting ${jobs} of project ${plan.projectId} to ${obsUrl(plan.obsDir)}`;
}
