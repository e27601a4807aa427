/**
 * Benchmark of choosing jobs by name at scale (`npm run bench:names`): the real job-list client and transport
 * (undici) against the loopback emulator, then name resolution, de-duplication and the outputs, as an export does.
 *
 * Each scenario runs in a fresh Node process (the emulator stays in this one), so its peak RSS is its own:
 *   - 1,000 → 10,000 → 100,000 jobs, resolving a tenth of them by name (time should grow linearly);
 *   - 30,000 jobs sharing one name (an ambiguous name: the error lists all 30,000 IDs);
 *   - 100 unknown names among 10,000 jobs (each gets suggestions: the edit-distance search);
 *   - 10,000 jobs and 100 names with 20 ms of latency per request (the paged list's concurrency).
 *
 *   npm run bench:names [-- --runs 3]
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { describeResolutionProblems, mergeJobIds, resolveJobNames } from '../src/action/job-names.ts';
import { signWithAccessKey } from '../src/auth/access-key.ts';
import { exportBody } from '../src/dli/export.ts';
import { listAllJobs } from '../src/dli/list.ts';
import { exportOutputs } from '../src/export/outputs.ts';
import { DEFAULT_RETRY_POLICY } from '../src/http/retry.ts';
import { createTransport } from '../src/http/transport.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    scenario: { type: 'string' },
    endpoint: { type: 'string' },
  },
});

interface Scenario {
  label: string;
  jobs: number;
  /** The catalogue's names: unique ("flink-job-<i>") or all the same. */
  sharedName?: string;
  /** The names asked for. */
  names: (jobs: number) => string[];
  latencyMs: number;
  /** Expected outcome, checked so a broken run cannot pass for a fast one. */
  expect: 'resolved' | 'ambiguous' | 'unknown';
  /** Time target in ms (issue 13), if any. */
  targetMs?: number;
}

const spread = (count: number, jobs: number, name: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => name(Math.floor(((i + 0.5) * jobs) / count)));

const SCENARIOS: Scenario[] = [
  ...[1_000, 10_000, 100_000].map(
    (jobs): Scenario => ({
      label: `${jobs.toLocaleString('en')} jobs, ${(jobs / 10).toLocaleString('en')} names`,
      jobs,
      names: (count) => spread(count / 10, count, (i) => `flink-job-${i}`),
      latencyMs: 0,
      expect: 'resolved',
    }),
  ),
  {
    label: '30,000 jobs sharing one name',
    jobs: 30_000,
    sharedName: 'nightly-backup',
    names: () => ['nightly-backup'],
    latencyMs: 0,
    expect: 'ambiguous',
    targetMs: 1000,
  },
  {
    label: '100 unknown names among 10,000 jobs',
    jobs: 10_000,
    // Typos of existing names (two letters swapped), so every one gets suggestions.
    names: (count) => spread(100, count, (i) => `flink-jbo-${i}`),
    latencyMs: 0,
    expect: 'unknown',
    targetMs: 1000,
  },
  {
    label: '10,000 jobs, 100 names, 20 ms latency per request',
    jobs: 10_000,
    names: (count) => spread(100, count, (i) => `flink-job-${i}`),
    latencyMs: 20,
    expect: 'resolved',
    targetMs: 1000,
  },
];

interface ChildReport {
  /** Whole runs: listing, then resolving and building the outputs. */
  timings: number[];
  /** Resolving, de-duplicating and building the outputs (or the error message), without the listing. */
  resolveTimings: number[];
  maxRssMb: number;
  jobs: number;
  outcome: string;
}

/** In the child: list, resolve, merge and build the outputs, `runs` times; report times and peak RSS. */
async function child(scenario: Scenario, endpoint: URL, runs: number): Promise<ChildReport> {
  const { BENCH_AK = '', BENCH_SK = '', BENCH_PROJECT_ID = '' } = process.env;
  const auth = { mode: 'access-key' as const, source: 'bench', accessKey: BENCH_AK, secretKey: BENCH_SK };
  const authorize = (request: Parameters<typeof signWithAccessKey>[0]) => signWithAccessKey(request, auth, new Date());
  const timings: number[] = [];
  const resolveTimings: number[] = [];
  let jobs = 0;
  let outcome = '';
  for (let run = 0; run < runs; run++) {
    const transport = createTransport({ timeoutMs: 60_000, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 } });
    const started = performance.now();
    const catalogue = await listAllJobs(transport, authorize, endpoint, BENCH_PROJECT_ID);
    const listed = performance.now();
    const wanted = scenario.names(scenario.jobs);
    const resolution = resolveJobNames(wanted, catalogue);
    if (resolution.ok) {
      const ids = mergeJobIds([], resolution.ids);
      const byId = new Map(catalogue.map((job) => [job.id, job]));
      const exported = ids.map((id) => byId.get(id) ?? { id });
      const body = exportBody('bucket/dir', ids);
      const outputs = exportOutputs(ids, { zipFiles: ['bucket/dir/a.zip'], message: '' }, exported);
      outcome = `resolved ${ids.length}, body ${body.length} B, job-names output ${outputs['job-names']?.length} B`;
    } else {
      const message = describeResolutionProblems(resolution);
      outcome = `${resolution.ambiguous.length} ambiguous, ${resolution.unknown.length} unknown (${resolution.unknown.filter((u) => u.suggestions.length > 0).length} with suggestions), message ${message.length} B`;
    }
    const finished = performance.now();
    timings.push(finished - started);
    resolveTimings.push(finished - listed);
    await transport.close();
    jobs = catalogue.length;
    const kind = resolution.ok ? 'resolved' : resolution.ambiguous.length > 0 ? 'ambiguous' : 'unknown';
    if (kind !== scenario.expect || jobs !== scenario.jobs) {
      throw new Error(`${scenario.label}: expected ${scenario.expect} over ${scenario.jobs} jobs, got ${outcome}`);
    }
  }
  return { timings, resolveTimings, maxRssMb: process.resourceUsage().maxRSS / 1024, jobs, outcome };
}

if (values.scenario !== undefined) {
  const scenario = SCENARIOS[Number(values.scenario)] as Scenario;
  const report = await child(scenario, new URL(values.endpoint as string), Number(values.runs));
  process.stdout.write(JSON.stringify(report));
} else {
  await parent();
}

function runChild(index: number, endpoint: string, runs: number, env: Record<string, string>): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const script = new URL(import.meta.url).pathname;
    const args = [script, '--scenario', String(index), '--endpoint', endpoint, '--runs', String(runs)];
    const proc = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    let out = '';
    proc.stdout.on('data', (chunk) => {
      out += chunk;
    });
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`scenario ${index} failed`))));
  });
}

async function parent(): Promise<void> {
  // The emulator is loaded here only, so the scenario processes hold nothing but the action's code.
  const { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, startEmulator } = await import(
    '../test/emulator/server.ts'
  );
  const credentials = {
    BENCH_AK: DEFAULT_ACCESS_KEY,
    BENCH_SK: DEFAULT_SECRET_KEY,
    BENCH_PROJECT_ID: DEFAULT_PROJECT_ID,
  };
  const runs = Number(values.runs);
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN;
  console.log(`Job names at scale, fresh Node ${process.versions.node} process per scenario, ${runs} runs each\n`);
  console.log(
    '| Scenario | List + resolve + outputs | Per 1,000 jobs | Resolve + outputs | Min – max | Peak RSS | Result | Target |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  let allMet = true;
  for (const [index, scenario] of SCENARIOS.entries()) {
    const jobs = Array.from({ length: scenario.jobs }, (_, i) => ({
      job_id: String(100_000 + i),
      name: scenario.sharedName ?? `flink-job-${i}`,
    }));
    const emulator = await startEmulator({ jobs, latencyMs: scenario.latencyMs });
    let report: ChildReport;
    try {
      report = await runChild(index, emulator.url, runs, credentials);
    } finally {
      await emulator.close();
    }
    const total = median(report.timings);
    const resolve = median(report.resolveTimings);
    const met = scenario.targetMs === undefined ? undefined : resolve < scenario.targetMs;
    if (met === false) allMet = false;
    const ms = (value: number) => `${value.toFixed(0)} ms`;
    console.log(
      `| ${scenario.label} | ${ms(total)} | ${ms((total / scenario.jobs) * 1000)} | ${ms(resolve)} | ` +
        `${ms(Math.min(...report.resolveTimings))} – ${ms(Math.max(...report.resolveTimings))} | ` +
        `${report.maxRssMb.toFixed(0)} MB | ${report.outcome} | ` +
        `${scenario.targetMs === undefined ? '' : `< ${scenario.targetMs} ms: ${met ? 'met' : 'NOT met'}`} |`,
    );
  }
  console.log(
    '\nMedians. "Resolve + outputs" starts when the whole job list is read (the targets apply to it); the first column\n' +
      'also includes listing every job over HTTP from the emulator. Peak RSS is the whole scenario process.',
  );
  if (!allMet) process.exitCode = 1;
}
