/** Verified downloads in process, against the emulated OBS and the real transport, with the clock injected. */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/http/errors.ts';
import { DEFAULT_RETRY_POLICY } from '../../../src/http/retry.ts';
import { createTransport, type Transport } from '../../../src/http/transport.ts';
import { objectAddress, obsEndpoint } from '../../../src/obs/address.ts';
import { type DownloadDeps, downloadObject } from '../../../src/obs/download.ts';
import { obsAuthHeaders } from '../../../src/obs/signature.ts';
import { type ObsEmulator, startObs } from '../../emulator/obs.ts';

const AK = 'AKDL';
const SK = 'sk-dl';
const BODY = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
let obs: ObsEmulator;
let transport: Transport;
let dir: string;
let logs: string[];
let waits: number[];
let clock: number;

beforeAll(async () => {
  obs = await startObs({ credentials: { [AK]: SK }, buckets: ['bkt'], now: () => new Date() });
  transport = createTransport({ timeoutMs: 2000, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 } });
});
afterAll(async () => {
  await transport.close();
  await obs.close();
});
beforeEach(async () => {
  obs.reset();
  obs.putObject('bkt/exports/my dir/a+b 100%/Ü.zip', BODY);
  dir = await mkdtemp(join(tmpdir(), 'obs-dl-'));
  logs = [];
  waits = [];
  clock = Date.parse('2026-11-28T12:00:00Z');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function address(path = 'bkt/exports/my dir/a+b 100%/Ü.zip') {
  const result = objectAddress(path, obsEndpoint(new URL(obs.url)));
  if (!result.ok) throw new Error(result.problem);
  return result.address;
}

function deps(overrides: Partial<DownloadDeps> = {}): DownloadDeps {
  const target = address();
  return {
    transport,
    authorize: (request) => ({
      ...request,
      headers: obsAuthHeaders(
        request.method,
        request.headers,
        target.resource,
        { accessKey: AK, secretKey: SK },
        new Date(),
      ),
    }),
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 },
    timeoutMs: 2000,
    notFoundWindowMs: 5000,
    log: (message) => logs.push(message),
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
    random: () => 0.5,
    now: () => new Date(clock),
    ...overrides,
  };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('downloadObject', () => {
  it('streams the object to the destination, byte-identical, with its size, SHA-256 and MD5', async () => {
    const destination = join(dir, 'Ü.zip');
    const file = await downloadObject(address(), destination, deps());
    expect(await readFile(destination)).toEqual(BODY);
    expect(file).toEqual({
      path: destination,
      object: 'bkt/exports/my dir/a+b 100%/Ü.zip',
      size: BODY.length,
      sha256: sha256(BODY),
      md5: createHash('md5').update(BODY).digest('hex'),
      etag: createHash('md5').update(BODY).digest('hex'),
    });
    expect(obs.requests).toHaveLength(1);
    expect(obs.requests[0]).toMatchObject({ accepted: true, path: '/bkt/exports/my%20dir/a%2Bb%20100%25/%C3%9C.zip' });
    expect(await readdir(dir)).toEqual(['Ü.zip']);
  });

  it.each([
    ['a truncated body', { kind: 'truncate' as const }, /broke off after/],
    ['a wrong ETag', { kind: 'wrong-etag' as const }, /MD5 [0-9a-f]{32} differs from the ETag/],
    ['a 503', { kind: 'error' as const, status: 503, code: 'ServiceUnavailable' }, /HTTP 503 ServiceUnavailable/],
  ])('retries %s and succeeds, leaving only the verified file', async (_name, fault, logged) => {
    obs.script([fault]);
    const destination = join(dir, 'a.zip');
    await downloadObject(address(), destination, deps());
    expect(await readFile(destination)).toEqual(BODY);
    expect(obs.requests).toHaveLength(2);
    expect(logs).toEqual([expect.stringMatching(logged)]);
    expect(logs[0]).toMatch(/attempt 1 of 3 failed/);
    expect(await readdir(dir)).toEqual(['a.zip']);
  });

  it('a corrupt download that never gets better fails after max attempts and leaves no file', async () => {
    obs.script([{ kind: 'wrong-etag' }, { kind: 'wrong-etag' }, { kind: 'wrong-etag' }]);
    const destination = join(dir, 'a.zip');
    const error = await downloadObject(address(), destination, deps()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).describe()).toMatch(
      /^Downloading obs:\/\/bkt\/exports\/my dir\/a\+b 100%\/Ü\.zip failed: the file's MD5 .* \(after 3 attempts\)\. Hint: a proxy/,
    );
    expect(obs.requests).toHaveLength(3);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a short body without a matching Content-Length is caught too', async () => {
    const target = address();
    const fake: DownloadDeps['transport'] = {
      stream: async () => {
        const { Readable } = await import('node:stream');
        return { status: 200, headers: { 'content-length': '10' }, body: Readable.from([Buffer.from('12345')]) };
      },
    };
    const error = await downloadObject(
      target,
      join(dir, 'a.zip'),
      deps({ transport: fake, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 } }),
    ).catch((e: unknown) => e);
    expect((error as ActionError).message).toMatch(/received 5 bytes, but Content-Length was 10/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a multipart ETag ("hex-N") is not an MD5 and is not compared', async () => {
    obs.putObject('bkt/m.zip', BODY, { etag: '"0123456789abcdef0123456789abcdef-3"' });
    const file = await downloadObject(address('bkt/m.zip'), join(dir, 'm.zip'), {
      ...deps(),
      authorize: (request) => ({
        ...request,
        headers: obsAuthHeaders('GET', request.headers, '/bkt/m.zip', { accessKey: AK, secretKey: SK }, new Date()),
      }),
    });
    expect(file.etag).toBe('0123456789abcdef0123456789abcdef-3');
  });

  it('404 NoSuchKey right after the export: waits and succeeds when the object appears', async () => {
    obs.script([{ kind: 'missing' }, { kind: 'missing' }]);
    await downloadObject(address(), join(dir, 'a.zip'), deps());
    expect(obs.requests).toHaveLength(3);
    expect(waits).toEqual([1000, 1000]);
    expect(logs[0]).toMatch(/is not there yet \(404 NoSuchKey\); looking again in 1\.0 s/);
  });

  it('404 NoSuchKey for longer than the window fails naming the object, without a file', async () => {
    obs.script(Array.from({ length: 10 }, () => ({ kind: 'missing' as const })));
    const error = (await downloadObject(address(), join(dir, 'a.zip'), deps({ notFoundWindowMs: 2500 })).catch(
      (e: unknown) => e,
    )) as ActionError;
    expect(error.describe()).toMatch(
      /^Downloading obs:\/\/bkt\/exports\/my dir\/a\+b 100%\/Ü\.zip failed: the object was still missing 3 s after the export \(4 attempts\): HTTP 404 NoSuchKey: The specified key does not exist\. \(request ID [0-9A-F]+\)\. Hint: the object did not appear/,
    );
    expect(waits).toEqual([1000, 1000, 500]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('403 AccessDenied is final: one request, the permission in the hint', async () => {
    obs.script([{ kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied' }]);
    const error = (await downloadObject(address(), join(dir, 'a.zip'), deps()).catch((e: unknown) => e)) as ActionError;
    expect(error.describe()).toMatch(
      /failed: HTTP 403 AccessDenied: Access Denied \(request ID [0-9A-F]+\)\. Hint: .*obs:object:GetObject/,
    );
    expect(obs.requests).toHaveLength(1);
  });

  it('a final error after a retried one says how many attempts were made', async () => {
    obs.script([
      { kind: 'error', status: 503, code: 'ServiceUnavailable' },
      { kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied' },
    ]);
    const error = (await downloadObject(address(), join(dir, 'a.zip'), deps()).catch((e: unknown) => e)) as ActionError;
    expect(error.describe()).toMatch(/failed \(after 2 attempts\): HTTP 403 AccessDenied/);
  });

  it('a wrong secret key: SignatureDoesNotMatch from OBS, not retried', async () => {
    const target = address();
    const error = (await downloadObject(target, join(dir, 'a.zip'), {
      ...deps(),
      authorize: (request) => ({
        ...request,
        headers: obsAuthHeaders(
          'GET',
          request.headers,
          target.resource,
          { accessKey: AK, secretKey: 'wrong' },
          new Date(),
        ),
      }),
    }).catch((e: unknown) => e)) as ActionError;
    expect(error.describe()).toMatch(/HTTP 403 SignatureDoesNotMatch: .*Hint: check `secret-key`/);
    expect(obs.requests).toHaveLength(1);
  });

  it('a 503 on every attempt fails after max attempts, honouring Retry-After', async () => {
    const busy = { kind: 'error' as const, status: 503, code: 'ServiceUnavailable', headers: { 'Retry-After': '2' } };
    obs.script([busy, busy, busy]);
    const error = (await downloadObject(address(), join(dir, 'a.zip'), deps()).catch((e: unknown) => e)) as ActionError;
    expect(error.describe()).toMatch(/failed \(after 3 attempts\): HTTP 503 ServiceUnavailable/);
    expect(waits).toEqual([2000, 2000]);
  });

  it('a refused connection is retried, then reported as a network failure', async () => {
    const closed = await startObs({ credentials: {}, buckets: [], now: () => new Date() });
    await closed.close();
    const target = objectAddress('bkt/a.zip', obsEndpoint(new URL(closed.url)));
    if (!target.ok) throw new Error('unreachable');
    const error = (await downloadObject(target.address, join(dir, 'a.zip'), deps()).catch(
      (e: unknown) => e,
    )) as ActionError;
    expect(error.describe()).toMatch(
      /OBS download of bkt\/a\.zip request to 127\.0\.0\.1:\d+ failed: connection refused \(after 3 attempts\)/,
    );
  });

  it('a destination that cannot be written fails at once, naming it, before anything is sent', async () => {
    await writeFile(join(dir, 'file'), 'x');
    const error = (await downloadObject(address(), join(dir, 'file', 'a.zip'), deps()).catch(
      (e: unknown) => e,
    )) as ActionError;
    expect(error.describe()).toMatch(/^Could not write .*file\/a\.zip: .*Hint: check that `download-dir` is writable/);
    expect(obs.requests).toHaveLength(0);
  });
});
