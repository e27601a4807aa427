/**
 * `npm run demo`: the built action against the loopback emulator, with sample inputs, no cloud account needed.
 * Prints the action's log, its outputs and its job summary, and what the emulated DLI received.
 */
import { runAction } from '../e2e/run-action.ts';
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, startEmulator } from './server.ts';

const emulator = await startEmulator();
try {
  const inputs = {
    'project-id': DEFAULT_PROJECT_ID,
    'obs-dir': 'obs://dli-backups/flink/demo/',
    'job-ids': '2048, 9223372036854775807',
    'job-names': 'orders-enrichment',
    endpoint: emulator.url,
    'access-key': DEFAULT_ACCESS_KEY,
    'secret-key': DEFAULT_SECRET_KEY,
  };
  section(`Emulated DLI and API gateway listening on ${emulator.url}`);
  console.log('Running dist/index.js as the runner would, with these inputs:');
  for (const [name, value] of Object.entries(inputs)) {
    console.log(`  ${name}: ${name === 'secret-key' ? '*** (masked)' : value}`);
  }

  const run = await runAction({ inputs });

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

  const ok =
    run.exitCode === 0 && emulator.exports.length === 1 && emulator.requests.every((request) => request.accepted);
  section(ok ? 'Demo export succeeded.' : `Demo export FAILED (exit code ${run.exitCode}).`);
  process.exitCode = ok ? 0 : 1;
} finally {
  await emulator.close();
}

function section(title: string): void {
  console.log(`\n=== ${title}`);
}
