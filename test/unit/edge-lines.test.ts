/**
 * The shared edge's own log lines and failure lines, with a small action plugged in that sends nothing: what is
 * masked, what the plan log says, and how a thrown value becomes the one error line.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ActionEdge, runEdge } from '../../src/edge.ts';
import type { Env } from '../../src/env.ts';
import { ActionError } from '../../src/http/errors.ts';
import { type Plan, parseInputs } from '../../src/inputs.ts';
import type { RunDeps } from '../../src/run-deps.ts';

let stdout: string[];
beforeEach(() => {
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.exitCode = undefined;
});

const base = {
  'project-id': '0123456789abcdef0123456789abcdef',
  'obs-dir': 'bucket/x',
  'access-key': 'AKID',
  'secret-key': 'SECRET',
};
function inputs(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) vi.stubEnv(`INPUT_${name.toUpperCase()}`, value);
}

/** An action that runs `execute` and records what it was given. */
function edge(execute: (deps: RunDeps) => Promise<string>, extra: Partial<ActionEdge<Plan, string>> = {}) {
  const published: string[] = [];
  const action: ActionEdge<Plan, string> = {
    parse: parseInputs,
    describe: () => 'Doing the thing',
    bound: () => 'Time limit: soon',
    execute: (_plan, deps) => execute(deps),
    publish: (_plan, outcome) => published.push(outcome),
    summary: () => '<p>done</p>',
    ...extra,
  };
  return { action, published };
}
const log = () => stdout.join('');
const errors = () =>
  log()
    .split('\n')
    .filter((line) => line.startsWith('::error::'));
const env = (extra: Env = {}): Env => ({ GITHUB_STEP_SUMMARY: '', ...extra });

describe('the edge’s log', () => {
  it('logs what, where, how and how long, in that order, for an endpoint given by region', async () => {
    inputs({ ...base, region: 'eu-de' });
    const { action, published } = edge(async () => 'ok');
    await runEdge(action, env());
    const lines = log().split('\n');
    const start = lines.indexOf('Doing the thing');
    expect(lines.slice(start, start + 4)).toEqual([
      'Doing the thing',
      'DLI endpoint: https://dli.eu-de.otc.t-systems.com (region eu-de)',
      'Authentication: access key AKID from inputs',
      'Time limit: soon',
    ]);
    expect(published).toEqual(['ok']);
    expect(errors()).toEqual([]);
    expect(log()).not.toContain('Proxy:');
  });

  it('an endpoint without a region is logged alone', async () => {
    inputs({ ...base, endpoint: 'https://dli.example.com' });
    await runEdge(edge(async () => 'ok').action, env());
    expect(log()).toContain('DLI endpoint: https://dli.example.com\n');
  });

  it('HTTP_PROXY alone serves https too, and no NO_PROXY is named', async () => {
    inputs({ ...base, region: 'eu-de' });
    await runEdge(edge(async () => 'ok').action, env({ HTTP_PROXY: 'http://proxy:8080' }));
    expect(log()).toContain('\nProxy: https via http://proxy:8080, http via http://proxy:8080\n');
  });

  it('masks the action’s own secret inputs, trimmed, and never an empty one', async () => {
    inputs({ ...base, region: 'eu-de', 'github-token': '  ghs_token  ', 'other-secret': ' ' });
    const { action } = edge(async () => 'ok', { secretInputs: ['github-token', 'other-secret'] });
    await runEdge(action, env());
    const masks = log()
      .split('\n')
      .filter((line) => line.startsWith('::add-mask::'));
    expect(masks).toContain('::add-mask::ghs_token');
    expect(masks).not.toContain('::add-mask::');
    expect(masks).not.toContain('::add-mask::  ghs_token  ');
  });

  it('the run’s effects reach the runner: mask, info, warning, debug', async () => {
    inputs({ ...base, region: 'eu-de' });
    const { action } = edge(async (deps) => {
      deps.mask('temporary-key');
      deps.info('an info line');
      deps.warning('a warning line');
      deps.debug('a debug line');
      return 'ok';
    });
    await runEdge(action, env());
    const lines = log().split('\n');
    expect(lines).toContain('::add-mask::temporary-key');
    expect(lines).toContain('an info line');
    expect(lines).toContain('::warning::a warning line');
    expect(lines).toContain('::debug::a debug line');
  });

  it('without GITHUB_STEP_SUMMARY, warns in its own words', async () => {
    inputs({ ...base, region: 'eu-de' });
    await runEdge(edge(async () => 'ok').action, env());
    expect(log()).toContain('::warning::GITHUB_STEP_SUMMARY is not set (act, Gitea?), so no job summary was written\n');
  });
});

describe('the edge’s failure line', () => {
  it('one bad input: "Invalid input", singular', async () => {
    inputs({ ...base, region: 'eu-de', 'max-attempts': '0' });
    await runEdge(edge(async () => 'ok').action, env());
    expect(errors()).toEqual(['::error::Invalid input (nothing was sent):%0A- max-attempts: must be at least 1']);
    expect(process.exitCode).toBe(1);
  });

  it('an ActionError: its whole line, and the stack at debug level', async () => {
    inputs({ ...base, region: 'eu-de' });
    const error = new ActionError('Thing failed', { status: 500, hint: 'retry' });
    await runEdge(edge(() => Promise.reject(error)).action, env());
    expect(errors()).toEqual(['::error::Thing failed: HTTP 500. Hint: retry']);
    expect(log()).toMatch(/::debug::ActionError: Thing failed%0A {4}at /);
  });

  it('a thrown value that is not an Error is named as it is', async () => {
    inputs({ ...base, region: 'eu-de' });
    await runEdge(edge(() => Promise.reject('a string')).action, env());
    expect(errors()).toEqual(['::error::Unexpected error: a string']);
    expect(log()).not.toContain('::debug::');
  });

  it('a thrown undefined or null is named too', async () => {
    inputs({ ...base, region: 'eu-de' });
    await runEdge(edge(() => Promise.reject(undefined)).action, env());
    await runEdge(edge(() => Promise.reject(null)).action, env());
    expect(errors()).toEqual(['::error::Unexpected error: undefined', '::error::Unexpected error: null']);
  });

  it('a failure the outcome carries fails the step after the outputs were published', async () => {
    inputs({ ...base, region: 'eu-de' });
    const { action, published } = edge(async () => 'partial', {
      failure: (outcome) => (outcome === 'partial' ? new ActionError('Later part failed') : undefined),
    });
    await runEdge(action, env());
    expect(published).toEqual(['partial']);
    expect(errors()).toEqual(['::error::Later part failed']);
  });
});
