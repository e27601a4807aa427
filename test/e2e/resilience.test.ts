/**
 * The fault matrix through dist/index.js: the emulator scripts faults, the action retries what is worth retrying,
 * with the real production policy (waits of about a second; Retry-After 1 where throttling is tested).
 */
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../emulator/server.ts';
import { useEmulator } from '../support/emulator.ts';
import { accessKeyInputs, runAction } from './run-action.ts';

const emulator = useEmulator();

const inputs = (overrides: Record<string, string> = {}) =>
  accessKeyInputs({ endpoint: emulator.url, 'job-ids': '146', ...overrides });

const gatewayError = (code: string, message: string) => ({
  error_code: code,
  error_msg: message,
  request_id: 'body-rid',
});

describe('transient faults of read-only calls are retried, then the step succeeds', () => {
  // The job list is read-only, so it gets the full retry policy; `list-exported` makes the step read it.
  const listed = (overrides: Record<string, string> = {}) => inputs({ 'list-exported': 'true', ...overrides });

  it('503, 503, then success: two retries logged with attempt, reason and request ID', async () => {
    emulator.script('list', [
      { status: 503, body: gatewayError('APIGW.0613', 'IAM unavailable') },
      { status: 503, body: gatewayError('APIGW.0613', 'IAM unavailable') },
    ]);
    const run = await runAction({ inputs: listed() });
    expect(run.exitCode).toBe(0);
    expect(emulator.requests.map((request) => `${request.operation}:${request.status}`)).toEqual([
      'list:503',
      'list:503',
      'list:200',
      'export:200',
    ]);
    expect(run.warnings).toHaveLength(2);
    expect(run.warnings[0]).toMatch(
      /^DLI job list: attempt 1 of 3 failed \(HTTP 503 APIGW\.0613, request ID [0-9a-f]{32}\); retrying in \d\.\d s$/,
    );
    expect(run.warnings[1]).toMatch(/^DLI job list: attempt 2 of 3 failed/);
    expect(run.outputs['zip-file']).toBe(emulator.exports[0]?.zipFile);
  });

  it('429 with Retry-After is honoured and logged, also for the export (DLI did not run it)', async () => {
    emulator.script('export', [
      {
        status: 429,
        headers: { 'Retry-After': '1' },
        body: gatewayError('APIG.0308', 'The throttling threshold has been reached'),
      },
    ]);
    const started = Date.now();
    const run = await runAction({ inputs: inputs() });
    expect(run.exitCode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(run.warnings[0]).toMatch(/HTTP 429 APIG\.0308.*retrying in 1\.0 s as Retry-After: 1 asks/);
    expect(emulator.exports).toHaveLength(1);
  });

  it('a response that hangs past timeout-seconds is abandoned and retried', async () => {
    emulator.script('list', [{ kind: 'hang' }]);
    const run = await runAction({ inputs: listed({ 'timeout-seconds': '1' }) });
    expect(run.exitCode).toBe(0);
    expect(run.warnings[0]).toMatch(
      /attempt 1 of 3 failed \(DLI job list request to .* failed: no complete response within 1 s/,
    );
    expect(emulator.requests.filter((request) => request.operation === 'list')).toHaveLength(2);
  });

  it('a reset socket is retried', async () => {
    emulator.script('list', [{ kind: 'reset' }]);
    const run = await runAction({ inputs: listed() });
    expect(run.exitCode).toBe(0);
    expect(run.warnings[0]).toMatch(/DLI job list: .*connection was reset/);
  });

  it('an HTML 502 from a load balancer is retried', async () => {
    emulator.script('list', [
      { status: 502, body: '<html><title>502 Bad Gateway</title></html>', headers: { 'Content-Type': 'text/html' } },
    ]);
    const run = await runAction({ inputs: listed() });
    expect(run.exitCode).toBe(0);
    expect(run.warnings[0]).toMatch(/attempt 1 of 3 failed \(HTTP 502, request ID/);
  });
});

describe('an export is never sent twice once DLI may have run it', () => {
  const expectMaybeCompleted = (error: string | undefined) => {
    expect(error).toContain('the export may have completed although its answer was lost');
    expect(error).toContain('look for a new ZIP in obs://dli-backups/nightly');
    expect(error).toContain('re-running the step is safe but may leave a second ZIP there');
  };

  it('DLI runs the export, then the gateway answers 504: one export, and the step says where its ZIP would be', async () => {
    emulator.script('export', [
      { status: 504, body: gatewayError('APIGW.0201', 'Backend timeout'), afterRunning: true },
    ]);
    const run = await runAction({ inputs: inputs({ 'max-attempts': '5' }) });
    expect(run.exitCode).toBe(1);
    expect(emulator.exports).toHaveLength(1);
    expect(emulator.requests.filter((request) => request.operation === 'export')).toHaveLength(1);
    expect(run.warnings).toEqual([]);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/^DLI export failed: HTTP 504 APIGW\.0201: Backend timeout \(request ID /);
    expectMaybeCompleted(run.errors[0]);
  });

  it('DLI runs the export, then the connection drops: one export', async () => {
    emulator.script('export', [{ kind: 'reset', afterRunning: true }]);
    const run = await runAction({ inputs: inputs({ 'max-attempts': '5' }) });
    expect(run.exitCode).toBe(1);
    expect(emulator.exports).toHaveLength(1);
    expect(emulator.requests.filter((request) => request.operation === 'export')).toHaveLength(1);
    expect(run.errors[0]).toMatch(/^DLI export request to .* failed: the connection was reset/);
    expectMaybeCompleted(run.errors[0]);
  });

  it('no answer within timeout-seconds: one export request', async () => {
    emulator.script('export', [{ kind: 'hang', afterRunning: true }]);
    const run = await runAction({ inputs: inputs({ 'max-attempts': '5', 'timeout-seconds': '1' }) });
    expect(run.exitCode).toBe(1);
    expect(emulator.exports).toHaveLength(1);
    expect(emulator.requests.filter((request) => request.operation === 'export')).toHaveLength(1);
    expect(run.errors[0]).toMatch(/no complete response within 1 s/);
    expectMaybeCompleted(run.errors[0]);
  });

  it.each([500, 502, 503])('HTTP %i: one export request', async (status) => {
    emulator.script('export', [{ status, body: gatewayError('DLI.0999', 'Internal error') }]);
    const run = await runAction({ inputs: inputs({ 'max-attempts': '5' }) });
    expect(run.exitCode).toBe(1);
    expect(emulator.requests).toHaveLength(1);
    expectMaybeCompleted(run.errors[0]);
  });

  it('a refused connection is retried: the export cannot have reached DLI', async () => {
    const closed = await startEmulator();
    const url = closed.url;
    await closed.close();
    const run = await runAction({ inputs: inputs({ endpoint: url, 'max-attempts': '3' }) });
    expect(run.exitCode).toBe(1);
    expect(run.warnings).toHaveLength(2);
    expect(run.warnings[0]).toMatch(/^DLI export: attempt 1 of 3 failed \(.*connection refused/);
    expect(run.errors[0]).toMatch(/connection refused \(after 3 attempts\)/);
    expect(run.errors[0]).not.toContain('may have completed');
  });
});

describe('what is never retried', () => {
  it('a 401 from the gateway is tried once, even with max-attempts 10 (five failures lock an access key)', async () => {
    const run = await runAction({ inputs: inputs({ 'secret-key': 'wrong', 'max-attempts': '10' }) });
    expect(run.exitCode).toBe(1);
    expect(emulator.requests).toHaveLength(1);
    expect(run.warnings).toEqual([]);
    expect(run.errors[0]).toMatch(/HTTP 401 APIGW\.0301/);
  });

  it.each([
    [400, 'DLI.0001', 'Invalid obs_dir'],
    [403, 'DLI.0013', 'no permission'],
    [404, 'APIGW.0101', 'The API does not exist'],
  ])('HTTP %i %s is tried once', async (status, code, message) => {
    emulator.script('export', [{ status, body: { error_code: code, error_msg: message } }]);
    const run = await runAction({ inputs: inputs({ 'max-attempts': '5' }) });
    expect(run.exitCode).toBe(1);
    expect(emulator.requests).toHaveLength(1);
    expect(run.errors[0]).toContain(`HTTP ${status} ${code}: ${message}`);
  });
});

describe('giving up', () => {
  it('after max-attempts failures, one error line says how many attempts were made', async () => {
    emulator.script('list', [
      { status: 500, body: { error_code: 'DLI.0999', error_msg: 'Internal error' } },
      { status: 500, body: { error_code: 'DLI.0999', error_msg: 'Internal error' } },
    ]);
    const run = await runAction({ inputs: inputs({ 'max-attempts': '2', 'job-names': 'orders-enrichment' }) });
    expect(run.exitCode).toBe(1);
    expect(emulator.requests).toHaveLength(2);
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^DLI job list failed after 2 attempts: HTTP 500 DLI\.0999: Internal error \(request ID [0-9a-f]{32}\)\. Hint: /,
      ),
    ]);
  });

  it('max-attempts 1 makes a single attempt', async () => {
    emulator.script('list', [{ status: 503, body: {} }]);
    const run = await runAction({ inputs: inputs({ 'max-attempts': '1', 'job-names': 'orders-enrichment' }) });
    expect(run.exitCode).toBe(1);
    expect(emulator.requests).toHaveLength(1);
  });

  it.each(['0', '11', 'three'])('rejects max-attempts %s before any request', async (value) => {
    const run = await runAction({ inputs: inputs({ 'max-attempts': value }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/- max-attempts: /);
    expect(emulator.requests).toHaveLength(0);
  });
});

describe('responses that cannot be read', () => {
  it('a 200 with malformed JSON is one error line with the request ID, not retried', async () => {
    emulator.script('export', [{ status: 200, body: '{"is_success": tru' }]);
    const run = await runAction({ inputs: inputs() });
    expect(run.exitCode).toBe(1);
    expect(emulator.requests).toHaveLength(1);
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^DLI export failed: HTTP 200 with a body that is not JSON: \{"is_success": tru \(request ID [0-9a-f]{32}\)$/,
      ),
    ]);
  });

  it('an empty 502 says the body was empty', async () => {
    emulator.script('export', [{ status: 502, body: '' }]);
    const run = await runAction({ inputs: inputs({ 'max-attempts': '1' }) });
    expect(run.errors[0]).toMatch(/^DLI export failed: HTTP 502: \(empty body\) \(request ID [0-9a-f]{32}\)\. Hint: /);
  });
});

describe('clock skew', () => {
  it('a runner clock 20 minutes off is rejected by the gateway (APIGW.0303), with the clock hint, not retried', async () => {
    const skewed = await startEmulator({ now: () => new Date(Date.now() + 20 * 60 * 1000) });
    try {
      const run = await runAction({ inputs: inputs({ endpoint: skewed.url }) });
      expect(run.exitCode).toBe(1);
      expect(skewed.requests).toHaveLength(1);
      expect(run.errors[0]).toMatch(
        /^DLI export failed: HTTP 401 APIGW\.0303: .*Hint: .*clock may be more than 15 minutes off/,
      );
    } finally {
      await skewed.close();
    }
  });
});
