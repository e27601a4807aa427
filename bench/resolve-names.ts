/**
 * Benchmark: resolve 100 job names across 10,000 jobs, with 20 ms of emulator latency per request.
 * Runs the real list client and transport (undici) against the loopback emulator; prints median and spread.
 *
 *   npm run bench:names [-- --runs 10 --jobs 10000 --names 100 --latency 20]
 */
import { parseArgs } from 'node:util';
import { signWithAccessKey } from '../src/auth/access-key.ts';
import { LIST_CONCURRENCY, listAllJobs, PAGE_SIZE } from '../src/dli/list.ts';
import { DEFAULT_RETRY_POLICY } from '../src/http/retry.ts';
import { createTransport } from '../src/http/transport.ts';
import { resolveJobNames } from '../src/job-names.ts';
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, startEmulator } from '../test/emulator/server.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    jobs: { type: 'string', default: '10000' },
    names: { type: 'string', default: '100' },
    latency: { type: 'string', default: '20' },
  },
});
const runs = Number(values.runs);
const jobCount = Number(values.jobs);
const nameCount = Number(values.names);
const latencyMs = Number(values.latency);

const jobs = Array.from({ length: jobCount }, (_, i) => ({ job_id: String(100_000 + i), name: `flink-job-${i}` }));
const wanted = Array.from(
  { length: nameCount },
  (_, i) => `flink-job-${Math.floor(((i + 0.5) * jobCount) / nameCount)}`,
);
const emulator = await startEmulator({ jobs, latencyMs });
const endpoint = new URL(emulator.url);
const auth = {
  mode: 'access-key' as const,
  source: 'bench',
  accessKey: DEFAULT_ACCESS_KEY,
  secretKey: DEFAULT_SECRET_KEY,
};

const timings: number[] = [];
let requests = 0;
try {
  for (let run = 0; run < runs; run++) {
    emulator.reset();
    const transport = createTransport({ timeoutMs: 30_000, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 } });
    const started = performance.now();
    const catalogue = await listAllJobs(
      transport,
      (r) => signWithAccessKey(r, auth, new Date()),
      endpoint,
      DEFAULT_PROJECT_ID,
    );
    const resolution = resolveJobNames(wanted, catalogue);
    timings.push(performance.now() - started);
    await transport.close();
    if (!resolution.ok || resolution.ids.length !== nameCount) throw new Error('resolution failed');
    requests = emulator.requests.length;
  }
} finally {
  await emulator.close();
}

timings.sort((a, b) => a - b);
const median = timings[Math.floor(timings.length / 2)] ?? Number.NaN;
const pages = Math.ceil(jobCount / PAGE_SIZE);
const sequential = pages * latencyMs;
console.log(`Resolve ${nameCount} names across ${jobCount} jobs, ${latencyMs} ms latency per request, ${runs} runs`);
console.log(`  requests per run: ${requests} (pages of ${PAGE_SIZE}, ${LIST_CONCURRENCY} in flight after the first)`);
console.log(`  median ${median.toFixed(0)} ms, min ${timings[0]?.toFixed(0)} ms, max ${timings.at(-1)?.toFixed(0)} ms`);
console.log(`  (one page at a time would need at least ${sequential} ms of latency alone)`);
console.log(`  target < 1000 ms: ${median < 1000 ? 'met' : 'NOT met'}`);
