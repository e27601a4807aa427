import { describe, expect, it } from 'vitest';
import { buildImportRequest, readImportResponse } from '../../../src/dli/import.ts';
import { ActionError } from '../../../src/http/errors.ts';

const reply = (body: unknown, status = 200) => ({
  status,
  headers: {},
  body: typeof body === 'string' ? body : JSON.stringify(body),
  requestId: 'rid-1',
});

function failure(response: ReturnType<typeof reply>): ActionError {
  try {
    readImportResponse(response);
  } catch (error) {
    if (error instanceof ActionError) return error;
    throw error;
  }
  throw new Error('expected readImportResponse to fail');
}

describe('import request', () => {
  it('posts zip_file and is_cover to the project-scoped import path, and is never to be re-sent', () => {
    const request = buildImportRequest(new URL('https://dli.eu-de.otc.t-systems.com'), {
      projectId: 'p1',
      zipFile: 'dli-backups/rel/v1/a.zip',
      overwrite: true,
    });
    expect(request.method).toBe('POST');
    expect(request.url.href).toBe('https://dli.eu-de.otc.t-systems.com/v1.0/p1/streaming/jobs/import');
    expect(request.headers).toEqual({ 'Content-Type': 'application/json', 'X-Project-Id': 'p1' });
    expect(request.body).toBe('{"zip_file":"dli-backups/rel/v1/a.zip","is_cover":true}');
    expect(request.idempotent).toBe(false);
  });

  it('sends is_cover false when not overwriting', () => {
    const request = buildImportRequest(new URL('https://x.example'), {
      projectId: 'p',
      zipFile: 'b/f',
      overwrite: false,
    });
    expect(JSON.parse(request.body ?? '')).toEqual({ zip_file: 'b/f', is_cover: false });
  });
});

describe('import response', () => {
  it('keeps 64-bit IDs exact, whether DLI sends numbers or strings', () => {
    const body =
      '{"is_success":true,"message":"ok","job_mapping":[' +
      '{"old_job_id":9223372036854775807,"new_job_id":9007199254740993,"remark":"created"},' +
      '{"old_job_id":"100","new_job_id":"200","remark":"created"},' +
      '{"old_job_id":146,"new_job_id":-1,"remark":"exists"}]}';
    expect(readImportResponse(reply(body))).toEqual({
      jobMapping: [
        { oldJobId: '9223372036854775807', newJobId: '9007199254740993', remark: 'created' },
        { oldJobId: '100', newJobId: '200', remark: 'created' },
        { oldJobId: '146', newJobId: '-1', remark: 'exists' },
      ],
      message: 'ok',
      requestId: 'rid-1',
    });
  });

  it.each([true, 'true'])('accepts is_success %j', (isSuccess) => {
    expect(readImportResponse(reply({ is_success: isSuccess, job_mapping: [] })).jobMapping).toEqual([]);
  });

  it('reads a missing job_mapping and remark as empty', () => {
    const result = readImportResponse(reply({ is_success: 'true', job_mapping: [{ old_job_id: 1, new_job_id: 2 }] }));
    expect(result).toEqual({
      jobMapping: [{ oldJobId: '1', newJobId: '2', remark: '' }],
      message: '',
      requestId: 'rid-1',
    });
    expect(readImportResponse(reply({ is_success: true })).jobMapping).toEqual([]);
  });

  it.each([false, 'false'])('fails on is_success %j with DLI’s message', (isSuccess) => {
    const error = failure(reply({ is_success: isSuccess, message: 'queue q1 does not exist' }));
    expect(error.describe()).toMatch(/^DLI import failed: DLI reported is_success=false: queue q1 does not exist/);
    expect(error.hint).toMatch(/queues and agencies/);
  });

  it('rejects an ID that is not a whole number', () => {
    expect(failure(reply({ is_success: true, job_mapping: [{ old_job_id: 'x', new_job_id: 2 }] })).message).toMatch(
      /unexpected response shape/,
    );
  });

  it.each([
    ['DLI.0001', 400, /zip-file/],
    ['DLI.0002', 400, /does not exist in OBS/],
    ['DLI.0011', 400, /Service Authorization/],
    [undefined, 403, /dli:jobs:create/],
    ['APIGW.0301', 401, /access-key\/secret-key/],
  ])('hints for %s / HTTP %s', (code, status, hint) => {
    const error = failure(reply(code ? { error_code: code, error_msg: 'm' } : '', status));
    expect(error.status).toBe(status);
    expect(error.hint).toMatch(hint);
  });
});
