import { describe, expect, it } from 'vitest';
import { parseImportInputs } from '../../../src/import/inputs.ts';
import type { Env } from '../../../src/util/env.ts';
import { IMPORT_INPUTS, SHARED_PLAN } from '../../support/fixtures.ts';

const valid = IMPORT_INPUTS;

const parse = (inputs: Record<string, string>, env: Env = {}) => parseImportInputs((name) => inputs[name] ?? '', env);

describe('import inputs → plan', () => {
  it('builds the plan from the shared inputs, zip-file and overwrite', () => {
    expect(parse({ ...valid, overwrite: 'TRUE' })).toEqual({
      ok: true,
      plan: {
        projectId: valid['project-id'],
        zipFiles: ['dli-backups/rel/v1/a.zip'],
        overwrite: true,
        ...SHARED_PLAN,
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

describe('import inputs: local-files, upload-dir, obs-endpoint', () => {
  const local = {
    'project-id': valid['project-id'],
    region: 'eu-de',
    'access-key': 'AKEXAMPLE',
    'secret-key': 'sk-example',
    'local-files': 'exports\n/abs/b.zip',
    'upload-dir': 'obs://dli-restore/flink/v1/',
  };

  it('plans the upload: paths against GITHUB_WORKSPACE, the folder without obs:// and /, the region’s OBS', () => {
    const result = parse(local, { GITHUB_WORKSPACE: '/ws' });
    expect(result).toMatchObject({
      ok: true,
      plan: {
        zipFiles: [],
        upload: {
          paths: ['/ws/exports', '/abs/b.zip'],
          dir: 'dli-restore/flink/v1',
          obs: { url: new URL('https://obs.eu-de.otc.t-systems.com'), pathStyle: false },
          iamEndpoint: undefined,
        },
      },
    });
  });

  it('obs-endpoint overrides the region’s; a loopback http endpoint is path-style; token modes get IAM', () => {
    const result = parse(
      {
        ...local,
        'access-key': '',
        'secret-key': '',
        'auth-token': 'token',
        'obs-endpoint': 'http://127.0.0.1:9000',
      },
      { GITHUB_WORKSPACE: '/ws' },
    );
    expect(result).toMatchObject({
      ok: true,
      plan: {
        upload: {
          obs: { url: new URL('http://127.0.0.1:9000'), pathStyle: true },
          iamEndpoint: new URL('https://iam.eu-de.otc.t-systems.com'),
        },
      },
    });
  });

  it.each([
    [
      'zip-file and local-files',
      { 'zip-file': 'b1x/a.zip' },
      [
        {
          input: 'local-files',
          message:
            'give either zip-file (ZIPs already in OBS) or local-files (ZIPs on the runner, uploaded first), not both',
        },
      ],
    ],
    [
      'local-files without upload-dir',
      { 'upload-dir': '' },
      [{ input: 'upload-dir', message: expect.stringMatching(/^is required with local-files: the OBS folder/) }],
    ],
    [
      'upload-dir without local-files',
      { 'local-files': '', 'zip-file': 'b1x/a.zip' },
      [{ input: 'upload-dir', message: 'is used only with local-files, which is not set' }],
    ],
    [
      'a bad upload-dir and a bad local-files',
      { 'upload-dir': 'Bad_Bucket/x', 'local-files': '[1]' },
      [
        { input: 'local-files', message: expect.stringMatching(/^must be a JSON array of file paths/) },
        { input: 'upload-dir', message: expect.stringMatching(/^bucket "Bad_Bucket" may contain only/) },
      ],
    ],
    [
      'no OBS endpoint for an unknown region',
      { region: '', endpoint: 'https://dli.example.com', 'iam-endpoint': 'https://iam.example.com' },
      [
        {
          input: 'obs-endpoint',
          message: expect.stringMatching(/^uploads need OBS: set `region` to a known region or `obs-endpoint`/),
        },
      ],
    ],
    [
      'a dotted bucket on a domain endpoint',
      { 'upload-dir': 'my.bucket/x' },
      [{ input: 'upload-dir', message: expect.stringMatching(/^cannot upload: bucket "my\.bucket" contains a dot/) }],
    ],
    [
      'a supplied token without IAM',
      {
        'access-key': '',
        'secret-key': '',
        'auth-token': 't',
        region: '',
        endpoint: 'https://dli.example.com',
        'obs-endpoint': 'https://obs.example.com',
      },
      [
        {
          input: 'iam-endpoint',
          message: expect.stringMatching(/^uploads with a supplied token need IAM for temporary OBS keys/),
        },
      ],
    ],
  ])('%s', (_name, overrides, problems) => {
    const result = parse({ ...local, ...overrides }, { GITHUB_WORKSPACE: '/ws' });
    expect(result.ok ? [] : result.problems).toEqual(problems);
  });
});
