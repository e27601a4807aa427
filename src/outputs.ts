/** Step outputs from the export result. Values are strings; lists are JSON arrays. */
import type { ExportResult } from './dli/client.ts';

export function obsUrl(zipFile: string): string {
  return `obs://${zipFile}`;
}

/** IDs are output as decimal strings so 64-bit IDs survive `fromJSON` in workflow expressions. */
export function exportOutputs(jobIds: readonly string[], result: ExportResult): Record<string, string> {
  return {
    'zip-files': JSON.stringify(result.zipFiles),
    'zip-file': result.zipFiles[0] ?? '',
    'obs-urls': JSON.stringify(result.zipFiles.map(obsUrl)),
    'job-ids': JSON.stringify(jobIds),
    message: result.message,
  };
}
