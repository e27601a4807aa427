/** The download step in process: planning, credentials in each mode, the run, outputs and the dry-run line. */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DownloadPlan } from '../../../src/action/obs-inputs.ts';
import type { AuthPlan } from '../../../src/auth/modes.ts';
import {
  describeDryRunDownload,
  downloadOutputs,
  fileNameOf,
  fileNameProblem,
  planDownloads,
  runDownloadStep,
  runDownloads,
} from '../../../src/export/download.ts';
import type { Plan } from '../../../src/export/inputs.ts';
import type { RunOutcome } from '../../../src/export/run.ts';
import { ActionError } from '../../../src/http/errors.ts';
import { DEFAULT_RETRY_POLICY } from '../../../src/http/retry.ts';
import { createTransport, type Transport } from '../../../src/http/transport.ts';
import { obsEndpoint } from '../../../src/obs/address.ts';
import { obsCredentials, securityTokenRequest } from '../../../src/obs/credentials.ts';
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, type Emulator, startEmulator } from '../../emulator/server.ts';

const TOKEN = 'supplied-iam-token';
let emulator: Emulator;
let transport: Transport;
let dir: string;
let masks: string[];
let infos: string[];

beforeAll(async () => {
  emulator = await startEmulator({ acceptedTokens: new Set([TOKEN]) });
  transport = createTransport({ timeoutMs: 2000, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 2 } });
});
afterAll(async () => {
  await transport.close();
  await emulator.close();
});
beforeEach(async () => {
  emulator.reset();
  dir = await mkdtemp(join(tmpdir(), 'download-run-'));
  masks = [];
  infos = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const accessKey: AuthPlan = {
  mode: 'access-key',
  source: 'inputs',
  accessKey: DEFAULT_ACCESS_KEY,
  secretKey: DEFAULT_SECRET_KEY,
};
const tokenAuth: AuthPlan = { mode: 'auth-token', source: 'inputs', token: TOKEN };

function download(overrides: Partial<DownloadPlan> = {}): DownloadPlan {
  return {
    dir: join(dir, 'out'),
    obs: obsEndpoint(new URL(emulator.obs.url)),
    iamEndpoint: new URL(emulator.url),
    ...overrides,
  };
}

function deps(token: string | undefined = TOKEN) {
  return {
    transport,
    temporaryKeyToken: token,
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 2 },
    timeoutMs: 2000,
    now: () => new Date(),
    mask: (secret: string) => masks.push(secret),
    info: (message: string) => infos.push(message),
    warning: (message: string) => infos.push(`warning: ${message}`),
    sleep: async () => undefined,
  };
}

function put(path: string, text: string): Buffer {
  const body = Buffer.from(text);
  emulator.obs.putObject(path, body);
  return body;
}

describe('planDownloads', () => {
  it("file name = the key's last segment, in the download directory", () => {
    const planned = planDownloads(download(), ['dli-backups/a/b/x.zip', 'dli-backups/y.zip']);
    expect(planned.map((p) => p.destination)).toEqual([join(dir, 'out', 'x.zip'), join(dir, 'out', 'y.zip')]);
    expect(fileNameOf('a/b/c.zip')).toBe('c.zip');
  });

  it('reports every problem at once before anything is sent: same file name twice, dotted bucket, no key', () => {
    const https = download({ obs: obsEndpoint(new URL('https://obs.eu-de.otc.t-systems.com')) });
    let error: unknown;
    try {
      planDownloads(https, ['b-1/one/x.zip', 'b-1/two/x.zip', 'my.bucket/y.zip', 'nokey']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ActionError);
    const text = (error as ActionError).describe();
    expect(text).toMatch(/^Cannot download the exported ZIPs \(nothing was downloaded\): /);
    expect(text).toContain('b-1/two/x.zip and b-1/one/x.zip would both be written to x.zip');
    expect(text).toContain('my.bucket/y.zip: bucket "my.bucket" contains a dot');
    expect(text).toContain('nokey: "nokey" is not a bucket/key path');
    expect(emulator.obs.requests).toHaveLength(0);
  });
});

describe("planDownloads: DLI's zip_file entries are checked against obs-dir before any request", () => {
  const https = () => download({ obs: obsEndpoint(new URL('https://obs.eu-de.otc.t-systems.com')) });
  const problem = (zips: string[], obsDir = 'my-bucket/exports') => {
    try {
      planDownloads(https(), zips, obsDir);
    } catch (error) {
      return (error as ActionError).describe();
    }
    return undefined;
  };
  const refused = (line: string) =>
    `Cannot download the exported ZIPs (nothing was downloaded): ${line}. Hint: the export itself succeeded; see the zip-files output`;

  // Forms that would leave loopback (the metadata service, an intranet host): refused before any request.
  it.each([
    [
      'intranet#/a.zip',
      '"intranet#/a.zip": bucket "intranet#" may contain only lower-case letters, digits, hyphens and periods',
    ],
    [
      '2852039166:80?/x.zip',
      '"2852039166:80?/x.zip": bucket "2852039166:80?" may contain only lower-case letters, digits, hyphens and periods',
    ],
    [
      '2130706433:9000?/x.zip',
      '"2130706433:9000?/x.zip": bucket "2130706433:9000?" may contain only lower-case letters, digits, hyphens and periods',
    ],
    [
      'other-bucket/exports/a.zip',
      '"other-bucket/exports/a.zip" is in bucket "other-bucket", not in obs-dir\'s bucket "my-bucket"',
    ],
    ['obs://other/a.zip', '"obs://other/a.zip" is in bucket "other", not in obs-dir\'s bucket "my-bucket"'],
    ['my-bucket/elsewhere/a.zip', '"my-bucket/elsewhere/a.zip" is not under obs-dir\'s folder "exports"'],
    ['my-bucket/exports-2/a.zip', '"my-bucket/exports-2/a.zip" is not under obs-dir\'s folder "exports"'],
    [
      'my-bucket/exports/../a.zip',
      '"my-bucket/exports/../a.zip": object key "exports/../a.zip" has a "." or ".." segment, which URLs cannot carry unchanged',
    ],
    ['my-bucket', '"my-bucket" names no object (an empty key or a folder)'],
  ])('%s', (entry, line) => {
    expect(problem([entry])).toBe(refused(line));
  });

  it("entries under the folder (also with obs://) are addressed with the URL API at the bucket's virtual host", () => {
    const [a, b] = planDownloads(
      https(),
      ['my-bucket/exports/a b+%.zip', 'obs://my-bucket/exports/x/b.zip'],
      'my-bucket/exports',
    );
    expect(a?.address.url.href).toBe('https://my-bucket.obs.eu-de.otc.t-systems.com/exports/a%20b%2B%25.zip');
    expect(b?.address.url.href).toBe('https://my-bucket.obs.eu-de.otc.t-systems.com/exports/x/b.zip');
    expect(problem(['my-bucket/any/where.zip'], 'my-bucket')).toBeUndefined();
  });
});

describe('planDownloads: file names', () => {
  const https = () => download({ obs: obsEndpoint(new URL('https://obs.eu-de.otc.t-systems.com')) });
  const problem = (zips: string[]) => {
    try {
      planDownloads(https(), zips);
    } catch (error) {
      return (error as ActionError).describe();
    }
    return undefined;
  };

  it('a key ending in "/" or holding a control character or backslash is no file name; the hint keeps the export', () => {
    expect(problem(['b-1/dir/'])).toBe(
      'Cannot download the exported ZIPs (nothing was downloaded): b-1/dir/: "" cannot be a file name. Hint: the export itself succeeded; see the zip-files output',
    );
    expect(problem(['b-1/a\\b.zip', 'b-1/c\u0001.zip', 'b-1/d\u007f.zip'])).toBe(
      'Cannot download the exported ZIPs (nothing was downloaded): b-1/a\\b.zip: "a\\\\b.zip" contains a control character or backslash; b-1/c\u0001.zip: "c\\u0001.zip" contains a control character or backslash; b-1/d\u007f.zip: "d\u007f.zip" contains a control character or backslash. Hint: the export itself succeeded; see the zip-files output',
    );
  });

  it('names that would be one file on Windows or macOS (case, NFC/NFD) are refused before any download, naming both', () => {
    expect(problem(['b-1/x/Report.zip', 'b-1/x/report.zip'])).toBe(
      'Cannot download the exported ZIPs (nothing was downloaded): b-1/x/report.zip and b-1/x/Report.zip would be written to "report.zip" and "Report.zip", one file on case-insensitive or normalising file systems (Windows, macOS). Hint: the export itself succeeded; see the zip-files output',
    );
    const nfc = 'caf\u00e9.zip';
    const nfd = 'cafe\u0301.zip';
    expect(problem([`b-1/${nfc}`, `b-1/${nfd}`])).toContain(`b-1/${nfd} and b-1/${nfc} would be written to`);
  });

  it.each([
    ['CON', 'is a device name Windows reserves'],
    ['nul.zip', 'is a device name Windows reserves'],
    ['COM1.zip', 'is a device name Windows reserves'],
    ['lpt\u00b9.zip', 'is a device name Windows reserves'],
    ['a:b.zip', 'contains a character Windows does not allow in file names (<>:"|?*)'],
    ['a?.zip', 'contains a character Windows does not allow in file names (<>:"|?*)'],
    ['a.zip.', 'ends in a dot or space, which Windows drops'],
    [`${'x'.repeat(252)}.zip`, 'is 256 bytes long; file systems allow 255'],
  ])('%s is refused: %s', (name, why) => {
    expect(problem([`b-1/${name}`])).toBe(
      `Cannot download the exported ZIPs (nothing was downloaded): b-1/${name}: ${JSON.stringify(name)} ${why}. Hint: the export itself succeeded; see the zip-files output`,
    );
  });

  it('a 255-byte name is fine (its temporary name is cut to fit)', () => {
    expect(problem([`b-1/${'x'.repeat(251)}.zip`])).toBeUndefined();
    expect(fileNameProblem('CONSOLE.zip')).toBeUndefined();
  });

  it('names with spaces or dots are fine, and an empty list plans nothing', () => {
    expect(planDownloads(https(), ['b-1/x/my job.v1.zip']).map((p) => p.destination)).toEqual([
      join(dir, 'out', 'my job.v1.zip'),
    ]);
    expect(planDownloads(https(), [])).toEqual([]);
  });
});

describe('OBS credentials', () => {
  const keyDeps = (token = TOKEN) => ({ transport, token, iamEndpoint: new URL(emulator.url), mask: deps().mask });

  it('access keys are used as they are (with a security token for temporary keys), without calling IAM', async () => {
    expect(
      await obsCredentials({ ...accessKey, securityToken: 'st' }, { ...keyDeps(), iamEndpoint: undefined }),
    ).toEqual({
      accessKey: DEFAULT_ACCESS_KEY,
      secretKey: DEFAULT_SECRET_KEY,
      securityToken: 'st',
    });
    expect(emulator.requests).toHaveLength(0);
  });

  it('token modes trade the token at IAM securitytokens and mask the secret and security token at once', async () => {
    const credentials = await obsCredentials(tokenAuth, keyDeps());
    const [issued] = emulator.temporaryKeys;
    expect(credentials).toEqual({
      accessKey: issued?.accessKey,
      secretKey: issued?.secretKey,
      securityToken: issued?.securityToken,
    });
    expect(masks).toEqual([issued?.secretKey, issued?.securityToken]);
    const [request] = emulator.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v3.0/OS-CREDENTIAL/securitytokens', accepted: true });
    expect(request?.headers['x-auth-token']).toBe(TOKEN);
    expect(JSON.parse(request?.body ?? '')).toEqual({
      auth: { identity: { methods: ['token'], token: { duration_seconds: 900 } } },
    });
    expect(securityTokenRequest(new URL('https://iam.example.com'), TOKEN).idempotent).toBe(true);
  });

  it("a token IAM rejects: one line with IAM's code and a hint", async () => {
    const error = (await obsCredentials(tokenAuth, keyDeps('wrong')).catch((e: unknown) => e)) as ActionError;
    expect(error.describe()).toMatch(
      /^Getting temporary access keys for OBS from IAM failed: HTTP 401 IAM\.0001: The token is invalid or has expired\..*Hint: IAM did not accept the token/,
    );
  });

  it('an answer without a credential is reported', async () => {
    emulator.script('iam-securitytoken', [{ status: 201, body: { credential: { access: 'a' } } }]);
    const error = (await obsCredentials(tokenAuth, keyDeps()).catch((e: unknown) => e)) as ActionError;
    expect(error.message).toMatch(/HTTP 201 without a credential/);
  });

  it('403: a hint about access restrictions', async () => {
    emulator.script('iam-securitytoken', [{ status: 403, body: { error_code: 'IAM.0003', error_msg: 'Forbidden' } }]);
    const error = (await obsCredentials(tokenAuth, keyDeps()).catch((e: unknown) => e)) as ActionError;
    expect(error.hint).toMatch(/may not create temporary access keys/);
  });
});

describe('runDownloads', () => {
  it('downloads every ZIP in zip-files order with temporary keys in a token mode, every OBS request signed', async () => {
    const first = put('dli-backups/x/first.zip', 'first');
    const second = put('dli-backups/x/second.zip', 'second');
    const files = await runDownloads(
      download(),
      tokenAuth,
      { zipFiles: ['dli-backups/x/second.zip', 'dli-backups/x/first.zip'], message: '' },
      deps(),
    );
    expect(files.map((file) => file.path)).toEqual([join(dir, 'out', 'second.zip'), join(dir, 'out', 'first.zip')]);
    expect(await readFile(files[0]?.path ?? '')).toEqual(second);
    expect(await readFile(files[1]?.path ?? '')).toEqual(first);
    expect(files[1]?.sha256).toBe(createHash('sha256').update(first).digest('hex'));
    const key = emulator.temporaryKeys[0];
    expect(emulator.obs.requests.map((r) => [r.accepted, r.accessKey, r.headers['x-obs-security-token']])).toEqual([
      [true, key?.accessKey, key?.securityToken],
      [true, key?.accessKey, key?.securityToken],
    ]);
    expect(infos[0]).toMatch(/^OBS: temporary access key TMP/);
    expect(infos[1]).toMatch(
      /^Downloaded obs:\/\/dli-backups\/x\/second\.zip to .*second\.zip: 6 bytes, SHA-256 [0-9a-f]{64}, in \d+ ms$/,
    );
  });

  it('nothing listed: nothing downloaded, no directory, no IAM call', async () => {
    expect(await runDownloads(download(), tokenAuth, { zipFiles: [], message: '' }, deps())).toEqual([]);
    expect(emulator.requests).toHaveLength(0);
  });
});

describe('runDownloadStep', () => {
  const plan = (extra: Partial<Plan>) =>
    ({
      obsDir: 'dli-backups/nightly',
      auth: accessKey,
      jobNames: [],
      listExported: false,
      dryRun: false,
      timeoutMs: 2000,
      maxAttempts: 1,
      ...extra,
    }) as Plan;
  const done: RunOutcome = {
    dryRun: false,
    jobIds: [],
    result: { zipFiles: ['dli-backups/nightly/z.zip'], message: '' },
    temporaryKeyToken: TOKEN,
  };

  it('off without download-dir', async () => {
    expect(await runDownloadStep(plan({}), done, deps())).toEqual([]);
  });

  it('a dry run says what would be downloaded and downloads nothing', async () => {
    const files = await runDownloadStep(
      plan({ download: download() }),
      { dryRun: true, jobIds: [], request: '' },
      deps(),
    );
    expect(files).toEqual([]);
    expect(infos).toEqual([
      `Dry run: each ZIP DLI lists would be downloaded from ${emulator.obs.url}/dli-backups/… into ${join(dir, 'out')} (file name = the object key's last segment); nothing is downloaded`,
    ]);
    expect(emulator.obs.requests).toHaveLength(0);
  });

  it('downloads with access keys after an export', async () => {
    put('dli-backups/nightly/z.zip', 'zzz');
    const files = await runDownloadStep(plan({ download: download() }), done, deps());
    expect(files.map((f) => f.size)).toEqual([3]);
    expect(emulator.obs.requests[0]?.accessKey).toBe(DEFAULT_ACCESS_KEY);
    // Access keys are the user's own: no temporary key is announced. Once the size is known, the bound is said
    // again, with the download's bound in it: 2 s for the export, 2 s of waiting for a missing ZIP, 2 s + 1 s.
    expect(infos).toEqual([
      'Time limit: each request ends within 2 s with its retries; this step within 7 s (1 request(s) in turn, 1 download(s) of known size)',
      expect.stringMatching(/^Downloaded obs:\/\/dli-backups\/nightly\/z\.zip to /),
    ]);
  });

  it('describes virtual-hosted addresses in a dry run', () => {
    const https = download({ obs: obsEndpoint(new URL('https://obs.eu-de.otc.t-systems.com')) });
    expect(describeDryRunDownload(https, 'my-bucket/dir')).toMatch(
      /from https:\/\/my-bucket\.obs\.eu-de\.otc\.t-systems\.com\/… into/,
    );
  });
});

describe('outputs', () => {
  it('files is a JSON array of paths, file the first; [] and "" when nothing was downloaded', () => {
    expect(downloadOutputs([{ path: '/w/a.zip' }, { path: '/w/b.zip' }])).toEqual({
      files: '["/w/a.zip","/w/b.zip"]',
      file: '/w/a.zip',
    });
    expect(downloadOutputs([])).toEqual({ files: '[]', file: '' });
  });
});
