/**
 * The action talks to the runner only through `@actions/core`: no file under src/ writes workflow commands or file
 * commands, reads `INPUT_*` variables or sets the exit code itself (issue 17: nothing re-implements @actions/core).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));
const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));

/** What only a re-implementation of @actions/core's protocol would spell out. */
const PROTOCOL: [what: string, pattern: RegExp][] = [
  ['a workflow command (::name::)', /::(add-mask|set-output|error|warning|notice|debug|group|endgroup|save-state)\b/],
  ['a file command variable', /\bGITHUB_(OUTPUT|STATE|ENV|PATH)\b/],
  ["@actions/core's heredoc delimiter", /ghadelimiter/],
  ['an INPUT_* variable', /\bINPUT_/],
  ['a write to stdout', /process\.stdout\.write/],
  ['process.exitCode', /process\.exitCode/],
];

describe('src/ and the runner', () => {
  it('finds the sources', () => {
    expect(files).toContain(join('action', 'edge.ts'));
  });

  it.each(PROTOCOL)('no file under src/ holds %s', (_, pattern) => {
    expect(files.filter((file) => pattern.test(readFileSync(join(src, file), 'utf8')))).toEqual([]);
  });

  it('the shared edge and both actions use @actions/core', () => {
    for (const file of ['action/edge.ts', 'export/main.ts', 'import/main.ts']) {
      expect(readFileSync(join(src, file), 'utf8'), file).toContain("import * as core from '@actions/core';");
    }
  });
});
