/**
 * The summary's "Triggered by" line from the runner's `GITHUB_*` variables. Pure.
 *
 * These are the variables `@actions/github`'s `context` reads for the same fields (event name, ref, repository, run
 * ID); reading them here spares loading that package (about 0.2 MB) on every run. A unit test compares the line with
 * one built from `context`.
 */
import type { Env } from '../util/env.ts';

/** e.g. "release on v1.2.0 in octo/repo (run 42)"; undefined outside a workflow run. */
export function describeTrigger(env: Env): string | undefined {
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_EVENT_NAME) return undefined;
  const [owner, repo] = env.GITHUB_REPOSITORY.split('/');
  const ref = (env.GITHUB_REF ?? '').replace(/^refs\/(heads|tags)\//, '');
  const runId = Number.parseInt(env.GITHUB_RUN_ID ?? '', 10);
  const run = Number.isNaN(runId) ? '' : ` (run ${runId})`;
  return `${env.GITHUB_EVENT_NAME}${ref ? ` on ${ref}` : ''} in ${owner}/${repo}${run}`;
}
