/**
 * Captures what the action writes to stdout (log lines and runner commands) in in-process tests, with GITHUB_OUTPUT
 * unset so that outputs arrive as `::set-output` lines. Call once at the top of a test file.
 */
import { afterEach, beforeEach, vi } from 'vitest';

export function captureRunnerStdout() {
  let stdout: string[] = [];
  const savedOutput = process.env.GITHUB_OUTPUT;
  beforeEach(() => {
    stdout = [];
    delete process.env.GITHUB_OUTPUT;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    if (savedOutput !== undefined) process.env.GITHUB_OUTPUT = savedOutput;
  });
  const log = () => stdout.join('');
  const lines = () => log().split(/\r?\n/).filter(Boolean);
  const outputs = (): Record<string, string> =>
    Object.fromEntries(
      lines()
        .filter((line) => line.startsWith('::set-output name='))
        .map((line) => /^::set-output name=([^:]+)::(.*)$/.exec(line)?.slice(1) ?? []),
    );
  return { log, lines, outputs };
}
