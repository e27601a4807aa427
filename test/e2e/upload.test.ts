/**
 * The import's `local-files` through dist/import/index.js: local ZIPs are checked before anything is sent,
 * uploaded to the emulated OBS (signed PUT, Content-MD5 verified there), then imported once each, in order, in
 * every authentication mode; faults during the PUT are retried without sending an import twice.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_DOMAIN,
  DEFAULT_IDP_ID,
  DEFAULT_PASSWORD,
  DEFAULT_PROJECT_ID,
  DEFAULT_SECRET_KEY,
  DEFAULT_USERNAME,
  type Emulator,
  startEmulator,
} from '../emulator/server.ts';
import { buildZip } from '../emulator/zip.ts';
import { TEMPORARY_KEY, useEmulator } from '../support/emulator.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { type RunResult, runAction } from './run-action.ts';

const TEMPORARY = TEMPORARY_KEY;
const emulator = useEmulator({ temporaryKeys: [TEMPORARY] });
let workspace: string;
useTempDir('dli-upload-', (path) => {
  workspace = path;
});
beforeEach(() => {
  emulator.obs.encryption.clear();
});

/** A ZIP as the export writes it: one JSON definition per job. */
function jobZip(jobs: { id: string; name: string }[]): Buffer {
  return buildZip(
    jobs.map((job) => ({
      name: `${job.id}.json`,
      content: Buffer.from(JSON.stringify({ job_id: job.id, name: job.name, job_type: 'flink_sql_job' })),
    })),
  );
}

async function writeZip(relative: string, jobs: { id: string; name: string }[]): Promise<Buffer> {
  const body = jobZip(jobs);
  const path = join(workspace, relative);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, body);
  return body;
}

const base64Md5 = (data: Buffer) => createHash('md5').update(data).digest('base64');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const inputs = (overrides: Record<string, string> = {}) => ({
  'project-id': DEFAULT_PROJECT_ID,
  endpoint: emulator.url,
  'obs-endpoint': emulator.obs.url,
  'access-key': DEFAULT_ACCESS_KEY,
  'secret-key': DEFAULT_SECRET_KEY,
  'local-files': 'backups/orders.zip',
  'upload-dir': 'obs://dli-backups/restore',
  ...overrides,
});
const run = (overrides: Record<string, string> = {}, env: Record<string, string> = {}) =>
  runAction({ action: 'import', inputs: inputs(overrides), env: { GITHUB_WORKSPACE: workspace, ...env } });

const imports = () => emulator.requests.filter((request) => request.operation === 'import');
const puts = () => emulator.obs.requests.filter((request) => request.method === 'PUT');

/** One file uploaded and imported: both sides checked. */
function expectUploadedAndImported(result: RunResult, body: Buffer, key = 'restore/orders.zip'): void {
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  const object = `dli-backups/${key}`;
  expect(emulator.obs.objects.get(object)?.body).toEqual(body);
  const put = puts().at(-1);
  expect(put).toMatchObject({ method: 'PUT', bucket: 'dli-backups', key, accepted: true, status: 200 });
  expect(put?.headers['content-md5']).toBe(base64Md5(body));
  expect(put?.headers['content-type']).toBe('application/zip');
  expect(put?.headers['content-length']).toBe(String(body.length));
  expect(imports().map((request) => request.body)).toEqual([`{"zip_file":"${object}","is_cover":false}`]);
  expect(result.outputs.uploaded).toBe(JSON.stringify([object]));
  expect(result.summary).toContain(
    `<td><code>${join(workspace, 'backups', key.slice(key.lastIndexOf('/') + 1))}</code></td><td align="right">${body.length}</td><td><code>${sha256(body)}</code></td><td><code>obs://${object}</code>`,
  );
}

describe('local-files: uploaded, then imported once, in every authentication mode', () => {
  it('access keys: the PUT signed with the key over Content-MD5 and Content-Type; the import names the uploaded key', async () => {
    const body = await writeZip('backups/orders.zip', [{ id: '9223372036854775807', name: 'restored-orders' }]);
    const result = await run();
    expectUploadedAndImported(result, body);
    expect(puts()[0]).toMatchObject({ addressing: 'path-style', path: '/dli-backups/restore/orders.zip' });
    expect(puts()[0]?.accessKey).toBe(DEFAULT_ACCESS_KEY);
    expect(puts()[0]?.headers.authorization).toMatch(new RegExp(`^OBS ${DEFAULT_ACCESS_KEY}:[A-Za-z0-9+/]{27}=$`));
    expect(JSON.parse(result.outputs['job-mapping'] ?? '')).toEqual([
      { old_job_id: '9223372036854775807', new_job_id: '9223372036854770001', remark: 'Job created' },
    ]);
    expect(result.stdout).toMatch(
      /Uploaded orders\.zip to obs:\/\/dli-backups\/restore\/orders\.zip: ETag [0-9a-f]{32}/,
    );
    expect(result.stdout).toMatch(/Time limit with 1 local file\(s\) of 1 MiB in all: this step within 8 min 3 s/);
  });

  it('temporary keys: x-obs-security-token sent and signed, and masked', async () => {
    const body = await writeZip('backups/orders.zip', [{ id: '1', name: 'restored-temporary' }]);
    const result = await run({
      'access-key': TEMPORARY.accessKey,
      'secret-key': TEMPORARY.secretKey,
      'security-token': TEMPORARY.securityToken,
    });
    expectUploadedAndImported(result, body);
    expect(puts()[0]).toMatchObject({ accessKey: TEMPORARY.accessKey });
    expect(puts()[0]?.headers['x-obs-security-token']).toBe(TEMPORARY.securityToken);
    expect(result.masks).toContain(TEMPORARY.securityToken);
    expect(result.visible).not.toContain(TEMPORARY.securityToken);
  });

  it('IAM password: the token is traded for temporary OBS keys (masked), which sign the PUT; then the import', async () => {
    const body = await writeZip('backups/orders.zip', [{ id: '2', name: 'restored-password' }]);
    const result = await run({
      'access-key': '',
      'secret-key': '',
      username: DEFAULT_USERNAME,
      password: DEFAULT_PASSWORD,
      'domain-name': DEFAULT_DOMAIN,
      'iam-endpoint': emulator.url,
    });
    expectUploadedAndImported(result, body);
    expect(emulator.requests.map((request) => `${request.operation}:${request.status}`)).toEqual([
      'iam-password:201',
      'iam-securitytoken:201',
      'import:200',
    ]);
    const [key] = emulator.temporaryKeys;
    expect(puts()[0]).toMatchObject({ accessKey: key?.accessKey });
    expect(puts()[0]?.headers['x-obs-security-token']).toBe(key?.securityToken);
    expect(result.masks).toEqual(expect.arrayContaining([key?.secretKey, key?.securityToken]));
    expect(result.visible).not.toContain(key?.secretKey);
  });

  it('keyless OpenID Connect: ID token -> IAM token -> temporary keys -> signed PUT -> import', async () => {
    const body = await writeZip('backups/orders.zip', [{ id: '3', name: 'restored-keyless' }]);
    const result = await run(
      { 'access-key': '', 'secret-key': '', 'identity-provider': DEFAULT_IDP_ID, 'iam-endpoint': emulator.url },
      emulator.githubIdTokenEnv,
    );
    expectUploadedAndImported(result, body);
    expect(emulator.requests.map((request) => `${request.operation}:${request.status}`)).toEqual([
      'github-id-token:200',
      'iam-oidc:201',
      'iam-oidc:201', // the federation's unscoped token, which temporary keys are issued for
      'iam-securitytoken:201',
      'import:200',
    ]);
    expect(puts()[0]).toMatchObject({ accessKey: emulator.temporaryKeys[0]?.accessKey, accepted: true });
  });
});

describe('the upload is retried like a read; the import is still sent once', () => {
  it('a 503 and then a reset during the PUT: three PUTs of the same bytes, one import', async () => {
    const body = await writeZip('backups/orders.zip', [{ id: '4', name: 'restored-after-faults' }]);
    emulator.obs.script([
      { kind: 'error', status: 503, code: 'ServiceUnavailable', message: 'busy' },
      { kind: 'reset' },
    ]);
    const result = await run();
    expectUploadedAndImported(result, body);
    expect(emulator.obs.requests.map((request) => request.fault ?? request.status)).toEqual(['error', 'reset', 200]);
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /attempt 1 of 3 failed \(.*HTTP 503 ServiceUnavailable: busy .*\); retrying in \d\.\d s\. The same bytes are sent again/,
      ),
      expect.stringMatching(
        /attempt 2 of 3 failed \(.*reset.*\); retrying in \d\.\d s\. The same bytes are sent again/,
      ),
    ]);
  });

  it('an ETag that is not the MD5 (no encryption reported) is retried; an encrypted bucket is accepted as it is', async () => {
    const body = await writeZip('backups/orders.zip', [{ id: '5', name: 'restored-etag' }]);
    emulator.obs.script([{ kind: 'wrong-etag' }]);
    const result = await run();
    expectUploadedAndImported(result, body);
    expect(puts()).toHaveLength(2);
    expect(result.warnings).toEqual([expect.stringMatching(/not the file's MD5 .* and reported no encryption/)]);
  });

  it('an encrypted bucket (SSE-KMS): its ETag is not the MD5, and the upload is accepted at once', async () => {
    emulator.obs.encryption.set('dli-backups', 'kms');
    const body = await writeZip('backups/orders.zip', [{ id: '6', name: 'restored-encrypted' }]);
    const result = await run();
    expectUploadedAndImported(result, body);
    expect(puts()).toHaveLength(1);
    expect(emulator.obs.objects.get('dli-backups/restore/orders.zip')?.etag).not.toBe(
      `"${createHash('md5').update(body).digest('hex')}"`,
    );
    expect(result.warnings).toEqual([]);
    expect(result.stdout).toContain('encrypted by OBS (kms)');
    expect(result.summary).toContain('(encrypted: kms)');
  });

  it('a PUT that never answers ends the step within its bound, and nothing is imported', async () => {
    await writeZip('backups/orders.zip', [{ id: '7', name: 'restored-hang' }]);
    emulator.obs.script([{ kind: 'hang' }]);
    const started = Date.now();
    const result = await run({ 'timeout-seconds': '1', 'max-attempts': '1' });
    const elapsed = Date.now() - started;
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^OBS upload of orders\.zip request to 127\.0\.0\.1:\d+ failed: no complete response within 2 s\. Hint: .*; nothing was imported$/,
      ),
    ]);
    expect(imports()).toHaveLength(0);
    // 1 s plus 1 s per MiB for the attempt, and the process's start and end.
    expect(elapsed).toBeLessThan(6000);
  });

  it('an upload refused for good (403) is not retried, and nothing is imported', async () => {
    await writeZip('backups/orders.zip', [{ id: '8', name: 'restored-denied' }]);
    emulator.obs.script([{ kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied' }]);
    const result = await run({ 'max-attempts': '5' });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^Uploading to obs:\/\/dli-backups\/restore\/orders\.zip failed: HTTP 403 AccessDenied: Access Denied \(request ID [0-9A-F]+\)\. Hint: the credentials need permission `obs:object:PutObject` on dli-backups.*; nothing was imported$/,
      ),
    ]);
    expect(puts()).toHaveLength(1);
    expect(imports()).toHaveLength(0);
    expect(result.outputs.uploaded).toBe('[]');
  });
});

describe('a folder, and lists', () => {
  it('a folder: its .zip files in name order, all uploaded first, then one import each, in that order', async () => {
    const b = await writeZip('exports/b.zip', [{ id: '20', name: 'restored-b' }]);
    const a = await writeZip('exports/a.zip', [{ id: '10', name: 'restored-a' }]);
    const c = await writeZip('exports/c.ZIP', [{ id: '30', name: 'restored-c' }]);
    await writeFile(join(workspace, 'exports', 'notes.txt'), 'not a zip, and not taken');
    const result = await run({ 'local-files': 'exports' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(puts().map((put) => put.key)).toEqual(['restore/a.zip', 'restore/b.zip', 'restore/c.ZIP']);
    expect(imports().map((request) => JSON.parse(request.body).zip_file)).toEqual([
      'dli-backups/restore/a.zip',
      'dli-backups/restore/b.zip',
      'dli-backups/restore/c.ZIP',
    ]);
    expect(emulator.obs.objects.get('dli-backups/restore/a.zip')?.body).toEqual(a);
    expect(emulator.obs.objects.get('dli-backups/restore/b.zip')?.body).toEqual(b);
    expect(emulator.obs.objects.get('dli-backups/restore/c.ZIP')?.body).toEqual(c);
    expect(
      JSON.parse(result.outputs['job-mapping'] ?? '').map((job: { old_job_id: string }) => job.old_job_id),
    ).toEqual(['10', '20', '30']);
    expect(result.outputs.uploaded).toBe(
      '["dli-backups/restore/a.zip","dli-backups/restore/b.zip","dli-backups/restore/c.ZIP"]',
    );
  });

  it('a JSON array of absolute paths, like the export’s files output, in the order given', async () => {
    await writeZip('x/second.zip', [{ id: '41', name: 'restored-second' }]);
    await writeZip('y/first.zip', [{ id: '40', name: 'restored-first' }]);
    const files = [join(workspace, 'y/first.zip'), join(workspace, 'x/second.zip')];
    const result = await run({ 'local-files': JSON.stringify(files), 'upload-dir': 'dli-backups' });
    expect(result.exitCode).toBe(0);
    expect(imports().map((request) => JSON.parse(request.body).zip_file)).toEqual([
      'dli-backups/first.zip',
      'dli-backups/second.zip',
    ]);
  });

  it('a dry run checks the files, says where each would go, and sends nothing', async () => {
    const body = await writeZip('backups/orders.zip', [{ id: '50', name: 'restored-dry' }]);
    const result = await run({ 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      `Dry run: ${join(workspace, 'backups/orders.zip')} (${body.length} bytes, SHA-256 ${sha256(body)}) would be uploaded to obs://dli-backups/restore/orders.zip (PUT ${emulator.obs.url}/dli-backups/restore/orders.zip)`,
    );
    expect(emulator.requests).toHaveLength(0);
    expect(emulator.obs.requests).toHaveLength(0);
  });
});

describe('each refusal comes before anything is sent', () => {
  async function sparse(relative: string, size: number): Promise<void> {
    const handle = await open(join(workspace, relative), 'w');
    await handle.write(Buffer.from('PK\u0003\u0004'));
    await handle.truncate(size);
    await handle.close();
  }

  it.each([
    [
      'a missing file',
      async () => undefined,
      { 'local-files': 'backups/nope.zip' },
      /backups\/nope\.zip does not exist/,
    ],
    [
      'a file that is not a ZIP',
      () => writeFile(join(workspace, 'backups', 'orders.zip'), 'hello'),
      {},
      /orders\.zip is not a ZIP \(it does not start with the signature PK\\x03\\x04 or PK\\x05\\x06\)/,
    ],
    [
      'an empty file',
      () => writeFile(join(workspace, 'backups', 'orders.zip'), ''),
      {},
      /orders\.zip is empty, not a ZIP/,
    ],
    [
      'a file over the 5 GB of one PUT',
      () => sparse('backups/orders.zip', 5 * 1024 ** 3 + 1),
      {},
      /orders\.zip has 5368709121 bytes, more than the 5 GB \(5368709120 bytes\) OBS takes in one upload/,
    ],
    [
      'a folder without ZIPs',
      () => writeFile(join(workspace, 'backups', 'a.txt'), 'x'),
      { 'local-files': 'backups' },
      /the folder .*backups holds no \.zip file/,
    ],
    [
      'two files of the same name',
      async () => {
        await writeZip('one/orders.zip', [{ id: '1', name: 'x' }]);
        await writeZip('two/orders.zip', [{ id: '2', name: 'y' }]);
      },
      { 'local-files': 'one/orders.zip\ntwo/orders.zip' },
      /one\/orders\.zip and .*two\/orders\.zip are both named "orders\.zip", so both would be uploaded to the same object/,
    ],
  ])('%s', async (_name, prepare, overrides, message) => {
    await mkdir(join(workspace, 'backups'), { recursive: true });
    await prepare();
    const result = await run(overrides);
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([expect.stringMatching(/^Cannot upload local-files \(nothing was sent\): /)]);
    expect(result.errors[0]).toMatch(message);
    expect(emulator.requests).toHaveLength(0);
    expect(emulator.obs.requests).toHaveLength(0);
  });

  it.each([
    [
      'zip-file and local-files together',
      { 'zip-file': 'dli-backups/a.zip' },
      /- local-files: give either zip-file \(ZIPs already in OBS\) or local-files/,
    ],
    ['neither', { 'local-files': '' }, /- zip-file: is required \(or local-files\)/],
    ['local-files without upload-dir', { 'upload-dir': '' }, /- upload-dir: is required with local-files/],
    [
      'a bucket with a dot on an https endpoint',
      { 'upload-dir': 'my.bucket/x', 'obs-endpoint': 'https://obs.eu-de.otc.t-systems.com' },
      /- upload-dir: cannot upload: bucket "my\.bucket" contains a dot/,
    ],
  ])('inputs: %s', async (_name, overrides, message) => {
    await writeZip('backups/orders.zip', [{ id: '1', name: 'x' }]);
    const result = await run(overrides);
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/^Invalid inputs? \(nothing was sent\):/);
    expect(result.errors[0]).toMatch(message);
    expect(emulator.requests).toHaveLength(0);
    expect(emulator.obs.requests).toHaveLength(0);
  });
});

describe('temporary keys are renewed between upload attempts', () => {
  // Test-only: IAM issues keys that live 1.5 s (renewed when 0.5 s is left). The first PUT is answered 503 with
  // Retry-After: 2, so the second PUT starts after the first keys have expired: signed with them, OBS refuses it
  // (403 InvalidToken), which is not retried, and nothing is imported.
  let shortLived: Emulator;
  beforeAll(async () => {
    shortLived = await startEmulator({ temporaryKeyLifetimeMs: 1500 });
  });
  afterAll(() => shortLived.close());
  beforeEach(() => shortLived.reset());

  it('IAM password: a retried PUT is signed with renewed keys, and the import is sent once', async () => {
    const body = await writeZip('backups/orders.zip', [{ id: '8', name: 'restored-after-renewal' }]);
    shortLived.obs.script([
      { kind: 'error', status: 503, code: 'ServiceUnavailable', headers: { 'Retry-After': '2' } },
    ]);
    const result = await runAction({
      action: 'import',
      inputs: inputs({
        endpoint: shortLived.url,
        'obs-endpoint': shortLived.obs.url,
        'iam-endpoint': shortLived.url,
        'access-key': '',
        'secret-key': '',
        username: DEFAULT_USERNAME,
        password: DEFAULT_PASSWORD,
        'domain-name': DEFAULT_DOMAIN,
      }),
      env: { GITHUB_WORKSPACE: workspace },
    });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(shortLived.obs.objects.get('dli-backups/restore/orders.zip')?.body).toEqual(body);
    const sent = shortLived.obs.requests.filter((request) => request.method === 'PUT');
    expect(sent.map((request) => [request.fault ?? request.status, request.accepted])).toEqual([
      ['error', true],
      [200, true],
    ]);
    const keys = shortLived.temporaryKeys;
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(sent[1]?.accessKey).not.toBe(keys[0]?.accessKey);
    expect(shortLived.requests.filter((request) => request.operation === 'import')).toHaveLength(1);
    expect(result.stdout).toContain('(renewed before the previous one ran out)');
  });
});
