/**
 * The licence file of each bundle (scripts/licenses.ts): made from the bundle's own module list, it holds the licence
 * text of every package whose code is in the bundle, and the check fails when one is missing.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUNDLES, LICENCE_FILE } from '../../scripts/bundles.ts';
import {
  type BundledPackage,
  buildBundle,
  checkBundles,
  licenceFile,
  licenceSection,
  missingLicences,
  packageDir,
} from '../../scripts/licenses.ts';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'licenses-test-'));
const built = new Map<string, BundledPackage[]>();

beforeAll(() => {
  for (const bundle of BUNDLES) built.set(bundle.out, buildBundle(bundle, join(work, bundle.out)));
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the bundles', () => {
  it('are listed once each in scripts/bundles.ts, one for every action.yml of the repository', () => {
    const actions = ['action.yml', ...readdirSync(root).map((dir) => `${dir}/action.yml`)].filter((file) => {
      try {
        return readFileSync(join(root, file)).length > 0;
      } catch {
        return false;
      }
    });
    expect(BUNDLES.map((bundle) => bundle.action).sort()).toEqual(actions.sort());
    for (const bundle of BUNDLES) {
      const main = (parse(readFileSync(join(root, bundle.action), 'utf8')) as { runs: { main: string } }).runs.main;
      expect(normalize(join(dirname(bundle.action), main))).toBe(join(bundle.out, 'index.js'));
    }
  });
});

describe('the licence file of each bundle', () => {
  it('names the packages of the bundle’s module list, those the old ncc file left out included', () => {
    const names = (built.get('dist') ?? []).map((pkg) => pkg.name);
    for (const name of ['zod', '@octokit/core', 'before-after-hook', 'universal-user-agent', 'json-with-bigint']) {
      expect(names).toContain(name);
    }
    expect(names).toContain('content-type');
    // Packages that only provide types, or only the tools, are not in the bundle.
    expect(names).not.toContain('@octokit/types');
    expect(names).not.toContain('@vercel/ncc');
    expect((built.get('dist/import') ?? []).map((pkg) => pkg.name)).toContain('zod');
  });

  it('holds each bundled package’s licence text whole in the committed file', () => {
    for (const bundle of BUNDLES) {
      const text = readFileSync(join(root, bundle.out, LICENCE_FILE), 'utf8');
      expect(missingLicences(text, built.get(bundle.out) ?? [])).toEqual([]);
      const beforeAfterHook = (built.get(bundle.out) ?? []).find((pkg) => pkg.name === 'before-after-hook');
      if (beforeAfterHook) expect(text).toContain('Apache License');
    }
  });

  it('fails the check when a licence is removed or cut short, naming the package', () => {
    const bundle = BUNDLES[0];
    if (!bundle) throw new Error('no bundle');
    const packages = built.get(bundle.out) ?? [];
    const whole = licenceFile(bundle, packages);
    const zod = packages.find((pkg) => pkg.name === 'zod');
    if (!zod) throw new Error('zod is not bundled');
    const removed = whole.replace(licenceSection(zod), '');
    expect(missingLicences(removed, packages).map((pkg) => pkg.name)).toEqual(['zod']);
    const cut = whole.replace(licenceSection(zod), licenceSection(zod).slice(0, 200));
    expect(missingLicences(cut, packages).map((pkg) => pkg.name)).toEqual(['zod']);
    expect(missingLicences(whole, packages)).toEqual([]);
  });

  it('checks a tree end to end: a licence cut out of one file and a missing file are both reported', () => {
    const tree = join(work, 'tree');
    const [first, second] = BUNDLES;
    if (!first || !second) throw new Error('fewer than two bundles');
    mkdirSync(join(tree, second.out), { recursive: true });
    const text = readFileSync(join(root, second.out, LICENCE_FILE), 'utf8');
    writeFileSync(join(tree, second.out, LICENCE_FILE), text.replace(/^zod \d[\s\S]*$/m, ''));
    expect(checkBundles([first, second], tree)).toEqual([
      `${first.out}/${LICENCE_FILE} is missing: run \`npm run bundle\``,
      expect.stringMatching(/^dist\/\S*licenses\.txt lacks the licence text of zod \S+ \(MIT\), whose code is in dist/),
    ]);
  }, 60_000);

  it('stops on a bundled package without a licence file', () => {
    const dir = join(work, 'node_modules', 'no-licence');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"no-licence","version":"1.0.0","license":"MIT"}');
    expect(() => licenceSection({ name: 'no-licence', version: '1.0.0', license: 'MIT', dir })).toThrow(
      /no-licence 1\.0\.0 is bundled but has no LICENSE/,
    );
  });

  it('finds the package folder of a module path, scoped and nested', () => {
    expect(packageDir('/r/node_modules/zod/v4/core/core.js')).toBe('/r/node_modules/zod');
    expect(packageDir('/r/node_modules/@actions/github/node_modules/@actions/http-client/lib/index.js')).toBe(
      '/r/node_modules/@actions/github/node_modules/@actions/http-client',
    );
    expect(packageDir('/r/lib/export/index.js')).toBeUndefined();
  });
});
