/**
 * The DLI export call: request construction, response checking, and DLI/gateway errors turned into ActionErrors.
 */
import { z } from 'zod';
import { integerLiteral } from '../exact-json.ts';
import type { Authorize, HttpRequest, HttpResponse, Transport } from '../http/transport.ts';
import { isSuccessSchema, readDliJson } from './response.ts';

export interface ExportRequest {
  projectId: string;
  obsDir: string;
  /** Exact decimal strings; empty exports every job of the project. */
  jobIds: readonly string[];
}

export interface ExportResult {
  zipFiles: string[];
  message: string;
  requestId?: string;
}

/** The export body; IDs are written as exact integer literals, never through a JS number. */
export function exportBody(obsDir: string, jobIds: readonly string[]): string {
  if (jobIds.length === 0) return JSON.stringify({ obs_dir: obsDir, is_selected: false });
  return JSON.stringify({
    obs_dir: obsDir,
    is_selected: true,
    job_selected: jobIds.map(integerLiteral),
  });
}

export function buildExportRequest(endpoint: URL, request: ExportRequest): HttpRequest {
  return {
    operation: 'DLI export',
    method: 'POST',
    idempotent: false,
    url: new URL(`/v1.0/${encodeURIComponent(request.projectId)}/streaming/jobs/export`, endpoint),
    headers: {
      'Content-Type': 'application/json',
      'X-Project-Id': request.projectId,
    },
    body: exportBody(request.obsDir, request.jobIds),
    retryNote:
      'An earlier attempt may also have written a ZIP to OBS; the outputs list the ZIP of the attempt that succeeded',
  };
}

const exportResponseSchema = z.object({
  is_success: isSuccessSchema,
  message: z.string().optional().default(''),
  zip_file: z.array(z.string()).optional().default([]),
});

/** Sends a request from `buildExportRequest` and reads DLI's answer. */
export async function exportJobs(
  transport: Transport,
  authorize: Authorize,
  request: HttpRequest,
): Promise<ExportResult> {
  return readExportResponse(await transport.send(request, authorize));
}

export function readExportResponse(response: HttpResponse): ExportResult {
  const data = readDliJson(response, 'DLI export failed', exportResponseSchema, {
    notSuccessful: 'check that the job IDs exist in this project and that DLI may write to the OBS bucket',
  });
  return { zipFiles: data.zip_file, message: data.message, requestId: response.requestId };
}
