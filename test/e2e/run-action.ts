/**
 * Runs a built action (`dist/index.js`, the export, or `dist/import/index.js`) the way the GitHub runner does: a fresh Node process, inputs in
 * `INPUT_<NAME>` variables (hyphens kept, upper-cased), and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY } from '../emulator/server.ts';

export const ACTION_ENTRY = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
export const IMPORT_ENTRY = fileURLToPath(new URL('../../dist/import/index.js', import.meta.url));
export const SNAPSHOT_ENTRY = fileURLToPath(new URL('../../dist/snapshot/index.js', import.meta.url));

/** Inputs for an access-key export with the emulator's test project and keys; `overrides` win ('' unsets). */
export function accessKeyInputs(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'project-id': DEFAULT_PROJECT_ID,
    'obs-dir': 'dli-backups/nightly',
    'access-key': DEFAULT_ACCESS_KEY,
    'secret-key': DEFAULT_SECRET_KEY,
    ...overrides,
  };
}

export interface RunOptions {
  /** Which action to run: the export (default), the import or the snapshot. */
  action?: 'export' | 'import' | 'snapshot';
  inputs?: Record<string, string>;
  /** Extra environment; the child gets only PATH, HOME and these, not the test runner's environment. */
  env?: Record<string, string>;
  /** Set false to run without GITHUB_STEP_SUMMARY, as act and Gitea do. */
  summaryFile?: boolean;
  timeoutMs?: number;
}

export interface RunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string | undefined;
  /** Messages of `::error::` lines, decoded. */
  errors: string[];
  warnings: string[];
  /** Values registered with `::add-mask::`. */
  masks: string[];
  /** Everything a person could see: the log (less the mask registrations, which the runner consumes), outputs and summary. */
  visible: string;
}

export async function runAction(options: RunOptions = {}): Promise<RunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'dli-action-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  await writeFile(outputFile, '');
  if (options.summaryFile !== false) await writeFile(summaryFile, '');

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: outputFile,
    ...(options.summaryFile === false ? {} : { GITHUB_STEP_SUMMARY: summaryFile }),
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[`INPUT_${name.toUpperCase()}`] = value;

  try {
    const entry =
      options.action === 'import' ? IMPORT_ENTRY : options.action === 'snapshot' ? SNAPSHOT_ENTRY : ACTION_ENTRY;
    const { exitCode, stdout, stderr } = await spawnNode([entry], env, options.timeoutMs ?? 20_000);
    const outputs = parseOutputFile(await readFile(outputFile, 'utf8'));
    const summary = options.summaryFile === false ? undefined : await readFile(summaryFile, 'utf8');
    return {
      exitCode,
      stdout,
      stderr,
      outputs,
      summary,
      errors: commandMessages(stdout, 'error'),
      warnings: commandMessages(stdout, 'warning'),
      masks: commandMessages(stdout, 'add-mask'),
      visible: [
        stdout
          .split('\n')
          .filter((line) => !line.startsWith('::add-mask::'))
          .join('\n'),
        stderr,
        JSON.stringify(outputs),
        summary ?? '',
      ].join('\n'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function spawnNode(args: string[], env: Record<string, string>, timeoutMs: number) {
  return new Promise<{ exitCode: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr });
    });
  });
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const [, name = '', delimiter] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
    outputs[name] = value.join('\n');
  }
  return outputs;
}

/** Decodes `::name::message` workflow commands (%0A, %0D, %25). */
function commandMessages(stdout: string, command: string): string[] {
  const prefix = `::${command}`;
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) =>
      line
        .slice(line.indexOf('::', 2) + 2)
        .replace(/%0A/g, '\n')
        .replace(/%0D/g, '\r')
        .replace(/%25/g, '%'),
    );
}
