/** Choosing jobs by name through dist/index.js, over a paged job list with duplicates and look-alike names. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, type JobSpec, startEmulator } from '../emulator/server.ts';
import { accessKeyInputs, runAction } from './run-action.ts';

/** 250 jobs (three pages of 100), two sharing a name, names that contain each other, a 64-bit ID. */
const JOBS: JobSpec[] = [
  ...Array.from({ length: 245 }, (_, i) => ({
    job_id: String(1000 + i),
    name: `pipeline-${String(i).padStart(3, '0')}`,
  })),
  { job_id: '5', name: 'orders-enrichment', status: 'job_running' },
  { job_id: '6', name: 'orders-enrichment-v2', status: 'job_stopped' },
  { job_id: '7', name: 'duplicate-name' },
  { job_id: '8', name: 'duplicate-name' },
  { job_id: '9223372036854775807', name: 'the-last-job', status: 'job_running' },
];

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ jobs: JOBS });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const inputs = (overrides: Record<string, string> = {}) =>
  accessKeyInputs({ 'obs-dir': 'dli-backups/by-name', endpoint: emulator.url, ...overrides });
const requestsOf = (operation: string) => emulator.requests.filter((request) => request.operation === operation);
const exportBody = () => JSON.parse(requestsOf('export')[0]?.body.replace(/(\d{16,})/g, '"$1"') ?? '{}');

describe('job names', () => {
  it('resolves names exactly across several pages, then exports their IDs', async () => {
    const run = await runAction({ inputs: inputs({ 'job-names': 'the-last-job\norders-enrichment\npipeline-150' }) });
    expect(run.errors).toEqual([]);
    expect(requestsOf('list').map((request) => request.query)).toEqual([
      'limit=100&offset=0&order=asc',
      'limit=100&offset=100&order=asc',
      'limit=100&offset=200&order=asc',
    ]);
    expect(requestsOf('export')[0]?.body).toBe(
      '{"obs_dir":"dli-backups/by-name","is_selected":true,"job_selected":[9223372036854775807,5,1150]}',
    );
    expect(run.outputs['job-ids']).toBe('["9223372036854775807","5","1150"]');
    expect(JSON.parse(run.outputs['job-names'] ?? '')).toEqual({
      '9223372036854775807': 'the-last-job',
      '5': 'orders-enrichment',
      '1150': 'pipeline-150',
    });
    expect(run.summary).toContain('<h3>Exported jobs (3)</h3>');
    expect(run.summary).toContain('<td><code>5</code></td><td>orders-enrichment</td><td>job_running</td>');
  });

  it('combines job-ids and job-names: IDs first, then names, without repeats', async () => {
    const run = await runAction({
      inputs: inputs({ 'job-ids': '6, 5', 'job-names': 'orders-enrichment, pipeline-000' }),
    });
    expect(run.exitCode).toBe(0);
    expect(exportBody().job_selected).toEqual([6, 5, 1000]);
    expect(JSON.parse(run.outputs['job-names'] ?? '')).toEqual({
      '6': 'orders-enrichment-v2',
      '5': 'orders-enrichment',
      '1000': 'pipeline-000',
    });
  });

  it('unknown names stop the step before any export, each listed with the closest names', async () => {
    const run = await runAction({
      inputs: inputs({ 'job-names': 'Orders-Enrichment\norders-enrichment\nno-such-thing-anywhere' }),
    });
    expect(run.exitCode).toBe(1);
    expect(requestsOf('export')).toHaveLength(0);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(
      '- "Orders-Enrichment": no job has this name; did you mean "orders-enrichment", "orders-enrichment-v2"?',
    );
    expect(run.errors[0]).toContain('- "no-such-thing-anywhere": no job has this name');
    expect(run.errors[0]).not.toContain('- "orders-enrichment"');
  });

  it('a name held by several jobs is ambiguous: the step fails naming their IDs, before any export', async () => {
    const run = await runAction({ inputs: inputs({ 'job-names': 'duplicate-name' }) });
    expect(run.exitCode).toBe(1);
    expect(requestsOf('export')).toHaveLength(0);
    expect(run.errors[0]).toContain('- "duplicate-name": 2 jobs have this name (IDs 7, 8); use job-ids');
  });

  it('a name longer than a DLI job name can be is an input error, before any request', async () => {
    const run = await runAction({ inputs: inputs({ 'job-names': 'x'.repeat(58) }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/- job-names: ".*" is longer than the 57 characters/);
    expect(emulator.requests).toHaveLength(0);
  });

  it('dry run resolves names with read-only list calls, prints the jobs and exports nothing', async () => {
    const run = await runAction({ inputs: inputs({ 'job-names': 'orders-enrichment-v2', 'dry-run': 'true' }) });
    expect(run.exitCode).toBe(0);
    expect(requestsOf('list')).toHaveLength(3);
    expect(requestsOf('export')).toHaveLength(0);
    expect(run.stdout).toMatch(/Jobs that would be exported:\n {2}6 {2}orders-enrichment-v2 {2}job_stopped/);
    expect(run.stdout).toContain('"job_selected":[6]');
    expect(run.outputs).toEqual({ 'job-ids': '["6"]', 'job-names': '{"6":"orders-enrichment-v2"}' });
  });

  it('without list permission, the list failure says which permission is missing', async () => {
    emulator.script('list', [{ status: 403, body: { error_code: 'DLI.0013', error_msg: 'Permission denied' } }]);
    const run = await runAction({ inputs: inputs({ 'job-names': 'orders-enrichment' }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(
      /^DLI job list failed: HTTP 403 DLI\.0013: Permission denied \(request ID .*dli:jobs:listAll/,
    );
    expect(requestsOf('export')).toHaveLength(0);
  });

  it('a 401 DLI.0013 on the list hints at dli:jobs:listAll, not at the export permission', async () => {
    emulator.script('list', [{ status: 401, body: { error_code: 'DLI.0013', error_msg: 'No permission' } }]);
    const run = await runAction({ inputs: inputs({ 'job-names': 'orders-enrichment' }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/^DLI job list failed: HTTP 401 DLI\.0013: No permission .*Hint: .*dli:jobs:listAll/);
    expect(run.errors[0]).not.toContain('dli:jobs:export');
  });

  it("a failed list answer without a job list surfaces DLI's message, not a schema error", async () => {
    emulator.script('list', [{ status: 200, body: { is_success: false, message: 'Permission denied for project' } }]);
    const run = await runAction({ inputs: inputs({ 'job-names': 'orders-enrichment' }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^DLI job list failed: DLI reported is_success=false: Permission denied for project \(request ID [0-9a-f]{32}\)$/,
      ),
    ]);
    expect(requestsOf('list')).toHaveLength(1);
  });

  it('a 2xx answer that is not JSON is shown as a short one-line excerpt', async () => {
    const page = `<html><head><title>Sign in\r\n to the proxy</title></head><body>${'<p>x</p>\n'.repeat(500)}</body></html>`;
    emulator.script('list', [{ status: 200, body: page, headers: { 'Content-Type': 'text/html' } }]);
    const run = await runAction({ inputs: inputs({ 'job-names': 'orders-enrichment' }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^DLI job list failed: HTTP 200 with a body that is not JSON: Sign in to the proxy \(request ID /,
      ),
    ]);
  });
});

describe('list-exported', () => {
  it('for "all jobs", lists every job in the summary and the job-names output', async () => {
    const run = await runAction({ inputs: inputs({ 'list-exported': 'true' }) });
    expect(run.exitCode).toBe(0);
    expect(exportBody()).toEqual({ obs_dir: 'dli-backups/by-name', is_selected: false });
    expect(run.summary).toContain(`<h3>Exported jobs (${JOBS.length})</h3>`);
    expect(Object.keys(JSON.parse(run.outputs['job-names'] ?? ''))).toHaveLength(JOBS.length);
  });

  it('for IDs, names them', async () => {
    const run = await runAction({ inputs: inputs({ 'job-ids': '7', 'list-exported': 'TRUE' }) });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs['job-names'] ?? '')).toEqual({ '7': 'duplicate-name' });
    expect(run.summary).toContain('<td><code>7</code></td><td>duplicate-name</td>');
  });

  it('is not read when not asked for: no list calls', async () => {
    const run = await runAction({ inputs: inputs({ 'job-ids': '5' }) });
    expect(run.exitCode).toBe(0);
    expect(requestsOf('list')).toHaveLength(0);
    expect(run.outputs['job-names']).toBe('{}');
  });
});

describe('long ID lists', () => {
  it('sends thousands of IDs in one request, exactly', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({
      job_id: String(10_000_000_000_000_000n + BigInt(i)),
      name: `j${i}`,
    }));
    const big = await startEmulator({ jobs: many });
    try {
      const ids = many.map((job) => job.job_id);
      const run = await runAction({
        inputs: { ...inputs({ endpoint: big.url }), 'job-ids': ids.join('\n') },
        env: { RUNNER_DEBUG: '1' },
      });
      expect(run.exitCode).toBe(0);
      expect(big.exports[0]?.jobIds).toEqual(ids);
      expect(JSON.parse(run.outputs['job-ids'] ?? '')).toEqual(ids);
      expect(run.stdout).toMatch(/::debug::Export request: 3000 job ID\(s\), body \d+ bytes/);
    } finally {
      await big.close();
    }
  });
});
