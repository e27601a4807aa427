/** The authentication choice's problems read whole, and what an environment source's plan holds, field by field. */
import { describe, expect, it } from 'vitest';
import { secretValues, selectAuth } from '../../src/auth/select.ts';

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
