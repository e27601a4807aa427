/**
 * `npm run deps` (.dependency-cruiser.mjs, run by `npm run lint`): the layers of src/ hold today, and the checker
 * fails on each kind of import it exists to stop, planted in a copy of src/.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const configFile = join(root, '.dependency-cruiser.mjs');
/** The checker's layers: every folder of src/ by layer. */
const { folders } = (await import(configFile)) as { folders: Record<string, string[]> };
const cruiser = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const copies: string[] = [];
afterEach(() => {
  for (const copy of copies.splice(0)) rmSync(copy, { recursive: true, force: true });
});

/** Runs the checker as `npm run deps` does, in `dir`. */
function cruise(dir: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [cruiser, 'src', '--config', '.dependency-cruiser.mjs'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A copy of src/ and the checker's configuration, with the given lines added to the given files. */
function plant(lines: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'deps-'));
  copies.push(dir);
  cpSync(join(root, 'src'), join(dir, 'src'), { recursive: true });
  cpSync(join(root, 'test', 'support'), join(dir, 'test', 'support'), { recursive: true });
  cpSync(join(root, '.dependency-cruiser.mjs'), join(dir, '.dependency-cruiser.mjs'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  for (const [file, line] of Object.entries(lines)) appendFileSync(join(dir, file), `\n${line}\n`);
  return dir;
}

describe('the dependency graph of src/', () => {
  it('has no violation today', () => {
    const { status, output } = cruise(root);
    expect(output).toMatch(/no dependency violations found/);
    expect(status).toBe(0);
  });

  it('a copy with nothing planted passes too (the planted runs below differ only by their line)', () => {
    expect(cruise(plant({})).status).toBe(0);
  });

  it.each([
    [
      'an upward import (a service imports an action)',
      'src/dli/list.ts',
      "import '../export/run.ts';",
      'no-upward-from-services',
    ],
    ['an upward import (util imports http)', 'src/util/html.ts', "import '../http/errors.ts';", 'no-upward-from-util'],
    [
      'a type-only upward import',
      'src/http/retry.ts',
      "import type { StepBound } from '../action/deadline.ts';",
      'no-upward-from-http',
    ],
    [
      'an upward import of the runner boundary',
      'src/cloud/hints.ts',
      "import '../action/edge.ts';",
      'no-upward-from-cloud',
    ],
    ['a service importing a higher service', 'src/auth/modes.ts', "import '../obs/paths.ts';", 'no-sideways-from-auth'],
    [
      'release importing another service',
      'src/release/event.ts',
      "import '../dli/list.ts';",
      'no-sideways-from-release',
    ],
    [
      'an action importing another action',
      'src/import/run.ts',
      "import '../export/outputs.ts';",
      'no-action-to-action',
    ],
    ['@actions/core in a pure module', 'src/obs/paths.ts', "import '@actions/core';", 'no-core-in-pure-modules'],
    [
      'src/ importing a test file',
      'src/export/run.ts',
      "import '../../test/support/pki.ts';",
      'no-tests-or-scripts-in-src',
    ],
    ['an import that does not resolve', 'src/export/run.ts', "import './no-such-file.ts';", 'no-unresolvable'],
  ])('fails on %s', (_what, file, line, rule) => {
    const { status, output } = cruise(plant({ [file]: line }));
    expect(output).toContain(rule);
    expect(output).toContain(file);
    expect(status).not.toBe(0);
  });

  it('fails on a cycle inside one folder', () => {
    const { status, output } = cruise(
      plant({ 'src/util/env.ts': "import './html.ts';", 'src/util/html.ts': "import './env.ts';" }),
    );
    expect(output).toContain('no-circular');
    expect(status).not.toBe(0);
  });
});

describe('the layers', () => {
  // src/types holds only declarations of undici's internal modules for src/http (no code, nothing imports it).
  const srcFolders = readdirSync(join(root, 'src'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'types')
    .map((entry) => entry.name)
    .sort();

  it('place every folder of src/ in exactly one layer of the checker', () => {
    const placed = Object.values(folders).flat();
    expect(new Set(placed).size).toBe(placed.length);
    expect(srcFolders.filter((folder) => !placed.includes(folder))).toEqual([]);
  });

  it('are the folder table of CONTRIBUTING.md: every folder of src/ and no other', () => {
    const contributing = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8');
    const table = contributing.slice(contributing.indexOf('| Folder (bottom to top) |'));
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
    const named = rows.flatMap((row) =>
      [...(row.split('|')[1] ?? '').matchAll(/`src\/([a-z-]+)\/`/g)].map((m) => m[1]),
    );
    expect([...named].sort()).toEqual(srcFolders);
  });
});
