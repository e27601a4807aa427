import { describe, expect, it } from 'vitest';
import { type AuthDeps, authenticate, describeAuth, dryRunAuthorizer } from '../../../src/auth/credentials.ts';
import type { AuthPlan } from '../../../src/auth/modes.ts';
import type { HttpRequest, HttpResponse, Transport } from '../../../src/http/transport.ts';

const iamEndpoint = new URL('https://iam.eu-de.otc.t-systems.com');
const plans: [string, AuthPlan, string[]][] = [
  [
    'access key',
    {
      mode: 'access-key',
      source: 'inputs',
      accessKey: 'AKSHOWN',
      secretKey: 'SECRET-SK',
      securityToken: 'SECRET-TOKEN',
    },
    ['SECRET-SK', 'SECRET-TOKEN'],
  ],
  ['supplied token', { mode: 'auth-token', source: 'OS_AUTH_TOKEN', token: 'SECRET-IAM-TOKEN' }, ['SECRET-IAM-TOKEN']],
  [
    'password',
    { mode: 'password', source: 'inputs', username: 'ci', password: 'SECRET-PW', domainName: 'acme', iamEndpoint },
    ['SECRET-PW'],
  ],
  ['OpenID Connect', { mode: 'oidc', source: 'inputs', identityProvider: 'github-actions', iamEndpoint }, []],
];

/** The whole line for each plan: an exact match leaves no room for a secret, also where the plan holds none. */
const LINES: Record<string, string> = {
  'access key': 'access key AKSHOWN from inputs, with a security token (temporary keys)',
  'supplied token': 'supplied IAM token from OS_AUTH_TOKEN',
  password: 'IAM password of user ci in domain acme from inputs, via IAM https://iam.eu-de.otc.t-systems.com',
  'OpenID Connect':
    'OpenID Connect (keyless): GitHub ID token exchanged at identity provider github-actions (from inputs), via IAM https://iam.eu-de.otc.t-systems.com',
};

describe('the authentication log line', () => {
  it.each(plans)('%s: says the mode and source, never a secret', (name, plan, secrets) => {
    const line = describeAuth(plan);
    expect(line).toBe(LINES[name]);
    for (const secret of secrets) expect(line).not.toContain(secret);
  });

  it('the OpenID Connect line shows no token, even with an audience set', () => {
    const plan: AuthPlan = {
      mode: 'oidc',
      source: 'inputs',
      identityProvider: 'github-actions',
      audience: 'sts.example.com',
      iamEndpoint,
    };
    expect(describeAuth(plan)).toBe(LINES['OpenID Connect']);
  });

  it('names the access key, which is not secret, and says when temporary keys are used', () => {
    expect(describeAuth(plans[0]?.[1] as AuthPlan)).toBe(
      'access key AKSHOWN from inputs, with a security token (temporary keys)',
    );
  });
});

describe('dry-run authorization', () => {
  const request = {
    operation: 'DLI export',
    method: 'POST' as const,
    url: new URL('https://dli.eu-de.otc.t-systems.com/v1.0/p/streaming/jobs/export'),
    headers: {},
    body: '{}',
    idempotent: false,
  };

  it('signs with the access key (no network needed)', () => {
    const signed = dryRunAuthorizer(plans[0]?.[1] as AuthPlan, () => new Date('2026-11-26T00:00:00Z'))(request);
    expect(signed.headers.Authorization).toMatch(/^SDK-HMAC-SHA256 Access=AKSHOWN, /);
  });

  it.each(plans.slice(1))('%s: shows where the token would come from, without asking IAM', (_name, plan) => {
    const headers = dryRunAuthorizer(plan, () => new Date())(request).headers;
    expect(headers['X-Auth-Token']).toMatch(/^<.* token>$/);
  });
});

describe('authenticate: DLI authorization, and the IAM token for temporary OBS keys when asked for', () => {
  const env = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/id?v=2', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'REQ' };
  /** IAM and GitHub answering in turn: the ID token, then one new IAM token per token request (T1, T2, ...). */
  function scripted() {
    const sent: HttpRequest[] = [];
    const masks: string[] = [];
    let issued = 0;
    const transport: Transport = {
      send: async (request): Promise<HttpResponse> => {
        sent.push(request);
        if (request.operation === 'GitHub ID token') return { status: 200, headers: {}, body: '{"value":"JWT"}' };
        issued++;
        return { status: 201, headers: { 'x-subject-token': `T${issued}` }, body: '{}' };
      },
      stream: () => Promise.reject(new Error('nothing streamed')),
      close: async () => {},
    };
    const deps: AuthDeps = { transport, env, now: () => new Date(0), mask: (secret) => masks.push(secret) };
    return { deps, sent, masks };
  }
  const dliRequest: HttpRequest = {
    operation: 'DLI export',
    method: 'POST',
    url: new URL('https://dli.example.com/v1.0/p/streaming/jobs/export'),
    headers: {},
    idempotent: false,
  };
  const oidcPlan = plans[3]?.[1] as AuthPlan;

  it('keyless with OBS: the same ID token gets the project-scoped token (DLI) and the unscoped one (temporary keys), both masked', async () => {
    const { deps, sent, masks } = scripted();
    const access = await authenticate(oidcPlan, 'proj', deps, { obs: true });
    expect(sent.map((request) => request.operation)).toEqual([
      'GitHub ID token',
      'IAM OpenID Connect authentication',
      'IAM OpenID Connect authentication (unscoped token, for temporary access keys)',
    ]);
    expect(JSON.parse(sent[1]?.body ?? '')).toEqual({
      auth: { id_token: { id: 'JWT' }, scope: { project: { id: 'proj' } } },
    });
    expect(JSON.parse(sent[2]?.body ?? '')).toEqual({ auth: { id_token: { id: 'JWT' } } });
    expect(access.authorize(dliRequest).headers).toEqual({ 'X-Auth-Token': 'T1' });
    expect(access.temporaryKeyToken).toBe('T2');
    expect(masks).toEqual(expect.arrayContaining(['JWT', 'T1', 'T2']));
  });

  it('keyless without OBS: no unscoped token is asked for', async () => {
    const { deps, sent } = scripted();
    const access = await authenticate(oidcPlan, 'proj', deps);
    expect(sent).toHaveLength(2);
    expect(access.temporaryKeyToken).toBeUndefined();
    expect(access.authorize(dliRequest).headers).toEqual({ 'X-Auth-Token': 'T1' });
  });

  it("password and supplied token: the user's own token serves both, with no further request", async () => {
    const password = scripted();
    const withPassword = await authenticate(plans[2]?.[1] as AuthPlan, 'proj', password.deps, { obs: true });
    expect(password.sent).toHaveLength(1);
    expect(withPassword.temporaryKeyToken).toBe('T1');
    expect(withPassword.authorize(dliRequest).headers).toEqual({ 'X-Auth-Token': 'T1' });
    const supplied = scripted();
    const withToken = await authenticate(plans[1]?.[1] as AuthPlan, 'proj', supplied.deps, { obs: true });
    expect(supplied.sent).toHaveLength(0);
    expect(withToken.temporaryKeyToken).toBe('SECRET-IAM-TOKEN');
    expect((await authenticate(plans[1]?.[1] as AuthPlan, 'proj', supplied.deps)).temporaryKeyToken).toBeUndefined();
  });

  it('access keys: signed requests, no token, no request', async () => {
    const { deps, sent } = scripted();
    const access = await authenticate(plans[0]?.[1] as AuthPlan, 'proj', deps, { obs: true });
    expect(sent).toHaveLength(0);
    expect(access.temporaryKeyToken).toBeUndefined();
    expect(access.authorize(dliRequest).headers.Authorization).toMatch(/^SDK-HMAC-SHA256 Access=AKSHOWN, /);
  });
});
