/**
 * Start-up and footprint benchmark (`npm run bench`): one successful AK/SK export against the loopback emulator,
 * made by (a) the built action, (b) a bare Node script (node:crypto + fetch), (c) the official Huawei Cloud SDK
 * core. Each is a fresh Node 24 process, as on a runner; runs are interleaved so machine noise hits all alike.
 * Wall time from spawn to exit; peak memory from /usr/bin/time when present.
 *
 *   npm run bench [-- --runs 15]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, startEmulator } from '../test/emulator/server.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);
const root = new URL('..', import.meta.url).pathname;
const TIME = '/usr/bin/time';

const emulator = await startEmulator();
const dir = await mkdtemp(join(tmpdir(), 'dli-bench-'));
const outputFile = join(dir, 'output');
const summaryFile = join(dir, 'summary');

/** The environment of a GitHub-hosted runner step, so the action does what it does there (summary context too). */
const runnerEnv = {
  GITHUB_OUTPUT: outputFile,
  GITHUB_STEP_SUMMARY: summaryFile,
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
  GITHUB_EVENT_NAME: 'schedule',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_RUN_ID: '1234567890',
  GITHUB_WORKFLOW: 'Back up Flink jobs',
};

interface Variant {
  name: string;
  args: string[];
  env: Record<string, string>;
}

const benchEnv = {
  BENCH_ENDPOINT: emulator.url,
  BENCH_PROJECT_ID: DEFAULT_PROJECT_ID,
  BENCH_AK: DEFAULT_ACCESS_KEY,
  BENCH_SK: DEFAULT_SECRET_KEY,
};
const actionInputs = {
  'INPUT_PROJECT-ID': DEFAULT_PROJECT_ID,
  'INPUT_OBS-DIR': 'dli-backups/bench',
  INPUT_ENDPOINT: emulator.url,
  'INPUT_ACCESS-KEY': DEFAULT_ACCESS_KEY,
  'INPUT_SECRET-KEY': DEFAULT_SECRET_KEY,
  'INPUT_JOB-IDS': '146',
};
const action: Variant = {
  name: '(a) action: node dist/index.js',
  args: [join(root, 'dist/index.js')],
  env: { ...runnerEnv, ...actionInputs },
};
/** Shows what the summary's GitHub context (the lazily loaded @actions/github) costs. */
const actionWithoutContext: Variant = {
  name: '(a′) action, no GITHUB_* context',
  args: action.args,
  env: { GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, ...actionInputs },
};
const baseline: Variant = {
  name: '(b) baseline: node:crypto + fetch',
  args: [join(root, 'bench/baseline.mjs')],
  env: benchEnv,
};
const sdk: Variant = { name: '(c) Huawei Cloud SDK core', args: [join(root, 'bench/sdk-core.cjs')], env: benchEnv };
const variants = [action, actionWithoutContext, baseline, sdk];

function runOnce(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ ms: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr}`));
      else resolve({ ms, stderr });
    });
  });
}

async function prepareFiles(): Promise<void> {
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
}

const times = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
const memory = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
try {
  // One warm-up of each (file-system cache), not counted.
  for (const variant of variants) {
    await prepareFiles();
    await runOnce(process.execPath, variant.args, variant.env);
  }
  for (let run = 0; run < runs; run++) {
    for (const variant of variants) {
      await prepareFiles();
      emulator.reset();
      const { ms } = await runOnce(process.execPath, variant.args, variant.env);
      if (emulator.exports.length !== 1) throw new Error(`${variant.name} did not export`);
      times.get(variant.name)?.push(ms);
    }
  }
  if (existsSync(TIME)) {
    for (let run = 0; run < 3; run++) {
      for (const variant of variants) {
        await prepareFiles();
        const { stderr } = await runOnce(TIME, ['-f', 'maxrss=%M', process.execPath, ...variant.args], variant.env);
        const kb = Number(/maxrss=(\d+)/.exec(stderr)?.[1]);
        memory.get(variant.name)?.push(kb / 1024);
      }
    }
  }
} finally {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
}

const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const rows = variants.map((variant) => {
  const list = times.get(variant.name) ?? [];
  const mem = memory.get(variant.name) ?? [];
  return {
    name: variant.name,
    median: median(list),
    min: Math.min(...list),
    max: Math.max(...list),
    rss: mem.length > 0 ? median(mem) : Number.NaN,
  };
});

const bundleFiles = (await readdir(join(root, 'dist'))).filter((file) => file.endsWith('.js'));
const sizes = await Promise.all(
  bundleFiles.map(async (file) => ({ file, bytes: (await stat(join(root, 'dist', file))).size })),
);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

console.log(
  `One AK/SK export against the loopback emulator, fresh Node ${process.versions.node} process each, ${runs} runs\n`,
);
console.log('| Variant | Median | Min – max | Peak RSS |');
console.log('|---|---|---|---|');
for (const row of rows) {
  const rss = Number.isNaN(row.rss) ? 'n/a' : `${row.rss.toFixed(0)} MB`;
  console.log(
    `| ${row.name} | ${row.median.toFixed(0)} ms | ${row.min.toFixed(0)} – ${row.max.toFixed(0)} ms | ${rss} |`,
  );
}
const medianOf = (variant: Variant) => rows.find((row) => row.name === variant.name)?.median ?? Number.NaN;
const ab = medianOf(action) / medianOf(baseline);
const ac = medianOf(action) / medianOf(sdk);
console.log(`\na/b = ${ab.toFixed(2)} (target ≤ 2.0: ${ab <= 2 ? 'met' : 'NOT met'})`);
console.log(`a/c = ${ac.toFixed(2)} (target < 1.0: ${ac < 1 ? 'met' : 'NOT met'})`);
const index = sizes.find((entry) => entry.file === 'index.js')?.bytes ?? 0;
const total = sizes.reduce((sum, entry) => sum + entry.bytes, 0);
console.log(
  `dist/index.js = ${mb(index)} MB (target ≤ 1.5 MB: ${index <= 1.5 * 1024 * 1024 ? 'met' : 'NOT met'}); all chunks ${mb(total)} MB: ${sizes.map((entry) => `${entry.file} ${(entry.bytes / 1024).toFixed(0)} kB`).join(', ')}`,
);
