/**
 * The EBADENGINE warnings of `npm ci` on Node 20, from package-lock.json: .ci/run expects exactly those packages, and
 * CONTRIBUTING.md states their number. A dependency that starts to need Node 22 fails here, not only in CI.
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

/**
 * Node 20 as a newcomer has it: 20.19 or newer (the last releases of the line; GitHub's setup-node installs the
 * newest). A package warns when its `engines.node` does not accept all of those.
 */
const NODE_20 = '>=20.19.0 <21.0.0-0';

type LockEntry = { version?: string; engines?: { node?: string } | string[] };
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, LockEntry> };

/** `name@version` of every installed package whose engines exclude some Node 20 that npm 11 runs on. */
function warnedOnNode20(): string[] {
  const warned = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (path === '' || range === undefined) continue;
    if (!semver.subset(NODE_20, range))
      warned.add(`${path.slice(path.lastIndexOf('node_modules/') + 13)}@${entry.version}`);
  }
  return [...warned].sort();
}

/** The pattern .ci/run accepts in `npm warn EBADENGINE package: '<name>@<version>'` lines. */
function expectedPattern(): string {
  const pattern = /^expected_engine_warnings='([^']+)'$/m.exec(read('.ci/run'))?.[1];
  if (!pattern) throw new Error('.ci/run has no expected_engine_warnings line');
  return pattern;
}

const NUMBERS = [
  'no',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];

describe('engine warnings of npm ci on Node 20', () => {
  const warned = warnedOnNode20();

  it('come only from packages .ci/run expects', () => {
    const pattern = new RegExp(expectedPattern());
    expect(warned.filter((pkg) => !pattern.test(pkg))).toEqual([]);
  });

  it('.ci/run expects no package that no longer warns', () => {
    const alternatives = /^\^\((.*)\)@$/.exec(expectedPattern())?.[1]?.split('|') ?? [];
    expect(alternatives.length).toBeGreaterThan(0);
    const stale = alternatives.filter((alternative) => !warned.some((pkg) => new RegExp(`^${alternative}@`).test(pkg)));
    expect(stale).toEqual([]);
  });

  it('are as many as CONTRIBUTING.md says', () => {
    const stated = /npm ci` on Node 20 warns \(`EBADENGINE`\) about (\w+) packages/.exec(read('CONTRIBUTING.md'))?.[1];
    expect(stated).toBeDefined();
    expect(NUMBERS.indexOf(stated ?? '') === -1 ? Number(stated) : NUMBERS.indexOf(stated ?? '')).toBe(warned.length);
  });

  it('do not come from a package of the on-demand mutation tools (installed by npm run mutate under Node 24)', () => {
    expect(warned.filter((pkg) => /^@(stryker-mutator|babel)\//.test(pkg))).toEqual([]);
  });
});
