/** Reading DLI's JSON answers: the error line and hint for each kind of failure, and exact job IDs. */

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hintFor } from '../../../src/cloud/hints.ts';
import { isSuccessSchema, type ReadHints, readDliJson } from '../../../src/dli/response.ts';
import { ActionError } from '../../../src/http/errors.ts';
import type { HttpResponse } from '../../../src/http/transport.ts';

const schema = z.object({ is_success: isSuccessSchema, message: z.string(), job_id: z.string().optional() });
const answer = (status: number, body: string, requestId = 'r-1'): HttpResponse => ({
  status,
  headers: {},
  body,
  requestId,
});
const hints = {
  permission: 'grant `dli:jobs:list`',
  codes: { 'DLI.0002': 'no such job here' },
  notSuccessful: 'check the job IDs',
};
function failure(response: HttpResponse, withHints: ReadHints = hints): ActionError {
  try {
    readDliJson(response, 'DLI call failed', schema, withHints);
  } catch (error) {
    if (error instanceof ActionError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('readDliJson', () => {
  it.each([200, 201, 299])('HTTP %i with a successful body is read', (status) => {
    expect(readDliJson(answer(status, '{"is_success":"true","message":"ok"}'), 'x', schema)).toEqual({
      is_success: true,
      message: 'ok',
    });
  });

  it('keeps a job ID beyond 2^53 as its exact text', () => {
    const body = '{"is_success":true,"message":"","job_id":9007199254740993}';
    expect(readDliJson(answer(200, body), 'x', schema).job_id).toBe('9007199254740993');
  });

  it.each([199, 300, 302, 400, 500])('HTTP %i is the service error', (status) => {
    const error = failure(answer(status, '{"error_code":"X.1","error_msg":"went wrong","is_success":true}'));
    expect(error.describe()).toMatch(
      new RegExp(`^DLI call failed: HTTP ${status} X\\.1: went wrong \\(request ID r-1\\)`),
    );
  });

  it('a code with its own hint for this call: that hint, whatever the status', () => {
    expect(failure(answer(404, '{"error_code":"DLI.0002","error_msg":"gone"}')).describe()).toBe(
      'DLI call failed: HTTP 404 DLI.0002: gone (request ID r-1). Hint: no such job here',
    );
    expect(failure(answer(403, '{"error_code":"DLI.0002","error_msg":"gone"}')).hint).toBe('no such job here');
  });

  it.each(['DLI.0013', 'DLI.0014', 'DLI.0016'])('%s is a permission problem at any status', (code) => {
    expect(failure(answer(400, `{"error_code":"${code}","error_msg":"denied"}`)).describe()).toBe(
      `DLI call failed: HTTP 400 ${code}: denied (request ID r-1). Hint: grant \`dli:jobs:list\``,
    );
  });

  it('HTTP 403 without a code is a permission problem', () => {
    expect(failure(answer(403, '')).describe()).toBe(
      'DLI call failed: HTTP 403: (empty body) (request ID r-1). Hint: grant `dli:jobs:list`',
    );
  });

  it('other codes and statuses: the general table', () => {
    expect(failure(answer(400, '{"error_code":"DLI.0001","error_msg":"bad"}')).hint).toBe(hintFor('DLI.0001', 400));
    expect(failure(answer(401, '{"error_code":"DLI.0999","error_msg":"bad"}')).hint).toBe(hintFor('DLI.0999', 401));
    expect(failure(answer(400, '{"error_code":"DLI.0001","error_msg":"bad"}')).hint).not.toBe(hints.permission);
    expect(failure(answer(404, '{"error_code":"OTHER","error_msg":"bad"}')).hint).toBeUndefined();
  });

  it('without call-specific hints, a permission code and HTTP 403 get the general permission hint', () => {
    expect(failure(answer(400, '{"error_code":"DLI.0013","error_msg":"d"}'), {}).hint).toBe(hintFor('DLI.0013', 400));
    expect(failure(answer(403, '{}'), {}).hint).toBe(hintFor(undefined, 403));
    expect(failure(answer(400, '{"error_code":"DLI.0002","error_msg":"d"}'), { permission: 'p' }).hint).toBe(
      hintFor('DLI.0002', 400),
    );
  });

  it('a body that is not JSON: says so, with its text or "(empty body)"', () => {
    expect(failure(answer(200, '<html><title>Login page</title></html>')).describe()).toBe(
      'DLI call failed: HTTP 200 with a body that is not JSON: Login page (request ID r-1)',
    );
    expect(failure(answer(200, '')).describe()).toBe(
      'DLI call failed: HTTP 200 with a body that is not JSON: (empty body) (request ID r-1)',
    );
  });

  it.each([
    ['{"is_success":false,"message":"job 7 not found"}', 'job 7 not found'],
    ['{"is_success":"false","message":"job 7 not found"}', 'job 7 not found'],
    ['{"is_success":false,"message":""}', '(no message)'],
    ['{"is_success":false}', '(no message)'],
    ['{"is_success":false,"message":5}', '(no message)'],
  ])('is_success=false in %s: DLI’s message and the hint', (body, message) => {
    expect(failure(answer(200, body)).describe()).toBe(
      `DLI call failed: DLI reported is_success=false: ${message} (request ID r-1). Hint: check the job IDs`,
    );
  });

  it('an unexpected shape names the problem on one line', () => {
    const error = failure(answer(200, '{"is_success":true}'));
    expect(error.message).toMatch(/^DLI call failed: unexpected response shape \(.*message.*\)$/);
    expect(error.message).not.toMatch(/\n/);
    expect(error.requestId).toBe('r-1');
    expect(failure(answer(200, '[]')).message).toMatch(/^DLI call failed: unexpected response shape/);
    expect(failure(answer(200, 'null')).message).toMatch(/^DLI call failed: unexpected response shape/);
    expect(failure(answer(200, '"false"')).message).toMatch(/^DLI call failed: unexpected response shape/);
    expect(failure(answer(200, '{"is_success":"yes","message":""}')).message).toMatch(/unexpected response shape/);
  });
});
