/**
 * Downloads through dist/index.js on the set-ups a review found broken: encrypted buckets, DLI answers naming other
 * hosts, names that collide or cannot be files, a body that drips, NoSuchBucket, and a step cancelled mid-transfer.
 * Everything stays on loopback; the forms that would leave it are refused in unit tests (test/unit/export/download).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { ACTION_ENTRY, accessKeyInputs, type RunResult, runAction } from './run-action.ts';

let emulator: Emulator;
let workspace: string;
/** A listener that must never be reached: it stands for a host the signed request must not go to. */
let trap: Server;
let trapPort: number;
const trapped: Socket[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  trap = createServer((socket) => {
    trapped.push(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  const address = trap.address();
  trapPort = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => {
  await new Promise<void>((resolve) => trap.close(() => resolve()));
  await emulator.close();
});
beforeEach(async () => {
  emulator.reset();
  trapped.length = 0;
  workspace = await mkdtemp(join(tmpdir(), 'dli-hazards-'));
});
afterEach(() => rm(workspace, { recursive: true, force: true }));

const inputs = (overrides: Record<string, string> = {}) =>
  accessKeyInputs({
    endpoint: emulator.url,
    'obs-endpoint': emulator.obs.url,
    'obs-dir': 'dli-backups/nightly',
    'download-dir': 'exports',
    'job-ids': '146',
    ...overrides,
  });
const run = (overrides: Record<string, string> = {}, timeoutMs?: number) =>
  runAction({ inputs: inputs(overrides), env: { GITHUB_WORKSPACE: workspace }, timeoutMs });

/** DLI's export answer lists these entries (the ZIPs are put in OBS by the test where it wants them there). */
function answer(...zipFiles: string[]): void {
  emulator.script('export', [{ status: 200, body: { is_success: true, message: 'ok', zip_file: zipFiles } }]);
}

const exportDir = () => join(workspace, 'exports');
async function filesIn(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

describe('encrypted buckets (server-side_encryption_overview.rst)', () => {
  it.each(['kms', 'AES256'] as const)(
    'bucket default encryption %s: the ZIP downloads at the first GET, the log says its MD5 could not be checked',
    async (encryption) => {
      emulator.obs.bucketEncryption.set('dli-backups', encryption);
      const result = await run();
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      const zip = emulator.exports[0]?.zipFile ?? '';
      expect(emulator.obs.objects.get(zip)?.encryption).toBe(encryption);
      const name = zip.slice(zip.lastIndexOf('/') + 1);
      expect(await readFile(join(exportDir(), name))).toEqual(emulator.obs.objects.get(zip)?.body);
      expect(emulator.obs.requests).toHaveLength(1);
      expect(result.stdout).toMatch(
        new RegExp(
          `the MD5 could not be checked \\(server-side encryption ${encryption}: OBS's ETag is not the object's MD5\\)`,
        ),
      );
      expect(result.stdout).not.toMatch(/proxy or the network/);
    },
  );
});

describe("DLI's zip_file answer is checked before any OBS request", () => {
  it('an entry naming a loopback host in the 2130706433:PORT form fails the step in one line, nothing sent there', async () => {
    const entry = `2130706433:${trapPort}?/x.zip`;
    answer(entry);
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(JSON.stringify(entry));
    expect(result.errors[0]).toMatch(/^Cannot download the exported ZIPs \(nothing was downloaded\): /);
    expect(trapped).toHaveLength(0);
    expect(emulator.obs.requests).toHaveLength(0);
    expect(result.outputs['zip-files']).toBe(JSON.stringify([entry]));
  });

  it.each([
    ['another bucket', 'obs-test/nightly/a.zip', 'is in bucket "obs-test", not in obs-dir\'s bucket "dli-backups"'],
    [
      'another bucket, with obs://',
      'obs://other/a.zip',
      'is in bucket "other", not in obs-dir\'s bucket "dli-backups"',
    ],
    ['another folder', 'dli-backups/elsewhere/a.zip', 'is not under obs-dir\'s folder "nightly"'],
  ])('%s: refused, naming the entry', async (_name, entry, why) => {
    answer(entry);
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      `Cannot download the exported ZIPs (nothing was downloaded): ${JSON.stringify(entry)} ${why}. Hint: the export itself succeeded; see the zip-files output`,
    ]);
    expect(emulator.obs.requests).toHaveLength(0);
  });
});

describe('file names', () => {
  it.each([
    ['case', ['dli-backups/nightly/Report.zip', 'dli-backups/nightly/report.zip'], /one file on case-insensitive/],
    [
      'NFC/NFD',
      ['dli-backups/nightly/caf\u00e9.zip', 'dli-backups/nightly/cafe\u0301.zip'],
      /one file on case-insensitive or normalising/,
    ],
    [
      'a Windows device name',
      ['dli-backups/nightly/a.zip', 'dli-backups/nightly/CON'],
      /"CON" is a device name Windows reserves/,
    ],
    [
      'a colon',
      ['dli-backups/nightly/a.zip', 'dli-backups/nightly/a:b.zip'],
      /"a:b\.zip" contains a character Windows does not allow/,
    ],
  ])('%s: refused before the first download, in one line naming them', async (_name, zips, why) => {
    for (const zip of zips) emulator.obs.putObject(zip, Buffer.from('PK'));
    answer(...zips);
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(why);
    expect(emulator.obs.requests).toHaveLength(0);
    expect(await filesIn(exportDir())).toEqual([]);
    expect(result.outputs.files).toBeUndefined();
  });

  it('a valid 240-byte name downloads beside a short one (its temporary name is cut to 255 bytes)', async () => {
    const long = `dli-backups/nightly/${'n'.repeat(236)}.zip`;
    emulator.obs.putObject('dli-backups/nightly/a.zip', Buffer.from('first'));
    emulator.obs.putObject(long, Buffer.from('second'));
    answer('dli-backups/nightly/a.zip', long);
    const result = await run();
    expect(result.errors).toEqual([]);
    expect((await filesIn(exportDir())).sort()).toEqual(['a.zip', `${'n'.repeat(236)}.zip`]);
    expect(JSON.parse(result.outputs.files ?? '[]')).toHaveLength(2);
  });
});

describe('failures named for what they are', () => {
  it('404 NoSuchBucket fails at the first GET with the region/endpoint hint, never waited for', async () => {
    emulator.obs.script([
      { kind: 'error', status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist' },
    ]);
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(
      /HTTP 404 NoSuchBucket: The specified bucket does not exist.*Hint: the bucket does not exist at 127\.0\.0\.1:\d+: check `region` or `obs-endpoint`/,
    );
    expect(emulator.obs.requests).toHaveLength(1);
    expect(result.warnings).toEqual([]);
  });
});

/** "this step within 7 s" -> ms, the last time the log says it. */
function lastStatedBoundMs(result: RunResult): number {
  const all = [...result.stdout.matchAll(/this step within (?:(\d+) min)? ?(?:(\d+) s)?/g)];
  const last = all.at(-1);
  expect(last, result.stdout).toBeDefined();
  return (Number(last?.[1] ?? 0) * 60 + Number(last?.[2] ?? 0)) * 1000;
}

describe('time limits hold for transfers', () => {
  it('a body that drips one byte every 1.5 s: the bound is printed again with the size, and the process ends within it', async () => {
    emulator.obs.script([{ kind: 'drip', intervalMs: 1500 }]);
    const started = Date.now();
    const result = await run({ 'timeout-seconds': '2', 'max-attempts': '1' }, 60_000);
    const elapsed = Date.now() - started;
    expect(result.exitCode).toBe(1);
    // 2 s for the export; 2 s of waiting for a missing ZIP, 2 s + 1 s for a ZIP under 1 MiB.
    expect(result.stdout).toContain(
      'Time limit: each request ends within 2 s with its retries; this step within 2 s (1 request(s) in turn, plus 4 s and 1 s per MiB for each ZIP downloaded)',
    );
    expect(result.stdout).toContain(
      'Time limit: each request ends within 2 s with its retries; this step within 7 s (1 request(s) in turn, 1 download(s) of known size)',
    );
    expect(lastStatedBoundMs(result)).toBe(7000);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(
      /the transfer did not finish within 3 s \(`timeout-seconds` plus 1 s per MiB of \d+ bytes\)/,
    );
    // Start-up of a fresh Node process on a busy machine, on top of the 7 s.
    expect(elapsed).toBeLessThan(7000 + 8000);
    expect(await filesIn(exportDir())).toEqual([]);
  });
});

describe('a cancelled step', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s during a transfer removes the temporary file', async (signal) => {
    emulator.obs.script([{ kind: 'drip', intervalMs: 200 }]);
    const dir = await mkdtemp(join(tmpdir(), 'dli-cancel-'));
    const output = join(dir, 'output');
    await writeFile(output, '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      RUNNER_TEMP: dir,
      GITHUB_OUTPUT: output,
      GITHUB_WORKSPACE: workspace,
    };
    for (const [name, value] of Object.entries(inputs({ 'timeout-seconds': '30' }))) {
      env[`INPUT_${name.toUpperCase()}`] = value;
    }
    const child = spawn(process.execPath, [ACTION_ENTRY], { env, stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, sig) => resolve({ code, signal: sig })),
    );
    try {
      // Wait until the temporary file exists and has some bytes.
      let part: string | undefined;
      for (let i = 0; i < 200 && part === undefined; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        part = (await filesIn(exportDir())).find((name) => name.endsWith('.part'));
      }
      expect(part).toBeDefined();
      child.kill(signal);
      const { signal: ended } = await exited;
      expect(ended).toBe(signal);
      expect(await filesIn(exportDir())).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
