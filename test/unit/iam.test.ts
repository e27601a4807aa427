/** IAM token answers: the token header, and the hints for each flow and status. */
import { describe, expect, it } from 'vitest';
import { iamHint, oidcToken, passwordToken } from '../../src/auth/iam.ts';
import type { ActionError } from '../../src/http/errors.ts';
import type { HttpResponse, Transport } from '../../src/http/transport.ts';

const iam = new URL('https://iam.example.com');
const login = { username: 'u', password: 'p', domainName: 'd' };
const answering = (response: HttpResponse): Transport => ({
  send: async () => response,
  stream: () => Promise.reject(new Error('IAM streams nothing')),
  close: async () => {},
});
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: ActionError) => error,
  );

describe('IAM tokens', () => {
  it.each([200, 201])('HTTP %i with X-Subject-Token gives the token', async (status) => {
    const transport = answering({ status, headers: { 'x-subject-token': 'T' }, body: '{}' });
    expect(await passwordToken(transport, iam, login, 'p1')).toBe('T');
    expect(await oidcToken(transport, iam, 'idp', 'jwt', 'p1')).toBe('T');
  });

  it('a success without the token header points at iam-endpoint', async () => {
    const error = await failure(
      passwordToken(answering({ status: 201, headers: {}, body: '{}', requestId: 'r' }), iam, login, 'p1'),
    );
    expect(error?.describe()).toBe(
      'IAM password authentication failed: IAM answered HTTP 201 without an X-Subject-Token header (request ID r). Hint: check that `iam-endpoint` points at IAM, not at a proxy or another service',
    );
  });

  it.each([
    ['password', 401, /My Credentials/],
    ['password', 403, /may not obtain a token for this project/],
    ['password', 404, /check `project-id` and `iam-endpoint`/],
    ['oidc', 401, /rejected the GitHub ID token/],
    ['oidc', 403, /no mapping rule/],
    ['oidc', 404, /check `identity-provider`/],
  ] as const)('%s flow, HTTP %i: the hint for its common cause', async (flow, status, hint) => {
    expect(iamHint(flow, status)).toMatch(hint);
    const transport = answering({ status, headers: {}, body: '{"error":{"code":"IAM.0001","message":"no"}}' });
    const error = await failure(
      flow === 'password' ? passwordToken(transport, iam, login, 'p1') : oidcToken(transport, iam, 'idp', 'jwt', 'p1'),
    );
    expect(error?.describe()).toMatch(new RegExp(`HTTP ${status} IAM\\.0001: no\\. Hint: `));
    expect(error?.hint).toMatch(hint);
  });

  it('other statuses get the generic hint', () => {
    expect(iamHint('password', 500)).toBeUndefined();
    expect(iamHint('oidc', 500)).toBeUndefined();
  });
});
