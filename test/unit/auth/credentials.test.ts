import { describe, expect, it } from 'vitest';
import { describeAuth, dryRunAuthorizer } from '../../../src/auth/credentials.ts';
import type { AuthPlan } from '../../../src/auth/modes.ts';

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
