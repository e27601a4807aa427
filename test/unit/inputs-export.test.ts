/** The export's own inputs: their whole messages, and that every problem is reported in one go. */
import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/env.ts';
import { describeProblems } from '../../src/inputs/common.ts';
import { parseInputs } from '../../src/inputs.ts';

const valid = {
  'project-id': '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  'obs-dir': 'dli-backups/nightly',
  region: 'eu-de',
  'access-key': 'AKEXAMPLE',
  'secret-key': 'sk-example',
};
const parse = (inputs: Record<string, string>, env: Env = {}) => parseInputs((name) => inputs[name] ?? '', env);
function problemsOf(inputs: Record<string, string>, env: Env = {}) {
  const result = parse(inputs, env);
  if (result.ok) throw new Error('expected invalid inputs');
  return result.problems;
}
function planOf(inputs: Record<string, string>, env: Env = {}) {
  const result = parse(inputs, env);
  if (!result.ok) throw new Error(describeProblems(result.problems));
  return result.plan;
}

describe('export inputs', () => {
  it('a missing obs-dir says what it is, with an example', () => {
    const { 'obs-dir': _omitted, ...rest } = valid;
    expect(problemsOf(rest)).toEqual([
      {
        input: 'obs-dir',
        message: 'is required: the OBS bucket and folder for the export, e.g. my-bucket/dli/backups',
      },
    ]);
  });

  it('job-ids problems are each reported, under job-ids', () => {
    const problems = problemsOf({ ...valid, 'job-ids': 'x, 0' });
    expect(problems).toEqual([
      { input: 'job-ids', message: '"x" is not a positive whole number' },
      { input: 'job-ids', message: '"0" is not a positive job ID' },
    ]);
  });

  it('a job name of 57 characters is accepted; one of 58 is reported whole (characters, not UTF-16 units)', () => {
    const max = `${'é'.repeat(56)}😀`; // 57 characters, 58 UTF-16 units
    expect(planOf({ ...valid, 'job-names': max }).jobNames).toEqual([max]);
    const long = 'n'.repeat(58);
    expect(problemsOf({ ...valid, 'job-names': `ok\n${long}\n${'m'.repeat(60)}` })).toEqual([
      { input: 'job-names', message: `"${long}" is longer than the 57 characters of a DLI job name` },
      { input: 'job-names', message: `"${'m'.repeat(60)}" is longer than the 57 characters of a DLI job name` },
    ]);
  });

  it('job names and list-exported reach the plan', () => {
    const plan = planOf({ ...valid, 'job-names': 'orders\nclicks', 'list-exported': 'true' });
    expect(plan.jobNames).toEqual(['orders', 'clicks']);
    expect(plan.listExported).toBe(true);
    expect(problemsOf({ ...valid, 'list-exported': 'on' })).toEqual([
      { input: 'list-exported', message: 'must be true or false' },
    ]);
  });

  it('download problems are reported with the other inputs’ problems', () => {
    const problems = problemsOf(
      { ...valid, 'max-attempts': '0', 'download-dir': 'out\u0007', 'obs-endpoint': 'ftp://obs' },
      { GITHUB_WORKSPACE: '/ws' },
    );
    expect(problems).toEqual([
      { input: 'max-attempts', message: 'must be at least 1' },
      { input: 'download-dir', message: 'must not contain control characters' },
      { input: 'obs-endpoint', message: expect.any(String) },
    ]);
  });

  it('download-dir is resolved in the workspace, and absent without it', () => {
    expect(planOf(valid).download).toBeUndefined();
    const plan = planOf({ ...valid, 'download-dir': 'exports' }, { GITHUB_WORKSPACE: '/ws' });
    expect(plan.download?.dir).toBe('/ws/exports');
    expect(plan.download?.obs.url.origin).toBe('https://obs.eu-de.otc.t-systems.com');
  });

  it('release-assets with the other problems of the same run, every one reported', () => {
    const problems = problemsOf(
      { ...valid, 'obs-dir': '', 'release-assets': 'true', 'download-dir': '' },
      { GITHUB_EVENT_NAME: 'release' },
    );
    expect(problems).toEqual([
      { input: 'obs-dir', message: expect.any(String) },
      {
        input: 'release-assets',
        message: 'needs `download-dir`: the files attached to the release are the downloaded ZIPs',
      },
      {
        input: 'github-token',
        message: "is required with release-assets: true (its default is the workflow's GITHUB_TOKEN)",
      },
    ]);
  });

  it('without GITHUB_EVENT_NAME, release-assets says the event is unknown', () => {
    expect(problemsOf({ ...valid, 'release-assets': 'true', 'download-dir': 'out', 'github-token': 't' }, {})).toEqual([
      {
        input: 'release-assets',
        message:
          "works only in a workflow run by a `release` event (this run's event is unknown: GITHUB_EVENT_NAME is not set); use `on: release` or set release-assets to false",
      },
    ]);
  });

  it('release-assets false plans no upload, whatever the token', () => {
    expect(planOf({ ...valid, 'release-assets': 'false', 'github-token': 'ghs_x' }).releaseAssets).toBeUndefined();
  });
});
