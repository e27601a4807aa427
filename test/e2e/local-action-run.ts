/**
 * Drives `npm run local-action` (scripts/local-action.ts) as a developer starts it: in a fresh process, with this
 * process's environment minus a runner's variables, and reads what local-action prints.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** A run takes about 10 s on an idle 2-core machine (tsx compiles local-action and the sources); generous for load. */
export const RUN_TIMEOUT_MS = 180_000;

/** This process's environment without a runner's (GitHub's variables, inputs), as on a developer's machine. */
export function localEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(GITHUB_|ACTIONS_|RUNNER_|INPUT_)/.test(name)),
  );
}

/** `npm run local-action -- ...args`, started in `cwd`. */
export function localAction(args: string[], cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', '--prefix', ROOT, 'local-action', '--', ...args], {
      cwd,
      env: { ...localEnv(), NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      out += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS - 5_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** The rows of local-action's "Action Outputs" table (console.table). */
export function outputsTable(out: string): Record<string, string> {
  const table = out.slice(out.lastIndexOf('Action Outputs'));
  const rows: Record<string, string> = {};
  for (const match of table.matchAll(/│ \d+\s+│ '([\w-]+)'\s+│ '(.*)'\s+│/g)) rows[match[1] ?? ''] = match[2] ?? '';
  return rows;
}
