// The runner facade writes exactly what @actions/core writes, for every function the action uses.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as runner from '../../../src/action/runner.ts';

type Facade = Pick<typeof core, 'getInput' | 'setSecret' | 'info' | 'debug' | 'warning' | 'setFailed' | 'setOutput'>;

let dir: string;
const savedEnv = { ...process.env };
const savedExitCode = process.exitCode;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runner-test-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  process.env = { ...savedEnv };
  process.exitCode = savedExitCode;
  await rm(dir, { recursive: true, force: true });
});

/** What `action` writes to stdout, and the exit code it sets. */
function capture(action: () => void): { stdout: string; exitCode: typeof process.exitCode } {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  try {
    action();
  } finally {
    vi.restoreAllMocks();
  }
  const { exitCode } = process;
  process.exitCode = savedExitCode;
  return { stdout, exitCode };
}

/** Runs the same calls through @actions/core and through the facade; both must write the same. */
function same(calls: (api: Facade) => void): string {
  const expected = capture(() => calls(core));
  const actual = capture(() => calls(runner));
  expect(actual).toEqual(expected);
  return actual.stdout;
}

const hostile = 'line 1\nline 2\r\n100% :: done, ok %0A';

describe('runner facade', () => {
  it('reads inputs like core.getInput: upper case, spaces as _, trimmed, empty when unset', () => {
    process.env['INPUT_PROJECT-ID'] = '  abc \n';
    process.env.INPUT_MY_INPUT = 'x y';
    for (const name of ['project-id', 'PROJECT-ID', 'my input', 'unset-input']) {
      expect(runner.getInput(name)).toBe(core.getInput(name));
    }
    expect(runner.getInput('project-id')).toBe('abc');
    expect(runner.getInput('my input')).toBe('x y');
    expect(runner.getInput('unset-input')).toBe('');
  });

  it('writes masks, log lines, debug lines and warnings as core does, escaping %, CR and LF', () => {
    const stdout = same((api) => {
      api.setSecret('s3cr%t\nline');
      api.info(hostile);
      api.debug(hostile);
      api.warning(hostile);
      api.warning(new Error(hostile));
    });
    expect(stdout).toContain('::add-mask::s3cr%25t%0Aline\n');
  });

  it('fails the step as core does: exit code 1 and an error command', () => {
    const stdout = same((api) => api.setFailed(hostile));
    expect(stdout.startsWith('::error::line 1%0Aline 2%0D%0A100%25')).toBe(true);
  });

  it('writes outputs to GITHUB_OUTPUT as core does (heredoc with a fresh delimiter)', async () => {
    const coreFile = join(dir, 'core-output');
    const runnerFile = join(dir, 'runner-output');
    await writeFile(coreFile, '');
    await writeFile(runnerFile, '');
    const values = { 'zip-file': 'bucket/a.zip', 'job-ids': JSON.stringify(['1', '2']), message: hostile, empty: '' };
    process.env.GITHUB_OUTPUT = coreFile;
    for (const [name, value] of Object.entries(values)) core.setOutput(name, value);
    process.env.GITHUB_OUTPUT = runnerFile;
    for (const [name, value] of Object.entries(values)) runner.setOutput(name, value);
    const normalize = (text: string) => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIMITER');
    const written = await readFile(runnerFile, 'utf8');
    expect(normalize(written)).toBe(normalize(await readFile(coreFile, 'utf8')));
    expect(new Set(written.match(/ghadelimiter_[0-9a-f-]{36}/g)).size).toBe(Object.keys(values).length);
  });

  it('writes outputs as set-output commands without GITHUB_OUTPUT, as core does', () => {
    delete process.env.GITHUB_OUTPUT;
    same((api) => api.setOutput('odd:name,x', hostile));
  });

  it('refuses an output file that does not exist, as core does', () => {
    process.env.GITHUB_OUTPUT = join(dir, 'missing');
    expect(() => runner.setOutput('a', 'b')).toThrow(/Missing file at path/);
    expect(() => core.setOutput('a', 'b')).toThrow(/Missing file at path/);
  });

  it('appends the summary to GITHUB_STEP_SUMMARY as core.summary does', async () => {
    const coreFile = join(dir, 'core-summary');
    const runnerFile = join(dir, 'runner-summary');
    await writeFile(coreFile, 'earlier step\n');
    await writeFile(runnerFile, 'earlier step\n');
    process.env.GITHUB_STEP_SUMMARY = coreFile;
    await core.summary.addRaw('<h2>one</h2>\n').write();
    await core.summary.addRaw('<p>two</p>').write();
    process.env.GITHUB_STEP_SUMMARY = runnerFile;
    await runner.summary.addRaw('<h2>one</h2>\n').write();
    await runner.summary.addRaw('<p>two</p>').write();
    expect(await readFile(runnerFile, 'utf8')).toBe(await readFile(coreFile, 'utf8'));
    expect(await readFile(runnerFile, 'utf8')).toBe('earlier step\n<h2>one</h2>\n<p>two</p>');
  });

  it('rejects a summary without GITHUB_STEP_SUMMARY or with an unwritable file, with core.summary messages', async () => {
    // (core.summary remembers the first file it wrote, so the messages are compared with its source text.)
    delete process.env.GITHUB_STEP_SUMMARY;
    await expect(runner.summary.addRaw('x').write()).rejects.toThrow(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
    );
    const missing = join(dir, 'missing', 'summary');
    process.env.GITHUB_STEP_SUMMARY = missing;
    await expect(runner.summary.write()).rejects.toThrow(
      `Unable to access summary file: '${missing}'. Check if the file has correct read/write permissions.`,
    );
    runner.summary.buffer = '';
  });
});
