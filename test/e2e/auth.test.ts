/**
 * Every authentication mode through dist/index.js against the emulated IAM, GitHub ID-token service and DLI.
 * DLI accepts only tokens its IAM issued for the project, as the gateway does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_AUDIENCE,
  DEFAULT_DOMAIN,
  DEFAULT_IDP_ID,
  DEFAULT_PASSWORD,
  DEFAULT_PROJECT_ID,
  DEFAULT_SECRET_KEY,
  DEFAULT_USERNAME,
  startEmulator,
} from '../emulator/server.ts';
import { useEmulator } from '../support/emulator.ts';
import { type RunResult, runAction } from './run-action.ts';

const SUPPLIED_TOKEN = 'MIIsupplied-token-from-an-earlier-step-0123456789';
const emulator = useEmulator({ acceptedTokens: new Set([SUPPLIED_TOKEN]) });

/** Inputs without any credentials; IAM and DLI are both the emulator. */
const base = (overrides: Record<string, string> = {}) => ({
  'project-id': DEFAULT_PROJECT_ID,
  'obs-dir': 'dli-backups/nightly',
  endpoint: emulator.url,
  'iam-endpoint': emulator.url,
  'job-ids': '146',
  ...overrides,
});
const passwordInputs = { username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, 'domain-name': DEFAULT_DOMAIN };
const operations = () => emulator.requests.map((request) => `${request.operation}:${request.status}`);

function expectExportedWithToken(run: RunResult, token: string | undefined) {
  expect(run.errors).toEqual([]);
  expect(run.exitCode).toBe(0);
  const dli = emulator.requests.find((request) => request.operation === 'export');
  expect(dli?.headers['x-auth-token']).toBe(token);
  expect(dli?.headers.authorization).toBeUndefined();
  expect(dli?.accepted).toBe(true);
  expect(run.outputs['zip-file']).toBe(emulator.exports[0]?.zipFile);
}

describe('IAM password', () => {
  it('gets a project-scoped token from IAM and exports with it', async () => {
    const run = await runAction({ inputs: base(passwordInputs) });
    expect(operations()).toEqual(['iam-password:201', 'export:200']);
    expectExportedWithToken(run, emulator.issuedTokens[0]);
    expect(JSON.parse(emulator.requests[0]?.body ?? '{}')).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, domain: { name: DEFAULT_DOMAIN } } },
        },
        scope: { project: { id: DEFAULT_PROJECT_ID } },
      },
    });
    expect(run.stdout).toContain(
      `Authentication: IAM password of user ${DEFAULT_USERNAME} in domain ${DEFAULT_DOMAIN} from inputs`,
    );
    expect(run.masks).toEqual(expect.arrayContaining([DEFAULT_PASSWORD, emulator.issuedTokens[0]]));
  });

  it.each([
    ['OS_USER_DOMAIN_NAME', 'OS_USER_DOMAIN_NAME'],
    ['OS_DOMAIN_NAME', 'OS_DOMAIN_NAME'],
  ])('takes OS_USERNAME, OS_PASSWORD and %s from the environment', async (_name, domainVariable) => {
    const run = await runAction({
      inputs: base(),
      env: { OS_USERNAME: DEFAULT_USERNAME, OS_PASSWORD: DEFAULT_PASSWORD, [domainVariable]: DEFAULT_DOMAIN },
    });
    expectExportedWithToken(run, emulator.issuedTokens[0]);
    expect(run.stdout).toContain('from OS_USERNAME/OS_PASSWORD');
  });

  it('a wrong password fails with the IAM code, message, request ID and a hint; DLI is not called and IAM is asked once', async () => {
    const run = await runAction({
      inputs: base({ ...passwordInputs, password: 'wrong-password', 'max-attempts': '5' }),
    });
    expect(run.exitCode).toBe(1);
    expect(operations()).toEqual(['iam-password:401']);
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^IAM password authentication failed: HTTP 401 IAM\.0001: The username or password is wrong\. \(request ID [0-9a-f]{32}\)\. Hint: `username` is the IAM user name and `domain-name` the account/,
      ),
    ]);
  });

  it('a wrong domain name fails the same way', async () => {
    const run = await runAction({ inputs: base({ ...passwordInputs, 'domain-name': 'not-the-account' }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/HTTP 401 IAM\.0001.*domain-name/);
  });

  it('a temporarily unavailable IAM is retried', async () => {
    emulator.script('iam-password', [
      { status: 503, body: { error_code: 'APIGW.0613', error_msg: 'IAM unavailable' } },
    ]);
    const run = await runAction({ inputs: base(passwordInputs) });
    expect(operations()).toEqual(['iam-password:503', 'iam-password:201', 'export:200']);
    expect(run.warnings[0]).toMatch(/^IAM password authentication: attempt 1 of 3 failed \(HTTP 503 APIGW\.0613/);
    expectExportedWithToken(run, emulator.issuedTokens[0]);
  });

  it('needs all three of username, password and domain-name', async () => {
    const run = await runAction({ inputs: base({ username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/- domain-name: is required for IAM password authentication/);
    expect(emulator.requests).toHaveLength(0);
  });

  it('derives the IAM endpoint from the region; an unknown one needs iam-endpoint', async () => {
    const run = await runAction({ inputs: base({ ...passwordInputs, 'iam-endpoint': '', region: 'mars-1' }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/- iam-endpoint: password and OpenID Connect authentication need IAM/);
    expect(emulator.requests).toHaveLength(0);
  });
});

describe('supplied token', () => {
  it('sends auth-token as X-Auth-Token', async () => {
    const run = await runAction({ inputs: base({ 'auth-token': SUPPLIED_TOKEN }) });
    expect(operations()).toEqual(['export:200']);
    expectExportedWithToken(run, SUPPLIED_TOKEN);
    expect(run.masks).toContain(SUPPLIED_TOKEN);
  });

  it('falls back to OS_AUTH_TOKEN', async () => {
    const run = await runAction({ inputs: base(), env: { OS_AUTH_TOKEN: SUPPLIED_TOKEN } });
    expectExportedWithToken(run, SUPPLIED_TOKEN);
    expect(run.stdout).toContain('supplied IAM token from OS_AUTH_TOKEN');
  });

  it('a token DLI does not accept: 401 from the gateway, tried once', async () => {
    const run = await runAction({ inputs: base({ 'auth-token': 'expired-or-foreign-token', 'max-attempts': '5' }) });
    expect(run.exitCode).toBe(1);
    expect(operations()).toEqual(['export:401']);
    expect(run.errors[0]).toMatch(/^DLI export failed: HTTP 401 APIGW\.0301: .*token verification failed/);
  });
});

describe('keyless OpenID Connect', () => {
  const oidc = (overrides: Record<string, string> = {}) => base({ 'identity-provider': DEFAULT_IDP_ID, ...overrides });

  it("exchanges the job's GitHub ID token for an IAM token and exports with it", async () => {
    const run = await runAction({ inputs: oidc(), env: emulator.githubIdTokenEnv });
    expect(operations()).toEqual(['github-id-token:200', 'iam-oidc:201', 'export:200']);
    expectExportedWithToken(run, emulator.issuedTokens[0]);
    const exchange = emulator.requests[1];
    expect(exchange?.headers['x-idp-id']).toBe(DEFAULT_IDP_ID);
    expect(JSON.parse(exchange?.body ?? '{}')).toEqual({
      auth: { id_token: { id: emulator.issuedIdTokens[0] }, scope: { project: { id: DEFAULT_PROJECT_ID } } },
    });
    expect(run.masks).toEqual(expect.arrayContaining([emulator.issuedIdTokens[0], emulator.issuedTokens[0]]));
    expect(run.stdout).toContain(
      `Authentication: OpenID Connect (keyless): GitHub ID token exchanged at identity provider ${DEFAULT_IDP_ID}`,
    );
  });

  it("with download-dir, also the federation's unscoped token before the export: OBS's temporary keys are issued for it (Huawei Cloud, iam_04_0003)", async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'dli-auth-'));
    try {
      const run = await runAction({
        inputs: oidc({ 'obs-endpoint': emulator.obs.url, 'download-dir': 'out' }),
        env: { ...emulator.githubIdTokenEnv, GITHUB_WORKSPACE: workspace },
      });
      expect(run.errors).toEqual([]);
      expect(operations()).toEqual([
        'github-id-token:200',
        'iam-oidc:201',
        'iam-oidc:201',
        'export:200',
        'iam-securitytoken:201',
      ]);
      expectExportedWithToken(run, emulator.issuedTokens[0]);
      expect(emulator.requests[4]?.headers['x-auth-token']).toBe(emulator.issuedTokens[1]);
      expect(run.masks).toContain(emulator.issuedTokens[1]);
      expect(run.visible).not.toContain(emulator.issuedTokens[1]);
      expect(run.stdout).toContain('this step within 20 min (5 request(s) in turn');
      expect(JSON.parse(run.outputs.files ?? '[]')).toHaveLength(1);
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });

  it('with download-dir, an IAM that refuses the unscoped token fails the step before the export, naming that call', async () => {
    emulator.script('iam-oidc', [
      { kind: 'ok' },
      { status: 403, body: { error_code: 'IAM.0003', error_msg: 'Forbidden' } },
    ]);
    const run = await runAction({
      inputs: oidc({ 'obs-endpoint': emulator.obs.url, 'download-dir': 'out', 'max-attempts': '3' }),
      env: emulator.githubIdTokenEnv,
    });
    expect(run.exitCode).toBe(1);
    expect(operations()).toEqual(['github-id-token:200', 'iam-oidc:201', 'iam-oidc:403']);
    expect(emulator.exports).toHaveLength(0);
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^IAM OpenID Connect authentication for an unscoped token \(for temporary OBS keys\) failed: HTTP 403 IAM\.0003: Forbidden \(request ID [0-9a-f]{32}\)\. Hint: no mapping rule/,
      ),
    ]);
  });

  it('requests the given audience', async () => {
    const run = await runAction({
      inputs: oidc({ 'oidc-audience': DEFAULT_AUDIENCE }),
      env: emulator.githubIdTokenEnv,
    });
    expect(run.exitCode).toBe(0);
    expect(emulator.requests[0]?.query).toContain(`audience=${encodeURIComponent(DEFAULT_AUDIENCE)}`);
  });

  it('takes the identity provider from HUAWEICLOUD_SDK_IDP_ID', async () => {
    const run = await runAction({
      inputs: base(),
      env: { ...emulator.githubIdTokenEnv, HUAWEICLOUD_SDK_IDP_ID: DEFAULT_IDP_ID },
    });
    expectExportedWithToken(run, emulator.issuedTokens[0]);
    expect(run.stdout).toContain('from HUAWEICLOUD_SDK_IDP_ID');
  });

  it('without `permissions: id-token: write` it says so and shows the YAML to add, before any request', async () => {
    const run = await runAction({ inputs: oidc() });
    expect(run.exitCode).toBe(1);
    expect(emulator.requests).toHaveLength(0);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/needs a GitHub ID token, but this job may not request one/);
    expect(run.errors[0]).toContain('permissions:\n  id-token: write');
  });

  it('an audience the identity provider does not expect: 401 with the audience hint', async () => {
    const run = await runAction({
      inputs: oidc({ 'oidc-audience': 'sts.example.com' }),
      env: emulator.githubIdTokenEnv,
    });
    expect(run.exitCode).toBe(1);
    expect(operations()).toEqual(['github-id-token:200', 'iam-oidc:401']);
    expect(run.errors[0]).toMatch(
      /^IAM OpenID Connect authentication failed: HTTP 401 IAM\.0001: .*audience.*Hint: .*client ID equal to `oidc-audience`/,
    );
  });

  it('an unknown identity provider: 404 with the identity-provider hint', async () => {
    const run = await runAction({
      inputs: oidc({ 'identity-provider': 'no-such-idp' }),
      env: emulator.githubIdTokenEnv,
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/HTTP 404 IAM\.0004: .*no-such-idp.*Hint: check `identity-provider`/);
  });

  it('a workflow no mapping rule admits: 403 with the mapping-rule hint', async () => {
    const other = await startEmulator({
      githubClaims: { repository: 'someone/else', sub: 'repo:someone/else:ref:refs/heads/main' },
    });
    try {
      const run = await runAction({
        inputs: oidc({ endpoint: other.url, 'iam-endpoint': other.url }),
        env: other.githubIdTokenEnv,
      });
      expect(run.exitCode).toBe(1);
      expect(run.errors[0]).toMatch(/HTTP 403 IAM\.0003: .*Hint: no mapping rule/);
    } finally {
      await other.close();
    }
  });
});

describe('choosing the mode', () => {
  it('two modes given as inputs is an error naming both, before any request', async () => {
    const run = await runAction({
      inputs: base({ ...passwordInputs, 'access-key': DEFAULT_ACCESS_KEY, 'secret-key': DEFAULT_SECRET_KEY }),
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(
      /- authentication: inputs for more than one authentication mode were given: IAM password \(username, password, domain-name\) and access key \(access-key, secret-key\)/,
    );
    expect(emulator.requests).toHaveLength(0);
  });

  it('a mode given as inputs beats credentials in the environment', async () => {
    const run = await runAction({
      inputs: base({ 'auth-token': SUPPLIED_TOKEN }),
      env: {
        HUAWEICLOUD_SDK_AK: DEFAULT_ACCESS_KEY,
        HUAWEICLOUD_SDK_SK: DEFAULT_SECRET_KEY,
        OS_USERNAME: 'x',
        OS_PASSWORD: 'y',
      },
    });
    expectExportedWithToken(run, SUPPLIED_TOKEN);
  });

  it('in the environment, OpenID Connect comes before access keys', async () => {
    const run = await runAction({
      inputs: base(),
      env: {
        ...emulator.githubIdTokenEnv,
        HUAWEICLOUD_SDK_IDP_ID: DEFAULT_IDP_ID,
        HUAWEICLOUD_SDK_AK: 'a',
        HUAWEICLOUD_SDK_SK: 'b',
      },
    });
    expect(operations()).toEqual(['github-id-token:200', 'iam-oidc:201', 'export:200']);
    expect(run.exitCode).toBe(0);
  });

  it('dry run with password authentication calls nothing, IAM included', async () => {
    const run = await runAction({ inputs: base({ ...passwordInputs, 'dry-run': 'true' }) });
    expect(run.exitCode).toBe(0);
    expect(emulator.requests).toHaveLength(0);
    expect(run.stdout).toContain('X-Auth-Token: ***');
  });
});

describe('no secret leaks, with debug logging', () => {
  it.each([
    ['password', () => ({ inputs: base(passwordInputs) })],
    ['supplied token', () => ({ inputs: base({ 'auth-token': SUPPLIED_TOKEN }) })],
    [
      'OpenID Connect',
      () => ({ inputs: base({ 'identity-provider': DEFAULT_IDP_ID }), env: emulator.githubIdTokenEnv }),
    ],
  ])(
    '%s mode: no password, supplied token, ID token or IAM token in logs, outputs or summary',
    async (_name, options) => {
      const { inputs, env } = options() as { inputs: Record<string, string>; env?: Record<string, string> };
      const run = await runAction({ inputs, env: { ...env, RUNNER_DEBUG: '1' } });
      expect(run.exitCode).toBe(0);
      // Every mode but the supplied token makes IAM issue a token; keyless also gets an ID token with a request token.
      expect(emulator.issuedTokens).toHaveLength(_name === 'supplied token' ? 0 : 1);
      expect(emulator.issuedIdTokens).toHaveLength(_name === 'OpenID Connect' ? 1 : 0);
      const requestToken = env?.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
      const secrets = [DEFAULT_PASSWORD, SUPPLIED_TOKEN, ...emulator.issuedTokens, ...emulator.issuedIdTokens];
      if (requestToken) secrets.push(requestToken);
      for (const secret of secrets) expect(run.visible).not.toContain(secret);
      for (const secret of [...emulator.issuedTokens, ...emulator.issuedIdTokens]) expect(run.masks).toContain(secret);
      if (requestToken) expect(run.masks).toContain(requestToken);
    },
  );
});

describe('every environment fallback, through the built action', () => {
  const noCredentials = () => ({ 'obs-dir': 'dli-backups/nightly', endpoint: emulator.url, 'job-ids': '146' });

  it.each([
    ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_SECURITY_TOKEN'],
    ['HUAWEI_CLOUD_ACCESS_KEY_ID', 'HUAWEI_CLOUD_SECRET_ACCESS_KEY', undefined],
    ['OS_ACCESS_KEY', 'OS_SECRET_KEY', 'OS_SECURITY_TOKEN'],
  ])('access key from %s / %s (security token %s)', async (akVariable, skVariable, tokenVariable) => {
    const token = 'temporary-security-token-from-env';
    const run = await runAction({
      inputs: { ...noCredentials(), 'project-id': DEFAULT_PROJECT_ID },
      env: {
        [akVariable]: DEFAULT_ACCESS_KEY,
        [skVariable]: DEFAULT_SECRET_KEY,
        ...(tokenVariable ? { [tokenVariable]: token } : {}),
      },
    });
    expect(run.exitCode).toBe(0);
    const [request] = emulator.requests;
    expect(request?.accepted).toBe(true);
    expect(request?.headers['x-security-token']).toBe(tokenVariable ? token : undefined);
    expect(run.masks).toContain(DEFAULT_SECRET_KEY);
    expect(run.visible).not.toContain(DEFAULT_SECRET_KEY);
  });

  it.each(['HUAWEICLOUD_SDK_PROJECT_ID', 'HUAWEI_CLOUD_PROJECT_ID', 'OS_PROJECT_ID'])(
    'project-id from %s',
    async (variable) => {
      const run = await runAction({
        inputs: { ...noCredentials(), 'access-key': DEFAULT_ACCESS_KEY, 'secret-key': DEFAULT_SECRET_KEY },
        env: { [variable]: DEFAULT_PROJECT_ID },
      });
      expect(run.exitCode).toBe(0);
      expect(emulator.requests[0]?.path).toBe(`/v1.0/${DEFAULT_PROJECT_ID}/streaming/jobs/export`);
    },
  );

  it('iam-endpoint from HUAWEICLOUD_SDK_IAM_ENDPOINT', async () => {
    const { 'iam-endpoint': _unused, ...withoutIam } = base(passwordInputs);
    const run = await runAction({ inputs: withoutIam, env: { HUAWEICLOUD_SDK_IAM_ENDPOINT: emulator.url } });
    expect(operations()).toEqual(['iam-password:201', 'export:200']);
    expect(run.exitCode).toBe(0);
  });

  it('an input beats its environment variable: project-id', async () => {
    const run = await runAction({
      inputs: base({ 'auth-token': SUPPLIED_TOKEN }),
      env: { HUAWEICLOUD_SDK_PROJECT_ID: 'another-project-0000' },
    });
    expect(run.exitCode).toBe(0);
    expect(emulator.requests[0]?.path).toContain(DEFAULT_PROJECT_ID);
  });
});
