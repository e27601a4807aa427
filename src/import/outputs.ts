/** The import's step outputs, from the ZIPs imported so far. Values are strings; lists are JSON. */
import { type JobMapping, SKIPPED_JOB_ID } from '../dli/import.ts';

/** IDs are decimal strings, so 64-bit IDs survive `fromJSON` in workflow expressions. */
export function importOutputs(mapping: readonly JobMapping[]): Record<string, string> {
  return {
    'job-mapping': JSON.stringify(
      mapping.map((job) => ({ old_job_id: job.oldJobId, new_job_id: job.newJobId, remark: job.remark })),
    ),
    'new-job-ids': JSON.stringify(imported(mapping).map((job) => job.newJobId)),
    'skipped-job-ids': JSON.stringify(skipped(mapping).map((job) => job.oldJobId)),
  };
}

export function imported(mapping: readonly JobMapping[]): JobMapping[] {
  return mapping.filter((job) => job.newJobId !== SKIPPED_JOB_ID);
}

export function skipped(mapping: readonly JobMapping[]): JobMapping[] {
  return mapping.filter((job) => job.newJobId === SKIPPED_JOB_ID);
}

/** `uploaded`: the objects the local files were uploaded to, as `bucket/key`, in order (JSON array). */
export function uploadedOutput(uploaded: readonly { object: string }[]): string {
  return JSON.stringify(uploaded.map((file) => file.object));
}
