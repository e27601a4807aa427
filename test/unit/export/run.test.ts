/** runExport() and exportJobs() failure paths, with a scripted transport (no network). */
import { describe, expect, it, vi } from 'vitest';
import { buildExportRequest, exportJobs, mayHaveCompleted } from '../../../src/dli/export.ts';
import { type Plan, parseInputs } from '../../../src/export/inputs.ts';
import { runExport } from '../../../src/export/run.ts';
import { ActionError } from '../../../src/http/errors.ts';
import type { HttpRequest, HttpResponse, Transport } from '../../../src/http/transport.ts';
import { planFrom } from '../../support/fixtures.ts';

type Answer = HttpResponse | Error | ((request: HttpRequest) => HttpResponse);

/** A transport that answers from a script, recording what was sent. */
function scripted(answers: Answer[]) {
  const sent: HttpRequest[] = [];
  const transport: Transport = {
    send: vi.fn(async (request: HttpRequest, authorize?: (r: HttpRequest) => HttpRequest) => {
      const final = authorize ? authorize(request) : request;
      sent.push(final);
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`unexpected request ${final.operation}`);
      if (answer instanceof Error) throw answer;
      return typeof answer === 'function' ? answer(final) : answer;
    }),
    stream: () => Promise.reject(new Error('the export streams nothing')),
    close: vi.fn(async () => {}),
  };
  return { transport, sent };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: JSON.stringify(body),
  requestId: 'rid',
});
const exported = json(200, { is_success: true, message: 'ok', zip_file: ['b/d/x_1.zip'] });
const page = (jobs: { job_id: string; name: string }[]) =>
  json(200, { is_success: true, job_list: { total_count: jobs.length, jobs } });

function plan(inputs: Record<string, string>): Plan {
  const values: Record<string, string> = {
    'project-id': 'p1',
    'obs-dir': 'bkt/d',
    endpoint: 'https://dli.example.com',
    'access-key': 'AK',
    'secret-key': 'SK',
    ...inputs,
  };
  return planFrom(parseInputs, values);
}

/** IAM password authentication instead of the access key: the inputs that choose it. */
const password = {
  'access-key': '',
  'secret-key': '',
  username: 'u',
  password: 'pw',
  'domain-name': 'd',
  'iam-endpoint': 'https://iam.example.com',
};
/** Keyless OpenID Connect instead of the access key: the inputs that choose it. */
const keyless = {
  'access-key': '',
  'secret-key': '',
  'identity-provider': 'idp',
  'iam-endpoint': 'https://iam.example.com',
};

const deps = (transport: Transport, extra: Partial<Parameters<typeof runExport>[1]> = {}) => ({
  transport,
  env: {},
  now: () => new Date('2026-11-26T10:00:00Z'),
  mask: vi.fn(),
  info: vi.fn(),
  warning: vi.fn(),
  debug: vi.fn(),
  ...extra,
});

describe('exportJobs: an answer that was lost', () => {
  const request = buildExportRequest(new URL('https://dli.example.com'), { projectId: 'p', obsDir: 'b/d', jobIds: [] });
  const send = (answer: Answer) => exportJobs(scripted([answer]).transport, (r) => r, request, 'b/d');

  it('is sent as a request that changes something', () => {
    expect(request.idempotent).toBe(false);
  });

  it('a 5xx: DLI may have run it, the error says where its ZIP would be, and keeps the service hint', async () => {
    const error = (await send(json(503, { error_code: 'APIGW.0613', error_msg: 'x' })).catch((e) => e)) as ActionError;
    expect(error.describe()).toMatch(/^DLI export failed: HTTP 503 APIGW\.0613: x \(request ID rid\)\. Hint: /);
    expect(error.hint).toBe(mayHaveCompleted('b/d', 'IAM is temporarily unavailable; retry later'));
    expect(error.hint).toMatch(
      /look for a new ZIP in obs:\/\/b\/d; re-running the step is safe but may leave a second ZIP there\. Also: IAM/,
    );
  });

  it('a network failure after sending: the same, with the network hint kept', async () => {
    const lost = new ActionError('DLI export request to h failed: the connection was reset', { hint: 'a proxy' });
    const error = (await send(lost).catch((e) => e)) as ActionError;
    expect(error.message).toBe(lost.message);
    expect(error.hint).toBe(mayHaveCompleted('b/d', 'a proxy'));
  });

  it('a failure that cannot have reached DLI: no such note', async () => {
    const refused = new ActionError('refused', { notSent: true, hint: 'check endpoint' });
    expect(await send(refused).catch((e) => e)).toBe(refused);
  });

  it('a 4xx or a 429: DLI did not run it, no note', async () => {
    for (const status of [400, 429]) {
      const error = (await send(json(status, { error_code: 'DLI.0001', error_msg: 'bad' })).catch(
        (e) => e,
      )) as ActionError;
      expect(error.hint ?? '').not.toContain('may have completed');
    }
  });

  it('an error that is not an ActionError passes unchanged', async () => {
    const bug = new TypeError('bug');
    expect(await send(bug).catch((e) => e)).toBe(bug);
  });

  it('without an earlier hint, the note stands alone', () => {
    expect(mayHaveCompleted('b/d')).toBe(
      'the export may have completed although its answer was lost: look for a new ZIP in obs://b/d; re-running the step is safe but may leave a second ZIP there',
    );
  });
});

describe('runExport', () => {
  it('exports the IDs with a signed request, and returns the result', async () => {
    const { transport, sent } = scripted([exported]);
    const outcome = await runExport(plan({ 'job-ids': '5' }), deps(transport));
    expect(outcome).toEqual({
      dryRun: false,
      jobIds: ['5'],
      jobs: undefined,
      result: { zipFiles: ['b/d/x_1.zip'], message: 'ok', requestId: 'rid' },
      temporaryKeyToken: undefined,
    });
    expect(sent[0]?.headers.Authorization).toMatch(/^SDK-HMAC-SHA256 Access=AK, /);
  });

  it('unknown names stop before the export: the resolution problem and the hint', async () => {
    const { transport, sent } = scripted([page([{ job_id: '5', name: 'orders' }])]);
    const error = (await runExport(plan({ 'job-names': 'order' }), deps(transport)).catch((e) => e)) as ActionError;
    expect(error).toBeInstanceOf(ActionError);
    expect(error.hint).toMatch(/names match exactly, including case/);
    expect(sent.map((request) => request.operation)).toEqual(['DLI job list']);
  });

  it('names and IDs merged; the jobs described from the list, unknown IDs kept', async () => {
    const { transport, sent } = scripted([page([{ job_id: '5', name: 'orders' }]), exported]);
    const info = vi.fn();
    const outcome = await runExport(plan({ 'job-ids': '9', 'job-names': 'orders' }), deps(transport, { info }));
    expect(outcome.jobIds).toEqual(['9', '5']);
    expect(outcome.jobs).toEqual([{ id: '9' }, { id: '5', name: 'orders', status: undefined }]);
    expect(sent[1]?.body).toBe('{"obs_dir":"bkt/d","is_selected":true,"job_selected":[9,5]}');
    expect(info).toHaveBeenCalledWith('Job name "orders" is job 5');
    expect(info).toHaveBeenCalledWith(expect.stringMatching(/^Listed 1 job\(s\) of the project in \d+ ms$/));
  });

  it('list-exported for all jobs: every job of the list', async () => {
    const { transport } = scripted([
      page([
        { job_id: '5', name: 'a' },
        { job_id: '6', name: 'b' },
      ]),
      exported,
    ]);
    const outcome = await runExport(plan({ 'list-exported': 'true' }), deps(transport));
    expect(outcome.jobs?.map((job) => job.id)).toEqual(['5', '6']);
  });

  it('the list succeeded but the export failed: the failure, not a partial success', async () => {
    const { transport } = scripted([
      page([{ job_id: '5', name: 'a' }]),
      json(400, { error_code: 'DLI.0002', error_msg: 'no bucket' }),
    ]);
    await expect(runExport(plan({ 'job-names': 'a' }), deps(transport))).rejects.toThrow(/DLI export failed/);
  });

  it('a dry run without names sends nothing, and shows the request with the signature withheld', async () => {
    const { transport, sent } = scripted([]);
    const outcome = await runExport(plan({ 'job-ids': '5', 'dry-run': 'true' }), deps(transport));
    expect(sent).toEqual([]);
    expect(outcome).toMatchObject({ dryRun: true, jobIds: ['5'] });
    expect(outcome.dryRun && outcome.request).toMatch(
      /^POST https:\/\/dli\.example\.com\/v1\.0\/p1\/streaming\/jobs\/export\n/,
    );
    expect(outcome.dryRun && outcome.request).toContain('Signature=***');
  });

  it('a dry run with a password gets no IAM token unless the job list is needed', async () => {
    const { transport, sent } = scripted([]);
    const outcome = await runExport(plan({ ...password, 'dry-run': 'true' }), deps(transport));
    expect(sent).toEqual([]);
    expect(outcome.dryRun && outcome.request).toContain('X-Auth-Token: ***');
  });

  it('password authentication: the IAM token is masked and authorizes the export', async () => {
    const { transport, sent } = scripted([json(201, {}, { 'x-subject-token': 'IAM-TOKEN' }), exported]);
    const mask = vi.fn();
    await runExport(plan({ ...password, 'job-ids': '5' }), deps(transport, { mask }));
    expect(mask).toHaveBeenCalledWith('IAM-TOKEN');
    expect(sent[0]?.idempotent).toBe(true);
    expect(sent[1]?.headers['X-Auth-Token']).toBe('IAM-TOKEN');
  });

  it('keyless: the ID token (masked), then IAM, then the export', async () => {
    const { transport, sent } = scripted([
      json(200, { value: 'ID-TOKEN' }),
      json(201, {}, { 'x-subject-token': 'IAM-TOKEN' }),
      exported,
    ]);
    const mask = vi.fn();
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/x?api-version=2.0',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'RT',
    };
    await runExport(plan({ ...keyless, 'job-ids': '5', 'oidc-audience': 'aud' }), deps(transport, { mask, env }));
    expect(sent.map((request) => request.operation)).toEqual([
      'GitHub ID token',
      'IAM OpenID Connect authentication',
      'DLI export',
    ]);
    expect(sent[0]?.url.href).toBe('https://token.example/x?api-version=2.0&audience=aud');
    expect(mask.mock.calls.map(([secret]) => secret)).toEqual(['RT', 'ID-TOKEN', 'IAM-TOKEN']);
    expect(JSON.parse(sent[1]?.body ?? '{}').auth.id_token.id).toBe('ID-TOKEN');
  });

  it("keyless with download-dir: the unscoped token from the same ID token, before the export, for OBS's keys", async () => {
    const withDownload = { ...keyless, 'download-dir': '/tmp/out', 'obs-endpoint': 'https://obs.example.com' };
    const { transport, sent } = scripted([
      json(200, { value: 'ID-TOKEN' }),
      json(201, {}, { 'x-subject-token': 'SCOPED' }),
      json(201, {}, { 'x-subject-token': 'UNSCOPED' }),
      exported,
    ]);
    const mask = vi.fn();
    const env = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'RT' };
    const outcome = await runExport(plan({ ...withDownload, 'job-ids': '5' }), deps(transport, { mask, env }));
    expect(sent.map((request) => request.operation)).toEqual([
      'GitHub ID token',
      'IAM OpenID Connect authentication',
      'IAM OpenID Connect authentication (unscoped token, for temporary access keys)',
      'DLI export',
    ]);
    expect(sent[3]?.headers['X-Auth-Token']).toBe('SCOPED');
    expect(outcome).toMatchObject({ dryRun: false, temporaryKeyToken: 'UNSCOPED' });
    expect(mask.mock.calls.map(([secret]) => secret)).toEqual(['RT', 'ID-TOKEN', 'SCOPED', 'UNSCOPED']);
  });

  it('a keyless dry run with download-dir and job names reads the list but asks for no unscoped token', async () => {
    const { transport, sent } = scripted([
      json(200, { value: 'ID-TOKEN' }),
      json(201, {}, { 'x-subject-token': 'SCOPED' }),
      page([{ job_id: '5', name: 'orders' }]),
    ]);
    const env = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'RT' };
    const inputs = {
      'access-key': '',
      'secret-key': '',
      'identity-provider': 'idp',
      'iam-endpoint': 'https://iam.example.com',
      'download-dir': '/tmp/out',
      'obs-endpoint': 'https://obs.example.com',
      'dry-run': 'true',
      'job-names': 'orders',
    };
    const outcome = await runExport(plan(inputs), deps(transport, { env }));
    expect(outcome.dryRun).toBe(true);
    expect(sent.map((request) => request.operation)).toEqual([
      'GitHub ID token',
      'IAM OpenID Connect authentication',
      'DLI job list',
    ]);
  });
});
