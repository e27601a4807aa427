/**
 * Proves the e2e support kit with plain Node and undici (no project code): a test PKI, a TLS front before a plain
 * HTTP server, and a real forward-proxy process that maps a region host name to loopback.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProxyAgent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ForwardProxy, startForwardProxy } from './forward-proxy.ts';
import { createTestPki, type TestPki } from './pki.ts';
import { startTlsFront, type TlsFront } from './tls-front.ts';

const DLI = 'dli.eu-de.otc.t-systems.com';
const IAM = 'iam.eu-de.otc.t-systems.com';

let dir: string;
let pki: TestPki;
let origin: Server;
let originPort: number;
let front: TlsFront;
let proxy: ForwardProxy;
let authProxy: ForwardProxy;
let refusingProxy: ForwardProxy;
const agents: ProxyAgent[] = [];

function agent(options: ConstructorParameters<typeof ProxyAgent>[0]): ProxyAgent {
  const created = new ProxyAgent(options);
  agents.push(created);
  return created;
}

type CodedError = Error & { code?: string; cause?: { code?: string } };

async function errorOf(promise: Promise<unknown>): Promise<CodedError> {
  try {
    await promise;
  } catch (error) {
    return error as CodedError;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'support-test-'));
  pki = await createTestPki(dir, [DLI, IAM]);

  origin = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Seen-Host': req.headers.host ?? '' });
    res.end('ok');
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  originPort = (origin.address() as AddressInfo).port;

  front = await startTlsFront({
    key: pki.serverKey,
    cert: pki.serverCert,
    target: { host: '127.0.0.1', port: originPort },
  });
  const map = { [`${DLI}:443`]: `127.0.0.1:${front.port}`, [`${DLI}:80`]: `127.0.0.1:${originPort}` };
  [proxy, authProxy, refusingProxy] = await Promise.all([
    startForwardProxy({ map }),
    startForwardProxy({ map, auth: { user: 'user', pass: 'p@ss:word' } }),
    startForwardProxy({ map, refuse: true }),
  ]);
});

afterAll(async () => {
  await Promise.all(agents.map((a) => a.close().catch(() => undefined)));
  await Promise.all([proxy?.close(), authProxy?.close(), refusingProxy?.close(), front?.close()]);
  await new Promise<void>((resolve) => (origin ? origin.close(() => resolve()) : resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('test PKI', () => {
  it('issues a server certificate for the host names and 127.0.0.1, signed by the CA', () => {
    const ca = new X509Certificate(pki.caCert);
    const leaf = new X509Certificate(pki.serverCert);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.subjectAltName).toBe(`DNS:${DLI}, DNS:${IAM}, IP Address:127.0.0.1`);
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(leaf.checkIssued(new X509Certificate(pki.otherCaCert))).toBe(false);
  });
});

describe('forward proxy with TLS front', () => {
  it('tunnels HTTPS for a mapped region host name, verified against the test CA', async () => {
    const dispatcher = agent({ uri: proxy.url, requestTls: { ca: pki.caCert } });
    const res = await request(`https://${DLI}/`, { dispatcher });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-seen-host']).toBe(DLI);
    expect(await res.body.text()).toBe('ok');
    const entry = await proxy.waitForLog((e) => e.method === 'CONNECT' && e.target === `${DLI}:443`);
    expect(entry).toEqual({
      method: 'CONNECT',
      target: `${DLI}:443`,
      status: 200,
      auth: null,
      upstream: `127.0.0.1:${front.port}`,
    });
  });

  it('fails certificate verification with an unrelated CA', async () => {
    const dispatcher = agent({ uri: proxy.url, requestTls: { ca: pki.otherCaCert } });
    const error = await errorOf(request(`https://${DLI}/`, { dispatcher }));
    const code = error.code ?? error.cause?.code;
    expect([
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    ]).toContain(code);
  });

  it('forwards plain HTTP with an absolute URI', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: proxy.port, path: `http://${DLI}/plain?x=1`, headers: { host: DLI } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    expect(body).toBe('ok');
    const entry = await proxy.waitForLog((e) => e.method === 'GET' && e.target === `http://${DLI}/plain?x=1`);
    expect(entry.upstream).toBe(`127.0.0.1:${originPort}`);
  });

  it('answers 502 for an unmapped non-loopback host without connecting anywhere', async () => {
    const dispatcher = agent({ uri: proxy.url, requestTls: { ca: pki.caCert } });
    const error = await errorOf(request('https://unmapped.example.com/', { dispatcher }));
    expect(error.message).toContain('502');
    const entry = await proxy.waitForLog((e) => e.target === 'unmapped.example.com:443');
    expect(entry).toMatchObject({ method: 'CONNECT', status: 502, upstream: null });
  });
});

describe('proxy authentication', () => {
  it('answers 407 without credentials', async () => {
    const dispatcher = agent({ uri: authProxy.url, requestTls: { ca: pki.caCert } });
    const error = await errorOf(request(`https://${DLI}/`, { dispatcher }));
    expect(error.message).toContain('407');
    expect(await authProxy.waitForLog((e) => e.status === 407)).toMatchObject({ method: 'CONNECT', auth: null });
  });

  it('answers 407 with a Proxy-Authenticate challenge to plain HTTP', async () => {
    const { status, challenge } = await new Promise<{ status: number; challenge: unknown }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: authProxy.port, path: `http://${DLI}/` }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, challenge: res.headers['proxy-authenticate'] });
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(407);
    expect(challenge).toBe('Basic realm="test"');
  });

  it('tunnels with credentials in the proxy URL', async () => {
    const uri = `http://user:${encodeURIComponent('p@ss:word')}@127.0.0.1:${authProxy.port}`;
    const dispatcher = agent({ uri, requestTls: { ca: pki.caCert } });
    const res = await request(`https://${DLI}/`, { dispatcher });
    expect(await res.body.text()).toBe('ok');
    expect(await authProxy.waitForLog((e) => e.status === 200)).toMatchObject({ method: 'CONNECT', auth: 'user' });
  });
});

describe('refusing proxy', () => {
  it('answers CONNECT with 403', async () => {
    const dispatcher = agent({ uri: refusingProxy.url, requestTls: { ca: pki.caCert } });
    const error = await errorOf(request(`https://${DLI}/`, { dispatcher }));
    expect(error.message).toContain('403');
    expect(await refusingProxy.waitForLog((e) => e.method === 'CONNECT')).toMatchObject({ status: 403 });
  });
});
