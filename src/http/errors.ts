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

/** What `serviceError` reads of a response (an `HttpResponse` has these fields). */
export interface ServiceResponse {
  status: number;
  body: string;
  requestId?: string;
  attempts?: number;
}

/** A service's table of known causes, by its error code and the HTTP status. */
export type HintTable = (code: string | undefined, status: number) => string | undefined;

/**
 * DLI, API-gateway and IAM error bodies share this reading: status, code, message, request ID, and a hint: the
 * caller's own, or the one its table gives for the code and status.
 */
export function serviceError(what: string, response: ServiceResponse, hint?: string | HintTable): ActionError {
  const body = parseServiceError(response.body);
  const attempts = response.attempts && response.attempts > 1 ? ` after ${response.attempts} attempts` : '';
  return new ActionError(`${what}${attempts}`, {
    status: response.status,
    code: body.code,
    serviceMessage: body.message ?? (response.body.trim() === '' ? '(empty body)' : undefined),
    requestId: response.requestId ?? body.requestId,
    hint: typeof hint === 'function' ? hint(body.code, response.status) : hint,
  });
}
