import type { HttpResponse } from './transport.ts';

export interface ErrorDetails {
  status?: number;
  code?: string;
  serviceMessage?: string;
  requestId?: string;
  hint?: string;
  retryable?: boolean;
  /** The request cannot have reached the service (refused, DNS, TLS, connect timeout, proxy refusal). */
  notSent?: boolean;
  cause?: unknown;
}

/**
 * One error type for everything that can go wrong after the inputs are valid, carrying what a person needs to act:
 * what failed, the service's code and message, the HTTP status, the request ID and a hint.
 */

export class ActionError extends Error {
  override readonly name = 'ActionError';
  readonly status?: number;
  readonly code?: string;
  readonly serviceMessage?: string;
  readonly requestId?: string;
  readonly hint?: string;
  /** A network failure worth another attempt (refused, reset, timed out). */
  readonly retryable: boolean;
  /** The request cannot have reached the service, so even a request that changes something may be re-sent. */
  readonly notSent: boolean;
  private readonly details: ErrorDetails;

  constructor(summary: string, details: ErrorDetails = {}) {
    super(summary, { cause: details.cause });
    this.details = details;
    this.status = details.status;
    this.code = details.code;
    this.serviceMessage = details.serviceMessage;
    this.requestId = details.requestId;
    this.hint = details.hint;
    this.retryable = details.retryable ?? false;
    this.notSent = details.notSent ?? false;
  }

  /** The same error, saying how many attempts were made. */
  afterAttempts(attempts: number): ActionError {
    return new ActionError(`${this.message} (after ${attempts} attempts)`, this.details);
  }

  /** The same error with another hint. */
  withHint(hint: string | undefined): ActionError {
    return new ActionError(this.message, { ...this.details, hint });
  }

  /** The single line shown to the user, e.g. `DLI export failed: HTTP 400 DLI.0001: ... (request ID abc). Hint: ...` */
  describe(): string {
    const status = [this.status === undefined ? undefined : `HTTP ${this.status}`, this.code].filter(Boolean).join(' ');
    const detail = [status, this.serviceMessage].filter(Boolean).join(': ');
    let line = detail ? `${this.message}: ${detail}` : this.message;
    if (this.requestId) line += ` (request ID ${this.requestId})`;
    if (this.hint) line += `. Hint: ${this.hint}`;
    return line;
  }
}

export interface ServiceErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
}

/**
 * Reads the error shapes DLI, the API gateway (APIG/APIGW) and IAM send:
 * `{error_code, error_msg, request_id}`, `{code, message}` and `{error: {code, message}}`.
 */
export function parseServiceError(body: string): ServiceErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { message: plainTextExcerpt(body) };
  }
  if (!isRecord(json)) return {};
  const nested = isRecord(json.error) ? json.error : undefined;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    code: text(json.error_code) ?? text(json.code) ?? text(nested?.code),
    message: text(json.error_msg) ?? text(json.message) ?? text(nested?.message),
    requestId: text(json.request_id) ?? text(nested?.request_id),
  };
}

/** A short, single-line excerpt of a non-JSON body (an HTML error page, a proxy message), or nothing if empty. */
function plainTextExcerpt(body: string): string | undefined {
  const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1];
  const text = (title ?? body.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const PERMISSION_HINT =
  'the credentials lack a DLI permission; grant the user or agency `dli:jobs:export` in IAM (e.g. the DLI FullAccess policy) for this project';

/** Known causes, by service error code (APIG. on Open Telekom Cloud, APIGW. on Huawei Cloud) or HTTP status. */
export function hintFor(code: string | undefined, status: number | undefined): string | undefined {
  const gateway = code?.match(/^APIGW?\.(\d{4})$/)?.[1];
  switch (gateway) {
    case '0101':
      return 'the API was not found: check `region`/`endpoint` (DLI must be offered in that region) and the project ID';
    case '0301':
      return 'the gateway rejected the credentials: check access-key/secret-key (and security-token for temporary keys) and that the project ID belongs to this region. Five failed attempts lock an access key for five minutes';
    case '0303':
      return 'the signature or its timestamp was rejected: the runner clock may be more than 15 minutes off, or a proxy altered the request';
    case '0307':
      return 'the token has expired; obtain a new one';
    case '0308':
      return 'requests are being throttled; retry later or space out runs';
    case '0613':
      return 'IAM is temporarily unavailable; retry later';
  }
  switch (code) {
    case 'DLI.0001':
      return 'DLI rejected a parameter: check `obs-dir` (an existing bucket in this region, without `obs://`) and `job-ids`';
    case 'DLI.0002':
      return 'a job ID or the OBS bucket does not exist in this project and region';
    case 'DLI.0011':
      return 'DLI cannot write to the OBS bucket; authorize DLI to access OBS (DLI console → Global Configuration → Service Authorization) and check the bucket policy';
    case 'DLI.0013':
    case 'DLI.0014':
    case 'DLI.0016':
      return PERMISSION_HINT;
    case 'DLI.0999':
      return 'DLI had an internal error; retry later, and quote the request ID to support if it persists';
  }
  if (status === 403) return PERMISSION_HINT;
  if (status === 401) return 'the request was not authenticated: check the credentials';
  if (status === 429) return 'requests are being throttled; retry later';
  if (status !== undefined && status >= 500)
    return 'the service failed; retry later, quoting the request ID if it persists';
  return undefined;
}

/**
 * DLI, API-gateway and IAM error bodies share this reading: status, code, message, request ID, and a hint
 * (the caller's, when it knows the cause better than the generic table).
 */
export function serviceError(what: string, response: HttpResponse, hint?: string): ActionError {
  const body = parseServiceError(response.body);
  const attempts = response.attempts && response.attempts > 1 ? ` after ${response.attempts} attempts` : '';
  return new ActionError(`${what}${attempts}`, {
    status: response.status,
    code: body.code,
    serviceMessage: body.message ?? (response.body.trim() === '' ? '(empty body)' : undefined),
    requestId: response.requestId ?? body.requestId,
    hint: hint ?? hintFor(body.code, response.status),
  });
}
