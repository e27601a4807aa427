/**
 * One verified download: GET streamed to a temporary file beside the destination, hashed (MD5 and SHA-256) while
 * it flows, checked (Content-Length equals the bytes written; an ETag that is the object's MD5 equals the file's
 * MD5), then renamed into place. Retries run through the one policy (http/retry.ts `retrying`): short, corrupt and
 * broken-off transfers, network failures worth another attempt, 429 and 5xx are retried (a GET is safe to repeat);
 * other statuses and disk errors (ENOSPC, EIO) are not. A 404 NoSuchKey is no failure: it is waited for, within
 * the attempt, for a bounded time, as the ZIP may land a moment after the export returns. A download that fails
 * for good, or is interrupted (SIGINT, SIGTERM), leaves no file behind.
 *
 * Time: each attempt ends within `timeout-seconds` plus the object's size at MIN_TRANSFER_BYTES_PER_S (a drip
 * cannot outlive it), and the whole download, retries and the wait for a missing object included, within
 * `downloadBoundMs` of its size: the deadline is enforced, not only stated.
 *
 * Encryption: with server-side encryption (x-obs-server-side-encryption, SSE-C's ...-customer-algorithm) OBS's
 * ETag is not the object's MD5 ("server-side_encryption_overview.rst"), nor is a multipart "hex-N" ETag. Then only
 * the length is verified, the SHA-256 is reported, and the log says that the MD5 could not be checked.
 */
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readCappedBody } from '../http/body.ts';
import { ActionError } from '../http/errors.ts';
import {
  abortableSleep,
  type Failure,
  type RetryPolicy,
  retrying,
  transferAttemptMs,
  worstCaseMs,
} from '../http/retry.ts';
import { type HttpRequest, networkError, type Transport } from '../http/transport.ts';
import type { ObjectAddress } from './address.ts';
import { obsError, parseObsError } from './errors.ts';
import { obsUrl } from './paths.ts';

/** A 404 NoSuchKey right after the export is waited for at most this long (or `timeout-seconds`, if shorter). */
export const MAX_NOT_FOUND_WINDOW_MS = 30_000;

export function notFoundWindowMs(timeoutMs: number): number {
  return Math.min(timeoutMs, MAX_NOT_FOUND_WINDOW_MS);
}

/**
 * The longest the download of one object of `size` bytes takes, retries and the wait for a missing object
 * included: the not-found window, plus every attempt at its transfer bound with the longest waits between them.
 */
export function downloadBoundMs(policy: RetryPolicy, timeoutMs: number, size: number): number {
  return notFoundWindowMs(timeoutMs) + worstCaseMs(policy, transferAttemptMs(timeoutMs, size));
}

/** The longest temporary file name beside the destination, in bytes: most file systems allow 255. */
export const MAX_FILE_NAME_BYTES = 255;

/** `.{name}.{12 hex}.part`, the name cut (on a character boundary) so the whole fits MAX_FILE_NAME_BYTES. */
export function temporaryName(name: string, hex: string): string {
  const room = MAX_FILE_NAME_BYTES - Buffer.byteLength(`..${hex}.part`);
  let cut = name;
  while (Buffer.byteLength(cut) > room) cut = [...cut].slice(0, -1).join('');
  return `.${cut}.${hex}.part`;
}

/** Temporary files being written now; removed on SIGINT/SIGTERM, then the signal ends the process as it would have. */
const LIVE_TEMPORARIES = new Set<string>();

function onSignal(signal: NodeJS.Signals): void {
  for (const path of LIVE_TEMPORARIES) rmSync(path, { force: true });
  LIVE_TEMPORARIES.clear();
  unhookSignals();
  process.kill(process.pid, signal);
}

function hookSignals(): void {
  if (process.listeners('SIGINT').includes(onSignal)) return;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function unhookSignals(): void {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

function track(path: string): void {
  LIVE_TEMPORARIES.add(path);
  hookSignals();
}

function untrack(path: string): void {
  LIVE_TEMPORARIES.delete(path);
  if (LIVE_TEMPORARIES.size === 0) unhookSignals();
}

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
  /** Why the file's MD5 could not be checked against the ETag (encryption, a multipart ETag), if it could not. */
  md5Unchecked?: string;
}

export interface DownloadDeps {
  transport: Pick<Transport, 'stream'>;
  /** Signs each attempt afresh (OBS signature with a new x-obs-date, and keys renewed when they near their end). */
  authorize: (request: HttpRequest) => HttpRequest | Promise<HttpRequest>;
  retry: RetryPolicy;
  /** `timeout-seconds`: bounds the response headers and each pause; with the size, each whole attempt. */
  timeoutMs: number;
  /** How long a 404 NoSuchKey is waited for before it counts. */
  notFoundWindowMs: number;
  log: (message: string) => void;
  /** Called when OBS first states the object's size (its Content-Length), before the body is read. */
  onSize?: (size: number) => void;
  /** Opens the temporary file (fs/promises' open); a test may hand in a file system that fails. */
  openFile?: (path: string, flags: 'wx') => Promise<FileHandle>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
}

const PLAIN_MD5_ETAG = /^"?([0-9a-f]{32})"?$/i;

/** What one attempt came to. */
type Attempt =
  | { kind: 'done'; file: DownloadedFile }
  /** `failure` is what the retry policy reads; none when the failure is final (a disk error). */
  | { kind: 'failed'; error: ActionError; failure?: Failure }
  /** Ends the download with this error as it is: keys that could not be renewed, an object still missing. */
  | { kind: 'ended'; error: unknown };

/** One GET: an attempt, or a 404 NoSuchKey (the object may not be there yet), which is not a failure. */
type Transfer = Attempt | { kind: 'missing'; error: ActionError };

export async function downloadObject(
  address: ObjectAddress,
  destination: string,
  deps: DownloadDeps,
): Promise<DownloadedFile> {
  const sleep = deps.sleep ?? abortableSleep;
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
  const window = Math.min(deps.notFoundWindowMs, MAX_NOT_FOUND_WINDOW_MS);
  // The size OBS stated (0 until it does): it sets each attempt's bound and the whole download's deadline.
  const known = { size: 0 };
  const deadline = () => started + window + worstCaseMs(deps.retry, attemptMs());
  const attemptMs = () => transferAttemptMs(deps.timeoutMs, known.size);
  const onSize = (size: number) => {
    if (size > known.size || known.size === 0) {
      known.size = Math.max(known.size, size);
      deps.onSize?.(size);
    }
  };
  const bounds: AttemptBounds = {
    boundMs: () => Math.min(attemptMs(), Math.max(deps.timeoutMs, deadline() - now().getTime())),
    onSize,
  };
  let misses = 0;

  /** One GET into a temporary file beside the destination; only a complete, verified file (renamed) remains. */
  const transferOnce = async (): Promise<Transfer> => {
    const temporary = join(dirname(destination), temporaryName(basename(destination), randomBytes(6).toString('hex')));
    track(temporary);
    try {
      return await transfer(address, request, temporary, destination, deps, bounds);
    } finally {
      await rm(temporary, { force: true }).catch(() => undefined);
      untrack(temporary);
    }
  };

  /**
   * One attempt: GETs until the object is there. A 404 NoSuchKey within the window (counted from the download's
   * start, and inside its deadline) is waited for, not a failure; after the window it ends the download.
   */
  const attemptOnce = async (): Promise<Attempt> => {
    for (;;) {
      const outcome = await transferOnce();
      if (outcome.kind !== 'missing') return outcome;
      misses++;
      const waited = now().getTime() - started;
      const remaining = window - waited;
      if (remaining <= 0) {
        const { error } = outcome;
        return {
          kind: 'ended',
          error: new ActionError(
            `Downloading ${obsUrl(object)} failed: the object was still missing ${(waited / 1000).toFixed(0)} s after the export (${misses} attempts)`,
            {
              status: error.status,
              code: error.code,
              serviceMessage: error.serviceMessage,
              requestId: error.requestId,
              hint: error.hint,
            },
          ),
        };
      }
      const wait = Math.min(deps.retry.baseDelayMs, remaining);
      deps.log(`${obsUrl(object)} is not there yet (404 NoSuchKey); looking again in ${(wait / 1000).toFixed(1)} s`);
      await sleep(wait);
    }
  };

  const { value, attempts } = await retrying(
    {
      policy: deps.retry,
      operation: request.operation,
      idempotent: true,
      log: deps.log,
      sleep,
      random: deps.random,
      now,
      // An attempt starts only while the whole download can still end by its deadline: the headers need up to
      // `timeout-seconds`, and the attempt is cut at the deadline.
      startBy: () => deadline() - deps.timeoutMs,
    },
    attemptOnce,
    (outcome) => ('value' in outcome && outcome.value.kind === 'failed' ? outcome.value.failure : undefined),
  );
  if (value.kind === 'done') return value.file;
  if (value.kind === 'ended') throw value.error;
  throw attempts > 1 ? value.error.afterAttempts(attempts) : value.error;
}

/** Why the ETag cannot be compared with the file's MD5, or undefined when it can (`md5` = the ETag's hex). */
export function etagCheck(headers: Readonly<Record<string, string>>): { md5?: string; unchecked?: string } {
  const sse = headers['x-obs-server-side-encryption'];
  const sseC = headers['x-obs-server-side-encryption-customer-algorithm'];
  if (sse !== undefined) return { unchecked: `server-side encryption ${sse}: OBS's ETag is not the object's MD5` };
  if (sseC !== undefined) {
    return { unchecked: `server-side encryption with a customer key (${sseC}): OBS's ETag is not the object's MD5` };
  }
  const etag = headers.etag;
  if (etag === undefined) return { unchecked: 'OBS sent no ETag' };
  const md5 = PLAIN_MD5_ETAG.exec(etag)?.[1]?.toLowerCase();
  if (md5 === undefined) return { unchecked: `the ETag ${etag} is not an MD5 (e.g. a multipart upload's)` };
  return { md5 };
}

/** A file-system failure: fails at once, naming the path and the system's error; never retried. */
function diskError(path: string, error: NodeJS.ErrnoException): ActionError {
  const code = error.code ? `${error.code}: ` : '';
  const message = error.message.startsWith(`${error.code}:`) ? error.message : `${code}${error.message}`;
  return new ActionError(`Could not write ${path}: ${message}`, {
    hint:
      error.code === 'ENOSPC' || error.code === 'EDQUOT'
        ? 'the disk of `download-dir` is full: free space or choose another `download-dir`'
        : 'check that `download-dir` is writable and the disk has room (a disk error is not retried)',
    cause: error,
  });
}

interface AttemptBounds {
  /** The longest this attempt may take now, from its start (its size may become known only at its headers). */
  boundMs: () => number;
  onSize: (size: number) => void;
}

/** One GET, streamed into `temporary` and renamed to `destination` only when verified. */
async function transfer(
  address: ObjectAddress,
  request: HttpRequest,
  temporary: string,
  destination: string,
  deps: DownloadDeps,
  bounds: AttemptBounds,
): Promise<Transfer> {
  const object = `${address.bucket}/${address.key}`;
  const context = { object, bucket: address.bucket, host: address.url.host };
  // A short or altered transfer: worth another attempt, as a GET is safe to repeat.
  const corrupt = (why: string): Attempt => ({
    kind: 'failed',
    error: new ActionError(`Downloading ${obsUrl(object)} failed: ${why}`, {
      hint: 'a proxy or the network may be cutting or altering the transfer; retry later',
    }),
    failure: { what: why, transient: true },
  });
  const startedAt = Date.now();

  // Signed first, outside the failures below: keys that could not be renewed end the download with IAM's error as
  // it is (the IAM request had its own retries), and leave no open file.
  let signed: HttpRequest;
  try {
    signed = await deps.authorize(request);
  } catch (error) {
    return { kind: 'ended', error };
  }
  // Opened before the request, so a directory that cannot be written fails before anything is sent.
  let handle: FileHandle;
  try {
    handle = await (deps.openFile ?? open)(temporary, 'wx');
  } catch (error) {
    return { kind: 'failed', error: diskError(destination, error as NodeJS.ErrnoException) };
  }
  const file = handle.createWriteStream();

  let response: Awaited<ReturnType<Transport['stream']>>;
  try {
    response = await deps.transport.stream(signed);
  } catch (error) {
    await handle.close().catch(() => undefined);
    if (!(error instanceof ActionError)) throw error;
    return {
      kind: 'failed',
      error,
      failure: { what: error.describe(), transient: error.retryable, notSent: error.notSent },
    };
  }

  if (response.status !== 200) {
    await handle.close().catch(() => undefined);
    // An error body that never ends (or is huge) is read for at most the attempt's time left, and 64 kB of it.
    const { text: body } = await readCappedBody(response.body, {
      deadlineMs: bounds.boundMs() - (Date.now() - startedAt),
    });
    const error = obsError({ status: response.status, headers: response.headers, body }, context);
    // Only NoSuchKey is "not there yet": NoSuchBucket (a wrong region or endpoint) and any other 404 are final.
    if (response.status === 404 && parseObsError(body).code === 'NoSuchKey') return { kind: 'missing', error };
    // Whether another attempt follows is the policy's: 429, and 5xx as a GET is safe to repeat; not other 4xx.
    return {
      kind: 'failed',
      error,
      failure: { what: error.describe(), status: response.status, retryAfter: response.headers['retry-after'] },
    };
  }

  const declared = response.headers['content-length'];
  const declaredSize = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined;
  if (declaredSize !== undefined) bounds.onSize(declaredSize);
  // The whole transfer's deadline: `timeout-seconds` plus the size at the minimum rate, from the attempt's start.
  const limitMs = bounds.boundMs();
  let cut = false;
  const timer = setTimeout(
    () => {
      cut = true;
      response.body.destroy(new Error('whole-transfer deadline'));
    },
    Math.max(0, limitMs - (Date.now() - startedAt)),
  );

  // Which side failed first: the file (ENOSPC, EIO...: a disk error) or the response body (the network, or the
  // deadline). A pipeline passes the first error on to the other streams, so only the first one counts.
  let failedFirst: { side: 'file' | 'body'; error: Error } | undefined;
  file.once('error', (error) => {
    failedFirst ??= { side: 'file', error };
  });
  response.body.once('error', (error) => {
    failedFirst ??= { side: 'body', error };
  });

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
    // The file's own stream failed (ENOSPC, EIO...): a disk error, never the network's.
    if (failedFirst?.side === 'file') {
      return { kind: 'failed', error: diskError(destination, failedFirst.error as NodeJS.ErrnoException) };
    }
    if (cut) {
      return corrupt(
        `the transfer did not finish within ${Math.ceil(limitMs / 1000)} s (\`timeout-seconds\` plus 1 s per MiB of ${declaredSize ?? 0} bytes); ${size} bytes arrived`,
      );
    }
    const network = networkError(request, error, deps.timeoutMs, false);
    return corrupt(`the transfer broke off after ${size} bytes (${network.message.replace(/^.*failed: /, '')})`);
  } finally {
    clearTimeout(timer);
    await handle.close().catch(() => undefined);
  }

  if (declaredSize !== undefined && declaredSize !== size) {
    return corrupt(`received ${size} bytes, but Content-Length was ${declared}`);
  }
  const fileMd5 = md5.digest('hex');
  const check = etagCheck(response.headers);
  if (check.md5 !== undefined && check.md5 !== fileMd5) {
    return corrupt(`the file's MD5 ${fileMd5} differs from the ETag ${check.md5}`);
  }
  try {
    await rename(temporary, destination);
  } catch (error) {
    return { kind: 'failed', error: diskError(destination, error as NodeJS.ErrnoException) };
  }
  return {
    kind: 'done',
    file: {
      path: destination,
      object,
      size,
      sha256: sha256.digest('hex'),
      md5: fileMd5,
      etag: response.headers.etag?.replace(/^"|"$/g, ''),
      ...(check.unchecked ? { md5Unchecked: check.unchecked } : {}),
    },
  };
}
