// What an export leaves in OBS: a real ZIP with one JSON definition per exported job, the same bytes for the same
// jobs (entries carry a fixed date).

import type { Job } from './catalogue.ts';
import type { ExportRecord } from './dli.ts';
import { buildZip } from './zip.ts';

export function exportZip(record: ExportRecord, jobs: readonly Job[]): Buffer {
  const byId = new Map(jobs.map((job) => [job.job_id, job]));
  return buildZip(
    record.jobIds.map((id) => {
      const job = byId.get(id);
      const definition = {
        job_id: id,
        name: job?.name,
        job_type: job?.job_type,
        queue_name: job?.queue_name,
        sql_body: job?.job_type === 'flink_sql_job' ? `-- Flink SQL of job ${id}\nSELECT 1;` : undefined,
      };
      return { name: `${id}.json`, content: Buffer.from(`${JSON.stringify(definition, null, 2)}\n`, 'utf8') };
    }),
  );
}
