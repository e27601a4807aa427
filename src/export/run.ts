/**
 * The export itself, from a validated plan: authorize, resolve job names (when asked), export, and say what was
 * exported. Takes its effects as dependencies, so it knows nothing of the runner.
 */

import type { RunDeps } from '../action/deps.ts';
import { describeResolutionProblems, type JobSummary, mergeJobIds, resolveJobNames } from '../action/job-names.ts';
import { type Access, authenticate, dryRunAuthorizer } from '../auth/credentials.ts';
import { buildExportRequest, type ExportResult, exportJobs } from '../dli/export.ts';
import { ActionError } from '../http/errors.ts';
import { formatRequest } from '../http/redact.ts';
import type { Plan } from './inputs.ts';

/** A job as the summary shows it; name and status are unknown for an ID the job list did not return. */
export type ExportedJob = Pick<JobSummary, 'id'> & Partial<JobSummary>;

interface Common {
  /** The IDs sent (or that would be sent); empty for "all jobs". */
  jobIds: string[];
  /** What is known of the exported jobs, when the job list was read; for "all jobs", every job. */
  jobs?: ExportedJob[];
}

export type RunOutcome =
  | (Common & { dryRun: true; request: string })
  | (Common & {
      dryRun: false;
      result: ExportResult;
      /** In token modes with downloads: the IAM token for temporary OBS keys (for a federated user, unscoped). */
      temporaryKeyToken?: string;
    });

export async function runExport(plan: Plan, deps: RunDeps): Promise<RunOutcome> {
  const needsJobList = plan.jobNames.length > 0 || plan.listExported;
  // A dry run that needs no job list calls nothing at all, not even IAM.
  // Token modes that download also get the IAM token for temporary OBS keys (for a federated user, unscoped).
  const { authorize, temporaryKeyToken }: Access =
    plan.dryRun && !needsJobList
      ? { authorize: dryRunAuthorizer(plan.auth, deps.now) }
      : await authenticate(plan.auth, plan.projectId, deps, { obs: plan.download !== undefined && !plan.dryRun });

  let catalogue: JobSummary[] | undefined;
  if (needsJobList) {
    const { listAllJobs } = await import('../dli/list.ts');
    const started = Date.now();
    catalogue = await listAllJobs(deps.transport, authorize, plan.endpoint, plan.projectId);
    deps.info(`Listed ${catalogue.length} job(s) of the project in ${Date.now() - started} ms`);
  }

  let jobIds = plan.jobIds;
  if (plan.jobNames.length > 0 && catalogue) {
    const resolution = resolveJobNames(plan.jobNames, catalogue);
    if (!resolution.ok) {
      throw new ActionError(describeResolutionProblems(resolution), {
        hint: 'names match exactly, including case; compare them with the Flink jobs in the DLI console of this project',
      });
    }
    for (const [index, name] of plan.jobNames.entries()) {
      deps.info(`Job name ${JSON.stringify(name)} is job ${resolution.ids[index]}`);
    }
    jobIds = mergeJobIds(plan.jobIds, resolution.ids);
  }
  const jobs = catalogue && describeJobs(jobIds, catalogue);

  const request = buildExportRequest(plan.endpoint, { projectId: plan.projectId, obsDir: plan.obsDir, jobIds });
  deps.debug(
    `Export request: ${jobIds.length || 'all'} job ID(s), body ${Buffer.byteLength(request.body ?? '')} bytes`,
  );

  if (plan.dryRun) {
    return { dryRun: true, jobIds, jobs, request: formatRequest(authorize(request)) };
  }
  const result = await exportJobs(deps.transport, authorize, request, plan.obsDir);
  return { dryRun: false, jobIds, jobs, result, temporaryKeyToken };
}

/** The exported jobs as the list knows them, in export order; "all jobs" means the whole list. */
function describeJobs(jobIds: readonly string[], catalogue: readonly JobSummary[]): ExportedJob[] {
  if (jobIds.length === 0) return [...catalogue];
  const byId = new Map(catalogue.map((job) => [job.id, job]));
  return jobIds.map((id) => byId.get(id) ?? { id });
}
