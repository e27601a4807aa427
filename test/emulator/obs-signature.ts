// OBS-side verification of the header signature `Authorization: OBS AK:Base64(HMAC-SHA1(SK, StringToSign))`.
//
// Written independently of the action's signer, from OBS's documentation ("Authentication of Signature in a
// Header"): the string to sign is rebuilt from the request exactly as received — method, Content-MD5,
// Content-Type, Date (empty when x-obs-date is sent), the x-obs-* headers, and the resource /bucket/ plus the raw
// (still percent-encoded) object path and the signed sub-resources — then compared in constant time.

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HeaderMap } from './signature.ts';

export const MAX_OBS_SKEW_MS = 15 * 60 * 1000;

const SIGNED_SUB_RESOURCES = new Set(
  (
    'CDNNotifyConfiguration acl attname cors customdomain delete deletebucket encryption inventory length lifecycle ' +
    'location logging metadata mirrorBackToSource modify name notification obscompresspolicy partNumber policy ' +
    'position quota rename replication requestPayment response-cache-control response-content-disposition ' +
    'response-content-encoding response-content-language response-content-type response-expires restore ' +
    'storageClass storagePolicy storageinfo tagging torrent truncate uploadId uploads versionId versioning versions ' +
    'website x-obs-security-token object-lock retention'
  ).split(' '),
);

export interface ObsSignedRequest {
  method: string;
  headers: HeaderMap;
  bucket: string;
  /** The object path as received, without the leading '/' and still percent-encoded; '' for the bucket. */
  rawKey: string;
  /** Everything after '?', or ''. */
  rawQuery: string;
}

function header(headers: HeaderMap, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value.join(',') : value) ?? '';
}

/** The documented string to sign. */
export function obsStringToSign(req: ObsSignedRequest): string {
  const obsHeaders = Object.keys(req.headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name.startsWith('x-obs-'))
    .sort();
  const date = obsHeaders.includes('x-obs-date') ? '' : header(req.headers, 'date');
  const lines = [req.method, header(req.headers, 'content-md5'), header(req.headers, 'content-type'), date];
  const canonicalHeaders = obsHeaders.map((name) => {
    const raw = req.headers[name];
    const values = (Array.isArray(raw) ? raw : [raw ?? '']).map((value) => value.trim());
    return `${name}:${values.join(',')}\n`;
  });
  const subResources: string[] = [];
  for (const part of req.rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeURIComponent(eq === -1 ? part : part.slice(0, eq));
    if (!SIGNED_SUB_RESOURCES.has(name)) continue;
    const value = eq === -1 ? '' : decodeURIComponent(part.slice(eq + 1));
    subResources.push(value === '' ? name : `${name}=${value}`);
  }
  subResources.sort();
  const resource = `/${req.bucket}/${req.rawKey}${subResources.length > 0 ? `?${subResources.join('&')}` : ''}`;
  return `${lines.join('\n')}\n${canonicalHeaders.join('')}${resource}`;
}

export function obsSign(secretKey: string, stringToSign: string): string {
  return createHmac('sha1', Buffer.from(secretKey, 'utf8')).update(Buffer.from(stringToSign, 'utf8')).digest('base64');
}

export interface ObsKey {
  secretKey: string;
  /** Temporary keys: the x-obs-security-token that must come with them. */
  securityToken?: string;
  expiresAt?: Date;
}

export type ObsAuthResult = { ok: true; accessKey: string } | { ok: false; status: 403; code: string; message: string };

const denied = (code: string, message: string): ObsAuthResult => ({ ok: false, status: 403, code, message });

/** Checks a request's OBS signature, clock and (for temporary keys) security token. */
export function verifyObsSignature(
  req: ObsSignedRequest,
  keyFor: (accessKey: string) => ObsKey | undefined,
  now: Date,
): ObsAuthResult {
  const authorization = header(req.headers, 'authorization');
  if (authorization === '') return denied('AccessDenied', 'Access Denied (anonymous access to a private bucket)');
  const match = /^OBS ([^:\s]+):(\S+)$/.exec(authorization.trim());
  if (match === null) return denied('AccessDenied', 'Authorization header is not of the form OBS AK:Signature');
  const [, accessKey = '', signature = ''] = match;

  const dateText = header(req.headers, 'x-obs-date') || header(req.headers, 'date');
  const date = Date.parse(dateText);
  if (dateText === '' || Number.isNaN(date)) return denied('AccessDenied', 'Neither a valid Date nor x-obs-date');
  if (Math.abs(now.getTime() - date) > MAX_OBS_SKEW_MS) {
    return denied('RequestTimeTooSkewed', 'The difference between the request time and the server time is too large.');
  }

  const key = keyFor(accessKey);
  if (key === undefined) {
    return denied('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  if (key.securityToken !== undefined) {
    const token = header(req.headers, 'x-obs-security-token');
    if (token === '') return denied('InvalidAccessKeyId', 'A temporary access key needs its x-obs-security-token.');
    if (token !== key.securityToken)
      return denied('InvalidToken', 'The provided security token is malformed or otherwise invalid.');
    if (key.expiresAt !== undefined && key.expiresAt.getTime() <= now.getTime()) {
      return denied('InvalidToken', 'The provided security token has expired.');
    }
  }

  let expected: string;
  try {
    expected = obsSign(key.secretKey, obsStringToSign(req));
  } catch {
    return denied('SignatureDoesNotMatch', 'Malformed percent-encoding in the query.');
  }
  const left = Buffer.from(expected);
  const right = Buffer.from(signature);
  if (left.length !== right.length || !timingSafeEqual(left, right)) {
    return denied(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
  return { ok: true, accessKey };
}
