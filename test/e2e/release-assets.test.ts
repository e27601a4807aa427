/**
 * release-assets through the built action: the input rules fail before anything is sent, and on a release event
 * the ZIPs the step downloaded from the emulator's OBS into download-dir are attached to the release on the
 * emulator's GitHub stand-in. The emulator runs on its real clock, so every export's ZIP has a new
 * `aggregate_<ms>.zip` name, as DLI's do.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { releaseBoundMs } from '../../src/release/bound.ts';
import { DEFAULT_GITHUB_TOKEN, type Emulator, READ_ONLY_GITHUB_TOKEN, startEmulator } from '../emulator/server.ts';
import { type ForwardProxy, startForwardProxy } from '../support/forward-proxy.ts';
import { createTestPki, type TestPki } from '../support/pki.ts';
import { startTlsFront, type TlsFront } from '../support/tls-front.ts';
import { accessKeyInputs, runAction } from './run-action.ts';

/** The asset name of every export's ZIP: DLI's name without its stamp. */
const ASSET = 'aggregate.zip';

let emulator: Emulator;
let workspace: string;
let eventPath: string;

/** The last export's ZIP: its name (aggregate_<ms>.zip) and bytes in the emulator's OBS. */
function lastZip(): { name: string; bytes: Buffer } {
  const path = emulator.exports.at(-1)?.zipFile ?? '';
  return {
    name: path.slice(path.lastIndexOf('/') + 1),
    bytes: emulator.obs.objects.get(path)?.body ?? Buffer.alloc(0),
  };
}

/** An asset already on the release, as an earlier run left it. */
function seedAsset(name: string, bytes: Buffer): number {
  const id = emulator.githubReleases.nextAssetId++;
  emulator.githubReleases.assets.push({
    id,
    name,
    label: null,
    contentType: 'application/zip',
    state: 'uploaded',
    size: bytes.length,
    bytes,
    browser_download_url: `${emulator.url}/octo-org/octo-repo/releases/download/v1.2.0/${name}`,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  });
  return id;
}

beforeAll(async () => {
  emulator = await startEmulator();
  workspace = await mkdtemp(join(tmpdir(), 'release-e2e-'));
  eventPath = join(workspace, 'event.json');
  await writeFile(eventPath, JSON.stringify(emulator.releaseEvent()));
});
afterAll(async () => {
  await emulator.close();
  await rm(workspace, { recursive: true, force: true });
});
beforeEach(() => emulator.reset());

const inputs = (overrides: Record<string, string> = {}) =>
  accessKeyInputs({
    endpoint: emulator.url,
    'obs-endpoint': emulator.obs.url,
    'download-dir': 'exports',
    'release-assets': 'true',
    'github-token': DEFAULT_GITHUB_TOKEN,
    ...overrides,
  });

const releaseEnv = (overrides: Record<string, string> = {}) => ({
  GITHUB_EVENT_NAME: 'release',
  GITHUB_EVENT_PATH: eventPath,
  GITHUB_API_URL: emulator.url,
  GITHUB_WORKSPACE: workspace,
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
  ...overrides,
});

describe('release-assets', () => {
  it('on a push event is an input error, and nothing is sent', async () => {
    const run = await runAction({ inputs: inputs(), env: releaseEnv({ GITHUB_EVENT_NAME: 'push' }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      "Invalid input (nothing was sent):\n- release-assets: works only in a workflow run by a `release` event (this run's event is `push`); use `on: release` or set release-assets to false",
    ]);
    expect(emulator.requests).toEqual([]);
  });

  it('without download-dir is an input error, and nothing is sent', async () => {
    const run = await runAction({ inputs: inputs({ 'download-dir': '' }), env: releaseEnv() });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('- release-assets: needs `download-dir`');
    expect(emulator.requests).toEqual([]);
  });

  it('on a release event whose payload has no release, fails before the export', async () => {
    const empty = join(workspace, 'empty-event.json');
    await writeFile(empty, '{}');
    const run = await runAction({ inputs: inputs(), env: releaseEnv({ GITHUB_EVENT_PATH: empty }) });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      'release-assets: cannot read the release from the event payload: release.id is missing. Hint: release-assets works only in a workflow run by a `release` event',
    ]);
    expect(emulator.requests).toEqual([]);
  });

  it('attaches the ZIP to the release under its name without the stamp, sets release-asset-urls and masks the token', async () => {
    const started = Date.now();
    const run = await runAction({ inputs: inputs(), env: releaseEnv() });
    const elapsed = Date.now() - started;
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);

    const zip = lastZip();
    expect(zip.name).toMatch(/^aggregate_\d{13}\.zip$/);
    expect(zip.bytes.length).toBeGreaterThan(0);
    const [asset] = emulator.githubReleases.assets;
    expect(emulator.githubReleases.assets).toHaveLength(1);
    expect(asset?.name).toBe(ASSET);
    expect(asset?.state).toBe('uploaded');
    expect(asset?.bytes.equals(zip.bytes)).toBe(true);
    expect(run.outputs.files).toBe(JSON.stringify([join(workspace, 'exports', zip.name)]));
    expect(run.outputs['release-asset-urls']).toBe(JSON.stringify([asset?.browser_download_url]));
    expect(asset?.browser_download_url).toMatch(/\/releases\/download\/v1\.2\.0\/aggregate\.zip$/);
    expect(run.outputs['zip-file']).toBe(`dli-backups/nightly/${zip.name}`);
    expect(run.masks).toContain(DEFAULT_GITHUB_TOKEN);
    expect(run.stdout).toContain(`Attached ${ASSET} (${zip.bytes.length} bytes) to release v1.2.0`);
    expect(emulator.requests.map((request) => request.operation)).toEqual([
      'export',
      'github-list-assets',
      'github-upload-asset',
      'github-get-asset',
      'github-update-asset',
    ]);
    // Nothing (sockets, timers) keeps the process alive after the upload; a generous bound on a shared machine.
    expect(elapsed).toBeLessThan(10_000);
  });

  it('a re-run of the release workflow replaces its asset (a new stamp, the same asset name), not adds one', async () => {
    const first = await runAction({ inputs: inputs(), env: releaseEnv() });
    expect(first.exitCode).toBe(0);
    const firstZip = lastZip().name;
    const firstId = emulator.githubReleases.assets[0]?.id;
    await new Promise((resolve) => setTimeout(resolve, 5)); // the clock moves on, as between two runs

    const again = await runAction({ inputs: inputs(), env: releaseEnv() });
    expect(again.errors).toEqual([]);
    expect(again.exitCode).toBe(0);
    expect(lastZip().name).not.toBe(firstZip);
    expect(emulator.githubReleases.assets.map((asset) => asset.name)).toEqual([ASSET]);
    expect(emulator.githubReleases.assets[0]?.id).not.toBe(firstId);
    expect(emulator.githubReleases.assets[0]?.bytes.equals(lastZip().bytes)).toBe(true);
    expect(again.stdout).toContain(`Replaced the release asset ${ASSET} on release v1.2.0`);
    // The new file was complete on the release before the old one was deleted.
    const operations = emulator.requests.map((request) => request.operation);
    const deleted = operations.lastIndexOf('github-delete-asset');
    expect(operations.lastIndexOf('github-upload-asset')).toBeLessThan(deleted);
    expect(operations.lastIndexOf('github-get-asset')).toBeLessThan(deleted);
    expect(operations.lastIndexOf('github-update-asset')).toBeGreaterThan(deleted);
  });

  it('a failed upload (502 three times) leaves the old asset as it was, and nothing says it was replaced', async () => {
    const oldId = seedAsset(ASSET, Buffer.from('the old export'));
    emulator.githubReleases.failUploads = 3;
    const run = await runAction({ inputs: inputs(), env: releaseEnv() });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(
      /^upload aggregate\.zip to release v1\.2\.0 failed after 3 attempts; the old asset aggregate\.zip was kept: HTTP 502: Bad Gateway \(request ID EMU:[0-9A-F]{12}\)$/,
    );
    expect(emulator.githubReleases.assets.map((asset) => [asset.id, asset.name, asset.bytes.toString()])).toEqual([
      [oldId, ASSET, 'the old export'],
    ]);
    expect(run.stdout).not.toContain('Replaced');
  });

  it('without a listed digest (GitHub Enterprise Server) a short upload whose answer was lost is sent again', async () => {
    emulator.githubReleases.digests = false;
    emulator.githubReleases.truncateUploads = 1;
    const run = await runAction({ inputs: inputs(), env: releaseEnv() });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(emulator.requests.filter((request) => request.operation === 'github-upload-asset')).toHaveLength(2);
    expect(emulator.githubReleases.assets.map((asset) => asset.name)).toEqual([ASSET]);
    expect(emulator.githubReleases.assets[0]?.bytes.equals(lastZip().bytes)).toBe(true);
  });

  it('an upload whose answer drips ends within the bound: timeout-seconds plus the file at 1 MiB/s', async () => {
    const oldId = seedAsset(ASSET, Buffer.from('the old export'));
    emulator.githubReleases.dripUploadAnswers = 1;
    emulator.githubReleases.dripIntervalMs = 1500;
    const started = Date.now();
    const run = await runAction({
      inputs: inputs({ 'timeout-seconds': '2', 'max-attempts': '1' }),
      env: releaseEnv(),
    });
    const elapsed = Date.now() - started;
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(
      new RegExp(
        `^upload ${ASSET.replace('.', '\\.')} to release v1\\.2\\.0 failed; the old asset ${ASSET.replace('.', '\\.')} was kept: no answer from GitHub`,
      ),
    );
    // The attempt: 2 s + 1 s for the started MiB; the release part's bound for this file, plus start-up and the
    // export; the dripped answer (about 200 bytes at one per 1.5 s) would take minutes.
    const bound = releaseBoundMs({
      timeoutMs: 2000,
      maxAttempts: 1,
      sizes: [lastZip().bytes.length],
      existingAssets: 1,
    });
    expect(bound).toBe(2000 + (2000 + 1000) + 3 * 2000);
    expect(elapsed).toBeLessThan(bound + 4000);
    // The step's bound is printed again before the files are attached, the release part included, and it holds.
    const printed =
      /^Time limit: .* this step within (\d+) s \(1 request\(s\) in turn, 1 download\(s\) of known size, 1 release asset\(s\)/m.exec(
        run.stdout,
      );
    expect(printed).not.toBeNull();
    expect(elapsed).toBeLessThan(Number(printed?.[1]) * 1000 + 2000);
    expect(emulator.githubReleases.assets.map((asset) => asset.id)).toEqual([oldId]);
  });

  it("a token without contents: write fails with GitHub's words and the permission to add", async () => {
    const run = await runAction({ inputs: inputs({ 'github-token': READ_ONLY_GITHUB_TOKEN }), env: releaseEnv() });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(
      new RegExp(
        `^upload ${ASSET.replace('.', '\\.')} to release v1\\.2\\.0 failed: HTTP 403: Resource not accessible by integration \\(request ID EMU:[0-9A-F]{12}\\)\\. Hint: .*\`permissions: contents: write\``,
      ),
    );
    expect(emulator.githubReleases.assets).toEqual([]);
  });

  it('in a dry run sends nothing and says what it would attach', async () => {
    const run = await runAction({ inputs: inputs({ 'dry-run': 'true' }), env: releaseEnv() });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Dry run: the downloaded ZIPs would be attached to release v1.2.0');
    expect(emulator.requests).toEqual([]);
    expect(run.outputs['release-asset-urls']).toBeUndefined();
  });
});

/**
 * One proxy rule for every request: GitHub's API and its uploads at host names that resolve nowhere
 * (api.github.test, uploads.github.test), reachable only through the forward proxy, which maps them to a TLS front
 * (certificate from the test CA) in front of the emulator. DLI and OBS, on loopback, go through the same proxy.
 */
describe('release-assets through a proxy', () => {
  const API_HOST = 'api.github.test';
  const UPLOADS_HOST = 'uploads.github.test';
  let dir: string;
  let pki: TestPki;
  let front: TlsFront;
  let proxy: ForwardProxy;
  let proxiedEvent: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'release-proxy-'));
    pki = await createTestPki(dir, [API_HOST, UPLOADS_HOST]);
    front = await startTlsFront({
      key: pki.serverKey,
      cert: pki.serverCert,
      target: { host: '127.0.0.1', port: emulator.port },
    });
    proxy = await startForwardProxy({
      map: { [`${API_HOST}:443`]: `127.0.0.1:${front.port}`, [`${UPLOADS_HOST}:443`]: `127.0.0.1:${front.port}` },
    });
    const event = emulator.releaseEvent() as { release: { upload_url: string } };
    event.release.upload_url = event.release.upload_url.replace(emulator.url, `https://${UPLOADS_HOST}`);
    proxiedEvent = join(dir, 'event.json');
    await writeFile(proxiedEvent, JSON.stringify(event));
  });
  afterAll(async () => {
    await proxy.close();
    await front.close();
    await rm(dir, { recursive: true, force: true });
  });

  const proxiedEnv = (proxyEnv: Record<string, string>) =>
    releaseEnv({
      GITHUB_EVENT_PATH: proxiedEvent,
      GITHUB_API_URL: `https://${API_HOST}`,
      NODE_EXTRA_CA_CERTS: pki.caCertPath,
      ...proxyEnv,
    });

  const githubTunnels = () =>
    proxy.log
      .filter((entry) => entry.method === 'CONNECT' && entry.target.endsWith('.github.test:443'))
      .map((entry) => [entry.target, entry.status]);

  it('with only HTTP_PROXY set, GitHub goes through it as DLI and OBS do', async () => {
    proxy.log.length = 0;
    const run = await runAction({ inputs: inputs(), env: proxiedEnv({ HTTP_PROXY: proxy.url }) });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(emulator.githubReleases.assets.map((asset) => asset.name)).toEqual([ASSET]);
    expect(githubTunnels()).toContainEqual([`${API_HOST}:443`, 200]);
    expect(githubTunnels()).toContainEqual([`${UPLOADS_HOST}:443`, 200]);
    // DLI (plain http on loopback) went through the same proxy.
    expect(proxy.log.some((entry) => entry.method === 'POST' && entry.target.startsWith(emulator.url))).toBe(true);
  });

  it('a scheme-less HTTPS_PROXY (host:port) is http:// and used for GitHub too', async () => {
    proxy.log.length = 0;
    // A host name, not an IP: `new URL('localhost:PORT')` parses (as the scheme "localhost:"), so a reader that
    // tries the text as a URL first never adds http://.
    const run = await runAction({ inputs: inputs(), env: proxiedEnv({ HTTPS_PROXY: `localhost:${proxy.port}` }) });
    expect(run.stdout).toContain(`Proxy: https via http://localhost:${proxy.port}`);
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(githubTunnels()).toContainEqual([`${API_HOST}:443`, 200]);
    expect(githubTunnels()).toContainEqual([`${UPLOADS_HOST}:443`, 200]);
  });

  it('NO_PROXY naming GitHub bypasses the proxy (and the names then resolve nowhere)', async () => {
    proxy.log.length = 0;
    const run = await runAction({
      inputs: inputs({ 'max-attempts': '1' }),
      env: proxiedEnv({ HTTPS_PROXY: proxy.url, NO_PROXY: '.github.test' }),
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/^Could not list the release assets: no answer from GitHub .*ENOTFOUND/);
    expect(githubTunnels()).toEqual([]);
  });
});
