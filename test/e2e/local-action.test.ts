/**
 * `npm run local-action` (GitHub's @github/local-action running an action's `run()` from src/) as the README
 * describes it: the committed `.env.example` pointed at an emulator, npm started from another folder or from a
 * folder of the repository. Checks what the tool prints (the outputs table and the job summary) and the exit code:
 * the export (the default) in each authentication mode, keyless (the emulator standing in for GitHub's ID-token
 * service), IAM password, and access keys (as shipped, for a failing step); and the import, by name.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_AUDIENCE,
  DEFAULT_DOMAIN,
  DEFAULT_ID_TOKEN_REQUEST_TOKEN,
  DEFAULT_IDP_ID,
  DEFAULT_PASSWORD,
  DEFAULT_USERNAME,
  type Emulator,
  startEmulator,
} from '../emulator/server.ts';
import { outputsTable, ROOT, RUN_TIMEOUT_MS, localAction as runLocalAction } from './local-action-run.ts';

/** A ZIP an earlier export wrote, holding a job of a name the project does not have. */
const SEEDED_ZIP = 'dli-backups/restore/jobs.zip';

let emulator: Emulator;
let folder: string;
beforeAll(async () => {
  emulator = await startEmulator({
    githubRequestToken: DEFAULT_ID_TOKEN_REQUEST_TOKEN,
    zips: { [SEEDED_ZIP]: [{ job_id: '9223372036854775807', name: 'restored-job' }] },
  });
  folder = await mkdtemp(join(tmpdir(), 'local-action-test-'));
});
afterAll(async () => {
  await emulator.close();
  await rm(folder, { recursive: true, force: true });
});
beforeEach(() => emulator.reset());

/**
 * `.env.example` with the emulator's ports (DLI/IAM, OBS) and a download folder of this test, and the given
 * variables replaced.
 */
async function envFile(name: string, set: Record<string, string>, extra = ''): Promise<string> {
  let text = (await readFile(join(ROOT, '.env.example'), 'utf8'))
    .replaceAll('http://127.0.0.1:8787', emulator.url)
    .replaceAll('http://127.0.0.1:8788', emulator.obs.url)
    .replace(/^INPUT_DOWNLOAD-DIR=.*$/m, `INPUT_DOWNLOAD-DIR=${join(folder, 'downloads', name)}`);
  for (const [key, value] of Object.entries(set)) {
    const line = new RegExp(`^${key.replace(/[-]/g, '\\-')}=.*$`, 'm');
    expect(text, `${key} is in .env.example`).toMatch(line);
    text = text.replace(line, `${key}=${value}`);
  }
  const path = join(folder, name);
  await writeFile(path, text + extra);
  return path;
}

/** `npm run local-action -- ...args`, started in a folder outside the repository unless `cwd` names one. */
const localAction = (args: string[], cwd = folder) => runLocalAction(args, cwd);

describe('npm run local-action', () => {
  it(
    'exports keyless (the emulator as GitHub ID-token service) and shows outputs and summary',
    async () => {
      // A summary file with an earlier step's summary: kept, and only this run's part is shown.
      const summaryFile = join(folder, 'summary.html');
      await writeFile(summaryFile, '<p>earlier step</p>\n');
      const env = await envFile(
        'keyless.env',
        {
          'INPUT_ACCESS-KEY': '',
          'INPUT_SECRET-KEY': '',
          'INPUT_IDENTITY-PROVIDER': DEFAULT_IDP_ID,
          'INPUT_OIDC-AUDIENCE': DEFAULT_AUDIENCE,
        },
        `GITHUB_STEP_SUMMARY=${summaryFile}\n`,
      );
      const { code, out } = await localAction([env]);
      expect(out).toContain('Authentication: OpenID Connect (keyless)');
      expect(code, out).toBe(0);
      expect(emulator.issuedIdTokens).toHaveLength(1);
      expect(emulator.exports).toHaveLength(1);
      const zip = emulator.exports[0]?.zipFile ?? '';
      expect(zip).toMatch(/^dli-backups\/local-action\/.+\.zip$/);
      const outputs = outputsTable(out);
      expect(outputs['zip-file']).toBe(zip);
      expect(outputs['job-ids']).toBe('["146","9223372036854775807"]');
      expect(outputs['job-names']).toContain('"146":"orders-enrichment"');
      // Downloaded from the emulator's OBS (INPUT_OBS-ENDPOINT) into the download folder.
      const downloaded = join(folder, 'downloads', 'keyless.env', zip.slice(zip.lastIndexOf('/') + 1));
      expect(outputs.files).toBe(JSON.stringify([downloaded]));
      expect((await readFile(downloaded)).subarray(0, 2).toString()).toBe('PK');
      expect(out).toMatch(/Job summary \(GITHUB_STEP_SUMMARY\):\n<h2>DLI Flink job export<\/h2>/);
      expect(out).toContain(`<code>obs://${zip}</code>`);
      expect(out).not.toContain('earlier step');
      expect(await readFile(summaryFile, 'utf8')).toMatch(/^<p>earlier step<\/p>\n<h2>DLI Flink job export/);
      // The ID token was masked and never printed.
      expect(out).not.toContain(emulator.issuedIdTokens[0]);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'exports with an IAM password',
    async () => {
      const env = await envFile('password.env', {
        'INPUT_ACCESS-KEY': '',
        'INPUT_SECRET-KEY': '',
        INPUT_USERNAME: DEFAULT_USERNAME,
        INPUT_PASSWORD: DEFAULT_PASSWORD,
        'INPUT_DOMAIN-NAME': DEFAULT_DOMAIN,
      });
      const { code, out } = await localAction([env]);
      expect(out).toContain('Authentication: IAM password of user ci-exporter');
      expect(code, out).toBe(0);
      expect(emulator.requests.map((request) => request.operation)).toContain('iam-password');
      expect(outputsTable(out)['zip-file']).toBe(emulator.exports[0]?.zipFile);
      expect(out).not.toContain(DEFAULT_PASSWORD);
    },
    RUN_TIMEOUT_MS,
  );

  // .env.example as shipped (access keys); the job 999 does not exist, so DLI refuses the export.
  it(
    'shows a failed step as failed: the error line and exit code 1',
    async () => {
      const env = await envFile('failing.env', { 'INPUT_JOB-IDS': '146, 999' });
      const { code, out } = await localAction([env]);
      expect(out).toContain('::error::DLI export failed: HTTP 400 DLI.0002');
      expect(out).toContain('The step FAILED (exit code 1): DLI export failed');
      expect(out).toContain('Authentication: access key EMULATORACCESSKEY0001 from inputs');
      expect(code, out).toBe(1);
      expect(emulator.exports).toHaveLength(0);
      expect(outputsTable(out)).toEqual({});
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'imports by name, started in a folder of the repository: outputs, summary, the request DLI got',
    async () => {
      const env = await envFile('import.env', { 'INPUT_ZIP-FILE': `obs://${SEEDED_ZIP}`, INPUT_OVERWRITE: 'true' });
      const { code, out } = await localAction(['import', env], join(ROOT, 'src', 'dli'));
      expect(out).toContain(`Importing obs://${SEEDED_ZIP} into project`);
      expect(code, out).toBe(0);
      expect(emulator.exports).toHaveLength(0);
      expect(emulator.imports.map(({ zipFile, isCover }) => ({ zipFile, isCover }))).toEqual([
        { zipFile: SEEDED_ZIP, isCover: true },
      ]);
      const newJobId = emulator.imports[0]?.mapping[0]?.newJobId ?? '';
      expect(newJobId).toMatch(/^\d+$/);
      const outputs = outputsTable(out);
      expect(outputs['new-job-ids']).toBe(`["${newJobId}"]`);
      expect(outputs['skipped-job-ids']).toBe('[]');
      expect(outputs['job-mapping']).toContain(`"old_job_id":"9223372036854775807","new_job_id":"${newJobId}"`);
      expect(out).toMatch(/Job summary \(GITHUB_STEP_SUMMARY\):\n<h2>DLI Flink job import<\/h2>/);
      expect(out).not.toContain('The step FAILED');
    },
    RUN_TIMEOUT_MS,
  );
});
