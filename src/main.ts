/**
 * The action's edge: read inputs, mask secrets, run the export, publish outputs and the summary.
 * Everything it calls takes and returns plain values.
 */
import { basename, resolve } from 'node:path';
import * as core from '@actions/core';
import { describeAuth } from './auth/credentials.ts';
import { type RunOutcome, runExport } from './export-run.ts';
import { ActionError } from './http/errors.ts';
import { type ProxySettings, proxyFromEnv, proxySecrets, redactProxyUrl } from './http/proxy.ts';
import { DEFAULT_RETRY_POLICY } from './http/retry.ts';
import { createTransport } from './http/transport.ts';
import { describeProblems, type Env, type Plan, parseInputs, secretCandidates } from './inputs.ts';
import { exportOutputs, jobNamesOutput, obsUrl } from './outputs.ts';
import { loadReleaseTarget, type ReleaseTarget } from './release/event.ts';
import { renderSummary } from './summary.ts';

export async function run(env: Env = process.env, now: () => Date = () => new Date()): Promise<void> {
  try {
    const readInput = (name: string) => core.getInput(name);
    const proxy = proxyFromEnv(env);
    // Masked before anything else can print them, whichever source ends up used.
    for (const secret of [...secretCandidates(readInput, env), ...proxySecrets(proxy)]) core.setSecret(secret);

    const parsed = parseInputs(readInput, env);
    if (!parsed.ok) {
      core.setFailed(describeProblems(parsed.problems));
      return;
    }
    const plan = parsed.plan;
    logPlan(plan, proxy);
    // The release is read before anything is sent, so a payload without one fails first.
    const release = plan.releaseAssets ? await loadReleaseTarget(env.GITHUB_EVENT_PATH) : undefined;

    const transport = createTransport({
      timeoutMs: plan.timeoutMs,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: plan.maxAttempts },
      proxy,
      log: (message) => core.warning(message),
    });
    let outcome: RunOutcome;
    try {
      outcome = await runExport(plan, {
        transport,
        env,
        now,
        mask: (secret) => core.setSecret(secret),
        getIdToken: (audience) => core.getIDToken(audience),
        info: (message) => core.info(message),
        debug: (message) => core.debug(message),
      });
    } finally {
      await transport.close();
    }
    publish(plan, outcome);
    await writeSummary(plan, env, outcome);
    if (release) {
      // Merge point: the download step's `files` replace these paths (the same ones: download-dir/{key's last segment}).
      const dir = resolve(env.GITHUB_WORKSPACE ?? '.', plan.downloadDir ?? '.');
      const files = outcome.dryRun ? undefined : outcome.result.zipFiles.map((zip) => resolve(dir, basename(zip)));
      await attachToRelease(plan, release, files, env);
    }
  } catch (error) {
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(
      error instanceof ActionError
        ? error.describe()
        : `Unexpected error: ${String((error as Error)?.message ?? error)}`,
    );
  }
}

function publish(plan: Plan, outcome: RunOutcome): void {
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
}

/** release-assets: uploads the downloaded files (undefined in a dry run) to the event's release; sets `release-asset-urls`. */
async function attachToRelease(
  plan: Plan,
  release: ReleaseTarget,
  files: readonly string[] | undefined,
  env: Env,
): Promise<void> {
  if (files === undefined) {
    core.info(`Dry run: the downloaded ZIPs would be attached to release ${release.tagName}`);
    return;
  }
  const { uploadReleaseAssets } = await import('./release/assets.ts');
  const urls = await uploadReleaseAssets(files, {
    release,
    token: plan.releaseAssets?.token ?? '',
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    timeoutMs: plan.timeoutMs,
    maxAttempts: plan.maxAttempts,
    info: (message) => core.info(message),
    warning: (message) => core.warning(message),
  });
  core.setOutput('release-asset-urls', JSON.stringify(urls));
}

function logPlan(plan: Plan, proxy: ProxySettings): void {
  const ids = plan.jobIds.length > 0 ? `${plan.jobIds.length} job ID(s) (${plan.jobIds.join(', ')})` : undefined;
  const names = plan.jobNames.length > 0 ? `${plan.jobNames.length} job name(s)` : undefined;
  const jobs = [ids, names].filter(Boolean).join(' and ') || 'all jobs';
  core.info(`Exporting ${jobs} of project ${plan.projectId} to ${obsUrl(plan.obsDir)}`);
  core.info(`DLI endpoint: ${plan.endpoint.origin}${plan.region ? ` (region ${plan.region})` : ''}`);
  core.info(`Authentication: ${describeAuth(plan.auth)}`);
  if (proxy.httpsProxy || proxy.httpProxy) {
    const via = (url: string | undefined) => (url ? redactProxyUrl(url) : 'no proxy');
    const noProxy = proxy.noProxy ? `; NO_PROXY ${proxy.noProxy}` : '';
    core.info(`Proxy: https via ${via(proxy.httpsProxy)}, http via ${via(proxy.httpProxy)}${noProxy}`);
  }
}

/** Best effort: runners without GITHUB_STEP_SUMMARY (act, Gitea) get a warning, not a failure. */
async function writeSummary(plan: Plan, env: Env, outcome: RunOutcome): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) {
    core.warning('GITHUB_STEP_SUMMARY is not set (act, Gitea?), so no job summary was written');
    return;
  }
  try {
    const html = renderSummary({
      jobIds: outcome.jobIds,
      jobs: outcome.jobs,
      obsDir: plan.obsDir,
      region: plan.region,
      endpoint: plan.endpoint.origin,
      result: outcome.dryRun ? undefined : outcome.result,
      trigger: await describeTrigger(env),
    });
    await core.summary.addRaw(html).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}

/** "release on v1.2.0 in octo/repo (run 42)": loaded only here, as @actions/github is costly to load. */
async function describeTrigger(env: Env): Promise<string | undefined> {
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_EVENT_NAME) return undefined;
  const { context } = await import('@actions/github');
  const ref = context.ref.replace(/^refs\/(heads|tags)\//, '');
  return `${context.eventName}${ref ? ` on ${ref}` : ''} in ${context.repo.owner}/${context.repo.repo} (run ${context.runId})`;
}
