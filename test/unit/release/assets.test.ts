/** GitHub's failures as one line: the message from each body shape, and every hint whole. */

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/http/errors.ts';
import { proxyFromEnv } from '../../../src/http/proxy.ts';
import {
  Deadline,
  duration,
  githubError,
  githubFailureOf,
  type ReleaseUploadOptions,
  readAsset,
  uploadReleaseAssets,
} from '../../../src/release/assets.ts';
import { loadReleaseTarget, type ReleaseTarget } from '../../../src/release/event.ts';
import {
  DEFAULT_GITHUB_TOKEN,
  DEFAULT_RELEASE,
  type Emulator,
  READ_ONLY_GITHUB_TOKEN,
  startEmulator,
} from '../../emulator/server.ts';
import { startForwardProxy } from '../../support/forward-proxy.ts';

describe('github-error', () => {
  const answered = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
    status,
    message: 'octokit says',
    response: { headers, data },
  });

  describe('githubError', () => {
    it.each([
      [
        403,
        { message: 'Resource not accessible by integration' },
        'x: HTTP 403: Resource not accessible by integration (request ID R). Hint: the token may not write releases: add `permissions: contents: write` to the workflow or job (or give `github-token` a token that may)',
      ],
      [
        403,
        { message: 'API RATE LIMIT exceeded for installation' },
        'x: HTTP 403: API RATE LIMIT exceeded for installation (request ID R). Hint: GitHub is rate-limiting this token; re-run later',
      ],
      [
        401,
        { message: 'Bad credentials' },
        'x: HTTP 401: Bad credentials (request ID R). Hint: `github-token` is invalid or expired',
      ],
      [
        404,
        { message: 'Not Found' },
        'x: HTTP 404: Not Found (request ID R). Hint: the release or repository was not found with this token; was the release deleted?',
      ],
      [
        422,
        { message: 'Validation Failed' },
        'x: HTTP 422: Validation Failed (request ID R). Hint: GitHub refused the asset (an asset of that name may have been added meanwhile); re-run the step',
      ],
      [500, { message: 'Server Error' }, 'x: HTTP 500: Server Error (request ID R)'],
      [400, { message: 'Problems parsing JSON' }, 'x: HTTP 400: Problems parsing JSON (request ID R)'],
    ])('HTTP %i %j', (status, data, line) => {
      expect(githubError('x', answered(status, data, { 'x-github-request-id': 'R' })).describe()).toBe(line);
    });

    it('a text body: trimmed, its first 200 characters', () => {
      expect(githubError('x', answered(502, `  ${'b'.repeat(300)}\n`)).serviceMessage).toBe('b'.repeat(200));
      expect(githubError('x', answered(502, '<h1>Bad gateway</h1>')).describe()).toBe(
        'x: HTTP 502: <h1>Bad gateway</h1>',
      );
    });

    it('a blank body or one without a message: Octokit’s own message', () => {
      expect(githubError('x', answered(502, '  ')).serviceMessage).toBe('octokit says');
      expect(githubError('x', answered(502, { message: 7 })).serviceMessage).toBe('octokit says');
      expect(githubError('x', answered(502, null)).serviceMessage).toBe('octokit says');
      expect(githubError('x', answered(403, undefined)).hint).toMatch(/^the token may not write releases/);
    });

    it('no answer: no status, the network error named, and the network hint, whatever the status says', () => {
      const cause = { status: 500, message: 'connect ECONNREFUSED 127.0.0.1:9' };
      const error = githubError('Could not list the release assets', cause);
      expect(error.describe()).toBe(
        'Could not list the release assets: no answer from GitHub (connect ECONNREFUSED 127.0.0.1:9). Hint: check the network path to GitHub (GITHUB_API_URL, proxy settings); the step may be re-run',
      );
      expect(error.cause).toBe(cause);
      expect(githubError('y', {}).describe()).toBe(
        'y: no answer from GitHub (network error). Hint: check the network path to GitHub (GITHUB_API_URL, proxy settings); the step may be re-run',
      );
    });
  });
});

describe('githubFailureOf: what the retry policy reads of a GitHub attempt', () => {
  const httpError = (status: number, response?: { headers: Record<string, string>; data?: unknown }) =>
    Object.assign(new Error('octokit says'), { name: 'HttpError', status, ...(response ? { response } : {}) });

  it('an answer: its status, request ID and Retry-After', () => {
    const error = httpError(503, { headers: { 'x-github-request-id': 'AB:CD', 'retry-after': '7' } });
    expect(githubFailureOf({ error })).toEqual({ what: 'HTTP 503, request ID AB:CD', status: 503, retryAfter: '7' });
    expect(githubFailureOf({ error: httpError(422, { headers: {} }) })).toEqual({
      what: 'HTTP 422',
      status: 422,
      retryAfter: undefined,
    });
  });

  it('no response (Octokit reports a network failure as status 500 without one): no answer, transient', () => {
    expect(githubFailureOf({ error: httpError(500) })).toEqual({ what: 'no answer: octokit says', transient: true });
  });

  it.each([
    ['a success', { value: 1 }],
    ['an ActionError made final inside the attempt', { error: new ActionError('Could not list the release assets') }],
    ['a bug in our code', { error: new TypeError('x is undefined') }],
    ['an error that only looks like an answer', { error: { name: 'HttpError', status: 503 } }],
  ])('nothing for %s: it ends the call as it is', (_, outcome) => {
    expect(githubFailureOf(outcome)).toBeUndefined();
  });
});

describe('readAsset', () => {
  const good = { id: 7, name: 'a.zip', state: 'uploaded', size: 3, digest: 'sha256:ab', browser_download_url: 'u' };

  it('reads the fields used, with digest a string, null or absent (GitHub Enterprise Server)', () => {
    expect(readAsset({ ...good, extra: 1 })).toEqual(good);
    expect(readAsset({ ...good, digest: null })).toEqual({ ...good, digest: null });
    const { digest: _, ...withoutDigest } = good;
    expect(readAsset(withoutDigest)).toEqual({ ...withoutDigest, digest: undefined });
  });

  it.each([
    ['null', null],
    ['a string', 'x'],
    ['an id that is text', { ...good, id: '7' }],
    ['an id that is not an integer', { ...good, id: 7.5 }],
    ['no name', { ...good, name: undefined }],
    ['no state', { ...good, state: 1 }],
    ['no download URL', { ...good, browser_download_url: null }],
    ['a size that is text', { ...good, size: '3' }],
    ['a size that is not an integer', { ...good, size: 3.5 }],
    ['a digest that is a number', { ...good, digest: 5 }],
  ])('refuses %s', (_, data) => {
    expect(readAsset(data)).toBeUndefined();
  });
});

describe('Deadline', () => {
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('aborts its signal and every attempt with its error once the time has passed', async () => {
    const deadline = new Deadline(50, 'v1');
    const attempt = deadline.attempt(10_000);
    expect(deadline.signal.aborted).toBe(false);
    await wait(120);
    expect(attempt.aborted).toBe(true);
    expect((deadline.signal.reason as ActionError).message).toBe(
      'release-assets: attaching the files to release v1 did not end within its time limit of 1 s',
    );
  });

  it('an attempt ends at its own limit first', async () => {
    const deadline = new Deadline(10_000, 'v1');
    const attempt = deadline.attempt(20);
    await wait(80);
    expect(attempt.aborted).toBe(true);
    expect(deadline.signal.aborted).toBe(false);
    deadline.clear();
  });

  it('extendTo moves the end later from the same start, never earlier; clear stops it', async () => {
    const deadline = new Deadline(60, 'v1');
    deadline.extendTo(30);
    expect(deadline.totalMs).toBe(60);
    deadline.extendTo(250);
    expect(deadline.totalMs).toBe(250);
    await wait(120);
    expect(deadline.signal.aborted).toBe(false);
    await wait(200);
    expect(deadline.signal.aborted).toBe(true);

    const cleared = new Deadline(30, 'v1');
    cleared.clear();
    await wait(80);
    expect(cleared.signal.aborted).toBe(false);
  });

  it('states durations as the step bound does', () => {
    expect(duration(1)).toBe('1 s');
    expect(duration(119_000)).toBe('119 s');
    expect(duration(120_000)).toBe('2 min');
    expect(duration(150_000)).toBe('2 min 30 s');
  });
});

/**
 * Attaching files to a release, in process against the emulator's GitHub stand-in, with real files on disk:
 * order, bytes, headers, replace-by-name, the retry rules of an upload, and the error lines.
 */
describe('release-assets', () => {
  let emulator: Emulator;
  let dir: string;
  let release: ReleaseTarget;
  let log: { info: string[]; warning: string[] };

  beforeAll(async () => {
    emulator = await startEmulator();
    dir = await mkdtemp(join(tmpdir(), 'release-assets-'));
    const eventPath = join(dir, 'event.json');
    await writeFile(eventPath, JSON.stringify(emulator.releaseEvent()));
    release = await loadReleaseTarget(eventPath);
  });
  afterAll(async () => {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    emulator.reset();
    log = { info: [], warning: [] };
  });

  function options(overrides: Partial<ReleaseUploadOptions> = {}): ReleaseUploadOptions {
    return {
      release,
      token: DEFAULT_GITHUB_TOKEN,
      apiUrl: emulator.url,
      timeoutMs: 5000,
      maxAttempts: 3,
      info: (message) => log.info.push(message),
      warning: (message) => log.warning.push(message),
      random: () => 0.5,
      sleep: async () => {},
      temporarySuffix: () => Buffer.from('0badf00d', 'hex'),
      ...overrides,
    };
  }

  async function file(name: string, content: Buffer = randomBytes(3000)): Promise<{ path: string; content: Buffer }> {
    const path = join(dir, name);
    await writeFile(path, content);
    return { path, content };
  }

  const uploads = () => emulator.requests.filter((request) => request.operation === 'github-upload-asset');
  const temporary = (name: string) => `${name}.upload-0badf00d`;
  const stored = (name: string) => emulator.githubReleases.assets.filter((asset) => asset.name === name);

  async function failure(promise: Promise<unknown>): Promise<ActionError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ActionError);
    return error as ActionError;
  }

  describe('uploadReleaseAssets', () => {
    it('reads the release from the event payload', () => {
      expect(release).toEqual({
        owner: DEFAULT_RELEASE.owner,
        repo: DEFAULT_RELEASE.repo,
        releaseId: DEFAULT_RELEASE.id,
        tagName: DEFAULT_RELEASE.tagName,
        uploadUrl: `${emulator.url}/uploads/repos/octo-org/octo-repo/releases/4711/assets{?name,label}`,
      });
    });

    it('uploads each file, in order, with its bytes, and returns the download URLs in that order', async () => {
      const first = await file('orders_1.zip');
      const second = await file('clicks_2.zip', randomBytes(300_000));
      const urls = await uploadReleaseAssets([first.path, second.path], options());

      expect(urls).toEqual([
        `${emulator.url}/octo-org/octo-repo/releases/download/v1.2.0/orders_1.zip`,
        `${emulator.url}/octo-org/octo-repo/releases/download/v1.2.0/clicks_2.zip`,
      ]);
      expect(stored('orders_1.zip')[0]?.bytes.equals(first.content)).toBe(true);
      expect(stored('clicks_2.zip')[0]?.bytes.equals(second.content)).toBe(true);
      // Octokit expands the upload_url template {?name,label} with the label left empty; each file goes up under
      // a temporary name first, then gets its own.
      expect(uploads().map((request) => new URLSearchParams(request.query).get('name'))).toEqual([
        temporary('orders_1.zip'),
        temporary('clicks_2.zip'),
      ]);
      for (const request of uploads()) {
        expect(request.path).toBe('/uploads/repos/octo-org/octo-repo/releases/4711/assets');
        expect(request.headers.authorization).toBe(`token ${DEFAULT_GITHUB_TOKEN}`);
        expect(request.headers['content-type']).toBe('application/zip');
        expect(request.headers['transfer-encoding']).toBeUndefined();
      }
      expect(uploads()[1]?.headers['content-length']).toBe('300000');
      // One list of the existing assets, then per file the upload, the check and the rename: nothing else.
      expect(emulator.requests.map((request) => request.operation)).toEqual([
        'github-list-assets',
        'github-upload-asset',
        'github-get-asset',
        'github-update-asset',
        'github-upload-asset',
        'github-get-asset',
        'github-update-asset',
      ]);
      expect(emulator.githubReleases.assets.map((asset) => asset.name)).toEqual(['orders_1.zip', 'clicks_2.zip']);
      // T = 5 s, A = 3: R = 75 s; a file 3 × 6 s + 2 × (30 s + 2 × 75 s) + 3 × 75 s = 603 s; the list 75 s.
      expect(log.info[0]).toBe(
        'Time limit: attaching 2 file(s) to release v1.2.0 ends within 21 min 21 s (each upload attempt within timeout-seconds plus the file at 1 MiB/s)',
      );
      expect(log.info[1]).toContain('Attached orders_1.zip (3000 bytes) to release v1.2.0');
    });

    it('takes an API URL with trailing slashes, and sends through the proxy it is given', async () => {
      const proxy = await startForwardProxy({ map: { 'api.github.test:80': `127.0.0.1:${emulator.port}` } });
      try {
        const zip = await file('orders_1.zip');
        await uploadReleaseAssets(
          [zip.path],
          options({ apiUrl: 'http://api.github.test//', proxy: proxyFromEnv({ http_proxy: proxy.url }) }),
        );
        expect(stored('orders_1.zip')).toHaveLength(1);
        expect(proxy.log.map((entry) => entry.target.replace(/\?.*/, ''))).toEqual([
          'http://api.github.test/repos/octo-org/octo-repo/releases/4711/assets',
          `${emulator.url}/uploads/repos/octo-org/octo-repo/releases/4711/assets`,
          `http://api.github.test/repos/octo-org/octo-repo/releases/assets/${stored('orders_1.zip')[0]?.id}`,
          `http://api.github.test/repos/octo-org/octo-repo/releases/assets/${stored('orders_1.zip')[0]?.id}`,
        ]);
      } finally {
        await proxy.close();
      }
    });

    it('names a file that is not a ZIP application/octet-stream', async () => {
      const other = await file('notes.txt', Buffer.from('hello'));
      await uploadReleaseAssets([other.path], options());
      expect(uploads()[0]?.headers['content-type']).toBe('application/octet-stream');
    });

    it('sends nothing for no files', async () => {
      expect(await uploadReleaseAssets([], options())).toEqual([]);
      expect(emulator.requests).toEqual([]);
    });

    it('replaces an asset of the same name instead of adding a second one', async () => {
      const old = await file('orders_1.zip', Buffer.from('old export'));
      await uploadReleaseAssets([old.path], options());
      const oldId = stored('orders_1.zip')[0]?.id;
      const fresh = await file('orders_1.zip', Buffer.from('new export, longer'));
      emulator.requests.length = 0;

      const [url] = await uploadReleaseAssets([fresh.path], options());
      expect(stored('orders_1.zip')).toHaveLength(1);
      expect(stored('orders_1.zip')[0]?.bytes.toString()).toBe('new export, longer');
      expect(url).toMatch(/\/orders_1\.zip$/);
      const newId = stored('orders_1.zip')[0]?.id;
      // The new file first, checked complete; only then the old one deleted and the new one renamed.
      expect(emulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        'GET /repos/octo-org/octo-repo/releases/4711/assets',
        'POST /uploads/repos/octo-org/octo-repo/releases/4711/assets',
        `GET /repos/octo-org/octo-repo/releases/assets/${newId}`,
        `DELETE /repos/octo-org/octo-repo/releases/assets/${oldId}`,
        `PATCH /repos/octo-org/octo-repo/releases/assets/${newId}`,
      ]);
      expect(JSON.parse(emulator.requests.at(-1)?.body ?? '{}')).toEqual({ name: 'orders_1.zip' });
      expect(log.info.join('\n')).toContain('Replaced the release asset orders_1.zip on release v1.2.0');
    });

    it('finds an asset of the same name beyond the first page of 100', async () => {
      for (let index = 0; index < 130; index++) {
        const content = Buffer.from(`asset ${index}`);
        emulator.githubReleases.assets.push({
          id: emulator.githubReleases.nextAssetId++,
          name: `old_${index}.zip`,
          label: null,
          contentType: 'application/zip',
          state: 'uploaded',
          size: content.length,
          bytes: content,
          browser_download_url: `${emulator.url}/x/old_${index}.zip`,
          created_at: '2026-01-01T00:00:00Z',
          updated_at: '2026-01-01T00:00:00Z',
        });
      }
      const replacement = await file('old_120.zip', Buffer.from('replacement'));
      await uploadReleaseAssets([replacement.path], options());
      expect(stored('old_120.zip').map((asset) => asset.bytes.toString())).toEqual(['replacement']);
      expect(emulator.githubReleases.assets).toHaveLength(130);
      const lists = emulator.requests.filter((request) => request.operation === 'github-list-assets');
      expect(lists.map((request) => request.query)).toEqual(['per_page=100&page=1', 'per_page=100&page=2']);
      expect(log.info[0]).toMatch(/^Time limit: attaching 1 file\(s\) to release v1\.2\.0 ends within \d+ min/);
    });

    it('counts a delete answered 404 (the asset is already gone) as done', async () => {
      const zip = await file('orders_1.zip');
      emulator.script('github-list-assets', [
        {
          status: 200,
          headers: { 'Content-Type': 'application/json; charset=utf-8' },
          body: [{ id: 999, name: 'orders_1.zip', state: 'uploaded', size: 1, browser_download_url: 'x' }],
        },
      ]);
      await uploadReleaseAssets([zip.path], options());
      expect(emulator.requests.find((request) => request.method === 'DELETE')?.status).toBe(404);
      expect(stored('orders_1.zip')).toHaveLength(1);
    });

    it('retries a delete that got no answer', async () => {
      const old = await file('orders_1.zip', Buffer.from('old'));
      await uploadReleaseAssets([old.path], options());
      emulator.script('github-delete-asset', [{ kind: 'reset' }]);
      await uploadReleaseAssets([(await file('orders_1.zip', Buffer.from('new'))).path], options());
      expect(emulator.requests.filter((request) => request.method === 'DELETE')).toHaveLength(2);
      expect(stored('orders_1.zip').map((asset) => asset.bytes.toString())).toEqual(['new']);
      expect(log.warning).toHaveLength(1);
      expect(log.warning[0]).toMatch(
        /^delete the release asset orders_1\.zip to replace it: attempt 1 of 3 failed \(no answer: .+\); retrying in 0\.5 s$/,
      );
    });

    it("retries the asset list on 503 and fails with GitHub's words after max-attempts", async () => {
      const zip = await file('orders_1.zip');
      const unavailable = {
        status: 503,
        headers: { 'Content-Type': 'application/json', 'X-GitHub-Request-Id': 'AB12:CD34' },
        body: { message: 'Service Unavailable' },
      };
      emulator.script('github-list-assets', [unavailable, unavailable, unavailable]);
      const error = await failure(uploadReleaseAssets([zip.path], options()));
      expect(error.describe()).toBe(
        'Could not list the release assets after 3 attempts: HTTP 503: Service Unavailable (request ID AB12:CD34)',
      );
      expect(uploads()).toEqual([]);

      emulator.reset();
      emulator.script('github-list-assets', [unavailable]);
      await uploadReleaseAssets([zip.path], options());
      expect(stored('orders_1.zip')).toHaveLength(1);
    });
  });

  describe('waits between attempts', () => {
    const unavailable = { status: 503, headers: { 'Content-Type': 'application/json' }, body: { message: 'x' } };

    it('after a 429 at least 2 s (throttling), after a 503 the jittered backoff', async () => {
      const zip = await file('orders_1.zip');
      const waits: number[] = [];
      emulator.script('github-list-assets', [{ ...unavailable, status: 429 }, unavailable]);
      await uploadReleaseAssets(
        [zip.path],
        options({
          random: () => 0.5,
          sleep: async (ms) => {
            waits.push(ms);
          },
        }),
      );
      expect(waits).toEqual([3500, 1000]);
    });

    it.each([
      ['7', 7000, 'retrying in 7.0 s as Retry-After: 7 asks'],
      ['3600', 30_000, 'retrying in 30.0 s as Retry-After: 3600 asks, capped at 30.0 s'],
    ])("honours GitHub's Retry-After: %s on an upload, up to the policy's cap", async (header, ms, why) => {
      const zip = await file('orders_1.zip');
      const waits: number[] = [];
      emulator.script('github-upload-asset', [
        {
          status: 429,
          headers: { 'Content-Type': 'application/json', 'Retry-After': header, 'X-GitHub-Request-Id': 'R9' },
          body: { message: 'secondary rate limit' },
        },
      ]);
      await uploadReleaseAssets(
        [zip.path],
        options({
          sleep: async (wait) => {
            waits.push(wait);
          },
        }),
      );
      expect(waits).toEqual([ms]);
      expect(log.warning).toEqual([
        `upload orders_1.zip to release v1.2.0: attempt 1 of 3 failed (HTTP 429, request ID R9); ${why}. The release is checked before the file is sent again.`,
      ]);
      expect(uploads()).toHaveLength(2);
    });

    it('really waits by default (random jitter up to 1 s for the first retry)', async () => {
      const zip = await file('orders_1.zip');
      emulator.script('github-list-assets', [unavailable]);
      const started = Date.now();
      await uploadReleaseAssets([zip.path], options({ random: undefined, sleep: undefined }));
      expect(Date.now() - started).toBeLessThan(5000);
      expect(stored('orders_1.zip')).toHaveLength(1);
    });
  });

  describe('an upload is re-sent only when it did not take effect', () => {
    it('keeps an upload whose answer was lost but that reached GitHub complete: not sent again', async () => {
      const zip = await file('orders_1.zip', randomBytes(50_000));
      emulator.githubReleases.loseUploadAnswers = 1;
      const [url] = await uploadReleaseAssets([zip.path], options());

      expect(uploads()).toHaveLength(1);
      expect(stored('orders_1.zip')).toHaveLength(1);
      expect(stored('orders_1.zip')[0]?.bytes.equals(zip.content)).toBe(true);
      expect(url).toBe(stored('orders_1.zip')[0]?.browser_download_url);
      expect(log.warning).toHaveLength(1);
      expect(log.warning[0]).toMatch(
        /^upload orders_1\.zip to release v1\.2\.0: attempt 1 of 3 failed \(no answer: .+\); retrying in 0\.5 s\. The release is checked before the file is sent again\.$/,
      );
      expect(log.info.join('\n')).toContain('had reached GitHub (same size and digest); not sent again');
    });

    it('deletes a half-written upload (state open) and sends the file again', async () => {
      const zip = await file('orders_1.zip', randomBytes(50_000));
      emulator.githubReleases.breakUploads = 1;
      await uploadReleaseAssets([zip.path], options());

      expect(uploads()).toHaveLength(2);
      expect(emulator.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
      expect(stored('orders_1.zip')).toHaveLength(1);
      expect(stored('orders_1.zip')[0]).toMatchObject({ state: 'uploaded', size: 50_000 });
      expect(stored('orders_1.zip')[0]?.bytes.equals(zip.content)).toBe(true);
      expect(log.warning[0]).toMatch(/^upload orders_1\.zip to release v1\.2\.0: attempt 1 of 3 failed \(no answer: /);
    });

    it('without a listed digest (GitHub Enterprise Server) still checks the size: a short upload is sent again', async () => {
      const zip = await file('orders_1.zip', randomBytes(50_000));
      emulator.githubReleases.digests = false;
      emulator.githubReleases.truncateUploads = 1;
      await uploadReleaseAssets([zip.path], options());

      expect(uploads()).toHaveLength(2);
      expect(emulator.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
      expect(stored('orders_1.zip')).toHaveLength(1);
      expect(stored('orders_1.zip')[0]?.bytes.equals(zip.content)).toBe(true);
    });

    it('without a listed digest keeps an upload whose answer was lost when the size matches', async () => {
      const zip = await file('orders_1.zip', randomBytes(50_000));
      emulator.githubReleases.digests = false;
      emulator.githubReleases.loseUploadAnswers = 1;
      await uploadReleaseAssets([zip.path], options());
      expect(uploads()).toHaveLength(1);
      expect(stored('orders_1.zip')[0]?.bytes.equals(zip.content)).toBe(true);
    });

    it.each([
      ['another digest', { state: 'uploaded', digest: `sha256:${'0'.repeat(64)}` }],
      ['state starter', { state: 'starter', digest: null }],
    ])('sends again when the asset found after a lost answer has the same size but %s', async (_, found) => {
      const zip = await file('orders_1.zip', Buffer.from('AAAA'));
      emulator.script('github-upload-asset', [{ kind: 'reset' }]);
      emulator.script('github-list-assets', [
        { kind: 'ok' },
        {
          status: 200,
          headers: { 'Content-Type': 'application/json; charset=utf-8' },
          body: [
            {
              id: 999,
              name: temporary('orders_1.zip'),
              size: 4,
              browser_download_url: 'x',
              ...found,
            },
          ],
        },
      ]);
      await uploadReleaseAssets([zip.path], options());
      expect(uploads()).toHaveLength(2);
      expect(emulator.requests.filter((request) => request.method === 'DELETE').map((request) => request.path)).toEqual(
        ['/repos/octo-org/octo-repo/releases/assets/999'],
      );
      expect(stored('orders_1.zip').map((asset) => asset.bytes.toString())).toEqual(['AAAA']);
    });

    it('reads the release before every re-send of the file, never sends it twice in a row', async () => {
      const zip = await file('orders_1.zip');
      emulator.script('github-upload-asset', [{ kind: 'reset' }, { kind: 'reset' }]);
      await uploadReleaseAssets([zip.path], options());
      expect(emulator.requests.map((request) => request.operation)).toEqual([
        'github-list-assets',
        'github-upload-asset',
        'github-list-assets',
        'github-upload-asset',
        'github-list-assets',
        'github-upload-asset',
        'github-get-asset',
        'github-update-asset',
      ]);
      expect(stored('orders_1.zip')).toHaveLength(1);
    });

    it('an error of the check before a re-send ends the upload as it is: no further attempt', async () => {
      const zip = await file('orders_1.zip');
      emulator.script('github-upload-asset', [{ kind: 'reset' }]);
      emulator.script('github-list-assets', [
        { kind: 'ok' },
        {
          status: 401,
          headers: { 'Content-Type': 'application/json', 'X-GitHub-Request-Id': 'R2' },
          body: { message: 'Bad credentials' },
        },
      ]);
      const error = await failure(uploadReleaseAssets([zip.path], options()));
      expect(error.describe()).toBe(
        'Could not list the release assets: HTTP 401: Bad credentials (request ID R2). Hint: `github-token` is invalid or expired',
      );
      expect(uploads()).toHaveLength(1);
    });

    it('sends again an upload that never arrived (reset before GitHub stored anything)', async () => {
      const zip = await file('orders_1.zip');
      emulator.script('github-upload-asset', [{ kind: 'reset' }]);
      await uploadReleaseAssets([zip.path], options());
      expect(uploads()).toHaveLength(2);
      expect(stored('orders_1.zip')).toHaveLength(1);
    });

    it('times an upload attempt out as a whole (timeout plus a second per MiB), then checks and sends it again', async () => {
      const zip = await file('orders_1.zip');
      emulator.script('github-upload-asset', [{ kind: 'hang' }]);
      const started = Date.now();
      await uploadReleaseAssets([zip.path], options({ timeoutMs: 300 }));
      // 300 ms + 1 s for the started MiB; generous upper bound for a shared machine.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1250);
      expect(Date.now() - started).toBeLessThan(8000);
      expect(uploads()).toHaveLength(2);
      expect(stored('orders_1.zip')).toHaveLength(1);
      expect(log.warning[0]).toBe(
        'upload orders_1.zip to release v1.2.0: attempt 1 of 3 failed (no answer: The operation was aborted due to timeout); retrying in 0.5 s. The release is checked before the file is sent again.',
      );
    });

    it('gives up after max-attempts uploads answered 502', async () => {
      const zip = await file('orders_1.zip');
      const bad = { status: 502, body: 'Bad Gateway', headers: { 'Content-Type': 'text/plain' } };
      emulator.script('github-upload-asset', [bad, bad]);
      const error = await failure(uploadReleaseAssets([zip.path], options({ maxAttempts: 2 })));
      expect(error.describe()).toBe(
        'upload orders_1.zip to release v1.2.0 failed after 2 attempts: HTTP 502: Bad Gateway',
      );
      expect(uploads()).toHaveLength(2);
    });

    it('a drip of an answer cannot outlive the attempt: the whole transfer is bounded', async () => {
      const zip = await file('orders_1.zip');
      emulator.githubReleases.dripUploadAnswers = 1;
      emulator.githubReleases.dripIntervalMs = 200;
      const started = Date.now();
      const error = await failure(uploadReleaseAssets([zip.path], options({ timeoutMs: 300, maxAttempts: 1 })));
      // One attempt: 300 ms + 1 s for the started MiB; the drip alone would take minutes.
      expect(Date.now() - started).toBeLessThan(5000);
      expect(error.describe()).toMatch(/^upload orders_1\.zip to release v1\.2\.0 failed: no answer from GitHub/);
      // The complete but unnamed upload is removed, not left behind.
      expect(emulator.githubReleases.assets).toEqual([]);
    });

    it('does not re-send an upload GitHub refused (422)', async () => {
      const zip = await file('orders_1.zip');
      emulator.script('github-upload-asset', [
        {
          status: 422,
          headers: { 'Content-Type': 'application/json', 'X-GitHub-Request-Id': 'R1' },
          body: { message: 'Validation Failed', errors: [{ code: 'already_exists' }] },
        },
      ]);
      const error = await failure(uploadReleaseAssets([zip.path], options()));
      expect(error.describe()).toMatch(
        /^upload orders_1\.zip to release v1\.2\.0 failed: HTTP 422: Validation Failed \(request ID R1\)\. Hint: GitHub refused the asset/,
      );
      expect(uploads()).toHaveLength(1);
    });
  });

  describe('one deadline over the release part', () => {
    it.each([
      ['the asset list', 'github-list-assets'],
      ['the upload', 'github-upload-asset'],
      ['the check', 'github-get-asset'],
      ['the rename', 'github-update-asset'],
    ] as const)('ends %s that hangs when the deadline passes, with its own error', async (_, operation) => {
      const zip = await file('orders_1.zip');
      emulator.script(operation, [{ kind: 'hang' }]);
      const started = Date.now();
      const error = await failure(uploadReleaseAssets([zip.path], options({ timeoutMs: 20_000, deadlineMs: 400 })));
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error.message).toBe(
        'release-assets: attaching the files to release v1.2.0 did not end within its time limit of 1 s',
      );
      // Past the rename the hint says where the new file is; before it, what the limit allows.
      expect(error.hint).toBe(
        operation === 'github-update-asset'
          ? 'the new file is on the release as orders_1.zip.upload-0badf00d: re-run the step, or rename it by hand'
          : 'GitHub or the network path to it is too slow: the limit allows timeout-seconds plus 1 MiB/s per upload attempt; raise timeout-seconds, or re-run the step',
      );
    });

    it('ends a wait between attempts when the deadline passes', async () => {
      const zip = await file('orders_1.zip');
      emulator.script('github-list-assets', [{ status: 503, body: 'x' }]);
      const started = Date.now();
      const error = await failure(
        uploadReleaseAssets(
          [zip.path],
          options({ sleep: undefined, random: () => 0.99, deadlineMs: 300, maxAttempts: 2 }),
        ),
      );
      expect(Date.now() - started).toBeLessThan(900);
      expect(error.message).toMatch(/did not end within its time limit/);
    });
  });

  describe('the old asset is never lost', () => {
    async function withOld(): Promise<number | undefined> {
      await uploadReleaseAssets([(await file('orders_1.zip', Buffer.from('old export'))).path], options());
      emulator.requests.length = 0;
      log = { info: [], warning: [] };
      return stored('orders_1.zip')[0]?.id;
    }

    it('a failed upload (502 three times, GitHub leaving an empty starter asset) keeps the old asset whole', async () => {
      const oldId = await withOld();
      emulator.githubReleases.failUploads = 3;
      const error = await failure(
        uploadReleaseAssets([(await file('orders_1.zip', Buffer.from('new export'))).path], options()),
      );
      expect(error.describe()).toMatch(
        /^upload orders_1\.zip to release v1\.2\.0 failed after 3 attempts; the old asset orders_1\.zip was kept: HTTP 502: Bad Gateway/,
      );
      expect(emulator.githubReleases.assets.map((asset) => [asset.id, asset.name, asset.bytes.toString()])).toEqual([
        [oldId, 'orders_1.zip', 'old export'],
      ]);
      expect(log.info.join('\n')).not.toContain('Replaced');
    });

    it('an upload GitHub lists as not complete (state open) keeps the old asset and removes the new one', async () => {
      const oldId = await withOld();
      emulator.script('github-get-asset', [
        {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
          body: {
            id: 2,
            name: temporary('orders_1.zip'),
            state: 'open',
            size: 3,
            digest: null,
            browser_download_url: 'x',
          },
        },
      ]);
      const error = await failure(
        uploadReleaseAssets([(await file('orders_1.zip', Buffer.from('new export'))).path], options()),
      );
      expect(error.message).toBe(
        'release-assets: GitHub lists the upload of orders_1.zip as state open, 3 bytes instead of uploaded with 10 bytes; the old asset orders_1.zip was kept',
      );
      expect(error.hint).toBe('re-run the step');
      expect(emulator.githubReleases.assets.map((asset) => [asset.id, asset.bytes.toString()])).toEqual([
        [oldId, 'old export'],
      ]);
    });

    it('a rename GitHub refuses names the temporary asset that holds the new file', async () => {
      await withOld();
      emulator.script('github-update-asset', [
        {
          status: 422,
          headers: { 'Content-Type': 'application/json' },
          body: { message: 'Validation Failed', errors: [{ code: 'already_exists' }] },
        },
      ]);
      const error = await failure(
        uploadReleaseAssets([(await file('orders_1.zip', Buffer.from('new export'))).path], options()),
      );
      expect(error.describe()).toMatch(
        /^Could not rename the release asset orders_1\.zip\.upload-0badf00d to orders_1\.zip: HTTP 422: Validation Failed\. Hint: the new file is on the release as orders_1\.zip\.upload-0badf00d: an asset named orders_1\.zip was added meanwhile; re-run the step/,
      );
      expect(stored(temporary('orders_1.zip'))[0]?.bytes.toString()).toBe('new export');
    });

    it('a delete of the old asset that fails keeps the new file under its temporary name, and says where', async () => {
      const oldId = await withOld();
      emulator.script('github-delete-asset', [{ kind: 'reset' }, { kind: 'reset' }, { kind: 'reset' }]);
      const error = await failure(
        uploadReleaseAssets([(await file('orders_1.zip', Buffer.from('new export'))).path], options()),
      );
      expect(error.describe()).toMatch(
        /^Could not delete the release asset orders_1\.zip to replace it after 3 attempts: no answer from GitHub .*; the new file is on the release as orders_1\.zip\.upload-0badf00d$/,
      );
      expect(emulator.githubReleases.assets.map((asset) => [asset.id, asset.name])).toEqual([
        [oldId, 'orders_1.zip'],
        [(oldId ?? 0) + 1, temporary('orders_1.zip')],
      ]);
    });

    it('a check that fails removes the new upload and keeps the old asset', async () => {
      const oldId = await withOld();
      const unavailable = { status: 503, headers: { 'Content-Type': 'application/json' }, body: { message: 'x' } };
      emulator.script('github-get-asset', [unavailable, unavailable, unavailable]);
      const error = await failure(
        uploadReleaseAssets([(await file('orders_1.zip', Buffer.from('new export'))).path], options()),
      );
      expect(error.message).toBe(
        'Could not check the uploaded release asset orders_1.zip.upload-0badf00d after 3 attempts',
      );
      expect(emulator.githubReleases.assets.map((asset) => [asset.id, asset.bytes.toString()])).toEqual([
        [oldId, 'old export'],
      ]);
    });

    it('a re-run removes a temporary asset an earlier run left behind', async () => {
      await withOld();
      const leftover = Buffer.from('half');
      emulator.githubReleases.assets.push({
        id: emulator.githubReleases.nextAssetId++,
        name: 'orders_1.zip.upload-12345678',
        label: null,
        contentType: 'application/zip',
        state: 'open',
        size: leftover.length,
        bytes: leftover,
        browser_download_url: 'x',
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
      });
      await uploadReleaseAssets(
        [(await file('orders_1.zip', Buffer.from('new export'))).path, (await file('b.zip', Buffer.from('b'))).path],
        options(),
      );
      expect(emulator.githubReleases.assets.map((asset) => [asset.name, asset.bytes.toString()])).toEqual([
        ['orders_1.zip', 'new export'],
        ['b.zip', 'b'],
      ]);
      expect(log.info.join('\n')).toMatch(/Time limit: attaching 2 file\(s\)/);
    });
  });

  describe('stable asset names', () => {
    it("a stamped ZIP is attached without DLI's stamp, and the next run's ZIP replaces it", async () => {
      const first = await file('aggregate_1582677879475.zip', Buffer.from('first run'));
      const [url] = await uploadReleaseAssets([first.path], options());
      expect(url).toMatch(/\/aggregate\.zip$/);
      const second = await file(`aggregate_${Date.now()}.zip`, Buffer.from('second run'));
      await uploadReleaseAssets([second.path], options());
      expect(emulator.githubReleases.assets.map((asset) => [asset.name, asset.bytes.toString()])).toEqual([
        ['aggregate.zip', 'second run'],
      ]);
      expect(log.info.join('\n')).toContain('Replaced the release asset aggregate.zip');
    });

    it('a ZIP without a stamp keeps its name and replaces its own asset on a re-run', async () => {
      await uploadReleaseAssets([(await file('nightly.zip', Buffer.from('one'))).path], options());
      await uploadReleaseAssets([(await file('nightly.zip', Buffer.from('two'))).path], options());
      expect(emulator.githubReleases.assets.map((asset) => [asset.name, asset.bytes.toString()])).toEqual([
        ['nightly.zip', 'two'],
      ]);
    });

    it('two ZIPs of one run that would share a name fail before anything is sent', async () => {
      const a = await file('orders_1582677879475.zip');
      const b = await file('orders_1582677879476.zip');
      const error = await failure(uploadReleaseAssets([a.path, b.path], options()));
      expect(error.message).toBe(
        'release-assets: these ZIPs would get the same asset name (the name without its _<13 digits> stamp): "orders_1582677879475.zip" and "orders_1582677879476.zip" → "orders.zip"',
      );
      expect(emulator.requests).toEqual([]);
    });
  });

  describe('errors', () => {
    it("a token without contents: write says so, with GitHub's message and request ID, and uploads nothing", async () => {
      const old = await file('orders_1.zip');
      await uploadReleaseAssets([old.path], options());
      emulator.requests.length = 0;
      const error = await failure(uploadReleaseAssets([old.path], options({ token: READ_ONLY_GITHUB_TOKEN })));
      const line = error.describe();
      expect(line).toMatch(
        /^upload orders_1\.zip to release v1\.2\.0 failed; the old asset orders_1\.zip was kept: HTTP 403: Resource not accessible by integration \(request ID EMU:[0-9A-F]{12}\)\. Hint: .*`permissions: contents: write`/,
      );
      expect(emulator.requests.filter((request) => request.method === 'DELETE')).toEqual([]);
      expect(stored('orders_1.zip')).toHaveLength(1);

      emulator.reset();
      const upload = await failure(uploadReleaseAssets([old.path], options({ token: READ_ONLY_GITHUB_TOKEN })));
      expect(upload.describe()).toMatch(
        /^upload orders_1\.zip to release v1\.2\.0 failed: HTTP 403: .*contents: write/,
      );
      expect(uploads()).toHaveLength(1);
    });

    it('a rate limit 403 is not blamed on permissions', async () => {
      const zip = await file('orders_1.zip');
      emulator.script('github-upload-asset', [
        { status: 403, headers: { 'Content-Type': 'application/json' }, body: { message: 'API rate limit exceeded' } },
      ]);
      const error = await failure(uploadReleaseAssets([zip.path], options()));
      expect(error.hint).toBe('GitHub is rate-limiting this token; re-run later');
    });

    it('a bad token is 401 with its hint, not retried', async () => {
      const zip = await file('orders_1.zip');
      const error = await failure(uploadReleaseAssets([zip.path], options({ token: 'ghs_wrong' })));
      expect(error.describe()).toMatch(
        /^Could not list the release assets: HTTP 401: Bad credentials .*`github-token` is invalid/,
      );
      expect(emulator.requests).toHaveLength(1);
    });

    it('a release not found is 404 with its hint', async () => {
      const zip = await file('orders_1.zip');
      const error = await failure(uploadReleaseAssets([zip.path], options({ release: { ...release, releaseId: 1 } })));
      expect(error.status).toBe(404);
      expect(error.hint).toMatch(/release or repository was not found/);
    });

    it('no answer at all says so and points at the network', async () => {
      const zip = await file('orders_1.zip');
      const error = await failure(
        uploadReleaseAssets([zip.path], options({ apiUrl: 'http://127.0.0.1:9', maxAttempts: 1 })),
      );
      expect(error.describe()).toMatch(
        /^Could not list the release assets: no answer from GitHub \(.+\)\. Hint: check the network path/,
      );
    });

    it('a missing file or two files of one name fail before anything is sent', async () => {
      const zip = await file('orders_1.zip');
      expect((await failure(uploadReleaseAssets([join(dir, 'missing.zip')], options()))).message).toMatch(
        /^release-assets: cannot read .*missing\.zip: ENOENT/,
      );
      expect((await failure(uploadReleaseAssets([zip.path, zip.path], options()))).message).toBe(
        'release-assets: these ZIPs would get the same asset name (the name without its _<13 digits> stamp): "orders_1.zip" and "orders_1.zip" → "orders_1.zip"',
      );
      expect(emulator.requests).toEqual([]);
    });
  });
});
