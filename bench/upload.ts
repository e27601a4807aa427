/**
 * Upload benchmark (`npm run bench:upload`): the built import action uploads a 200 MiB ZIP (`local-files`) to the
 * loopback emulator and imports it, against (1) the same run with a 1 MiB ZIP, for peak memory (the file must be
 * streamed, never held whole), and (2) a bare `node:http` script that reads the file's MD5 and streams it in one
 * signed PUT (bench/upload-baseline.mjs), for speed. Both times are wall times from process start to exit, each
 * run a fresh Node process as on a runner; runs are interleaved. Peak RSS from /usr/bin/time when present.
 *
 *   npm run bench:upload [-- --runs 5 --mb 200]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, startEmulator } from '../test/emulator/server.ts';
import { buildZip } from '../test/emulator/zip.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, mb: { type: 'string', default: '200' } },
});
const runs = Number(values.runs);
const MIB = 1024 * 1024;
const root = new URL('..', import.meta.url).pathname;
const TIME = '/usr/bin/time';

const emulator = await startEmulator();
const dir = await mkdtemp(join(tmpdir(), 'dli-bench-upload-'));
const outputFile = join(dir, 'output');

/** A real ZIP: one job definition and an incompressible payload entry, `bytes` long in all (about). */
async function zipFile(name: string, bytes: number): Promise<{ path: string; size: number }> {
  const payload = Buffer.concat(
    Array.from({ length: Math.ceil(bytes / (16 * MIB)) }, () => randomBytes(16 * MIB)),
  ).subarray(0, bytes);
  const zip = buildZip([
    { name: '146.json', content: Buffer.from('{"job_id":"146","name":"bench-upload"}') },
    { name: 'payload.bin', content: payload },
  ]);
  const path = join(dir, name);
  await writeFile(path, zip);
  return { path, size: zip.length };
}
const big = await zipFile('big.zip', Number(values.mb) * MIB);
const small = await zipFile('small.zip', MIB);

const inputs = (file: string) => ({
  'INPUT_PROJECT-ID': DEFAULT_PROJECT_ID,
  INPUT_ENDPOINT: emulator.url,
  'INPUT_ACCESS-KEY': DEFAULT_ACCESS_KEY,
  'INPUT_SECRET-KEY': DEFAULT_SECRET_KEY,
  'INPUT_LOCAL-FILES': file,
  'INPUT_UPLOAD-DIR': 'dli-backups/bench',
  'INPUT_OBS-ENDPOINT': emulator.obs.url,
  GITHUB_OUTPUT: outputFile,
});

/** One fresh process; wall time from spawn to exit. */
function run(args: string[], env: Record<string, string>): Promise<{ stdout: string; ms: number; rssMb?: number }> {
  const timed = existsSync(TIME);
  const command = timed ? TIME : process.execPath;
  const argv = timed ? ['-f', 'maxrss=%M', process.execPath, ...args] : args;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, {
      env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}: ${stdout}${stderr}`));
      const kb = /maxrss=(\d+)/.exec(stderr)?.[1];
      resolve({ stdout, ms, rssMb: kb === undefined ? undefined : Number(kb) / 1024 });
    });
  });
}

function prepare(): Promise<void> {
  emulator.reset();
  return writeFile(outputFile, '');
}

function uploadedBytes(): number {
  return emulator.obs.objects.get('dli-backups/bench/big.zip')?.body.length ?? 0;
}

const results = { bigMs: [] as number[], bigRss: [] as number[], smallRss: [] as number[], bareMs: [] as number[] };
try {
  for (let i = 0; i <= runs; i++) {
    const counted = i > 0; // the first round warms the file-system cache
    await prepare();
    const action = await run([join(root, 'dist/import/index.js')], inputs(big.path));
    if (uploadedBytes() !== big.size || !/Uploaded big\.zip/.test(action.stdout)) {
      throw new Error(`the action did not upload ${big.size} bytes:\n${action.stdout}`);
    }
    await prepare();
    const smallRun = await run([join(root, 'dist/import/index.js')], inputs(small.path));
    await prepare();
    const bare = await run([join(root, 'bench/upload-baseline.mjs')], {
      BENCH_URL: `${emulator.obs.url}/dli-backups/bench/big.zip`,
      BENCH_RESOURCE: '/dli-backups/bench/big.zip',
      BENCH_AK: DEFAULT_ACCESS_KEY,
      BENCH_SK: DEFAULT_SECRET_KEY,
      BENCH_FILE: big.path,
    });
    if (uploadedBytes() !== big.size) throw new Error('the baseline did not upload the file');
    if (!counted) continue;
    results.bigMs.push(action.ms);
    results.bareMs.push(bare.ms);
    if (action.rssMb !== undefined) results.bigRss.push(action.rssMb);
    if (smallRun.rssMb !== undefined) results.smallRss.push(smallRun.rssMb);
  }
} finally {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN;
const mibps = (ms: number) => (big.size / MIB / (ms / 1000)).toFixed(0);
console.log(
  `A ${values.mb} MiB ZIP over loopback, wall time from process start, fresh Node ${process.versions.node} process each, ${runs} runs\n`,
);
console.log('| Variant | Median | Min – max | Throughput | Peak RSS |');
console.log('|---|---|---|---|---|');
const row = (name: string, ms: number[], rss: number[]) =>
  console.log(
    `| ${name} | ${median(ms).toFixed(0)} ms | ${Math.min(...ms).toFixed(0)} – ${Math.max(...ms).toFixed(0)} ms | ${mibps(median(ms))} MiB/s | ${rss.length > 0 ? `${median(rss).toFixed(0)} MiB` : 'n/a'} |`,
  );
row('import action: checks, MD5 + SHA-256, signed PUT, ETag check, import', results.bigMs, results.bigRss);
row('bare node:http: MD5, then one signed PUT', results.bareMs, []);
if (results.smallRss.length > 0)
  console.log(`| import action with a 1 MiB ZIP | | | | ${median(results.smallRss).toFixed(0)} MiB |`);
const ratio = median(results.bigMs) / median(results.bareMs);
const extra = median(results.bigRss) - median(results.smallRss);
console.log(`\ntime ratio action/bare = ${ratio.toFixed(2)} (target ≤ 2.0: ${ratio <= 2 ? 'met' : 'NOT met'})`);
console.log(
  Number.isNaN(extra)
    ? 'peak RSS: n/a (no /usr/bin/time)'
    : `peak RSS with ${values.mb} MiB − with 1 MiB = ${extra.toFixed(0)} MiB (target < 100 MiB: ${extra < 100 ? 'met' : 'NOT met'})`,
);
