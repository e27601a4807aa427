/** The transport's retry notices, read whole, for each reason to wait, against a local HTTP server. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ActionError } from '../../src/http/errors.ts';
import { DEFAULT_RETRY_POLICY } from '../../src/http/retry.ts';
import { createTransport, type HttpRequest } from '../../src/http/transport.ts';

type Reply = { status: number; headers?: Record<string, string>; body?: string };
let replies: Reply[] = [];
let server: Server;
let base: URL;

beforeAll(async () => {
  server = createServer((_req, res) => {
    const reply = replies.shift() ?? { status: 200 };
    res.writeHead(reply.status, reply.headers ?? {});
    res.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);
beforeEach(() => {
  replies = [];
});

async function send(request: Partial<HttpRequest>, maxAttempts = 2) {
  const waits: number[] = [];
  const logs: string[] = [];
  const t = createTransport({
    timeoutMs: 2000,
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts },
    log: (message) => logs.push(message),
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.25,
    now: () => new Date('2026-11-26T10:00:00Z'),
  });
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
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(closed.address() as AddressInfo).port}`);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { response } = await send({ url }, 1);
    expect(response).toBeInstanceOf(ActionError);
    expect((response as ActionError).message).toBe(`DLI job list request to ${url.host} failed: connection refused`);
  });
});
