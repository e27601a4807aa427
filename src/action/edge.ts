/**
 * The edge both actions share: read the inputs through `@actions/core`, mask secrets first, parse, log the plan,
 * create the transport, run, close the transport on every path, publish outputs, write the summary (best effort),
 * and turn any failure into one `setFailed` line. Each action supplies the parts that differ.
 */
import * as core from '@actions/core';
import { describeAuth } from '../auth/credentials.ts';
import { ActionError } from '../http/errors.ts';
import { type ProxySettings, proxyFromEnv, proxyProblems, proxySecrets, redactProxyUrl } from '../http/proxy.ts';
import { DEFAULT_RETRY_POLICY } from '../http/retry.ts';
import { createTransport } from '../http/transport.ts';
import type { Env, ReadInput } from '../util/env.ts';
import type { RunDeps } from './deps.ts';
import { type CommonPlan, describeProblems, type ParseResult, secretCandidates } from './inputs.ts';
import { describeTrigger } from './trigger.ts';

export interface ActionEdge<P extends CommonPlan, O> {
  parse(readInput: ReadInput, env: Env): ParseResult<P>;
  /** The action's own inputs that hold a secret (the shared ones are known), masked before anything else. */
  secretInputs?: readonly string[];
  /** The first log line: what the step is about to do. */
  describe(plan: P): string;
  /** The log line stating the step's time limit for this plan (deadline.ts). */
  bound(plan: P): string;
  execute(plan: P, deps: RunDeps): Promise<O>;
  /** Sets the outputs (and logs or warns about the result). */
  publish(plan: P, outcome: O): void;
  /** The job summary as HTML; `trigger` says what started the run, when known. */
  summary(plan: P, outcome: O, trigger: string | undefined): string;
  /** A failure to report after the outputs and the summary are written (e.g. a later ZIP failed). */
  failure?(outcome: O): Error | undefined;
}

export async function runEdge<P extends CommonPlan, O>(
  edge: ActionEdge<P, O>,
  env: Env = process.env,
  now: () => Date = () => new Date(),
): Promise<void> {
  try {
    const readInput: ReadInput = (name) => core.getInput(name);
    const proxy = proxyFromEnv(env);
    // Masked before anything else can print them, whichever source ends up used.
    const own = (edge.secretInputs ?? []).map((name) => readInput(name).trim()).filter((value) => value !== '');
    for (const secret of [...secretCandidates(readInput, env), ...own, ...proxySecrets(proxy)]) core.setSecret(secret);

    const parsed = edge.parse(readInput, env);
    const proxyIssues = proxyProblems(proxy).map(({ variable, message }) => ({ input: variable, message }));
    if (!parsed.ok || proxyIssues.length > 0) {
      core.setFailed(describeProblems([...(parsed.ok ? [] : parsed.problems), ...proxyIssues]));
      return;
    }
    const plan = parsed.plan;
    logPlan([edge.describe(plan), edge.bound(plan)], plan, proxy);

    const transport = createTransport({
      timeoutMs: plan.timeoutMs,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: plan.maxAttempts },
      proxy,
      log: (message) => core.warning(message),
    });
    let outcome: O;
    try {
      outcome = await edge.execute(plan, {
        transport,
        env,
        now,
        mask: (secret) => core.setSecret(secret),
        info: (message) => core.info(message),
        warning: (message) => core.warning(message),
        debug: (message) => core.debug(message),
      });
    } finally {
      await transport.close();
    }
    edge.publish(plan, outcome);
    await writeSummary(env, (trigger) => edge.summary(plan, outcome, trigger));
    const failure = edge.failure?.(outcome);
    if (failure) throw failure;
  } catch (error) {
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(
      error instanceof ActionError
        ? error.describe()
        : `Unexpected error: ${String((error as Error)?.message ?? error)}`,
    );
  }
}

function logPlan([what, bound]: [string, string], plan: CommonPlan, proxy: ProxySettings): void {
  core.info(what);
  core.info(`DLI endpoint: ${plan.endpoint.origin}${plan.region ? ` (region ${plan.region})` : ''}`);
  core.info(`Authentication: ${describeAuth(plan.auth)}`);
  core.info(bound);
  if (proxy.httpsProxy || proxy.httpProxy) {
    const via = (url: string | undefined) => (url ? redactProxyUrl(url) : 'no proxy');
    const noProxy = proxy.noProxy ? `; NO_PROXY ${proxy.noProxy}` : '';
    core.info(`Proxy: https via ${via(proxy.httpsProxy)}, http via ${via(proxy.httpProxy)}${noProxy}`);
  }
}

/**
 * Best effort: runners without GITHUB_STEP_SUMMARY (act, Gitea) get a warning, not a failure. `env` is the process
 * environment on a runner; core.summary reads GITHUB_STEP_SUMMARY from process.env itself.
 */
async function writeSummary(env: Env, render: (trigger: string | undefined) => string): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) {
    core.warning('GITHUB_STEP_SUMMARY is not set (act, Gitea?), so no job summary was written');
    return;
  }
  try {
    await core.summary.addRaw(render(describeTrigger(env))).write();
  } catch (error) {
    // What was not written is dropped, not left in core.summary's buffer for a later write.
    core.summary.emptyBuffer();
    core.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}
