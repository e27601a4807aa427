/** Verified uploads in process, against the emulated OBS and the real transport, with waits recorded. */
import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/http/errors.ts';
import { DEFAULT_RETRY_POLICY } from '../../../src/http/retry.ts';
import { checkEtag, type LocalZip, type UploadDeps, uploadObject, uploadRequest } from '../../../src/obs/upload.ts';
import { buildZip } from '../../emulator/zip.ts';
import { addressOn, signedFor, useObsAndTransport } from '../../support/obs.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const AK = 'AKUP';
const SK = 'sk-up';
const BODY = buildZip([{ name: '1.json', content: Buffer.alloc(200_000, 7) }]);
const { obs, transport } = useObsAndTransport(AK, SK);
let dir: string;
let file: LocalZip;
let logs: string[];
let waits: number[];

useTempDir('obs-up-', (path) => {
  dir = path;
});
beforeEach(async () => {
  obs.encryption.clear();
  const path = join(dir, 'a b+Ü.zip');
  await writeFile(path, BODY);
  file = {
    path,
    name: 'a b+Ü.zip',
    size: BODY.length,
    md5: createHash('md5').update(BODY).digest('hex'),
    sha256: createHash('sha256').update(BODY).digest('hex'),
  };
  logs = [];
  waits = [];
});

function address(path = 'bkt/restore/a b+Ü.zip') {
  return addressOn(obs, path);
}

function deps(overrides: Partial<UploadDeps> = {}): UploadDeps {
  const target = address();
  return {
    transport,
    authorize: signedFor(target, { accessKey: AK, secretKey: SK }),
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 },
    attemptTimeoutMs: 3000,
    log: (message) => logs.push(message),
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  };
}

describe('uploadObject', () => {
  it('PUTs the file, signed over Content-MD5 and Content-Type, and checks the ETag', async () => {
    const result = await uploadObject(address(), file, deps());
    expect(result).toEqual({ object: 'bkt/restore/a b+Ü.zip', etag: file.md5, encryption: undefined, attempts: 1 });
    expect(obs.objects.get('bkt/restore/a b+Ü.zip')?.body).toEqual(BODY);
    expect(obs.requests[0]).toMatchObject({
      method: 'PUT',
      accepted: true,
      status: 200,
      path: '/bkt/restore/a%20b%2B%C3%9C.zip',
    });
    expect(obs.requests[0]?.headers['content-md5']).toBe(createHash('md5').update(BODY).digest('base64'));
    expect(obs.requests[0]?.headers['content-type']).toBe('application/zip');
    expect(obs.requests[0]?.headers['content-length']).toBe(String(BODY.length));
    expect(logs).toEqual([]);
  });

  it('a 503 (with Retry-After), a reset and a wrong ETag are each retried with the same bytes', async () => {
    obs.script([
      { kind: 'error', status: 503, code: 'ServiceUnavailable', headers: { 'Retry-After': '2' } },
      { kind: 'reset' },
      { kind: 'wrong-etag' },
    ]);
    const result = await uploadObject(address(), file, deps({ retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 4 } }));
    expect(result.attempts).toBe(4);
    expect(waits).toEqual([2000, 1000, 2000]);
    expect(logs).toEqual([
      expect.stringMatching(
        /^OBS upload of a b\+Ü\.zip to obs:\/\/bkt\/restore\/a b\+Ü\.zip: attempt 1 of 4 failed \(.*HTTP 503 ServiceUnavailable.*\); retrying in 2\.0 s as Retry-After: 2 asks\. The same bytes are sent again: a PUT of them leaves the same object$/,
      ),
      expect.stringMatching(
        /attempt 2 of 4 failed \(.*reset before a response arrived.*\); retrying in 1\.0 s\. The same bytes/,
      ),
      expect.stringMatching(
        /attempt 3 of 4 failed \(OBS answered ETag "[0-9a-f]{32}", not the file's MD5 [0-9a-f]{32}, and reported no encryption\); retrying in 2\.0 s\. The same bytes/,
      ),
    ]);
    expect(obs.objects.get('bkt/restore/a b+Ü.zip')?.body).toEqual(BODY);
  });

  it('gives up after max-attempts, saying how many', async () => {
    const busy = { kind: 'error' as const, status: 500, code: 'InternalError' };
    obs.script([busy, busy, busy]);
    await expect(uploadObject(address(), file, deps())).rejects.toThrow(
      /^Uploading to obs:\/\/bkt\/restore\/a b\+Ü\.zip failed \(after 3 attempts\)/,
    );
  });

  it('a 403 is not retried, and names the permission an upload needs', async () => {
    obs.script([{ kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied' }]);
    const error = await uploadObject(address(), file, deps()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).describe()).toMatch(
      /^Uploading to obs:\/\/bkt\/restore\/a b\+Ü\.zip failed: HTTP 403 AccessDenied: Access Denied \(request ID [0-9A-F]+\)\. Hint: the credentials need permission `obs:object:PutObject` on bkt/,
    );
    expect(obs.requests).toHaveLength(1);
  });

  it('a 429 is retried after the throttling wait; a 400 or 409 is not', async () => {
    obs.script([{ kind: 'error', status: 429, code: 'TooManyRequests' }]);
    expect(await uploadObject(address(), file, deps())).toMatchObject({ attempts: 2 });
    expect(waits).toEqual([3500]);
    expect(logs).toEqual([expect.stringMatching(/HTTP 429 TooManyRequests.*\); throttled, retrying in 3\.5 s\. /)]);

    for (const [status, code] of [
      [400, 'InvalidArgument'],
      [409, 'OperationAborted'],
    ] as const) {
      obs.reset();
      obs.script([{ kind: 'error', status, code }]);
      await expect(uploadObject(address(), file, deps())).rejects.toThrow(/^Uploading to .* failed$/);
      expect(obs.requests).toHaveLength(1);
    }
    expect(waits).toEqual([3500]);
  });

  it('an attempt that outlives attemptTimeoutMs is cut and retried, each attempt bounded alike', async () => {
    obs.script([{ kind: 'hang' }]);
    const started = Date.now();
    const result = await uploadObject(address(), file, deps({ attemptTimeoutMs: 500 }));
    expect(Date.now() - started).toBeLessThan(1800);
    expect(result.attempts).toBe(2);
    expect(logs).toEqual([expect.stringMatching(/attempt 1 of 3 failed \(.*within 0\.5 s.*\); retrying in 0\.5 s\./)]);
  });

  it('an error answer whose body never ends is read only until the attempt bound, then retried', async () => {
    // One byte every 100 ms, for ever: each pause is far below timeout-seconds, so only the attempt's bound ends it.
    obs.script([{ kind: 'endless-error', status: 503, intervalMs: 100 }]);
    const started = Date.now();
    const result = await uploadObject(address(), file, deps({ attemptTimeoutMs: 800 }));
    expect(Date.now() - started).toBeLessThan(2500);
    expect(result.attempts).toBe(2);
    expect(logs).toEqual([expect.stringMatching(/attempt 1 of 3 failed \(.*HTTP 503.*\); retrying in 0\.5 s\./)]);
    expect(obs.objects.get('bkt/restore/a b+Ü.zip')?.body).toEqual(BODY);
  });

  it('a BadDigest (the file changed after it was hashed) fails with the cause', async () => {
    const changed = Buffer.from(BODY);
    changed[100] = (changed[100] ?? 0) ^ 0xff;
    await writeFile(file.path, changed);
    const error = (await uploadObject(address(), file, deps()).catch((caught: unknown) => caught)) as ActionError;
    expect(error.code).toBe('BadDigest');
    expect(error.hint).toMatch(/the file changed meanwhile/);
  });

  it.each([
    ['grew', () => Buffer.concat([BODY, Buffer.alloc(10)])],
    ['shrank', () => BODY.subarray(0, 1000)],
  ])('a file that %s after it was hashed fails at once, saying it changed, and stores nothing', async (_how, bytes) => {
    await writeFile(file.path, bytes());
    const error = (await uploadObject(address(), file, deps()).catch((caught: unknown) => caught)) as ActionError;
    expect(error).toBeInstanceOf(ActionError);
    expect(error.message).toBe(
      `Could not upload ${file.path}: it changed after it was checked and hashed (it had ${file.size} bytes then, and no longer has)`,
    );
    expect(error.hint).toMatch(/the file must stay in place, unchanged, until the step ends/);
    expect(waits).toEqual([]);
    expect(obs.objects.has('bkt/restore/a b+Ü.zip')).toBe(false);
  });

  it('a file gone before the upload fails at once, not retried as a network failure', async () => {
    await rm(file.path);
    const error = (await uploadObject(address(), file, deps()).catch((caught: unknown) => caught)) as ActionError;
    expect(error.message).toMatch(/^Could not read .*a b\+Ü\.zip while uploading it: ENOENT/);
    expect(waits).toEqual([]);
  });

  it('an encrypted bucket: the ETag is not the MD5, and that is accepted', async () => {
    obs.encryption.set('bkt', 'AES256');
    const result = await uploadObject(address(), file, deps());
    expect(result).toMatchObject({ attempts: 1, encryption: 'AES256' });
    expect(result.etag).not.toBe(file.md5);
  });
});

describe('checkEtag and uploadRequest', () => {
  it.each([
    ['the MD5 in quotes', { etag: `"${'a'.repeat(32)}"` }, 'done'],
    ['the MD5 in upper case', { etag: 'A'.repeat(32) }, 'done'],
    ['another MD5', { etag: `"${'b'.repeat(32)}"` }, 'failed'],
    ['a multipart ETag', { etag: `"${'a'.repeat(32)}-2"` }, 'failed'],
    ['no ETag', {}, 'failed'],
    ['any ETag with SSE-KMS', { etag: '"x"', 'x-obs-server-side-encryption': 'kms' }, 'done'],
    ['any ETag with SSE-C', { etag: '"x"', 'x-obs-server-side-encryption-customer-algorithm': 'AES256' }, 'done'],
  ])('%s', (_name, headers, kind) => {
    const result = checkEtag(headers, { ...file, md5: 'a'.repeat(32) }, 'bkt/k.zip');
    expect(result.kind).toBe(kind);
    // A wrong ETag is a transient failure, retried with the same bytes.
    if (result.kind === 'failed') expect(result.failure).toMatchObject({ transient: true });
  });

  it('sends Content-Length, Content-MD5 (base64) and Content-Type, may be repeated, and is bounded as a whole', () => {
    const request = uploadRequest(address(), { ...file, md5: `${'0'.repeat(31)}1` }, undefined as never, 5000);
    expect(request).toMatchObject({
      method: 'PUT',
      idempotent: true,
      attemptTimeoutMs: 5000,
      headers: {
        'Content-Length': String(file.size),
        'Content-MD5': 'AAAAAAAAAAAAAAAAAAAAAQ==',
        'Content-Type': 'application/zip',
      },
    });
  });
});
