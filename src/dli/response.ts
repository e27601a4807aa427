/**
 * Reading DLI's JSON answers, shared by every DLI call: an error status becomes the service error; then the body
 * must be JSON of the expected shape, with `is_success` true. Job IDs in it keep their exact source text.
 */
import { z } from 'zod';
import { hintFor } from '../cloud/hints.ts';
import { ActionError, type HintTable, parseServiceError, serviceError } from '../http/errors.ts';
import type { HttpResponse } from '../http/transport.ts';
import { parseKeepingNumbers } from '../util/exact-json.ts';

/** Documented as a String on some pages and a Boolean on others: accept both. */
export const isSuccessSchema = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

export interface ReadHints {
  /**
   * The permission the call needs, in the user's words: the hint for an HTTP 403 and for DLI's permission codes
   * (DLI.0013, DLI.0014, DLI.0016, whatever the status), instead of the generic table's.
   */
  permission?: string;
  /** For error codes whose cause is known better for this call than the general table says. */
  codes?: Readonly<Record<string, string>>;
  /** For `is_success: false`. */
  notSuccessful?: string;
}

const PERMISSION_CODES: ReadonlySet<string> = new Set(['DLI.0013', 'DLI.0014', 'DLI.0016']);
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
    const hint: HintTable = (code, status) => {
      if (code !== undefined && hints.codes?.[code]) return hints.codes[code];
      const permission = status === 403 || (code !== undefined && PERMISSION_CODES.has(code));
      return (permission ? hints.permission : undefined) ?? hintFor(code, status);
    };
    throw serviceError(what, response, hint);
  }
  let json: unknown;
  try {
    json = parseKeepingNumbers(response.body, isJobIdKey);
  } catch {
    throw new ActionError(`${what}: HTTP ${response.status} with a body that is not JSON`, {
      requestId,
      serviceMessage: parseServiceError(response.body).message ?? '(empty body)',
    });
  }
  // DLI's own verdict comes first: a failed answer often lacks the fields a successful one has.
  if (isRecord(json) && (json.is_success === false || json.is_success === 'false')) {
    throw new ActionError(`${what}: DLI reported is_success=false`, {
      serviceMessage: typeof json.message === 'string' && json.message !== '' ? json.message : '(no message)',
      requestId,
      hint: hints.notSuccessful,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = z.prettifyError(parsed.error).replace(/\s+/g, ' ');
    throw new ActionError(`${what}: unexpected response shape (${problems})`, { requestId });
  }
  return parsed.data;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
