/**
 * Networking as self-hosted runners meet it: a real forward proxy process, real TLS with a CA made at test time.
 * The action is given only `region: eu-de`, so it dials the region's real host name; the proxy maps that name to a
 * TLS front on loopback, in front of the emulator.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { type ForwardProxy, startForwardProxy } from '../support/forward-proxy.ts';
import { createTestPki, type TestPki } from '../support/pki.ts';
import { startTlsFront, type TlsFront } from '../support/tls-front.ts';
import { accessKeyInputs, runAction } from './run-action.ts';

const DLI_HOST = 'dli.eu-de.otc.t-systems.com';

let dir: string;
let pki: TestPki;
let emulator: Emulator;
let front: TlsFront;
const proxies: ForwardProxy[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dli-network-'));
  pki = await createTestPki(dir, [DLI_HOST, 'iam.eu-de.otc.t-systems.com']);
  emulator = await startEmulator();
  front = await startTlsFront({
    key: pki.serverKey,
    cert: pki.serverCert,
    target: { host: '127.0.0.1', port: emulator.port },
  });
});
afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await front.close();
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => emulator.reset());

async function proxy(options: Parameters<typeof startForwardProxy>[0] = {}): Promise<ForwardProxy> {
  const started = await startForwardProxy({ map: { [`${DLI_HOST}:443`]: `127.0.0.1:${front.port}` }, ...options });
  proxies.push(started);
  return started;
}

const inputs = (overrides: Record<string, string> = {}) =>
  accessKeyInputs({ region: 'eu-de', 'job-ids': '146', ...overrides });

describe('through an HTTPS proxy, with a private CA', () => {
  it('reaches dli.eu-de.otc.t-systems.com through the proxy and verifies its certificate via NODE_EXTRA_CA_CERTS', async () => {
    const forward = await proxy();
    const run = await runAction({
      inputs: inputs(),
      env: { HTTPS_PROXY: forward.url, NODE_EXTRA_CA_CERTS: pki.caCertPath },
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(forward.log).toEqual([
      expect.objectContaining({ method: 'CONNECT', target: `${DLI_HOST}:443`, status: 200 }),
    ]);
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({
      accepted: true,
      headers: expect.objectContaining({ host: DLI_HOST }),
    });
    expect(run.outputs['zip-file']).toMatch(/^dli-backups\/nightly\/aggregate_\d+\.zip$/);
    expect(run.stdout).toContain(`Proxy: https via ${forward.url}`);
  });

  it('a proxy without a scheme (HTTPS_PROXY=127.0.0.1:PORT) is used as http://, as other actions read it', async () => {
    const forward = await proxy();
    const run = await runAction({
      inputs: inputs(),
      env: { HTTPS_PROXY: `127.0.0.1:${forward.port}`, NODE_EXTRA_CA_CERTS: pki.caCertPath },
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(forward.log).toEqual([
      expect.objectContaining({ method: 'CONNECT', target: `${DLI_HOST}:443`, status: 200 }),
    ]);
    expect(run.stdout).toContain(`Proxy: https via http://127.0.0.1:${forward.port}`);
  });

  it.each([
    ['a bad % escape', (port: number) => `http://builder-x:p%zzword@127.0.0.1:${port}`, /has a bad % escape/],
    ['an unknown scheme', (port: number) => `socks5://builder-x:p%zzword@127.0.0.1:${port}`, /scheme "socks5"/],
  ])(
    'a proxy URL with %s fails before any request, naming the variable, with its credentials masked',
    async (_name, value, problem) => {
      const forward = await proxy();
      const run = await runAction({
        inputs: inputs(),
        env: { HTTPS_PROXY: value(forward.port), NODE_EXTRA_CA_CERTS: pki.caCertPath, RUNNER_DEBUG: '1' },
      });
      expect(run.exitCode).toBe(1);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toMatch(/^Invalid input \(nothing was sent\):\n- HTTPS_PROXY: /);
      expect(run.errors[0]).toMatch(problem);
      expect(run.errors[0]).not.toMatch(/Unexpected error/);
      expect(forward.log).toEqual([]);
      expect(emulator.requests).toHaveLength(0);
      expect(run.masks).toEqual(expect.arrayContaining(['builder-x', 'p%zzword']));
      expect(run.visible).not.toContain('p%zzword');
      expect(run.visible).not.toContain('builder-x');
    },
  );

  it('lower-case https_proxy works too', async () => {
    const forward = await proxy();
    const run = await runAction({
      inputs: inputs(),
      env: { https_proxy: forward.url, NODE_EXTRA_CA_CERTS: pki.caCertPath },
    });
    expect(run.exitCode).toBe(0);
    expect(forward.log).toHaveLength(1);
  });

  it('a certificate from an unknown CA fails as a certificate error naming the host and NODE_EXTRA_CA_CERTS, without retrying', async () => {
    const forward = await proxy();
    const run = await runAction({
      inputs: inputs(),
      env: { HTTPS_PROXY: forward.url, NODE_EXTRA_CA_CERTS: pki.otherCaCertPath },
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(
      /^DLI export request to dli\.eu-de\.otc\.t-systems\.com failed: the TLS certificate of dli\.eu-de\.otc\.t-systems\.com was not accepted \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)\)\. Hint: .*NODE_EXTRA_CA_CERTS/,
    );
    expect(forward.log).toHaveLength(1);
    expect(emulator.requests).toHaveLength(0);
  });

  it('a proxy that needs credentials: works with them in the URL, and never shows the password', async () => {
    const password = 'pr0xy-p@ss:word';
    const forward = await proxy({ auth: { user: 'builder', pass: password } });
    const url = new URL(forward.url);
    url.username = 'builder';
    url.password = encodeURIComponent(password);
    const run = await runAction({
      inputs: inputs(),
      env: { HTTPS_PROXY: url.href, NODE_EXTRA_CA_CERTS: pki.caCertPath, RUNNER_DEBUG: '1' },
    });
    expect(run.exitCode).toBe(0);
    expect(forward.log[0]).toMatchObject({ method: 'CONNECT', status: 200, auth: 'builder' });
    expect(run.stdout).toContain(`Proxy: https via http://***:***@127.0.0.1:${forward.port}`);
    expect(run.masks).toContain(password);
    expect(run.visible).not.toContain(password);
    expect(run.visible).not.toContain(encodeURIComponent(password));
  });

  it('a proxy that needs credentials, given none: HTTP 407 with a hint', async () => {
    const forward = await proxy({ auth: { user: 'builder', pass: 'secret' } });
    const run = await runAction({
      inputs: inputs(),
      env: { HTTPS_PROXY: forward.url, NODE_EXTRA_CA_CERTS: pki.caCertPath },
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(
      /the proxy answered HTTP 407 to the tunnel request .*Hint: the proxy needs credentials/,
    );
  });

  it('a proxy that refuses the host: reported as a proxy refusal, not retried', async () => {
    const forward = await proxy({ refuse: true });
    const run = await runAction({
      inputs: inputs(),
      env: { HTTPS_PROXY: forward.url, NODE_EXTRA_CA_CERTS: pki.caCertPath },
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(
      /the proxy answered HTTP 403 to the tunnel request for dli\.eu-de\.otc\.t-systems\.com\. Hint: the proxy refused/,
    );
    expect(forward.log).toHaveLength(1);
  });
});

describe('plain HTTP proxy and NO_PROXY', () => {
  const local = () => inputs({ region: '', endpoint: emulator.url });

  it('HTTP_PROXY carries plain http requests', async () => {
    const forward = await proxy();
    const run = await runAction({ inputs: local(), env: { HTTP_PROXY: forward.url } });
    expect(run.exitCode).toBe(0);
    expect(forward.log).toEqual([
      expect.objectContaining({ method: 'POST', target: expect.stringContaining(`${emulator.url}/v1.0/`) }),
    ]);
    expect(emulator.requests[0]?.accepted).toBe(true);
  });

  it('NO_PROXY bypasses the proxy', async () => {
    const forward = await proxy();
    const run = await runAction({
      inputs: local(),
      env: { HTTP_PROXY: forward.url, HTTPS_PROXY: forward.url, NO_PROXY: '127.0.0.1' },
    });
    expect(run.exitCode).toBe(0);
    expect(forward.log).toEqual([]);
    expect(emulator.requests).toHaveLength(1);
  });
});
