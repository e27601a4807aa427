/**
 * Local HTTP servers on loopback for the in-process transport tests (test/unit/http, test/unit/dli): a server with
 * the test's handler, a loopback URL nobody listens on, and a transport that records its waits and notices.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_RETRY_POLICY } from '../../src/http/retry.ts';
import { createTransport, type Transport } from '../../src/http/transport.ts';

export interface LocalServer {
  server: Server;
  port: number;
  /** http://127.0.0.1:{port} */
  url: URL;
  /** Closes the server and every connection still open (a handler may leave a request unanswered). */
  close(): Promise<void>;
}

/** An HTTP server on a free loopback port, answering with `handler`. */
export async function startLocalServer(handler?: RequestListener): Promise<LocalServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: new URL(`http://127.0.0.1:${port}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback URL whose port was just free and is closed again: a connection to it is refused. */
export async function refusingUrl(): Promise<URL> {
  const closed = await startLocalServer();
  await closed.close();
  return closed.url;
}

/**
 * A transport with a 2 s timeout and `maxAttempts`, whose waits are recorded instead of slept, notices logged, the
 * dice fixed at `random` and the clock at 2026-11-26T10:00:00Z.
 */
export function recordingTransport(
  maxAttempts: number,
  random: number,
): { t: Transport; waits: number[]; logs: string[] } {
  const waits: number[] = [];
  const logs: string[] = [];
  const t = createTransport({
    timeoutMs: 2000,
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts },
    log: (message) => logs.push(message),
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => random,
    now: () => new Date('2026-11-26T10:00:00Z'),
  });
  return { t, waits, logs };
}
