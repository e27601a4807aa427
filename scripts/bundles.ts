/**
 * The bundles the runner executes, in one place: `npm run bundle` builds each with ncc and writes its licence file;
 * `npm run licenses` checks that file; test/repo/licenses.test.ts checks that every action.yml of the repository
 * runs one of them. A new action adds one line here.
 */
export type Bundle = {
  /** The action.yml whose `runs.main` is this bundle's index.js. */
  readonly action: string;
  /** What tsc writes to lib/ for the entry point. */
  readonly entry: string;
  /** The folder ncc writes to. */
  readonly out: string;
};

export const BUNDLES: readonly Bundle[] = [
  { action: 'action.yml', entry: 'lib/export/index.js', out: 'dist' },
  { action: 'import/action.yml', entry: 'lib/import/index.js', out: 'dist/import' },
  { action: 'snapshot/action.yml', entry: 'lib/snapshot/index.js', out: 'dist/snapshot' },
];

/** The licence texts of the third-party packages in a bundle, beside its index.js. */
export const LICENCE_FILE = 'licenses.txt';
