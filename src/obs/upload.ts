/**
 * One verified upload (`PUT Object`, OBS's single-request upload of 0 to 5 GB): the file is streamed from disk with
 * `Content-Length`, `Content-MD5` (base64 of its MD5, so OBS refuses altered bytes with 400 BadDigest) and
 * `Content-Type: application/zip`, signed afresh for each attempt. The answer's ETag must be the file's MD5, unless
 * OBS says it encrypted the object (`x-obs-server-side-encryption`, or the SSE-C algorithm header): an encrypted
 * object's ETag is not its MD5.
 *
 * Retries, through the one policy (http/retry.ts `retrying`): a PUT of the same bytes to the same key leaves the
 * same object however often it arrives, so it is retried like a read: after 429 and 5xx, refused or reset
 * connections, timeouts and an ETag that does not match; not after 403 or another 4xx, nor when the file cannot be
 * read.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { readCappedBody } from '../http/body.ts';
import { ActionError } from '../http/errors.ts';
import { type Failure, type RetryPolicy, retrying } from '../http/retry.ts';
import type { HttpRequest, Transport } from '../http/transport.ts';
import type { ObjectAddress } from './address.ts';
import { obsError } from './errors.ts';
import { obsUrl } from './paths.ts';

/** OBS's limit for one PUT: 5 GB (`uploading_an_object_put.rst`); larger files need a multipart upload. */
export const MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;

/** A local file ready to upload: checked and hashed. */
export interface LocalZip {
  /** Absolute path. */
  path: string;
  /** The file name, which becomes the last segment of the object key. */
  name: string;
  size: number;
  /** Hex digests of the whole file. */
  md5: string;
  sha256: string;
}

export interface UploadedObject {
  /** `bucket/key`, as DLI's import takes it. */
  object: string;
  /** The ETag OBS answered, without quotes. */
  etag?: string;
  /** OBS's server-side encryption of the object (`kms`, `AES256`), when it reported one. */
  encryption?: string;
  /** Attempts made (1 when the first succeeded). */
  attempts: number;
}

export interface UploadDeps {
  transport: Pick<Transport, 'stream'>;
  /**
   * Signs each attempt afresh (OBS signature over Content-MD5, Content-Type and a new x-obs-date, with keys renewed
   * when they near their end: an earlier attempt may have outlived them).
   */
  authorize: (request: HttpRequest) => HttpRequest | Promise<HttpRequest>;
  retry: RetryPolicy;
  /** Bounds each attempt as a whole: sending the file and the answer (see retry.ts transferAttemptMs). */
  attemptTimeoutMs: number;
  log: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
}

const PLAIN_MD5_ETAG = /^"?([0-9a-f]{32})"?$/i;

/** What one attempt came to; `failure` is what the retry policy reads, none when the failure is final. */
type Attempt =
  | { kind: 'done'; etag?: string; encryption?: string }
  | { kind: 'failed'; error: ActionError; failure?: Failure };

/** Appended to each retry notice. */
const SAME_BYTES = 'The same bytes are sent again: a PUT of them leaves the same object';

export async function uploadObject(address: ObjectAddress, file: LocalZip, deps: UploadDeps): Promise<UploadedObject> {
  const object = `${address.bucket}/${address.key}`;
  const { value, attempts } = await retrying(
    {
      policy: deps.retry,
      operation: `OBS upload of ${file.name} to ${obsUrl(object)}`,
      // A PUT of the same bytes: retried after 5xx, resets and timeouts too.
      idempotent: true,
      note: SAME_BYTES,
      log: deps.log,
      sleep: deps.sleep,
      random: deps.random,
      now: deps.now,
    },
    () => attempt(address, file, deps),
    (outcome) => ('value' in outcome && outcome.value.kind === 'failed' ? outcome.value.failure : undefined),
  );
  if (value.kind === 'done') return { object, etag: value.etag, encryption: value.encryption, attempts };
  throw attempts > 1 ? value.error.afterAttempts(attempts) : value.error;
}

/** The request of one attempt, with a fresh stream of the file. */
export function uploadRequest(address: ObjectAddress, file: LocalZip, body: Readable, limitMs: number): HttpRequest {
  return {
    operation: `OBS upload of ${file.name}`,
    method: 'PUT',
    url: address.url,
    headers: {
      'Content-Length': String(file.size),
      'Content-MD5': Buffer.from(file.md5, 'hex').toString('base64'),
      'Content-Type': 'application/zip',
    },
    bodyStream: body,
    idempotent: true,
    attemptTimeoutMs: limitMs,
  };
}

async function attempt(address: ObjectAddress, file: LocalZip, deps: UploadDeps): Promise<Attempt> {
  const object = `${address.bucket}/${address.key}`;
  const startedAt = Date.now();
  const body = createReadStream(file.path);
  // A file that cannot be read fails this attempt through the request; it is not a network failure to retry.
  let readError: Error | undefined;
  body.on('error', (error) => {
    readError = error;
  });
  try {
    // Signed first: keys that could not be renewed end the upload with IAM's error as it is (the IAM request had
    // its own retries).
    let signed: HttpRequest;
    try {
      signed = await deps.authorize(uploadRequest(address, file, body, deps.attemptTimeoutMs));
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
      return { kind: 'failed', error };
    }
    let response: Awaited<ReturnType<Transport['stream']>>;
    try {
      response = await deps.transport.stream(signed);
    } catch (error) {
      // The bytes read differ in number from Content-Length: the file grew or shrank after it was hashed (undici
      // ends such a request before OBS can store anything). Sending it again would not help.
      if (isLengthMismatch(error) || isLengthMismatch(readError)) {
        return {
          kind: 'failed',
          error: new ActionError(
            `Could not upload ${file.path}: it changed after it was checked and hashed (it had ${file.size} bytes then, and no longer has)`,
            { hint: 'the file must stay in place, unchanged, until the step ends', cause: error },
          ),
        };
      }
      if (readError) {
        return {
          kind: 'failed',
          error: new ActionError(`Could not read ${file.path} while uploading it: ${readError.message}`, {
            hint: 'the file must stay in place, unchanged, until the step ends',
            cause: readError,
          }),
        };
      }
      if (!(error instanceof ActionError)) throw error;
      return {
        kind: 'failed',
        error,
        failure: { what: error.describe(), transient: error.retryable, notSent: error.notSent },
      };
    }
    // The answer's body (an error's XML; a success has none) is read for at most the attempt's time left, and 64 kB
    // of it: a body that never ends cannot keep the step past its bound.
    const { text } = await readCappedBody(response.body, {
      deadlineMs: deps.attemptTimeoutMs - (Date.now() - startedAt),
    });
    if (response.status !== 200) {
      const error = obsError(
        { status: response.status, headers: response.headers, body: text },
        { object, bucket: address.bucket, host: address.url.host, operation: 'upload' },
      );
      return {
        kind: 'failed',
        error,
        failure: { what: error.describe(), status: response.status, retryAfter: response.headers['retry-after'] },
      };
    }
    return checkEtag(response.headers, file, object);
  } finally {
    body.destroy();
  }
}

/** The answer's ETag against the file's MD5, unless OBS encrypted the object. */
export function checkEtag(headers: Readonly<Record<string, string>>, file: LocalZip, object: string): Attempt {
  const etag = headers.etag?.replace(/^"|"$/g, '');
  const encryption =
    headers['x-obs-server-side-encryption'] ?? headers['x-obs-server-side-encryption-customer-algorithm'];
  if (encryption !== undefined) return { kind: 'done', etag, encryption };
  const md5 = PLAIN_MD5_ETAG.exec(headers.etag ?? '')?.[1]?.toLowerCase();
  if (md5 === file.md5) return { kind: 'done', etag };
  const why =
    headers.etag === undefined
      ? 'OBS answered without an ETag'
      : `OBS answered ETag ${headers.etag}, not the file's MD5 ${file.md5}, and reported no encryption`;
  return {
    kind: 'failed',
    error: new ActionError(`Uploading ${file.path} to ${obsUrl(object)} could not be verified: ${why}`, {
      requestId: headers['x-obs-request-id'],
      hint: 'a proxy or the network may be altering the transfer; retry later',
    }),
    failure: { what: why, transient: true },
  };
}

/** undici's refusal of a body whose length differs from its Content-Length, possibly wrapped (ActionError's cause). */
function isLengthMismatch(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if ((current as { code?: unknown }).code === 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
