/**
 * Downloads through dist/index.js: the exported ZIPs land in download-dir, byte-identical to the emulated OBS
 * objects, in every authentication mode; every OBS request validly signed; each fault ends as described.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_DOMAIN,
  DEFAULT_IDP_ID,
  DEFAULT_PASSWORD,
  DEFAULT_USERNAME,
  type Emulator,
  startEmulator,
} from '../emulator/server.ts';
import { TEMPORARY_KEY, useEmulator } from '../support/emulator.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { accessKeyInputs, type RunResult, runAction } from './run-action.ts';

const TEMPORARY = TEMPORARY_KEY;
const emulator = useEmulator({ temporaryKeys: [TEMPORARY] });
let workspace: string;
useTempDir('dli-workspace-', (path) => {
  workspace = path;
});

const inputs = (overrides: Record<string, string> = {}) =>
  accessKeyInputs({
    endpoint: emulator.url,
    'obs-endpoint': emulator.obs.url,
    'download-dir': 'exports',
    'job-ids': '146, 2048',
    ...overrides,
  });
const run = (overrides: Record<string, string> = {}, env: Record<string, string> = {}) =>
  runAction({ inputs: inputs(overrides), env: { GITHUB_WORKSPACE: workspace, ...env } });
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The one exported ZIP: its object bytes and the local file, which must be identical. */
async function expectDownloaded(result: RunResult): Promise<{ zip: string; path: string; body: Buffer }> {
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  const zip = emulator.exports[0]?.zipFile ?? '';
  const body = emulator.obs.objects.get(zip)?.body ?? Buffer.alloc(0);
  expect(body.subarray(0, 4)).toEqual(Buffer.from('PK\u0003\u0004'));
  const path = join(workspace, 'exports', zip.slice(zip.lastIndexOf('/') + 1));
  expect(await readFile(path)).toEqual(body);
  expect(result.outputs.files).toBe(JSON.stringify([path]));
  expect(result.outputs.file).toBe(path);
  expect(result.outputs['zip-file']).toBe(zip);
  expect(result.summary).toContain(
    `<tr><td><code>${path}</code></td><td align="right">${body.length}</td><td><code>${sha256(body)}</code></td></tr>`,
  );
  expect(emulator.obs.requests.length).toBeGreaterThan(0);
  expect(emulator.obs.requests.every((request) => request.accepted)).toBe(true);
  expect(await readdir(join(workspace, 'exports'))).toEqual([path.slice(path.lastIndexOf('/') + 1)]);
  return { zip, path, body };
}

describe('download-dir, in every authentication mode', () => {
  it('access keys: the ZIP is downloaded byte-identical, with outputs and summary, the GET signed with the access key', async () => {
    const result = await run();
    const { zip } = await expectDownloaded(result);
    expect(emulator.obs.requests).toHaveLength(1);
    expect(emulator.obs.requests[0]).toMatchObject({
      method: 'GET',
      addressing: 'path-style',
      path: `/${zip}`,
      accessKey: 'EMULATORACCESSKEY0001',
      status: 200,
    });
    expect(emulator.obs.requests[0]?.headers.authorization).toMatch(/^OBS EMULATORACCESSKEY0001:[A-Za-z0-9+/]{27}=$/);
    expect(result.stdout).toMatch(
      /Downloaded obs:\/\/dli-backups\/nightly\/aggregate_\d+\.zip to .*: \d+ bytes, SHA-256 [0-9a-f]{64}/,
    );
  });

  it('temporary keys: OBS gets x-obs-security-token, signed, and the token is masked', async () => {
    const result = await run({
      'access-key': TEMPORARY.accessKey,
      'secret-key': TEMPORARY.secretKey,
      'security-token': TEMPORARY.securityToken,
    });
    await expectDownloaded(result);
    expect(emulator.obs.requests[0]).toMatchObject({ accessKey: TEMPORARY.accessKey });
    expect(emulator.obs.requests[0]?.headers['x-obs-security-token']).toBe(TEMPORARY.securityToken);
    expect(result.masks).toContain(TEMPORARY.securityToken);
    expect(result.visible).not.toContain(TEMPORARY.securityToken);
  });

  it('IAM password (a token mode): the token is traded for temporary keys, masked at once, which sign the GET', async () => {
    const result = await run({
      'access-key': '',
      'secret-key': '',
      username: DEFAULT_USERNAME,
      password: DEFAULT_PASSWORD,
      'domain-name': DEFAULT_DOMAIN,
      'iam-endpoint': emulator.url,
    });
    await expectDownloaded(result);
    expect(emulator.requests.map((request) => `${request.operation}:${request.status}`)).toEqual([
      'iam-password:201',
      'export:200',
      'iam-securitytoken:201',
    ]);
    const [key] = emulator.temporaryKeys;
    expect(emulator.requests[2]?.headers['x-auth-token']).toBe(emulator.issuedTokens[0]);
    expect(result.masks).toEqual(expect.arrayContaining([key?.secretKey, key?.securityToken]));
    expect(result.visible).not.toContain(key?.secretKey);
    expect(result.visible).not.toContain(key?.securityToken);
    expect(emulator.obs.requests[0]).toMatchObject({ accessKey: key?.accessKey, accepted: true });
    expect(emulator.obs.requests[0]?.headers['x-obs-security-token']).toBe(key?.securityToken);
  });

  it("keyless OpenID Connect: DLI gets the project-scoped token, OBS temporary keys from the federation's unscoped token (Huawei Cloud, iam_04_0003)", async () => {
    const result = await runAction({
      inputs: inputs({
        'access-key': '',
        'secret-key': '',
        'identity-provider': DEFAULT_IDP_ID,
        'iam-endpoint': emulator.url,
      }),
      env: { GITHUB_WORKSPACE: workspace, ...emulator.githubIdTokenEnv },
    });
    await expectDownloaded(result);
    expect(emulator.requests.map((request) => `${request.operation}:${request.status}`)).toEqual([
      'github-id-token:200',
      'iam-oidc:201',
      'iam-oidc:201',
      'export:200',
      'iam-securitytoken:201',
    ]);
    const [idToken] = emulator.issuedIdTokens;
    const [scoped, unscoped] = emulator.issuedTokens;
    // The same ID token twice: scoped to the project for DLI, then without a scope.
    expect(JSON.parse(emulator.requests[1]?.body ?? '')).toEqual({
      auth: { id_token: { id: idToken }, scope: { project: { id: emulator.projectId } } },
    });
    expect(JSON.parse(emulator.requests[2]?.body ?? '')).toEqual({ auth: { id_token: { id: idToken } } });
    expect(emulator.requests[3]?.headers['x-auth-token']).toBe(scoped);
    expect(emulator.requests[4]?.headers['x-auth-token']).toBe(unscoped);
    const [key] = emulator.temporaryKeys;
    expect(result.masks).toEqual(expect.arrayContaining([unscoped, key?.secretKey, key?.securityToken]));
    for (const secret of [scoped, unscoped, key?.secretKey, key?.securityToken]) {
      expect(result.visible).not.toContain(secret);
    }
    expect(emulator.obs.requests[0]).toMatchObject({ accessKey: key?.accessKey, accepted: true });
    expect(result.stdout).toContain(`OBS: temporary access key ${key?.accessKey} from IAM, valid 900 s`);
    // The unscoped token is one more request before the export, in the bound the step prints.
    expect(result.stdout).toMatch(/this step within 20 min \(5 request\(s\) in turn/);
  });

  it("keyless OpenID Connect, Open Telekom Cloud's reading (any federated token): the same requests, the download works", async () => {
    const otc = await startEmulator({ iamReading: 'open-telekom-cloud' });
    try {
      const result = await runAction({
        inputs: inputs({
          'access-key': '',
          'secret-key': '',
          endpoint: otc.url,
          'obs-endpoint': otc.obs.url,
          'identity-provider': DEFAULT_IDP_ID,
          'iam-endpoint': otc.url,
        }),
        env: { GITHUB_WORKSPACE: workspace, ...otc.githubIdTokenEnv },
      });
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(otc.requests.map((request) => `${request.operation}:${request.status}`)).toEqual([
        'github-id-token:200',
        'iam-oidc:201',
        'iam-oidc:201',
        'export:200',
        'iam-securitytoken:201',
      ]);
      expect(otc.obs.requests.map((request) => [request.status, request.accessKey])).toEqual([
        [200, otc.temporaryKeys[0]?.accessKey],
      ]);
    } finally {
      await otc.close();
    }
  });

  it('object keys with spaces, +, % and unicode are encoded in the URL and signed as OBS expects', async () => {
    const result = await run({ 'obs-dir': 'dli-backups/my exports/ü+100%' });
    const { zip } = await expectDownloaded(result);
    expect(zip).toMatch(/^dli-backups\/my exports\/ü\+100%\/aggregate_\d+\.zip$/);
    expect(emulator.obs.requests[0]?.path).toMatch(
      /^\/dli-backups\/my%20exports\/%C3%BC%2B100%25\/aggregate_\d+\.zip$/,
    );
  });

  it('without download-dir nothing is downloaded and files is []', async () => {
    const result = await run({ 'download-dir': '' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.files).toBe('[]');
    expect(result.outputs.file).toBe('');
    expect(emulator.obs.requests).toHaveLength(0);
  });

  it('a dry run downloads nothing and says what it would do', async () => {
    const result = await run({ 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      `Dry run: each ZIP DLI lists would be downloaded from ${emulator.obs.url}/dli-backups/… into ${join(workspace, 'exports')}`,
    );
    expect(emulator.obs.requests).toHaveLength(0);
    expect(emulator.requests).toHaveLength(0);
  });
});

describe('faults end as described', () => {
  it('late appearance: 404 NoSuchKey, then the object is there', async () => {
    emulator.obs.script([{ kind: 'missing' }, { kind: 'missing' }]);
    const result = await run();
    await expectDownloaded(result);
    expect(emulator.obs.requests.map((request) => request.status)).toEqual([404, 404, 200]);
    expect(result.warnings[0]).toMatch(/is not there yet \(404 NoSuchKey\)/);
  });

  it.each([
    ['a truncated body', { kind: 'truncate' as const }, /broke off after \d+ bytes/],
    ['a wrong ETag', { kind: 'wrong-etag' as const }, /MD5 [0-9a-f]{32} differs from the ETag/],
    ['a 503', { kind: 'error' as const, status: 503, code: 'ServiceUnavailable' }, /HTTP 503 ServiceUnavailable/],
  ])('%s is retried and the file is right', async (_name, fault, warning) => {
    emulator.obs.script([fault]);
    const result = await run();
    await expectDownloaded(result);
    expect(emulator.obs.requests).toHaveLength(2);
    expect(result.warnings).toEqual([expect.stringMatching(warning)]);
  });

  it('403 AccessDenied: one actionable error line, not retried, no file; the export outputs are still set', async () => {
    emulator.obs.script([{ kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied' }]);
    const result = await run({ 'max-attempts': '5' });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^Downloading obs:\/\/dli-backups\/nightly\/aggregate_\d+\.zip failed: HTTP 403 AccessDenied: Access Denied \(request ID [0-9A-F]+\)\. Hint: the credentials need permission `obs:object:GetObject` on dli-backups/,
      ),
    ]);
    expect(emulator.obs.requests).toHaveLength(1);
    expect(result.outputs['zip-file']).toMatch(/aggregate_\d+\.zip$/);
    expect(await readdir(workspace)).toEqual(['exports']);
    expect(await readdir(join(workspace, 'exports'))).toEqual([]);
  });

  it('a truncated body on every attempt fails after max-attempts and leaves no file', async () => {
    emulator.obs.script([{ kind: 'truncate' }, { kind: 'truncate' }]);
    const result = await run({ 'max-attempts': '2' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/failed: the transfer broke off after \d+ bytes .*\(after 2 attempts\)/);
    expect(await readdir(join(workspace, 'exports'))).toEqual([]);
  });

  it('a 503 on every attempt fails after max-attempts with the request ID', async () => {
    const busy = { kind: 'error' as const, status: 503, code: 'ServiceUnavailable', message: 'busy' };
    emulator.obs.script([busy, busy]);
    const result = await run({ 'max-attempts': '2' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(
      /failed \(after 2 attempts\): HTTP 503 ServiceUnavailable: busy \(request ID [0-9A-F]+\)/,
    );
  });

  it('an object that never appears fails naming it after the bounded wait (timeout-seconds), and the process ends', async () => {
    emulator.obs.script(Array.from({ length: 20 }, () => ({ kind: 'missing' as const })));
    const started = Date.now();
    const result = await run({ 'timeout-seconds': '2' });
    const elapsed = Date.now() - started;
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^Downloading obs:\/\/dli-backups\/nightly\/aggregate_\d+\.zip failed: the object was still missing [23] s after the export \(\d attempts\): HTTP 404 NoSuchKey/,
      ),
    ]);
    expect(elapsed).toBeLessThan(10_000);
    expect(await readdir(join(workspace, 'exports'))).toEqual([]);
  });

  it('a bucket with a dot is refused before anything is sent (https endpoint)', async () => {
    const result = await run({ 'obs-dir': 'my.bucket/x', 'obs-endpoint': 'https://obs.eu-de.otc.t-systems.com' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(
      /^Invalid input \(nothing was sent\):\n- download-dir: cannot download: bucket "my\.bucket" contains a dot/,
    );
    expect(emulator.requests).toHaveLength(0);
  });
});

describe('temporary keys are renewed before they run out', () => {
  // Test-only: IAM issues keys that live 1.5 s; the ZIP shows up only after three 404s, a second apart, so the
  // step outlives the first keys twice over. Without renewal the GET after 1.5 s gets 403 InvalidToken (expired).
  let shortLived: Emulator;
  beforeAll(async () => {
    shortLived = await startEmulator({ temporaryKeyLifetimeMs: 1500 });
  });
  afterAll(() => shortLived.close());
  beforeEach(() => shortLived.reset());

  it.each([
    ['IAM password', { username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, 'domain-name': DEFAULT_DOMAIN }, 0],
    ['keyless OpenID Connect', { 'identity-provider': DEFAULT_IDP_ID }, 1],
  ] as const)(
    '%s: each GET signed with keys still valid, new ones from the same IAM token',
    async (_mode, auth, tokenIndex) => {
      shortLived.obs.script([{ kind: 'missing' }, { kind: 'missing' }, { kind: 'missing' }]);
      const result = await runAction({
        inputs: accessKeyInputs({
          endpoint: shortLived.url,
          'obs-endpoint': shortLived.obs.url,
          'iam-endpoint': shortLived.url,
          'download-dir': 'exports',
          'job-ids': '146',
          'access-key': '',
          'secret-key': '',
          ...auth,
        }),
        env: { GITHUB_WORKSPACE: workspace, ...shortLived.githubIdTokenEnv },
      });
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      const zip = shortLived.exports[0]?.zipFile ?? '';
      expect(await readFile(join(workspace, 'exports', zip.slice(zip.lastIndexOf('/') + 1)))).toEqual(
        shortLived.obs.objects.get(zip)?.body,
      );
      expect(shortLived.obs.requests.map((request) => [request.status, request.accepted])).toEqual([
        [404, true],
        [404, true],
        [404, true],
        [200, true],
      ]);
      const keys = shortLived.temporaryKeys;
      expect(keys.length).toBeGreaterThanOrEqual(3);
      const renewals = shortLived.requests.filter((request) => request.operation === 'iam-securitytoken');
      expect(renewals.map((request) => request.headers['x-auth-token'])).toEqual(
        keys.map(() => shortLived.issuedTokens[tokenIndex]),
      );
      // Every GET used a key that had not expired when OBS checked it, and the last GET a renewed one.
      expect(shortLived.obs.requests.at(-1)?.accessKey).not.toBe(keys[0]?.accessKey);
      expect(result.stdout).toContain('(renewed before the previous one ran out)');
      for (const key of keys) {
        expect(result.masks).toEqual(expect.arrayContaining([key.secretKey, key.securityToken]));
        expect(result.visible).not.toContain(key.securityToken);
      }
    },
  );
});
