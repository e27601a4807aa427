/**
 * `npm run local-action [-- ENV_FILE]`: runs the action on this machine with GitHub's `@github/local-action`
 * (`local-action run <repository> scripts/local-action-entry.ts <ENV_FILE>`), from whatever folder npm was started in.
 *
 * ENV_FILE (default `.env`, relative to the folder npm was started in) holds the inputs as `INPUT_<NAME>` and any
 * other environment; `.env.example` is one set up for the emulator (`npm run emulator -- --port 8787`).
 *
 * It starts local-action's program the way the `local-action` command does (tsx, `NODE_PACKAGE_MANAGER=npm`), but
 * on this Node (Node 24 under `npm run`; undici 8 in the action needs Node 22.19 or newer), from the repository root
 * (local-action looks up `@actions/core` with `npm ls` in its working folder), and without `npm exec tsx` (which
 * stops when run outside the repository). Its exit code is local-action's: 1 when the step failed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = 'scripts/local-action-entry.ts';
const MIN_NODE = [22, 19];

function fail(message: string): never {
  console.error(`local-action: ${message}`);
  process.exit(2);
}

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < (MIN_NODE[0] ?? 0) || (major === MIN_NODE[0] && minor < (MIN_NODE[1] ?? 0))) {
  fail(
    `Node ${process.versions.node} is too old for the action's undici (needs ${MIN_NODE.join('.')} or newer). ` +
      "Use 'npm run local-action', which runs the project's Node 24 (node_modules/.bin/node).",
  );
}

const args = process.argv.slice(2);
if (args.length > 1 || args[0]?.startsWith('-')) fail('usage: npm run local-action [-- ENV_FILE]');
const startedIn = process.env.INIT_CWD ?? process.cwd();
const envFile = resolve(startedIn, args[0] ?? '.env');
if (!existsSync(envFile)) {
  const example = relative(startedIn, resolve(ROOT, '.env.example')) || '.env.example';
  fail(
    `no environment file ${envFile}.\n` +
      `Copy the example, set up for the emulator:  cp ${example} ${relative(startedIn, envFile)}\n` +
      'and start the emulator in another terminal:  npm run emulator -- --port 8787',
  );
}

const tsxPackage = fileURLToPath(import.meta.resolve('tsx/package.json'));
const { bin } = JSON.parse(readFileSync(tsxPackage, 'utf8')) as { bin: string | { tsx: string } };
const tsxBin = typeof bin === 'string' ? bin : bin.tsx;
const localAction = fileURLToPath(import.meta.resolve('@github/local-action'));

// The job summary goes to a temporary file unless the environment or ENV_FILE names one (the entry prints it).
const tempDir = mkdtempSync(join(tmpdir(), 'dli-local-action-'));
const child = spawn(
  process.execPath,
  [resolve(dirname(tsxPackage), tsxBin), localAction, 'run', ROOT, ENTRY, envFile],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      GITHUB_STEP_SUMMARY: join(tempDir, 'summary.html'),
      ...process.env,
      NODE_PACKAGE_MANAGER: 'npm',
      NODE_NO_WARNINGS: '1',
      TARGET_ACTION_PATH: ROOT,
    },
  },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  rmSync(tempDir, { recursive: true, force: true });
  process.exitCode = code ?? (signal ? 1 : 0);
});
