/**
 * Start-up and footprint benchmark (`npm run bench`): one successful AK/SK export against the loopback emulator,
 * made by (a) the built action, (b) a bare Node script (node:crypto + fetch), (c) the official Huawei Cloud SDK
 * core. Each is a fresh Node 24 process, as on a runner, timed from spawn to exit.
 *
 * Runs are interleaved rounds (a, b, c in a rotating order), and each round gives the ratios a/b and a/c of its
 * own runs: machine noise that slows one round slows its whole pair, so the median of the per-round ratios is far
 * steadier than a ratio of medians. Peak RSS comes from separate, untimed runs, read by the process itself at exit.
 * The verdict (exit code 1 when a target is missed) is on the median ratios and the bundle size.
 *
 *   npm run bench [-- --runs 21 --sets 3 --compare other-build/index.js]
 *
 * --sets N repeats the whole measurement N times (the targets must hold in each); --compare adds another build of
 * the action as variant (a2), e.g. the bundle before a change.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, startEmulator } from '../test/emulator/server.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '21' },
    sets: { type: 'string', default: '1' },
    compare: { type: 'string' },
  },
});
const runs = Number(values.runs);
const sets = Number(values.sets);
const root = new URL('..', import.meta.url).pathname;

/** Targets of issue 17 (the action on @actions/core and undici's public API): a/b ≤ 2.0, a/c < 1.0, dist/index.js ≤ 3 MB. */
const MAX_RATIO_BASELINE = 2.0;
const MAX_RATIO_SDK = 1.0;
const MAX_INDEX_BYTES = 3 * 1024 * 1024;

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
  key: string;
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
  key: 'a',
  name: '(a) action: node dist/index.js',
  args: [join(root, 'dist/index.js')],
  env: { ...runnerEnv, ...actionInputs },
};
const baseline: Variant = {
  key: 'b',
  name: '(b) baseline: node:crypto + fetch',
  args: [join(root, 'bench/baseline.mjs')],
  env: benchEnv,
};
const sdk: Variant = {
  key: 'c',
  name: '(c) Huawei Cloud SDK core',
  args: [join(root, 'bench/sdk-core.cjs')],
  env: benchEnv,
};
const variants = [action, baseline, sdk];
if (values.compare) {
  variants.push({ ...action, key: 'a2', name: `(a2) ${values.compare}`, args: [resolve(values.compare)] });
}

/** Preloaded only in the memory runs: the process reports its own peak RSS (kB) as it exits. */
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'))`;

function runOnce(variant: Variant, extraArgs: string[] = []): Promise<{ ms: number; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...extraArgs, ...variant.args], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, ...variant.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`${variant.name} exited with ${code}: ${stderr}`));
      else resolvePromise({ ms, stderr });
    });
  });
}

async function measured(variant: Variant, extraArgs: string[] = []): Promise<{ ms: number; stderr: string }> {
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  emulator.reset();
  const result = await runOnce(variant, extraArgs);
  if (emulator.exports.length !== 1) throw new Error(`${variant.name} did not export`);
  return result;
}

const median = (list: readonly number[]) => quantile(list, 0.5);
function quantile(list: readonly number[], q: number): number {
  const sorted = [...list].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (position - low);
}

interface SetResult {
  times: Map<string, number[]>;
  /** Per round: a/b, a/c (and a2/b, a2/a when comparing). */
  ratios: Map<string, number[]>;
}

async function measureSet(): Promise<SetResult> {
  const times = new Map<string, number[]>(variants.map((variant) => [variant.key, []]));
  const ratios = new Map<string, number[]>();
  const addRatio = (name: string, value: number) => ratios.set(name, [...(ratios.get(name) ?? []), value]);
  for (let round = 0; round < runs; round++) {
    const order = variants.map((_, index) => variants[(index + round) % variants.length] as Variant);
    const ms: Record<string, number> = {};
    for (const variant of order) {
      ms[variant.key] = (await measured(variant)).ms;
      times.get(variant.key)?.push(ms[variant.key] as number);
    }
    const t = (key: string) => ms[key] as number;
    addRatio('a/b', t('a') / t('b'));
    addRatio('a/c', t('a') / t('c'));
    if (values.compare) {
      addRatio('a2/b', t('a2') / t('b'));
      addRatio('a/a2', t('a') / t('a2'));
    }
  }
  return { times, ratios };
}

const results: SetResult[] = [];
const rss = new Map<string, number[]>(variants.map((variant) => [variant.key, []]));
try {
  // One warm-up of each (file-system cache), not counted.
  for (const variant of variants) await measured(variant);
  for (let set = 0; set < sets; set++) results.push(await measureSet());
  for (let run = 0; run < 3; run++) {
    for (const variant of variants) {
      const { stderr } = await measured(variant, ['--import', REPORT_RSS]);
      rss.get(variant.key)?.push(Number(/maxrss=(\d+)/.exec(stderr)?.[1]) / 1024);
    }
  }
} finally {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
}

const bundleFiles = (await readdir(join(root, 'dist'))).filter((file) => file.endsWith('.js'));
const sizes = await Promise.all(
  bundleFiles.map(async (file) => ({ file, bytes: (await stat(join(root, 'dist', file))).size })),
);
const indexBytes = sizes.find((entry) => entry.file === 'index.js')?.bytes ?? 0;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
const f2 = (value: number) => value.toFixed(2);
const ms0 = (value: number) => `${value.toFixed(0)} ms`;

console.log(
  `One AK/SK export against the loopback emulator, a fresh Node ${process.versions.node} process per run, ` +
    `${runs} interleaved rounds per set, ${sets} set(s)\n`,
);
let allMet = indexBytes <= MAX_INDEX_BYTES;
for (const [index, result] of results.entries()) {
  if (sets > 1) console.log(`Set ${index + 1} of ${sets}`);
  console.log('| Variant | Median | p25 – p75 | Min – max | Peak RSS |');
  console.log('|---|---|---|---|---|');
  for (const variant of variants) {
    const list = result.times.get(variant.key) ?? [];
    const memory = median(rss.get(variant.key) ?? []);
    console.log(
      `| ${variant.name} | ${ms0(median(list))} | ${ms0(quantile(list, 0.25))} – ${ms0(quantile(list, 0.75))} | ` +
        `${ms0(Math.min(...list))} – ${ms0(Math.max(...list))} | ${Number.isNaN(memory) ? 'n/a' : `${memory.toFixed(0)} MB`} |`,
    );
  }
  console.log('\n| Per-round ratio | Median | p25 – p75 | Min – max | Target |');
  console.log('|---|---|---|---|---|');
  for (const [name, list] of result.ratios) {
    const target = name === 'a/b' ? MAX_RATIO_BASELINE : name === 'a/c' ? MAX_RATIO_SDK : undefined;
    const value = median(list);
    const met = target === undefined ? undefined : name === 'a/c' ? value < target : value <= target;
    if (met === false) allMet = false;
    const verdict =
      target === undefined ? '' : `${name === 'a/c' ? '<' : '≤'} ${target.toFixed(1)}: ${met ? 'met' : 'NOT met'}`;
    console.log(
      `| ${name} | ${f2(value)} | ${f2(quantile(list, 0.25))} – ${f2(quantile(list, 0.75))} | ` +
        `${f2(Math.min(...list))} – ${f2(Math.max(...list))} | ${verdict} |`,
    );
  }
  console.log('');
}
console.log(
  `dist/index.js = ${mb(indexBytes)} MB (≤ ${mb(MAX_INDEX_BYTES)} MB: ${indexBytes <= MAX_INDEX_BYTES ? 'met' : 'NOT met'}); ` +
    `loaded only when needed: ${sizes
      .filter((entry) => entry.file !== 'index.js')
      .map((entry) => `${entry.file} ${(entry.bytes / 1024).toFixed(0)} kB`)
      .join(', ')}`,
);
// The verdict in one plain line per target (the median of the per-round ratios; with --sets, the worst set).
const worst = (name: string, pick: (a: number, b: number) => number) =>
  results.map((result) => median(result.ratios.get(name) ?? [])).reduce((x, y) => pick(x, y));
const ab = worst('a/b', Math.max);
const ac = worst('a/c', Math.max);
console.log(
  `\na/b = ${f2(ab)} (target ≤ ${MAX_RATIO_BASELINE.toFixed(1)}: ${ab <= MAX_RATIO_BASELINE ? 'met' : 'NOT met'})`,
);
console.log(`a/c = ${f2(ac)} (target < ${MAX_RATIO_SDK.toFixed(1)}: ${ac < MAX_RATIO_SDK ? 'met' : 'NOT met'})`);
if (values.compare) {
  const compareBytes = (await stat(resolve(values.compare))).size;
  console.log(`a/a2 = ${f2(worst('a/a2', Math.max))} (below 1: this build starts faster than a2)`);
  console.log(`a2 = ${values.compare}: ${mb(compareBytes)} MB`);
}
console.log(
  `dist/index.js = ${mb(indexBytes)} MB (target ≤ ${mb(MAX_INDEX_BYTES)} MB: ${indexBytes <= MAX_INDEX_BYTES ? 'met' : 'NOT met'})`,
);
console.log(allMet ? 'All targets met.' : 'Some target NOT met.');
if (!allMet) process.exitCode = 1;
