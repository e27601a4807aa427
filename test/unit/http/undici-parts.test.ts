// The transport loads two undici modules by their internal paths (for start-up time). These tests fail when an
// undici update moves them or when they stop being what undici's index exports, and they keep the version pinned.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import * as undici from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvHttpProxyAgent, request } from '../../../src/http/undici-parts.ts';

const require = createRequire(import.meta.url);
const root = new URL('../../../', import.meta.url);

describe('undici parts', () => {
  it('are the objects undici exports from its index', () => {
    expect(EnvHttpProxyAgent).toBe(undici.EnvHttpProxyAgent);
    expect(require('undici/lib/dispatcher/env-http-proxy-agent.js')).toBe(undici.EnvHttpProxyAgent);
    expect(require('undici/lib/dispatcher/dispatcher.js')).toBe(undici.Dispatcher);
    // The index adds the API functions (request, connect, ...) to every dispatcher.
    const api = require('undici/lib/api/index.js');
    expect(Object.keys(api).sort()).toEqual(['connect', 'pipeline', 'request', 'stream', 'upgrade']);
    for (const [name, fn] of Object.entries(api)) expect(undici.Dispatcher.prototype[name as 'request']).toBe(fn);
  });

  it("give every dispatcher the API functions without undici's index, as the index does", () => {
    // A fresh process: here undici's index is loaded already (by this test file), which hides a missing step.
    const script = `
      const { createRequire } = await import('node:module');
      await import(${JSON.stringify(new URL('../../../src/http/undici-parts.ts', import.meta.url).href)});
      const require = createRequire(${JSON.stringify(import.meta.url)});
      const api = require('undici/lib/api/index.js');
      const { prototype } = require('undici/lib/dispatcher/dispatcher.js');
      const missing = Object.keys(api).filter((name) => prototype[name] !== api[name]);
      const indexLoaded = Object.keys(require.cache).some((file) => file.endsWith('/undici/index.js'));
      process.stdout.write(JSON.stringify({ missing, indexLoaded }));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ missing: [], indexLoaded: false });
  });

  it('come from the exact undici version package.json pins (internal paths may move in any release)', () => {
    const pinned = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).dependencies.undici;
    const installed = JSON.parse(readFileSync(require.resolve('undici/package.json'), 'utf8')).version;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed).toBe(pinned);
  });

  describe('request', () => {
    let server: ReturnType<typeof createServer>;
    let origin: string;
    const seen: { method?: string; url?: string; body: string }[] = [];
    beforeAll(async () => {
      server = createServer((req: IncomingMessage, res) => {
        let body = '';
        req.on('data', (chunk) => {
          body += chunk;
        });
        req.on('end', () => {
          seen.push({ method: req.method, url: req.url, body });
          res.setHeader('x-request-id', 'r-1');
          res.end(JSON.stringify({ method: req.method, url: req.url }));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('sends the path, query, method and body as undici.request does, through the given dispatcher', async () => {
      const dispatcher = new EnvHttpProxyAgent({ httpProxy: '', httpsProxy: '', noProxy: '' });
      try {
        const url = new URL('/v1.0/p/streaming/jobs?limit=100&offset=0', origin);
        const ours = await request(url, { method: 'GET', headers: { a: 'b' }, dispatcher });
        const theirs = await undici.request(url, { method: 'GET', headers: { a: 'b' }, dispatcher });
        expect(ours.statusCode).toBe(200);
        expect(ours.headers['x-request-id']).toBe('r-1');
        expect(await ours.body.text()).toBe(await theirs.body.text());

        const posted = await request(new URL('/export', origin), { method: 'POST', body: '{"x":1}', dispatcher });
        await posted.body.text();
        expect(seen.at(-1)).toEqual({ method: 'POST', url: '/export', body: '{"x":1}' });
        expect(seen[0]?.url).toBe('/v1.0/p/streaming/jobs?limit=100&offset=0');
      } finally {
        await dispatcher.close();
      }
    });

    it('without a method: GET, or PUT with a body, as undici.request chooses', async () => {
      const dispatcher = new undici.Agent();
      try {
        for (const body of [undefined, 'data']) {
          await (await request(new URL('/ours', origin), { body, dispatcher })).body.text();
          await (await undici.request(new URL('/theirs', origin), { body, dispatcher })).body.text();
          const [ours, theirs] = seen.slice(-2);
          expect(ours?.method).toBe(body ? 'PUT' : 'GET');
          expect(ours?.method).toBe(theirs?.method);
          expect(ours?.url).toBe('/ours');
        }
      } finally {
        await dispatcher.close();
      }
    });

    it('honours an aborted signal', async () => {
      const dispatcher = new undici.Agent();
      try {
        const signal = AbortSignal.abort(new Error('stop'));
        await expect(request(new URL('/x', origin), { method: 'GET', dispatcher, signal })).rejects.toThrow('stop');
      } finally {
        await dispatcher.close();
      }
    });
  });
});
