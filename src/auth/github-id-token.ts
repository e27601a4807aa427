/**
 * The GitHub Actions ID token, requested as `@actions/core`'s getIDToken does (GET ACTIONS_ID_TOKEN_REQUEST_URL
 * with `&audience=`, `Authorization: Bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answer `{"value": "<JWT>"}`), but
 * through our transport: a deadline per attempt, the usual retries, and a connection closed with the step.
 *
 * Why not `core.getIDToken` (@actions/core 3.0): it takes no timeout and no AbortSignal, and sends through its own
 * `@actions/http-client` client (allowRetries, maxRetries 10), which repeats a GET answered 502, 503 or 504 up to
 * 10 times with its own backoff and lets each attempt idle for http-client's default socket timeout of 3 minutes;
 * the step's time bound (action/deadline.ts) could not hold around it.
 */

import { ActionError, serviceError } from '../http/errors.ts';
import type { HttpRequest, Transport } from '../http/transport.ts';
import type { Env } from '../util/env.ts';

export const ID_TOKEN_PERMISSION_YAML = 'permissions:\n  id-token: write\n  contents: read';

const PERMISSION_HINT = 'check the `oidc-audience` input and that the job has `permissions: id-token: write`';

/** The request, or an ActionError when the job may not request an ID token. */
export function idTokenRequest(env: Env, audience: string | undefined): HttpRequest {
  const base = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!base || !requestToken) {
    throw new ActionError(
      'Keyless (OpenID Connect) authentication needs a GitHub ID token, but this job may not request one (ACTIONS_ID_TOKEN_REQUEST_URL is not set)',
      { hint: `give the job the id-token permission, in the workflow or the job:\n${ID_TOKEN_PERMISSION_YAML}` },
    );
  }
  let url: URL;
  try {
    // As @actions/core: the audience is appended to the URL the runner gives (which already has a query).
    url = new URL(audience ? `${base}&audience=${encodeURIComponent(audience)}` : base);
  } catch {
    throw new ActionError('Could not get the GitHub ID token: ACTIONS_ID_TOKEN_REQUEST_URL is not a URL', {
      hint: PERMISSION_HINT,
    });
  }
  return {
    operation: 'GitHub ID token',
    method: 'GET',
    url,
    headers: { Accept: 'application/json', Authorization: `Bearer ${requestToken}` },
    idempotent: true,
  };
}

/** Requests the ID token and masks it (and the request token) at once. */
export async function githubIdToken(
  transport: Transport,
  env: Env,
  audience: string | undefined,
  mask: (secret: string) => void,
): Promise<string> {
  const request = idTokenRequest(env, audience);
  if (env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) mask(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  const response = await transport.send(request);
  if (response.status !== 200) throw serviceError('Could not get the GitHub ID token', response, PERMISSION_HINT);
  let value: unknown;
  try {
    value = (JSON.parse(response.body) as { value?: unknown } | null)?.value;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string' || value === '') {
    throw new ActionError(
      `Could not get the GitHub ID token: HTTP ${response.status} without a token ("value") in the answer`,
      { requestId: response.requestId, hint: PERMISSION_HINT },
    );
  }
  mask(value);
  return value;
}
