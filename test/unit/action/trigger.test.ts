// The summary's trigger line, read from GITHUB_* variables, equals the one built from @actions/github's context.
import { context } from '@actions/github';
import { afterEach, describe, expect, it } from 'vitest';
import { describeTrigger } from '../../../src/action/trigger.ts';
import type { Env } from '../../../src/util/env.ts';

const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
});

/** The line as the action built it before, from a fresh `context` (its constructor reads process.env). */
function fromContext(env: Env): string | undefined {
  process.env = { ...env } as NodeJS.ProcessEnv;
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_EVENT_NAME) return undefined;
  const Context = context.constructor as new () => typeof context;
  const fresh = new Context();
  const ref = fresh.ref.replace(/^refs\/(heads|tags)\//, '');
  return `${fresh.eventName}${ref ? ` on ${ref}` : ''} in ${fresh.repo.owner}/${fresh.repo.repo} (run ${fresh.runId})`;
}

const run = { GITHUB_REPOSITORY: 'octo-org/octo-repo', GITHUB_RUN_ID: '1234567890' };

describe('describeTrigger', () => {
  it.each([
    { ...run, GITHUB_EVENT_NAME: 'release', GITHUB_REF: 'refs/tags/v1.2.0' },
    { ...run, GITHUB_EVENT_NAME: 'schedule', GITHUB_REF: 'refs/heads/main' },
    { ...run, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/7/merge' },
    { ...run, GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: '' },
    { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' },
    { GITHUB_REPOSITORY: 'octo-org/octo-repo', GITHUB_REF: 'refs/heads/main' },
  ])('matches @actions/github context for %o', (env) => {
    expect(describeTrigger(env)).toBe(fromContext(env));
  });

  it('says which event, ref, repository and run', () => {
    expect(describeTrigger({ ...run, GITHUB_EVENT_NAME: 'release', GITHUB_REF: 'refs/tags/v1.2.0' })).toBe(
      'release on v1.2.0 in octo-org/octo-repo (run 1234567890)',
    );
  });

  it('leaves out what the runner did not set, where context would have failed or said NaN', () => {
    expect(describeTrigger({ GITHUB_REPOSITORY: 'o/r', GITHUB_EVENT_NAME: 'push' })).toBe('push in o/r');
  });
});
