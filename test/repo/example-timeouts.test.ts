/**
 * Every example's (and README snippet's) `timeout-minutes` is above the time limit the action prints for that job's
 * inputs, so the runner never kills a step in the middle of an export or import. A job that downloads states the
 * size of its ZIP in a comment (`# ZIP size: up to N MiB`); the bound is the one the action computes and prints
 * (exportBound, importBound), with these stated assumptions: DLI writes one ZIP per export (its documented answer
 * lists one), a job list has at most one batch of further pages, and a release-asset upload costs what the README
 * says (the list and the delete bounded like a request, each upload attempt `timeout-seconds` + 1 s per MiB,
 * followed by a re-read of the list).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { yamlSnippets } from '../../scripts/validate-workflows.ts';
import { boundWithFiles } from '../../src/action/deadline.ts';
import type { Plan } from '../../src/export/inputs.ts';
import { exportBound } from '../../src/export/main.ts';
import { DEFAULT_RETRY_POLICY, worstCaseMs } from '../../src/http/retry.ts';
import type { ImportPlan } from '../../src/import/inputs.ts';
import { importBound } from '../../src/import/main.ts';

const root = new URL('../../', import.meta.url);
const MIB = 1024 * 1024;

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'timeout-minutes'?: number;
  steps?: Step[];
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
/** An input set to something (an expression may be anything, so it counts as set). */
const isSet = (value: unknown) => text(value).trim() !== '' && text(value).trim() !== 'false';

function authMode(inputs: Record<string, unknown>): Plan['auth']['mode'] {
  if (isSet(inputs['identity-provider'])) return 'oidc';
  if (isSet(inputs.password)) return 'password';
  if (isSet(inputs['auth-token'])) return 'auth-token';
  return 'access-key';
}

function numberInput(value: unknown, fallback: number): number {
  const raw = text(value).trim();
  return /^\d+$/.test(raw) ? Number(raw) : fallback;
}

/** The longest one step of the action takes with these inputs, as the action prints it (plus the assumptions above). */
function stepBoundMs(step: Step, zipMiB: number | undefined): number {
  const inputs = step.with ?? {};
  const timeoutMs = numberInput(inputs['timeout-seconds'], 60) * 1000;
  const maxAttempts = numberInput(inputs['max-attempts'], 3);
  const perRequestMs = worstCaseMs({ ...DEFAULT_RETRY_POLICY, maxAttempts }, timeoutMs);
  const auth = { mode: authMode(inputs) } as Plan['auth'];
  const dryRun = text(inputs['dry-run']).trim() === 'true';
  if (/\/import@/.test(step.uses ?? '')) {
    if (isSet(inputs['local-files'])) {
      if (zipMiB === undefined) throw new Error('a job with local-files must state "# ZIP size: up to N MiB"');
      const plan = { auth, dryRun, timeoutMs, maxAttempts, zipFiles: [], upload: {} } as unknown as ImportPlan;
      return boundWithFiles(importBound(plan), [zipMiB * MIB]);
    }
    const plan = { auth, dryRun, timeoutMs, maxAttempts, zipFiles: ['one ZIP per export'] } as ImportPlan;
    return importBound(plan).stepMs;
  }
  const jobNames = isSet(inputs['job-names']) ? ['some'] : [];
  const listExported = isSet(inputs['list-exported']);
  const downloading = isSet(inputs['download-dir']);
  const download = downloading ? ({} as NonNullable<Plan['download']>) : undefined;
  if (downloading && zipMiB === undefined)
    throw new Error('a job with download-dir must state "# ZIP size: up to N MiB"');
  const sizes = downloading ? [(zipMiB ?? 0) * MIB] : undefined;
  // With release-assets (any value but a literal false), the bound the action prints before attaching the files.
  const attaching = isSet(inputs['release-assets']) && text(inputs['release-assets']).trim() !== 'false';
  const bound = exportBound(
    { auth, jobNames, listExported, dryRun, timeoutMs, maxAttempts, download },
    sizes,
    attaching ? sizes : undefined,
  );
  const furtherPages = bound.pagedList ? perRequestMs : 0;
  return bound.stepMs + furtherPages;
}

function workflows(): { name: string; source: string }[] {
  const examples = readdirSync(new URL('examples/', root))
    .filter((file) => file.endsWith('.yml'))
    .map((file) => ({ name: `examples/${file}`, source: readFileSync(new URL(`examples/${file}`, root), 'utf8') }));
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const snippets = yamlSnippets(readme).map(({ line, source }) => ({ name: `README.md:${line}`, source }));
  return [...examples, ...snippets];
}

/** Each job that runs the action: its timeout-minutes and the sum of its steps' bounds. */
function jobsOf(source: string): { job: string; timeoutMinutes?: number; boundMs: () => number }[] {
  const workflow = parse(source) as { jobs?: Record<string, Job> } | null;
  const zipMiB = /ZIP size: up to (\d+(?:\.\d+)?) MiB/.exec(source)?.[1];
  return Object.entries(workflow?.jobs ?? {})
    .map(([job, definition]) => {
      const steps = (definition.steps ?? []).filter((step) => /dli-flink-export-action/.test(step.uses ?? ''));
      const boundMs = () =>
        steps.reduce((sum, step) => sum + stepBoundMs(step, zipMiB ? Number(zipMiB) : undefined), 0);
      return { job, timeoutMinutes: definition['timeout-minutes'], boundMs, steps: steps.length };
    })
    .filter((job) => job.steps > 0);
}

describe("every example's timeout-minutes is above the time limit the action prints for its inputs", () => {
  const all = workflows().flatMap(({ name, source }) => jobsOf(source).map((job) => ({ name, ...job })));

  it('finds the examples and their jobs', () => {
    expect(all.filter((job) => job.name.startsWith('examples/')).length).toBeGreaterThanOrEqual(8);
  });

  it.each(all.map((job) => [`${job.name} job ${job.job}`, job] as const))('%s', (_name, job) => {
    if (job.timeoutMinutes === undefined) return; // GitHub's default: 360 minutes
    expect(job.timeoutMinutes * 60_000).toBeGreaterThan(job.boundMs());
  });

  it('the check can fail: 15 minutes is below a keyless export with job-names and a download', () => {
    const source = `jobs:
  x:
    timeout-minutes: 15
    steps:
      - uses: o/dli-flink-export-action@v1
        with: { identity-provider: idp, job-names: a, download-dir: d } # ZIP size: up to 10 MiB
`;
    const [job] = jobsOf(source);
    expect(job?.boundMs()).toBeGreaterThan(15 * 60_000);
  });
});
