/**
 * The snapshot's job summary as HTML. Every string from DLI or the inputs is escaped; the diffs are in `<pre>`
 * blocks (util/html.ts), so SQL holding `<img>`, `![x](…)`, `|` or backticks shows as text, never as Markdown or HTML.
 */
import { cell, code, pre } from '../util/html.ts';
import { describeDrift, drifted } from './drift.ts';
import type { SnapshotOutcome } from './run.ts';

export interface SnapshotSummaryFacts {
  path: string;
  projectId: string;
  region?: string;
  endpoint: string;
  selection: string;
  outcome: SnapshotOutcome;
  trigger?: string;
}

/** Names listed per kind (added, removed) before "…and N more". */
export const MAX_NAMES_SHOWN = 200;

export function renderSnapshotSummary(facts: SnapshotSummaryFacts): string {
  const { outcome } = facts;
  const location = facts.region ? `${cell(facts.region)} (${code(facts.endpoint)})` : code(facts.endpoint);
  const rows: [string, string][] = [
    ['Folder', code(facts.path)],
    ['Project / region', `${code(facts.projectId)}, ${location}`],
    ['Jobs', `${cell(facts.selection)}: ${outcome.compared} compared of ${outcome.listed} listed`],
    ['Drift', `${drifted(outcome) ? 'yes' : 'no'}: ${describeDrift(outcome)}, ${outcome.unchanged} unchanged`],
    ['Files', outcome.dryRun ? 'dry run: nothing written or deleted' : `${outcome.filesTouched} written or deleted`],
  ];
  if (outcome.notDeleted) rows.push(['Not deleted', cell(`files of jobs not listed were kept: ${outcome.notDeleted}`)]);
  if (outcome.failure) rows.push(['Failed', cell(outcome.failure.describe())]);
  if (facts.trigger) rows.push(['Triggered by', cell(facts.trigger)]);
  const title = `DLI Flink job snapshot${outcome.dryRun ? ' (dry run)' : ''}${drifted(outcome) ? ': drift' : ''}`;
  const table = rows.map(([name, value]) => `<tr><th align="left">${name}</th><td>${value}</td></tr>`).join('');
  return [
    `<h2>${title}</h2>\n<table>${table}</table>\n`,
    nameList('Added', outcome.added),
    nameList('Removed', outcome.removed),
    changedJobs(outcome),
  ].join('');
}

function nameList(title: string, names: readonly string[]): string {
  if (names.length === 0) return '';
  const shown = names.slice(0, MAX_NAMES_SHOWN).map((name) => `<li>${code(name)}</li>`);
  const more = names.length > MAX_NAMES_SHOWN ? `<li>…and ${names.length - MAX_NAMES_SHOWN} more</li>` : '';
  return `<h3>${title} (${names.length})</h3>\n<ul>${shown.join('')}${more}</ul>\n`;
}

function changedJobs(outcome: SnapshotOutcome): string {
  if (outcome.changed.length === 0) return '';
  const parts = [`<h3>Changed (${outcome.changed.length})</h3>\n`];
  for (const diff of outcome.diffs) {
    const cut = diff.truncated ? ' (diff cut: see the files in the repository for the rest)' : '';
    parts.push(`<details open><summary>${code(diff.name)}${cut}</summary>${pre(diff.diff)}</details>\n`);
  }
  if (outcome.diffsLeftOut > 0) {
    parts.push(
      `<p>${outcome.diffsLeftOut} more changed job(s) without a diff here: the summary's size limit was reached.</p>\n`,
    );
  }
  return parts.join('');
}
