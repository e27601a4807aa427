// Gateway-side verification of SDK-HMAC-SHA256 (AK/SK) signatures.
//
// Written independently from the algorithm in docs/dli-api.md §4a: the signature is recomputed from
// the request exactly as it was received (method, raw path, raw query, the headers named in
// SignedHeaders and the exact body bytes) and compared in constant time with the one sent.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const ALGORITHM = 'SDK-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

export type HeaderMap = Record<string, string | string[] | undefined>;

export interface ReceivedRequest {
  method: string;
  /** Path without the query, as received (still percent-encoded). */
  rawPath: string;
  /** Everything after '?', or ''. */
  rawQuery: string;
  /** Lower-case header names, as Node's IncomingMessage.headers gives them. */
  headers: HeaderMap;
  body: Buffer;
}

export type VerifyResult =
  | { ok: true; accessKey: string }
  | { ok: false; status: 401; code: 'APIGW.0301' | 'APIGW.0303'; message: string };

export interface ParsedAuthorization {
  accessKey: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION_PATTERN =
  /^SDK-HMAC-SHA256\s+Access=([^\s,]+),\s*SignedHeaders=([^\s,]+),\s*Signature=([0-9a-fA-F]+)$/;
const SDK_DATE_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const UNRESERVED = /[A-Za-z0-9\-_.~]/;

const IAM_PREFIX = 'Incorrect IAM authentication information';

function unauthorized(message: string): VerifyResult {
  return { ok: false, status: 401, code: 'APIGW.0301', message: `${IAM_PREFIX}: ${message}` };
}

function clockSkew(message: string): VerifyResult {
  return { ok: false, status: 401, code: 'APIGW.0303', message };
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacSha256Hex(key: string, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** Percent-encodes a decoded string over its UTF-8 bytes, keeping only A-Za-z0-9-_.~ as is. */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Decodes %XX escapes; throws URIError on a malformed escape. */
function percentDecode(value: string): string {
  return decodeURIComponent(value);
}

export function canonicalUri(rawPath: string): string {
  const uri = rawPath
    .split('/')
    .map((segment) => percentEncode(percentDecode(segment)))
    .join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/** Query parsed the way a form decoder does ('+' is a space), each key and value re-encoded and sorted. */
export function canonicalQuery(rawQuery: string): string {
  const pairs: Array<[string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? '' : part.slice(eq + 1);
    const decode = (text: string): string => percentDecode(text.replaceAll('+', ' '));
    pairs.push([percentEncode(decode(rawKey)), percentEncode(decode(rawValue))]);
  }
  pairs.sort(([ka, va], [kb, vb]) => compare(ka, kb) || compare(va, vb));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

export interface CanonicalInput {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: HeaderMap;
  body: Buffer;
  /** Lower-case header names to sign; they are sorted here. */
  signedHeaders: string[];
}

/** The canonical request of §4a.3. Throws URIError on a malformed percent escape. */
export function canonicalRequest(input: CanonicalInput): string {
  const names = [...input.signedHeaders].sort(compare);
  const headerBlock = names.map((name) => `${name}:${(headerValue(input.headers, name) ?? '').trim()}\n`).join('');
  const contentSha = headerValue(input.headers, 'x-sdk-content-sha256');
  const payloadHash = contentSha === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : sha256Hex(input.body);
  return [
    input.method.toUpperCase(),
    canonicalUri(input.rawPath),
    canonicalQuery(input.rawQuery),
    headerBlock,
    names.join(';'),
    payloadHash,
  ].join('\n');
}

export function stringToSign(sdkDate: string, canonical: string): string {
  return `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

/** Hex signature of a request, given the SK and the value of its X-Sdk-Date header. */
export function computeSignature(input: CanonicalInput, secretKey: string, sdkDate: string): string {
  return hmacSha256Hex(secretKey, stringToSign(sdkDate, canonicalRequest(input)));
}

export function parseAuthorization(value: string | undefined): ParsedAuthorization | undefined {
  const match = value === undefined ? null : AUTHORIZATION_PATTERN.exec(value.trim());
  if (match === null) return undefined;
  const [, accessKey = '', signedHeaders = '', signature = ''] = match;
  return { accessKey, signedHeaders: signedHeaders.split(';'), signature: signature.toLowerCase() };
}

/** Parses `YYYYMMDDTHHMMSSZ` strictly (the fields must form a real UTC date). */
export function parseSdkDate(value: string): Date | undefined {
  const match = SDK_DATE_PATTERN.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const roundTrip = date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return roundTrip === value ? date : undefined;
}

function constantTimeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function verifySignature(
  req: ReceivedRequest,
  secretFor: (accessKey: string) => string | undefined,
  now: Date,
  maxSkewMs: number = DEFAULT_MAX_SKEW_MS,
): VerifyResult {
  const authorization = headerValue(req.headers, 'authorization');
  if (authorization === undefined) return unauthorized('Authorization header missing');
  const auth = parseAuthorization(authorization);
  if (auth === undefined) return unauthorized('Authorization header format incorrect');

  const signed = auth.signedHeaders;
  if (signed.some((name) => name === '' || name !== name.toLowerCase())) {
    return unauthorized('SignedHeaders must be lower-case header names');
  }
  for (const required of ['host', 'x-sdk-date']) {
    if (!signed.includes(required)) return unauthorized(`SignedHeaders must include ${required}`);
  }
  const missing = signed.find((name) => headerValue(req.headers, name) === undefined);
  if (missing !== undefined) return unauthorized(`signed header ${missing} is missing`);

  const sdkDate = (headerValue(req.headers, 'x-sdk-date') ?? '').trim();
  const date = parseSdkDate(sdkDate);
  if (date === undefined) return clockSkew(`Incorrect X-Sdk-Date format: ${sdkDate}`);
  if (Math.abs(now.getTime() - date.getTime()) > maxSkewMs) {
    return clockSkew(`The request X-Sdk-Date ${sdkDate} is out of the allowed clock skew`);
  }

  const secretKey = secretFor(auth.accessKey);
  if (secretKey === undefined) return unauthorized(`ak ${auth.accessKey} not exist`);

  let expected: string;
  try {
    expected = computeSignature({ ...req, signedHeaders: signed }, secretKey, sdkDate);
  } catch {
    return unauthorized('malformed percent-encoding in the request URI');
  }
  if (!constantTimeEqualHex(expected, auth.signature)) {
    return unauthorized('verify aksk signature fail');
  }
  return { ok: true, accessKey: auth.accessKey };
}
