/**
 * The `zip-file` input: one OBS path of a ZIP or of a folder of ZIPs, or a JSON array of such paths (the export's
 * `zip-files` output). `obs://` and a trailing `/` are removed, as DLI wants `bucket/key`. Pure.
 */
import { checkBucketName } from '../obs/paths.ts';

export type ZipFilesResult = { ok: true; paths: string[] } | { ok: false; problems: string[] };

export function parseZipFiles(raw: string): ZipFilesResult {
  const text = raw.trim();
  const entries = text.startsWith('[') ? jsonPaths(text) : { ok: true as const, paths: [text] };
  if (!entries.ok) return { ok: false, problems: [entries.problem] };
  if (entries.paths.length === 0) return { ok: false, problems: ['the JSON array is empty: name at least one ZIP'] };

  const problems: string[] = [];
  const paths: string[] = [];
  for (const entry of entries.paths) {
    const path = parseObsPath(entry);
    if (!path.ok) problems.push(path.problem);
    else if (!paths.includes(path.path)) paths.push(path.path); // the same ZIP twice would import its jobs twice
  }
  for (const folder of paths) {
    const inside = paths.find((path) => path.startsWith(`${folder}/`));
    if (inside) {
      problems.push(
        `${JSON.stringify(inside)} is inside the folder ${JSON.stringify(folder)}, which is listed too: its jobs would be imported twice`,
      );
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, paths };
}

/** `bucket/key.zip` or `bucket/folder` from one entry, or what is wrong with it. */
export function parseObsPath(entry: string): { ok: true; path: string } | { ok: false; problem: string } {
  const trimmed = entry.trim();
  const shown = JSON.stringify(trimmed);
  const path = trimmed.replace(/^obs:\/\//i, '').replace(/\/+$/, '');
  if (path === '') return { ok: false, problem: `${shown} is not an OBS path: expected bucket/folder/file.zip` };
  const [bucket = '', ...keys] = path.split('/');
  const bucketProblem = checkBucketName(bucket);
  if (bucketProblem) return { ok: false, problem: `bucket ${JSON.stringify(bucket)} ${bucketProblem}` };
  if (keys.some((segment) => segment === '')) return { ok: false, problem: `${shown} has an empty folder name ("//")` };
  if (/[\u0000-\u001f\u007f\\]/.test(path)) {
    return { ok: false, problem: `${shown} contains a control character or backslash` };
  }
  // The object key is what follows `bucket/`: 1 to 1024 characters.
  if (path.length - bucket.length - 1 > 1024) {
    return { ok: false, problem: `${shown} is longer than the 1024 characters OBS allows in an object key` };
  }
  return { ok: true, path };
}

function jsonPaths(text: string): { ok: true; paths: string[] } | { ok: false; problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `looks like a JSON array but is not valid JSON (${(error as Error).message})` };
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    return { ok: false, problem: 'must be a JSON array of OBS paths (strings), like the export’s zip-files output' };
  }
  return { ok: true, paths: parsed };
}
