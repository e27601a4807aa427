/**
 * `npm run demo -- snapshot`: the built snapshot action (dist/snapshot/index.js) against the loopback emulator, twice:
 * into an empty folder, then after a job's SQL changed and a job was deleted in DLI. Prints the files, the log, the
 * outputs, the job summary, and what the emulated DLI received (GET requests only).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../e2e/run-action.ts';
import { DEFAULT_JOBS } from './catalogue.ts';
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, startEmulator } from './server.ts';

const emulator = await startEmulator();
const workspace = await mkdtemp(join(tmpdir(), 'dli-demo-snapshot-'));
const folder = join(workspace, 'dli-jobs');
const inputs = {
  'project-id': DEFAULT_PROJECT_ID,
  endpoint: emulator.url,
  'access-key': DEFAULT_ACCESS_KEY,
  'secret-key': DEFAULT_SECRET_KEY,
  path: 'dli-jobs',
};
let ok = true;
try {
  section(`Emulated DLI on ${emulator.url}; the workspace is ${workspace}`);
  console.log('Running dist/snapshot/index.js as the runner would, with these inputs:');
  for (const [name, value] of Object.entries(inputs)) {
    console.log(`  ${name}: ${name === 'secret-key' ? '*** (masked)' : value}`);
  }

  const first = await runAction({ action: 'snapshot', inputs, env: { GITHUB_WORKSPACE: workspace } });
  section('Run 1: into an empty folder. Action log');
  process.stdout.write(first.stdout + first.stderr);
  section('Run 1: step outputs');
  for (const [name, value] of Object.entries(first.outputs)) console.log(`  ${name} = ${value}`);
  section('Run 1: the files written (secrets redacted)');
  for (const name of (await readdir(folder)).sort()) {
    console.log(`--- dli-jobs/${name}`);
    process.stdout.write(await readFile(join(folder, name), 'utf8'));
  }

  // In DLI: someone edits a job's SQL in the console, and deletes another job.
  emulator.setJobs(
    DEFAULT_JOBS.filter((job) => job.name !== 'max-id-job').map((job) =>
      job.name === 'orders-enrichment'
        ? {
            ...job,
            detail: {
              ...job.detail,
              sql_body: (job.detail?.sql_body ?? '').replace("'topic' = 'orders'", "'topic' = 'orders-eu'"),
            },
          }
        : job,
    ),
  );
  const second = await runAction({ action: 'snapshot', inputs, env: { GITHUB_WORKSPACE: workspace } });
  section('Run 2: after a SQL change and a deleted job. Action log');
  process.stdout.write(second.stdout + second.stderr);
  section('Run 2: step outputs');
  for (const [name, value] of Object.entries(second.outputs)) console.log(`  ${name} = ${value}`);
  section('Run 2: job summary (HTML written to GITHUB_STEP_SUMMARY)');
  console.log(second.summary);

  section('What the emulated DLI received');
  for (const request of emulator.requests) {
    console.log(`  ${request.method} ${request.path}?${request.query} -> ${request.status}`);
  }
  ok =
    first.exitCode === 0 &&
    second.exitCode === 0 &&
    second.outputs.changed === '["orders-enrichment"]' &&
    second.outputs.removed === '["max-id-job"]' &&
    emulator.requests.every((request) => request.method === 'GET' && request.accepted);
  section(ok ? 'Demo snapshot succeeded.' : 'Demo snapshot FAILED.');
} finally {
  await emulator.close();
  await rm(workspace, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;

function section(title: string): void {
  console.log(`\n=== ${title}`);
}
