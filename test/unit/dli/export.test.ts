import { describe, expect, it } from 'vitest';
import { oidcTokenRequest, passwordTokenRequest } from '../../../src/auth/iam.ts';
import { buildExportRequest, exportBody, readExportResponse } from '../../../src/dli/export.ts';
import { listRequest } from '../../../src/dli/list.ts';
import { ActionError } from '../../../src/http/errors.ts';

const ok = (body: unknown) => ({ status: 200, headers: {}, body: JSON.stringify(body), requestId: 'rid-1' });

describe('export request', () => {
  it('writes IDs as exact integer literals', () => {
    expect(exportBody('b/d', ['1', '9223372036854775807'])).toBe(
      '{"obs_dir":"b/d","is_selected":true,"job_selected":[1,9223372036854775807]}',
    );
  });

  it('exports all jobs with is_selected false and no job list', () => {
    expect(exportBody('b', [])).toBe('{"obs_dir":"b","is_selected":false}');
  });

  it('posts to the project-scoped export path with the project header', () => {
    const request = buildExportRequest(new URL('https://dli.eu-de.otc.t-systems.com'), {
      projectId: 'p1',
      obsDir: 'b',
      jobIds: ['5'],
    });
    expect(request.method).toBe('POST');
    expect(request.url.href).toBe('https://dli.eu-de.otc.t-systems.com/v1.0/p1/streaming/jobs/export');
    expect(request.headers).toEqual({ 'Content-Type': 'application/json', 'X-Project-Id': 'p1' });
  });

  it('says which requests change something (never re-sent once they may have reached the service)', () => {
    const endpoint = new URL('https://dli.eu-de.otc.t-systems.com');
    expect(buildExportRequest(endpoint, { projectId: 'p1', obsDir: 'b', jobIds: [] }).idempotent).toBe(false);
    expect(listRequest(endpoint, 'p1', 0).idempotent).toBe(true);
    const login = { username: 'u', password: 'p', domainName: 'd' };
    expect(passwordTokenRequest(endpoint, login, 'p1').idempotent).toBe(true);
    expect(oidcTokenRequest(endpoint, 'idp', 'jwt', 'p1').idempotent).toBe(true);
  });
});

describe('export response', () => {
  it.each([true, 'true'])('accepts is_success %j', (isSuccess) => {
    expect(
      readExportResponse(ok({ is_success: isSuccess, message: 'done', zip_file: ['b/a_1.zip', 'b/a_2.zip'] })),
    ).toEqual({
      zipFiles: ['b/a_1.zip', 'b/a_2.zip'],
      message: 'done',
      requestId: 'rid-1',
    });
  });

  it.each([false, 'false'])('is_success %j fails with the server message', (isSuccess) => {
    expect(() => readExportResponse(ok({ is_success: isSuccess, message: 'bucket not authorized' }))).toThrow(
      expect.objectContaining({ serviceMessage: 'bucket not authorized', requestId: 'rid-1' }),
    );
  });

  it('rejects an unexpected shape', () => {
    expect(() => readExportResponse(ok({ is_success: 'yes' }))).toThrow(/unexpected response shape/);
  });

  it('rejects a body that is not JSON', () => {
    expect(() => readExportResponse({ status: 200, headers: {}, body: '<html>' })).toThrow(/not JSON/);
  });

  it('turns a DLI error status into an ActionError', () => {
    try {
      readExportResponse({
        status: 400,
        headers: {},
        body: '{"error_code":"DLI.0002","error_msg":"Job 5 does not exist"}',
        requestId: 'r',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ActionError);
      expect((error as ActionError).describe()).toMatch(
        /^DLI export failed: HTTP 400 DLI.0002: Job 5 does not exist \(request ID r\)\. Hint: /,
      );
    }
  });
});
