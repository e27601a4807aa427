/** Step outputs from the export result. Values are strings; lists are JSON. */
import type { ExportResult } from '../dli/export.ts';
import { obsUrl } from '../obs/paths.ts';

/**
 * IDs are output as decimal strings so 64-bit IDs survive `fromJSON` in workflow expressions.
 * `job-names` maps each exported ID to its name, where the job list was read.
 */
export function exportOutputs(
  jobIds: readonly string[],
  result: ExportResult,
  jobs: readonly { id: string; name?: string }[] = [],
): Record<string, string> {
  return {
    'zip-files': JSON.stringify(result.zipFiles),
    'zip-file': result.zipFiles[0] ?? '',
    'obs-urls': JSON.stringify(result.zipFiles.map(obsUrl)),
    'job-ids': JSON.stringify(jobIds),
    'job-names': jobNamesOutput(jobs),
    message: result.message,
  };
}

export function jobNamesOutput(jobs: readonly { id: string; name?: string }[]): string {
  return JSON.stringify(Object.fromEntries(jobs.filter((job) => job.name).map((job) => [job.id, job.name])));
}
