/**
 * Snapshot benchmark (`npm run bench:snapshot`): the built snapshot action (dist/snapshot/index.js) as a fresh Node
 * process, as on a runner, against the loopback emulator with 50 ms of latency per request and 20 KiB of SQL per
 * job. Each size runs `--runs` times into an empty workspace (every job added, every file written) and once more
 * into the workspace it left (every job compared, nothing written). Wall time includes the process's start-up;
 * peak RSS from /usr/bin/time when present.
 *
 * Targets (issue 19): 1,000 jobs ≤ 3 s; peak RSS of 1,000 jobs ≤ 100 MiB above that of 10 jobs; 100 → 1,000 →
 * 10,000 jobs linear (the time per further job about the same from 100 to 1,000 as from 1,000 to 10,000).
 * Exits with status 1 when a target is missed.
 *
 *   npm run bench:snapshot [-- --runs 3 --sizes 10,100,1000,10000 --latency 50 --kib 20]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { JobSpec } from '../test/emulator/catalogue.ts';
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, startEmulator } from '../test/emulator/server.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    sizes: { type: 'string', default: '10,100,1000,10000' },
    latency: { type: 'string', default: '50' },
    kib: { type: 'string', default: '20' },
  },
});
const runs = Number(values.runs);
const sizes = values.sizes.split(',').map(Number);
const latencyMs = Number(values.latency);
const sqlBytes = Number(values.kib) * 1024;
const entry = new URL('../dist/snapshot/index.js', import.meta.url).pathname;
const TIME = '/usr/bin/time';

/** A Flink SQL job of about `sqlBytes`: a Kafka source with a password option, then SELECT lines until full. */
function sqlOf(index: number): string {
  const lines = [
    `CREATE TABLE src_${index} (id BIGINT, v STRING) WITH ('connector' = 'kafka', 'topic' = 't${index}', 'properties.sasl.jaas.config' = 'PlainLoginModule required username="u" password="p${index}";');`,
  ];
  let size = lines[0]?.length ?? 0;
  for (let line = 0; size < sqlBytes; line++) {
    const text = `INSERT INTO sink_${index} SELECT id, CONCAT(v, 'it''s line ${line}') FROM src_${index}; -- don't ${line}`;
    lines.push(text);
    size += text.length + 1;
  }
  return lines.join('\n');
}

function jobs(count: number): JobSpec[] {
  return Array.from({ length: count }, (_, index) => ({
    job_id: String(100_000 + index),
    name: `bench-job-${String(index).padStart(5, '0')}`,
    job_type: 'flink_sql_job',
    detail: {
      sql_body: sqlOf(index),
      run_mode: 'exclusive_cluster',
      job_config: { checkpoint_enabled: true, checkpoint_interval: 30, cu_number: 4, parallel_number: 2 },
    },
  }));
}

const emulator = await startEmulator({ latencyMs });
const dir = await mkdtemp(join(tmpdir(), 'dli-bench-snapshot-'));

async function runOnce(workspace: string): Promise<{ ms: number; rssMb?: number; stdout: string }> {
  const outputFile = join(dir, 'output');
  await writeFile(outputFile, '');
  const timed = existsSync(TIME);
  const command = timed ? TIME : process.execPath;
  const argv = timed ? ['-f', 'maxrss=%M', process.execPath, entry] : [entry];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: outputFile,
        'INPUT_PROJECT-ID': DEFAULT_PROJECT_ID,
        INPUT_ENDPOINT: emulator.url,
        'INPUT_ACCESS-KEY': DEFAULT_ACCESS_KEY,
        'INPUT_SECRET-KEY': DEFAULT_SECRET_KEY,
      },
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
      if (code !== 0) return reject(new Error(`snapshot exited with ${code}: ${stdout}${stderr}`));
      const kb = /maxrss=(\d+)/.exec(stderr)?.[1];
      resolve({ ms, rssMb: kb === undefined ? undefined : Number(kb) / 1024, stdout });
    });
  });
}

const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

interface Row {
  jobs: number;
  firstMs: number[];
  againMs: number[];
  rss: number[];
}
const rows: Row[] = [];
try {
  for (const count of sizes) {
    emulator.setJobs(jobs(count));
    const row: Row = { jobs: count, firstMs: [], againMs: [], rss: [] };
    for (let run = 0; run < runs; run++) {
      const workspace = await mkdtemp(join(dir, 'ws-'));
      const first = await runOnce(workspace);
      const files = (await readdir(join(workspace, 'dli-jobs'))).length;
      if (files !== 2 * count) throw new Error(`expected ${2 * count} files, found ${files}`);
      if (first.stdout.includes('p1";')) throw new Error('a secret reached the log');
      const again = await runOnce(workspace);
      if (!again.stdout.includes(`0 added, 0 changed, 0 removed, ${count} unchanged`)) {
        throw new Error(`second run was not clean: ${again.stdout}`);
      }
      row.firstMs.push(first.ms);
      row.againMs.push(again.ms);
      if (first.rssMb !== undefined) row.rss.push(first.rssMb);
      await rm(workspace, { recursive: true, force: true });
    }
    rows.push(row);
    console.log(
      `${count} jobs: first ${median(row.firstMs).toFixed(0)} ms, again ${median(row.againMs).toFixed(0)} ms, peak RSS ${row.rss.length ? `${median(row.rss).toFixed(0)} MB` : 'n/a'}`,
    );
  }
} finally {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
}

console.log(
  `\n${sizes.join(' / ')} jobs, ${values.kib} KiB of SQL each, ${latencyMs} ms latency, ${runs} run(s) each (medians):\n`,
);
console.log('| Jobs | Into an empty folder | Again, unchanged | Peak RSS |');
console.log('|---|---|---|---|');
for (const row of rows) {
  const rss = row.rss.length ? `${median(row.rss).toFixed(0)} MB` : 'n/a';
  console.log(`| ${row.jobs} | ${median(row.firstMs).toFixed(0)} ms | ${median(row.againMs).toFixed(0)} ms | ${rss} |`);
}

const problems: string[] = [];
const at = (count: number) => rows.find((row) => row.jobs === count);
const thousand = at(1000);
if (thousand && median(thousand.firstMs) > 3000)
  problems.push(`1,000 jobs took ${median(thousand.firstMs).toFixed(0)} ms (> 3 s)`);
const ten = at(10);
if (thousand && ten && thousand.rss.length && ten.rss.length) {
  const growth = median(thousand.rss) - median(ten.rss);
  console.log(`\nPeak RSS growth, 10 -> 1,000 jobs: ${growth.toFixed(0)} MB (target ≤ 100 MiB)`);
  if (growth > 100 * 1.048576) problems.push(`peak RSS grew by ${growth.toFixed(0)} MB (> 100 MiB)`);
}
const hundred = at(100);
const tenThousand = at(10000);
if (hundred && thousand && tenThousand) {
  const perJob = (a: Row, b: Row, pick: (row: Row) => number[]) =>
    (median(pick(b)) - median(pick(a))) / (b.jobs - a.jobs);
  for (const [label, pick] of [
    ['into an empty folder', (row: Row) => row.firstMs],
    ['again', (row: Row) => row.againMs],
  ] as const) {
    const low = perJob(hundred, thousand, pick);
    const high = perJob(thousand, tenThousand, pick);
    console.log(
      `Time per further job (${label}): 100 -> 1,000: ${low.toFixed(3)} ms; 1,000 -> 10,000: ${high.toFixed(3)} ms (ratio ${(high / low).toFixed(2)})`,
    );
    if (high / low > 2)
      problems.push(`${label}: the time per job grew ${(high / low).toFixed(2)}x from 1,000 to 10,000 jobs`);
  }
}
if (problems.length > 0) {
  console.error(`\nTargets missed:\n- ${problems.join('\n- ')}`);
  process.exitCode = 1;
} else {
  console.log('\nAll targets met.');
}
