// The API gateway in front of DLI: API routing and authentication (AK/SK signature or IAM token).

import { headerValue, type ReceivedRequest, verifySignature } from './signature.ts';

export type Operation = 'export' | 'list';

export interface Route {
  operation: Operation;
  /** Project ID from the path, percent-decoded. */
  projectId: string;
}

const JOBS_PATH = /^\/v1\.0\/([^/]+)\/streaming\/jobs(\/export)?$/;

/** The published API a request targets (method and raw path), whatever its project. */
export function matchRoute(method: string, rawPath: string): Route | undefined {
  const match = JOBS_PATH.exec(rawPath);
  if (match === null) return undefined;
  const projectId = safeDecode(match[1] ?? '');
  if (match[2] !== undefined) return method === 'POST' ? { operation: 'export', projectId } : undefined;
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

export interface AuthSettings {
  credentials: Readonly<Record<string, string>>;
  acceptedTokens: ReadonlySet<string>;
  now: () => Date;
}

export type AuthResult = { ok: true; principal: string } | ({ ok: false } & GatewayError);

/** An X-Auth-Token request is checked as a token (no signature); any other request must be AK/SK-signed. */
export function authenticate(req: ReceivedRequest, settings: AuthSettings): AuthResult {
  const token = headerValue(req.headers, 'x-auth-token');
  if (token !== undefined) {
    return settings.acceptedTokens.has(token)
      ? { ok: true, principal: 'token' }
      : {
          ok: false,
          status: 401,
          code: 'APIGW.0301',
          message: 'Incorrect IAM authentication information: token verification failed',
        };
  }
  const secretFor = (accessKey: string): string | undefined =>
    Object.hasOwn(settings.credentials, accessKey) ? settings.credentials[accessKey] : undefined;
  const result = verifySignature(req, secretFor, settings.now());
  return result.ok ? { ok: true, principal: result.accessKey } : result;
}
