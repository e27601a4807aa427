/**
 * `npm run local-action [-- [export|import] [ENV_FILE]]`: runs one of the actions on this machine with GitHub's
 * `@github/local-action`, through its documented command, from the repository root whatever folder npm was
 * started in:
 *
 *   export (default):  local-action run .      src/export/main.ts    ENV_FILE
 *   import:            local-action run import ../src/import/main.ts ENV_FILE
 *
 * local-action reads the action's metadata (action.yml, import/action.yml), loads ENV_FILE, puts its stand-ins for
 * `@actions/core` in place (found with `npm ls` in its working folder, hence the repository root) and calls the
 * entry's `run()`. ENV_FILE defaults to `.env` at the repository root; a path given is taken from the folder npm
 * was started in. `.env.example` is one set up for the emulator (`npm run emulator -- --port 8787`) and both actions.
 *
 * Two things local-action 7 does not do, done here from what it prints and writes, not from its internals:
 * - a failed step: its `core.setFailed` prints the `::error::` line but the tool ends with exit code 0. The action
 *   reports a failure only through `core.setFailed`, so an `::error::` line in the tool's output means the step
 *   failed: the failure is repeated at the end and the exit code is 1.
 * - the job summary: written to the `GITHUB_STEP_SUMMARY` file but never shown; what the run appended to that file
 *   is printed after it (a temporary file unless the environment or ENV_FILE names one).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv, stripVTControlCharacters } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MIN_NODE = [22, 19];
/** Each action: the folder of its action.yml and its entry (exports run()), relative to that folder. */
const ACTIONS = {
  export: { folder: '.', entry: 'src/export/main.ts' },
  import: { folder: 'import', entry: '../src/import/main.ts' },
} as const;
const USAGE = 'usage: npm run local-action [-- [export|import] [ENV_FILE]]';

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
const name = args[0] === 'export' || args[0] === 'import' ? args.shift() : undefined;
if (args.length > 1 || args[0]?.startsWith('-')) fail(USAGE);
const action = ACTIONS[(name ?? 'export') as keyof typeof ACTIONS];
const startedIn = process.env.INIT_CWD ?? process.cwd();
const envFile = args[0] === undefined ? join(ROOT, '.env') : resolve(startedIn, args[0]);
if (!existsSync(envFile)) {
  const example = relative(startedIn, join(ROOT, '.env.example')) || '.env.example';
  fail(
    `no environment file ${envFile}.\n` +
      `Copy the example, set up for the emulator:  cp ${example} ${relative(startedIn, envFile)}\n` +
      'and start the emulator in another terminal:  npm run emulator -- --port 8787',
  );
}

const tempDir = mkdtempSync(join(tmpdir(), 'dli-local-action-'));
// local-action hands its arguments to a shell unquoted: a path with a space or a shell character is passed as a
// copy in the temporary folder.
const shellSafe = (path: string) => /^[\w@%+=:,./-]+$/.test(path);
let envArgument = relative(ROOT, envFile);
if (!shellSafe(envArgument)) {
  envArgument = join(tempDir, 'action.env');
  if (!shellSafe(envArgument)) {
    rmSync(tempDir, { recursive: true, force: true });
    fail(`the temporary folder ${tempDir} has characters local-action cannot pass on`);
  }
  copyFileSync(envFile, envArgument);
}

// The summary file: ENV_FILE's GITHUB_STEP_SUMMARY (local-action loads it over the environment, and resolves a
// relative path from its working folder, the repository root), else the environment's, else a temporary file.
const fromFile = parseEnv(readFileSync(envFile, 'utf8')).GITHUB_STEP_SUMMARY;
const summaryPath = resolve(ROOT, fromFile || process.env.GITHUB_STEP_SUMMARY || join(tempDir, 'summary.html'));
const summaryStart = existsSync(summaryPath) ? statSync(summaryPath).size : 0;

const child = spawn(
  process.execPath,
  [join(ROOT, 'node_modules/.bin/local-action'), 'run', action.folder, action.entry, envArgument],
  {
    cwd: ROOT,
    stdio: ['inherit', 'pipe', 'inherit'],
    env: {
      GITHUB_STEP_SUMMARY: summaryPath,
      // Colours as on a terminal, though the output passes through here.
      ...(process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: '1' } : {}),
      ...process.env,
      // The tool starts tsx through `npm exec`: on this Node too.
      PATH: [dirname(process.execPath), process.env.PATH].filter(Boolean).join(delimiter),
    },
  },
);

let failure: string | undefined;
let pending = '';
function scan(lines: string[]): void {
  for (const line of lines) {
    const text = stripVTControlCharacters(line);
    if (failure === undefined && text.startsWith('::error::')) failure = text.slice('::error::'.length).trim();
  }
}
child.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  const lines = (pending + chunk.toString('utf8')).split('\n');
  pending = lines.pop() ?? '';
  scan(lines);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => {
  scan([pending]);
  let written = Buffer.alloc(0);
  try {
    written = readFileSync(summaryPath);
  } catch {}
  rmSync(tempDir, { recursive: true, force: true });
  const summary = written.subarray(summaryStart).toString('utf8').trim();
  console.log(`\nJob summary (GITHUB_STEP_SUMMARY):\n${summary || '(none written)'}`);
  if (code === 0 && !signal && failure !== undefined) {
    console.log(`\nThe step FAILED (exit code 1): ${failure}`);
    process.exitCode = 1;
    return;
  }
  process.exitCode = code ?? 1;
});
