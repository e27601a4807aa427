/**
 * Turns the chosen authentication mode into a function that authorizes each DLI request: an AK/SK signature, or
 * an IAM token in X-Auth-Token (supplied, or obtained from IAM by password or by GitHub's OpenID Connect token).
 */

import type { Authorize, Transport } from '../http/transport.ts';
import type { Env } from '../util/env.ts';
import { signWithAccessKey } from './access-key.ts';
import { githubIdToken } from './github-id-token.ts';
import { AUTH_MODES, type AuthPlan } from './modes.ts';

export interface AuthDeps {
  transport: Transport;
  env: Env;
  now: () => Date;
  /** Masks a secret in the runner's log (core.setSecret). */
  mask: (secret: string) => void;
}

/** What authentication gives a run: DLI's authorizer, and the IAM token for temporary OBS keys when asked for. */
export interface Access {
  /** Authorizes each DLI request (an AK/SK signature, or X-Auth-Token with the project-scoped token). */
  authorize: Authorize;
  /**
   * The IAM token that obtains temporary access keys for OBS (`POST /v3.0/OS-CREDENTIAL/securitytokens`): the
   * user's or the supplied token, and for a federated user the federation's **unscoped** token, the one Huawei
   * Cloud's "Obtaining Temporary Access Keys and Security Tokens of a Federated User" takes. Set only in token modes
   * and when OBS access was asked for.
   */
  temporaryKeyToken?: string;
}

export interface AccessNeeds {
  /** OBS will be called (downloads), so token modes also need a token for temporary keys. */
  obs: boolean;
}

export async function authenticate(
  auth: AuthPlan,
  projectId: string,
  deps: AuthDeps,
  needs: AccessNeeds = { obs: false },
): Promise<Access> {
  switch (auth.mode) {
    case 'access-key':
      return { authorize: (request) => signWithAccessKey(request, auth, deps.now()) };
    case 'auth-token':
      return { authorize: withToken(auth.token), temporaryKeyToken: needs.obs ? auth.token : undefined };
    case 'password': {
      const { passwordToken } = await import('./iam.ts');
      const token = await passwordToken(deps.transport, auth.iamEndpoint, auth, projectId);
      deps.mask(token);
      return { authorize: withToken(token), temporaryKeyToken: needs.obs ? token : undefined };
    }
    case 'oidc': {
      const idToken = await githubIdToken(deps.transport, deps.env, auth.audience, deps.mask);
      const { oidcToken } = await import('./iam.ts');
      const token = await oidcToken(deps.transport, auth.iamEndpoint, auth.identityProvider, idToken, projectId);
      deps.mask(token);
      if (!needs.obs) return { authorize: withToken(token) };
      // The same ID token, still fresh, for the federation's unscoped token: the one temporary keys are issued for.
      const unscoped = await oidcToken(deps.transport, auth.iamEndpoint, auth.identityProvider, idToken, undefined);
      deps.mask(unscoped);
      return { authorize: withToken(token), temporaryKeyToken: unscoped };
    }
  }
}

/** DLI's authorizer alone, for runs that do not call OBS. */
export async function createAuthorizer(auth: AuthPlan, projectId: string, deps: AuthDeps): Promise<Authorize> {
  return (await authenticate(auth, projectId, deps)).authorize;
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
