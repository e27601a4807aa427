/**
 * Authorizes a request with an access key: sets the headers the gateway expects, then signs them.
 * Called once per attempt, so every attempt carries a fresh X-Sdk-Date.
 */

import type { HttpRequest } from '../http/transport.ts';
import type { AuthPlan } from './modes.ts';
import { formatSdkDate, signRequest } from './signer.ts';

export function signWithAccessKey(
  request: HttpRequest,
  credentials: Extract<AuthPlan, { mode: 'access-key' }>,
  now: Date,
): HttpRequest {
  const headers: Record<string, string> = {
    ...request.headers,
    Host: request.url.host,
    'X-Sdk-Date': formatSdkDate(now),
  };
  if (credentials.securityToken) headers['X-Security-Token'] = credentials.securityToken;
  const { authorization } = signRequest(
    {
      method: request.method,
      url: request.url,
      headers,
      body: request.body ?? '',
    },
    credentials,
  );
  return { ...request, headers: { ...headers, Authorization: authorization } };
}
