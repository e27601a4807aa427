/** Each network failure's whole line (with its hint), its retry class, and the retry decision for reads and changes. */

import { Agent, EnvHttpProxyAgent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/http/errors.ts';
import { DEFAULT_RETRY_POLICY, maySendAgain } from '../../../src/http/retry.ts';
import {
  agentFor,
  createTransport,
  failureOf,
  type HttpRequest,
  type HttpResponse,
  networkError,
} from '../../../src/http/transport.ts';
import { type ForwardProxy, startForwardProxy } from '../../support/forward-proxy.ts';
import { type LocalServer, recordingTransport, refusingUrl, startLocalServer } from '../../support/local-server.ts';

/** The retry decision for one attempt: the transport's reading of it, judged by the one policy. */
function mayRetry(req: HttpRequest, outcome: HttpResponse | ActionError): boolean {
  const failure = failureOf(outcome instanceof ActionError ? { error: outcome } : { value: outcome });
  return failure !== undefined && maySendAgain(failure, req.idempotent);
}

describe('network-errors', () => {
  const read: HttpRequest = {
    operation: 'DLI job list',
    method: 'GET',
    url: new URL('https://dli.eu-de.otc.t-systems.com:8443/v1.0/p/streaming/jobs'),
    headers: {},
    idempotent: true,
  };
  const change: HttpRequest = { ...read, operation: 'DLI export', method: 'POST', idempotent: false };
  const coded = (code: string, message = 'fetch failed') => Object.assign(new Error(message), { code });
  const what = 'DLI job list request to dli.eu-de.otc.t-systems.com:8443 failed';

  describe('network failures, whole lines', () => {
    it.each([
      [
        'ENOTFOUND',
        `${what}: the host name dli.eu-de.otc.t-systems.com could not be resolved (ENOTFOUND). Hint: check \`region\`/\`endpoint\` and the runner's DNS (or HTTPS_PROXY, if the runner must use a proxy)`,
        { retryable: false, notSent: true },
      ],
      [
        'EAI_AGAIN',
        `${what}: the host name dli.eu-de.otc.t-systems.com could not be resolved (EAI_AGAIN). Hint: check \`region\`/\`endpoint\` and the runner's DNS (or HTTPS_PROXY, if the runner must use a proxy)`,
        { retryable: true, notSent: true },
      ],
      [
        'ECONNREFUSED',
        `${what}: connection refused. Hint: check \`endpoint\` and its port, and HTTPS_PROXY if a proxy is used`,
        { retryable: true, notSent: true },
      ],
      [
        'EPIPE',
        `${what}: the connection was reset before a response arrived. Hint: a proxy or firewall may be closing the connection`,
        { retryable: true, notSent: false },
      ],
      [
        'UND_ERR_CONNECT_TIMEOUT',
        `${what}: no connection within 2.5 s. Hint: raise \`timeout-seconds\`, or check that the runner can reach the endpoint (firewall, proxy)`,
        { retryable: true, notSent: true },
      ],
      [
        'UND_ERR_HEADERS_TIMEOUT',
        `${what}: no complete response within 2.5 s. Hint: raise \`timeout-seconds\`, or check that the runner can reach the endpoint (firewall, proxy)`,
        { retryable: true, notSent: false },
      ],
      [
        'UND_ERR_BODY_TIMEOUT',
        `${what}: no complete response within 2.5 s. Hint: raise \`timeout-seconds\`, or check that the runner can reach the endpoint (firewall, proxy)`,
        { retryable: true, notSent: false },
      ],
      [
        'DEPTH_ZERO_SELF_SIGNED_CERT',
        `${what}: the TLS certificate of dli.eu-de.otc.t-systems.com:8443 was not accepted (DEPTH_ZERO_SELF_SIGNED_CERT). Hint: if a corporate proxy or private CA signs this certificate, set NODE_EXTRA_CA_CERTS to the CA bundle (PEM file) for this step`,
        { retryable: false, notSent: true },
      ],
      ['EWHATEVER', `${what}: socket trouble (EWHATEVER)`, { retryable: false, notSent: false }],
    ])('%s', (code, line, kind) => {
      const error = networkError(read, coded(code, 'socket trouble'), 2500, false);
      expect(error.describe()).toBe(line);
      expect({ retryable: error.retryable, notSent: error.notSent }).toEqual(kind);
    });

    it.each([
      'SELF_SIGNED_CERT_IN_CHAIN',
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'HOSTNAME_MISMATCH',
      'UNABLE_TO_GET_ISSUER_CERT',
    ])('%s is a TLS refusal', (code) => {
      expect(networkError(read, coded(code), 1000, false).message).toContain('TLS certificate');
    });

    it('a code-less error keeps its message; a thrown string is named', () => {
      expect(networkError(read, new Error('other side hung up'), 1000, false).describe()).toBe(
        `${what}: other side hung up`,
      );
      expect(networkError(read, 'weird', 1000, false).describe()).toBe(`${what}: weird`);
    });

    it('the useful code is found under undici’s generic wrappers', () => {
      const generic = (cause: unknown, code: string) => Object.assign(new Error('fetch failed'), { code, cause });
      const deep = generic(generic(generic(coded('ECONNREFUSED'), 'UND_ERR'), 'UND_ERR_ABORTED'), 'UND_ERR');
      expect(networkError(read, deep, 1000, false).message).toBe(`${what}: connection refused`);
    });

    it('a proxy asking for credentials (407) says how to give them', () => {
      const error = networkError(
        read,
        coded('UND_ERR_ABORTED', 'Proxy response (407) !== 200 when HTTP Tunneling'),
        1000,
        false,
      );
      expect(error.describe()).toBe(
        `${what}: the proxy answered HTTP 407 to the tunnel request for dli.eu-de.otc.t-systems.com:8443. Hint: the proxy needs credentials: put them in the proxy URL, e.g. HTTPS_PROXY=http://user:password@proxy:3128`,
      );
      expect(error.retryable).toBe(false);
    });

    it('a proxy refusing the host says to allow it or bypass the proxy', () => {
      expect(
        networkError(read, coded('UND_ERR', 'Proxy response (403) !== 200 when HTTP Tunneling'), 1000, false).hint,
      ).toBe(
        'the proxy refused dli.eu-de.otc.t-systems.com:8443: ask for it to be allowed, or list it in NO_PROXY if it is reachable directly',
      );
    });

    it('a deadline wins over any code', () => {
      const error = networkError(read, coded('ECONNREFUSED'), 60_000, true);
      expect(error.message).toBe(`${what}: no complete response within 60 s`);
      expect(error.notSent).toBe(false);
    });
  });

  describe('the retry decision', () => {
    const answer = (status: number): HttpResponse => ({ status, headers: {}, body: '' });
    it.each([
      [429, true, true],
      [500, true, false],
      [502, true, false],
      [503, true, false],
      [504, true, false],
      [501, false, false],
      [400, false, false],
      [401, false, false],
      [200, false, false],
    ])('HTTP %i: a read retries %s, a change %s', (status, forRead, forChange) => {
      expect(mayRetry(read, answer(status))).toBe(forRead);
      expect(mayRetry(change, answer(status))).toBe(forChange);
    });

    it.each([
      [{ retryable: true, notSent: true }, true, true],
      [{ retryable: true, notSent: false }, true, false],
      [{ retryable: false, notSent: true }, false, false],
      [{ retryable: false, notSent: false }, false, false],
    ])('a network failure %j: a read retries %s, a change %s', (kind, forRead, forChange) => {
      const error = new ActionError('x', kind);
      expect(mayRetry(read, error)).toBe(forRead);
      expect(mayRetry(change, error)).toBe(forChange);
    });
  });
});

/** The transport's retry notices, read whole, for each reason to wait, against a local HTTP server. */
describe('transport-log', () => {
  type Reply = { status: number; headers?: Record<string, string>; body?: string };
  let replies: Reply[] = [];
  let server: LocalServer;
  let base: URL;

  beforeAll(async () => {
    server = await startLocalServer((_req, res) => {
      const reply = replies.shift() ?? { status: 200 };
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
    base = server.url;
  });
  afterAll(() => server.close());
  beforeEach(() => {
    replies = [];
  });

  async function send(request: Partial<HttpRequest>, maxAttempts = 2) {
    const { t, waits, logs } = recordingTransport(maxAttempts, 0.25);
    try {
      const response = await t
        .send({ operation: 'DLI job list', method: 'GET', url: base, headers: {}, idempotent: true, ...request })
        .catch((error: unknown) => error);
      return { response, waits, logs };
    } finally {
      await t.close();
    }
  }

  describe('retry notices', () => {
    it('a 429 without Retry-After: throttled, with no code, request ID or note', async () => {
      replies = [{ status: 429 }, { status: 200 }];
      const { waits, logs } = await send({});
      expect(waits).toEqual([2750]);
      expect(logs).toEqual(['DLI job list: attempt 1 of 2 failed (HTTP 429); throttled, retrying in 2.8 s']);
    });

    it('a 429 with a Retry-After date: the wait until then, as the server asks', async () => {
      replies = [{ status: 429, headers: { 'retry-after': 'Thu, 26 Nov 2026 10:00:04 GMT' } }, { status: 200 }];
      const { waits, logs } = await send({});
      expect(waits).toEqual([4000]);
      expect(logs).toEqual([
        'DLI job list: attempt 1 of 2 failed (HTTP 429); retrying in 4.0 s as Retry-After: Thu, 26 Nov 2026 10:00:04 GMT asks',
      ]);
    });

    it('a Retry-After exactly at the cap says it was capped', async () => {
      replies = [{ status: 503, headers: { 'retry-after': '30' } }, { status: 200 }];
      const { logs } = await send({});
      expect(logs).toEqual([
        'DLI job list: attempt 1 of 2 failed (HTTP 503); retrying in 30.0 s as Retry-After: 30 asks, capped at 30.0 s',
      ]);
    });

    it('an unreadable Retry-After on a 503: the backoff', async () => {
      replies = [{ status: 503, headers: { 'retry-after': 'later', 'x-request-id': 'R7' } }, { status: 200 }];
      const { waits, logs } = await send({ retryNote: 'Reads are safe to repeat.' });
      expect(waits).toEqual([250]);
      expect(logs).toEqual([
        'DLI job list: attempt 1 of 2 failed (HTTP 503, request ID R7); retrying in 0.3 s. Reads are safe to repeat.',
      ]);
    });

    it('the second retry waits up to twice as long', async () => {
      replies = [{ status: 502 }, { status: 502 }, { status: 200 }];
      const { waits, response } = await send({}, 3);
      expect(waits).toEqual([250, 500]);
      expect(response).toMatchObject({ status: 200, attempts: 3 });
    });

    it('one attempt only: the answer as it is, without a count in a failure', async () => {
      replies = [{ status: 503 }];
      const { response, logs } = await send({}, 1);
      expect(response).toMatchObject({ status: 503, attempts: 1 });
      expect(logs).toEqual([]);
    });

    it('a change answered 503 is final: no notice, no second request', async () => {
      replies = [{ status: 503 }, { status: 200 }];
      const { response, logs } = await send({ method: 'POST', idempotent: false, body: '{}' }, 3);
      expect(response).toMatchObject({ status: 503, attempts: 1 });
      expect(logs).toEqual([]);
      expect(replies).toHaveLength(1);
    });

    it('a failure on the only attempt is not said to be after attempts', async () => {
      const url = await refusingUrl();
      const { response } = await send({ url }, 1);
      expect(response).toBeInstanceOf(ActionError);
      expect((response as ActionError).message).toBe(`DLI job list request to ${url.host} failed: connection refused`);
    });
  });
});

/** The transport's retry loop against a real local HTTP server, with the clock and the dice injected. */
describe('transport', () => {
  type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'reset' | 'hang';
  let replies: Reply[] = [];
  let received: { date?: string }[] = [];
  let server: LocalServer;
  let base: URL;

  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      received.push({ date: req.headers['x-sdk-date'] as string | undefined });
      const reply = replies.shift() ?? { status: 200, body: 'ok' };
      if (reply === 'reset') {
        req.socket.resetAndDestroy();
        return;
      }
      if (reply === 'hang') return;
      res.writeHead(reply.status, { 'x-request-id': `rid-${received.length}`, ...reply.headers });
      res.end(reply.body ?? '');
    });
    base = server.url;
  });
  afterAll(() => server.close());
  beforeEach(() => {
    replies = [];
    received = [];
  });

  const transport = (maxAttempts: number) => recordingTransport(maxAttempts, 0.5);

  const get = (): HttpRequest => ({
    operation: 'DLI export',
    method: 'POST',
    url: base,
    headers: {},
    body: '{}',
    idempotent: true,
    retryNote: 'Note.',
  });

  /** A request that changes something, like the export. */
  const change = (): HttpRequest => ({ ...get(), idempotent: false });

  describe('transport retries', () => {
    it('retries 503 then succeeds, logging attempt, reason, request ID and the note', async () => {
      replies = [
        { status: 503, body: '{"error_code":"APIGW.0613","error_msg":"x"}' },
        { status: 200, body: 'ok' },
      ];
      const { t, waits, logs } = transport(3);
      const response = await t.send(get());
      await t.close();
      expect(response).toMatchObject({ status: 200, body: 'ok', attempts: 2 });
      expect(waits).toEqual([500]);
      expect(logs).toEqual([
        'DLI export: attempt 1 of 3 failed (HTTP 503 APIGW.0613, request ID rid-1); retrying in 0.5 s. Note.',
      ]);
    });

    it('re-authorizes every attempt', async () => {
      replies = [{ status: 502 }, { status: 200 }];
      const { t } = transport(3);
      let calls = 0;
      await t.send(get(), (request) => ({ ...request, headers: { 'x-sdk-date': `attempt-${++calls}` } }));
      await t.close();
      expect(received.map((r) => r.date)).toEqual(['attempt-1', 'attempt-2']);
    });

    it('gives up after max-attempts and returns the last response with the count', async () => {
      replies = [{ status: 500 }, { status: 502 }, { status: 504 }];
      const { t, waits } = transport(3);
      const response = await t.send(get());
      await t.close();
      expect(response).toMatchObject({ status: 504, attempts: 3 });
      expect(waits).toEqual([500, 1000]);
    });

    it.each([400, 401, 403, 404])('never retries HTTP %i', async (status) => {
      replies = [{ status }, { status: 200 }];
      const { t, waits } = transport(5);
      const response = await t.send(get());
      await t.close();
      expect(response.status).toBe(status);
      expect(received).toHaveLength(1);
      expect(waits).toEqual([]);
    });

    it('honours Retry-After, and says so', async () => {
      replies = [{ status: 429, headers: { 'retry-after': '7' } }, { status: 200 }];
      const { t, waits, logs } = transport(2);
      await t.send(get());
      await t.close();
      expect(waits).toEqual([7000]);
      expect(logs[0]).toMatch(/retrying in 7\.0 s as Retry-After: 7 asks/);
    });

    it('caps a long Retry-After', async () => {
      replies = [{ status: 503, headers: { 'retry-after': '3600' } }, { status: 200 }];
      const { t, waits, logs } = transport(2);
      await t.send(get());
      await t.close();
      expect(waits).toEqual([30_000]);
      expect(logs[0]).toMatch(/capped at 30\.0 s/);
    });

    it('waits 2-5 s after a 429 without Retry-After', async () => {
      replies = [{ status: 429 }, { status: 200 }];
      const { t, waits } = transport(2);
      await t.send(get());
      await t.close();
      expect(waits).toEqual([3500]);
    });

    it('retries a reset connection, and reports the last failure with the attempt count', async () => {
      replies = ['reset', 'reset'];
      const { t, waits } = transport(2);
      const error = await t.send(get()).catch((e: unknown) => e);
      await t.close();
      expect(error).toBeInstanceOf(ActionError);
      expect((error as ActionError).describe()).toMatch(
        /connection was reset before a response arrived \(after 2 attempts\)/,
      );
      expect(waits).toHaveLength(1);
    });

    it('retries a refused connection', async () => {
      const url = await refusingUrl();
      const { t, logs } = transport(2);
      const error = await t.send({ ...get(), url }).catch((e: unknown) => e);
      await t.close();
      expect((error as ActionError).describe()).toMatch(/connection refused \(after 2 attempts\)/);
      expect(logs[0]).toMatch(/attempt 1 of 2 failed \(.*connection refused/);
    });
  });

  describe('a request that changes something is never sent twice once it may have reached the service', () => {
    it.each([500, 502, 503, 504])('HTTP %i is final', async (status) => {
      replies = [{ status }, { status: 200 }];
      const { t, waits } = transport(5);
      const response = await t.send(change());
      await t.close();
      expect(response).toMatchObject({ status, attempts: 1 });
      expect(received).toHaveLength(1);
      expect(waits).toEqual([]);
    });

    it('a reset after sending is final', async () => {
      replies = ['reset', { status: 200 }];
      const { t } = transport(5);
      const error = await t.send(change()).catch((e: unknown) => e);
      await t.close();
      expect((error as ActionError).describe()).toMatch(/connection was reset before a response arrived\. Hint/);
      expect(received).toHaveLength(1);
    });

    it('a timeout waiting for the answer is final', async () => {
      replies = ['hang', { status: 200 }];
      const t = createTransport({
        timeoutMs: 300,
        retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 5 },
        sleep: async () => {},
      });
      const error = await t.send(change()).catch((e: unknown) => e);
      await t.close();
      expect((error as ActionError).describe()).toMatch(/no complete response within 0\.3 s\. Hint/);
      expect(received).toHaveLength(1);
    });

    it('429 is retried: the service says it did not run it', async () => {
      replies = [{ status: 429 }, { status: 200 }];
      const { t } = transport(3);
      const response = await t.send(change());
      await t.close();
      expect(response).toMatchObject({ status: 200, attempts: 2 });
    });

    it('a refused connection is retried: nothing was sent', async () => {
      const url = await refusingUrl();
      const { t, logs } = transport(3);
      const error = await t.send({ ...change(), url }).catch((e: unknown) => e);
      await t.close();
      expect((error as ActionError).describe()).toMatch(/connection refused \(after 3 attempts\)/);
      expect(logs).toHaveLength(2);
    });

    it.each([
      ['ECONNREFUSED', true],
      ['ENOTFOUND', true],
      ['EAI_AGAIN', true],
      ['UND_ERR_CONNECT_TIMEOUT', true],
      ['CERT_HAS_EXPIRED', true],
      ['ECONNRESET', false],
      ['UND_ERR_SOCKET', false],
      ['UND_ERR_HEADERS_TIMEOUT', false],
      ['UND_ERR_BODY_TIMEOUT', false],
      ['EWHATEVER', false],
    ])('%s: cannot have reached the service: %s', (code, notSent) => {
      const error = networkError(change(), Object.assign(new Error('x'), { code }), 5000, false);
      expect(error.notSent).toBe(notSent);
      expect(mayRetry(change(), error)).toBe(notSent && error.retryable);
      expect(mayRetry(get(), error)).toBe(error.retryable);
    });

    it('a proxy refusing the tunnel cannot have reached the service', () => {
      const error = Object.assign(new Error('Proxy response (403) !== 200 when HTTP Tunneling'), { code: 'UND_ERR' });
      expect(networkError(change(), error, 5000, false).notSent).toBe(true);
    });

    it('an attempt cut by its deadline may have reached the service', () => {
      expect(networkError(change(), new Error('aborted'), 5000, true).notSent).toBe(false);
    });
  });

  describe('cancelling a call', () => {
    it('ends an attempt in flight with the reason, at once', async () => {
      replies = ['hang'];
      const t = createTransport({ timeoutMs: 60_000, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 } });
      const cancel = new AbortController();
      const started = Date.now();
      const pending = t.send(get(), undefined, { signal: cancel.signal }).catch((e: unknown) => e);
      setTimeout(() => cancel.abort(new Error('another page failed')), 100);
      const error = await pending;
      await t.close();
      expect((error as Error).message).toBe('another page failed');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(received).toHaveLength(1);
    });

    it('ends a wait before a retry, and sends nothing more', async () => {
      replies = [{ status: 503 }, { status: 200 }];
      const t = createTransport({
        timeoutMs: 5000,
        retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 },
        random: () => 0.99,
      });
      const cancel = new AbortController();
      const started = Date.now();
      const pending = t.send(get(), undefined, { signal: cancel.signal }).catch((e: unknown) => e);
      setTimeout(() => cancel.abort(new Error('stop')), 300);
      const error = await pending;
      await t.close();
      expect((error as Error).message).toBe('stop');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(received).toHaveLength(1);
    });

    it('cancelled with a retryable error as the reason: that error, at once, and no retry notice', async () => {
      replies = ['hang'];
      const logs: string[] = [];
      const t = createTransport({
        timeoutMs: 60_000,
        retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 },
        log: (message) => logs.push(message),
      });
      const cancel = new AbortController();
      const reason = new ActionError('another page timed out', { retryable: true });
      const pending = t.send(get(), undefined, { signal: cancel.signal }).catch((e: unknown) => e);
      setTimeout(() => cancel.abort(reason), 100);
      expect(await pending).toBe(reason);
      await t.close();
      expect(logs).toEqual([]);
      expect(received).toHaveLength(1);
    });

    it('an already cancelled call sends nothing', async () => {
      const { t } = transport(3);
      const error = await t.send(get(), undefined, { signal: AbortSignal.abort(new Error('no')) }).catch((e) => e);
      await t.close();
      expect((error as Error).message).toBe('no');
      expect(received).toHaveLength(0);
    });
  });

  describe('close', () => {
    it('ends a request still in flight instead of waiting for it', async () => {
      replies = ['hang'];
      const t = createTransport({ timeoutMs: 60_000, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 } });
      const pending = t.send(get()).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      await t.close();
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await pending).toBeInstanceOf(ActionError);
    });
  });

  describe('network failures are named', () => {
    const request: HttpRequest = {
      operation: 'DLI export',
      method: 'POST',
      url: new URL('https://dli.eu-de.otc.t-systems.com/x'),
      headers: {},
      idempotent: true,
    };
    const failure = (code: string, message = 'fetch failed') => Object.assign(new Error(message), { code });
    const wrapped = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: failure(code) });

    it.each([
      ['ENOTFOUND', false, /host name dli\.eu-de\.otc\.t-systems\.com could not be resolved \(ENOTFOUND\)/],
      ['EAI_AGAIN', true, /could not be resolved \(EAI_AGAIN\)/],
      ['ECONNREFUSED', true, /connection refused/],
      ['ECONNRESET', true, /connection was reset/],
      ['UND_ERR_SOCKET', true, /connection was reset/],
      ['UND_ERR_CONNECT_TIMEOUT', true, /no connection within 5 s/],
      ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', false, /TLS certificate of dli\.eu-de\.otc\.t-systems\.com was not accepted/],
      ['CERT_HAS_EXPIRED', false, /TLS certificate .* not accepted \(CERT_HAS_EXPIRED\)/],
      ['ERR_TLS_CERT_ALTNAME_INVALID', false, /TLS certificate .* not accepted/],
    ])('%s (also when wrapped): retryable %s', (code, retryable, message) => {
      for (const error of [failure(code), wrapped(code)]) {
        const mapped = networkError(request, error, 5000, false);
        expect(mapped.retryable).toBe(retryable);
        expect(mapped.describe()).toMatch(message);
      }
    });

    it('a proxy refusal names the proxy status', () => {
      const error = Object.assign(new Error('Proxy response (403) !== 200 when HTTP Tunneling'), {
        code: 'UND_ERR_ABORTED',
      });
      const mapped = networkError(request, error, 5000, false);
      expect(mapped.retryable).toBe(false);
      expect(mapped.describe()).toMatch(
        /the proxy answered HTTP 403 to the tunnel request for dli\.eu-de\.otc\.t-systems\.com/,
      );
    });

    it('an aborted attempt is a timeout', () => {
      expect(networkError(request, new Error('aborted'), 5000, true).describe()).toMatch(
        /no complete response within 5 s/,
      );
    });
  });
});

describe('failureOf', () => {
  const answer = (status: number, extra: Partial<HttpResponse> = {}): HttpResponse => ({
    status,
    headers: {},
    body: '',
    ...extra,
  });

  it.each([200, 201, 204, 304])('HTTP %i is no failure', (status) => {
    expect(failureOf({ value: answer(status) })).toBeUndefined();
  });

  it("an answer of 400 or more: its status, the service's code, the request ID and Retry-After", () => {
    const response = answer(503, {
      body: '{"error_code":"DLI.0999","error_msg":"busy"}',
      requestId: 'r-9',
      headers: { 'retry-after': '3' },
    });
    expect(failureOf({ value: response })).toEqual({
      what: 'HTTP 503 DLI.0999, request ID r-9',
      status: 503,
      retryAfter: '3',
    });
    expect(failureOf({ value: answer(400) })).toEqual({ what: 'HTTP 400', status: 400, retryAfter: undefined });
  });

  it('a network failure: its line and class; anything else (a bug) is not classified', () => {
    const error = new ActionError('refused', { retryable: true, notSent: true, hint: 'check it' });
    expect(failureOf({ error })).toEqual({ what: 'refused. Hint: check it', transient: true, notSent: true });
    expect(failureOf({ error: new ActionError('tls') })).toEqual({ what: 'tls', transient: false, notSent: false });
    expect(failureOf({ error: new TypeError('bug') })).toBeUndefined();
  });
});

/** The agent for the proxy settings, against a real forward proxy process (test/support) and a local origin. */
describe('agentFor', () => {
  let origin: LocalServer;
  let url: URL;
  let forward: ForwardProxy;

  beforeAll(async () => {
    origin = await startLocalServer((_req, res) => res.end('origin'));
    url = new URL('/v1.0/p/jobs?x=1', origin.url);
    forward = await startForwardProxy();
  });
  afterAll(async () => {
    await forward?.close();
    await origin.close();
  });

  async function get(agent: ReturnType<typeof agentFor>) {
    const t = createTransport({
      timeoutMs: 5000,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 },
      dispatcher: agent,
    });
    try {
      return await t.send({ operation: 'test', method: 'POST', url, headers: {}, body: '{}', idempotent: true });
    } finally {
      await t.close();
    }
  }

  it('no proxy: a plain Agent (undici 6 warns when an EnvHttpProxyAgent is made), straight to the origin', async () => {
    for (const proxy of [undefined, {}, { noProxy: 'example.com' }]) {
      const agent = agentFor(proxy, 5000);
      expect(agent).toBeInstanceOf(Agent);
      expect(agent).not.toBeInstanceOf(EnvHttpProxyAgent);
      expect((await get(agent)).body).toBe('origin');
    }
    expect(forward.log).toEqual([]);
  });

  it('an http proxy: a plain http request goes to it as it is (absolute URL), not through a CONNECT tunnel', async () => {
    forward.log.length = 0;
    const agent = agentFor({ httpProxy: forward.url }, 5000);
    expect(agent).toBeInstanceOf(EnvHttpProxyAgent);
    expect((await get(agent)).body).toBe('origin');
    expect(forward.log).toEqual([expect.objectContaining({ method: 'POST', target: url.href, status: 200 })]);
  });

  it('NO_PROXY sends the listed host past the proxy', async () => {
    forward.log.length = 0;
    const agent = agentFor({ httpProxy: forward.url, httpsProxy: forward.url, noProxy: '127.0.0.1' }, 5000);
    expect((await get(agent)).body).toBe('origin');
    expect(forward.log).toEqual([]);
  });
});
