/** IAM token requests as sent, and the whole error lines and hints of each flow. */
import { describe, expect, it } from 'vitest';
import { iamHint, oidcToken, oidcTokenRequest, passwordToken, passwordTokenRequest } from '../../../src/auth/iam.ts';
import { hintFor } from '../../../src/cloud/hints.ts';
import type { ActionError } from '../../../src/http/errors.ts';
import type { HttpRequest, HttpResponse, Transport } from '../../../src/http/transport.ts';

describe('iam-requests', () => {
  const iam = new URL('https://iam.eu-de.otc.t-systems.com/ignored/path');
  const login = { username: 'alice', password: 'pw', domainName: 'acme' };

  function recording(response: HttpResponse) {
    const sent: HttpRequest[] = [];
    const transport: Transport = {
      send: async (request) => {
        sent.push(request);
        return response;
      },
      stream: () => Promise.reject(new Error('IAM streams nothing')),
      close: async () => {},
    };
    return { transport, sent };
  }
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: ActionError) => error,
    );

  describe('IAM token requests', () => {
    it('password: POST /v3/auth/tokens with the user, domain and project scope, safe to repeat', async () => {
      const { transport, sent } = recording({ status: 201, headers: { 'x-subject-token': 'TOKEN' }, body: '{}' });
      expect(await passwordToken(transport, iam, login, 'proj-1')).toBe('TOKEN');
      expect(sent).toHaveLength(1);
      const [request] = sent;
      expect(request?.operation).toBe('IAM password authentication');
      expect(request?.method).toBe('POST');
      expect(String(request?.url)).toBe('https://iam.eu-de.otc.t-systems.com/v3/auth/tokens');
      expect(request?.headers).toEqual({ 'Content-Type': 'application/json;charset=utf8' });
      expect(request?.idempotent).toBe(true);
      expect(JSON.parse(String(request?.body))).toEqual({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'alice', password: 'pw', domain: { name: 'acme' } } },
          },
          scope: { project: { id: 'proj-1' } },
        },
      });
      expect(passwordTokenRequest(iam, login, 'proj-1')).toEqual(request);
    });

    it('OpenID Connect: POST /v3.0/OS-AUTH/id-token/tokens with X-Idp-Id and the ID token, safe to repeat', async () => {
      const { transport, sent } = recording({ status: 200, headers: { 'x-subject-token': 'T2' }, body: '{}' });
      expect(await oidcToken(transport, iam, 'github-idp', 'eyJ.jwt', 'proj-2')).toBe('T2');
      const [request] = sent;
      expect(request?.operation).toBe('IAM OpenID Connect authentication');
      expect(request?.method).toBe('POST');
      expect(String(request?.url)).toBe('https://iam.eu-de.otc.t-systems.com/v3.0/OS-AUTH/id-token/tokens');
      expect(request?.headers).toEqual({ 'Content-Type': 'application/json;charset=utf8', 'X-Idp-Id': 'github-idp' });
      expect(request?.idempotent).toBe(true);
      expect(JSON.parse(String(request?.body))).toEqual({
        auth: { id_token: { id: 'eyJ.jwt' }, scope: { project: { id: 'proj-2' } } },
      });
      expect(oidcTokenRequest(iam, 'github-idp', 'eyJ.jwt', 'proj-2')).toEqual(request);
    });

    it('OpenID Connect without a project: the same call without `scope`, which IAM answers with an unscoped token', async () => {
      const { transport, sent } = recording({ status: 201, headers: { 'x-subject-token': 'U' }, body: '{}' });
      expect(await oidcToken(transport, iam, 'github-idp', 'eyJ.jwt', undefined)).toBe('U');
      const [request] = sent;
      expect(request?.operation).toBe('IAM OpenID Connect authentication (unscoped token, for temporary access keys)');
      expect(String(request?.url)).toBe('https://iam.eu-de.otc.t-systems.com/v3.0/OS-AUTH/id-token/tokens');
      expect(request?.headers).toEqual({ 'Content-Type': 'application/json;charset=utf8', 'X-Idp-Id': 'github-idp' });
      expect(request?.body).toBe('{"auth":{"id_token":{"id":"eyJ.jwt"}}}');
      expect(request?.idempotent).toBe(true);
    });
  });

  describe('IAM token failures, whole lines', () => {
    const body = '{"error":{"code":"IAM.0001","message":"no"}}';

    it('password, HTTP 401', async () => {
      const { transport } = recording({ status: 401, headers: {}, body, requestId: 'q' });
      expect((await failure(passwordToken(transport, iam, login, 'p')))?.describe()).toBe(
        'IAM password authentication failed: HTTP 401 IAM.0001: no (request ID q). Hint: `username` is the IAM user name and `domain-name` the account (domain) name, both on the console page My Credentials; check the password, and note that users who sign in through federation have no IAM password',
      );
    });

    it('OpenID Connect, HTTP 403', async () => {
      const { transport } = recording({ status: 403, headers: {}, body, requestId: 'q' });
      expect((await failure(oidcToken(transport, iam, 'idp', 'jwt', 'p')))?.describe()).toBe(
        "IAM OpenID Connect authentication failed: HTTP 403 IAM.0001: no (request ID q). Hint: no mapping rule of the identity provider matched this workflow's token (check the rules' conditions, e.g. on `repository` or `sub`), or the mapped user group lacks permissions in this project",
      );
    });

    it('OpenID Connect for the unscoped token, HTTP 401: the flow named, the ID-token hint', async () => {
      const { transport } = recording({ status: 401, headers: {}, body, requestId: 'q' });
      expect((await failure(oidcToken(transport, iam, 'idp', 'jwt', undefined)))?.describe()).toBe(
        "IAM OpenID Connect authentication for an unscoped token (for temporary OBS keys) failed: HTTP 401 IAM.0001: no (request ID q). Hint: IAM rejected the GitHub ID token: the identity provider must have issuer https://token.actions.githubusercontent.com and a client ID equal to `oidc-audience` (GitHub's default audience is https://github.com/OWNER)",
      );
    });

    it('a token header on an error status is not taken as a token', async () => {
      const { transport } = recording({ status: 202, headers: { 'x-subject-token': 'T' }, body: '' });
      expect((await failure(passwordToken(transport, iam, login, 'p')))?.describe()).toBe(
        'IAM password authentication failed: HTTP 202: (empty body)',
      );
    });

    it('OpenID Connect success without the header names the flow', async () => {
      const { transport } = recording({ status: 200, headers: { 'x-subject-token': '' }, body: '{}' });
      expect((await failure(oidcToken(transport, iam, 'idp', 'jwt', 'p')))?.describe()).toBe(
        'IAM OpenID Connect authentication failed: IAM answered HTTP 200 without an X-Subject-Token header. Hint: check that `iam-endpoint` points at IAM, not at a proxy or another service',
      );
    });

    it.each([
      ['password', 500],
      ['oidc', 503],
      ['password', 429],
    ] as const)('%s, HTTP %i: the general table’s hint', async (flow, status) => {
      const { transport } = recording({ status, headers: {}, body: '{"error_code":"APIGW.0613","error_msg":"down"}' });
      const error = await failure(
        flow === 'password' ? passwordToken(transport, iam, login, 'p') : oidcToken(transport, iam, 'i', 'j', 'p'),
      );
      expect(error?.hint).toBe(hintFor('APIGW.0613', status));
    });

    it('every hint whole, by flow and status', () => {
      expect(iamHint('password', 403)).toBe(
        'the user may not obtain a token for this project: check the project ID and any IAM login protection or access restriction',
      );
      expect(iamHint('password', 404)).toBe(
        'check `project-id` and `iam-endpoint`/`region`: the project must belong to the account',
      );
      expect(iamHint('oidc', 401)).toBe(
        "IAM rejected the GitHub ID token: the identity provider must have issuer https://token.actions.githubusercontent.com and a client ID equal to `oidc-audience` (GitHub's default audience is https://github.com/OWNER)",
      );
      expect(iamHint('oidc', 404)).toBe(
        "check `identity-provider`: it is the identity provider's ID (IAM console → Identity Providers), and the provider must use the OpenID Connect protocol",
      );
      for (const status of [200, 400, 402, 405, 500]) {
        expect(iamHint('password', status)).toBeUndefined();
        expect(iamHint('oidc', status)).toBeUndefined();
      }
    });
  });
});

/** IAM token answers: the token header, and the hints for each flow and status. */
describe('iam', () => {
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
        flow === 'password'
          ? passwordToken(transport, iam, login, 'p1')
          : oidcToken(transport, iam, 'idp', 'jwt', 'p1'),
      );
      expect(error?.describe()).toMatch(new RegExp(`HTTP ${status} IAM\\.0001: no\\. Hint: `));
      expect(error?.hint).toMatch(hint);
    });

    it('other statuses get the generic hint', () => {
      expect(iamHint('password', 500)).toBeUndefined();
      expect(iamHint('oidc', 500)).toBeUndefined();
    });
  });
});
