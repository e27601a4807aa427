/** The one line a failed step prints: every combination of status, code, message, request ID and hint, whole. */
import { describe, expect, it } from 'vitest';
import { ActionError, parseServiceError, serviceError } from '../../src/http/errors.ts';

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
