/**
 * Reading DLI's JSON answers, shared by every DLI call: an error status becomes the service error; then the body
 * must be JSON of the expected shape, with `is_success` true. Job IDs in it keep their exact source text.
 */
import { z } from 'zod';
import { parseKeepingNumbers } from '../exact-json.ts';
import { ActionError, type HintTable, serviceError } from '../http/errors.ts';
import type { HttpResponse } from '../http/transport.ts';
import { hintFor } from './hints.ts';

/** Documented as a String on some pages and a Boolean on others: accept both. */
export const isSuccessSchema = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

export interface ReadHints {
  /** For an HTTP 403, when the call needs a specific permission. */
  forbidden?: string;
  /** For error codes whose cause is known better for this call than the general table says. */
  codes?: Readonly<Record<string, string>>;
  /** For `is_success: false`. */
  notSuccessful?: string;
}

/** job_id, and the import's old_job_id and new_job_id: Java Longs, kept as their exact source text. */
const isJobIdKey = (key: string) => key === 'job_id' || key.endsWith('_job_id');

export function readDliJson<T extends { is_success: boolean; message: string }>(
  response: HttpResponse,
  what: string,
  schema: z.ZodType<T>,
  hints: ReadHints = {},
): T {
  const { requestId } = response;
  if (response.status < 200 || response.status > 299) {
    const hint: HintTable = (code, status) =>
      (code === undefined ? undefined : hints.codes?.[code]) ??
      (status === 403 ? hints.forbidden : undefined) ??
      hintFor(code, status);
    throw serviceError(what, response, hint);
  }
  let json: unknown;
  try {
    json = parseKeepingNumbers(response.body, isJobIdKey);
  } catch {
    throw new ActionError(`${what}: HTTP ${response.status} with a body that is not JSON`, {
      requestId,
      serviceMessage: response.body.slice(0, 200) || '(empty body)',
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = z.prettifyError(parsed.error).replace(/\n/g, ' ');
    throw new ActionError(`${what}: unexpected response shape (${problems})`, { requestId });
  }
  if (!parsed.data.is_success) {
    throw new ActionError(`${what}: DLI reported is_success=false`, {
      serviceMessage: parsed.data.message || '(no message)',
      requestId,
      hint: hints.notSuccessful,
    });
  }
  return parsed.data;
}
