/**
 * The job summary as HTML. Every string that came from inputs or from the server is escaped: `core.summary`
 * escapes nothing, and a job name or DLI message could otherwise inject markup into the run page.
 */
import type { ExportResult } from '../dli/export.ts';
import { obsUrl } from '../obs/paths.ts';
import { cell, code } from '../util/html.ts';

export interface SummaryFacts {
  jobIds: readonly string[];
  /** The exported jobs as the job list knows them, when it was read. */
  jobs?: readonly { id: string; name?: string; status?: string }[];
  obsDir: string;
  region?: string;
  endpoint: string;
  /** Undefined for a dry run. */
  result?: ExportResult;
  /** e.g. "release v1.2.0 in octo/repo"; optional context from the workflow run. */
  trigger?: string;
  /** Files downloaded into `download-dir`. */
  files?: readonly { path: string; size: number; sha256: string }[];
}

/** Summaries are capped at 1 MiB; beyond this many rows the table says how many more there are. */
export const MAX_JOB_ROWS = 2000;

function jobsTable(jobs: SummaryFacts['jobs']): string {
  if (!jobs || jobs.length === 0) return '';
  const shown = jobs.slice(0, MAX_JOB_ROWS);
  const rows = shown
    .map(
      (job) =>
        `<tr><td>${code(job.id)}</td><td>${cell(job.name ?? '(not in the job list)')}</td><td>${cell(job.status ?? '')}</td></tr>`,
    )
    .join('');
  const more = jobs.length > shown.length ? `<p>…and ${jobs.length - shown.length} more.</p>` : '';
  return `<h3>Exported jobs (${jobs.length})</h3>\n<table><tr><th>ID</th><th>Name</th><th>Status</th></tr>${rows}</table>\n${more}${more ? '\n' : ''}`;
}

function filesTable(files: SummaryFacts['files']): string {
  if (!files || files.length === 0) return '';
  const rows = files
    .map(
      (file) => `<tr><td>${code(file.path)}</td><td align="right">${file.size}</td><td>${code(file.sha256)}</td></tr>`,
    )
    .join('');
  return `<h3>Downloaded files (${files.length})</h3>\n<table><tr><th>File</th><th>Bytes</th><th>SHA-256</th></tr>${rows}</table>\n`;
}

export function renderSummary(facts: SummaryFacts): string {
  const { result } = facts;
  const jobs =
    facts.jobIds.length === 0
      ? 'all jobs of the project'
      : `${facts.jobIds.length} job${facts.jobIds.length === 1 ? '' : 's'}: ${facts.jobIds.map(code).join(', ')}`;
  const location = facts.region ? `${cell(facts.region)} (${code(facts.endpoint)})` : code(facts.endpoint);
  const rows: [string, string][] = [
    ['Exported', jobs],
    ['Target directory', code(obsUrl(facts.obsDir))],
    ['Region / endpoint', location],
  ];
  if (result) {
    const zips =
      result.zipFiles.length === 0
        ? 'none returned'
        : `<ul>${result.zipFiles.map((zip) => `<li>${code(obsUrl(zip))}</li>`).join('')}</ul>`;
    rows.push(['ZIP files', zips], ['DLI message', result.message ? cell(result.message) : '(none)']);
    if (result.requestId) rows.push(['Request ID', code(result.requestId)]);
  }
  if (facts.trigger) rows.push(['Triggered by', cell(facts.trigger)]);

  const title = result ? 'DLI Flink job export' : 'DLI Flink job export (dry run: nothing was exported)';
  const table = rows.map(([name, value]) => `<tr><th align="left">${name}</th><td>${value}</td></tr>`).join('');
  return `<h2>${title}</h2>\n<table>${table}</table>\n${jobsTable(facts.jobs)}${filesTable(facts.files)}`;
}
