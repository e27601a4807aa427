/**
 * Turns the chosen authentication mode into a function that authorizes each DLI request: an AK/SK signature, or
 * an IAM token in X-Auth-Token (supplied, or obtained from IAM by password or by GitHub's OpenID Connect token).
 */

import type { Env } from '../env.ts';
import { ActionError } from '../http/errors.ts';
import type { Authorize, Transport } from '../http/transport.ts';
import { signWithAccessKey } from './access-key.ts';
import { AUTH_MODES, type AuthPlan } from './modes.ts';

export interface AuthDeps {
  transport: Transport;
  env: Env;
  now: () => Date;
  /** Masks a secret in the runner's log (core.setSecret). */
  mask: (secret: string) => void;
  /** Requests the GitHub Actions ID token (core.getIDToken). */
  getIdToken: (audience?: string) => Promise<string>;
  /** Bounds the ID-token request, which has no deadline of its own. */
  timeoutMs: number;
}

export const ID_TOKEN_PERMISSION_YAML = 'permissions:\n  id-token: write\n  contents: read';

export async function createAuthorizer(auth: AuthPlan, projectId: string, deps: AuthDeps): Promise<Authorize> {
  switch (auth.mode) {
    case 'access-key':
      return (request) => signWithAccessKey(request, auth, deps.now());
    case 'auth-token':
      return withToken(auth.token);
    case 'password': {
      const { passwordToken } = await import('./iam.ts');
      const token = await passwordToken(deps.transport, auth.iamEndpoint, auth, projectId);
      deps.mask(token);
      return withToken(token);
    }
    case 'oidc': {
      const idToken = await githubIdToken(auth.audience, deps);
      const { oidcToken } = await import('./iam.ts');
      const token = await oidcToken(deps.transport, auth.iamEndpoint, auth.identityProvider, idToken, projectId);
      deps.mask(token);
      return withToken(token);
    }
  }
}

/** Which mode and where from; never a secret. */
export function describeAuth(auth: AuthPlan): string {
  const from = `from ${auth.source}`;
  switch (auth.mode) {
    case 'access-key':
      return `${AUTH_MODES[auth.mode].name} ${auth.accessKey} ${from}${auth.securityToken ? ', with a security token (temporary keys)' : ''}`;
    case 'auth-token':
      return `${AUTH_MODES[auth.mode].name} ${from}`;
    case 'password':
      return `${AUTH_MODES[auth.mode].name} of user ${auth.username} in domain ${auth.domainName} ${from}, via IAM ${auth.iamEndpoint.origin}`;
    case 'oidc':
      return `${AUTH_MODES[auth.mode].name}: GitHub ID token exchanged at identity provider ${auth.identityProvider} (${from}), via IAM ${auth.iamEndpoint.origin}`;
  }
}

/** For a dry run: nothing is requested from IAM, so token modes show where the token would come from. */
export function dryRunAuthorizer(auth: AuthPlan, now: () => Date): Authorize {
  if (auth.mode === 'access-key') return (request) => signWithAccessKey(request, auth, now());
  return withToken(`<${AUTH_MODES[auth.mode].name} token>`);
}

function withToken(token: string): Authorize {
  return (request) => ({ ...request, headers: { ...request.headers, 'X-Auth-Token': token } });
}

async function githubIdToken(audience: string | undefined, deps: AuthDeps): Promise<string> {
  if (!deps.env.ACTIONS_ID_TOKEN_REQUEST_URL || !deps.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new ActionError(
      'Keyless (OpenID Connect) authentication needs a GitHub ID token, but this job may not request one (ACTIONS_ID_TOKEN_REQUEST_URL is not set)',
      { hint: `give the job the id-token permission, in the workflow or the job:\n${ID_TOKEN_PERMISSION_YAML}` },
    );
  }
  try {
    const token = await withDeadline(
      deps.getIdToken(audience),
      deps.timeoutMs,
      'the GitHub ID-token service did not answer',
    );
    deps.mask(token);
    return token;
  } catch (error) {
    throw new ActionError('Could not get the GitHub ID token', {
      serviceMessage: (error as Error).message,
      hint: 'check the `oidc-audience` input and that the job has `permissions: id-token: write`',
      cause: error,
    });
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
