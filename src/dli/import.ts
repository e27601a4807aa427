/**
 * The DLI import call (`POST /v1.0/{project_id}/streaming/jobs/import`): one ZIP, or a folder of ZIPs, exported by
 * DLI, becomes jobs of the project. It changes the project, so it is never sent again once it may have reached DLI.
 */
import { z } from 'zod';
import type { Authorize, HttpRequest, HttpResponse, Transport } from '../http/transport.ts';
import { isSuccessSchema, readDliJson } from './response.ts';

export interface ImportRequest {
  projectId: string;
  /** `bucket/key.zip` or `bucket/folder`, without `obs://`. */
  zipFile: string;
  /** Overwrite jobs of the same name (`is_cover`). */
  overwrite: boolean;
}

/** One imported job; IDs are exact decimal strings, and newJobId is "-1" when the job was skipped. */
export interface JobMapping {
  oldJobId: string;
  newJobId: string;
  remark: string;
}

export interface ImportResult {
  jobMapping: JobMapping[];
  message: string;
  requestId?: string;
}

/** DLI's answer for a job that was not imported because a job of that name exists and is_cover was false. */
export const SKIPPED_JOB_ID = '-1';

export function buildImportRequest(endpoint: URL, request: ImportRequest): HttpRequest {
  return {
    operation: 'DLI import',
    method: 'POST',
    url: new URL(`/v1.0/${encodeURIComponent(request.projectId)}/streaming/jobs/import`, endpoint),
    headers: {
      'Content-Type': 'application/json',
      'X-Project-Id': request.projectId,
    },
    body: JSON.stringify({ zip_file: request.zipFile, is_cover: request.overwrite }),
    idempotent: false,
  };
}

/** Numbers arrive as their source text (see readDliJson), strings as they are: both must be whole numbers. */
const jobId = z
  .string()
  .regex(/^-?\d+$/, { error: 'must be a whole number' })
  .transform((text) => BigInt(text).toString());

const importResponseSchema = z.object({
  is_success: isSuccessSchema,
  message: z.string().optional().default(''),
  job_mapping: z
    .array(
      z.object({
        old_job_id: jobId,
        new_job_id: jobId,
        remark: z.string().nullish(),
      }),
    )
    .nullish(),
});

export const IMPORT_HINTS = {
  permission: 'importing jobs needs the `dli:jobs:create` permission in this project',
  codes: {
    'DLI.0001':
      'DLI rejected a parameter: check `zip-file` (a ZIP or a folder of ZIPs exported by DLI, in a bucket of this region)',
    'DLI.0002': 'the ZIP or folder does not exist in OBS, or the bucket is not in this region',
    'DLI.0011':
      'DLI cannot read the OBS bucket; authorize DLI to access OBS (DLI console → Global Configuration → Service Authorization) and check the bucket policy',
  },
  notSuccessful:
    'check that the ZIP was exported by DLI and that the queues and agencies its jobs use exist in this project',
};

/** Sends a request from `buildImportRequest` once, and reads DLI's answer. */
export async function importJobs(
  transport: Transport,
  authorize: Authorize,
  request: HttpRequest,
): Promise<ImportResult> {
  return readImportResponse(await transport.send(request, authorize));
}

export function readImportResponse(response: HttpResponse): ImportResult {
  const data = readDliJson(response, 'DLI import failed', importResponseSchema, IMPORT_HINTS);
  return {
    jobMapping: (data.job_mapping ?? []).map((job) => ({
      oldJobId: job.old_job_id,
      newJobId: job.new_job_id,
      remark: job.remark ?? '',
    })),
    message: data.message,
    requestId: response.requestId,
  };
}
