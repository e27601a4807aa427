/**
 * The one place that touches the network. Sends a single attempt with a deadline and turns network failures into
 * ActionErrors that say what happened. Retries, when added, wrap `send`: every attempt is re-authorized by the caller.
 */
import { Agent, type Dispatcher, request } from 'undici';
import { ActionError } from './errors.ts';

export interface HttpRequest {
  /** What the call is for, in the user's words ("DLI export"); used in error messages. */
  operation: string;
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  requestId?: string;
}

export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface TransportOptions {
  /** Bounds one attempt: connecting, sending, and reading the whole response. */
  timeoutMs: number;
  dispatcher?: Dispatcher;
}

export function createTransport(options: TransportOptions): Transport {
  const dispatcher = options.dispatcher ?? new Agent({ connect: { timeout: options.timeoutMs } });
  return {
    async send(req) {
      const signal = AbortSignal.timeout(options.timeoutMs);
      try {
        const response = await request(req.url, {
          method: req.method,
          headers: req.headers,
          body: req.body,
          dispatcher,
          signal,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        });
        const body = await response.body.text();
        const headers = flattenHeaders(response.headers);
        return {
          status: response.statusCode,
          headers,
          body,
          requestId: headers['x-request-id'],
        };
      } catch (error) {
        throw networkError(req, error, options.timeoutMs, signal.aborted);
      }
    },
    close: () => dispatcher.close(),
  };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_)/;

/** Names the failure class (DNS, refused, reset, timeout, TLS) instead of undici's generic message. */
export function networkError(req: HttpRequest, error: unknown, timeoutMs: number, timedOut: boolean): ActionError {
  const host = req.url.host;
  const what = `${req.operation} request to ${host} failed`;
  const code = errorCode(error);
  const details = { cause: error };
  if (
    timedOut ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return new ActionError(`${what}: no complete response within ${timeoutMs / 1000} s`, {
      ...details,
      hint: 'raise `timeout-seconds`, or check that the runner can reach the endpoint (firewall, proxy)',
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ActionError(`${what}: the host name ${req.url.hostname} could not be resolved (${code})`, {
      ...details,
      hint: "check `region`/`endpoint` and the runner's DNS",
    });
  }
  if (code === 'ECONNREFUSED') {
    return new ActionError(`${what}: connection refused`, {
      ...details,
      hint: 'check `endpoint` and its port',
    });
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return new ActionError(`${what}: the connection was reset before a response arrived`, {
      ...details,
      hint: 'a proxy or firewall may be closing the connection; retry',
    });
  }
  if (code && TLS_CODES.test(code)) {
    return new ActionError(`${what}: the TLS certificate of ${host} was not accepted (${code})`, {
      ...details,
      hint: 'if a corporate proxy or private CA signs this certificate, point NODE_EXTRA_CA_CERTS at the CA bundle (PEM)',
    });
  }
  return new ActionError(`${what}: ${(error as Error)?.message ?? String(error)}${code ? ` (${code})` : ''}`, details);
}

/** undici wraps the system error; the useful code may sit on the error or its cause. */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
