/** Our GitHub ID-token request, against the emulator's stand-in (which speaks @actions/core's getIDToken protocol). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { githubIdToken, idTokenRequest } from '../../../src/auth/github-id-token.ts';
import { ActionError } from '../../../src/http/errors.ts';
import { DEFAULT_RETRY_POLICY } from '../../../src/http/retry.ts';
import { createTransport, type Transport } from '../../../src/http/transport.ts';
import { DEFAULT_AUDIENCE, type Emulator, startEmulator } from '../../emulator/server.ts';

let emulator: Emulator;
let transport: Transport;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.reset();
  transport = createTransport({
    timeoutMs: 5000,
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 2 },
    sleep: async () => {},
  });
});

const env = () => ({ ...emulator.githubIdTokenEnv });

describe('the GitHub ID token', () => {
  it('is requested with the request token and the audience, and masked with the request token', async () => {
    const masked: string[] = [];
    const token = await githubIdToken(transport, env(), DEFAULT_AUDIENCE, (secret) => masked.push(secret));
    await transport.close();
    expect(token).toBe(emulator.issuedIdTokens[0]);
    expect(masked).toEqual([emulator.githubIdTokenEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN, token]);
    expect(emulator.requests[0]?.query).toBe(`api-version=2.0&audience=${encodeURIComponent(DEFAULT_AUDIENCE)}`);
    expect(emulator.requests[0]?.headers.authorization).toBe(
      `Bearer ${emulator.githubIdTokenEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`,
    );
  });

  it('without an audience, the URL is used as given', () => {
    const request = idTokenRequest(env(), undefined);
    expect(request.url.href).toBe(emulator.githubIdTokenEnv.ACTIONS_ID_TOKEN_REQUEST_URL);
    expect(request).toMatchObject({ method: 'GET', idempotent: true });
  });

  it('is retried like any read (a 500, then the token)', async () => {
    emulator.script('github-id-token', [{ status: 500, body: { message: 'boom' } }]);
    const token = await githubIdToken(transport, env(), undefined, () => {});
    await transport.close();
    expect(token).toBe(emulator.issuedIdTokens[0]);
    expect(emulator.requests).toHaveLength(2);
  });

  it('a refused request token: the service message and the permission hint', async () => {
    const error = await githubIdToken(
      transport,
      { ...env(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' },
      undefined,
      () => {},
    ).catch((e: unknown) => e);
    await transport.close();
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).describe()).toMatch(
      /^Could not get the GitHub ID token: HTTP 401: The request token .* is missing or invalid.*Hint: check the `oidc-audience` input and that the job has `permissions: id-token: write`$/,
    );
  });

  it.each([
    ['no value', { other: 1 }],
    ['an empty value', { value: '' }],
    ['not JSON', 'plain text'],
    ['null', 'null'],
  ])('an answer with %s is an error', async (_name, body) => {
    emulator.script('github-id-token', [{ status: 200, body }]);
    const error = await githubIdToken(transport, env(), undefined, () => {}).catch((e: unknown) => e);
    await transport.close();
    expect((error as ActionError).describe()).toMatch(
      /^Could not get the GitHub ID token: HTTP 200 without a token \("value"\) in the answer \(request ID [0-9a-f]+\)\. Hint: /,
    );
  });

  it.each([
    ['ACTIONS_ID_TOKEN_REQUEST_URL', { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }],
    ['ACTIONS_ID_TOKEN_REQUEST_TOKEN', { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x/?a=1' }],
  ])('without %s: the id-token permission, with the YAML, and nothing sent', (_name, partial) => {
    expect(() => idTokenRequest(partial, undefined)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/needs a GitHub ID token, but this job may not request one/),
        hint: expect.stringContaining('permissions:\n  id-token: write'),
      }),
    );
  });

  it('an unreadable ACTIONS_ID_TOKEN_REQUEST_URL is named', () => {
    expect(() =>
      idTokenRequest({ ACTIONS_ID_TOKEN_REQUEST_URL: 'not a url', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }, undefined),
    ).toThrow(/ACTIONS_ID_TOKEN_REQUEST_URL is not a URL/);
  });
});
