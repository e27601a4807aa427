/**
 * One verified download: GET streamed to a temporary file beside the destination, hashed (MD5 and SHA-256) while
 * it flows, checked (Content-Length equals the bytes written; a plain-MD5 ETag equals the file's MD5), then
 * renamed into place. Short, corrupt and failed transfers are retried (GET is safe to repeat); a 404 NoSuchKey is
 * retried for a bounded time, as the ZIP may land a moment after the export returns. A download that fails for
 * good leaves no file behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ActionError } from '../http/errors.ts';
import { backoffMs, RETRYABLE_STATUSES, type RetryPolicy, retryAfterMs } from '../http/retry.ts';
import { type HttpRequest, networkError, type Transport } from '../http/transport.ts';
import type { ObjectAddress } from './address.ts';
import { obsError, parseObsError } from './errors.ts';
import { obsUrl } from './paths.ts';

export interface DownloadedFile {
  /** Absolute local path. */
  path: string;
  /** `bucket/key`, as DLI listed it. */
  object: string;
  size: number;
  sha256: string;
  md5: string;
  /** The ETag OBS sent, without quotes. */
  etag?: string;
}

export interface DownloadDeps {
  transport: Pick<Transport, 'stream'>;
  /** Signs each attempt afresh (OBS signature with a new x-obs-date, and keys renewed when they near their end). */
  authorize: (request: HttpRequest) => HttpRequest | Promise<HttpRequest>;
  retry: RetryPolicy;
  /** The transport's per-attempt bound, for error messages. */
  timeoutMs: number;
  /** How long a 404 NoSuchKey is retried before it counts. */
  notFoundWindowMs: number;
  log: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
}

const PLAIN_MD5_ETAG = /^"?([0-9a-f]{32})"?$/i;

/** What one attempt came to. */
type Attempt =
  | { kind: 'done'; file: DownloadedFile }
  /** 404 NoSuchKey: the object may not be there yet. */
  | { kind: 'missing'; error: ActionError }
  /** Worth another attempt: a 5xx/429, a network failure, a short or corrupt transfer. */
  | { kind: 'retry'; why: string; error: ActionError; retryAfter?: string }
  | { kind: 'fail'; error: ActionError };

export async function downloadObject(
  address: ObjectAddress,
  destination: string,
  deps: DownloadDeps,
): Promise<DownloadedFile> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = deps.random ?? Math.random;
  const now = deps.now ?? (() => new Date());
  const object = `${address.bucket}/${address.key}`;
  const request: HttpRequest = {
    operation: `OBS download of ${object}`,
    method: 'GET',
    url: address.url,
    headers: {},
    idempotent: true,
  };
  const started = now().getTime();
  let failures = 0;
  let misses = 0;

  for (;;) {
    const temporary = join(dirname(destination), `.${basename(destination)}.${randomBytes(6).toString('hex')}.part`);
    let outcome: Attempt;
    try {
      outcome = await attempt(address, request, temporary, destination, deps);
    } finally {
      // Whatever happened, only a complete, verified file (renamed away already) may remain.
      await rm(temporary, { force: true }).catch(() => undefined);
    }
    switch (outcome.kind) {
      case 'done':
        return outcome.file;
      case 'fail':
        throw failures > 0 ? outcome.error.afterAttempts(failures + 1) : outcome.error;
      case 'missing': {
        misses++;
        const waited = now().getTime() - started;
        const remaining = deps.notFoundWindowMs - waited;
        if (remaining <= 0) {
          const { error } = outcome;
          throw new ActionError(
            `Downloading ${obsUrl(object)} failed: the object was still missing ${(waited / 1000).toFixed(0)} s after the export (${misses} attempts)`,
            {
              status: error.status,
              code: error.code,
              serviceMessage: error.serviceMessage,
              requestId: error.requestId,
              hint: error.hint,
            },
          );
        }
        const wait = Math.min(deps.retry.baseDelayMs, remaining);
        deps.log(`${obsUrl(object)} is not there yet (404 NoSuchKey); looking again in ${(wait / 1000).toFixed(1)} s`);
        await sleep(wait);
        break;
      }
      case 'retry': {
        failures++;
        if (failures >= deps.retry.maxAttempts) {
          throw failures > 1 ? outcome.error.afterAttempts(failures) : outcome.error;
        }
        const wait = retryAfterMs(outcome.retryAfter, now(), deps.retry) ?? backoffMs(failures, deps.retry, random);
        deps.log(
          `OBS download of ${object}: attempt ${failures} of ${deps.retry.maxAttempts} failed (${outcome.why}); retrying in ${(wait / 1000).toFixed(1)} s`,
        );
        await sleep(wait);
        break;
      }
    }
  }
}

/** One GET, streamed into `temporary` and renamed to `destination` only when verified. */
async function attempt(
  address: ObjectAddress,
  request: HttpRequest,
  temporary: string,
  destination: string,
  deps: DownloadDeps,
): Promise<Attempt> {
  const object = `${address.bucket}/${address.key}`;
  const context = { object, bucket: address.bucket, host: address.url.host };
  const corrupt = (why: string): Attempt => ({
    kind: 'retry',
    why,
    error: new ActionError(`Downloading ${obsUrl(object)} failed: ${why}`, {
      hint: 'a proxy or the network may be cutting or altering the transfer; retry later',
    }),
  });

  const cannotWrite = (error: Error): Attempt => ({
    kind: 'fail',
    error: new ActionError(`Could not write ${destination}: ${error.message}`, {
      hint: 'check that `download-dir` is writable and the disk has room',
      cause: error,
    }),
  });
  // Signed first, outside the failures below: keys that could not be renewed end the download with IAM's error as
  // it is (the IAM request had its own retries), and leave no open file.
  const signed = await deps.authorize(request);
  // Opened before the request, so a directory that cannot be written fails before anything is sent.
  let handle: FileHandle;
  try {
    handle = await open(temporary, 'wx');
  } catch (error) {
    return cannotWrite(error as Error);
  }
  const file = handle.createWriteStream();

  let response: Awaited<ReturnType<Transport['stream']>>;
  try {
    response = await deps.transport.stream(signed);
  } catch (error) {
    await handle.close();
    if (!(error instanceof ActionError)) throw error;
    return error.retryable ? { kind: 'retry', why: error.describe(), error } : { kind: 'fail', error };
  }

  if (response.status !== 200) {
    await handle.close();
    const body = await readText(response.body).catch(() => '');
    const error = obsError({ status: response.status, headers: response.headers, body }, context);
    if (response.status === 404 && parseObsError(body).code === 'NoSuchKey') return { kind: 'missing', error };
    if (RETRYABLE_STATUSES.has(response.status)) {
      return { kind: 'retry', why: error.describe(), error, retryAfter: response.headers['retry-after'] };
    }
    return { kind: 'fail', error };
  }

  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let size = 0;
  const hash = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      md5.update(chunk);
      sha256.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(response.body, hash, file);
  } catch (error) {
    // A file-system error (ENOSPC, EIO...) carries the syscall that failed; undici's errors do not.
    if (error instanceof Error && 'syscall' in error) return cannotWrite(error);
    const network = networkError(request, error, deps.timeoutMs, false);
    return corrupt(`the transfer broke off after ${size} bytes (${network.message.replace(/^.*failed: /, '')})`);
  }

  const declared = response.headers['content-length'];
  if (declared !== undefined && Number(declared) !== size) {
    return corrupt(`received ${size} bytes, but Content-Length was ${declared}`);
  }
  const fileMd5 = md5.digest('hex');
  const etag = response.headers.etag;
  const plainMd5 = PLAIN_MD5_ETAG.exec(etag ?? '')?.[1]?.toLowerCase();
  if (plainMd5 !== undefined && plainMd5 !== fileMd5) {
    return corrupt(`the file's MD5 ${fileMd5} differs from the ETag ${plainMd5}`);
  }
  await rename(temporary, destination);
  return {
    kind: 'done',
    file: {
      path: destination,
      object,
      size,
      sha256: sha256.digest('hex'),
      md5: fileMd5,
      etag: etag?.replace(/^"|"$/g, ''),
    },
  };
}

async function readText(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    // An error body is small; never hold more than 64 kB of it.
    if (length < 65_536) chunks.push(Buffer.from(chunk));
    length += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}
