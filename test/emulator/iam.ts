// IAM token APIs: password authentication and OpenID Connect federation with an ID token, both scoped to the
// emulator's one project. Issued tokens are opaque random strings that the gateway accepts for that project.

import { type KeyObject, randomBytes } from 'node:crypto';
import { GITHUB_ISSUER } from './github.ts';
import { decodeJwt, verifyRs256 } from './jwt.ts';

export const DEFAULT_USERNAME = 'ci-exporter';
export const DEFAULT_PASSWORD = 'emulator-Passw0rd!';
export const DEFAULT_DOMAIN = 'acme-data';
export const DEFAULT_PROJECT_NAME = 'eu-de_demo';
export const DEFAULT_IDP_ID = 'github-actions';
/** GitHub's default audience for the owner octo-org, the default identity provider's client ID. */
export const DEFAULT_AUDIENCE = 'https://github.com/octo-org';
export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Clock leeway for the ID token's nbf and iat. */
export const ID_TOKEN_LEEWAY_S = 60;

export interface IamUser {
  name: string;
  password: string;
  /** Name of the account (domain) that owns the user. */
  domain: string;
}

export interface MappingRule {
  /** A top-level claim of the ID token. */
  claim: string;
  /** The claim must equal this (a claim that is an array must contain it). */
  equals: string;
}

export interface IdentityProvider {
  /** The X-Idp-Id value. */
  id: string;
  /** Must equal the ID token's aud (or be one of its values). */
  clientId: string;
  /** Default GITHUB_ISSUER. */
  issuer?: string;
  /** All must match; none (the default) matches every token. */
  rules?: MappingRule[];
}

export const DEFAULT_USERS: readonly IamUser[] = [
  { name: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, domain: DEFAULT_DOMAIN },
];

export const DEFAULT_IDENTITY_PROVIDERS: readonly IdentityProvider[] = [
  {
    id: DEFAULT_IDP_ID,
    clientId: DEFAULT_AUDIENCE,
    issuer: GITHUB_ISSUER,
    rules: [{ claim: 'repository', equals: 'octo-org/octo-repo' }],
  },
];

export interface IssuedToken {
  token: string;
  method: 'password' | 'oidc';
  /** The project the token is scoped to; undefined for an unscoped token. */
  projectId: string | undefined;
  /** User name, or the ID token's sub for a federated user. */
  subject: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface IamState {
  projectId: string;
  projectName: string;
  users: readonly IamUser[];
  identityProviders: ReadonlyMap<string, Required<IdentityProvider>>;
  /** The key ID tokens are verified with (the GitHub stand-in's). */
  idTokenPublicKey: KeyObject;
  now: () => Date;
  /** Every token issued, valid or not (not cleared by reset()). */
  tokens: Map<string, IssuedToken>;
  /** Every token issued, in order (cleared by reset()). */
  issuedTokens: string[];
}

export interface IamResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** IAM authenticated the caller (a token was issued). */
  accepted: boolean;
}

export type IamOperation = 'iam-password' | 'iam-oidc';

export function matchIamRoute(method: string, rawPath: string): IamOperation | undefined {
  if (method !== 'POST') return undefined;
  if (rawPath === '/v3/auth/tokens') return 'iam-password';
  if (rawPath === '/v3.0/OS-AUTH/id-token/tokens') return 'iam-oidc';
  return undefined;
}

/** Completes and indexes identity providers; throws on a duplicate ID. */
export function buildIdentityProviders(
  providers: readonly IdentityProvider[],
): Map<string, Required<IdentityProvider>> {
  const byId = new Map<string, Required<IdentityProvider>>();
  for (const provider of providers) {
    if (byId.has(provider.id)) throw new Error(`emulator identity provider is duplicated: ${provider.id}`);
    byId.set(provider.id, {
      id: provider.id,
      clientId: provider.clientId,
      issuer: provider.issuer ?? GITHUB_ISSUER,
      rules: [...(provider.rules ?? [])],
    });
  }
  return byId;
}

function iamError(status: number, code: string, message: string): IamResponse {
  return { status, accepted: false, body: { error_msg: message, error_code: code } };
}

const INVALID_BODY = iamError(400, 'IAM.0011', 'Request body is invalid.');
const WRONG_PASSWORD = iamError(401, 'IAM.0001', 'The username or password is wrong.');
const idTokenRejected = (message: string): IamResponse => iamError(401, 'IAM.0001', message);

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseObject(body: Buffer): JsonObject | undefined {
  try {
    return asObject(JSON.parse(body.toString('utf8')));
  } catch {
    return undefined;
  }
}

/** `auth.scope`: absent (unscoped token) or `{project: {id}}`; null when malformed. */
function parseScope(auth: JsonObject): { projectId: string | undefined } | null {
  if (auth.scope === undefined) return { projectId: undefined };
  const projectId = nonEmptyString(asObject(asObject(auth.scope)?.project)?.id);
  return projectId === undefined ? null : { projectId };
}

function issue(
  state: IamState,
  method: IssuedToken['method'],
  projectId: string | undefined,
  subject: string,
  body: (issued: IssuedToken) => JsonObject,
): IamResponse {
  const issuedAt = state.now();
  const token = `MIIT${randomBytes(150).toString('base64url')}`;
  const issued: IssuedToken = {
    token,
    method,
    projectId,
    subject,
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + TOKEN_LIFETIME_MS),
  };
  state.tokens.set(token, issued);
  state.issuedTokens.push(token);
  return { status: 201, accepted: true, headers: { 'X-Subject-Token': token }, body: { token: body(issued) } };
}

function projectBody(state: IamState, projectId: string | undefined, domain: string): JsonObject {
  return projectId === undefined
    ? {}
    : { project: { id: projectId, name: state.projectName, domain: { name: domain } } };
}

function projectNotFound(projectId: string): IamResponse {
  return iamError(404, 'IAM.0004', `Could not find project: ${projectId}`);
}

/** POST /v3/auth/tokens with the password method. */
export function handlePasswordToken(state: IamState, body: Buffer): IamResponse {
  const auth = asObject(parseObject(body)?.auth);
  const identity = asObject(auth?.identity);
  const methods = identity?.methods;
  const user = asObject(asObject(identity?.password)?.user);
  const name = nonEmptyString(user?.name);
  const password = nonEmptyString(user?.password);
  const domain = nonEmptyString(asObject(user?.domain)?.name);
  const scope = auth === undefined ? null : parseScope(auth);
  if (
    !Array.isArray(methods) ||
    !methods.every((method) => typeof method === 'string') ||
    !methods.includes('password') ||
    name === undefined ||
    password === undefined ||
    domain === undefined ||
    scope === null
  ) {
    return INVALID_BODY;
  }
  const known = state.users.find((u) => u.name === name && u.password === password && u.domain === domain);
  if (known === undefined) return WRONG_PASSWORD;
  if (scope.projectId !== undefined && scope.projectId !== state.projectId) return projectNotFound(scope.projectId);

  return issue(state, 'password', scope.projectId, name, (issued) => ({
    expires_at: issued.expiresAt.toISOString(),
    issued_at: issued.issuedAt.toISOString(),
    methods: ['password'],
    ...projectBody(state, scope.projectId, domain),
    user: { name, domain: { name: domain } },
  }));
}

function claimMatches(value: unknown, expected: string): boolean {
  if (Array.isArray(value)) return value.some((item) => claimMatches(item, expected));
  if (typeof value === 'string') return value === expected;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value) === expected;
  return false;
}

/** Checks an ID token against an identity provider: the reason it is rejected, or its claims. */
function verifyIdToken(
  state: IamState,
  provider: Required<IdentityProvider>,
  idToken: string,
): { claims: JsonObject } | { rejected: string } {
  const jwt = decodeJwt(idToken);
  if (jwt === undefined) return { rejected: 'The ID token is not a well-formed JWT.' };
  if (jwt.header.alg !== 'RS256') {
    return { rejected: `The ID token's signing algorithm ${String(jwt.header.alg)} is not supported (RS256).` };
  }
  if (!verifyRs256(jwt, state.idTokenPublicKey)) return { rejected: "The ID token's signature is invalid." };
  const { claims } = jwt;
  if (claims.iss !== provider.issuer) {
    return {
      rejected: `The ID token's issuer ${String(claims.iss)} does not match the issuer of identity provider ${provider.id}.`,
    };
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(provider.clientId)) {
    return { rejected: `The ID token's audience does not match the client ID of identity provider ${provider.id}.` };
  }
  const nowS = state.now().getTime() / 1000;
  if (typeof claims.exp !== 'number') return { rejected: 'The ID token has no exp claim.' };
  if (claims.exp <= nowS) return { rejected: 'The ID token has expired.' };
  for (const claim of ['nbf', 'iat'] as const) {
    const value = claims[claim];
    if (value !== undefined && typeof value !== 'number') return { rejected: `The ID token's ${claim} is invalid.` };
    if (typeof value === 'number' && value > nowS + ID_TOKEN_LEEWAY_S) {
      return {
        rejected:
          claim === 'nbf' ? 'The ID token is not valid yet (nbf).' : 'The ID token was issued in the future (iat).',
      };
    }
  }
  return { claims };
}

/** POST /v3.0/OS-AUTH/id-token/tokens with header X-Idp-Id. */
export function handleOidcToken(state: IamState, idpId: string | undefined, body: Buffer): IamResponse {
  const auth = asObject(parseObject(body)?.auth);
  const idToken = nonEmptyString(asObject(auth?.id_token)?.id);
  const scope = auth === undefined ? null : parseScope(auth);
  if (idToken === undefined || scope === null) return INVALID_BODY;
  if (idpId === undefined || idpId === '') return iamError(400, 'IAM.0011', 'The X-Idp-Id header is mandatory.');
  const provider = state.identityProviders.get(idpId);
  if (provider === undefined) return iamError(404, 'IAM.0004', `Could not find identity provider: ${idpId}`);

  const verified = verifyIdToken(state, provider, idToken);
  if ('rejected' in verified) return idTokenRejected(verified.rejected);
  const { claims } = verified;
  if (!provider.rules.every((rule) => claimMatches(claims[rule.claim], rule.equals))) {
    return iamError(403, 'IAM.0003', `No mapping rule of identity provider ${provider.id} matched the token`);
  }
  if (scope.projectId !== undefined && scope.projectId !== state.projectId) return projectNotFound(scope.projectId);

  const subject = typeof claims.sub === 'string' ? claims.sub : 'FederationUser';
  const domain = state.users[0]?.domain ?? DEFAULT_DOMAIN;
  return issue(state, 'oidc', scope.projectId, subject, (issued) => ({
    expires_at: issued.expiresAt.toISOString(),
    issued_at: issued.issuedAt.toISOString(),
    methods: ['mapped'],
    ...projectBody(state, scope.projectId, domain),
    user: {
      'OS-FEDERATION': {
        identity_provider: { id: provider.id },
        protocol: { id: 'oidc' },
        groups: [],
      },
      domain: { name: domain },
      name: subject,
    },
  }));
}
