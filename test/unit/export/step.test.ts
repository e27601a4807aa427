/**
 * The export step in process (export-step.ts): export, download into download-dir, attach to the release, against
 * the emulator's DLI, OBS and GitHub. What each later failure leaves of the earlier results, and what is sent.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunDeps } from '../../../src/action/deps.ts';
import { type Plan, parseInputs } from '../../../src/export/inputs.ts';
import { type ExportStepOutcome, releaseOutputs, runExportStep } from '../../../src/export/step.ts';
import { ActionError } from '../../../src/http/errors.ts';
import { DEFAULT_RETRY_POLICY } from '../../../src/http/retry.ts';
import { createTransport, type Transport } from '../../../src/http/transport.ts';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_GITHUB_TOKEN,
  DEFAULT_PROJECT_ID,
  DEFAULT_SECRET_KEY,
  type Emulator,
  READ_ONLY_GITHUB_TOKEN,
  startEmulator,
} from '../../emulator/server.ts';
import { planFrom } from '../../support/fixtures.ts';

let emulator: Emulator;
let workspace: string;
let eventPath: string;
let transport: Transport;
let infos: string[];

beforeAll(async () => {
  emulator = await startEmulator();
  workspace = await mkdtemp(join(tmpdir(), 'export-step-'));
  eventPath = join(workspace, 'event.json');
  await writeFile(eventPath, JSON.stringify(emulator.releaseEvent()));
});
afterAll(async () => {
  await emulator.close();
  await rm(workspace, { recursive: true, force: true });
});
beforeEach(() => {
  emulator.reset();
  infos = [];
  transport = createTransport({ timeoutMs: 5000, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 } });
});
afterEach(() => transport.close());

const env = (overrides: Record<string, string> = {}) => ({
  GITHUB_EVENT_NAME: 'release',
  GITHUB_EVENT_PATH: eventPath,
  GITHUB_API_URL: emulator.url,
  GITHUB_WORKSPACE: workspace,
  ...overrides,
});

function plan(overrides: Record<string, string> = {}, environment: Record<string, string> = env()): Plan {
  const inputs: Record<string, string> = {
    'project-id': DEFAULT_PROJECT_ID,
    'obs-dir': 'dli-backups/nightly',
    'access-key': DEFAULT_ACCESS_KEY,
    'secret-key': DEFAULT_SECRET_KEY,
    endpoint: emulator.url,
    'obs-endpoint': emulator.obs.url,
    'job-ids': '146',
    'max-attempts': '1',
    ...overrides,
  };
  return planFrom(parseInputs, inputs, environment);
}

function deps(environment: Record<string, string> = env()): RunDeps {
  return {
    transport,
    env: environment,
    now: () => new Date(),
    mask: () => {},
    info: (message) => infos.push(message),
    warning: (message) => infos.push(`warning: ${message}`),
    debug: () => {},
  };
}
const operations = () => emulator.requests.map((request) => request.operation);
const exportedOf = (outcome: ExportStepOutcome) => {
  if (outcome.dryRun) throw new Error('expected an export');
  return outcome.result;
};

describe('runExportStep', () => {
  it('export only: no files, no release, no failure', async () => {
    const outcome = await runExportStep(plan(), deps());
    expect(outcome.files).toEqual([]);
    expect(outcome.releaseAssetUrls).toBeUndefined();
    expect(outcome.failure).toBeUndefined();
    expect(exportedOf(outcome).zipFiles).toHaveLength(1);
  });

  it('export and download: the file, no release', async () => {
    const outcome = await runExportStep(plan({ 'download-dir': 'exports' }), deps());
    const [zip] = exportedOf(outcome).zipFiles;
    expect(outcome.files.map((file) => file.object)).toEqual([zip]);
    expect(outcome.files[0]?.path).toBe(join(workspace, 'exports', zip?.split('/').pop() ?? ''));
    expect(outcome.releaseAssetUrls).toBeUndefined();
    expect(outcome.failure).toBeUndefined();
  });

  it('export, download and release: the asset URLs in file order, with the given token', async () => {
    const outcome = await runExportStep(
      plan({ 'download-dir': 'exports', 'release-assets': 'true', 'github-token': DEFAULT_GITHUB_TOKEN }),
      deps(),
    );
    expect(outcome.failure).toBeUndefined();
    const [asset] = emulator.githubReleases.assets;
    expect(outcome.releaseAssetUrls).toEqual([asset?.browser_download_url]);
    // The asset is named after the file without DLI's _<13 digits> stamp (release/names.ts).
    expect(outcome.files[0]?.path.split('/').pop()).toMatch(/^aggregate_\d{13}\.zip$/);
    expect(asset?.name).toBe('aggregate.zip');
    expect(infos.some((line) => line.startsWith(`Attached ${asset?.name} (`))).toBe(true);
  });

  it('a temporary asset left by an earlier run: the step bound is printed again with its delete, and it is deleted', async () => {
    const at = new Date().toISOString();
    emulator.githubReleases.assets.push({
      id: 900,
      name: 'aggregate.zip.upload-0123abcd',
      label: null,
      contentType: 'application/zip',
      state: 'open',
      size: 3,
      bytes: Buffer.from('abc'),
      browser_download_url: `${emulator.url}/download/aggregate.zip.upload-0123abcd`,
      created_at: at,
      updated_at: at,
    });
    const outcome = await runExportStep(
      plan({ 'download-dir': 'exports', 'release-assets': 'true', 'github-token': DEFAULT_GITHUB_TOKEN }),
      deps(),
    );
    expect(outcome.failure).toBeUndefined();
    expect(emulator.githubReleases.assets.map((asset) => asset.name)).toEqual(['aggregate.zip']);
    // Each printed step bound, in seconds: the last one covers the stale asset's delete (one request, 60 s here).
    const bounds = infos.flatMap((line) => {
      const found = /^Time limit: .* this step within (\d+) min(?: (\d+) s)? /.exec(line);
      return found ? [Number(found[1]) * 60 + Number(found[2] ?? 0)] : [];
    });
    expect(bounds.length).toBeGreaterThanOrEqual(2);
    expect((bounds.at(-1) ?? 0) - (bounds.at(-2) ?? 0)).toBe(60);
    expect(infos.at(infos.findLastIndex((line) => line.startsWith('Time limit: each request')))).toMatch(
      /, 1 release asset\(s\) for a release of 1 asset\(s\), 1 left by an earlier run to delete\)$/,
    );
  });

  it('a failed upload keeps the export and the downloaded files, and carries the failure', async () => {
    const outcome = await runExportStep(
      plan({ 'download-dir': 'exports', 'release-assets': 'true', 'github-token': READ_ONLY_GITHUB_TOKEN }),
      deps(),
    );
    expect(exportedOf(outcome).zipFiles).toHaveLength(1);
    expect(outcome.files).toHaveLength(1);
    expect(outcome.releaseAssetUrls).toBeUndefined();
    expect((outcome.failure as ActionError).describe()).toMatch(/^upload .* failed: HTTP 403: /);
  });

  it('a failed download: no files, the failure, nothing uploaded', async () => {
    // Nothing listens on port 9: the download is refused.
    const outcome = await runExportStep(
      plan({
        'download-dir': 'exports',
        'obs-endpoint': 'http://127.0.0.1:9',
        'release-assets': 'true',
        'github-token': DEFAULT_GITHUB_TOKEN,
      }),
      deps(),
    );
    expect(exportedOf(outcome).zipFiles).toHaveLength(1);
    expect(outcome.files).toEqual([]);
    expect(outcome.failure).toBeInstanceOf(ActionError);
    expect(operations()).toEqual(['export']);
  });

  it('a release event without a release in its payload fails before the export', async () => {
    const empty = join(workspace, 'empty.json');
    await writeFile(empty, '{}');
    const environment = env({ GITHUB_EVENT_PATH: empty });
    const error = await runExportStep(
      plan({ 'download-dir': 'exports', 'release-assets': 'true', 'github-token': 't' }, environment),
      deps(environment),
    ).catch((caught: unknown) => caught);
    expect((error as ActionError).message).toBe(
      'release-assets: cannot read the release from the event payload: release.id is missing',
    );
    expect(emulator.requests).toEqual([]);
  });

  it('a dry run says what it would attach, and sends nothing', async () => {
    const outcome = await runExportStep(
      plan({ 'download-dir': 'exports', 'release-assets': 'true', 'github-token': 't', 'dry-run': 'true' }),
      deps(),
    );
    expect(outcome.dryRun).toBe(true);
    expect(outcome.files).toEqual([]);
    expect(outcome.releaseAssetUrls).toBeUndefined();
    expect(infos).toContain('Dry run: the downloaded ZIPs would be attached to release v1.2.0');
    expect(emulator.requests).toEqual([]);
  });

  it('release-asset-urls is a JSON array', () => {
    expect(releaseOutputs(['https://a/1.zip', 'https://a/2.zip'])).toEqual({
      'release-asset-urls': '["https://a/1.zip","https://a/2.zip"]',
    });
    expect(releaseOutputs([])).toEqual({ 'release-asset-urls': '[]' });
  });
});
