/** The import run with an in-memory transport: one request per ZIP, in order, stopping at the first failure. */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { AuthPlan } from '../../../src/auth/modes.ts';
import { ActionError } from '../../../src/http/errors.ts';
import type { HttpRequest, HttpResponse, Transport } from '../../../src/http/transport.ts';
import { networkError } from '../../../src/http/transport.ts';
import type { ImportPlan } from '../../../src/import/inputs.ts';
import { mayHaveReachedDli, runImport } from '../../../src/import/run.ts';
import { runPlanBase } from '../../support/fixtures.ts';

function plan(overrides: Partial<ImportPlan> = {}): ImportPlan {
  return {
    ...runPlanBase(),
    zipFiles: ['b1x/a.zip', 'b1x/b.zip', 'b1x/c.zip'],
    overwrite: false,
    ...overrides,
  };
}

/** An import request as the run sends it. */
const request = {
  operation: 'DLI import',
  method: 'POST' as const,
  url: new URL('https://dli.example'),
  headers: {},
  idempotent: false,
};

const ok = (pairs: [number | string, number | string][]): HttpResponse => ({
  status: 200,
  headers: {},
  requestId: 'rid',
  body: JSON.stringify({
    is_success: true,
    message: 'done',
    job_mapping: pairs.map(([old, next]) => ({ old_job_id: old, new_job_id: next, remark: 'r' })),
  }),
});

/** Answers each request with the next reply (a response, or an error to throw); records what was sent. */
function fakeTransport(replies: (HttpResponse | Error)[]) {
  const sent: HttpRequest[] = [];
  const transport: Transport = {
    async send(request, authorize) {
      sent.push(authorize ? authorize(request) : request);
      const reply = replies.shift();
      if (reply === undefined) throw new Error('no reply scripted');
      if (reply instanceof Error) throw reply;
      return reply;
    },
    stream: () => Promise.reject(new Error('the import streams nothing')),
    close: async () => {},
  };
  return { transport, sent };
}

function deps(transport: Transport) {
  const infos: string[] = [];
  return {
    infos,
    deps: {
      transport,
      env: {},
      now: () => new Date('2026-11-28T10:00:00Z'),
      mask: () => {},
      info: (message: string) => infos.push(message),
      warning: () => {},
      debug: () => {},
    },
  };
}

describe('running the import', () => {
  it('imports each ZIP once, one after another, in order', async () => {
    const { transport, sent } = fakeTransport([ok([[1, 11]]), ok([[2, -1]]), ok([[3, 13]])]);
    const { deps: d, infos } = deps(transport);
    const outcome = await runImport(plan({ overwrite: true }), d);
    expect(sent.map((request) => JSON.parse(request.body ?? ''))).toEqual([
      { zip_file: 'b1x/a.zip', is_cover: true },
      { zip_file: 'b1x/b.zip', is_cover: true },
      { zip_file: 'b1x/c.zip', is_cover: true },
    ]);
    expect(sent.every((request) => request.headers.Authorization?.startsWith('SDK-HMAC-SHA256 '))).toBe(true);
    expect(infos).toEqual([
      'Importing obs://b1x/a.zip (1 of 3)',
      'Importing obs://b1x/b.zip (2 of 3)',
      'Importing obs://b1x/c.zip (3 of 3)',
    ]);
    expect(outcome).toMatchObject({
      dryRun: false,
      imported: [
        { zipFile: 'b1x/a.zip', jobMapping: [{ oldJobId: '1', newJobId: '11' }] },
        { zipFile: 'b1x/b.zip', jobMapping: [{ oldJobId: '2', newJobId: '-1' }] },
        { zipFile: 'b1x/c.zip', jobMapping: [{ oldJobId: '3', newJobId: '13' }] },
      ],
    });
    expect(outcome.dryRun === false && outcome.failed).toBeUndefined();
  });

  it('stops at the first failing ZIP, naming it, keeping what came before, and sends nothing after it', async () => {
    const failing: HttpResponse = {
      status: 400,
      headers: {},
      requestId: 'rid-2',
      body: '{"error_code":"DLI.0002","error_msg":"The OBS object b1x/b.zip does not exist"}',
    };
    const { transport, sent } = fakeTransport([ok([[1, 11]]), failing]);
    const outcome = await runImport(plan(), deps(transport).deps);
    expect(sent).toHaveLength(2);
    if (outcome.dryRun || !outcome.failed) throw new Error('expected a failure');
    expect(outcome.imported.map((zip) => zip.zipFile)).toEqual(['b1x/a.zip']);
    expect(outcome.failed.zipFile).toBe('b1x/b.zip');
    const line = outcome.failed.error.describe();
    expect(line).toMatch(/^DLI import of obs:\/\/b1x\/b\.zip \(2 of 3\) failed: HTTP 400 DLI\.0002: The OBS object/);
    expect(line).toMatch(/\(request ID rid-2\)/);
    expect(line).toMatch(/obs:\/\/b1x\/a\.zip was imported before; the outputs hold their jobs/);
    expect(line).not.toMatch(/may have run/);
  });

  it('says the import may have run when the answer was lost, and does not send it again', async () => {
    const timeout = networkError(request, Object.assign(new Error('aborted'), { name: 'TimeoutError' }), 1000, true);
    const { transport, sent } = fakeTransport([timeout]);
    const outcome = await runImport(plan({ zipFiles: ['b1x/a.zip'] }), deps(transport).deps);
    expect(sent).toHaveLength(1);
    if (outcome.dryRun || !outcome.failed) throw new Error('expected a failure');
    expect(outcome.failed.error.describe()).toMatch(
      /^obs:\/\/b1x\/a\.zip: DLI import request to dli\.example failed: no complete response within 1 s.*the import may have run in DLI.*before importing obs:\/\/b1x\/a\.zip again/,
    );
  });

  it('a dry run builds every request and sends nothing, not even to IAM', async () => {
    const { transport, sent } = fakeTransport([]);
    const passwordAuth: AuthPlan = {
      mode: 'password',
      source: 'inputs',
      username: 'u',
      password: 'secret-password',
      domainName: 'd',
      iamEndpoint: new URL('https://iam.example'),
    };
    const outcome = await runImport(plan({ dryRun: true, auth: passwordAuth }), deps(transport).deps);
    expect(sent).toHaveLength(0);
    if (!outcome.dryRun) throw new Error('expected a dry run');
    expect(outcome.requests.map((request) => request.zipFile)).toEqual(['b1x/a.zip', 'b1x/b.zip', 'b1x/c.zip']);
    expect(outcome.requests[0]?.request).toMatch(/^POST https:\/\/dli\.example\/v1\.0\/p1\/streaming\/jobs\/import\n/);
    expect(outcome.requests[0]?.request).toMatch(/X-Auth-Token: \*\*\*/);
    expect(outcome.requests.map((request) => request.request).join('\n')).not.toMatch(/secret-password/);
  });

  it('lets an unexpected error through', async () => {
    const { transport } = fakeTransport([new TypeError('boom')]);
    await expect(runImport(plan(), deps(transport).deps)).rejects.toThrow('boom');
  });
});

describe('whether a failed import may have reached DLI', () => {
  const network = (code: string) =>
    networkError(request, Object.assign(new Error('fetch failed'), { code }), 1000, false);
  it.each([
    ['a timeout', networkError(request, new Error('aborted'), 1000, true), true],
    ['a reset connection', network('ECONNRESET'), true],
    ['an unknown network failure', network('EWHATEVER'), true],
    ['a refused connection', network('ECONNREFUSED'), false],
    ['an unknown host', network('ENOTFOUND'), false],
    ['a TLS rejection', network('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), false],
    [
      'a proxy refusal',
      networkError(request, new Error('Proxy response (403) !== 200 when HTTP Tunneling'), 1000, false),
      false,
    ],
    ['HTTP 500', new ActionError('x', { status: 500 }), true],
    ['HTTP 503', new ActionError('x', { status: 503 }), true],
    ['HTTP 429', new ActionError('x', { status: 429 }), false],
    ['HTTP 400', new ActionError('x', { status: 400 }), false],
    ['HTTP 401', new ActionError('x', { status: 401 }), false],
    ['is_success false', new ActionError('DLI import failed: DLI reported is_success=false'), false],
    ['a success answer it could not read', new ActionError('DLI import failed: unexpected response shape (…)'), true],
  ])('%s: %s', (_name, error, expected) => {
    expect(mayHaveReachedDli(error)).toBe(expected);
  });
});

describe('running the import with local files', () => {
  const zip = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(64, 3)]);
  const md5 = () => createHash('md5').update(zip).digest('hex');

  async function withFiles(run: (dir: string) => Promise<void>): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'import-run-'));
    try {
      await writeFile(join(dir, 'b.zip'), zip);
      await writeFile(join(dir, 'a.zip'), zip);
      await run(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  const upload = (dir: string) => ({
    paths: [dir],
    dir: 'b1x/restore',
    obs: { url: new URL('https://obs.example.com'), pathStyle: false },
  });

  /** A transport whose PUTs answer `puts` in turn (a status, or an error), and whose imports succeed. */
  function uploadTransport(puts: (number | ActionError)[]) {
    const { transport, sent } = fakeTransport([ok([[1, 11]]), ok([[2, 12]])]);
    const streamed: HttpRequest[] = [];
    transport.stream = async (request) => {
      streamed.push(request);
      request.bodyStream?.destroy();
      const answer = puts.shift() ?? 200;
      if (answer instanceof ActionError) throw answer;
      return { status: answer, headers: { etag: `"${md5()}"` }, body: Readable.from([]) };
    };
    return { transport, sent, streamed };
  }

  it('uploads every file (folder in name order) before the first import, then imports each uploaded key', () =>
    withFiles(async (dir) => {
      const { transport, sent, streamed } = uploadTransport([]);
      const { deps: runDeps, infos } = deps(transport);
      const outcome = await runImport(plan({ zipFiles: [], upload: upload(dir) }), runDeps);
      expect(streamed.map((request) => request.url.href)).toEqual([
        'https://b1x.obs.example.com/restore/a.zip',
        'https://b1x.obs.example.com/restore/b.zip',
      ]);
      expect(streamed[0]?.headers.Authorization).toMatch(/^OBS AK:/);
      expect(sent.map((request) => JSON.parse(request.body ?? '').zip_file)).toEqual([
        'b1x/restore/a.zip',
        'b1x/restore/b.zip',
      ]);
      expect(outcome).toMatchObject({
        dryRun: false,
        uploaded: [{ object: 'b1x/restore/a.zip', attempts: 1 }, { object: 'b1x/restore/b.zip' }],
        imported: [{ zipFile: 'b1x/restore/a.zip' }, { zipFile: 'b1x/restore/b.zip' }],
      });
      expect(infos[0]).toMatch(/^Time limit with 2 local file\(s\) of 1 MiB in all: this step within 6 s$/);
    }));

  it('an upload that fails for good: nothing is imported, and the outcome says which file and what went up', () =>
    withFiles(async (dir) => {
      const { transport, sent } = uploadTransport([200, 403]);
      const outcome = await runImport(plan({ zipFiles: [], upload: upload(dir) }), deps(transport).deps);
      expect(sent).toEqual([]);
      expect(outcome).toMatchObject({
        dryRun: false,
        imported: [],
        uploaded: [{ object: 'b1x/restore/a.zip' }],
        failed: { zipFile: 'b1x/restore/b.zip', stage: 'upload' },
      });
      if (outcome.dryRun || !outcome.failed) throw new Error('expected a failure');
      expect(outcome.failed.error.hint).toMatch(
        /; obs:\/\/b1x\/restore\/a\.zip was uploaded before and nothing was imported$/,
      );
    }));

  it('a dry run checks and hashes the files, sends nothing, and says where each would go', () =>
    withFiles(async (dir) => {
      const { transport, sent, streamed } = uploadTransport([]);
      const outcome = await runImport(plan({ zipFiles: [], upload: upload(dir), dryRun: true }), deps(transport).deps);
      expect(sent).toEqual([]);
      expect(streamed).toEqual([]);
      expect(outcome).toMatchObject({
        dryRun: true,
        uploads: [
          { object: 'b1x/restore/a.zip', url: 'https://b1x.obs.example.com/restore/a.zip', file: { md5: md5() } },
          { object: 'b1x/restore/b.zip' },
        ],
        requests: [{ zipFile: 'b1x/restore/a.zip' }, { zipFile: 'b1x/restore/b.zip' }],
      });
    }));

  it('a file that is not a ZIP: refused before any request, even authentication', () =>
    withFiles(async (dir) => {
      await writeFile(join(dir, 'c.zip'), 'not a zip');
      const { transport, sent, streamed } = uploadTransport([]);
      const password: AuthPlan = {
        mode: 'password',
        source: 'inputs',
        username: 'u',
        password: 'p',
        domainName: 'd',
        iamEndpoint: new URL('https://iam.example'),
      };
      await expect(
        runImport(plan({ zipFiles: [], upload: upload(dir), auth: password }), deps(transport).deps),
      ).rejects.toThrow(/^Cannot upload local-files \(nothing was sent\): .*c\.zip is not a ZIP/);
      expect(sent).toEqual([]);
      expect(streamed).toEqual([]);
    }));
});
