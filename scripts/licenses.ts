/**
 * The licence file of each bundle, made from the bundle's own module list.
 *
 * ncc writes webpack's statistics of a build (`--stats-out`): every module in the bundle's chunks, by its path. Each
 * path under `node_modules/` belongs to a package; the package's licence files (LICENSE, LICENCE, COPYING, NOTICE)
 * are copied, whole, into the bundle's licenses.txt. A bundled package without a licence file stops the build.
 *
 *   node scripts/licenses.ts          check every bundle of scripts/bundles.ts (`npm run licenses`, CI): build it
 *                                     again into a temporary folder and fail when its committed licenses.txt lacks
 *                                     the licence text of a package in it
 *   node scripts/licenses.ts --write  build every bundle into its folder and write its licenses.txt (`npm run bundle`)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { BUNDLES, type Bundle, LICENCE_FILE } from './bundles.ts';

const ROOT = resolve(import.meta.dirname, '..');

export type BundledPackage = { name: string; version: string; license: string; dir: string };

type StatsModule = { identifier?: string; name?: string; chunks?: unknown[]; modules?: StatsModule[] };

/** The package folder a module path lies in: everything up to `node_modules/<name>` or `node_modules/@scope/name`. */
export function packageDir(modulePath: string): string | undefined {
  const at = modulePath.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const rest = modulePath.slice(at + '/node_modules/'.length).split('/');
  const length = rest[0]?.startsWith('@') ? 2 : 1;
  if (rest.length <= length) return undefined;
  return `${modulePath.slice(0, at)}/node_modules/${rest.slice(0, length).join('/')}`;
}

/** The packages whose code is in a build, from ncc's `--stats-out` JSON: modules in a chunk, concatenated ones too. */
export function bundledPackages(stats: { modules?: StatsModule[] }): BundledPackage[] {
  const dirs = new Set<string>();
  const visit = (module: StatsModule) => {
    // The identifier is the loaders, then the resource's absolute path, separated by `!`.
    const path = (module.identifier ?? '').split('!').at(-1) ?? '';
    const dir = packageDir(path);
    if (dir) dirs.add(dir);
    for (const inner of module.modules ?? []) visit(inner);
  };
  for (const module of stats.modules ?? []) if ((module.chunks ?? []).length > 0) visit(module);
  const byId = new Map<string, BundledPackage>();
  for (const dir of dirs) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const name = String(manifest.name);
    const version = String(manifest.version);
    const license = typeof manifest.license === 'string' ? manifest.license : 'see the text below';
    if (!byId.has(`${name}@${version}`)) byId.set(`${name}@${version}`, { name, version, license, dir });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

const LICENCE_NAME = /^(licen[cs]e|copying|notice)([.-][^/]*)?$/i;

/** A package's section of a licence file: its name and version, its licence identifier, and its licence files whole. */
export function licenceSection(pkg: BundledPackage): string {
  const files = readdirSync(pkg.dir)
    .filter((file) => LICENCE_NAME.test(file))
    .sort();
  if (files.length === 0) {
    throw new Error(
      `${pkg.name} ${pkg.version} is bundled but has no LICENSE, LICENCE, COPYING or NOTICE file in ` +
        `${relative(ROOT, pkg.dir)}: find its licence text before shipping its code`,
    );
  }
  const texts = files.map((file) => readFileSync(join(pkg.dir, file), 'utf8').trim());
  return `${pkg.name} ${pkg.version}\n${pkg.license}\n${texts.join('\n\n')}\n`;
}

/** The whole licence file of a bundle. */
export function licenceFile(bundle: Bundle, packages: readonly BundledPackage[]): string {
  const header =
    `The third-party packages whose code is in ${bundle.out}/ (the bundle of ${bundle.action}), with their ` +
    'licences.\nMade from the bundle’s module list by `npm run bundle` (scripts/licenses.ts); ' +
    '`npm run licenses` checks it.\n';
  return [header, ...packages.map(licenceSection)].join('\n');
}

/** The packages whose section is not in a licence file, word for word. */
export function missingLicences(text: string, packages: readonly BundledPackage[]): BundledPackage[] {
  return packages.filter((pkg) => !text.includes(licenceSection(pkg)));
}

/** Builds a bundle with ncc into `out` and returns the packages in it. */
export function buildBundle(bundle: Bundle, out: string): BundledPackage[] {
  const work = mkdtempSync(join(tmpdir(), 'licenses-'));
  try {
    const statsFile = join(work, 'stats.json');
    const ncc = join(ROOT, 'node_modules', '.bin', 'ncc');
    const build = spawnSync(ncc, ['build', bundle.entry, '-o', out, '--stats-out', statsFile, '-q'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (build.status !== 0) {
      throw new Error(`ncc build ${bundle.entry} failed (${build.status}):\n${build.stdout}${build.stderr}`);
    }
    return bundledPackages(JSON.parse(readFileSync(statsFile, 'utf8')));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Each bundle's licence-file problems, as lines a person can act on; none when all is well. */
export function checkBundles(bundles: readonly Bundle[], root = ROOT): string[] {
  const problems: string[] = [];
  for (const bundle of bundles) {
    const out = mkdtempSync(join(tmpdir(), 'bundle-'));
    try {
      const packages = buildBundle(bundle, out);
      const file = join(root, bundle.out, LICENCE_FILE);
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        problems.push(`${relative(root, file)} is missing: run \`npm run bundle\``);
        continue;
      }
      for (const pkg of missingLicences(text, packages)) {
        problems.push(
          `${relative(root, file)} lacks the licence text of ${pkg.name} ${pkg.version} (${pkg.license}), whose ` +
            `code is in ${bundle.out}/: run \`npm run bundle\``,
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return problems;
}

if (import.meta.main) {
  if (process.argv.includes('--write')) {
    for (const bundle of BUNDLES) {
      const packages = buildBundle(bundle, join(ROOT, bundle.out));
      writeFileSync(join(ROOT, bundle.out, LICENCE_FILE), licenceFile(bundle, packages));
      console.log(
        `${bundle.out}/index.js: ${packages.length} bundled packages, licences in ${bundle.out}/${LICENCE_FILE}`,
      );
    }
  } else {
    const problems = checkBundles(BUNDLES);
    for (const problem of problems) console.error(problem);
    if (problems.length > 0) process.exit(1);
    console.log(`Licences: every bundled package's licence text is in its bundle's ${LICENCE_FILE}.`);
  }
}
