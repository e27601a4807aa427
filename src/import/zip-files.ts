/**
 * The `zip-file` input: one OBS path of a ZIP or of a folder of ZIPs, or a JSON array of such paths (the export's
 * `zip-files` output). `obs://` and a trailing `/` are removed, as DLI wants `bucket/key`. Pure.
 */
import { jsonStrings } from '../action/inputs.ts';
import { parseObsPath } from '../obs/paths.ts';

export type ZipFilesResult = { ok: true; paths: string[] } | { ok: false; problems: string[] };

export function parseZipFiles(raw: string): ZipFilesResult {
  const text = raw.trim();
  const entries = text.startsWith('[')
    ? jsonStrings(text, 'OBS paths (strings), like the export’s zip-files output')
    : { ok: true as const, items: [text] };
  if (!entries.ok) return { ok: false, problems: [entries.problem] };
  if (entries.items.length === 0) return { ok: false, problems: ['the JSON array is empty: name at least one ZIP'] };

  const problems: string[] = [];
  const paths: string[] = [];
  for (const entry of entries.items) {
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
