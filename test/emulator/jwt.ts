// Compact RS256 JSON Web Tokens (RFC 7515/7519) with node:crypto only: what the GitHub ID-token stand-in
// signs and what the emulated IAM verifies.

import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

export type JwtClaims = Record<string, unknown>;

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: JwtClaims;
  /** `base64url(header).base64url(payload)`, the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeObject(segment: string): Record<string, unknown> | undefined {
  if (segment === '' || !BASE64URL.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Signs `claims` as a compact RS256 JWT; `header` is merged over `{alg: 'RS256', typ: 'JWT'}`. */
export function signJwt(claims: JwtClaims, privateKey: KeyObject, header: Record<string, unknown> = {}): string {
  const signingInput = `${encodeSegment({ alg: 'RS256', typ: 'JWT', ...header })}.${encodeSegment(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput, 'utf8'), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Splits and decodes a compact JWT without checking its signature; undefined when malformed. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = decodeObject(headerPart);
  const claims = decodeObject(payloadPart);
  if (header === undefined || claims === undefined || !BASE64URL.test(signaturePart)) return undefined;
  return {
    header,
    claims,
    signingInput: `${headerPart}.${payloadPart}`,
    signature: Buffer.from(signaturePart, 'base64url'),
  };
}

/** True when the RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signature of `jwt` verifies with `publicKey`. */
export function verifyRs256(jwt: DecodedJwt, publicKey: KeyObject | string): boolean {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  try {
    return verify('sha256', Buffer.from(jwt.signingInput, 'utf8'), key, jwt.signature);
  } catch {
    return false;
  }
}
