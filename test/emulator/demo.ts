/**
 * `npm run demo`: the built action against the loopback emulator, with sample inputs, no cloud account needed.
 * Prints the action's log, its outputs and its job summary, and what the emulated DLI received.
 * `npm run demo -- snapshot` shows the snapshot action instead (demo-snapshot.ts).
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../e2e/run-action.ts';
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, startEmulator } from './server.ts';

if (process.argv[2] === 'snapshot') {
  await import('./demo-snapshot.ts');
  process.exit();
}

const emulator = await startEmulator();
const workspace = await mkdtemp(join(tmpdir(), 'dli-demo-workspace-'));
try {
  const inputs = {
    'project-id': DEFAULT_PROJECT_ID,
    'obs-dir': 'obs://dli-backups/flink/demo/',
    'job-ids': '2048, 9223372036854775807',
    'job-names': 'orders-enrichment',
    endpoint: emulator.url,
    'access-key': DEFAULT_ACCESS_KEY,
    'secret-key': DEFAULT_SECRET_KEY,
    'download-dir': 'exports',
    'obs-endpoint': emulator.obs.url,
  };
  section(`Emulated DLI and API gateway listening on ${emulator.url}, OBS on ${emulator.obs.url}`);
  console.log('Running dist/index.js as the runner would, with these inputs:');
  for (const [name, value] of Object.entries(inputs)) {
    console.log(`  ${name}: ${name === 'secret-key' ? '*** (masked)' : value}`);
  }

  const run = await runAction({ inputs, env: { GITHUB_WORKSPACE: workspace } });

  section('Action log');
  process.stdout.write(run.stdout);
  if (run.stderr) process.stdout.write(run.stderr);

  section('Step outputs');
  for (const [name, value] of Object.entries(run.outputs)) console.log(`  ${name} = ${value}`);

  section('Job summary (HTML written to GITHUB_STEP_SUMMARY)');
  console.log(run.summary);

  section('What the emulated DLI received');
  for (const request of emulator.requests) {
    const target = `${request.path}${request.query ? `?${request.query}` : ''}`;
    const signature = request.accepted ? 'verified' : 'REJECTED';
    console.log(`  ${request.method} ${target} -> ${request.status} (signature ${signature})`);
    if (request.body) console.log(`    body: ${request.body}`);
  }

  section('What the emulated OBS received');
  for (const request of emulator.obs.requests) {
    const signature = request.accepted ? 'verified' : 'REJECTED';
    console.log(
      `  ${request.method} ${request.path} (${request.addressing}) -> ${request.status} (OBS signature ${signature})`,
    );
  }

  section(`Downloaded into ${join(workspace, 'exports')} (GITHUB_WORKSPACE/exports)`);
  const files = await readdir(join(workspace, 'exports')).catch(() => []);
  for (const name of files) console.log(`  ${name}  ${(await stat(join(workspace, 'exports', name))).size} bytes`);

  const ok =
    run.exitCode === 0 &&
    emulator.exports.length === 1 &&
    files.length === 1 &&
    emulator.requests.every((request) => request.accepted) &&
    emulator.obs.requests.every((request) => request.accepted);
  section(ok ? 'Demo export succeeded.' : `Demo export FAILED (exit code ${run.exitCode}).`);
  process.exitCode = ok ? 0 : 1;
} finally {
  await emulator.close();
  await rm(workspace, { recursive: true, force: true });
}

function section(title: string): void {
  console.log(`\n=== ${title}`);
}
