import { describe, expect, it } from 'vitest';
import { parseImportInputs } from '../../../src/import/inputs.ts';
import type { Env } from '../../../src/util/env.ts';

const valid = {
  'project-id': '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  'zip-file': 'obs://dli-backups/rel/v1/a.zip',
  region: 'eu-de',
  'access-key': 'AKEXAMPLE',
  'secret-key': 'sk-example',
};

const parse = (inputs: Record<string, string>, env: Env = {}) => parseImportInputs((name) => inputs[name] ?? '', env);

describe('import inputs → plan', () => {
  it('builds the plan from the shared inputs, zip-file and overwrite', () => {
    expect(parse({ ...valid, overwrite: 'TRUE' })).toEqual({
      ok: true,
      plan: {
        projectId: valid['project-id'],
        zipFiles: ['dli-backups/rel/v1/a.zip'],
        overwrite: true,
        endpoint: new URL('https://dli.eu-de.otc.t-systems.com'),
        region: 'eu-de',
        cloud: 'Open Telekom Cloud',
        auth: {
          mode: 'access-key',
          accessKey: 'AKEXAMPLE',
          secretKey: 'sk-example',
          securityToken: undefined,
          source: 'inputs',
        },
        timeoutMs: 60_000,
        maxAttempts: 3,
        dryRun: false,
      },
    });
  });

  it('overwrite defaults to false', () => {
    const result = parse(valid);
    expect(result.ok && result.plan.overwrite).toBe(false);
  });

  it('takes the shared environment fallbacks (project, region, credentials)', () => {
    const result = parse(
      { 'zip-file': 'dli-backups/a.zip' },
      { OS_PROJECT_ID: 'p-from-env', OS_REGION_NAME: 'eu-de', OS_ACCESS_KEY: 'AK', OS_SECRET_KEY: 'SK' },
    );
    expect(result).toMatchObject({
      ok: true,
      plan: {
        projectId: 'p-from-env',
        region: 'eu-de',
        auth: { mode: 'access-key', source: 'OS_* environment variables' },
      },
    });
  });

  it('reports every bad input at once, each naming its input and the accepted form', () => {
    const result = parse({
      'project-id': '../admin',
      'zip-file': '["Bad_Bucket/a.zip"]',
      overwrite: 'yes',
      'max-attempts': '11',
      region: 'mars',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.input)).toEqual([
      'project-id',
      'max-attempts',
      'zip-file',
      'overwrite',
      'region',
      'authentication',
    ]);
    expect(result.problems.find((problem) => problem.input === 'overwrite')?.message).toBe('must be true or false');
  });

  it('requires zip-file, saying what it takes', () => {
    const result = parse({ ...valid, 'zip-file': '' });
    expect(result.ok ? [] : result.problems).toEqual([
      {
        input: 'zip-file',
        message: expect.stringMatching(/^is required \(or local-files\): the OBS path of a ZIP or a folder/),
      },
    ]);
  });

  it.each([
    [
      'password',
      { username: 'u', password: 'p', 'domain-name': 'd' },
      {
        mode: 'password',
        username: 'u',
        password: 'p',
        domainName: 'd',
        iamEndpoint: new URL('https://iam.eu-de.otc.t-systems.com'),
      },
    ],
    [
      'OpenID Connect',
      { 'identity-provider': 'idp', 'oidc-audience': 'aud' },
      {
        mode: 'oidc',
        identityProvider: 'idp',
        audience: 'aud',
        iamEndpoint: new URL('https://iam.eu-de.otc.t-systems.com'),
      },
    ],
    ['a supplied token', { 'auth-token': 'tok' }, { mode: 'auth-token', token: 'tok' }],
  ])('plans %s authentication from the shared inputs', (_name, credentials, auth) => {
    const result = parse({
      'project-id': valid['project-id'],
      'zip-file': 'b1x/a.zip',
      region: 'eu-de',
      ...credentials,
    });
    expect(result).toMatchObject({ ok: true, plan: { auth: { ...auth, source: 'inputs' } } });
  });

  it('needs IAM for password authentication: an unknown region without iam-endpoint is a problem', () => {
    const result = parse({
      'project-id': valid['project-id'],
      'zip-file': 'b1x/a.zip',
      endpoint: 'https://dli.example',
      username: 'u',
      password: 'p',
    });
    expect(result.ok ? [] : result.problems.map((problem) => problem.input)).toEqual(['domain-name', 'iam-endpoint']);
  });
});
