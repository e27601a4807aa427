/**
 * The DLI export call: request construction, response checking, and DLI/gateway errors turned into ActionErrors.
 */
import { z } from 'zod';
import { ActionError, serviceError } from '../http/errors.ts';
import type { Authorize, HttpRequest, HttpResponse, Transport } from '../http/transport.ts';

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

declare global {
  interface JSON {
    /** Node >= 21: a value that JSON.stringify writes verbatim. Keeps 64-bit IDs exact. */
    rawJSON(text: string): unknown;
  }
}

/** The export body; IDs are written as exact integer literals, never through a JS number. */
export function exportBody(obsDir: string, jobIds: readonly string[]): string {
  if (jobIds.length === 0) return JSON.stringify({ obs_dir: obsDir, is_selected: false });
  return JSON.stringify({
    obs_dir: obsDir,
    is_selected: true,
    job_selected: jobIds.map((id) => JSON.rawJSON(id)),
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
    retryNote:
      'An earlier attempt may also have written a ZIP to OBS; the outputs list the ZIP of the attempt that succeeded',
  };
}

const isSuccess = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

const exportResponseSchema = z.object({
  is_success: isSuccess,
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
  const what = 'DLI export failed';
  const requestId = response.requestId;
  if (response.status < 200 || response.status > 299) throw serviceError(what, response);

  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    throw new ActionError(`${what}: HTTP ${response.status} with a body that is not JSON`, {
      requestId,
      serviceMessage: response.body.slice(0, 200) || '(empty body)',
    });
  }
  const parsed = exportResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw new ActionError(`${what}: unexpected response shape (${z.prettifyError(parsed.error).replace(/\n/g, ' ')})`, {
      requestId,
    });
  }
  if (!parsed.data.is_success) {
    throw new ActionError(`${what}: DLI reported is_success=false`, {
      serviceMessage: parsed.data.message || '(no message)',
      requestId,
      hint: 'check that the job IDs exist in this project and that DLI may write to the OBS bucket',
    });
  }
  return {
    zipFiles: parsed.data.zip_file,
    message: parsed.data.message,
    requestId,
  };
}
