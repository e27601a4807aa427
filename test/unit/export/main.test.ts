/**
 * The export action's own parts of the edge (main.ts): the first log line, what is published for each outcome, and
 * what the summary is given; then run() in process. Written through `@actions/core`: the log on stdout, the outputs
 * in the GITHUB_OUTPUT file, the summary in the GITHUB_STEP_SUMMARY file.
 */

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Plan, parseInputs } from '../../../src/export/inputs.ts';
import { exportEdge, run } from '../../../src/export/main.ts';
import type { ExportStepOutcome } from '../../../src/export/step.ts';
import type { Transport } from '../../../src/http/transport.ts';
import { parseOutputFile } from '../../e2e/run-action.ts';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_PROJECT_ID,
  DEFAULT_SECRET_KEY,
  type Emulator,
  startEmulator,
} from '../../emulator/server.ts';
import { planFrom } from '../../support/fixtures.ts';
import { captureRunnerStdout } from '../../support/runner-stdout.ts';

const transports: { closed: number; transport: Transport }[] = [];
vi.mock('../../../src/http/transport.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/http/transport.ts')>();
  return {
    ...original,
    createTransport: (options: Parameters<typeof original.createTransport>[0]) => {
      const transport = original.createTransport(options);
      const record = { closed: 0, transport };
      transports.push(record);
      return {
        send: transport.send,
        close: async () => {
          record.closed++;
          await transport.close();
        },
      };
    },
  };
});

let emulator: Emulator;
let dir: string;
/** One summary file for the whole file, emptied before each test: core.summary keeps the first path it wrote to. */
let summaryDir: string;
let summaryFile: string;
let stdout: string[];
const savedEnv = { ...process.env };

beforeAll(async () => {
  emulator = await startEmulator();
  summaryDir = await mkdtemp(join(tmpdir(), 'dli-run-summary-'));
  summaryFile = join(summaryDir, 'summary');
});
afterAll(async () => {
  await emulator.close();
  await rm(summaryDir, { recursive: true, force: true });
});

beforeEach(async () => {
  emulator.reset();
  transports.length = 0;
  dir = await mkdtemp(join(tmpdir(), 'dli-run-'));
  await writeFile(join(dir, 'output'), '');
  await rm(summaryFile, { recursive: true, force: true });
  await writeFile(summaryFile, '');
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
});

describe('main-edge', () => {
  const { log, lines, outputs } = captureRunnerStdout();

  function plan(inputs: Record<string, string> = {}): Plan {
    const all: Record<string, string> = {
      'project-id': '0123456789abcdef0123456789abcdef',
      'obs-dir': 'backups/dli',
      'access-key': 'AK',
      'secret-key': 'SK',
      region: 'eu-de',
      ...inputs,
    };
    return planFrom(parseInputs, all);
  }

  const exported = (overrides: Partial<Extract<ExportStepOutcome, { dryRun: false }>> = {}): ExportStepOutcome => ({
    dryRun: false,
    jobIds: ['146'],
    result: { zipFiles: ['backups/dli/a.zip', 'backups/dli/b.zip'], message: 'ok', requestId: 'r' },
    files: [],
    ...overrides,
  });

  describe('the first log line', () => {
    it.each([
      [{}, 'Exporting all jobs of project 0123456789abcdef0123456789abcdef to obs://backups/dli'],
      [
        { 'job-ids': '146, 7' },
        'Exporting 2 job ID(s) (146, 7) of project 0123456789abcdef0123456789abcdef to obs://backups/dli',
      ],
      [
        { 'job-names': 'orders\nclicks' },
        'Exporting 2 job name(s) of project 0123456789abcdef0123456789abcdef to obs://backups/dli',
      ],
      [
        { 'job-ids': '146', 'job-names': 'orders' },
        'Exporting 1 job ID(s) (146) and 1 job name(s) of project 0123456789abcdef0123456789abcdef to obs://backups/dli',
      ],
    ])('%j', (inputs, line) => {
      expect(exportEdge.describe(plan(inputs))).toBe(line);
    });

    it('the time limit line follows the plan', () => {
      expect(exportEdge.bound(plan({ 'timeout-seconds': '60', 'max-attempts': '1' }))).toMatch(/^Time limit: /);
    });
  });

  describe('publishing an export', () => {
    it('logs the ZIPs as obs:// URLs and sets the export outputs, without download outputs when nothing was asked', () => {
      exportEdge.publish(plan(), exported());
      expect(lines()).toContain('DLI exported to: obs://backups/dli/a.zip, obs://backups/dli/b.zip');
      expect(log()).not.toContain('::warning::');
      expect(outputs()).toEqual({
        'zip-files': '["backups/dli/a.zip","backups/dli/b.zip"]',
        'zip-file': 'backups/dli/a.zip',
        'obs-urls': '["obs://backups/dli/a.zip","obs://backups/dli/b.zip"]',
        'job-ids': '["146"]',
        'job-names': '{}',
        message: 'ok',
        files: '[]',
        file: '',
      });
    });

    it('no ZIP listed: says so in the log and warns', () => {
      exportEdge.publish(plan(), exported({ result: { zipFiles: [], message: 'queued' } }));
      expect(lines()).toContain('DLI exported to: (no ZIP listed)');
      expect(lines()).toContain('::warning::DLI reported success but listed no ZIP file; zip-file is empty');
    });

    it('downloaded files become file/files; release asset URLs release-asset-urls', () => {
      exportEdge.publish(
        plan(),
        exported({
          files: [
            { path: '/w/a.zip', object: 'backups/dli/a.zip', size: 1, sha256: 's', md5: 'm', etag: 'e' },
            { path: '/w/b.zip', object: 'backups/dli/b.zip', size: 2, sha256: 's', md5: 'm', etag: 'e' },
          ] as ExportStepOutcome['files'],
          releaseAssetUrls: ['https://github.com/o/r/releases/download/v1/a.zip'],
        }),
      );
      expect(outputs()).toMatchObject({
        files: '["/w/a.zip","/w/b.zip"]',
        file: '/w/a.zip',
        'release-asset-urls': '["https://github.com/o/r/releases/download/v1/a.zip"]',
      });
    });

    it('a failed download: the export’s outputs, but no file outputs and no release URLs', () => {
      exportEdge.publish(plan(), exported({ failure: new Error('download failed') }));
      const set = outputs();
      expect(set['zip-file']).toBe('backups/dli/a.zip');
      expect(set).not.toHaveProperty('files');
      expect(set).not.toHaveProperty('file');
      expect(set).not.toHaveProperty('release-asset-urls');
      expect(exportEdge.failure?.(exported({ failure: new Error('download failed') }))?.message).toBe(
        'download failed',
      );
      expect(exportEdge.failure?.(exported())).toBeUndefined();
    });

    it('a failed release upload after the download: the files are there, so file/files are set', () => {
      exportEdge.publish(
        plan(),
        exported({
          files: [
            { path: '/w/a.zip', object: 'o', size: 1, sha256: 's', md5: 'm', etag: 'e' },
          ] as ExportStepOutcome['files'],
          failure: new Error('upload failed'),
        }),
      );
      expect(outputs()).toMatchObject({ files: '["/w/a.zip"]', file: '/w/a.zip' });
    });
  });

  describe('publishing a dry run', () => {
    const dry = (jobs?: ExportStepOutcome['jobs']): ExportStepOutcome => ({
      dryRun: true,
      jobIds: ['146', '7'],
      jobs,
      request: 'POST https://dli/v1.0/p/streaming/jobs/export',
      files: [],
    });

    it('without the job list: the request and job-ids only', () => {
      exportEdge.publish(plan({ 'job-ids': '146,7', 'dry-run': 'true' }), dry());
      expect(log()).not.toContain('Jobs that would be exported');
      expect(log()).toContain(
        'Dry run: this request would be sent (secrets withheld), and nothing is sent:\nPOST https://dli/v1.0/p/streaming/jobs/export',
      );
      expect(outputs()).toEqual({ 'job-ids': '["146","7"]' });
    });

    it('with names: each job’s ID, name and status, and job-names', () => {
      exportEdge.publish(
        plan({ 'job-names': 'orders', 'dry-run': 'true' }),
        dry([{ id: '146', name: 'orders', status: 'job_running' }, { id: '7' }]),
      );
      expect(log()).toContain(
        'Jobs that would be exported:\n  146  orders  job_running\n  7  (not in the job list)  \nDry run:',
      );
      expect(outputs()).toEqual({ 'job-ids': '["146","7"]', 'job-names': '{"146":"orders"}' });
    });

    it('with list-exported and no job read: job-names is an empty map', () => {
      exportEdge.publish(plan({ 'list-exported': 'true', 'dry-run': 'true' }), dry());
      expect(outputs()).toEqual({ 'job-ids': '["146","7"]', 'job-names': '{}' });
    });
  });

  describe('the summary it is given', () => {
    it('an export: the result, region, endpoint, trigger and files', () => {
      const html = exportEdge.summary(
        plan(),
        exported({
          files: [
            { path: '/w/a.zip', object: 'o', size: 10, sha256: 'abc', md5: 'm', etag: 'e' },
          ] as ExportStepOutcome['files'],
          jobs: [{ id: '146', name: 'orders', status: 'job_running' }],
        }),
        'push on main in o/r',
      );
      expect(html).toContain('<h2>DLI Flink job export</h2>');
      expect(html).toContain('<li><code>obs://backups/dli/a.zip</code></li>');
      expect(html).toContain('<td>ok</td>');
      expect(html).toContain('eu-de (<code>https://dli.eu-de.otc.t-systems.com</code>)');
      expect(html).toContain('<code>obs://backups/dli</code>');
      expect(html).toContain('push on main in o/r');
      expect(html).toContain('<h3>Downloaded files (1)</h3>');
      expect(html).toContain('<h3>Exported jobs (1)</h3>');
      expect(html).toContain('<code>146</code>');
    });

    it('a dry run: no result', () => {
      const html = exportEdge.summary(
        plan({ 'dry-run': 'true' }),
        { dryRun: true, jobIds: [], request: 'POST x', files: [] },
        undefined,
      );
      expect(html).toContain('<h2>DLI Flink job export (dry run: nothing was exported)</h2>');
      expect(html).not.toContain('ZIP files');
    });
  });
});

/**
 * run() in process, as the runner calls it: inputs in INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
 * files, the log on stdout. Against the emulator; the transport is wrapped to see that it is always closed.
 */
describe('main', () => {
  afterEach(async () => {
    vi.restoreAllMocks();
    core.summary.emptyBuffer();
    process.exitCode = undefined;
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs the action with these inputs; `env` is both the process environment and what run() is given. */
  async function runWith(inputs: Record<string, string>, env: Record<string, string> = {}) {
    const full: Record<string, string> = {
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: summaryFile,
      ...env,
    };
    for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
    Object.assign(process.env, full);
    await run(full, () => new Date());
    const log = stdout.join('');
    return {
      exitCode: process.exitCode ?? 0,
      log,
      errors: log.split('\n').filter((line) => line.startsWith('::error::')),
      warnings: log.split('\n').filter((line) => line.startsWith('::warning::')),
      outputs: parseOutputFile(await readFile(full.GITHUB_OUTPUT ?? '', 'utf8').catch(() => '')),
    };
  }

  const inputs = (overrides: Record<string, string> = {}) => ({
    'project-id': DEFAULT_PROJECT_ID,
    'obs-dir': 'dli-backups/nightly',
    'access-key': DEFAULT_ACCESS_KEY,
    'secret-key': DEFAULT_SECRET_KEY,
    endpoint: emulator.url,
    'job-ids': '146',
    ...overrides,
  });

  describe('run()', () => {
    it('exports, sets the outputs, writes the summary, and closes the transport', async () => {
      const result = await runWith(inputs());
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.outputs['zip-file']).toBe(emulator.exports[0]?.zipFile);
      expect(await readFile(summaryFile, 'utf8')).toContain('<h2>DLI Flink job export</h2>');
      expect(transports.map((t) => t.closed)).toEqual([1]);
      expect(result.log).toMatch(/Time limit: each request ends within 4 min with its retries; this step within 4 min/);
    });

    it('closes the transport when the export fails, and sets no output', async () => {
      emulator.script('export', [{ status: 400, body: { error_code: 'DLI.0001', error_msg: 'bad obs_dir' } }]);
      const result = await runWith(inputs());
      expect(result.exitCode).toBe(1);
      expect(result.errors).toEqual([
        expect.stringMatching(/^::error::DLI export failed: HTTP 400 DLI\.0001: bad obs_dir/),
      ]);
      expect(transports.map((t) => t.closed)).toEqual([1]);
      expect(result.outputs).toEqual({});
    });

    it('closes the transport when the job list fails before the export, and exports nothing', async () => {
      emulator.script('list', [{ status: 403, body: { error_code: 'DLI.0013', error_msg: 'denied' } }]);
      const result = await runWith(inputs({ 'job-names': 'orders-enrichment' }));
      expect(result.exitCode).toBe(1);
      expect(transports.map((t) => t.closed)).toEqual([1]);
      expect(emulator.exports).toHaveLength(0);
      expect(result.outputs).toEqual({});
    });

    it('a summary that cannot be written is a warning: the export and its outputs stand', async () => {
      // A folder where the summary file should be: it can be opened, but not appended to.
      await rm(summaryFile);
      await mkdir(summaryFile);
      const result = await runWith(inputs());
      expect(result.exitCode).toBe(0);
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([expect.stringMatching(/^::warning::Could not write the job summary: /)]);
      expect(result.outputs['zip-files']).toBe(JSON.stringify([emulator.exports[0]?.zipFile]));

      // The summary not written is dropped: the next run's summary is its own only.
      await rm(summaryFile, { recursive: true });
      await writeFile(summaryFile, '');
      stdout.length = 0;
      expect((await runWith(inputs())).warnings).toEqual([]);
      expect((await readFile(summaryFile, 'utf8')).split('<h2>DLI Flink job export</h2>')).toHaveLength(2);
    });

    it('without GITHUB_STEP_SUMMARY (act, Gitea): a warning, and success', async () => {
      const result = await runWith(inputs(), { GITHUB_STEP_SUMMARY: '' });
      expect(result.exitCode).toBe(0);
      expect(result.warnings).toEqual([expect.stringContaining('GITHUB_STEP_SUMMARY is not set')]);
    });

    it('DLI lists no ZIP: success with empty outputs and a warning (a partial result is said as such)', async () => {
      emulator.script('export', [{ status: 200, body: { is_success: true, message: 'queued' } }]);
      const result = await runWith(inputs());
      expect(result.exitCode).toBe(0);
      expect(result.warnings).toEqual([expect.stringContaining('listed no ZIP file; zip-file is empty')]);
      expect(result.outputs).toMatchObject({ 'zip-file': '', 'zip-files': '[]', message: 'queued' });
      expect(result.log).toContain('DLI exported to: (no ZIP listed)');
    });

    it('an export whose answer was lost: one request, the may-have-completed error, no outputs', async () => {
      emulator.script('export', [{ status: 504, body: {}, afterRunning: true }]);
      const result = await runWith(inputs({ 'max-attempts': '4' }));
      expect(result.exitCode).toBe(1);
      expect(emulator.exports).toHaveLength(1);
      expect(emulator.requests).toHaveLength(1);
      expect(result.errors[0]).toContain('look for a new ZIP in obs://dli-backups/nightly');
      expect(result.outputs).toEqual({});
    });

    it('bad inputs and an unusable proxy are reported together, and no transport is made', async () => {
      const result = await runWith(inputs({ 'obs-dir': 's3://b/x' }), { HTTPS_PROXY: 'http://u:p%zz@proxy:1' });
      expect(result.exitCode).toBe(1);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatch(
        /- obs-dir: "s3:\/\/b\/x" is a s3: address.*%0A- HTTPS_PROXY: has a bad %25 escape/,
      );
      expect(result.log).toContain('::add-mask::p%25zz\n');
      expect(transports).toHaveLength(0);
      expect(emulator.requests).toHaveLength(0);
    });

    it('logs the proxy without its credentials', async () => {
      const result = await runWith(inputs({ 'dry-run': 'true' }), {
        HTTPS_PROXY: 'proxy.corp:3128',
        NO_PROXY: '.corp',
      });
      expect(result.exitCode).toBe(0);
      expect(result.log).toContain('Proxy: https via http://proxy.corp:3128, http via no proxy; NO_PROXY .corp');
    });

    it('a dry run prints the request, sets job-ids and calls nothing', async () => {
      const result = await runWith(inputs({ 'dry-run': 'true' }));
      expect(result.exitCode).toBe(0);
      expect(emulator.requests).toHaveLength(0);
      expect(result.log).toContain('Dry run: this request would be sent');
      expect(result.outputs['job-ids']).toBe('["146"]');
      expect(await readFile(summaryFile, 'utf8')).toContain('dry run: nothing was exported');
    });

    it('a dry run with names lists the jobs it would export and their names', async () => {
      const result = await runWith(inputs({ 'dry-run': 'true', 'job-ids': '', 'job-names': 'orders-enrichment' }));
      expect(result.exitCode).toBe(0);
      expect(result.log).toMatch(/Jobs that would be exported:\n {2}146 {2}orders-enrichment/);
      expect(result.outputs['job-names']).toBe('{"146":"orders-enrichment"}');
      expect(emulator.exports).toHaveLength(0);
    });

    it('says what triggered the run in the summary', async () => {
      const event = join(dir, 'event.json');
      await writeFile(event, '{}');
      const result = await runWith(inputs(), {
        GITHUB_REPOSITORY: 'octo/repo',
        GITHUB_EVENT_NAME: 'release',
        GITHUB_REF: 'refs/tags/v1.2.0',
        GITHUB_RUN_ID: '42',
        GITHUB_EVENT_PATH: event,
      });
      expect(result.exitCode).toBe(0);
      expect(await readFile(summaryFile, 'utf8')).toContain('release on v1.2.0 in octo/repo (run 42)');
    });

    it('an unexpected error is one line, and the transport is still closed', async () => {
      emulator.script('export', [{ status: 200, body: { is_success: true, zip_file: 'not-a-list' } }]);
      const result = await runWith(inputs());
      expect(result.exitCode).toBe(1);
      expect(result.errors).toEqual([expect.stringMatching(/^::error::DLI export failed: unexpected response shape/)]);
      expect(transports.map((t) => t.closed)).toEqual([1]);
    });
  });
});
