/**
 * The built import action (`dist/import/index.js`) against the loopback DLI emulator, both sides asserted: what
 * the action reported, and what the emulator received and did.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_PROJECT_ID,
  DEFAULT_SECRET_KEY,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from '../emulator/server.ts';
import { accessKeyInputs, runAction } from './run-action.ts';

/** ZIPs a staging project exported: names new to the emulated project, and one it already has. */
const ZIPS = {
  'dli-backups/release/v1/orders.zip': [
    { job_id: '9223372036854775807', name: 'orders-to-warehouse' },
    { job_id: '146', name: 'orders-enrichment' },
  ],
  'dli-backups/release/v1/clicks.zip': [{ job_id: '31337', name: 'clicks-to-warehouse' }],
  'dli-backups/release/v2/fraud.zip': [{ job_id: '9007199254740993', name: 'fraud-to-warehouse' }],
};

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emulator = await startEmulator({ zips: ZIPS, ...options });
  return emulator;
}

const importInputs = (dli: Emulator, overrides: Record<string, string> = {}) => ({
  'project-id': DEFAULT_PROJECT_ID,
  endpoint: dli.url,
  'access-key': DEFAULT_ACCESS_KEY,
  'secret-key': DEFAULT_SECRET_KEY,
  ...overrides,
});

const importRequests = (dli: Emulator) => dli.requests.filter((request) => request.operation === 'import');

describe('importing', () => {
  it('one ZIP: new jobs get new 64-bit IDs, exact in every output, and the summary maps old → new', async () => {
    const dli = await start({ isSuccessAsString: true });
    const run = await runAction({
      action: 'import',
      inputs: importInputs(dli, { 'zip-file': 'obs://dli-backups/release/v1/clicks.zip' }),
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);

    expect(importRequests(dli)).toHaveLength(1);
    const [request] = importRequests(dli);
    expect(request).toMatchObject({
      method: 'POST',
      path: `/v1.0/${DEFAULT_PROJECT_ID}/streaming/jobs/import`,
      accepted: true,
      status: 200,
      body: '{"zip_file":"dli-backups/release/v1/clicks.zip","is_cover":false}',
    });
    expect(request?.headers['x-project-id']).toBe(DEFAULT_PROJECT_ID);
    expect(run.outputs).toEqual({
      'job-mapping': '[{"old_job_id":"31337","new_job_id":"9223372036854770001","remark":"Job created"}]',
      'new-job-ids': '["9223372036854770001"]',
      'skipped-job-ids': '[]',
    });
    expect(run.warnings).toEqual([]);
    expect(run.summary).toContain(
      '<td><code>31337</code></td><td>→</td><td><code>9223372036854770001</code></td><td>Job created</td>',
    );
    expect(dli.imports).toEqual([
      expect.objectContaining({
        zipFile: 'dli-backups/release/v1/clicks.zip',
        zips: ['dli-backups/release/v1/clicks.zip'],
      }),
    ]);
  });

  it('a folder: every ZIP in it, in one request', async () => {
    const dli = await start();
    const run = await runAction({
      action: 'import',
      inputs: importInputs(dli, { 'zip-file': 'dli-backups/release/v1/' }),
    });
    expect(run.exitCode).toBe(0);
    expect(importRequests(dli).map((request) => request.body)).toEqual([
      '{"zip_file":"dli-backups/release/v1","is_cover":false}',
    ]);
    expect(dli.imports[0]?.zips).toEqual(['dli-backups/release/v1/clicks.zip', 'dli-backups/release/v1/orders.zip']);
    expect(JSON.parse(run.outputs['job-mapping'] ?? '')).toEqual([
      { old_job_id: '31337', new_job_id: '9223372036854770001', remark: 'Job created' },
      { old_job_id: '9223372036854775807', new_job_id: '9223372036854770002', remark: 'Job created' },
      { old_job_id: '146', new_job_id: '-1', remark: 'A job named orders-enrichment already exists' },
    ]);
    expect(run.outputs['new-job-ids']).toBe('["9223372036854770001","9223372036854770002"]');
    expect(run.outputs['skipped-job-ids']).toBe('["146"]');
  });

  it('a JSON array of ZIPs: one request each, in order', async () => {
    const dli = await start();
    const zips = ['dli-backups/release/v2/fraud.zip', 'obs://dli-backups/release/v1/clicks.zip'];
    const run = await runAction({ action: 'import', inputs: importInputs(dli, { 'zip-file': JSON.stringify(zips) }) });
    expect(run.exitCode).toBe(0);
    expect(importRequests(dli).map((request) => JSON.parse(request.body).zip_file)).toEqual([
      'dli-backups/release/v2/fraud.zip',
      'dli-backups/release/v1/clicks.zip',
    ]);
    expect(JSON.parse(run.outputs['job-mapping'] ?? '')).toEqual([
      { old_job_id: '9007199254740993', new_job_id: '9223372036854770001', remark: 'Job created' },
      { old_job_id: '31337', new_job_id: '9223372036854770002', remark: 'Job created' },
    ]);
    expect(run.stdout).toMatch(/Importing obs:\/\/dli-backups\/release\/v2\/fraud\.zip \(1 of 2\)/);
  });

  it('skipped jobs: -1 left out of new-job-ids, listed in skipped-job-ids, and a warning pointing at overwrite', async () => {
    const dli = await start();
    const run = await runAction({
      action: 'import',
      inputs: importInputs(dli, { 'zip-file': 'dli-backups/release/v1/orders.zip' }),
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['new-job-ids']).toBe('["9223372036854770001"]');
    expect(run.outputs['skipped-job-ids']).toBe('["146"]');
    expect(run.warnings).toEqual([
      expect.stringMatching(
        /^1 job\(s\) were not imported because a job of the same name exists .*old IDs 146.*`overwrite: true`/,
      ),
    ]);
    expect(run.summary).toContain('skipped (name exists)');
  });

  it('promotes what the export wrote, overwriting jobs of the same name, which become Draft (with a warning)', async () => {
    const dli = await start({ zips: {} });
    const exported = await runAction({
      inputs: accessKeyInputs({ 'obs-dir': 'dli-backups/promote', 'job-ids': '146, 31337', endpoint: dli.url }),
    });
    expect(exported.exitCode).toBe(0);
    const run = await runAction({
      action: 'import',
      inputs: importInputs(dli, { 'zip-file': exported.outputs['zip-files'] ?? '', overwrite: 'true' }),
    });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(importRequests(dli)[0]?.body ?? '')).toEqual({
      zip_file: exported.outputs['zip-file'],
      is_cover: true,
    });
    expect(JSON.parse(run.outputs['job-mapping'] ?? '')).toEqual([
      { old_job_id: '146', new_job_id: '146', remark: 'Job overwritten' },
      { old_job_id: '31337', new_job_id: '31337', remark: 'Job overwritten' },
    ]);
    expect(run.warnings).toEqual([expect.stringMatching(/overwrite is on: .*Draft.*started again.*146, 31337/)]);
    const list = await runAction({
      inputs: accessKeyInputs({
        'obs-dir': 'dli-backups/check',
        'job-ids': '146',
        'list-exported': 'true',
        endpoint: dli.url,
      }),
    });
    expect(list.summary).toContain('<td>job_init</td>');
  });
});

describe('failures', () => {
  it('is_success false fails the step with DLI’s message', async () => {
    const dli = await start();
    dli.script('import', [{ status: 200, body: { is_success: 'false', message: 'Queue flink-q does not exist' } }]);
    const run = await runAction({
      action: 'import',
      inputs: importInputs(dli, { 'zip-file': 'dli-backups/release/v1/clicks.zip' }),
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^DLI import of obs:\/\/dli-backups\/release\/v1\/clicks\.zip failed: DLI reported is_success=false: Queue flink-q does not exist \(request ID \w+\)\. Hint: .*queues and agencies/,
      ),
    ]);
    expect(run.outputs['job-mapping']).toBe('[]');
  });

  it('when a later ZIP fails: the step fails naming it, nothing more is sent, and the outputs hold what came before', async () => {
    const dli = await start();
    const zips = [
      'dli-backups/release/v1/clicks.zip',
      'dli-backups/release/v9/missing.zip',
      'dli-backups/release/v2/fraud.zip',
    ];
    const run = await runAction({ action: 'import', inputs: importInputs(dli, { 'zip-file': JSON.stringify(zips) }) });
    expect(run.exitCode).toBe(1);
    expect(importRequests(dli)).toHaveLength(2);
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^DLI import of obs:\/\/dli-backups\/release\/v9\/missing\.zip \(2 of 3\) failed: HTTP 400 DLI\.0002: The OBS object dli-backups\/release\/v9\/missing\.zip does not exist \(request ID \w+\)\. Hint: the ZIP or folder does not exist in OBS.*obs:\/\/dli-backups\/release\/v1\/clicks\.zip was imported before; the outputs hold their jobs$/,
      ),
    ]);
    expect(run.outputs['new-job-ids']).toBe('["9223372036854770001"]');
    expect(run.summary).toMatch(/DLI Flink job import \(failed\)/);
    expect(run.summary).toContain('<code>31337</code>');
  });

  it('a lost answer: the step says the import may have run, and does not send it again', async () => {
    const dli = await start();
    // DLI runs the import, then the answer is lost as a 503; max-attempts keeps its default of 3.
    dli.script('import', [{ status: 503, body: { error_code: 'DLI.0999', error_msg: 'busy' }, afterRunning: true }]);
    const run = await runAction({
      action: 'import',
      inputs: importInputs(dli, { 'zip-file': 'dli-backups/release/v1/clicks.zip' }),
    });
    expect(run.exitCode).toBe(1);
    expect(importRequests(dli)).toHaveLength(1);
    expect(dli.imports).toHaveLength(1);
    expect(run.errors[0]).toMatch(/HTTP 503 DLI\.0999: busy.*the import may have run in DLI/);
  });

  it('bad inputs: every problem at once, and nothing is sent', async () => {
    const dli = await start();
    const run = await runAction({
      action: 'import',
      inputs: importInputs(dli, {
        'zip-file': '["Bad_Bucket/a.zip", "ok-bucket//b.zip"]',
        overwrite: 'yes',
        'timeout-seconds': '0',
      }),
    });
    expect(run.exitCode).toBe(1);
    expect(dli.requests).toEqual([]);
    expect(run.errors).toEqual([
      [
        'Invalid inputs (nothing was sent):',
        '- timeout-seconds: must be at least 1',
        '- zip-file: bucket "Bad_Bucket" may contain only lower-case letters, digits, hyphens and periods',
        '- zip-file: "ok-bucket//b.zip" has an empty folder name ("//")',
        '- overwrite: must be true or false',
      ].join('\n'),
    ]);
    expect(run.outputs).toEqual({});
  });

  it('a dry run sends nothing and prints each request without secrets', async () => {
    const dli = await start();
    const run = await runAction({
      action: 'import',
      inputs: importInputs(dli, { 'zip-file': '["dli-backups/a.zip", "dli-backups/b.zip"]', 'dry-run': 'true' }),
    });
    expect(run.exitCode).toBe(0);
    expect(dli.requests).toEqual([]);
    expect(run.stdout).toMatch(/for obs:\/\/dli-backups\/b\.zip this request would be sent/);
    expect(run.stdout).toContain('{"zip_file":"dli-backups/a.zip","is_cover":false}');
    expect(run.visible).not.toContain(DEFAULT_SECRET_KEY);
    expect(run.summary).toMatch(/dry run: nothing was imported/);
  });
});
