/**
 * Download benchmark (`npm run bench:download`): the built action exports and then downloads a 200 MB object from
 * the loopback emulator, against (1) the same run without `download-dir`, for peak memory, and (2) a bare
 * `node:http` stream to disk (bench/download-baseline.mjs), for speed. Each run is a fresh Node process, as on a
 * runner; runs are interleaved. Peak RSS from /usr/bin/time when present; the download's own time from the
 * action's log line ("in N ms"), the baseline's from its output.
 *
 *   npm run bench:download [-- --runs 5 --mb 200]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeObjectKey } from '../src/obs/signature.ts';
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, startEmulator } from '../test/emulator/server.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, mb: { type: 'string', default: '200' } },
});
const runs = Number(values.runs);
const size = Number(values.mb) * 1024 * 1024;
const root = new URL('..', import.meta.url).pathname;
const TIME = '/usr/bin/time';
const ZIP = 'dli-backups/bench/aggregate_bench.zip';

const emulator = await startEmulator();
const dir = await mkdtemp(join(tmpdir(), 'dli-bench-download-'));
const outputFile = join(dir, 'output');
// Incompressible bytes, generated once; the emulator keeps the object in memory (this process, not the action's).
const body = Buffer.concat(
  Array.from({ length: Math.ceil(size / (16 * 1024 * 1024)) }, () => randomBytes(16 * 1024 * 1024)),
).subarray(0, size);

const inputs = (download: boolean) => ({
  'INPUT_PROJECT-ID': DEFAULT_PROJECT_ID,
  'INPUT_OBS-DIR': 'dli-backups/bench',
  INPUT_ENDPOINT: emulator.url,
  'INPUT_ACCESS-KEY': DEFAULT_ACCESS_KEY,
  'INPUT_SECRET-KEY': DEFAULT_SECRET_KEY,
  'INPUT_JOB-IDS': '146',
  'INPUT_OBS-ENDPOINT': emulator.obs.url,
  'INPUT_DOWNLOAD-DIR': download ? join(dir, 'action') : '',
  GITHUB_OUTPUT: outputFile,
});

function run(args: string[], env: Record<string, string>, timed: boolean): Promise<{ stdout: string; rssMb?: number }> {
  const command = timed && existsSync(TIME) ? TIME : process.execPath;
  const argv = command === TIME ? ['-f', 'maxrss=%M', process.execPath, ...args] : args;
  return new Promise((resolve, reject) => {
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
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}: ${stdout}${stderr}`));
      const kb = /maxrss=(\d+)/.exec(stderr)?.[1];
      resolve({ stdout, rssMb: kb === undefined ? undefined : Number(kb) / 1024 });
    });
  });
}

/** The export answers with the bench object, which is already in the emulated OBS. */
function prepare(): Promise<void> {
  emulator.reset();
  emulator.obs.putObject(ZIP, body);
  emulator.script('export', [{ status: 200, body: { is_success: true, message: 'ok', zip_file: [ZIP] } }]);
  return writeFile(outputFile, '');
}

const results = {
  withRss: [] as number[],
  withoutRss: [] as number[],
  actionMs: [] as number[],
  bareMs: [] as number[],
};
try {
  for (let i = 0; i <= runs; i++) {
    const counted = i > 0; // the first round warms the file-system cache
    await prepare();
    const withDownload = await run([join(root, 'dist/index.js')], inputs(true), true);
    const ms = /Downloaded obs:\/\/\S+ to \S+: (\d+) bytes, SHA-256 [0-9a-f]{64}, in (\d+) ms/.exec(
      withDownload.stdout,
    );
    if (!ms || Number(ms[1]) !== size)
      throw new Error(`the action did not download ${size} bytes:\n${withDownload.stdout}`);
    await prepare();
    const without = await run([join(root, 'dist/index.js')], inputs(false), true);
    await prepare();
    const bare = await run(
      [join(root, 'bench/download-baseline.mjs')],
      {
        BENCH_URL: `${emulator.obs.url}/${ZIP.split('/')[0]}/${encodeObjectKey(ZIP.slice(ZIP.indexOf('/') + 1))}`,
        BENCH_RESOURCE: `/${ZIP}`,
        BENCH_AK: DEFAULT_ACCESS_KEY,
        BENCH_SK: DEFAULT_SECRET_KEY,
        BENCH_OUT: join(dir, 'bare.zip'),
      },
      false,
    );
    if (!counted) continue;
    results.actionMs.push(Number(ms[2]));
    results.bareMs.push(Number(/ms=([\d.]+)/.exec(bare.stdout)?.[1]));
    if (withDownload.rssMb !== undefined) results.withRss.push(withDownload.rssMb);
    if (without.rssMb !== undefined) results.withoutRss.push(without.rssMb);
  }
} finally {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN;
const mbps = (ms: number) => (size / 1024 / 1024 / (ms / 1000)).toFixed(0);
console.log(`A ${values.mb} MB object over loopback, fresh Node ${process.versions.node} process each, ${runs} runs\n`);
console.log('| Variant | Median | Min – max | Throughput | Peak RSS |');
console.log('|---|---|---|---|---|');
const row = (name: string, ms: number[], rss: number[]) =>
  console.log(
    `| ${name} | ${median(ms).toFixed(0)} ms | ${Math.min(...ms).toFixed(0)} – ${Math.max(...ms).toFixed(0)} ms | ${mbps(median(ms))} MB/s | ${rss.length > 0 ? `${median(rss).toFixed(0)} MB` : 'n/a'} |`,
  );
row('action: download with checks (MD5, SHA-256)', results.actionMs, results.withRss);
row('bare node:http stream to disk', results.bareMs, []);
if (results.withoutRss.length > 0)
  console.log(`| action without download-dir | | | | ${median(results.withoutRss).toFixed(0)} MB |`);
const ratio = median(results.actionMs) / median(results.bareMs);
const extra = median(results.withRss) - median(results.withoutRss);
console.log(`\ntime ratio action/bare = ${ratio.toFixed(2)} (target ≤ 2.0: ${ratio <= 2 ? 'met' : 'NOT met'})`);
console.log(
  Number.isNaN(extra)
    ? 'peak RSS: n/a (no /usr/bin/time)'
    : `peak RSS with download − without = ${extra.toFixed(0)} MB (target < 100 MB: ${extra < 100 ? 'met' : 'NOT met'})`,
);
