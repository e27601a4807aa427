/**
 * The DLI export call: request construction, response checking, and DLI/gateway errors turned into ActionErrors.
 */
import { z } from 'zod';
import { ActionError } from '../http/errors.ts';
import type { Authorize, HttpRequest, HttpResponse, Transport } from '../http/transport.ts';
import { obsUrl } from '../obs/paths.ts';
import { integerLiteral } from '../util/exact-json.ts';
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
    url: new URL(`/v1.0/${encodeURIComponent(request.projectId)}/streaming/jobs/export`, endpoint),
    headers: {
      'Content-Type': 'application/json',
      'X-Project-Id': request.projectId,
    },
    body: exportBody(request.obsDir, request.jobIds),
    // Re-sent only when it cannot have reached DLI, or after 429: a lost answer must not make a second ZIP.
    idempotent: false,
  };
}

const exportResponseSchema = z.object({
  is_success: isSuccessSchema,
  message: z.string().optional().default(''),
  zip_file: z.array(z.string()).optional().default([]),
});

/**
 * Sends a request from `buildExportRequest` and reads DLI's answer. When the answer was lost (a 5xx, a reset or a
 * timeout after sending), DLI may have run the export anyway: the error says so and where its ZIP would be.
 */
export async function exportJobs(
  transport: Transport,
  authorize: Authorize,
  request: HttpRequest,
  obsDir: string,
): Promise<ExportResult> {
  let response: HttpResponse;
  try {
    response = await transport.send(request, authorize);
  } catch (error) {
    if (error instanceof ActionError && !error.notSent) throw error.withHint(mayHaveCompleted(obsDir, error.hint));
    throw error;
  }
  try {
    return readExportResponse(response);
  } catch (error) {
    if (error instanceof ActionError && response.status >= 500) {
      throw error.withHint(mayHaveCompleted(obsDir, error.hint));
    }
    throw error;
  }
}

/** The hint for an export whose outcome is unknown. */
export function mayHaveCompleted(obsDir: string, hint?: string): string {
  return (
    `the export may have completed although its answer was lost: look for a new ZIP in ${obsUrl(obsDir)}; ` +
    `re-running the step is safe but may leave a second ZIP there${hint ? `. Also: ${hint}` : ''}`
  );
}

export function readExportResponse(response: HttpResponse): ExportResult {
  const data = readDliJson(response, 'DLI export failed', exportResponseSchema, {
    notSuccessful: 'check that the job IDs exist in this project and that DLI may write to the OBS bucket',
  });
  return { zipFiles: data.zip_file, message: data.message, requestId: response.requestId };
}
