/**
 * The two token exchanges with a scripted transport: temporary OBS keys from IAM (and their renewal before they run
 * out) and the GitHub ID token. Whole error lines and hints, the statuses taken as success, and what is masked.
 */
import { describe, expect, it } from 'vitest';
import { githubIdToken, idTokenRequest } from '../../../src/auth/github-id-token.ts';
import type { AuthPlan } from '../../../src/auth/modes.ts';
import type { ActionError } from '../../../src/http/errors.ts';
import type { HttpRequest, HttpResponse, Transport } from '../../../src/http/transport.ts';
import { lifetimeOf, obsCredentials, obsKeys, RENEW_BEFORE_MS } from '../../../src/obs/credentials.ts';

function answering(response: HttpResponse) {
  const sent: HttpRequest[] = [];
  const transport: Transport = {
    send: async (request, authorize) => {
      sent.push(authorize ? authorize(request) : request);
      return response;
    },
    stream: () => Promise.reject(new Error('nothing streamed')),
    close: async () => {},
  };
  return { transport, sent };
}
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: ActionError) => error,
  );

const tokenAuth: AuthPlan = { mode: 'auth-token', source: 'inputs', token: 'T' };
const iam = new URL('https://iam.example.com');
const credential = { credential: { access: 'TMPAK', secret: 'TMPSK', securitytoken: 'TMPST' } };

describe('temporary OBS keys', () => {
  it.each([200, 201])('HTTP %i with a credential: the keys, secret and token masked', async (status) => {
    const masks: string[] = [];
    const { transport, sent } = answering({ status, headers: {}, body: JSON.stringify(credential) });
    const keys = await obsCredentials(tokenAuth, {
      transport,
      token: 'T',
      iamEndpoint: iam,
      mask: (secret) => masks.push(secret),
    });
    expect(keys).toEqual({ accessKey: 'TMPAK', secretKey: 'TMPSK', securityToken: 'TMPST' });
    expect(masks).toEqual(['TMPSK', 'TMPST']);
    expect(String(sent[0]?.url)).toBe('https://iam.example.com/v3.0/OS-CREDENTIAL/securitytokens');
    expect(sent[0]?.headers).toEqual({ 'Content-Type': 'application/json;charset=utf8', 'X-Auth-Token': 'T' });
    expect(sent[0]?.operation).toBe('IAM temporary access keys for OBS');
  });

  const deps = (response: HttpResponse) => ({
    transport: answering(response).transport,
    token: 'T',
    iamEndpoint: iam,
    mask: () => {},
  });

  it.each([
    [
      401,
      'Getting temporary access keys for OBS from IAM failed: HTTP 401 IAM.0001: bad token (request ID r). Hint: IAM did not accept the token for this call; check the token (a supplied `auth-token` must be a valid IAM token; for a federated user Huawei Cloud takes only an unscoped token here)',
    ],
    [
      403,
      'Getting temporary access keys for OBS from IAM failed: HTTP 403 IAM.0001: bad token (request ID r). Hint: the identity may not create temporary access keys: check IAM access restrictions (e.g. programmatic access or IP restrictions) for this user or federated group; for a federated user Huawei Cloud takes only an unscoped token here',
    ],
    [500, 'Getting temporary access keys for OBS from IAM failed: HTTP 500 IAM.0001: bad token (request ID r)'],
    [202, 'Getting temporary access keys for OBS from IAM failed: HTTP 202 IAM.0001: bad token (request ID r)'],
  ])('HTTP %i', async (status, line) => {
    const body = '{"error_code":"IAM.0001","error_msg":"bad token"}';
    const error = await failure(obsCredentials(tokenAuth, deps({ status, headers: {}, body, requestId: 'r' })));
    expect(error.describe()).toBe(line);
  });

  it.each([
    ['not JSON', 'nope'],
    ['an empty secret', JSON.stringify({ credential: { access: 'a', secret: '', securitytoken: 's' } })],
    ['no security token', JSON.stringify({ credential: { access: 'a', secret: 's' } })],
  ])('a success with %s names what is missing', async (_name, body) => {
    const error = await failure(obsCredentials(tokenAuth, deps({ status: 201, headers: {}, body, requestId: 'r' })));
    expect(error.describe()).toBe(
      'Getting temporary access keys for OBS from IAM failed: HTTP 201 without a credential (access, secret, securitytoken) (request ID r). Hint: check that `iam-endpoint` points at IAM',
    );
  });
});

describe('temporary OBS keys are renewed before they run out', () => {
  const start = Date.parse('2026-12-07T10:00:00Z');
  /** IAM answering each request with new keys that expire `lifetimeS` after the clock's time then. */
  function iamIssuing(clock: { ms: number }, lifetimeS: number | undefined) {
    const sent: HttpRequest[] = [];
    const transport: Pick<Transport, 'send'> = {
      send: async (request) => {
        sent.push(request);
        const n = sent.length;
        const expires =
          lifetimeS === undefined ? {} : { expires_at: new Date(clock.ms + lifetimeS * 1000).toISOString() };
        return {
          status: 201,
          headers: {},
          body: JSON.stringify({
            credential: { access: `AK${n}`, secret: `SK${n}`, securitytoken: `ST${n}`, ...expires },
          }),
        };
      },
    };
    return { transport, sent };
  }
  const keysAt = (clock: { ms: number }, lifetimeS: number | undefined) => {
    const iamSide = iamIssuing(clock, lifetimeS);
    const masks: string[] = [];
    const infos: string[] = [];
    const keys = obsKeys(tokenAuth, {
      transport: iamSide.transport,
      token: 'UNSCOPED',
      iamEndpoint: iam,
      mask: (secret) => masks.push(secret),
      now: () => new Date(clock.ms),
      info: (message) => infos.push(message),
    });
    return { keys, sent: iamSide.sent, masks, infos };
  };

  it('15-minute keys: the same keys until 5 minutes are left, then new ones, each masked and announced', async () => {
    const clock = { ms: start };
    const { keys, sent, masks, infos } = keysAt(clock, 900);
    expect((await keys.current()).accessKey).toBe('AK1');
    clock.ms = start + 900_000 - RENEW_BEFORE_MS - 1;
    expect((await keys.current()).accessKey).toBe('AK1');
    expect(sent).toHaveLength(1);
    clock.ms = start + 900_000 - RENEW_BEFORE_MS;
    expect(await keys.current()).toEqual({ accessKey: 'AK2', secretKey: 'SK2', securityToken: 'ST2' });
    expect(sent).toHaveLength(2);
    expect(sent.map((request) => request.headers['X-Auth-Token'])).toEqual(['UNSCOPED', 'UNSCOPED']);
    expect(masks).toEqual(['SK1', 'ST1', 'SK2', 'ST2']);
    expect(infos).toEqual([
      'OBS: temporary access key AK1 from IAM, valid 900 s',
      'OBS: temporary access key AK2 from IAM (renewed before the previous one ran out), valid 900 s',
    ]);
  });

  it("a renewal that takes longer than its limit (the old keys' remaining life) ends with its own error", async () => {
    const clock = { ms: start };
    let calls = 0;
    const transport: Pick<Transport, 'send'> = {
      send: (_request, _authorize, options) => {
        calls++;
        if (calls === 1) {
          return Promise.resolve({
            status: 201,
            headers: {},
            body: JSON.stringify({ credential: { access: 'AK1', secret: 'SK1', securitytoken: 'ST1' } }),
          });
        }
        // IAM never answers the renewal; the transport gives up only when the signal aborts, as src/http does.
        return new Promise((_resolve, reject) => {
          options?.signal?.addEventListener('abort', () => reject(options.signal?.reason));
        });
      },
    };
    const keys = obsKeys(tokenAuth, {
      transport,
      token: 'UNSCOPED',
      iamEndpoint: iam,
      mask: () => undefined,
      now: () => new Date(clock.ms),
      renewalTimeoutMs: 50,
    });
    await keys.current();
    clock.ms = start + 900_000 - RENEW_BEFORE_MS;
    await expect(keys.current()).rejects.toThrow(
      'Renewing the temporary access keys for OBS took longer than 1 s, the life the previous keys had left',
    );
    expect(calls).toBe(2);
  });

  it('keys shorter-lived than asked (expires_at): renewed when a third of their life is left', async () => {
    const clock = { ms: start };
    const { keys, sent } = keysAt(clock, 3);
    await keys.current();
    clock.ms = start + 1999;
    expect((await keys.current()).accessKey).toBe('AK1');
    clock.ms = start + 2000;
    expect((await keys.current()).accessKey).toBe('AK2');
    expect(sent).toHaveLength(2);
  });

  it('callers that ask at once share one request', async () => {
    const clock = { ms: start };
    const { keys, sent } = keysAt(clock, 900);
    const all = await Promise.all([keys.current(), keys.current(), keys.current()]);
    expect(all.map((key) => key.accessKey)).toEqual(['AK1', 'AK1', 'AK1']);
    expect(sent).toHaveLength(1);
  });

  it('access keys are never renewed and never call IAM', async () => {
    const clock = { ms: start };
    const { transport, sent } = iamIssuing(clock, 900);
    const keys = obsKeys(
      { mode: 'access-key', source: 'inputs', accessKey: 'AK', secretKey: 'SK', securityToken: 'ST' },
      { transport, mask: () => {}, now: () => new Date(clock.ms) },
    );
    clock.ms += 86_400_000;
    expect(await keys.current()).toEqual({ accessKey: 'AK', secretKey: 'SK', securityToken: 'ST' });
    expect(sent).toHaveLength(0);
  });

  it('a token mode without the IAM token or endpoint is a programming error, never a request', async () => {
    const clock = { ms: start };
    const { transport, sent } = iamIssuing(clock, 900);
    for (const deps of [{ token: 'T' }, { iamEndpoint: iam }]) {
      const keys = obsKeys(tokenAuth, { transport, mask: () => {}, ...deps });
      await expect(keys.current()).rejects.toThrow(/^unreachable: token modes have an IAM endpoint and a token/);
    }
    expect(sent).toHaveLength(0);
  });

  it('a lifetime is what was asked (900 s), shortened by expires_at, never stretched by it', () => {
    expect(lifetimeOf(undefined, start)).toBe(900_000);
    expect(lifetimeOf('not a date', start)).toBe(900_000);
    expect(lifetimeOf(new Date(start + 120_000).toISOString(), start)).toBe(120_000);
    // A runner clock 10 minutes behind IAM's would see 25 minutes left: still 15.
    expect(lifetimeOf(new Date(start + 1_500_000).toISOString(), start)).toBe(900_000);
    expect(lifetimeOf(new Date(start - 1000).toISOString(), start)).toBe(0);
  });
});

describe('the GitHub ID token', () => {
  const env = {
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/id?api-version=2.0',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'REQTOKEN',
  };

  it('the request: the runner’s URL with the audience appended, encoded; without one, the URL as given', () => {
    const request = idTokenRequest(env, 'api://Az ure');
    expect(String(request.url)).toBe('https://token.example/id?api-version=2.0&audience=api%3A%2F%2FAz%20ure');
    expect(request.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer REQTOKEN' });
    expect(request).toMatchObject({ operation: 'GitHub ID token', method: 'GET', idempotent: true });
    expect(String(idTokenRequest(env, undefined).url)).toBe('https://token.example/id?api-version=2.0');
    expect(String(idTokenRequest(env, '').url)).toBe('https://token.example/id?api-version=2.0');
  });

  it.each([
    [{ ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x' }],
    [{ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/id?v=2' }],
  ])('without the runner’s URL or token (%j): the permission to add, whole', (partial) => {
    let error: ActionError | undefined;
    try {
      idTokenRequest(partial, undefined);
    } catch (caught) {
      error = caught as ActionError;
    }
    expect(error?.describe()).toBe(
      'Keyless (OpenID Connect) authentication needs a GitHub ID token, but this job may not request one (ACTIONS_ID_TOKEN_REQUEST_URL is not set). Hint: give the job the id-token permission, in the workflow or the job:\npermissions:\n  id-token: write\n  contents: read',
    );
  });

  it('a request URL that is not a URL', () => {
    let error: ActionError | undefined;
    try {
      idTokenRequest({ ...env, ACTIONS_ID_TOKEN_REQUEST_URL: 'not a url' }, undefined);
    } catch (caught) {
      error = caught as ActionError;
    }
    expect(error?.describe()).toBe(
      'Could not get the GitHub ID token: ACTIONS_ID_TOKEN_REQUEST_URL is not a URL. Hint: check the `oidc-audience` input and that the job has `permissions: id-token: write`',
    );
  });

  it('the token: returned, and masked with the request token', async () => {
    const masks: string[] = [];
    const { transport } = answering({ status: 200, headers: {}, body: '{"value":"eyJ.jwt"}' });
    expect(await githubIdToken(transport, env, 'aud', (secret) => masks.push(secret))).toBe('eyJ.jwt');
    expect(masks).toEqual(['REQTOKEN', 'eyJ.jwt']);
  });

  it.each([201, 403])('HTTP %i is a failure with the permission hint', async (status) => {
    const { transport } = answering({ status, headers: {}, body: '' });
    const error = await failure(githubIdToken(transport, env, undefined, () => {}));
    expect(error.describe()).toBe(
      `Could not get the GitHub ID token: HTTP ${status}: (empty body). Hint: check the \`oidc-audience\` input and that the job has \`permissions: id-token: write\``,
    );
  });

  it.each(['{"value":""}', '{"value":7}', 'null', 'not json', '{}'])('HTTP 200 with %s: no token', async (body) => {
    const { transport } = answering({ status: 200, headers: {}, body, requestId: 'g1' });
    const error = await failure(githubIdToken(transport, env, undefined, () => {}));
    expect(error.describe()).toBe(
      'Could not get the GitHub ID token: HTTP 200 without a token ("value") in the answer (request ID g1). Hint: check the `oidc-audience` input and that the job has `permissions: id-token: write`',
    );
  });
});
