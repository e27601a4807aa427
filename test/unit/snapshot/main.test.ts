/** The snapshot's own parts of the edge (snapshot/main.ts): the first log line, the bound, the outputs, the failure. */
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/http/errors.ts';
import { parseSnapshotInputs, type SnapshotPlan } from '../../../src/snapshot/inputs.ts';
import { MAX_NAMES_LOGGED, snapshotBound, snapshotEdge } from '../../../src/snapshot/main.ts';
import type { SnapshotOutcome } from '../../../src/snapshot/run.ts';
import { planFrom } from '../../support/fixtures.ts';
import { captureRunnerStdout } from '../../support/runner-stdout.ts';

function plan(inputs: Record<string, string> = {}): SnapshotPlan {
  const all: Record<string, string> = {
    'project-id': 'p1',
    'access-key': 'AK',
    'secret-key': 'SK',
    region: 'eu-de',
    ...inputs,
  };
  return planFrom(parseSnapshotInputs, all, { GITHUB_WORKSPACE: '/w' });
}
const outcome = (over: Partial<SnapshotOutcome> = {}): SnapshotOutcome => ({
  dryRun: false,
  failOnDrift: false,
  listed: 1,
  compared: 1,
  added: [],
  changed: [],
  removed: [],
  unchanged: 1,
  filesTouched: 0,
  diffs: [],
  diffsLeftOut: 0,
  ...over,
});

describe('snapshot edge', () => {
  it('says what it snapshots, and where', () => {
    expect(snapshotEdge.describe(plan())).toBe('Snapshot of every Flink job of project p1 into dli-jobs');
    expect(snapshotEdge.describe(plan({ 'job-ids': '1', 'job-names': 'a', 'dry-run': 'true', path: 'x' }))).toBe(
      'Snapshot of 1 job ID(s) and 1 job name(s) of project p1 into x (dry run: nothing is written or deleted)',
    );
  });

  it('bounds authentication, the first page of each read of the list, and the further pages 4 at a time', () => {
    const bound = snapshotBound({ ...plan({ 'identity-provider': 'idp', 'access-key': '', 'secret-key': '' }) });
    expect(bound.sequentialRequests).toBe(4);
    expect(bound.pagesAtOnce).toBe(4);
    expect(snapshotEdge.bound(plan())).toMatch(/for every 4 job-list pages after the first/);
  });

  it('fails on drift only with fail-on-drift, after publishing; a run failure comes first', () => {
    expect(snapshotEdge.failure?.(outcome({ added: ['a'] }))).toBeUndefined();
    expect(snapshotEdge.failure?.(outcome({ failOnDrift: true }))).toBeUndefined();
    expect(snapshotEdge.failure?.(outcome({ failOnDrift: true, removed: ['r'], changed: ['c'] }))?.message).toBe(
      'DLI drifted from the files: 0 added, 1 changed, 1 removed (fail-on-drift is true)',
    );
    const failure = new ActionError('Snapshot of jobs incomplete');
    expect(snapshotEdge.failure?.(outcome({ failOnDrift: true, added: ['a'], failure }))).toBe(failure);
  });
});

describe('publish', () => {
  const { lines, outputs } = captureRunnerStdout();

  it('logs each name quoted, so that a name cannot start a workflow command, and sets the outputs', () => {
    snapshotEdge.publish(plan(), outcome({ added: ['a\n::set-output name=drifted::false'], changed: ['b'] }));
    const log = lines();
    expect(log).toContain('added: "a\\n::set-output name=drifted::false"');
    // No log line can be read as a workflow command; the outputs go to the GITHUB_OUTPUT file.
    expect(log.filter((line) => line.startsWith('::'))).toEqual([]);
    expect(outputs()).toMatchObject({
      drifted: 'true',
      added: JSON.stringify(['a\n::set-output name=drifted::false']),
    });
  });

  it('logs at most MAX_NAMES_LOGGED names of a kind', () => {
    const many = Array.from({ length: MAX_NAMES_LOGGED + 3 }, (_, index) => `job-${index}`);
    snapshotEdge.publish(plan(), outcome({ removed: many }));
    const log = lines();
    expect(log.filter((line) => line.startsWith('removed: "'))).toHaveLength(MAX_NAMES_LOGGED);
    expect(log).toContain('removed: …and 3 more (see the outputs)');
  });
});
