/**
 * IAM token calls: password and OpenID Connect federation, project-scoped for DLI (docs/dli-api.md §4b).
 * The token is in the X-Subject-Token response header; it authorizes DLI calls as X-Auth-Token.
 *
 * Federation also gives an unscoped token: the same call without `scope` ("Obtaining a Token with an OpenID
 * Connect ID Token": "An unscoped token will be obtained if this parameter is not specified"). Huawei Cloud issues
 * temporary access keys to a federated user only for an unscoped token ("Obtaining Temporary Access Keys and
 * Security Tokens of a Federated User", iam_04_0003); OTC takes "user token, agency token, and federated token"
 * ("Obtaining a Temporary AK/SK"), so the unscoped one serves both clouds (docs/obs-api.md §6).
 */
import { hintFor } from '../cloud/hints.ts';
import { ActionError, serviceError } from '../http/errors.ts';
import type { HttpResponse, Transport } from '../http/transport.ts';

export interface PasswordLogin {
  username: string;
  password: string;
  domainName: string;
}

export function passwordTokenRequest(iamEndpoint: URL, login: PasswordLogin, projectId: string) {
  const body = {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: login.username, password: login.password, domain: { name: login.domainName } } },
      },
      scope: { project: { id: projectId } },
    },
  };
  return {
    operation: 'IAM password authentication',
    method: 'POST' as const,
    url: new URL('/v3/auth/tokens', iamEndpoint),
    headers: { 'Content-Type': 'application/json;charset=utf8' },
    body: JSON.stringify(body),
    // A token request changes nothing: asking again only issues another token.
    idempotent: true,
  };
}

/** Scoped to the project when `projectId` is given (for DLI); without it, the federation's unscoped token. */
export function oidcTokenRequest(
  iamEndpoint: URL,
  identityProvider: string,
  idToken: string,
  projectId: string | undefined,
) {
  const scope = projectId === undefined ? {} : { scope: { project: { id: projectId } } };
  return {
    operation:
      projectId === undefined
        ? 'IAM OpenID Connect authentication (unscoped token, for temporary access keys)'
        : 'IAM OpenID Connect authentication',
    method: 'POST' as const,
    url: new URL('/v3.0/OS-AUTH/id-token/tokens', iamEndpoint),
    headers: { 'Content-Type': 'application/json;charset=utf8', 'X-Idp-Id': identityProvider },
    body: JSON.stringify({ auth: { id_token: { id: idToken }, ...scope } }),
    idempotent: true,
  };
}

export async function passwordToken(
  transport: Transport,
  iamEndpoint: URL,
  login: PasswordLogin,
  projectId: string,
): Promise<string> {
  const response = await transport.send(passwordTokenRequest(iamEndpoint, login, projectId));
  return subjectToken(response, 'password');
}

export async function oidcToken(
  transport: Transport,
  iamEndpoint: URL,
  identityProvider: string,
  idToken: string,
  projectId: string | undefined,
): Promise<string> {
  const response = await transport.send(oidcTokenRequest(iamEndpoint, identityProvider, idToken, projectId));
  return subjectToken(response, projectId === undefined ? 'oidc-unscoped' : 'oidc');
}

type Flow = 'password' | 'oidc' | 'oidc-unscoped';

const FAILED: Record<Flow, string> = {
  password: 'IAM password authentication failed',
  oidc: 'IAM OpenID Connect authentication failed',
  'oidc-unscoped': 'IAM OpenID Connect authentication for an unscoped token (for temporary OBS keys) failed',
};

function subjectToken(response: HttpResponse, flow: Flow): string {
  if (response.status !== 201 && response.status !== 200) {
    throw serviceError(FAILED[flow], response, iamHint(flow, response.status) ?? hintFor);
  }
  const token = response.headers['x-subject-token'];
  if (!token) {
    throw new ActionError(`${FAILED[flow]}: IAM answered HTTP ${response.status} without an X-Subject-Token header`, {
      requestId: response.requestId,
      hint: 'check that `iam-endpoint` points at IAM, not at a proxy or another service',
    });
  }
  return token;
}

/** The common causes, by flow and status (both OpenID Connect calls share theirs). */
export function iamHint(flow: Flow, status: number): string | undefined {
  if (flow === 'password') {
    if (status === 401) {
      return '`username` is the IAM user name and `domain-name` the account (domain) name, both on the console page My Credentials; check the password, and note that users who sign in through federation have no IAM password';
    }
    if (status === 403)
      return 'the user may not obtain a token for this project: check the project ID and any IAM login protection or access restriction';
    if (status === 404) return 'check `project-id` and `iam-endpoint`/`region`: the project must belong to the account';
  } else {
    if (status === 401) {
      return "IAM rejected the GitHub ID token: the identity provider must have issuer https://token.actions.githubusercontent.com and a client ID equal to `oidc-audience` (GitHub's default audience is https://github.com/OWNER)";
    }
    if (status === 403)
      return "no mapping rule of the identity provider matched this workflow's token (check the rules' conditions, e.g. on `repository` or `sub`), or the mapped user group lacks permissions in this project";
    if (status === 404)
      return "check `identity-provider`: it is the identity provider's ID (IAM console → Identity Providers), and the provider must use the OpenID Connect protocol";
  }
  return undefined;
}
