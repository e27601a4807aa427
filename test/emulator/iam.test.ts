import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { getIDToken } from '@actions/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeJwt, signJwt, verifyRs256 } from './jwt.ts';
import {
  DEFAULT_AUDIENCE,
  DEFAULT_DOMAIN,
  DEFAULT_IDP_ID,
  DEFAULT_PASSWORD,
  DEFAULT_PROJECT_ID,
  DEFAULT_USERNAME,
  type Emulator,
  type EmulatorOptions,
  GITHUB_ISSUER,
  startEmulator,
} from './server.ts';

const OTHER_PROJECT = 'ffffffffffffffffffffffffffffffff';

interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
  text: string;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, json, text };
}

function passwordBody(
  overrides: { name?: string; password?: string; domain?: string; projectId?: string } = {},
): Record<string, unknown> {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: {
            name: overrides.name ?? DEFAULT_USERNAME,
            password: overrides.password ?? DEFAULT_PASSWORD,
            domain: { name: overrides.domain ?? DEFAULT_DOMAIN },
          },
        },
      },
      scope: { project: { id: overrides.projectId ?? DEFAULT_PROJECT_ID } },
    },
  };
}

let emulator: Emulator;

async function start(options: EmulatorOptions = {}): Promise<void> {
  await emulator?.close();
  emulator = await startEmulator(options);
}

beforeEach(async () => {
  emulator = await startEmulator();
});

afterEach(async () => {
  await emulator.close();
});

async function passwordToken(body: unknown): Promise<Answer> {
  const response = await fetch(`${emulator.url}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json;charset=utf8' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return answer(response);
}

async function oidcToken(
  idToken: string,
  options: { idpId?: string; projectId?: string; unscoped?: boolean } = {},
): Promise<Answer> {
  const scope = options.unscoped ? {} : { scope: { project: { id: options.projectId ?? DEFAULT_PROJECT_ID } } };
  const response = await fetch(`${emulator.url}/v3.0/OS-AUTH/id-token/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json;charset=utf8', 'x-idp-id': options.idpId ?? DEFAULT_IDP_ID },
    body: JSON.stringify({ auth: { id_token: { id: idToken }, ...scope } }),
  });
  return answer(response);
}

async function securityTokens(token: string, durationSeconds = 900): Promise<Answer> {
  const response = await fetch(`${emulator.url}/v3.0/OS-CREDENTIAL/securitytokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json;charset=utf8', 'x-auth-token': token },
    body: JSON.stringify({
      auth: { identity: { methods: ['token'], token: { duration_seconds: durationSeconds } } },
    }),
  });
  return answer(response);
}

async function githubIdToken(audience?: string, requestToken?: string): Promise<Answer> {
  const env = emulator.githubIdTokenEnv;
  const url =
    audience === undefined
      ? env.ACTIONS_ID_TOKEN_REQUEST_URL
      : `${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(audience)}`;
  const response = await fetch(url, {
    headers: {
      authorization: `Bearer ${requestToken ?? env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`,
      accept: 'application/json',
    },
  });
  return answer(response);
}

function claimsOf(jwt: string): Record<string, unknown> {
  const decoded = decodeJwt(jwt);
  if (decoded === undefined) throw new Error(`not a JWT: ${jwt}`);
  return decoded.claims;
}

describe('IAM password tokens', () => {
  it('issues a 24 h project-scoped token in X-Subject-Token with 201', async () => {
    const before = Date.now();
    const ok = await passwordToken(passwordBody());
    expect(ok.status).toBe(201);
    const token = ok.headers.get('x-subject-token') ?? '';
    expect(token).toMatch(/^MIIT[A-Za-z0-9_-]{200}$/);
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(ok.json).toMatchObject({
      token: {
        methods: ['password'],
        project: { id: DEFAULT_PROJECT_ID, name: 'eu-de_demo' },
        user: { name: DEFAULT_USERNAME, domain: { name: DEFAULT_DOMAIN } },
      },
    });
    const expiresAt = Date.parse(String((ok.json.token as Record<string, unknown>).expires_at));
    expect(expiresAt - before).toBeGreaterThanOrEqual(24 * 3600 * 1000 - 1000);
    expect(expiresAt - before).toBeLessThanOrEqual(24 * 3600 * 1000 + 5000);

    const second = await passwordToken(passwordBody());
    expect(second.headers.get('x-subject-token')).not.toBe(token);
    expect(emulator.issuedTokens).toEqual([token, second.headers.get('x-subject-token')]);
    expect(emulator.requests.map((r) => [r.operation, r.status, r.accepted])).toEqual([
      ['iam-password', 201, true],
      ['iam-password', 201, true],
    ]);
  });

  it('answers a malformed body with 400 IAM.0011', async () => {
    const invalid = { error_msg: 'Request body is invalid.', error_code: 'IAM.0011' };
    const bodies: unknown[] = [
      'not json',
      '[]',
      { auth: {} },
      { auth: { identity: { methods: ['password'] } } },
      { auth: { identity: { methods: 'password', password: { user: { name: 'a', password: 'b' } } } } },
      {
        auth: {
          identity: { methods: ['password'], password: { user: { name: 'a', password: 'b', domain: { name: 1 } } } },
        },
      },
      { auth: { ...(passwordBody().auth as object), scope: { project: {} } } },
    ];
    for (const body of bodies) {
      const result = await passwordToken(body);
      expect([result.status, result.json]).toEqual([400, invalid]);
    }
    expect(emulator.issuedTokens).toEqual([]);
  });

  it('answers a wrong user, password or domain with 401 IAM.0001 and an unknown project with 404 IAM.0004', async () => {
    const wrong = { error_msg: 'The username or password is wrong.', error_code: 'IAM.0001' };
    for (const overrides of [{ name: 'someone' }, { password: 'guess' }, { domain: 'other-domain' }]) {
      const result = await passwordToken(passwordBody(overrides));
      expect([result.status, result.json]).toEqual([401, wrong]);
      expect(result.headers.get('x-subject-token')).toBeNull();
    }
    const unknownProject = await passwordToken(passwordBody({ projectId: OTHER_PROJECT }));
    expect(unknownProject.status).toBe(404);
    expect(unknownProject.json).toEqual({
      error_msg: `Could not find project: ${OTHER_PROJECT}`,
      error_code: 'IAM.0004',
    });
    expect(emulator.issuedTokens).toEqual([]);
    expect(emulator.requests.every((r) => r.operation === 'iam-password' && !r.accepted)).toBe(true);
  });

  it('uses the users option', async () => {
    await start({ users: [{ name: 'alice', password: 'pw', domain: 'wonderland' }] });
    expect((await passwordToken(passwordBody())).status).toBe(401);
    const ok = await passwordToken(passwordBody({ name: 'alice', password: 'pw', domain: 'wonderland' }));
    expect(ok.status).toBe(201);
  });

  it('plays scripted faults before handling', async () => {
    emulator.script('iam-password', [
      { status: 503, body: { error_msg: 'down', error_code: 'IAM.0006' } },
      { kind: 'reset' },
      { kind: 'ok' },
    ]);
    const down = await passwordToken(passwordBody());
    expect([down.status, down.json.error_code]).toEqual([503, 'IAM.0006']);
    expect(down.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    await expect(passwordToken(passwordBody())).rejects.toThrow();
    expect((await passwordToken(passwordBody())).status).toBe(201);
    expect((await passwordToken(passwordBody())).status).toBe(201);
    expect(emulator.issuedTokens).toHaveLength(2);
  });
});

describe('GitHub ID-token stand-in', () => {
  it('issues an RS256 JWT that verifies with the stand-in key, aud following the audience parameter', async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await githubIdToken('my-audience');
    expect(result.status).toBe(200);
    const jwt = String(result.json.value);
    const decoded = decodeJwt(jwt);
    expect(decoded?.header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'emulator' });
    expect(decoded !== undefined && verifyRs256(decoded, emulator.githubPublicKeyPem)).toBe(true);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(decoded !== undefined && verifyRs256(decoded, other)).toBe(false);

    const claims = claimsOf(jwt);
    expect(claims).toMatchObject({
      iss: GITHUB_ISSUER,
      aud: 'my-audience',
      sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      repository: 'octo-org/octo-repo',
      repository_owner: 'octo-org',
      ref: 'refs/heads/main',
      event_name: 'push',
    });
    expect(typeof claims.workflow).toBe('string');
    expect(typeof claims.jti).toBe('string');
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.nbf).toBe(claims.iat);
    expect(claims.exp).toBe(Number(claims.iat) + 300);

    const defaulted = await githubIdToken();
    expect(claimsOf(String(defaulted.json.value)).aud).toBe(DEFAULT_AUDIENCE);
    expect(emulator.issuedIdTokens).toEqual([jwt, defaulted.json.value]);
    expect(emulator.requests.map((r) => [r.operation, r.status])).toEqual([
      ['github-id-token', 200],
      ['github-id-token', 200],
    ]);
  });

  it('rejects a wrong request token with 401', async () => {
    const result = await githubIdToken(undefined, 'not-the-token');
    expect(result.status).toBe(401);
    expect(typeof result.json.message).toBe('string');
    expect(result.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    const missing = await answer(await fetch(emulator.githubIdTokenEnv.ACTIONS_ID_TOKEN_REQUEST_URL));
    expect(missing.status).toBe(401);
    expect(emulator.issuedIdTokens).toEqual([]);
  });

  it('applies githubClaims, the default aud following the owner', async () => {
    await start({ githubClaims: { repository: 'acme/app', repository_owner: 'acme', environment: 'prod' } });
    const claims = claimsOf(String((await githubIdToken()).json.value));
    expect(claims).toMatchObject({ aud: 'https://github.com/acme', repository: 'acme/app', environment: 'prod' });
  });

  it('speaks the protocol of @actions/core getIDToken', async () => {
    const saved = { ...process.env };
    const writes: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    Object.assign(process.env, emulator.githubIdTokenEnv);
    process.stdout.write = ((chunk: string | Uint8Array) => writes.push(String(chunk)) > 0) as typeof write;
    try {
      const jwt = await getIDToken('sts.example.com');
      expect(claimsOf(jwt).aud).toBe('sts.example.com');
      expect(emulator.issuedIdTokens).toEqual([jwt]);
    } finally {
      process.stdout.write = write;
      for (const name of Object.keys(emulator.githubIdTokenEnv)) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });
});

describe('IAM OpenID Connect tokens', () => {
  it('trades a GitHub ID token with the default audience for a project token', async () => {
    const jwt = String((await githubIdToken()).json.value);
    const ok = await oidcToken(jwt);
    expect(ok.status).toBe(201);
    const token = ok.headers.get('x-subject-token') ?? '';
    expect(token).toMatch(/^MIIT[A-Za-z0-9_-]{200}$/);
    expect(ok.json).toMatchObject({
      token: {
        methods: ['mapped'],
        project: { id: DEFAULT_PROJECT_ID, name: 'eu-de_demo' },
        user: { 'OS-FEDERATION': { identity_provider: { id: DEFAULT_IDP_ID }, protocol: { id: 'oidc' } } },
      },
    });
    expect(emulator.issuedTokens).toEqual([token]);
    expect(emulator.requests.map((r) => [r.operation, r.status, r.accepted])).toEqual([
      ['github-id-token', 200, true],
      ['iam-oidc', 201, true],
    ]);
  });

  it('answers an unknown identity provider with 404 IAM.0004', async () => {
    const result = await oidcToken(emulator.mintIdToken(), { idpId: 'nope' });
    expect([result.status, result.json]).toEqual([
      404,
      { error_msg: 'Could not find identity provider: nope', error_code: 'IAM.0004' },
    ]);
  });

  it('answers a wrong audience with 401 IAM.0001', async () => {
    const jwt = String((await githubIdToken('sts.example.com')).json.value);
    const result = await oidcToken(jwt);
    expect(result.status).toBe(401);
    expect(result.json).toEqual({
      error_msg: `The ID token's audience does not match the client ID of identity provider ${DEFAULT_IDP_ID}.`,
      error_code: 'IAM.0001',
    });
    const asArray = await oidcToken(emulator.mintIdToken({ aud: ['x', DEFAULT_AUDIENCE] }));
    expect(asArray.status).toBe(201);
  });

  it('rejects expired, not-yet-valid, tampered, foreign-signed and wrong-issuer tokens with 401 IAM.0001', async () => {
    const now = Math.floor(Date.now() / 1000);
    const genuine = emulator.mintIdToken();
    const [header, payload, signature] = genuine.split('.');
    const tamperedPayload = Buffer.from(
      JSON.stringify({ ...claimsOf(genuine), repository: 'octo-org/octo-repo', sub: 'repo:evil/evil' }),
    ).toString('base64url');
    const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const cases: Array<[string, RegExp]> = [
      [emulator.mintIdToken({ exp: now - 10, iat: now - 400, nbf: now - 400 }), /expired/],
      [emulator.mintIdToken({ exp: undefined }), /no exp claim/],
      [emulator.mintIdToken({ nbf: now + 600 }), /not valid yet/],
      [emulator.mintIdToken({ iat: now + 600 }), /issued in the future/],
      [`${header}.${tamperedPayload}.${signature}`, /signature/],
      [signJwt(claimsOf(genuine), foreignKey, { kid: 'emulator' }), /signature/],
      [emulator.mintIdToken({ iss: 'https://evil.example.com' }), /issuer/],
      [`${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`, /algorithm/],
      ['not-a-jwt', /well-formed/],
    ];
    for (const [jwt, message] of cases) {
      const result = await oidcToken(jwt);
      expect(result.status, String(message)).toBe(401);
      expect(result.json.error_code).toBe('IAM.0001');
      expect(String(result.json.error_msg)).toMatch(message);
    }
    // within the 60 s leeway
    expect((await oidcToken(emulator.mintIdToken({ nbf: now + 30, iat: now + 30 }))).status).toBe(201);
    expect(emulator.issuedTokens).toHaveLength(1);
    expect(createPublicKey(emulator.githubPublicKeyPem).asymmetricKeyType).toBe('rsa');
  });

  it('answers a token no mapping rule matches with 403 IAM.0003', async () => {
    const result = await oidcToken(emulator.mintIdToken({ repository: 'octo-org/other-repo' }));
    expect([result.status, result.json]).toEqual([
      403,
      { error_msg: `No mapping rule of identity provider ${DEFAULT_IDP_ID} matched the token`, error_code: 'IAM.0003' },
    ]);
  });

  it('uses the identityProviders option: issuer, client ID and all rules', async () => {
    await start({
      identityProviders: [
        {
          id: 'strict',
          clientId: 'sts.example.com',
          rules: [
            { claim: 'repository', equals: 'octo-org/octo-repo' },
            { claim: 'ref', equals: 'refs/heads/release' },
          ],
        },
        { id: 'open', clientId: 'sts.example.com' },
        { id: 'other-issuer', clientId: 'sts.example.com', issuer: 'https://issuer.example.com' },
      ],
    });
    const jwt = emulator.mintIdToken({}, 'sts.example.com');
    expect((await oidcToken(jwt, { idpId: DEFAULT_IDP_ID })).status).toBe(404);
    expect((await oidcToken(jwt, { idpId: 'strict' })).status).toBe(403);
    expect(
      (await oidcToken(emulator.mintIdToken({ ref: 'refs/heads/release' }, 'sts.example.com'), { idpId: 'strict' }))
        .status,
    ).toBe(201);
    expect((await oidcToken(jwt, { idpId: 'open' })).status).toBe(201);
    expect((await oidcToken(jwt, { idpId: 'other-issuer' })).json.error_msg).toMatch(/issuer/);
  });

  it('answers an unknown project with 404 and a malformed body with 400', async () => {
    const unknown = await oidcToken(emulator.mintIdToken(), { projectId: OTHER_PROJECT });
    expect([unknown.status, unknown.json.error_code, unknown.json.error_msg]).toEqual([
      404,
      'IAM.0004',
      `Could not find project: ${OTHER_PROJECT}`,
    ]);
    const malformed = await answer(
      await fetch(`${emulator.url}/v3.0/OS-AUTH/id-token/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-idp-id': DEFAULT_IDP_ID },
        body: '{"auth":{"id_token":{}}}',
      }),
    );
    expect([malformed.status, malformed.json.error_code]).toEqual([400, 'IAM.0011']);
    const noIdp = await answer(
      await fetch(`${emulator.url}/v3.0/OS-AUTH/id-token/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ auth: { id_token: { id: emulator.mintIdToken() } } }),
      }),
    );
    expect([noIdp.status, noIdp.json.error_code]).toEqual([400, 'IAM.0011']);
  });

  it('plays scripted faults for iam-oidc and github-id-token', async () => {
    emulator.script('github-id-token', [{ status: 500, body: { message: 'boom' } }]);
    emulator.script('iam-oidc', [{ status: 429, body: { error_msg: 'slow down', error_code: 'IAM.0007' } }]);
    expect((await githubIdToken()).status).toBe(500);
    const jwt = String((await githubIdToken()).json.value);
    expect((await oidcToken(jwt)).status).toBe(429);
    expect((await oidcToken(jwt)).status).toBe(201);
  });
});

describe('DLI with IAM tokens', () => {
  const listUrl = (projectId: string): string => `/v1.0/${projectId}/streaming/jobs`;

  async function dli(token: string, path: string, init: RequestInit = {}): Promise<Answer> {
    const headers = { 'x-auth-token': token, ...(init.headers as Record<string, string> | undefined) };
    return answer(await fetch(`${emulator.url}${path}`, { ...init, headers }));
  }

  it('accepts a password token for its project, without a signature, for list and export', async () => {
    const token = (await passwordToken(passwordBody())).headers.get('x-subject-token') ?? '';
    const list = await dli(token, listUrl(DEFAULT_PROJECT_ID));
    expect(list.status).toBe(200);
    expect(list.json.is_success).toBe(true);
    const exported = await dli(token, `${listUrl(DEFAULT_PROJECT_ID)}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"obs_dir":"dli-backups/ci","is_selected":true,"job_selected":[146]}',
    });
    expect(exported.status).toBe(200);
    expect(emulator.exports.map((e) => e.jobIds)).toEqual([['146']]);
    expect(emulator.requests.map((r) => [r.operation, r.accepted])).toEqual([
      ['iam-password', true],
      ['list', true],
      ['export', true],
    ]);
  });

  it('accepts an OIDC token', async () => {
    const jwt = String((await githubIdToken()).json.value);
    const token = (await oidcToken(jwt)).headers.get('x-subject-token') ?? '';
    expect((await dli(token, listUrl(DEFAULT_PROJECT_ID))).status).toBe(200);
  });

  it('rejects a token issued for another project, a random or unscoped token with 401 APIGW.0301', async () => {
    const otherProject = 'aaaabbbbccccddddeeeeffff00001111';
    await start({ projectId: otherProject });
    const foreign = await passwordToken(passwordBody({ projectId: otherProject }));
    expect(foreign.status).toBe(201);
    await start();
    const own = (await passwordToken(passwordBody())).headers.get('x-subject-token') ?? '';
    // a token issued for another project (by another emulator's IAM), and random ones
    for (const token of [foreign.headers.get('x-subject-token') ?? '', `MIIT${'A'.repeat(200)}`, 'random']) {
      const result = await dli(token, listUrl(DEFAULT_PROJECT_ID));
      expect(result.status).toBe(401);
      expect(result.json).toEqual({
        error_code: 'APIGW.0301',
        error_msg: 'Incorrect IAM authentication information: token verification failed',
        request_id: result.headers.get('x-request-id'),
      });
    }
    const unscopedBody = passwordBody();
    delete (unscopedBody.auth as Record<string, unknown>).scope;
    const unscoped = await passwordToken(unscopedBody);
    expect(unscoped.status).toBe(201);
    expect((unscoped.json.token as Record<string, unknown>).project).toBeUndefined();
    const unscopedToken = unscoped.headers.get('x-subject-token') ?? '';
    expect((await dli(unscopedToken, listUrl(DEFAULT_PROJECT_ID))).json.error_code).toBe('APIGW.0301');
    expect((await dli(own, listUrl(DEFAULT_PROJECT_ID))).status).toBe(200);
  });

  it('scopes the token to the project in the path', async () => {
    const token = (await passwordToken(passwordBody())).headers.get('x-subject-token') ?? '';
    // another project in the path is not routed at all (APIGW.0101); the token is checked against the path
    expect((await dli(token, listUrl(OTHER_PROJECT))).json.error_code).toBe('APIGW.0101');
    expect((await dli(token, listUrl(DEFAULT_PROJECT_ID))).status).toBe(200);
  });

  it('answers an expired token with 401 APIGW.0307, keeps tokens valid across reset()', async () => {
    let clock = Date.now();
    await start({ now: () => new Date(clock) });
    const token = (await passwordToken(passwordBody())).headers.get('x-subject-token') ?? '';
    emulator.reset();
    expect(emulator.issuedTokens).toEqual([]);
    expect((await dli(token, listUrl(DEFAULT_PROJECT_ID))).status).toBe(200);
    clock += 24 * 3600 * 1000 + 1;
    const expired = await dli(token, listUrl(DEFAULT_PROJECT_ID));
    expect([expired.status, expired.json.error_code]).toEqual([401, 'APIGW.0307']);
  });
});

describe('IAM temporary access keys (securitytokens), by reading of the IAM pages', () => {
  const subjectToken = (result: Answer): string => result.headers.get('x-subject-token') ?? '';
  const federated = async (unscoped: boolean): Promise<string> =>
    subjectToken(await oidcToken(emulator.mintIdToken(), { unscoped }));
  const unscopedPasswordBody = (): Record<string, unknown> => {
    const body = passwordBody();
    delete (body.auth as Record<string, unknown>).scope;
    return body;
  };

  it("Huawei Cloud (default): a federated user's token only when unscoped (iam_04_0003); a user's token of any scope", async () => {
    const scoped = await securityTokens(await federated(false));
    expect([scoped.status, scoped.json]).toEqual([
      401,
      {
        error_code: 'IAM.0001',
        error_msg: 'A federated user obtains temporary access keys and security tokens only with an unscoped token.',
      },
    ]);
    const unscoped = await securityTokens(await federated(true));
    expect(unscoped.status).toBe(201);
    expect(unscoped.json.credential).toMatchObject({ access: expect.stringMatching(/^TMP/) });
    for (const body of [passwordBody(), unscopedPasswordBody()]) {
      expect((await securityTokens(subjectToken(await passwordToken(body)))).status).toBe(201);
    }
    expect(emulator.temporaryKeys).toHaveLength(3);
  });

  it('Open Telekom Cloud: "user token, agency token, and federated token", whatever the scope', async () => {
    await start({ iamReading: 'open-telekom-cloud' });
    for (const unscoped of [false, true]) expect((await securityTokens(await federated(unscoped))).status).toBe(201);
    expect((await securityTokens(subjectToken(await passwordToken(unscopedPasswordBody())))).status).toBe(201);
  });

  it('on both clouds DLI refuses the unscoped federated token, which only buys temporary keys', async () => {
    const result = await answer(
      await fetch(`${emulator.url}/v1.0/${DEFAULT_PROJECT_ID}/streaming/jobs`, {
        headers: { 'x-auth-token': await federated(true) },
      }),
    );
    expect([result.status, result.json.error_code]).toEqual([401, 'APIGW.0301']);
  });

  it('keys live duration_seconds, or the test-only temporaryKeyLifetimeMs', async () => {
    const clock = Date.parse('2026-12-07T10:00:00Z');
    await start({ now: () => new Date(clock) });
    const token = await federated(true);
    expect((await securityTokens(token, 3600)).json.credential).toMatchObject({
      expires_at: '2026-12-07T11:00:00.000Z',
    });
    await start({ now: () => new Date(clock), temporaryKeyLifetimeMs: 1500 });
    expect((await securityTokens(await federated(true))).json.credential).toMatchObject({
      expires_at: '2026-12-07T10:00:01.500Z',
    });
  });
});
