/**
 * The snapshot action's edge: its inputs, run, outputs and summary plugged into the shared edge (edge.ts).
 */
import * as core from '@actions/core';
import { authRequests, describeBound, type StepBound, stepBound } from '../action/deadline.ts';
import type { ActionEdge } from '../action/edge.ts';
import { ActionError } from '../http/errors.ts';
import { describeDrift, drifted } from './drift.ts';
import { parseSnapshotInputs, type SnapshotPlan } from './inputs.ts';
import { snapshotOutputs } from './outputs.ts';
import { DETAIL_PAGES_AT_ONCE, runSnapshot, type SnapshotOutcome } from './run.ts';
import { renderSnapshotSummary } from './summary.ts';

/** Job names logged per kind (added, changed, removed); the outputs list them all. */
export const MAX_NAMES_LOGGED = 500;

export const snapshotEdge: ActionEdge<SnapshotPlan, SnapshotOutcome> = {
  parse: parseSnapshotInputs,
  describe: (plan) =>
    `Snapshot of ${describeSelection(plan)} of project ${plan.projectId} into ${plan.path}` +
    (plan.dryRun ? ' (dry run: nothing is written or deleted)' : ''),
  bound: (plan) => describeBound(snapshotBound(plan)),
  execute: runSnapshot,
  publish,
  summary: (plan, outcome, trigger) =>
    renderSnapshotSummary({
      path: plan.path,
      projectId: plan.projectId,
      region: plan.region,
      endpoint: plan.endpoint.origin,
      selection: describeSelection(plan),
      outcome,
      trigger,
    }),
  failure: (outcome) => outcome.failure ?? driftFailure(outcome),
};

/**
 * Authentication, the job list's first page, and the first page of the second read that confirms removals (when
 * files of jobs not listed are found); the further pages of each read are counted by the paged-list rule.
 */
export function snapshotBound(plan: Pick<SnapshotPlan, 'auth' | 'timeoutMs' | 'maxAttempts'>): StepBound {
  return stepBound({
    timeoutMs: plan.timeoutMs,
    maxAttempts: plan.maxAttempts,
    requests: authRequests(plan.auth.mode) + 2,
    pagedList: true,
    pagesAtOnce: DETAIL_PAGES_AT_ONCE,
  });
}

function describeSelection(plan: Pick<SnapshotPlan, 'jobIds' | 'jobNames'>): string {
  const parts = [];
  if (plan.jobIds.length > 0) parts.push(`${plan.jobIds.length} job ID(s)`);
  if (plan.jobNames.length > 0) parts.push(`${plan.jobNames.length} job name(s)`);
  return parts.length === 0 ? 'every Flink job' : parts.join(' and ');
}

function publish(plan: SnapshotPlan, outcome: SnapshotOutcome): void {
  for (const [kind, names] of [
    ['added', outcome.added],
    ['changed', outcome.changed],
    ['removed', outcome.removed],
  ] as const) {
    // Quoted as JSON: a job name cannot start a line of its own, so it cannot pass for a workflow command.
    for (const name of names.slice(0, MAX_NAMES_LOGGED)) core.info(`${kind}: ${JSON.stringify(name)}`);
    if (names.length > MAX_NAMES_LOGGED)
      core.info(`${kind}: …and ${names.length - MAX_NAMES_LOGGED} more (see the outputs)`);
  }
  const verb = outcome.dryRun ? 'Dry run: would write' : 'Wrote';
  core.info(
    `${verb} ${plan.path}: ${describeDrift(outcome)}, ${outcome.unchanged} unchanged (${outcome.filesTouched} file(s) touched)`,
  );
  for (const [name, value] of Object.entries(snapshotOutputs(outcome))) core.setOutput(name, value);
}

function driftFailure(outcome: SnapshotOutcome): ActionError | undefined {
  if (!outcome.failOnDrift || !drifted(outcome)) return undefined;
  return new ActionError(`DLI drifted from the files: ${describeDrift(outcome)} (fail-on-drift is true)`, {
    hint: outcome.dryRun
      ? 'run the snapshot without dry-run and review the changes, or change the jobs back in DLI'
      : 'review and commit the changed files, or change the jobs back in DLI',
  });
}
