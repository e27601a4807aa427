/**
 * The built action against the loopback DLI emulator, both sides asserted: what the action reported, and what
 * the emulator received.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, startEmulator } from '../emulator/server.ts';
import { useEmulator } from '../support/emulator.ts';
import { accessKeyInputs, runAction } from './run-action.ts';

const emulator = useEmulator();

const inputs = (overrides: Record<string, string> = {}) =>
  accessKeyInputs({ 'obs-dir': 'obs://dli-backups/nightly/', endpoint: emulator.url, ...overrides });

describe('exporting chosen jobs', () => {
  it('exports the given IDs and sets every output and the summary', async () => {
    const run = await runAction({ inputs: inputs({ 'job-ids': '146, 2048\n146' }) });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);

    expect(emulator.requests).toHaveLength(1);
    const [request] = emulator.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/v1.0/${DEFAULT_PROJECT_ID}/streaming/jobs/export`,
      accepted: true,
      status: 200,
    });
    expect(request?.body).toBe('{"obs_dir":"dli-backups/nightly","is_selected":true,"job_selected":[146,2048]}');
    expect(request?.headers['x-project-id']).toBe(DEFAULT_PROJECT_ID);
    expect(request?.headers.authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=EMULATORACCESSKEY0001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=/,
    );

    const zip = emulator.exports[0]?.zipFile ?? '';
    expect(zip).toMatch(/^dli-backups\/nightly\/aggregate_\d+\.zip$/);
    expect(run.outputs).toEqual({
      'zip-files': JSON.stringify([zip]),
      'zip-file': zip,
      'obs-urls': JSON.stringify([`obs://${zip}`]),
      'job-ids': '["146","2048"]',
      'job-names': '{}',
      message: expect.stringMatching(/Exported 2 job/),
      files: '[]',
      file: '',
    });
    expect(run.summary).toContain(`<code>obs://${zip}</code>`);
    expect(run.summary).toContain('2 jobs: <code>146</code>, <code>2048</code>');
    expect(run.summary).toContain(emulator.url);
  });

  it('sends an ID above 2^53 exactly, from a JSON array', async () => {
    const run = await runAction({ inputs: inputs({ 'job-ids': '["9223372036854775807", 9007199254740993]' }) });
    expect(run.exitCode).toBe(0);
    expect(emulator.requests[0]?.body).toContain('"job_selected":[9223372036854775807,9007199254740993]');
    expect(emulator.exports[0]?.jobIds).toEqual(['9223372036854775807', '9007199254740993']);
    expect(run.outputs['job-ids']).toBe('["9223372036854775807","9007199254740993"]');
  });

  it('exports all jobs when job-ids is empty', async () => {
    const run = await runAction({ inputs: inputs() });
    expect(run.exitCode).toBe(0);
    expect(emulator.requests[0]?.body).toBe('{"obs_dir":"dli-backups/nightly","is_selected":false}');
    expect(run.outputs['job-ids']).toBe('[]');
    expect(run.summary).toContain('all jobs of the project');
  });

  it('signs and sends the security token of temporary keys', async () => {
    const fresh = await startEmulator();
    try {
      const run = await runAction({
        inputs: inputs({ 'security-token': 'temporary-token-value', endpoint: fresh.url }),
      });
      expect(run.exitCode).toBe(0);
      expect(fresh.requests[0]?.headers['x-security-token']).toBe('temporary-token-value');
      expect(fresh.requests[0]?.headers.authorization).toContain('x-security-token');
      expect(run.masks).toContain('temporary-token-value');
    } finally {
      await fresh.close();
    }
  });

  it('takes credentials and the project from conventional environment variables', async () => {
    const run = await runAction({
      inputs: { 'obs-dir': 'dli-backups', endpoint: emulator.url },
      env: {
        HUAWEICLOUD_SDK_AK: DEFAULT_ACCESS_KEY,
        HUAWEICLOUD_SDK_SK: DEFAULT_SECRET_KEY,
        OS_PROJECT_ID: DEFAULT_PROJECT_ID,
      },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('access key EMULATORACCESSKEY0001 from HUAWEICLOUD_SDK_* environment variables');
    expect(emulator.requests[0]?.accepted).toBe(true);
  });

  it('accepts is_success sent as the string "true"', async () => {
    const stringly = await startEmulator({ isSuccessAsString: true });
    try {
      const run = await runAction({ inputs: { ...inputs({ 'job-ids': '146' }), endpoint: stringly.url } });
      expect(run.exitCode).toBe(0);
      expect(JSON.parse(run.outputs['zip-files'] ?? '[]')).toHaveLength(1);
    } finally {
      await stringly.close();
    }
  });

  it('only warns when GITHUB_STEP_SUMMARY is missing (act, Gitea)', async () => {
    const run = await runAction({ inputs: inputs({ 'job-ids': '146' }), summaryFile: false });
    expect(run.exitCode).toBe(0);
    expect(run.warnings.join('\n')).toMatch(/GITHUB_STEP_SUMMARY is not set/);
    expect(run.outputs['zip-file']).toMatch(/\.zip$/);
  });
});

describe('the job summary escapes what the server and the inputs say', () => {
  it('renders a hostile DLI message and ZIP name as text, on the lines it owns', async () => {
    emulator.script('export', [
      {
        status: 200,
        body: {
          is_success: true,
          message: 'done\n\n<script>alert(1)</script> & <b>more</b>',
          zip_file: ['dli-backups/nightly/"><img src=x onerror=alert(2)>.zip'],
        },
      },
    ]);
    const run = await runAction({ inputs: inputs({ 'job-ids': '146' }) });
    expect(run.exitCode).toBe(0);
    expect(run.summary).not.toMatch(/<script>|<img|<b>/);
    expect(run.summary).toContain('done<br><br>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;more&lt;/b&gt;');
    expect(run.summary).toContain('obs://dli-backups/nightly/&quot;&gt;&lt;img src=x onerror=alert(2)&gt;.zip');
    // The output keeps the server's string unchanged: escaping is for the HTML summary only.
    expect(run.outputs['zip-file']).toBe('dli-backups/nightly/"><img src=x onerror=alert(2)>.zip');
  });
});

describe('dry run', () => {
  it('prints the request without secrets, sets job-ids and sends nothing', async () => {
    const run = await runAction({
      inputs: inputs({ 'job-ids': '146 2048', 'dry-run': 'TRUE', 'security-token': 'tok-secret-123' }),
    });
    expect(run.exitCode).toBe(0);
    expect(emulator.requests).toHaveLength(0);
    expect(run.stdout).toContain(`POST ${emulator.url}/v1.0/${DEFAULT_PROJECT_ID}/streaming/jobs/export`);
    expect(run.stdout).toContain('{"obs_dir":"dli-backups/nightly","is_selected":true,"job_selected":[146,2048]}');
    expect(run.stdout).toContain('Signature=***');
    expect(run.outputs).toEqual({ 'job-ids': '["146","2048"]' });
    expect(run.summary).toContain('dry run');
    expect(run.visible).not.toContain(DEFAULT_SECRET_KEY);
    expect(run.visible).not.toContain('tok-secret-123');
  });
});

describe('bad inputs stop the step before any request', () => {
  it.each([
    ['a missing project-id', { 'project-id': '' }, /project-id: is required/],
    [
      'a project-id that would change the URL path',
      { 'project-id': '../../admin' },
      /project-id: must be a project ID/,
    ],
    ['an obs-dir with an invalid bucket', { 'obs-dir': 'Bad_Bucket/x' }, /obs-dir: bucket "Bad_Bucket"/],
    ['a job ID above 2^63-1', { 'job-ids': '9223372036854775808' }, /job-ids: .*larger than the largest job ID/],
    ['a job ID that is not a number', { 'job-ids': '12, abc' }, /job-ids: "abc" is not a positive whole number/],
    ['an unknown region', { endpoint: '', region: 'mars-1' }, /region: unknown region "mars-1".*`endpoint`/],
    ['no region or endpoint', { endpoint: '' }, /region: set `region`/],
    ['plain http to a remote endpoint', { endpoint: 'http://dli.example.com' }, /endpoint: must use https/],
    ['missing credentials', { 'access-key': '', 'secret-key': '' }, /authentication: no credentials/],
    [
      'a secret key without an access key',
      { 'access-key': '' },
      /access-key: is required for access key authentication \(with `secret-key`\)/,
    ],
    ['a timeout of 0 seconds', { 'timeout-seconds': '0' }, /timeout-seconds: must be at least 1/],
    ['a timeout above 600 seconds', { 'timeout-seconds': '601' }, /timeout-seconds: must be at most 600/],
    ['a dry-run that is not a boolean', { 'dry-run': 'yes' }, /dry-run: must be true or false/],
  ])('%s', async (_name, override, message) => {
    const run = await runAction({ inputs: inputs(override) });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(message);
    expect(emulator.requests).toHaveLength(0);
  });

  it('lists every bad input in one error', async () => {
    const run = await runAction({
      inputs: inputs({
        'project-id': 'a b',
        'obs-dir': 'x',
        'job-ids': '-1',
        'timeout-seconds': 'abc',
        'dry-run': 'maybe',
      }),
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    for (const input of ['project-id', 'obs-dir', 'job-ids', 'timeout-seconds', 'dry-run']) {
      expect(run.errors[0]).toContain(`- ${input}: `);
    }
    expect(emulator.requests).toHaveLength(0);
  });

  it('with no inputs at all, fails cleanly with exit 1 and one ::error:: line (smoke test of the bundle)', async () => {
    const run = await runAction();
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/^Invalid inputs/);
    expect(run.stderr).toBe('');
  });
});

describe('service errors become one actionable line', () => {
  it('a wrong secret key: 401 APIGW.0301 from the gateway, with request ID and hint', async () => {
    const run = await runAction({ inputs: inputs({ 'secret-key': 'wrong-secret' }) });
    expect(run.exitCode).toBe(1);
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]?.accepted).toBe(false);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(
      /^DLI export failed: HTTP 401 APIGW\.0301: .+ \(request ID [0-9a-f]{32}\)\. Hint: .*access-key\/secret-key/,
    );
  });

  it('an unknown job: DLI.0002 with the server message', async () => {
    const run = await runAction({ inputs: inputs({ 'job-ids': '424242' }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/^DLI export failed: HTTP 400 DLI\.0002: .*424242.*\(request ID [0-9a-f]{32}\)/);
  });

  it('a missing bucket: DLI.0002', async () => {
    const run = await runAction({ inputs: inputs({ 'obs-dir': 'no-such-bucket/x' }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/DLI\.0002.*no-such-bucket/);
  });

  it.each([
    ['APIG (OTC)', 'APIG.0308', 429],
    ['APIGW (Huawei)', 'APIGW.0308', 429],
  ])('a throttled request from the %s gateway', async (_name, code, status) => {
    emulator.script('export', [
      { status, body: { error_code: code, error_msg: 'Requests throttled', request_id: 'rq-429' } },
    ]);
    const run = await runAction({ inputs: inputs({ 'max-attempts': '1' }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(
      new RegExp(
        `HTTP 429 ${code.replace('.', '\\.')}: Requests throttled \\(request ID [0-9a-f]{32}\\)\\. Hint: .*throttled`,
      ),
    );
  });

  it('is_success false fails with the server message', async () => {
    emulator.script('export', [
      { status: 200, body: { is_success: 'false', message: 'OBS bucket not authorized for DLI' } },
    ]);
    const run = await runAction({ inputs: inputs() });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(
      /^DLI export failed: DLI reported is_success=false: OBS bucket not authorized for DLI \(request ID /,
    );
    expect(run.outputs).toEqual({});
  });

  it('an HTML 502 page', async () => {
    emulator.script('export', [
      {
        status: 502,
        body: '<html><head><title>502 Bad Gateway</title></head></html>',
        headers: { 'content-type': 'text/html' },
      },
    ]);
    const run = await runAction({ inputs: inputs({ 'max-attempts': '1' }) });
    expect(run.errors[0]).toMatch(/HTTP 502: 502 Bad Gateway \(request ID .*Hint: .*retry later/);
  });

  it('a refused connection names the host', async () => {
    const closed = await startEmulator();
    const url = closed.url;
    await closed.close();
    const run = await runAction({ inputs: inputs({ endpoint: url, 'max-attempts': '1' }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(
      new RegExp(`^DLI export request to ${new URL(url).host.replace(/\./g, '\\.')} failed: connection refused`),
    );
  });

  it('a response slower than timeout-seconds fails as a timeout', async () => {
    emulator.script('export', [{ kind: 'hang' }]);
    const started = Date.now();
    const run = await runAction({ inputs: inputs({ 'timeout-seconds': '1', 'max-attempts': '1' }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(
      /no complete response within 1 s\. Hint: the export may have completed.*Also: raise `timeout-seconds`/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a reset connection', async () => {
    emulator.script('export', [{ kind: 'reset' }]);
    const run = await runAction({ inputs: inputs({ 'max-attempts': '1' }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/connection was reset/);
  });
});

describe('secrets', () => {
  it('never shows the secret key or security token, with debug logging on, in success and failure', async () => {
    const secret = DEFAULT_SECRET_KEY;
    const token = 'security-token-that-must-stay-hidden';
    const success = await runAction({
      inputs: inputs({ 'job-ids': '146', 'security-token': token }),
      env: { RUNNER_DEBUG: '1' },
    });
    const failure = await runAction({
      inputs: inputs({ 'secret-key': `${secret}-wrong`, 'security-token': token }),
      env: { RUNNER_DEBUG: '1' },
    });
    for (const run of [success, failure]) {
      expect(run.masks).toEqual(expect.arrayContaining([token]));
      for (const value of [secret, token, `${secret}-wrong`]) expect(run.visible).not.toContain(value);
    }
    expect(success.masks[0]).toBe(secret);
    expect(success.stdout.indexOf('::add-mask::')).toBe(0);
  });
});
