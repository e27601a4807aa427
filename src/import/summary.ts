/** The import's job summary as HTML: every string from inputs or from DLI is escaped (see html.ts). */
import { SKIPPED_JOB_ID } from '../dli/import.ts';
import { obsUrl } from '../obs/paths.ts';
import type { LocalZip } from '../obs/upload.ts';
import { cell, code } from '../util/html.ts';
import type { ImportOutcome } from './run.ts';

export interface ImportSummaryFacts {
  zipFiles: readonly string[];
  /** With local-files: the OBS folder they were uploaded to. */
  uploadDir?: string;
  overwrite: boolean;
  region?: string;
  endpoint: string;
  outcome: ImportOutcome;
  /** e.g. "release on v1.2.0 in octo/repo (run 42)". */
  trigger?: string;
}

/** Summaries are capped at 1 MiB; beyond this many rows the table says how many more there are. */
export const MAX_MAPPING_ROWS = 2000;

export function renderImportSummary(facts: ImportSummaryFacts): string {
  const { outcome } = facts;
  const location = facts.region ? `${cell(facts.region)} (${code(facts.endpoint)})` : code(facts.endpoint);
  const zips = `<ul>${facts.zipFiles.map((zip) => `<li>${code(obsUrl(zip))}</li>`).join('')}</ul>`;
  const rows: [string, string][] = [
    facts.uploadDir === undefined
      ? ['ZIP files', zips]
      : ['Local files', `uploaded to ${code(obsUrl(facts.uploadDir))}, then imported one by one`],
    ['Overwrite', facts.overwrite ? 'yes: jobs of the same name are replaced and become Draft' : 'no'],
    ['Region / endpoint', location],
  ];
  let mapping = '';
  const uploads = outcome.dryRun
    ? filesTable('Files to upload (dry run: nothing was sent)', outcome.uploads ?? [])
    : filesTable(
        'Uploaded files',
        (outcome.uploaded ?? []).map((file) => ({ file, object: file.object, encryption: file.encryption })),
      );
  if (!outcome.dryRun) {
    for (const zip of outcome.imported) {
      const request = zip.requestId ? ` (request ID ${code(zip.requestId)})` : '';
      rows.push([`DLI on ${code(zip.zipFile)}`, `${zip.message ? cell(zip.message) : '(no message)'}${request}`]);
    }
    if (outcome.failed) {
      rows.push(['Failed', `${code(obsUrl(outcome.failed.zipFile))}: ${cell(outcome.failed.error.describe())}`]);
    }
    mapping = mappingTable(outcome.imported.flatMap((zip) => zip.jobMapping));
  }
  if (facts.trigger) rows.push(['Triggered by', cell(facts.trigger)]);

  const title = outcome.dryRun
    ? 'DLI Flink job import (dry run: nothing was imported)'
    : outcome.failed
      ? 'DLI Flink job import (failed)'
      : 'DLI Flink job import';
  const table = rows.map(([name, value]) => `<tr><th align="left">${name}</th><td>${value}</td></tr>`).join('');
  return `<h2>${title}</h2>\n<table>${table}</table>\n${uploads}${mapping}`;
}

/** Each local file: path, size, SHA-256, the object it went (or would go) to, and OBS's encryption, if any. */
function filesTable(title: string, files: readonly { file: LocalZip; object: string; encryption?: string }[]): string {
  if (files.length === 0) return '';
  const rows = files
    .map((entry) => {
      const { file } = entry;
      const encrypted = entry.encryption ? ` (encrypted: ${cell(entry.encryption)})` : '';
      return `<tr><td>${code(file.path)}</td><td align="right">${file.size}</td><td><code>${file.sha256}</code></td><td>${code(obsUrl(entry.object))}${encrypted}</td></tr>`;
    })
    .join('');
  return `<h3>${title} (${files.length})</h3>\n<table><tr><th>File</th><th>Bytes</th><th>SHA-256</th><th>Uploaded to</th></tr>${rows}</table>\n`;
}

function mappingTable(mapping: readonly { oldJobId: string; newJobId: string; remark: string }[]): string {
  if (mapping.length === 0) return '';
  const shown = mapping.slice(0, MAX_MAPPING_ROWS);
  const rows = shown
    .map((job) => {
      const target = job.newJobId === SKIPPED_JOB_ID ? 'skipped (name exists)' : code(job.newJobId);
      return `<tr><td>${code(job.oldJobId)}</td><td>→</td><td>${target}</td><td>${cell(job.remark)}</td></tr>`;
    })
    .join('');
  const more = mapping.length > shown.length ? `<p>…and ${mapping.length - shown.length} more.</p>\n` : '';
  return `<h3>Jobs (${mapping.length})</h3>\n<table><tr><th>Old ID</th><th></th><th>New ID</th><th>Remark</th></tr>${rows}</table>\n${more}`;
}
