/**
 * The `local-files` input: local ZIPs (or folders of them) to upload to `upload-dir` and import. A newline or comma
 * separated list, or a JSON array of paths such as the export's `files` output; absolute paths as given, relative
 * ones against GITHUB_WORKSPACE. Pure: the workspace comes from the caller; the files are looked at later
 * (local-zips.ts), before any request.
 */
import { isAbsolute, resolve } from 'node:path';
import { jsonStrings } from '../action/inputs.ts';
import type { ObsAccess } from '../action/obs-inputs.ts';

/** Where and what to upload before the import. */
export interface UploadPlan extends ObsAccess {
  /** Absolute paths of ZIP files or of folders of them, in the order given, each once. */
  paths: string[];
  /** The OBS folder, `bucket` or `bucket/prefix`, without `obs://` or a trailing `/`. */
  dir: string;
}

export type LocalFilesResult = { ok: true; paths: string[] } | { ok: false; problems: string[] };

export function parseLocalFiles(raw: string, workspace: string): LocalFilesResult {
  const text = raw.trim();
  const listed = text.startsWith('[')
    ? jsonStrings(text, 'file paths (strings), like the export’s files output')
    : { ok: true as const, items: text.split(/[\n,]/) };
  if (!listed.ok) return { ok: false, problems: [listed.problem] };
  const entries = listed.items.map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) return { ok: false, problems: ['names no file: give at least one ZIP or folder'] };

  const problems: string[] = [];
  const paths: string[] = [];
  for (const entry of entries) {
    if (/[\u0000-\u001f\u007f]/.test(entry)) {
      problems.push(`${JSON.stringify(entry)} contains a control character`);
      continue;
    }
    const path = isAbsolute(entry) ? resolve(entry) : resolve(workspace, entry);
    if (!paths.includes(path)) paths.push(path); // the same file twice would be imported twice
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, paths };
}
