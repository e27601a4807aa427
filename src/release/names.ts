/**
 * Release asset names, stable across re-runs: the asset is named after the downloaded ZIP without DLI's trailing
 * `_<13 digits>` millisecond stamp (`aggregate_1582677879475.zip` → `aggregate.zip`), so a re-run of the same
 * release workflow replaces the asset instead of adding one. A name without such a stamp is used as it is. DLI
 * documents the stamped form only by example (`aggregate_1582677879475.zip`), not as a rule, hence the fallback.
 *
 * Two ZIPs of one run that would get the same asset name are an error before anything is sent to GitHub.
 *
 * While an upload is in flight the file carries a temporary name, `<asset name>.upload-<8 hex>`, so the old asset
 * stays whole until the new one is complete (assets.ts). GitHub renames names with special characters, leading or
 * trailing periods ("Upload a release asset", docs.github.com/rest/releases/assets): the temporary suffix uses only
 * letters, digits, `.` and `-`.
 */
import { randomBytes } from 'node:crypto';
import { ActionError } from '../http/errors.ts';

/** `_` + 13 digits (epoch milliseconds from 2001 to 2286) right before the extension, or at the end. */
const STAMP = /_\d{13}(?=(\.[^.]*)?$)/;

/** The stable asset name of a downloaded file: its name without DLI's trailing `_<13 digits>` stamp. */
export function stableAssetName(fileName: string): string {
  const stripped = fileName.replace(STAMP, '');
  // `_1582677879475.zip` alone: nothing would remain of the name but its extension; keep it whole.
  return stripped === '' || stripped.startsWith('.') ? fileName : stripped;
}

/**
 * The asset name of each file (in order), or an ActionError naming the files that would share a name. GitHub
 * compares asset names exactly, so only exact equality collides.
 */
export function assetNames(fileNames: readonly string[]): string[] {
  const names = fileNames.map(stableAssetName);
  const owners = new Map<string, string[]>();
  for (const [index, name] of names.entries()) {
    const files = owners.get(name) ?? [];
    files.push(fileNames[index] ?? '');
    owners.set(name, files);
  }
  const clashes = [...owners].filter(([, files]) => files.length > 1);
  if (clashes.length > 0) {
    const list = clashes.map(
      ([name, files]) => `${files.map((file) => JSON.stringify(file)).join(' and ')} → ${JSON.stringify(name)}`,
    );
    throw new ActionError(
      `release-assets: these ZIPs would get the same asset name (the name without its _<13 digits> stamp): ${list.join('; ')}`,
      { hint: 'export them into separate steps with different obs-dir folders, or attach them without release-assets' },
    );
  }
  return names;
}

/** The suffix of a temporary name: `.upload-` and 8 lower-case hex digits. */
const TEMPORARY = /\.upload-[0-9a-f]{8}$/;

/** A fresh temporary name for `name` while its upload is in flight; `random` gives 4 bytes. */
export function temporaryAssetName(name: string, random: () => Buffer = () => randomBytes(4)): string {
  return `${name}.upload-${random().toString('hex')}`;
}

/** Whether `candidate` is a temporary name of `name` (one an earlier run left behind, for example). */
export function isTemporaryNameOf(candidate: string, name: string): boolean {
  return candidate.startsWith(`${name}.upload-`) && candidate.length === name.length + 16 && TEMPORARY.test(candidate);
}
