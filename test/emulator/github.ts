// A stand-in for GitHub Actions' ID-token service, the protocol `@actions/core` `getIDToken(audience)` speaks:
// GET {ACTIONS_ID_TOKEN_REQUEST_URL}[&audience=...] with `Authorization: Bearer {ACTIONS_ID_TOKEN_REQUEST_TOKEN}`
// answers {"value": "<RS256 JWT>"}.

import { type KeyObject, randomUUID } from 'node:crypto';
import { type JwtClaims, signJwt } from './jwt.ts';
import { type HeaderMap, headerValue } from './signature.ts';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const GITHUB_ID_TOKEN_PATH = '/_github/id-token';
export const GITHUB_KEY_ID = 'emulator';
/** Lifetime of an ID token, as GitHub issues them. */
export const ID_TOKEN_LIFETIME_S = 5 * 60;

/** The claims of a push to main of octo-org/octo-repo (iss, aud, iat, nbf, exp and jti are added per token). */
export const DEFAULT_GITHUB_CLAIMS: Readonly<JwtClaims> = {
  sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
  repository: 'octo-org/octo-repo',
  repository_owner: 'octo-org',
  repository_id: '74',
  repository_owner_id: '65',
  repository_visibility: 'private',
  ref: 'refs/heads/main',
  ref_type: 'branch',
  sha: 'e7a5e3d8f3c1b2a49d6c0f1e2d3c4b5a69788796',
  workflow: 'Export Flink jobs',
  workflow_ref: 'octo-org/octo-repo/.github/workflows/export.yml@refs/heads/main',
  job_workflow_ref: 'octo-org/octo-repo/.github/workflows/export.yml@refs/heads/main',
  event_name: 'push',
  actor: 'octocat',
  actor_id: '1',
  run_id: '1000000001',
  run_number: '7',
  run_attempt: '1',
  runner_environment: 'github-hosted',
};

export interface GithubState {
  privateKey: KeyObject;
  /** The value ACTIONS_ID_TOKEN_REQUEST_TOKEN carries. */
  requestToken: string;
  /** Option githubClaims: overrides or extends every other claim (aud and exp included). */
  claims: Readonly<JwtClaims>;
  now: () => Date;
  issuedIdTokens: string[];
}

export interface GithubResponse {
  status: number;
  body: unknown;
  /** The request token was valid (an ID token was issued). */
  accepted: boolean;
}

export function matchGithubRoute(method: string, rawPath: string): 'github-id-token' | undefined {
  return method === 'GET' && rawPath === GITHUB_ID_TOKEN_PATH ? 'github-id-token' : undefined;
}

/** The claims of a new ID token: defaults, then iss/aud/times, then the githubClaims option, then `extra`. */
export function idTokenClaims(state: GithubState, audience: string | undefined, extra: JwtClaims = {}): JwtClaims {
  const iat = Math.floor(state.now().getTime() / 1000);
  const owner = String(state.claims.repository_owner ?? DEFAULT_GITHUB_CLAIMS.repository_owner);
  return {
    ...DEFAULT_GITHUB_CLAIMS,
    jti: randomUUID(),
    iss: GITHUB_ISSUER,
    aud: audience ?? `https://github.com/${owner}`,
    iat,
    nbf: iat,
    exp: iat + ID_TOKEN_LIFETIME_S,
    ...state.claims,
    ...extra,
  };
}

export function signIdToken(state: GithubState, claims: JwtClaims): string {
  return signJwt(claims, state.privateKey, { kid: GITHUB_KEY_ID });
}

/** GET /_github/id-token?api-version=2.0[&audience=...] */
export function handleIdTokenRequest(state: GithubState, headers: HeaderMap, rawQuery: string): GithubResponse {
  const authorization = headerValue(headers, 'authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (match?.[1] !== state.requestToken) {
    return {
      status: 401,
      accepted: false,
      body: {
        message: 'The request token (Authorization: Bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN) is missing or invalid',
      },
    };
  }
  const audience = new URLSearchParams(rawQuery).get('audience') || undefined;
  const jwt = signIdToken(state, idTokenClaims(state, audience));
  state.issuedIdTokens.push(jwt);
  return { status: 200, accepted: true, body: { value: jwt } };
}
