/** What changed between the files in the folder and what DLI lists, and the outputs that say so. Pure. */
import type { JobFiles } from './definition.ts';

export type JobChange = 'added' | 'changed' | 'unchanged';

/** `existing` is undefined when the folder holds no files of the job. */
export function classify(existing: Partial<JobFiles> | undefined, next: JobFiles): JobChange {
  if (existing === undefined || existing.json === undefined) return 'added';
  return existing.json === next.json && existing.sql === next.sql ? 'unchanged' : 'changed';
}

/** Sorted by UTF-16 code units: the same order everywhere, whatever the locale. */
export function sortNames(names: Iterable<string>): string[] {
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface Drift {
  added: readonly string[];
  changed: readonly string[];
  removed: readonly string[];
}

export function drifted(drift: Drift): boolean {
  return drift.added.length + drift.changed.length + drift.removed.length > 0;
}

export function describeDrift(drift: Drift): string {
  return `${drift.added.length} added, ${drift.changed.length} changed, ${drift.removed.length} removed`;
}
