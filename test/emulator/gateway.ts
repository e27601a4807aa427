// The API gateway in front of DLI: API routing and authentication (AK/SK signature or IAM token).

import type { GithubReleaseOperation } from './github-releases.ts';
import { headerValue, type ReceivedRequest, verifySignature } from './signature.ts';

/** The DLI APIs behind the gateway. */
export type DliOperation = 'export' | 'import' | 'list';
/** Every route the emulator serves: DLI, IAM's token APIs and the GitHub ID-token stand-in. */
export type Operation =
  | DliOperation
  | 'iam-password'
  | 'iam-oidc'
  | 'iam-securitytoken'
  | 'github-id-token'
  | GithubReleaseOperation;

export interface Route {
  operation: DliOperation;
  /** Project ID from the path, percent-decoded. */
  projectId: string;
}

const JOBS_PATH = /^\/v1\.0\/([^/]+)\/streaming\/jobs(\/export|\/import)?$/;

/** The published API a request targets (method and raw path), whatever its project. */
export function matchRoute(method: string, rawPath: string): Route | undefined {
  const match = JOBS_PATH.exec(rawPath);
  if (match === null) return undefined;
  const projectId = safeDecode(match[1] ?? '');
  if (match[2] !== undefined) {
    return method === 'POST' ? { operation: match[2] === '/import' ? 'import' : 'export', projectId } : undefined;
  }
  return method === 'GET' ? { operation: 'list', projectId } : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export interface GatewayError {
  status: number;
  code: string;
  message: string;
}

export const API_NOT_FOUND: GatewayError = {
  status: 404,
  code: 'APIGW.0101',
  message: 'The API does not exist or has not been published in the environment',
};

/** What the gateway knows of a token the emulated IAM issued. */
export interface TokenScope {
  /** undefined for an unscoped token. */
  projectId: string | undefined;
  expiresAt: Date;
  subject: string;
}

export interface AuthSettings {
  credentials: Readonly<Record<string, string>>;
  /** Tokens accepted for any project, whatever IAM issued. */
  acceptedTokens: ReadonlySet<string>;
  /** A token the emulated IAM issued, or undefined. */
  issuedToken?: (token: string) => TokenScope | undefined;
  now: () => Date;
}

export type AuthResult = { ok: true; principal: string } | ({ ok: false } & GatewayError);

export const TOKEN_REJECTED: GatewayError = {
  status: 401,
  code: 'APIGW.0301',
  message: 'Incorrect IAM authentication information: token verification failed',
};

export const TOKEN_EXPIRED: GatewayError = {
  status: 401,
  code: 'APIGW.0307',
  message: 'The token must be updated',
};

/**
 * An X-Auth-Token request is checked as a token (no signature): one of `acceptedTokens`, or one the emulated IAM
 * issued for `projectId` (the project in the path) and not yet expired. Any other request must be AK/SK-signed.
 */
export function authenticate(req: ReceivedRequest, settings: AuthSettings, projectId: string): AuthResult {
  const token = headerValue(req.headers, 'x-auth-token');
  if (token !== undefined) {
    if (settings.acceptedTokens.has(token)) return { ok: true, principal: 'token' };
    const issued = settings.issuedToken?.(token);
    if (issued === undefined || issued.projectId !== projectId) return { ok: false, ...TOKEN_REJECTED };
    if (issued.expiresAt.getTime() <= settings.now().getTime()) return { ok: false, ...TOKEN_EXPIRED };
    return { ok: true, principal: `token:${issued.subject}` };
  }
  const secretFor = (accessKey: string): string | undefined =>
    Object.hasOwn(settings.credentials, accessKey) ? settings.credentials[accessKey] : undefined;
  const result = verifySignature(req, secretFor, settings.now());
  return result.ok ? { ok: true, principal: result.accessKey } : result;
}
