/** The one line a failed step prints: every combination of status, code, message, request ID and hint, whole. */
import { describe, expect, it } from 'vitest';
import { hintFor } from '../../../src/cloud/hints.ts';
import { ActionError, parseServiceError, serviceError } from '../../../src/http/errors.ts';

describe('errors: messages read whole', () => {
  describe('ActionError lines', () => {
    it.each([
      [{ status: 404 }, 'Export failed: HTTP 404'],
      [{ code: 'DLI.0002' }, 'Export failed: DLI.0002'],
      [{ serviceMessage: 'no such job' }, 'Export failed: no such job'],
      [{ status: 404, serviceMessage: 'no such job' }, 'Export failed: HTTP 404: no such job'],
      [{ code: 'DLI.0002', serviceMessage: 'no such job' }, 'Export failed: DLI.0002: no such job'],
      [{ requestId: 'r-9' }, 'Export failed (request ID r-9)'],
      [{ hint: 'check job-ids' }, 'Export failed. Hint: check job-ids'],
      [
        { status: 0, code: 'X', serviceMessage: 'm', requestId: 'r', hint: 'h' },
        'Export failed: HTTP 0 X: m (request ID r). Hint: h',
      ],
      [{ requestId: '', hint: '' }, 'Export failed'],
    ])('%j', (details, line) => {
      expect(new ActionError('Export failed', details).describe()).toBe(line);
    });

    it('is an Error named ActionError that keeps its cause', () => {
      const cause = new Error('socket hang up');
      const error = new ActionError('Export failed', { cause });
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('ActionError');
      expect(error.cause).toBe(cause);
      expect(String(error)).toBe('ActionError: Export failed');
    });

    it('is neither retryable nor known to be unsent unless it says so', () => {
      const plain = new ActionError('x');
      expect(plain.retryable).toBe(false);
      expect(plain.notSent).toBe(false);
      const network = new ActionError('x', { retryable: true, notSent: true });
      expect(network.retryable).toBe(true);
      expect(network.notSent).toBe(true);
    });

    it('after attempts: says how many, and keeps every detail', () => {
      const error = new ActionError('DLI export failed', {
        status: 503,
        code: 'DLI.0999',
        serviceMessage: 'busy',
        requestId: 'r1',
        hint: 'retry later',
        retryable: true,
        notSent: true,
      }).afterAttempts(3);
      expect(error).toBeInstanceOf(ActionError);
      expect(error.describe()).toBe(
        'DLI export failed (after 3 attempts): HTTP 503 DLI.0999: busy (request ID r1). Hint: retry later',
      );
      expect(error.retryable).toBe(true);
      expect(error.notSent).toBe(true);
    });

    it('with another hint: replaces the hint only, or removes it', () => {
      const error = new ActionError('x', { status: 400, code: 'C', serviceMessage: 'm', requestId: 'r', hint: 'old' });
      expect(error.withHint('new').describe()).toBe('x: HTTP 400 C: m (request ID r). Hint: new');
      expect(error.withHint(undefined).describe()).toBe('x: HTTP 400 C: m (request ID r)');
      expect(error.withHint('new').message).toBe('x');
    });
  });

  describe('service error bodies, field by field', () => {
    it('prefers error_code/error_msg, then code/message, then the nested error', () => {
      expect(
        parseServiceError(
          '{"error_code":"A","error_msg":"a","code":"B","message":"b","error":{"code":"C","message":"c","request_id":"n"}}',
        ),
      ).toEqual({ code: 'A', message: 'a', requestId: 'n' });
      expect(parseServiceError('{"code":"B","message":"b","error":{"code":"C","message":"c"}}')).toEqual({
        code: 'B',
        message: 'b',
        requestId: undefined,
      });
      expect(parseServiceError('{"request_id":"top","error":{"request_id":"nested"}}').requestId).toBe('top');
    });

    it('ignores empty strings and values that are not strings, falling through to the next shape', () => {
      expect(
        parseServiceError('{"error_code":"","code":"B","error_msg":7,"message":"","error":{"message":"c"}}'),
      ).toEqual({ code: 'B', message: 'c', requestId: undefined });
      expect(parseServiceError('{"error":"not an object","message":"m"}')).toEqual({
        code: undefined,
        message: 'm',
        requestId: undefined,
      });
      expect(parseServiceError('{"error":["x"],"code":"Q"}').code).toBe('Q');
      expect(parseServiceError('null')).toStrictEqual({});
      expect(parseServiceError('[{"code":"X"}]')).toStrictEqual({});
      expect(parseServiceError('"text"')).toEqual({});
    });

    it('an HTML page without a title: its text, tags removed, on one line', () => {
      expect(parseServiceError('<html><body><h1>Bad</h1>\n<p>Gateway   down</p></body></html>')).toEqual({
        message: 'Bad Gateway down',
      });
      expect(parseServiceError('<TITLE> 503\n Service </TITLE><p>x</p>')).toEqual({ message: '503 Service' });
      expect(parseServiceError('  \n\t ')).toEqual({ message: undefined });
      expect(parseServiceError('<br/><hr>')).toEqual({ message: undefined });
      expect(parseServiceError('<p>Bad</p><p>Gateway</p>')).toEqual({ message: 'Bad Gateway' });
    });

    it('a long text: its first 200 characters and an ellipsis; 200 exactly are kept whole', () => {
      const long = 'x'.repeat(250);
      expect(parseServiceError(long).message).toBe(`${'x'.repeat(200)}…`);
      expect(parseServiceError('y'.repeat(200)).message).toBe('y'.repeat(200));
      expect(parseServiceError('z'.repeat(201)).message).toBe(`${'z'.repeat(200)}…`);
    });
  });

  describe('serviceError', () => {
    it('names the attempts only when there were more than one', () => {
      const body = '{"error_code":"APIG.0308","error_msg":"throttled"}';
      expect(serviceError('List failed', { status: 429, body, attempts: 3 }).describe()).toBe(
        'List failed after 3 attempts: HTTP 429 APIG.0308: throttled',
      );
      expect(serviceError('List failed', { status: 429, body, attempts: 1 }).describe()).toBe(
        'List failed: HTTP 429 APIG.0308: throttled',
      );
      expect(serviceError('List failed', { status: 429, body }).message).toBe('List failed');
    });

    it('the header’s request ID wins over the body’s', () => {
      const error = serviceError('x', { status: 500, body: '{"request_id":"body"}', requestId: 'header' });
      expect(error.requestId).toBe('header');
    });

    it('an empty or blank body is "(empty body)"; an unreadable JSON body has no message', () => {
      expect(serviceError('x', { status: 502, body: ' \n' }).describe()).toBe('x: HTTP 502: (empty body)');
      expect(serviceError('x', { status: 502, body: '{}' }).describe()).toBe('x: HTTP 502');
      expect(serviceError('x', { status: 502, body: '{"error_code":"E"}' }).describe()).toBe('x: HTTP 502 E');
    });
  });
});

describe('errors', () => {
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
});
