/**
 * OBS's own header signature (docs: "Authentication of Signature in a Header"):
 * `Authorization: OBS {AK}:Base64(HMAC-SHA1(SK, StringToSign))`. Pure: no clock, no I/O.
 *
 * StringToSign = Verb \n Content-MD5 \n Content-Type \n Date \n CanonicalizedHeaders CanonicalizedResource, where
 * the Date line is empty when `x-obs-date` is sent, CanonicalizedHeaders are the `x-obs-*` headers (lower-case
 * names, sorted, values trimmed, `name:value\n` each) and CanonicalizedResource is `/bucket/key` with the key
 * URI-encoded as the official OBS SDK sends it, plus the sub-resources of the query.
 */
import { createHmac } from 'node:crypto';

export interface ObsCredentials {
  accessKey: string;
  secretKey: string;
  /** For temporary access keys: sent (and signed) as `x-obs-security-token`. */
  securityToken?: string;
}

/** Query parameters that are part of the signed resource; every other parameter (prefix, marker...) is not. */
export const SUB_RESOURCES: ReadonlySet<string> = new Set([
  'CDNNotifyConfiguration',
  'acl',
  'attname',
  'cors',
  'customdomain',
  'delete',
  'deletebucket',
  'encryption',
  'inventory',
  'length',
  'lifecycle',
  'location',
  'logging',
  'metadata',
  'mirrorBackToSource',
  'modify',
  'name',
  'notification',
  'obscompresspolicy',
  'object-lock',
  'partNumber',
  'policy',
  'position',
  'quota',
  'rename',
  'replication',
  'requestPayment',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'restore',
  'retention',
  'storageClass',
  'storagePolicy',
  'storageinfo',
  'tagging',
  'torrent',
  'truncate',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'website',
  'x-obs-security-token',
]);

/**
 * An object key as the OBS SDK puts it in the URL and the signature: each character percent-encoded as
 * encodeURIComponent does, `/` kept, and `!*'()` escaped too. Only A-Z a-z 0-9 - _ . ~ and / stay as they are.
 */
export function encodeObjectKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

/** `/bucket/encodedKey` (or `/bucket/` for the bucket), plus sorted sub-resources (`key` or `key=value`, `&`-joined). */
export function canonicalResource(bucket: string, encodedKey: string, query?: URLSearchParams): string {
  const resource = `/${bucket}/${encodedKey}`;
  const subResources = [...(query ?? [])]
    .filter(([name]) => SUB_RESOURCES.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`));
  return subResources.length === 0 ? resource : `${resource}?${subResources.join('&')}`;
}

/** The `x-obs-*` headers, lower-case, sorted, values trimmed, each `name:value\n`. */
export function canonicalHeaders(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim()] as const)
    .filter(([name]) => name.startsWith('x-obs-'))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}:${value}\n`)
    .join('');
}

export interface SignableObsRequest {
  method: string;
  headers: Readonly<Record<string, string>>;
  /** From canonicalResource(). */
  resource: string;
}

export function stringToSign(request: SignableObsRequest): string {
  const header = (wanted: string) =>
    Object.entries(request.headers).find(([name]) => name.toLowerCase() === wanted)?.[1] ?? '';
  const hasObsDate = Object.keys(request.headers).some((name) => name.toLowerCase() === 'x-obs-date');
  const date = hasObsDate ? '' : header('date');
  return [
    request.method.toUpperCase(),
    header('content-md5'),
    header('content-type'),
    `${date}\n${canonicalHeaders(request.headers)}${request.resource}`,
  ].join('\n');
}

/** Base64(HMAC-SHA1(SK, UTF-8(StringToSign))). */
export function signString(secretKey: string, text: string): string {
  return createHmac('sha1', secretKey).update(text, 'utf8').digest('base64');
}

/**
 * The headers an OBS request needs: `x-obs-date` (RFC 1123), `x-obs-security-token` for temporary keys, and
 * `Authorization: OBS AK:signature` over them. `headers` are the request's other headers, also signed where OBS
 * signs them.
 */
export function obsAuthHeaders(
  method: string,
  headers: Readonly<Record<string, string>>,
  resource: string,
  credentials: ObsCredentials,
  now: Date,
): Record<string, string> {
  const signed: Record<string, string> = { ...headers, 'x-obs-date': now.toUTCString() };
  if (credentials.securityToken) signed['x-obs-security-token'] = credentials.securityToken;
  const signature = signString(credentials.secretKey, stringToSign({ method, headers: signed, resource }));
  return { ...signed, Authorization: `OBS ${credentials.accessKey}:${signature}` };
}
