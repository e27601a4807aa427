import { describe, expect, it } from 'vitest';
import { secretValues, selectAuth } from '../../src/auth/select.ts';

function select(inputs: Record<string, string>, env: Record<string, string> = {}) {
  return selectAuth(
    (name) => inputs[name],
    (name) => env[name],
  );
}

describe('choosing the authentication mode', () => {
  it.each([
    ['identity-provider', { 'identity-provider': 'idp-1' }, 'oidc'],
    ['auth-token', { 'auth-token': 'tok' }, 'auth-token'],
    ['username/password/domain-name', { username: 'u', password: 'p', 'domain-name': 'd' }, 'password'],
    ['access-key/secret-key', { 'access-key': 'ak', 'secret-key': 'sk' }, 'access-key'],
    ['only security-token (incomplete access key mode)', { 'security-token': 't' }, 'access-key'],
  ])('inputs %s select %s', (_name, inputs, mode) => {
    expect(select(inputs)).toMatchObject({ ok: true, selection: { mode, source: 'inputs' } });
  });

  it('two modes given as inputs is an error that names both', () => {
    const result = select({ 'access-key': 'ak', 'secret-key': 'sk', username: 'u' });
    expect(result).toEqual({
      ok: false,
      input: 'authentication',
      problem: expect.stringMatching(
        /IAM password \(username\) and access key \(access-key, secret-key\); keep only one/,
      ),
    });
  });

  it('oidc-audience alone does not select a mode', () => {
    expect(select({ 'oidc-audience': 'aud', 'auth-token': 't' })).toMatchObject({
      ok: true,
      selection: { mode: 'auth-token' },
    });
  });

  it('an input mode beats every environment variable', () => {
    const result = select(
      { 'auth-token': 'from-input' },
      { HUAWEICLOUD_SDK_IDP_ID: 'idp', HUAWEICLOUD_SDK_AK: 'ak', HUAWEICLOUD_SDK_SK: 'sk' },
    );
    expect(result).toMatchObject({
      ok: true,
      selection: { mode: 'auth-token', values: { 'auth-token': 'from-input' } },
    });
  });

  it.each([
    [
      { HUAWEICLOUD_SDK_IDP_ID: 'idp', OS_AUTH_TOKEN: 't', OS_USERNAME: 'u', HUAWEICLOUD_SDK_AK: 'a' },
      'oidc',
      'HUAWEICLOUD_SDK_IDP_ID',
    ],
    [{ OS_AUTH_TOKEN: 't', OS_USERNAME: 'u', OS_ACCESS_KEY: 'a' }, 'auth-token', 'OS_AUTH_TOKEN'],
    [{ OS_USERNAME: 'u', OS_PASSWORD: 'p', HUAWEICLOUD_SDK_AK: 'a' }, 'password', 'OS_USERNAME/OS_PASSWORD'],
    [{ HUAWEI_CLOUD_ACCESS_KEY_ID: 'a', OS_ACCESS_KEY: 'b' }, 'access-key', 'HUAWEI_CLOUD_* environment variables'],
    [{ OS_SECRET_KEY: 'b' }, 'access-key', 'OS_* environment variables'],
  ])('from the environment %j the order picks %s', (env, mode, source) => {
    expect(select({}, env)).toMatchObject({ ok: true, selection: { mode, source } });
  });

  it('reads the password domain from OS_USER_DOMAIN_NAME, else OS_DOMAIN_NAME', () => {
    expect(select({}, { OS_USERNAME: 'u', OS_PASSWORD: 'p', OS_DOMAIN_NAME: 'd2' })).toMatchObject({
      ok: true,
      selection: { values: { 'domain-name': 'd2' }, origins: { 'domain-name': 'OS_DOMAIN_NAME' } },
    });
    expect(select({}, { OS_USERNAME: 'u', OS_USER_DOMAIN_NAME: 'd1', OS_DOMAIN_NAME: 'd2' })).toMatchObject({
      ok: true,
      selection: { values: { 'domain-name': 'd1' } },
    });
  });

  it('an identity provider from the environment keeps the audience input', () => {
    expect(select({ 'oidc-audience': 'my-aud' }, { HUAWEICLOUD_SDK_IDP_ID: 'idp' })).toMatchObject({
      ok: true,
      selection: { mode: 'oidc', values: { 'identity-provider': 'idp', 'oidc-audience': 'my-aud' } },
    });
  });

  it('no credentials anywhere is an error that recommends keyless first', () => {
    expect(select({})).toEqual({
      ok: false,
      input: 'authentication',
      problem: expect.stringMatching(/^no credentials: set `identity-provider` \(keyless/),
    });
  });

  it('lists every secret from inputs and environment for masking, not the access key or user name', () => {
    const secrets = secretValues(
      (name) =>
        ({
          password: 'P1',
          'auth-token': 'T1',
          'secret-key': 'S1',
          'security-token': 'X1',
          username: 'user',
          'access-key': 'AK',
        })[name],
      (name) =>
        ({
          OS_PASSWORD: 'P2',
          OS_AUTH_TOKEN: 'T2',
          HUAWEICLOUD_SDK_SK: 'S2',
          HUAWEICLOUD_SDK_SECURITY_TOKEN: 'X2',
          HUAWEI_CLOUD_SECRET_ACCESS_KEY: 'S3',
          OS_SECRET_KEY: 'S4',
          OS_SECURITY_TOKEN: 'X4',
          OS_USERNAME: 'user2',
        })[name],
    );
    expect(secrets.sort()).toEqual(['P1', 'P2', 'S1', 'S2', 'S3', 'S4', 'T1', 'T2', 'X1', 'X2', 'X4']);
  });
});
