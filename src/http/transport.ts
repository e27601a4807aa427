/**
 * The one place that touches the network, through undici's public API: proxies from the environment, a deadline per
 * attempt, retries as the one policy in retry.ts decides, and network failures turned into ActionErrors that say
 * what happened.
 */
import type { Readable } from 'node:stream';
import { Agent, type Dispatcher, EnvHttpProxyAgent, type ProxyAgent, request } from 'undici';
import { readCappedBody } from './body.ts';
import { ActionError, parseServiceError } from './errors.ts';
import type { ProxySettings } from './proxy.ts';
import { type Failure, type Outcome, type RetryPolicy, retrying } from './retry.ts';

export interface HttpRequest {
  /** What the call is for, in the user's words ("DLI export"); used in logs and error messages. */
  operation: string;
  method: 'GET' | 'POST' | 'PUT';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** Instead of `body`: a stream (an upload from disk), sent as it is read, with the headers' `Content-Length`. */
  bodyStream?: Readable;
  /**
   * Bounds a streamed attempt as a whole (connecting, sending the body, the response headers) instead of the
   * transport's `timeoutMs`: an upload gets `timeout-seconds` plus time per MiB. Pauses stay bounded by `timeoutMs`.
   */
  attemptTimeoutMs?: number;
  /**
   * Whether the request may be sent again after it may have reached the service: true for reads (GET, IAM token
   * requests), false for requests that change something (export, import), which are re-sent only when they
   * cannot have reached the service or it answered 429.
   */
  idempotent: boolean;
  /** Logged with each retry. */
  retryNote?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  requestId?: string;
  /** How many attempts were made (1 when the first one was final). */
  attempts?: number;
}

/** Adds authentication; called for every attempt, so each carries a fresh signature date. */
export type Authorize = (request: HttpRequest) => HttpRequest;

export interface SendOptions {
  /** Cancels the call: the attempt in flight and any wait before the next one. It then rejects with the reason. */
  signal?: AbortSignal;
}

export interface Transport {
  send(request: HttpRequest, authorize?: Authorize, options?: SendOptions): Promise<HttpResponse>;
  /** Ends every connection at once (requests still in flight fail); nothing is left to keep Node alive. */
  /** One attempt whose body is streamed, not read: see `openStream`. The caller decides about retries. */
  stream(request: HttpRequest): Promise<StreamResponse>;
  close(): Promise<void>;
}

/** A response whose body has not been read; the caller must consume or destroy `body`. */
export interface StreamResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable;
}

export interface TransportOptions {
  /** Bounds one attempt: connecting (through a proxy, if any), sending, and reading the whole response. */
  timeoutMs: number;
  retry: RetryPolicy;
  proxy?: ProxySettings;
  dispatcher?: Dispatcher;
  /** Where retry notices go (the runner log). */
  log?: (message: string) => void;
  /** Waits `ms`; must reject with the signal's reason as soon as `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => Date;
}

export function createTransport(options: TransportOptions): Transport {
  const dispatcher = options.dispatcher ?? agentFor(options.proxy, options.timeoutMs);
  const { retry: policy, log, sleep, random, now } = options;

  async function attempt(req: HttpRequest, cancel: AbortSignal | undefined): Promise<HttpResponse> {
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const signal = cancel ? AbortSignal.any([deadline, cancel]) : deadline;
    try {
      const response = await dispatch(req, dispatcher, signal, options.timeoutMs);
      // An error body is kept to its first 64 kB (body.ts); the attempt's signal bounds its time.
      const body =
        response.statusCode >= 400
          ? (await readCappedBody(response.body, { deadlineMs: options.timeoutMs })).text
          : await response.body.text();
      const headers = flattenHeaders(response.headers);
      return { status: response.statusCode, headers, body, requestId: headers['x-request-id'] };
    } catch (error) {
      if (cancel?.aborted) throw cancel.reason;
      throw networkError(req, error, options.timeoutMs, deadline.aborted);
    }
  }

  return {
    async send(req, authorize, { signal } = {}) {
      const { value, attempts } = await retrying(
        { policy, operation: req.operation, idempotent: req.idempotent, note: req.retryNote, log, sleep, random, now },
        () => attempt(authorize ? authorize(req) : req, signal),
        failureOf,
        signal,
      );
      return { ...value, attempts };
    },
    stream: (req) => openStream(req, dispatcher, options.timeoutMs),
    // destroy, not close: close would wait for requests still in flight, which may never end.
    close: () => dispatcher.destroy(),
  };
}

/**
 * What the retry policy reads of one attempt: nothing when it succeeded (status below 400) or threw something other
 * than an ActionError (a bug: it ends the call as it is); else the answer's status and Retry-After, or the network
 * failure's class (transient, not sent).
 */
export function failureOf(outcome: Outcome<HttpResponse>): Failure | undefined {
  if ('error' in outcome) {
    const { error } = outcome;
    if (!(error instanceof ActionError)) return undefined;
    return { what: error.describe(), transient: error.retryable, notSent: error.notSent };
  }
  const response = outcome.value;
  if (response.status < 400) return undefined;
  const { code } = parseServiceError(response.body);
  const id = response.requestId ? `, request ID ${response.requestId}` : '';
  return {
    what: `HTTP ${response.status}${code ? ` ${code}` : ''}${id}`,
    status: response.status,
    retryAfter: response.headers['retry-after'],
  };
}

/**
 * undici's agent for the proxy settings: a plain Agent without a proxy, else its EnvHttpProxyAgent (a proxy per
 * scheme, NO_PROXY honoured). Options the proxy agent passes on to its ProxyAgents: `proxyTunnel: false` sends a
 * plain http request to an http proxy as it is (absolute URL) instead of a CONNECT tunnel, which many proxies allow
 * only to port 443; https requests are always tunnelled. undici 6 marks EnvHttpProxyAgent experimental and warns
 * once when one is made, hence not made when no proxy is set.
 */
export function agentFor(proxy: ProxySettings | undefined, timeoutMs: number): Dispatcher {
  const connect = { timeout: timeoutMs };
  if (!proxy?.httpProxy && !proxy?.httpsProxy) return new Agent({ connect });
  const options: EnvHttpProxyAgent.Options & Pick<ProxyAgent.Options, 'proxyTunnel'> = {
    connect,
    proxyTunnel: false,
    // Explicit values, so the proxy follows the environment the action was given ('' = none).
    httpProxy: proxy.httpProxy ?? '',
    httpsProxy: proxy.httpsProxy ?? '',
    noProxy: proxy.noProxy ?? '',
  };
  return new EnvHttpProxyAgent(options);
}

/** One request through undici: headers and each pause in the body bounded by `timeoutMs`, cancelled by `signal`. */
function dispatch(req: HttpRequest, dispatcher: Dispatcher, signal: AbortSignal, timeoutMs: number) {
  return request(req.url, {
    method: req.method,
    headers: req.headers,
    body: req.bodyStream ?? req.body,
    dispatcher,
    signal,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
}

/**
 * Streaming: `timeoutMs` bounds connecting and the wait for the response headers, then every pause in the body
 * (no data for `timeoutMs`), not the whole transfer, so a large file can take as long as it needs while it flows.
 * Failures before the headers become the same ActionErrors as `send`'s; errors while reading `body` are undici's.
 */
async function openStream(req: HttpRequest, dispatcher: Dispatcher, timeoutMs: number): Promise<StreamResponse> {
  const controller = new AbortController();
  const limitMs = req.attemptTimeoutMs ?? timeoutMs;
  const timer = setTimeout(() => controller.abort(), limitMs);
  try {
    const response = await dispatch(req, dispatcher, controller.signal, timeoutMs);
    return { status: response.statusCode, headers: flattenHeaders(response.headers), body: response.body };
  } catch (error) {
    throw networkError(req, error, limitMs, controller.signal.aborted);
  } finally {
    clearTimeout(timer);
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

const TLS_CODES =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;

/** Names the failure class (DNS, refused, reset, timeout, TLS, proxy) instead of undici's generic message. */
export function networkError(req: HttpRequest, error: unknown, timeoutMs: number, timedOut: boolean): ActionError {
  const host = req.url.host;
  const what = `${req.operation} request to ${host} failed`;
  const code = errorCode(error);
  const message = (error as Error)?.message ?? String(error);
  const details = { cause: error };
  if (
    timedOut ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    const connecting = code === 'UND_ERR_CONNECT_TIMEOUT';
    return new ActionError(
      `${what}: ${connecting ? 'no connection' : 'no complete response'} within ${timeoutMs / 1000} s`,
      {
        ...details,
        retryable: true,
        notSent: connecting,
        hint: 'raise `timeout-seconds`, or check that the runner can reach the endpoint (firewall, proxy)',
      },
    );
  }
  const proxyStatus = /Proxy response \((\d{3})\)/.exec(message)?.[1];
  if (proxyStatus) {
    const auth = proxyStatus === '407';
    return new ActionError(`${what}: the proxy answered HTTP ${proxyStatus} to the tunnel request for ${host}`, {
      ...details,
      notSent: true,
      hint: auth
        ? 'the proxy needs credentials: put them in the proxy URL, e.g. HTTPS_PROXY=http://user:password@proxy:3128'
        : `the proxy refused ${host}: ask for it to be allowed, or list it in NO_PROXY if it is reachable directly`,
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ActionError(`${what}: the host name ${req.url.hostname} could not be resolved (${code})`, {
      ...details,
      retryable: code === 'EAI_AGAIN',
      notSent: true,
      hint: "check `region`/`endpoint` and the runner's DNS (or HTTPS_PROXY, if the runner must use a proxy)",
    });
  }
  if (code === 'ECONNREFUSED') {
    return new ActionError(`${what}: connection refused`, {
      ...details,
      retryable: true,
      notSent: true,
      hint: 'check `endpoint` and its port, and HTTPS_PROXY if a proxy is used',
    });
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return new ActionError(`${what}: the connection was reset before a response arrived`, {
      ...details,
      retryable: true,
      hint: 'a proxy or firewall may be closing the connection',
    });
  }
  if (code && TLS_CODES.test(code)) {
    return new ActionError(`${what}: the TLS certificate of ${host} was not accepted (${code})`, {
      ...details,
      notSent: true,
      hint: 'if a corporate proxy or private CA signs this certificate, set NODE_EXTRA_CA_CERTS to the CA bundle (PEM file) for this step',
    });
  }
  return new ActionError(`${what}: ${message}${code ? ` (${code})` : ''}`, details);
}

/** undici wraps the system error; the useful code may sit on the error or its cause. */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR' && code !== 'UND_ERR_ABORTED') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
