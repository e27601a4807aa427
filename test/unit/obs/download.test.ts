/** Verified downloads in process, against the emulated OBS and the real transport, with the clock injected. */
import { createHash } from 'node:crypto';
import { open, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/http/errors.ts';
import { DEFAULT_RETRY_POLICY, MIN_TRANSFER_BYTES_PER_S, transferAttemptMs } from '../../../src/http/retry.ts';
import { objectAddress, obsEndpoint } from '../../../src/obs/address.ts';
import {
  type DownloadDeps,
  downloadBoundMs,
  downloadObject,
  etagCheck,
  MAX_FILE_NAME_BYTES,
  temporaryName,
} from '../../../src/obs/download.ts';
import { startObs } from '../../emulator/obs.ts';
import { addressOn, signedFor, useObsAndTransport } from '../../support/obs.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const AK = 'AKDL';
const SK = 'sk-dl';
const BODY = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
const { obs, transport } = useObsAndTransport(AK, SK);
let dir: string;
let logs: string[];
let waits: number[];
let clock: number;

useTempDir('obs-dl-', (path) => {
  dir = path;
});
beforeEach(async () => {
  obs.putObject('bkt/exports/my dir/a+b 100%/Ü.zip', BODY);
  logs = [];
  waits = [];
  clock = Date.parse('2026-11-28T12:00:00Z');
});

function address(path = 'bkt/exports/my dir/a+b 100%/Ü.zip') {
  return addressOn(obs, path);
}

function deps(overrides: Partial<DownloadDeps> = {}): DownloadDeps {
  const target = address();
  return {
    transport,
    authorize: signedFor(target, { accessKey: AK, secretKey: SK }),
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
  it('installs its SIGINT/SIGTERM handler only while a transfer runs, and removes it after (also after a failure)', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const during: number[][] = [];
    const watched =
      (inner: DownloadDeps['authorize']): DownloadDeps['authorize'] =>
      (request) => {
        during.push([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]);
        return inner(request);
      };
    await downloadObject(address(), join(dir, 'Ü.zip'), deps({ authorize: watched(deps().authorize) }));
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
    obs.script([{ kind: 'error', status: 403, code: 'AccessDenied' }]);
    await expect(
      downloadObject(address(), join(dir, 'again.zip'), deps({ authorize: watched(deps().authorize) })),
    ).rejects.toThrow(ActionError);
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
    expect(during).toEqual([before.map((count) => count + 1), before.map((count) => count + 1)]);
  });

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
      authorize: signedFor(address('bkt/m.zip'), { accessKey: AK, secretKey: SK }),
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
      authorize: signedFor(target, { accessKey: AK, secretKey: 'wrong' }),
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

  it('the shared policy decides other statuses: 429 is retried after the throttling wait, 400 is final', async () => {
    obs.script([{ kind: 'error', status: 429, code: 'TooManyRequests' }]);
    await downloadObject(address(), join(dir, 'a.zip'), deps());
    expect(obs.requests).toHaveLength(2);
    // Huawei Cloud's 2 s plus jitter (random 0.5: 1.5 s), as for every request without Retry-After.
    expect(waits).toEqual([3500]);
    expect(logs).toEqual([
      expect.stringMatching(
        /^OBS download of bkt\/exports\/my dir\/a\+b 100%\/Ü\.zip: attempt 1 of 3 failed \(.*HTTP 429 TooManyRequests.*\); throttled, retrying in 3\.5 s$/,
      ),
    ]);

    obs.reset();
    waits = [];
    obs.script([{ kind: 'error', status: 400, code: 'InvalidArgument' }]);
    const error = (await downloadObject(address(), join(dir, 'b.zip'), deps()).catch((e: unknown) => e)) as ActionError;
    expect(error.describe()).toMatch(/failed: HTTP 400 InvalidArgument/);
    expect(obs.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('the whole-download deadline: a retry that could not start in time to end by it is not made', async () => {
    // Each attempt takes 20 s on the injected clock; each wait is Retry-After's 30 s. The deadline is the 5 s window
    // plus 3 attempts of 3 s (2 s + 1 s for the size) plus 2 waits of 30 s: 71 s, so the last start is at 69 s.
    // Attempt 2 starts at 50 s; a third would start at 100 s.
    const busy = { kind: 'error' as const, status: 503, code: 'ServiceUnavailable', headers: { 'Retry-After': '30' } };
    obs.script([busy, busy, busy]);
    const signing = deps().authorize;
    const error = (await downloadObject(
      address(),
      join(dir, 'a.zip'),
      deps({
        authorize: (request) => {
          clock += 20_000;
          return signing(request);
        },
      }),
    ).catch((e: unknown) => e)) as ActionError;
    expect(error.describe()).toMatch(/failed \(after 2 attempts\): HTTP 503 ServiceUnavailable/);
    expect(obs.requests).toHaveLength(2);
    expect(waits).toEqual([30_000]);
    expect(logs).toHaveLength(1);
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

/** The signing deps for another object of the bucket. */
function depsFor(path: string, overrides: Partial<DownloadDeps> = {}): DownloadDeps {
  const target = address(path);
  return deps({
    authorize: signedFor(target, { accessKey: AK, secretKey: SK }),
    ...overrides,
  });
}

describe('encrypted objects (server-side_encryption_overview.rst: the ETag is not the MD5)', () => {
  it.each([
    ['kms', /server-side encryption kms/],
    ['AES256', /server-side encryption AES256/],
    ['customer-AES256', /server-side encryption with a customer key \(AES256\)/],
  ] as const)(
    'SSE %s: downloaded at the first attempt, the length verified, the MD5 said to be unchecked',
    async (encryption, why) => {
      obs.putObject('bkt/enc.zip', BODY, { encryption });
      const file = await downloadObject(address('bkt/enc.zip'), join(dir, 'enc.zip'), depsFor('bkt/enc.zip'));
      expect(await readFile(join(dir, 'enc.zip'))).toEqual(BODY);
      expect(file.md5Unchecked).toMatch(why);
      expect(file.md5Unchecked).toMatch(/OBS's ETag is not the object's MD5/);
      expect(file.sha256).toBe(sha256(BODY));
      expect(obs.requests).toHaveLength(1);
      expect(logs).toEqual([]);
    },
  );

  it('an encrypted object is still checked for its length', async () => {
    obs.putObject('bkt/enc.zip', BODY, { encryption: 'kms' });
    obs.script([{ kind: 'truncate' }]);
    await downloadObject(address('bkt/enc.zip'), join(dir, 'enc.zip'), depsFor('bkt/enc.zip'));
    expect(obs.requests).toHaveLength(2);
    expect(logs[0]).toMatch(/broke off after/);
  });

  it('etagCheck: a plain ETag is compared; encryption headers or other ETags are not, saying why', () => {
    expect(etagCheck({ etag: '"0123456789ABCDEF0123456789abcdef"' })).toEqual({
      md5: '0123456789abcdef0123456789abcdef',
    });
    expect(etagCheck({ etag: '"0123456789abcdef0123456789abcdef"', 'x-obs-server-side-encryption': 'kms' })).toEqual({
      unchecked: "server-side encryption kms: OBS's ETag is not the object's MD5",
    });
    expect(etagCheck({})).toEqual({ unchecked: 'OBS sent no ETag' });
    expect(etagCheck({ etag: '"abc-2"' })).toEqual({
      unchecked: 'the ETag "abc-2" is not an MD5 (e.g. a multipart upload\'s)',
    });
  });
});

describe('failures named for what they are', () => {
  it('404 NoSuchBucket (a wrong region or endpoint) fails at once, with the region hint, never waited for', async () => {
    const missing = objectAddress('nobucket/a.zip', obsEndpoint(new URL(obs.url)));
    if (!missing.ok) throw new Error(missing.problem);
    const error = (await downloadObject(missing.address, join(dir, 'a.zip'), {
      ...deps(),
      authorize: signedFor(missing.address, { accessKey: AK, secretKey: SK }),
    }).catch((e: unknown) => e)) as ActionError;
    expect(error.describe()).toMatch(
      /^Downloading obs:\/\/nobucket\/a\.zip failed: HTTP 404 NoSuchBucket: .*Hint: the bucket does not exist at 127\.0\.0\.1:\d+: check `region` or `obs-endpoint`/,
    );
    expect(obs.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('a 404 with another code (or none) is final too: only NoSuchKey is "not there yet"', async () => {
    obs.script([{ kind: 'error', status: 404, code: 'NoSuchVersion' }]);
    const error = (await downloadObject(address(), join(dir, 'a.zip'), deps()).catch((e: unknown) => e)) as ActionError;
    expect(error.describe()).toMatch(/HTTP 404 NoSuchVersion/);
    expect(obs.requests).toHaveLength(1);
    expect(logs).toEqual([]);
  });

  it.each([
    ['ENOSPC', 'no space left on device', /the disk of `download-dir` is full/],
    ['EIO', 'i/o error', /a disk error is not retried/],
  ])(
    '%s while writing fails at once, naming the path and the system error, not the network',
    async (code, text, hint) => {
      const destination = join(dir, 'a.zip');
      const failingOpen: DownloadDeps['openFile'] = async (path, flags) => {
        const handle = await open(path, flags);
        const write = handle.createWriteStream.bind(handle);
        handle.createWriteStream = (options) => {
          const stream = write(options);
          stream._write = (_chunk, _encoding, callback) =>
            callback(Object.assign(new Error(`${code}: ${text}, write`), { code, errno: -28, syscall: 'write' }));
          return stream;
        };
        return handle;
      };
      const error = (await downloadObject(address(), destination, deps({ openFile: failingOpen })).catch(
        (e: unknown) => e,
      )) as ActionError;
      expect(error.describe()).toMatch(
        new RegExp(
          `^Could not write ${destination.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ${code}: ${text}, write\\. Hint: `,
        ),
      );
      expect(error.describe()).toMatch(hint);
      expect(error.describe()).not.toMatch(/proxy|network/);
      expect(obs.requests).toHaveLength(1);
      expect(logs).toEqual([]);
      expect(await readdir(dir)).toEqual([]);
    },
  );

  it("an OBS error body that never ends is read for at most the attempt's time, and the error keeps the status", async () => {
    obs.script([{ kind: 'endless-error', status: 503, intervalMs: 20 }]);
    const started = Date.now();
    const error = (await downloadObject(
      address(),
      join(dir, 'a.zip'),
      deps({ timeoutMs: 600, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 } }),
    ).catch((e: unknown) => e)) as ActionError;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.describe()).toMatch(/^Downloading obs:\/\/bkt\/.* failed: HTTP 503/);
  });
});

describe('time: every attempt and every download has a whole-transfer deadline', () => {
  const real = (overrides: Partial<DownloadDeps> = {}) =>
    deps({ sleep: undefined, now: undefined, random: () => 0, ...overrides });
  /** One attempt of `timeoutMs` at the object `path`, on the real clock. */
  const oneRealAttempt = (path: string, timeoutMs: number) =>
    depsFor(path, { timeoutMs, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 }, sleep: undefined, now: undefined });

  it('a body that drips (each pause shorter than timeout-seconds) is cut at timeout-seconds plus 1 s per MiB', async () => {
    obs.putObject('bkt/small.zip', Buffer.from('0123456789'.repeat(10)));
    obs.script([{ kind: 'drip', intervalMs: 150 }]);
    const started = Date.now();
    const error = (await downloadObject(
      address('bkt/small.zip'),
      join(dir, 'small.zip'),
      oneRealAttempt('bkt/small.zip', 400),
    ).catch((e: unknown) => e)) as ActionError;
    const took = Date.now() - started;
    // 0.4 s + 1 s for the (under 1 MiB) size; the drip alone would take 15 s.
    expect(took).toBeGreaterThanOrEqual(1300);
    expect(took).toBeLessThan(4000);
    expect(error.describe()).toMatch(
      /the transfer did not finish within 2 s \(`timeout-seconds` plus 1 s per MiB of 100 bytes\)/,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('a body that stalls ends at timeout-seconds without data, long before the whole-transfer deadline', async () => {
    const big = Buffer.alloc(32 * 1024 * 1024, 7);
    obs.putObject('bkt/big.zip', big);
    obs.script([{ kind: 'stall', bytes: 1024 }]);
    const started = Date.now();
    const error = (await downloadObject(
      address('bkt/big.zip'),
      join(dir, 'big.zip'),
      oneRealAttempt('bkt/big.zip', 300),
    ).catch((e: unknown) => e)) as ActionError;
    // The whole-transfer deadline is 0.3 s + 32 s: the pause bound (bodyTimeout) must end it first.
    // undici checks its body timeout on a coarse timer (about 1 s ticks).
    expect(Date.now() - started).toBeLessThan(8000);
    expect(error.describe()).toMatch(/broke off after 1024 bytes \(no complete response within 0\.3 s\)/);
  }, 40_000);

  it('the size OBS states is reported once, before the body is read', async () => {
    const sizes: number[] = [];
    await downloadObject(address(), join(dir, 'a.zip'), real({ onSize: (size) => sizes.push(size) }));
    expect(sizes).toEqual([BODY.length]);
  });

  it('the bounds: an attempt gets timeout-seconds plus 1 s per started MiB; a download adds the missing-ZIP wait and the retries', () => {
    expect(MIN_TRANSFER_BYTES_PER_S).toBe(1024 * 1024);
    expect(transferAttemptMs(60_000, 0)).toBe(60_000);
    expect(transferAttemptMs(60_000, 1)).toBe(61_000);
    expect(transferAttemptMs(60_000, 10 * 1024 * 1024)).toBe(70_000);
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 };
    expect(downloadBoundMs(policy, 60_000, 10 * 1024 * 1024)).toBe(30_000 + 3 * 70_000 + 2 * 30_000);
    expect(downloadBoundMs(policy, 2000, 0)).toBe(2000 + 3 * 2000 + 2 * 30_000);
  });
});

describe('temporary file names', () => {
  it('fit 255 bytes, cut on a character boundary', () => {
    const hex = 'a1b2c3d4e5f6';
    expect(temporaryName('a.zip', hex)).toBe('.a.zip.a1b2c3d4e5f6.part');
    const long = `${'é'.repeat(120)}.zip`; // 244 bytes
    const name = temporaryName(long, hex);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(name).toMatch(/^\.é+\.a1b2c3d4e5f6\.part$/);
  });

  it('a 255-byte file name downloads (its temporary name would otherwise be 274 bytes)', async () => {
    const name = `${'x'.repeat(251)}.zip`;
    obs.putObject(`bkt/${name}`, BODY);
    await downloadObject(address(`bkt/${name}`), join(dir, name), depsFor(`bkt/${name}`));
    expect(await readdir(dir)).toEqual([name]);
  });
});
