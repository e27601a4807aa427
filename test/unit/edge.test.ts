/**
 * The shared edge in-process, with both actions plugged in, against the emulator: inputs through @actions/core,
 * outputs and summary through the runner's files, one failure line, the exit code.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runEdge } from '../../src/edge.ts';
import { importEdge } from '../../src/import/main.ts';
import { run as runExport } from '../../src/main.ts';
import { parseOutputFile } from '../e2e/run-action.ts';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_PROJECT_ID,
  DEFAULT_SECRET_KEY,
  type Emulator,
  startEmulator,
} from '../emulator/server.ts';

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
      'job-mapping': '[{"old_job_id":"9223372036854775807","new_job_id":"9223372036854770001","remark":"Job created"}]',
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
    expect(await readFile(join(dir, 'summary'), 'utf8')).toContain('release on v1.2.0 in octo-org/octo-repo (run 42)');
  });
});
