/**
 * The shared edge's own log lines and failure lines, with a small action plugged in that sends nothing: what is
 * masked, what the plan log says, and how a thrown value becomes the one error line.
 */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunDeps } from '../../../src/action/deps.ts';
import { type ActionEdge, runEdge } from '../../../src/action/edge.ts';
import { type Plan, parseInputs } from '../../../src/export/inputs.ts';
import { run as runExport } from '../../../src/export/main.ts';
import { ActionError } from '../../../src/http/errors.ts';
import { importEdge } from '../../../src/import/main.ts';
import type { Env } from '../../../src/util/env.ts';
import { parseOutputFile } from '../../e2e/run-action.ts';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_PROJECT_ID,
  DEFAULT_SECRET_KEY,
  type Emulator,
  startEmulator,
} from '../../emulator/server.ts';
import { captureRunnerStdout } from '../../support/runner-stdout.ts';

describe('edge: messages read whole', () => {
  const { log } = captureRunnerStdout();
  afterEach(() => {
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
      expect(log()).toContain(
        '::warning::GITHUB_STEP_SUMMARY is not set (act, Gitea?), so no job summary was written\n',
      );
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
});

/**
 * The shared edge in-process, with both actions plugged in, against the emulator: inputs through @actions/core,
 * outputs and summary through the runner's files, one failure line, the exit code.
 */
describe('edge', () => {
  let emulator: Emulator;
  let dir: string;
  let stdout: string[];

  beforeAll(async () => {
    // One directory for the whole file: core.summary keeps the first summary path it is given.
    dir = await mkdtemp(join(tmpdir(), 'edge-'));
    emulator = await startEmulator({
      zips: { 'dli-backups/rel/a.zip': [{ job_id: '9223372036854775807', name: 'new-job' }] },
    });
  });
  afterAll(async () => {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    emulator.reset();
    await writeFile(join(dir, 'output'), '');
    await writeFile(join(dir, 'summary'), '');
    stdout = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout.push(String(chunk));
      return true;
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    process.exitCode = undefined;
  });

  /** Sets the inputs and runner files as the runner would, and returns the environment the edge gets. */
  function runner(inputs: Record<string, string>, summary = true): NodeJS.ProcessEnv {
    const env: Record<string, string> = {
      GITHUB_OUTPUT: join(dir, 'output'),
      ...(summary ? { GITHUB_STEP_SUMMARY: join(dir, 'summary') } : {}),
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    for (const [name, value] of Object.entries(inputs)) vi.stubEnv(`INPUT_${name.toUpperCase()}`, value);
    return env;
  }

  const credentials = () => ({
    'project-id': DEFAULT_PROJECT_ID,
    endpoint: emulator.url,
    'access-key': DEFAULT_ACCESS_KEY,
    'secret-key': DEFAULT_SECRET_KEY,
  });
  const outputs = async () => parseOutputFile(await readFile(join(dir, 'output'), 'utf8'));
  const errors = () => stdout.filter((line) => line.startsWith('::error::'));

  describe('the shared edge', () => {
    it('runs the import: secrets masked first, outputs, summary, exit code 0', async () => {
      const env = runner({ ...credentials(), 'zip-file': 'obs://dli-backups/rel/a.zip' });
      await runEdge(importEdge, env, () => new Date());
      expect(errors()).toEqual([]);
      expect(process.exitCode).toBeUndefined();
      expect(stdout[0]).toBe(`::add-mask::${DEFAULT_SECRET_KEY}\n`);
      expect(await outputs()).toEqual({
        'job-mapping':
          '[{"old_job_id":"9223372036854775807","new_job_id":"9223372036854770001","remark":"Job created"}]',
        'new-job-ids': '["9223372036854770001"]',
        'skipped-job-ids': '[]',
      });
      expect(await readFile(join(dir, 'summary'), 'utf8')).toContain('<h2>DLI Flink job import</h2>');
    });

    it('runs the export through the same edge', async () => {
      const env = runner({ ...credentials(), 'obs-dir': 'dli-backups/x', 'job-ids': '146' });
      await runExport(env);
      expect(errors()).toEqual([]);
      expect((await outputs())['job-ids']).toBe('["146"]');
    });

    it('reports bad inputs in one line and sends nothing', async () => {
      const env = runner({ ...credentials(), 'zip-file': 'NO', overwrite: 'maybe' });
      await runEdge(importEdge, env);
      expect(emulator.requests).toEqual([]);
      expect(process.exitCode).toBe(1);
      expect(errors()).toHaveLength(1);
      expect(errors()[0]).toMatch(/^::error::Invalid inputs \(nothing was sent\):%0A- zip-file: .*%0A- overwrite: /);
    });

    it('writes outputs and the summary before failing on a ZIP, and warns without a summary file', async () => {
      const env = runner({ ...credentials(), 'zip-file': '["dli-backups/rel/a.zip", "dli-backups/none.zip"]' }, false);
      await runEdge(importEdge, env);
      expect(process.exitCode).toBe(1);
      // The first ZIP's job (created, or skipped if an earlier test created it) is in the outputs.
      expect(JSON.parse((await outputs())['job-mapping'] ?? '')).toEqual([
        expect.objectContaining({ old_job_id: '9223372036854775807' }),
      ]);
      expect(stdout.join('')).toMatch(/::warning::GITHUB_STEP_SUMMARY is not set/);
      expect(errors()[0]).toMatch(
        /^::error::DLI import of obs:\/\/dli-backups\/none\.zip \(2 of 2\) failed: HTTP 400 DLI\.0002/,
      );
    });

    it('turns an unexpected error into one line', async () => {
      const env = runner({ ...credentials(), 'zip-file': 'dli-backups/rel/a.zip' });
      await runEdge({ ...importEdge, execute: () => Promise.reject(new TypeError('boom')) }, env);
      expect(errors()).toEqual(['::error::Unexpected error: boom\n']);
    });

    it('logs the proxy without its password', async () => {
      const env = {
        ...runner({ ...credentials(), 'zip-file': 'dli-backups/rel/a.zip', 'dry-run': 'true' }),
        HTTPS_PROXY: 'http://user:pa55word@127.0.0.1:9',
        NO_PROXY: '127.0.0.1',
      };
      await runEdge(importEdge, env);
      const log = stdout.join('');
      expect(log).toContain('::add-mask::pa55word');
      expect(log).toMatch(/Proxy: https via http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:9.*NO_PROXY 127\.0\.0\.1/);
      expect(log).toMatch(/Dry run: nothing was sent, and no output is set/);
    });

    it('logs retries as warnings and names the trigger in the summary', async () => {
      emulator.script('import', [{ status: 429, headers: { 'Retry-After': '0' }, body: { error_code: 'APIGW.0308' } }]);
      const env = {
        ...runner({ ...credentials(), 'zip-file': 'dli-backups/rel/a.zip', overwrite: 'true', 'max-attempts': '2' }),
        GITHUB_REPOSITORY: 'octo-org/octo-repo',
        GITHUB_EVENT_NAME: 'release',
        GITHUB_REF: 'refs/tags/v1.2.0',
        GITHUB_RUN_ID: '42',
      };
      await runEdge(importEdge, env);
      expect(errors()).toEqual([]);
      expect(stdout.join('')).toMatch(/::warning::DLI import: attempt 1 of 2 failed \(HTTP 429 APIGW\.0308/);
      expect(await readFile(join(dir, 'summary'), 'utf8')).toContain(
        'release on v1.2.0 in octo-org/octo-repo (run 42)',
      );
    });
  });
});
