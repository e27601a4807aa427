/**
 * The two token exchanges with a scripted transport: temporary OBS keys from IAM and the GitHub ID token. Whole
 * error lines and hints, the statuses taken as success, and what is masked.
 */
import { describe, expect, it } from 'vitest';
import { githubIdToken, idTokenRequest } from '../../../src/auth/github-id-token.ts';
import type { AuthPlan } from '../../../src/auth/modes.ts';
import type { ActionError } from '../../../src/http/errors.ts';
import type { HttpRequest, HttpResponse, Transport } from '../../../src/http/transport.ts';
import { obsCredentials } from '../../../src/obs/credentials.ts';

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
      authorize: (request) => ({ ...request, headers: { ...request.headers, 'X-Auth-Token': 'T' } }),
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
    authorize: (request: HttpRequest) => request,
    iamEndpoint: iam,
    mask: () => {},
  });

  it.each([
    [
      401,
      'Getting temporary access keys for OBS from IAM failed: HTTP 401 IAM.0001: bad token (request ID r). Hint: IAM did not accept the token for this call; check the token (a supplied `auth-token` must be a valid IAM token)',
    ],
    [
      403,
      'Getting temporary access keys for OBS from IAM failed: HTTP 403 IAM.0001: bad token (request ID r). Hint: the identity may not create temporary access keys: check IAM access restrictions (e.g. programmatic access or IP restrictions) for this user or federated group',
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
