// A loopback emulator of OBS for the download and the upload: objects in memory, HEAD, GET (with Range), PUT
// Object (Content-Length, Content-MD5 checked, buckets with default encryption) and ListObjects V1, XML errors,
// OBS's own header signature (long-term and temporary keys), and scripted faults.
//
// Addressing as OBS does it: virtual-hosted (`Host: {bucket}.obs.{region}...`, which arrives through a test proxy
// and TLS front), or path-style (`/{bucket}/{key}`) on a loopback address. Path-style on a domain endpoint is
// refused with 403 VirtualHostDomainRequired, as Huawei Cloud does.

import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ObsKey, verifyObsSignature } from './obs-signature.ts';

export interface StoredObject {
  body: Buffer;
  /** With quotes, as sent: `"{md5 hex}"` for single-part objects. */
  etag: string;
  lastModified: Date;
  contentType: string;
  /**
   * Server-side encryption (server-side_encryption_overview.rst, sse-kms.rst, sse-obs.rst): the object answers with
   * `x-obs-server-side-encryption: kms` (and `...-kms-key-id`) or `AES256`, or SSE-C's
   * `x-obs-server-side-encryption-customer-algorithm`; its ETag is then not its MD5.
   */
  encryption?: ObsEncryption;
}

export type ObsEncryption = 'kms' | 'AES256' | 'customer-AES256';

function encryptionHeaders(encryption: ObsEncryption | undefined): Record<string, string> {
  if (encryption === 'kms') {
    return {
      'x-obs-server-side-encryption': 'kms',
      'x-obs-server-side-encryption-kms-key-id': 'eu-de:0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a:key/emulated',
    };
  }
  if (encryption === 'AES256') return { 'x-obs-server-side-encryption': 'AES256' };
  if (encryption === 'customer-AES256') {
    return {
      'x-obs-server-side-encryption-customer-algorithm': 'AES256',
      'x-obs-server-side-encryption-customer-key-MD5': 'ZjQrne1X/iTcskbY2m3tFg==',
    };
  }
  return {};
}

/** The largest object one PUT may create: 5 GB (uploading_an_object_put.rst). */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

/**
 * Scripted faults, consumed one per signed object GET or PUT (HEAD and list requests are never faulted); `reset`
 * and `hang` apply to PUTs only.
 */
export type ObsFault =
  /** PUT: the connection is closed after half the body has arrived, with no answer; nothing is stored. */
  | { kind: 'reset' }
  /** PUT: the body is read and stored, then no answer ever comes (until close()). */
  | { kind: 'hang' }
  /** 404 NoSuchKey, as if the object had not landed yet. */
  | { kind: 'missing' }
  /** The full Content-Length is announced, `bytes` (default half) are sent, then the connection is closed. */
  | { kind: 'truncate'; bytes?: number }
  /** GET: the body is intact, but the ETag is the MD5 of other bytes. PUT: stored, answered with such an ETag. */
  | { kind: 'wrong-etag' }
  /** An XML error, e.g. { status: 403, code: 'AccessDenied' } or { status: 503, code: 'ServiceUnavailable' }. */
  | { kind: 'error'; status: number; code: string; message?: string; headers?: Record<string, string> }
  /** The headers and `bytes` (default 0) of the body are sent, then nothing more: the connection stays open. */
  | { kind: 'stall'; bytes?: number }
  /** The body is sent one byte every `intervalMs`: each pause is short, the whole transfer very long. */
  | { kind: 'drip'; intervalMs: number }
  /** An error status whose XML body is sent one byte every `intervalMs` and never ends (GET and PUT). */
  | { kind: 'endless-error'; status: number; intervalMs: number }
  | { kind: 'ok' };

export interface ObsRecordedRequest {
  method: string;
  host: string;
  /** Raw path and query, as received. */
  path: string;
  query: string;
  headers: Record<string, string>;
  /** 'virtual-hosted' or 'path-style'. */
  addressing: 'virtual-hosted' | 'path-style' | 'unknown';
  bucket?: string;
  /** Decoded object key; '' for the bucket. */
  key?: string;
  /** The signature (and security token, for temporary keys) was valid. */
  accepted: boolean;
  accessKey?: string;
  status?: number;
  fault?: ObsFault['kind'];
}

export interface ObsOptions {
  /** Long-term keys, AK -> SK. */
  credentials: Readonly<Record<string, string>>;
  buckets: Iterable<string>;
  now: () => Date;
  /** Listening port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
}

/** A bucket's default server-side encryption (configuring_bucket_encryption.rst): SSE-KMS or SSE-OBS. */
/** A bucket's default encryption (configuring_bucket_encryption.rst). */
export type BucketEncryption = ObsEncryption;

export interface ObsEmulator {
  /** http://127.0.0.1:PORT: the path-style endpoint; a TLS front in front of it serves virtual-hosted names. */
  readonly url: string;
  readonly port: number;
  readonly requests: ObsRecordedRequest[];
  /** `bucket/key` -> object. */
  readonly objects: Map<string, StoredObject>;
  /**
   * A bucket's default encryption (configuring_bucket_encryption.rst): applies to every new object, the ZIPs DLI
   * exports included. Bucket -> encryption; empty = none.
   */
  readonly bucketEncryption: Map<string, ObsEncryption>;
  putObject(
    path: string,
    body: Buffer,
    options?: { etag?: string; contentType?: string; encryption?: ObsEncryption },
  ): StoredObject;
  /** The same map as bucketEncryption (the name the upload tests use). */
  readonly encryption: Map<string, ObsEncryption>;
  /** Temporary keys (from IAM's securitytokens), accepted only with their x-obs-security-token. */
  addTemporaryKey(accessKey: string, key: Required<Pick<ObsKey, 'secretKey' | 'securityToken'>> & ObsKey): void;
  script(faults: ObsFault[]): void;
  reset(): void;
  close(): Promise<void>;
}

/** Marks that a response was sent (every branch of the handler ends in one). */
type Sent = 'sent';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function md5Etag(body: Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

interface Target {
  addressing: ObsRecordedRequest['addressing'];
  bucket?: string;
  /** Raw (encoded) key path, without the leading '/'. */
  rawKey: string;
}

/** Bucket and key from the Host header and path, as OBS reads them. */
function targetOf(hostHeader: string, rawPath: string): Target | { refused: string } {
  const host = hostHeader.replace(/:\d+$/, '').toLowerCase();
  const virtual = /^([a-z0-9][a-z0-9.-]*[a-z0-9])\.(obs\.[a-z0-9.-]+)$/.exec(host);
  if (virtual) return { addressing: 'virtual-hosted', bucket: virtual[1], rawKey: rawPath.replace(/^\//, '') };
  if (isLoopbackHost(host)) {
    const [, bucket = '', ...rest] = rawPath.split('/');
    return { addressing: 'path-style', bucket: bucket === '' ? undefined : bucket, rawKey: rest.join('/') };
  }
  return {
    refused: `Path-style requests are not allowed on ${host}; address the bucket as {bucket}.${host} (virtual-hosted).`,
  };
}

export async function startObs(options: ObsOptions): Promise<ObsEmulator> {
  const buckets = new Set(options.buckets);
  const objects = new Map<string, StoredObject>();
  const temporaryKeys = new Map<string, ObsKey>();
  const requests: ObsRecordedRequest[] = [];
  const faults: ObsFault[] = [];
  const bucketEncryption = new Map<string, ObsEncryption>();

  // Temporary keys first: their AK may also be among the credentials DLI accepts, but OBS wants the token too.
  const keyFor = (accessKey: string): ObsKey | undefined => {
    const temporary = temporaryKeys.get(accessKey);
    if (temporary !== undefined) return temporary;
    if (Object.hasOwn(options.credentials, accessKey)) return { secretKey: options.credentials[accessKey] ?? '' };
    return undefined;
  };

  function putObject(
    path: string,
    body: Buffer,
    put: { etag?: string; contentType?: string; encryption?: ObsEncryption } = {},
  ): StoredObject {
    const encryption = put.encryption ?? bucketEncryption.get(path.slice(0, path.indexOf('/')));
    const stored: StoredObject = {
      body,
      // With encryption the ETag is not the MD5 of the content (here: the MD5 of other bytes, still 32 hex digits).
      etag: put.etag ?? (encryption ? md5Etag(Buffer.concat([Buffer.from('encrypted:'), body])) : md5Etag(body)),
      ...(encryption ? { encryption } : {}),
      lastModified: options.now(),
      contentType: put.contentType ?? 'application/zip',
    };
    objects.set(path, stored);
    return stored;
  }

  function sendError(
    res: ServerResponse,
    record: ObsRecordedRequest,
    requestId: string,
    error: { status: number; code: string; message: string; headers?: Record<string, string> },
  ): Sent {
    record.status = error.status;
    const body =
      record.method === 'HEAD'
        ? ''
        : `${XML_HEAD}<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message><RequestId>${requestId}</RequestId><HostId>${randomBytes(12).toString('base64')}</HostId></Error>`;
    res.writeHead(error.status, {
      'Content-Type': 'application/xml',
      'Content-Length': String(Buffer.byteLength(body)),
      'x-obs-request-id': requestId,
      ...error.headers,
    });
    res.end(body);
    return 'sent';
  }

  function listObjects(
    res: ServerResponse,
    record: ObsRecordedRequest,
    requestId: string,
    bucket: string,
    rawQuery: string,
  ): Sent {
    const params = new URLSearchParams(rawQuery);
    if (params.has('list-type')) {
      return sendError(res, record, requestId, {
        status: 400,
        code: 'InvalidArgument',
        message: 'ListObjects V2 is not emulated; use ListObjects V1 (prefix, marker, max-keys)',
      });
    }
    const prefix = params.get('prefix') ?? '';
    const marker = params.get('marker') ?? '';
    const maxKeysText = params.get('max-keys') ?? '1000';
    if (!/^\d+$/.test(maxKeysText)) {
      return sendError(res, record, requestId, {
        status: 400,
        code: 'InvalidArgument',
        message: 'max-keys must be an integer',
      });
    }
    const maxKeys = Math.min(Number(maxKeysText), 1000);
    const keys = [...objects.keys()]
      .filter((path) => path.startsWith(`${bucket}/`))
      .map((path) => path.slice(bucket.length + 1))
      .filter((key) => key.startsWith(prefix) && key > marker)
      .sort();
    const page = keys.slice(0, maxKeys);
    const truncated = keys.length > page.length;
    const contents = page
      .map((key) => {
        const object = objects.get(`${bucket}/${key}`) as StoredObject;
        return `<Contents><Key>${escapeXml(key)}</Key><LastModified>${object.lastModified.toISOString()}</LastModified><ETag>${escapeXml(object.etag)}</ETag><Size>${object.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join('');
    const next = truncated ? `<NextMarker>${escapeXml(page.at(-1) ?? '')}</NextMarker>` : '';
    const body = `${XML_HEAD}<ListBucketResult xmlns="http://obs.myhwclouds.com/doc/2015-06-30/"><Name>${escapeXml(bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix><Marker>${escapeXml(marker)}</Marker>${next}<MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}</ListBucketResult>`;
    record.status = 200;
    res.writeHead(200, {
      'Content-Type': 'application/xml',
      'Content-Length': String(Buffer.byteLength(body)),
      'x-obs-request-id': requestId,
    });
    res.end(body);
    return 'sent';
  }

  function sendObject(
    req: IncomingMessage,
    res: ServerResponse,
    record: ObsRecordedRequest,
    requestId: string,
    object: StoredObject,
    fault: ObsFault | undefined,
  ): Sent {
    const size = object.body.length;
    let start = 0;
    let end = size - 1;
    let status = 200;
    const range = req.headers.range;
    if (range !== undefined) {
      const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      const first = match?.[1] ?? '';
      const last = match?.[2] ?? '';
      if (match && first !== '') {
        start = Number(first);
        end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
      } else if (match && last !== '') {
        start = Math.max(0, size - Number(last));
      }
      if (!match || (first === '' && last === '') || start > end || start >= size) {
        return sendError(res, record, requestId, {
          status: 416,
          code: 'InvalidRange',
          message: 'The requested range cannot be satisfied.',
          headers: { 'Content-Range': `bytes */${size}` },
        });
      }
      status = 206;
    }
    const body = object.body.subarray(start, end + 1);
    const etag = fault?.kind === 'wrong-etag' ? md5Etag(Buffer.concat([object.body, Buffer.from('x')])) : object.etag;
    record.status = status;
    res.writeHead(status, {
      'Content-Type': object.contentType,
      'Content-Length': String(body.length),
      ETag: etag,
      'Last-Modified': object.lastModified.toUTCString(),
      'Accept-Ranges': 'bytes',
      'x-obs-request-id': requestId,
      ...encryptionHeaders(object.encryption),
      ...(status === 206 ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return 'sent';
    }
    if (fault?.kind === 'truncate') {
      const bytes = Math.min(fault.bytes ?? Math.floor(body.length / 2), body.length - 1);
      res.write(body.subarray(0, bytes), () => res.socket?.destroy());
      return 'sent';
    }
    if (fault?.kind === 'stall') {
      res.write(body.subarray(0, fault.bytes ?? 0));
      return 'sent';
    }
    if (fault?.kind === 'drip') {
      drip(res, body, fault.intervalMs);
      return 'sent';
    }
    res.end(body);
    return 'sent';
  }

  /** Writes `body` one byte every `intervalMs` (forever with `endless`), until the client goes away. */
  function drip(res: ServerResponse, body: Buffer, intervalMs: number, endless = false): void {
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed) {
        clearInterval(timer);
        return;
      }
      res.write(body.subarray(sent % body.length, (sent % body.length) + 1));
      sent++;
      if (!endless && sent >= body.length) {
        clearInterval(timer);
        res.end();
      }
    }, intervalMs);
    res.once('close', () => clearInterval(timer));
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Sent {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
    const rawQuery = queryStart === -1 ? '' : url.slice(queryStart + 1);
    const method = req.method ?? 'GET';
    const host = req.headers.host ?? '';
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const record: ObsRecordedRequest = {
      method,
      host,
      path: rawPath,
      query: rawQuery,
      headers,
      addressing: 'unknown',
      accepted: false,
    };
    requests.push(record);

    const target = targetOf(host, rawPath);
    if ('refused' in target) {
      return sendError(res, record, requestId, {
        status: 403,
        code: 'VirtualHostDomainRequired',
        message: target.refused,
      });
    }
    record.addressing = target.addressing;
    if (target.bucket === undefined) {
      return sendError(res, record, requestId, {
        status: 405,
        code: 'MethodNotAllowed',
        message: 'Listing buckets is not emulated',
      });
    }
    let key: string;
    try {
      key = decodeURIComponent(target.rawKey);
    } catch {
      return sendError(res, record, requestId, {
        status: 400,
        code: 'InvalidURI',
        message: 'Could not parse the specified URI.',
      });
    }
    record.bucket = target.bucket;
    record.key = key;

    const auth = verifyObsSignature(
      { method, headers: req.headers, bucket: target.bucket, rawKey: target.rawKey, rawQuery },
      keyFor,
      options.now(),
    );
    if (!auth.ok) return sendError(res, record, requestId, auth);
    record.accepted = true;
    record.accessKey = auth.accessKey;

    if (!buckets.has(target.bucket)) {
      return sendError(res, record, requestId, {
        status: 404,
        code: 'NoSuchBucket',
        message: 'The specified bucket does not exist',
      });
    }
    if (method === 'PUT' && key !== '')
      return putFromRequest(req, res, record, requestId, `${target.bucket}/${key}`, body);
    if (method !== 'GET' && method !== 'HEAD') {
      return sendError(res, record, requestId, {
        status: 405,
        code: 'MethodNotAllowed',
        message: `${method} is not emulated`,
      });
    }
    if (key === '') {
      if (method === 'HEAD') {
        record.status = 200;
        res.writeHead(200, { 'x-obs-request-id': requestId, 'Content-Length': '0' });
        res.end();
        return 'sent';
      }
      return listObjects(res, record, requestId, target.bucket, rawQuery);
    }

    const fault = method === 'GET' ? faults.shift() : undefined;
    if (fault !== undefined && fault.kind !== 'ok') record.fault = fault.kind;
    if (fault?.kind === 'error') {
      return sendError(res, record, requestId, { message: fault.code, ...fault });
    }
    if (fault?.kind === 'endless-error') {
      record.status = fault.status;
      res.writeHead(fault.status, { 'Content-Type': 'application/xml', 'x-obs-request-id': requestId });
      drip(res, Buffer.from(`${XML_HEAD}<Error><Code>ServiceUnavailable</Code><Message>`), fault.intervalMs, true);
      return 'sent';
    }
    const object = objects.get(`${target.bucket}/${key}`);
    if (object === undefined || fault?.kind === 'missing') {
      return sendError(res, record, requestId, {
        status: 404,
        code: 'NoSuchKey',
        message: 'The specified key does not exist.',
      });
    }
    return sendObject(req, res, record, requestId, object, fault);
  }

  /** PUT Object (uploading_an_object_put.rst): Content-Length, the 5 GB limit, Content-MD5, then stored. */
  function putFromRequest(
    req: IncomingMessage,
    res: ServerResponse,
    record: ObsRecordedRequest,
    requestId: string,
    path: string,
    body: Buffer,
  ): Sent {
    const declared = req.headers['content-length'];
    if (declared === undefined) {
      return sendError(res, record, requestId, {
        status: 411,
        code: 'MissingContentLength',
        message: 'You must provide the Content-Length HTTP header.',
      });
    }
    if (Number(declared) > MAX_PUT_BYTES) {
      return sendError(res, record, requestId, {
        status: 400,
        code: 'EntityTooLarge',
        message: 'Your proposed upload exceeds the maximum allowed object size.',
      });
    }
    const md5 = record.headers['content-md5'];
    if (md5 !== undefined) {
      const digest = Buffer.from(md5, 'base64');
      if (digest.length !== 16 || digest.toString('base64') !== md5.trim()) {
        return sendError(res, record, requestId, {
          status: 400,
          code: 'InvalidDigest',
          message: 'The Content-MD5 you specified was invalid.',
        });
      }
      if (!digest.equals(createHash('md5').update(body).digest())) {
        return sendError(res, record, requestId, {
          status: 400,
          code: 'BadDigest',
          message: 'The Content-MD5 you specified did not match what we received.',
        });
      }
    }
    const fault = faults.shift();
    if (fault !== undefined && fault.kind !== 'ok') record.fault = fault.kind;
    if (fault?.kind === 'error') return sendError(res, record, requestId, { message: fault.code, ...fault });
    if (fault?.kind === 'endless-error') {
      record.status = fault.status;
      res.writeHead(fault.status, { 'Content-Type': 'application/xml', 'x-obs-request-id': requestId });
      drip(res, Buffer.from(`${XML_HEAD}<Error><Code>ServiceUnavailable</Code><Message>`), fault.intervalMs, true);
      return 'sent';
    }
    // A bucket's default encryption applies to the new object, whose ETag is then not its MD5
    // (server-side_encryption_overview.rst); putObject does both.
    const stored = putObject(path, body, {
      contentType: req.headers['content-type'] ?? 'binary/octet-stream',
    });
    if (fault?.kind === 'hang') return 'sent';
    record.status = 200;
    res.writeHead(200, {
      ETag: fault?.kind === 'wrong-etag' ? md5Etag(Buffer.concat([body, Buffer.from('x')])) : stored.etag,
      'x-obs-request-id': requestId,
      'Content-Length': '0',
      ...encryptionHeaders(stored.encryption),
    });
    res.end();
    return 'sent';
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    // A scripted reset cuts the next object PUT off halfway through its body, before any answer.
    let resetAt: number | undefined;
    if (req.method === 'PUT' && faults[0]?.kind === 'reset') {
      faults.shift();
      resetAt = Math.floor(Number(req.headers['content-length'] ?? 0) / 2);
    }
    let received = 0;
    let cut = false;
    req.on('data', (chunk: Buffer) => {
      // Only a PUT's body is kept; the body of GET/HEAD is empty, and anything sent anyway is drained.
      if (req.method === 'PUT') chunks.push(chunk);
      received += chunk.length;
      if (resetAt !== undefined && received >= resetAt && !cut) {
        cut = true;
        requests.push({
          method: 'PUT',
          host: req.headers.host ?? '',
          path: (req.url ?? '/').split('?')[0] ?? '/',
          query: '',
          headers: {},
          addressing: 'unknown',
          accepted: false,
          fault: 'reset',
        });
        req.socket.destroy();
      }
    });
    req.once('end', () => {
      if (cut) return;
      try {
        handle(req, res, Buffer.concat(chunks));
      } catch {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    objects,
    bucketEncryption,
    putObject,
    encryption: bucketEncryption,
    addTemporaryKey(accessKey, key) {
      temporaryKeys.set(accessKey, key);
    },
    script(more) {
      faults.push(...more);
    },
    reset() {
      requests.length = 0;
      faults.length = 0;
      objects.clear();
      bucketEncryption.clear();
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
