/**
 * Octokit's fetch follows the action's one proxy rule (src/http/proxy.ts): here through the real forward proxy
 * process, to a host name that resolves nowhere and is mapped by the proxy to the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_BODY_MAX_BYTES } from '../../../src/http/body.ts';
import { proxyFromEnv } from '../../../src/http/proxy.ts';
import { createGithubFetch } from '../../../src/release/github-fetch.ts';
import { DEFAULT_GITHUB_TOKEN, type Emulator, startEmulator } from '../../emulator/server.ts';
import { type ForwardProxy, startForwardProxy } from '../../support/forward-proxy.ts';
import { type LocalServer, startLocalServer } from '../../support/local-server.ts';

const HOST = 'api.github.test';
let emulator: Emulator;
let proxy: ForwardProxy;

beforeAll(async () => {
  emulator = await startEmulator();
  proxy = await startForwardProxy({ map: { [`${HOST}:80`]: `127.0.0.1:${emulator.port}` } });
});
afterAll(async () => {
  await proxy.close();
  await emulator.close();
});

const url = `http://${HOST}/repos/octo-org/octo-repo/releases/4711/assets`;
const headers = { authorization: `token ${DEFAULT_GITHUB_TOKEN}` };

describe('createGithubFetch', () => {
  it.each([
    ['http_proxy with a scheme', { http_proxy: 'PROXY' }],
    ['HTTP_PROXY without a scheme (host name:port)', { HTTP_PROXY: 'localhost:PORT' }],
  ])('goes through the proxy: %s', async (_, env) => {
    const settings = proxyFromEnv(
      Object.fromEntries(
        Object.entries(env).map(([name, value]) => [
          name,
          value === 'PROXY' ? proxy.url : value.replace('PORT', String(proxy.port)),
        ]),
      ),
    );
    const github = createGithubFetch(settings, 5000);
    try {
      const response = await github.fetch(url, { headers });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual([]);
    } finally {
      await github.close();
    }
    expect(proxy.log.at(-1)).toMatchObject({ method: 'GET', target: url, status: 200 });
  });

  it('NO_PROXY sends the request directly (and the name resolves nowhere)', async () => {
    const github = createGithubFetch(proxyFromEnv({ HTTP_PROXY: proxy.url, NO_PROXY: '.github.test' }), 5000);
    const before = proxy.log.length;
    try {
      await expect(github.fetch(url, { headers })).rejects.toThrow(/fetch failed/);
    } finally {
      await github.close();
    }
    expect(proxy.log.length).toBe(before);
  });

  it('without proxy settings connects directly', async () => {
    const github = createGithubFetch({}, 5000);
    try {
      const response = await github.fetch(`${emulator.url}/repos/octo-org/octo-repo/releases/4711/assets`, { headers });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    } finally {
      await github.close();
    }
  });

  describe("an error answer's body is read with a cap and within timeout-seconds", () => {
    let server: LocalServer;
    /** How the body of the next answer (HTTP 502) is sent: a 16 kB chunk every 5 ms, or one byte every 50 ms. */
    let mode: 'flood' | 'drip' = 'flood';
    beforeAll(async () => {
      server = await startLocalServer((_request, response) => {
        response.writeHead(502, { 'content-type': 'text/plain' });
        const timer = setInterval(
          () => response.write(mode === 'flood' ? Buffer.alloc(16_384, 120) : 'x'),
          mode === 'flood' ? 5 : 50,
        );
        response.once('close', () => clearInterval(timer));
      });
    });
    afterAll(() => server.close());

    it.each(['flood', 'drip'] as const)('a body that never ends (%s)', async (how) => {
      mode = how;
      const github = createGithubFetch({}, 1000);
      const started = Date.now();
      try {
        const response = await github.fetch(server.url, { headers });
        expect(response.status).toBe(502);
        const text = await response.text();
        expect(text.length).toBeGreaterThan(0);
        expect(text.length).toBeLessThanOrEqual(ERROR_BODY_MAX_BYTES);
      } finally {
        await github.close();
      }
      expect(Date.now() - started).toBeLessThan(2500);
    });
  });
});
