/** The shared inputs' whole messages and bounds, through the export's schema (the import's uses the same parts). */
import { describe, expect, it } from 'vitest';
import { describeProblems } from '../../../src/action/inputs.ts';
import {
  exportPlanOf as planOf,
  exportProblemsOf as problemsOf,
  EXPORT_INPUTS as valid,
} from '../../support/fixtures.ts';

describe('timeout-seconds and max-attempts', () => {
  it.each([
    ['1', 1_000],
    ['600', 600_000],
    ['', 60_000],
    ['  45 ', 45_000],
  ])('timeout-seconds %j is %i ms', (raw, ms) => {
    expect(planOf({ ...valid, 'timeout-seconds': raw }).timeoutMs).toBe(ms);
  });

  it.each([
    ['1', 1],
    ['10', 10],
    ['', 3],
  ])('max-attempts %j is %i', (raw, attempts) => {
    expect(planOf({ ...valid, 'max-attempts': raw }).maxAttempts).toBe(attempts);
  });

  it.each([
    ['timeout-seconds', '0', 'must be at least 1'],
    ['timeout-seconds', '601', 'must be at most 600'],
    ['timeout-seconds', '-5', 'must be a whole number of seconds from 1 to 600'],
    ['timeout-seconds', '1.5', 'must be a whole number of seconds from 1 to 600'],
    ['timeout-seconds', '10s', 'must be a whole number of seconds from 1 to 600'],
    ['max-attempts', '0', 'must be at least 1'],
    ['max-attempts', '11', 'must be at most 10'],
    ['max-attempts', 'x3', 'must be a whole number from 1 to 10'],
    ['max-attempts', '3x', 'must be a whole number from 1 to 10'],
  ])('%s %j: %s', (input, raw, message) => {
    expect(problemsOf({ ...valid, [input]: raw })).toEqual([{ input, message }]);
  });
});

describe('dry-run', () => {
  it.each(['yes', 'truee', 'xtrue', 'false '.repeat(2)])('%j is not a boolean', (raw) => {
    expect(problemsOf({ ...valid, 'dry-run': raw })).toEqual([{ input: 'dry-run', message: 'must be true or false' }]);
  });
  it('is false when empty', () => {
    expect(planOf({ ...valid, 'dry-run': '' }).dryRun).toBe(false);
  });
});

describe('project-id', () => {
  it('missing: says where to find it', () => {
    expect(problemsOf({ ...valid, 'project-id': '' })).toEqual([
      {
        input: 'project-id',
        message: 'is required: the project ID of the region (IAM console → My Credentials → Projects)',
      },
    ]);
  });

  it.each(['-abc', '_abc', 'a'.repeat(65), 'ab.cd'])('%j is not a project ID', (raw) => {
    expect(problemsOf({ ...valid, 'project-id': raw })).toEqual([
      {
        input: 'project-id',
        message: 'must be a project ID: letters, digits, "-" or "_" (usually 32 hexadecimal characters)',
      },
    ]);
  });

  it.each(['a', 'A_b-9', 'a'.repeat(64)])('%j is a project ID', (raw) => {
    expect(planOf({ ...valid, 'project-id': raw }).projectId).toBe(raw);
  });
});

describe('credential fields', () => {
  it.each([
    ['access-key', 'AK\tX'],
    ['secret-key', 'S K'],
    ['security-token', 'T\nT'],
  ])('%s with whitespace inside', (input, raw) => {
    expect(problemsOf({ ...valid, [input]: raw })).toEqual([
      { input, message: 'must not contain spaces or control characters' },
    ]);
  });

  it('a supplied token with a space', () => {
    const { 'access-key': _a, 'secret-key': _s, ...rest } = valid;
    expect(problemsOf({ ...rest, 'auth-token': 'tok en' })).toEqual([
      { input: 'auth-token', message: 'must not contain spaces or control characters' },
    ]);
  });

  it('a password may contain spaces but no control characters', () => {
    const { 'access-key': _a, 'secret-key': _s, ...rest } = valid;
    const login = { ...rest, username: 'alice', 'domain-name': 'acme' };
    expect(planOf({ ...login, password: 'pass word' }).auth).toMatchObject({ mode: 'password', password: 'pass word' });
    expect(problemsOf({ ...login, password: 'pass\u0001word' })).toEqual([
      { input: 'password', message: 'must not contain control characters' },
    ]);
  });

  it('a password login missing its domain names the two fields it goes with', () => {
    const { 'access-key': _a, 'secret-key': _s, ...rest } = valid;
    expect(problemsOf({ ...rest, username: 'alice', password: 'pw' })).toEqual([
      {
        input: 'domain-name',
        message: 'is required for IAM password authentication (with `username` and `password`)',
      },
    ]);
  });

  it('a password login builds its plan with the IAM endpoint of the region', () => {
    const { 'access-key': _a, 'secret-key': _s, ...rest } = valid;
    expect(planOf({ ...rest, username: 'alice', password: 'pw', 'domain-name': 'acme' }).auth).toEqual({
      mode: 'password',
      source: 'inputs',
      username: 'alice',
      password: 'pw',
      domainName: 'acme',
      iamEndpoint: new URL('https://iam.eu-de.otc.t-systems.com'),
    });
  });

  it('OpenID Connect: the identity provider ID, the audience and IAM', () => {
    const { 'access-key': _a, 'secret-key': _s, ...rest } = valid;
    expect(planOf({ ...rest, 'identity-provider': 'github_idp-1', 'oidc-audience': 'aud' }).auth).toEqual({
      mode: 'oidc',
      source: 'inputs',
      identityProvider: 'github_idp-1',
      audience: 'aud',
      iamEndpoint: new URL('https://iam.eu-de.otc.t-systems.com'),
    });
    expect(problemsOf({ ...rest, 'identity-provider': 'idp.1' })).toEqual([
      { input: 'identity-provider', message: 'must be the identity provider ID: letters, digits, "-" or "_"' },
    ]);
    expect(problemsOf({ ...rest, 'identity-provider': 'i'.repeat(65) })[0]?.input).toBe('identity-provider');
  });

  it('OpenID Connect with an endpoint but no region: IAM cannot be found', () => {
    const { 'access-key': _a, 'secret-key': _s, region: _r, ...rest } = valid;
    const problems = problemsOf({ ...rest, endpoint: 'https://dli.example.com', 'identity-provider': 'idp' });
    expect(problems.map((problem) => problem.input)).toEqual(['iam-endpoint']);
  });

  it('a supplied token with an endpoint and no region needs no IAM', () => {
    const { 'access-key': _a, 'secret-key': _s, region: _r, ...rest } = valid;
    expect(planOf({ ...rest, endpoint: 'https://dli.example.com', 'auth-token': 'tok' }).auth).toEqual({
      mode: 'auth-token',
      source: 'inputs',
      token: 'tok',
    });
  });
});

describe('the problem list', () => {
  it('one problem is singular, several plural, each on its own line', () => {
    expect(describeProblems([{ input: 'a', message: 'x' }])).toBe('Invalid input (nothing was sent):\n- a: x');
    expect(
      describeProblems([
        { input: 'a', message: 'x' },
        { input: 'b', message: 'y' },
      ]),
    ).toBe('Invalid inputs (nothing was sent):\n- a: x\n- b: y');
  });

  it('a value from the environment is named with its variable; an input value is not', () => {
    expect(problemsOf({ ...valid, region: '' }, { HUAWEI_CLOUD_REGION: 'mars-1' })[0]?.input).toBe(
      'region (from HUAWEI_CLOUD_REGION)',
    );
    expect(problemsOf({ ...valid, region: 'mars-1' }, { HUAWEI_CLOUD_REGION: 'eu-de' })[0]?.input).toBe('region');
  });

  it('an environment value that is blank is not a value', () => {
    expect(
      planOf({ ...valid, 'project-id': '' }, { HUAWEICLOUD_SDK_PROJECT_ID: '  ', OS_PROJECT_ID: 'p2' }).projectId,
    ).toBe('p2');
  });
});
