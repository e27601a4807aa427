/**
 * The download as on a runner behind a proxy: only `region: eu-de` is given, so the action dials the real host
 * names, DLI's and the bucket's virtual-hosted OBS name; the forward proxy maps them to TLS fronts (certificates
 * from a test CA, `*.obs.eu-de.otc.t-systems.com` for OBS) in front of the emulator.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { type ForwardProxy, startForwardProxy } from '../support/forward-proxy.ts';
import { createTestPki, type TestPki } from '../support/pki.ts';
import { startTlsFront, type TlsFront } from '../support/tls-front.ts';
import { accessKeyInputs, runAction } from './run-action.ts';

const DLI_HOST = 'dli.eu-de.otc.t-systems.com';
const BUCKET_HOST = 'dli-backups.obs.eu-de.otc.t-systems.com';

let dir: string;
let pki: TestPki;
let emulator: Emulator;
let dliFront: TlsFront;
let obsFront: TlsFront;
let proxy: ForwardProxy;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dli-download-network-'));
  pki = await createTestPki(join(dir), [DLI_HOST, '*.obs.eu-de.otc.t-systems.com']);
  emulator = await startEmulator();
  const tls = { key: pki.serverKey, cert: pki.serverCert };
  dliFront = await startTlsFront({ ...tls, target: { host: '127.0.0.1', port: emulator.port } });
  obsFront = await startTlsFront({ ...tls, target: { host: '127.0.0.1', port: emulator.obs.port } });
  proxy = await startForwardProxy({
    map: { [`${DLI_HOST}:443`]: `127.0.0.1:${dliFront.port}`, [`${BUCKET_HOST}:443`]: `127.0.0.1:${obsFront.port}` },
  });
});
afterAll(async () => {
  await proxy.close();
  await Promise.all([dliFront.close(), obsFront.close()]);
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

describe('through an HTTPS proxy, with a private CA', () => {
  it('downloads from https://dli-backups.obs.eu-de.otc.t-systems.com/{key}, virtual-hosted, certificate verified', async () => {
    const workspace = join(dir, 'workspace');
    const run = await runAction({
      inputs: accessKeyInputs({ region: 'eu-de', 'job-ids': '146', 'download-dir': 'exports' }),
      env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: pki.caCertPath, GITHUB_WORKSPACE: workspace },
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(proxy.log.map((entry) => [entry.method, entry.target, entry.status])).toEqual([
      ['CONNECT', `${DLI_HOST}:443`, 200],
      ['CONNECT', `${BUCKET_HOST}:443`, 200],
    ]);
    const zip = emulator.exports[0]?.zipFile ?? '';
    expect(emulator.obs.requests).toHaveLength(1);
    expect(emulator.obs.requests[0]).toMatchObject({
      host: BUCKET_HOST,
      addressing: 'virtual-hosted',
      bucket: 'dli-backups',
      path: `/${zip.slice('dli-backups/'.length)}`,
      accepted: true,
      status: 200,
    });
    const path = JSON.parse(run.outputs.files ?? '[]')[0];
    expect(path).toBe(join(workspace, 'exports', zip.slice(zip.lastIndexOf('/') + 1)));
    expect(await readFile(path)).toEqual(emulator.obs.objects.get(zip)?.body);
  });
});
