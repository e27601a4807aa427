/**
 * The export action's own parts of the edge (main.ts): the first log line, what is published for each outcome, and
 * what the summary is given. Outputs are read from the runner's `set-output` lines (no GITHUB_OUTPUT file).
 */
import { describe, expect, it } from 'vitest';
import type { ExportStepOutcome } from '../../src/export-step.ts';
import { type Plan, parseInputs } from '../../src/inputs.ts';
import { exportEdge } from '../../src/main.ts';
import { captureRunnerStdout } from '../support/runner-stdout.ts';

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
  const parsed = parseInputs((name) => all[name] ?? '', {});
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.plan;
}

const exported = (overrides: Partial<Extract<ExportStepOutcome, { dryRun: false }>> = {}): ExportStepOutcome => ({
  dryRun: false,
  jobIds: ['146'],
  result: { zipFiles: ['backups/dli/a.zip', 'backups/dli/b.zip'], message: 'ok', requestId: 'r' },
  authorize: (request) => request,
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
    expect(exportEdge.failure?.(exported({ failure: new Error('download failed') }))?.message).toBe('download failed');
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
