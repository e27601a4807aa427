/**
 * release-assets through the built action: the input rules fail before anything is sent, and on a release event
 * the ZIPs the step downloaded from the emulator's OBS into download-dir are attached to the release on the
 * emulator's GitHub stand-in.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_TOKEN, type Emulator, READ_ONLY_GITHUB_TOKEN, startEmulator } from '../emulator/server.ts';
import { accessKeyInputs, runAction } from './run-action.ts';

/** A fixed clock, so the export's ZIP name (aggregate_{ms}.zip) is known before the run. */
const exportTime = new Date();
const zipName = `aggregate_${exportTime.getTime()}.zip`;

let emulator: Emulator;
let workspace: string;
let eventPath: string;

beforeAll(async () => {
  emulator = await startEmulator({ now: () => exportTime });
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

  it('attaches the ZIP to the release, sets release-asset-urls and masks the token', async () => {
    const started = Date.now();
    const run = await runAction({ inputs: inputs(), env: releaseEnv() });
    const elapsed = Date.now() - started;
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);

    const [asset] = emulator.githubReleases.assets;
    const zip = emulator.obs.objects.get(`dli-backups/nightly/${zipName}`)?.body ?? Buffer.alloc(0);
    expect(zip.length).toBeGreaterThan(0);
    expect(emulator.githubReleases.assets).toHaveLength(1);
    expect(asset?.name).toBe(zipName);
    expect(asset?.bytes.equals(zip)).toBe(true);
    expect(run.outputs.files).toBe(JSON.stringify([join(workspace, 'exports', zipName)]));
    expect(run.outputs['release-asset-urls']).toBe(JSON.stringify([asset?.browser_download_url]));
    expect(run.outputs['zip-file']).toBe(`dli-backups/nightly/${zipName}`);
    expect(run.masks).toContain(DEFAULT_GITHUB_TOKEN);
    expect(run.stdout).toContain(`Attached ${zipName} (${zip.length} bytes) to release v1.2.0`);
    expect(emulator.requests.map((request) => request.operation)).toEqual([
      'export',
      'github-list-assets',
      'github-upload-asset',
    ]);
    // Nothing (sockets, timers) keeps the process alive after the upload; a generous bound on a shared machine.
    expect(elapsed).toBeLessThan(10_000);

    // A second run replaces the asset instead of adding another.
    const again = await runAction({ inputs: inputs(), env: releaseEnv() });
    expect(again.exitCode).toBe(0);
    expect(emulator.githubReleases.assets).toHaveLength(1);
    expect(emulator.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
  });

  it("a token without contents: write fails with GitHub's words and the permission to add", async () => {
    const run = await runAction({ inputs: inputs({ 'github-token': READ_ONLY_GITHUB_TOKEN }), env: releaseEnv() });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(
      new RegExp(
        `^upload ${zipName.replace('.', '\\.')} to release v1\\.2\\.0 failed: HTTP 403: Resource not accessible by integration \\(request ID EMU:[0-9A-F]{12}\\)\\. Hint: .*\`permissions: contents: write\``,
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
