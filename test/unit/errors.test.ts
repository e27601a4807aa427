import { describe, expect, it } from 'vitest';
import { hintFor } from '../../src/dli/hints.ts';
import { ActionError, parseServiceError, serviceError } from '../../src/http/errors.ts';

describe('service error bodies', () => {
  it.each([
    [
      'DLI',
      '{"error_code":"DLI.0001","error_msg":"obs_dir is invalid"}',
      { code: 'DLI.0001', message: 'obs_dir is invalid' },
    ],
    [
      'API gateway (Huawei)',
      '{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information","request_id":"r-1"}',
      { code: 'APIGW.0301', message: 'Incorrect IAM authentication information', requestId: 'r-1' },
    ],
    [
      'API gateway (OTC)',
      '{"error_code":"APIG.0308","error_msg":"throttled"}',
      { code: 'APIG.0308', message: 'throttled' },
    ],
    ['code/message', '{"code":"X.1","message":"m"}', { code: 'X.1', message: 'm' }],
    [
      'nested error',
      '{"error":{"code":"401","message":"The request you have made requires authentication."}}',
      { code: '401', message: 'The request you have made requires authentication.' },
    ],
    [
      'IAM',
      '{"error_msg":"The username or password is wrong.","error_code":"IAM.0001"}',
      { code: 'IAM.0001', message: 'The username or password is wrong.' },
    ],
    [
      'an HTML page',
      '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>',
      { message: '502 Bad Gateway' },
    ],
    ['plain text', 'upstream connect error\n', { message: 'upstream connect error' }],
    ['an empty body', '', {}],
    ['a JSON array', '[]', {}],
  ])('reads a %s body', (_name, body, expected) => {
    expect(parseServiceError(body)).toEqual(expect.objectContaining(expected));
  });

  it('turns a response into one actionable line with status, code, message, request ID and hint', () => {
    const error = serviceError(
      'DLI export failed',
      {
        status: 401,
        body: '{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail"}',
        requestId: 'abc123',
      },
      hintFor,
    );
    expect(error.describe()).toBe(
      'DLI export failed: HTTP 401 APIGW.0301: Incorrect IAM authentication information: verify aksk signature fail (request ID abc123). Hint: ' +
        hintFor('APIGW.0301', 401),
    );
  });

  it('takes the request ID from the body when the header is missing', () => {
    const error = serviceError('x', {
      status: 429,
      body: '{"error_code":"APIG.0308","error_msg":"m","request_id":"rid"}',
    });
    expect(error.requestId).toBe('rid');
  });

  it('takes the hint as given, from the caller’s table, or leaves it out', () => {
    const response = { status: 400, body: '{"error_code":"X.1","error_msg":"m"}' };
    expect(serviceError('x', response, 'check y').hint).toBe('check y');
    expect(serviceError('x', response, (code, status) => `${code} at ${status}`).hint).toBe('X.1 at 400');
    expect(serviceError('x', response).hint).toBeUndefined();
  });

  it('says the body was empty', () => {
    expect(serviceError('x', { status: 502, body: '' }).describe()).toMatch(/HTTP 502: \(empty body\)/);
  });

  it.each([
    ['APIGW.0301', 401, /access-key\/secret-key.*lock/],
    ['APIG.0301', 401, /access-key\/secret-key/],
    ['APIGW.0303', 401, /clock/],
    ['APIGW.0101', 404, /region/],
    ['DLI.0001', 400, /obs-dir/],
    ['DLI.0002', 400, /does not exist/],
    ['DLI.0013', 401, /dli:jobs:export/],
    [undefined, 403, /dli:jobs:export/],
    [undefined, 503, /retry later/],
  ])('hints for %s / HTTP %s', (code, status, hint) => {
    expect(hintFor(code, status)).toMatch(hint);
  });

  it('an error without service details is just its message', () => {
    expect(new ActionError('something failed').describe()).toBe('something failed');
  });
});
