/** After one page of the job list fails, no other page keeps a request in flight, retries or sleeps. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listAllJobs } from '../../src/dli/list.ts';
import { ActionError } from '../../src/http/errors.ts';
import { DEFAULT_RETRY_POLICY } from '../../src/http/retry.ts';
import { createTransport } from '../../src/http/transport.ts';

const requests: { offset: number; at: number }[] = [];
let open = 0;
let server: Server;
let base: URL;

beforeAll(async () => {
  server = createServer((req, res) => {
    const offset = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('offset'));
    requests.push({ offset, at: Date.now() });
    open++;
    res.on('close', () => open--);
    if (offset === 0) {
      res.end(JSON.stringify({ is_success: true, job_list: { total_count: 1000, jobs: [] } }));
    } else if (offset === 100) {
      // the page that fails for good, a little after the others started
      setTimeout(() => {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end('{"error_code":"DLI.0001","error_msg":"bad page"}');
      }, 300);
    } else if (offset === 200 || offset === 300) {
      // never answers
    } else {
      // transient: the transport would wait, then retry
      res.writeHead(503);
      res.end();
    }
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

it('a failed page stops every other page at once: nothing in flight, nothing retried', async () => {
  const transport = createTransport({
    timeoutMs: 60_000,
    // waits of about 1 s before each retry of a 503
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 5, baseDelayMs: 1500, maxDelayMs: 1500 },
    random: () => 0.7,
  });
  const started = Date.now();
  const error = await listAllJobs(transport, (request) => request, base, 'p', 8).catch((e: unknown) => e);
  const failedAfter = Date.now() - started;
  expect(error).toBeInstanceOf(ActionError);
  expect((error as ActionError).describe()).toMatch(/^DLI job list failed: HTTP 400 DLI\.0001: bad page/);
  // the hanging pages were abandoned, not waited for (their deadline is 60 s)
  expect(failedAfter).toBeLessThan(5000);
  const seen = requests.length;
  await new Promise((resolve) => setTimeout(resolve, 2500));
  // no page retried after its wait: the waits were cancelled too
  expect(requests.length).toBe(seen);
  expect(requests.filter((request) => request.offset === 400)).toHaveLength(1);
  // and the abandoned requests' connections are gone
  expect(open).toBe(0);
  await transport.close();
});
