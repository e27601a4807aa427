/** Error bodies are read with a size cap and within a deadline, whatever the server sends. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ERROR_BODY_MAX_BYTES, readCappedBody } from '../../../src/http/body.ts';
import { startLocalServer } from '../../support/local-server.ts';

/** A body that sends `chunk` every `ms` forever, and records whether it was destroyed. */
function endless(chunk: string, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const body = new Readable({
    read() {
      timer ??= setInterval(() => body.push(chunk), ms);
    },
    destroy(error, callback) {
      clearInterval(timer);
      callback(error);
    },
  });
  return body;
}

describe('readCappedBody', () => {
  it('reads a small body whole', async () => {
    expect(
      await readCappedBody(Readable.from([Buffer.from('<Error>'), Buffer.from('</Error>')]), { deadlineMs: 1000 }),
    ).toEqual({
      text: '<Error></Error>',
    });
  });

  it('keeps at most maxBytes and stops reading there, destroying the body', async () => {
    const body = endless('x'.repeat(1000), 1);
    const read = await readCappedBody(body, { maxBytes: 2500, deadlineMs: 5000 });
    expect(read).toEqual({ text: 'x'.repeat(2500), cut: 'size' });
    expect(body.destroyed).toBe(true);
    expect(ERROR_BODY_MAX_BYTES).toBe(65_536);
  });

  it('a body that never ends is cut at the deadline, keeping what arrived', async () => {
    const body = endless('a', 20);
    const started = Date.now();
    const read = await readCappedBody(body, { deadlineMs: 200 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(read.cut).toBe('deadline');
    expect(read.text).toMatch(/^a+$/);
    expect(body.destroyed).toBe(true);
  });

  it('a body that fails gives what arrived, without rejecting', async () => {
    const body = new Readable({
      read() {
        this.push('part');
        this.destroy(new Error('reset'));
      },
    });
    expect(await readCappedBody(body, { deadlineMs: 1000 })).toEqual({ text: 'part', cut: 'error' });
  });
});

describe('the transport reads error bodies (DLI, IAM) with the cap', () => {
  it('a 503 whose body is 8 MB: the answer keeps 64 kB of it, and the attempt ends', async () => {
    const { createTransport } = await import('../../../src/http/transport.ts');
    const { DEFAULT_RETRY_POLICY } = await import('../../../src/http/retry.ts');
    const server = await startLocalServer((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 128 && res.write(chunk)) sent++;
        if (sent >= 128) res.end();
        else res.once('drain', pump);
      };
      pump();
    });
    const transport = createTransport({ timeoutMs: 5000, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 } });
    try {
      const response = await transport.send({
        operation: 'DLI export',
        method: 'GET',
        url: new URL('/', server.url),
        headers: {},
        idempotent: true,
      });
      expect(response.status).toBe(503);
      expect(response.body.length).toBe(ERROR_BODY_MAX_BYTES);
    } finally {
      await transport.close();
      await server.close();
    }
  });
});
