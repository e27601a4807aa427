/**
 * The action's edge: read inputs, mask secrets, run the export, publish outputs and the summary.
 * Everything it calls takes and returns plain values.
 */
import * as core from '@actions/core';
import { signWithAccessKey } from './auth/access-key.ts';
import { buildExportRequest, type ExportRequest, type ExportResult, exportJobs } from './dli/client.ts';
import { ActionError } from './http/errors.ts';
import { formatRequest } from './http/redact.ts';
import { createTransport, type HttpRequest } from './http/transport.ts';
import { describeProblems, type Env, type Plan, parseInputs, secretCandidates } from './inputs.ts';
import { exportOutputs } from './outputs.ts';
import { renderSummary } from './summary.ts';

export async function run(env: Env = process.env, now: () => Date = () => new Date()): Promise<void> {
  try {
    const readInput = (name: string) => core.getInput(name);
    // Masked before anything else can print them, whichever source ends up used.
    for (const secret of secretCandidates(readInput, env)) core.setSecret(secret);

    const parsed = parseInputs(readInput, env);
    if (!parsed.ok) {
      core.setFailed(describeProblems(parsed.problems));
      return;
    }
    const plan = parsed.plan;
    const exportRequest: ExportRequest = {
      projectId: plan.projectId,
      obsDir: plan.obsDir,
      jobIds: plan.jobIds,
    };
    const authorize = (request: HttpRequest) => signWithAccessKey(request, plan.credentials, now());
    logPlan(plan);

    if (plan.dryRun) {
      core.info(
        `Dry run: this request would be sent (secrets withheld), and nothing is sent:\n${formatRequest(authorize(buildExportRequest(plan.endpoint, exportRequest)))}`,
      );
      core.setOutput('job-ids', JSON.stringify(plan.jobIds));
      await writeSummary(plan, env, undefined);
      return;
    }

    const transport = createTransport({ timeoutMs: plan.timeoutMs });
    let result: ExportResult;
    try {
      result = await exportJobs(transport, authorize, plan.endpoint, exportRequest);
    } finally {
      await transport.close();
    }

    core.info(`DLI exported to: ${result.zipFiles.map((zip) => `obs://${zip}`).join(', ') || '(no ZIP listed)'}`);
    if (result.zipFiles.length === 0) core.warning('DLI reported success but listed no ZIP file; zip-file is empty');
    for (const [name, value] of Object.entries(exportOutputs(plan.jobIds, result))) core.setOutput(name, value);
    await writeSummary(plan, env, result);
  } catch (error) {
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(
      error instanceof ActionError
        ? error.describe()
        : `Unexpected error: ${String((error as Error)?.message ?? error)}`,
    );
  }
}

function logPlan(plan: Plan): void {
  const jobs = plan.jobIds.length === 0 ? 'all jobs' : `${plan.jobIds.length} job(s) (${plan.jobIds.join(', ')})`;
  core.info(`Exporting ${jobs} of project ${plan.projectId} to obs://${plan.obsDir}`);
  core.info(`DLI endpoint: ${plan.endpoint.origin}${plan.region ? ` (region ${plan.region})` : ''}`);
  const temporary = plan.credentials.securityToken ? ' with a security token (temporary keys)' : '';
  core.info(`Authentication: access key ${plan.credentials.accessKey} from ${plan.credentials.source}${temporary}`);
}

/** Best effort: runners without GITHUB_STEP_SUMMARY (act, Gitea) get a warning, not a failure. */
async function writeSummary(plan: Plan, env: Env, result: ExportResult | undefined): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) {
    core.warning('GITHUB_STEP_SUMMARY is not set (act, Gitea?), so no job summary was written');
    return;
  }
  try {
    const html = renderSummary({
      jobIds: plan.jobIds,
      obsDir: plan.obsDir,
      region: plan.region,
      endpoint: plan.endpoint.origin,
      result,
      trigger: await describeTrigger(env),
    });
    await core.summary.addRaw(html).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}

/** "release v1.2.0 of octo/repo": loaded only here, as @actions/github is costly to load. */
async function describeTrigger(env: Env): Promise<string | undefined> {
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_EVENT_NAME) return undefined;
  const { context } = await import('@actions/github');
  const ref = context.ref.replace(/^refs\/(heads|tags)\//, '');
  return `${context.eventName}${ref ? ` on ${ref}` : ''} in ${context.repo.owner}/${context.repo.repo} (run ${context.runId})`;
}
