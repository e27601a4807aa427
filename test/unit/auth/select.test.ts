/** The authentication choice's problems read whole, and what an environment source's plan holds, field by field. */
import { describe, expect, it } from 'vitest';
import { secretValues, selectAuth } from '../../../src/auth/select.ts';

describe('select: messages read whole', () => {
  const select = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    selectAuth(
      (name) => inputs[name],
      (name) => env[name],
    );

  describe('authentication problems, whole', () => {
    it('three modes given as inputs: each named with the inputs that were set', () => {
      expect(select({ 'identity-provider': 'i', 'auth-token': 't', password: 'p' })).toEqual({
        ok: false,
        input: 'authentication',
        problem:
          'inputs for more than one authentication mode were given: OpenID Connect (keyless) (identity-provider) and supplied IAM token (auth-token) and IAM password (password); keep only one',
      });
    });

    it('no credentials anywhere: every way to give them', () => {
      expect(select({}, { UNRELATED: 'x' })).toEqual({
        ok: false,
        input: 'authentication',
        problem:
          'no credentials: set `identity-provider` (keyless OpenID Connect, recommended), `access-key` and `secret-key`, `username`, `password` and `domain-name`, or `auth-token`, or the matching environment variables (see the README)',
      });
    });
  });

  describe('values from one environment source', () => {
    it('access keys from HUAWEICLOUD_SDK_*: every field with its variable, nothing from inputs', () => {
      expect(
        select(
          {},
          {
            HUAWEICLOUD_SDK_AK: 'AK',
            HUAWEICLOUD_SDK_SK: 'SK',
            HUAWEICLOUD_SDK_SECURITY_TOKEN: 'ST',
            OS_ACCESS_KEY: 'x',
          },
        ),
      ).toEqual({
        ok: true,
        selection: {
          mode: 'access-key',
          source: 'HUAWEICLOUD_SDK_* environment variables',
          values: { 'access-key': 'AK', 'secret-key': 'SK', 'security-token': 'ST' },
          origins: {
            'access-key': 'HUAWEICLOUD_SDK_AK',
            'secret-key': 'HUAWEICLOUD_SDK_SK',
            'security-token': 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
          },
        },
      });
    });

    it('a source that is missing a field still names the variable that would hold it', () => {
      expect(select({}, { HUAWEICLOUD_SDK_SK: 'SK' })).toMatchObject({
        ok: true,
        selection: {
          values: { 'access-key': undefined, 'secret-key': 'SK', 'security-token': undefined },
          origins: { 'access-key': 'HUAWEICLOUD_SDK_AK', 'security-token': 'HUAWEICLOUD_SDK_SECURITY_TOKEN' },
        },
      });
    });

    it('HUAWEI_CLOUD_* has no security token variable: the field stays empty and has no origin', () => {
      const result = select(
        { 'oidc-audience': 'a' },
        { HUAWEI_CLOUD_ACCESS_KEY_ID: 'AK', HUAWEI_CLOUD_SECRET_ACCESS_KEY: 'SK' },
      );
      expect(result).toStrictEqual({
        ok: true,
        selection: {
          mode: 'access-key',
          source: 'HUAWEI_CLOUD_* environment variables',
          values: { 'access-key': 'AK', 'secret-key': 'SK', 'security-token': undefined },
          origins: { 'access-key': 'HUAWEI_CLOUD_ACCESS_KEY_ID', 'secret-key': 'HUAWEI_CLOUD_SECRET_ACCESS_KEY' },
        },
      });
    });

    it('a given input mode takes every one of its fields from the inputs only', () => {
      expect(select({ username: 'u', password: 'p' }, { OS_USER_DOMAIN_NAME: 'env-domain' })).toEqual({
        ok: true,
        selection: {
          mode: 'password',
          source: 'inputs',
          values: { username: 'u', password: 'p', 'domain-name': undefined },
          origins: {},
        },
      });
    });
  });

  describe('secrets to mask', () => {
    it('each once, and none when nothing is set', () => {
      expect(
        secretValues(
          () => 'same',
          () => 'same',
        ),
      ).toEqual(['same']);
      expect(
        secretValues(
          () => undefined,
          () => undefined,
        ),
      ).toEqual([]);
    });
  });
});

describe('select', () => {
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
});
