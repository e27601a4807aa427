/** The emulator's import handler (test/emulator/import.ts), called directly: DLI's rules for the import body. */
import { describe, expect, it } from 'vitest';
import { buildCatalogue, DEFAULT_JOBS } from './catalogue.ts';
import type { DliState } from './dli.ts';
import { createImportState, handleImport, rememberZip } from './import.ts';
import { buildZip } from './zip.ts';

function setup(isSuccessAsString = false) {
  const dli: DliState = {
    jobs: buildCatalogue(DEFAULT_JOBS),
    buckets: new Set(['dli-backups']),
    now: () => new Date(0),
    isSuccessAsString,
    exports: [],
  };
  const state = createImportState({
    'dli-backups/v1/a.zip': [{ job_id: '7', name: 'fresh' }],
    'dli-backups/v1/b.zip': [{ job_id: '8', name: 'orders-enrichment' }],
    'dli-backups/nested/deeper/c.zip': [{ job_id: '9', name: 'other' }],
  });
  const post = (body: unknown, contentType = 'application/json') =>
    handleImport(dli, state, contentType, Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)));
  return { dli, state, post };
}

const errorOf = (response: { status: number; body: unknown }) => [
  response.status,
  (response.body as { error_code: string }).error_code,
  (response.body as { error_msg: string }).error_msg,
];

describe('emulated DLI import', () => {
  it.each([
    ['a body that is not JSON', '{', /not valid JSON/],
    ['a JSON array', [], /must be a JSON object/],
    ['no zip_file', { is_cover: false }, /zip_file is mandatory/],
    ['an obs:// path', { zip_file: 'obs://dli-backups/v1/a.zip' }, /must not start with obs:\/\//],
    ['is_cover as a string', { zip_file: 'dli-backups/v1/a.zip', is_cover: 'true' }, /is_cover must be a boolean/],
    ['a folder with subfolders', { zip_file: 'dli-backups/nested' }, /can contain only \.zip files/],
  ])('rejects %s with DLI.0001', (_name, body, message) => {
    const [status, code, text] = errorOf(setup().post(body));
    expect([status, code]).toEqual([400, 'DLI.0001']);
    expect(text).toMatch(message);
  });

  it('rejects another content type', () => {
    expect(errorOf(setup().post({ zip_file: 'dli-backups/v1/a.zip' }, 'text/plain'))[2]).toMatch(/Content-Type/);
  });

  it.each([
    ['an unknown bucket', 'nobucket/a.zip', /bucket nobucket does not exist/],
    ['an unknown path', 'dli-backups/v9/a.zip', /dli-backups\/v9\/a\.zip does not exist/],
  ])('answers DLI.0002 for %s', (_name, zipFile, message) => {
    const [status, code, text] = errorOf(setup().post({ zip_file: zipFile }));
    expect([status, code]).toEqual([400, 'DLI.0002']);
    expect(text).toMatch(message);
  });

  it('imports a folder, skips existing names, and answers is_success as a string when asked', () => {
    const { post, state, dli } = setup(true);
    const response = post({ zip_file: 'dli-backups/v1/' });
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).toBe(
      '{"is_success":"true","message":"Imported 1 job(s)","job_mapping":[' +
        '{"old_job_id":7,"new_job_id":9223372036854770001,"remark":"Job created"},' +
        '{"old_job_id":8,"new_job_id":-1,"remark":"A job named orders-enrichment already exists"}]}',
    );
    expect(state.imports[0]).toMatchObject({ isCover: false, zips: ['dli-backups/v1/a.zip', 'dli-backups/v1/b.zip'] });
    expect(dli.jobs.find((job) => job.name === 'fresh')).toMatchObject({ status: 'job_init' });
  });

  it('overwrites a job of the same name in place, as a Draft, with is_cover', () => {
    const { post, dli } = setup();
    const response = post({ zip_file: 'dli-backups/v1/b.zip', is_cover: true });
    expect(JSON.stringify(response.body)).toContain('{"old_job_id":8,"new_job_id":146,"remark":"Job overwritten"}');
    expect(dli.jobs.find((job) => job.job_id === '146')?.status).toBe('job_init');
  });

  it('skips IDs in use when creating jobs, and reads back what an export wrote', () => {
    const { post, state, dli } = setup();
    state.nextJobId = 146n;
    rememberZip(state, 'dli-backups/exported.zip', [{ ...(dli.jobs[0] as (typeof dli.jobs)[0]), name: 'renamed' }]);
    const response = post({ zip_file: 'dli-backups/exported.zip' });
    expect(JSON.stringify(response.body)).toContain('{"old_job_id":146,"new_job_id":147,"remark":"Job created"}');
  });

  it('reads the jobs of a ZIP the action put into OBS; a key that is not there does not exist', () => {
    const { dli, state } = setup();
    const zip = buildZip([
      { name: '42.json', content: Buffer.from('{"job_id":"42","name":"uploaded-job","job_type":"flink_sql_job"}') },
    ]);
    const objects = new Map([
      ['dli-backups/restore/a.zip', { body: zip }],
      ['dli-backups/restore/not-a-zip.zip', { body: Buffer.from('hello') }],
    ]);
    const post = (zipFile: string) =>
      handleImport(dli, state, 'application/json', Buffer.from(JSON.stringify({ zip_file: zipFile })), objects);
    expect(JSON.stringify(post('dli-backups/restore/a.zip').body)).toContain(
      '{"old_job_id":42,"new_job_id":9223372036854770001,"remark":"Job created"}',
    );
    expect(dli.jobs.find((job) => job.name === 'uploaded-job')).toMatchObject({ status: 'job_init' });
    expect(errorOf(post('dli-backups/restore/missing.zip'))).toEqual([
      400,
      'DLI.0002',
      'The OBS object dli-backups/restore/missing.zip does not exist',
    ]);
    expect(errorOf(post('dli-backups/restore/not-a-zip.zip'))).toEqual([
      400,
      'DLI.0001',
      'The file dli-backups/restore/not-a-zip.zip is not a valid job ZIP',
    ]);
  });
});
