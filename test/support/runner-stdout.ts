/**
 * What the action hands the runner in in-process tests, through `@actions/core` as on a runner: the log lines and
 * workflow commands it writes to stdout, and the outputs it appends to the GITHUB_OUTPUT file (a fresh, empty file
 * per test). Call once at the top of a test file or describe block.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';
import { parseOutputFile } from '../e2e/run-action.ts';

export function captureRunnerStdout() {
  let stdout: string[] = [];
  let dir = '';
  beforeEach(() => {
    stdout = [];
    dir = mkdtempSync(join(tmpdir(), 'runner-files-'));
    writeFileSync(join(dir, 'output'), '');
    vi.stubEnv('GITHUB_OUTPUT', join(dir, 'output'));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });
  const log = () => stdout.join('');
  const lines = () => log().split(/\r?\n/).filter(Boolean);
  /** The outputs set so far, read from the GITHUB_OUTPUT file. */
  const outputs = (): Record<string, string> => parseOutputFile(readFileSync(join(dir, 'output'), 'utf8'));
  return { log, lines, outputs };
}
