/**
 * The cloud as a runner behind a proxy meets it: the emulator behind two TLS fronts (DLI's host name and the
 * bucket's virtual-hosted OBS name, certificates from a test CA made at set-up) and a real forward-proxy process
 * that maps those real host names to the fronts. Shared by the e2e network tests of the download and the upload.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { type ForwardProxy, startForwardProxy } from './forward-proxy.ts';
import { handleTo } from './handle.ts';
import { createTestPki, type TestPki } from './pki.ts';
import { startTlsFront } from './tls-front.ts';

export const DLI_HOST = 'dli.eu-de.otc.t-systems.com';
export const BUCKET_HOST = 'dli-backups.obs.eu-de.otc.t-systems.com';

export interface ProxiedCloud {
  /** A temporary folder for the PKI and the workspace; removed by close(). */
  dir: string;
  pki: TestPki;
  emulator: Emulator;
  proxy: ForwardProxy;
  close(): Promise<void>;
}

/** Starts the emulator, a TLS front for DLI and one for OBS, and a forward proxy mapping DLI_HOST and BUCKET_HOST. */
export async function startProxiedCloud(prefix: string): Promise<ProxiedCloud> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const pki = await createTestPki(dir, [DLI_HOST, '*.obs.eu-de.otc.t-systems.com']);
  const emulator = await startEmulator();
  const tls = { key: pki.serverKey, cert: pki.serverCert };
  const dliFront = await startTlsFront({ ...tls, target: { host: '127.0.0.1', port: emulator.port } });
  const obsFront = await startTlsFront({ ...tls, target: { host: '127.0.0.1', port: emulator.obs.port } });
  const proxy = await startForwardProxy({
    map: { [`${DLI_HOST}:443`]: `127.0.0.1:${dliFront.port}`, [`${BUCKET_HOST}:443`]: `127.0.0.1:${obsFront.port}` },
  });
  return {
    dir,
    pki,
    emulator,
    proxy,
    async close() {
      await proxy.close();
      await Promise.all([dliFront.close(), obsFront.close()]);
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Registers the hooks (startProxiedCloud before all, close after all) and returns a handle to the cloud started. */
export function useProxiedCloud(prefix: string): ProxiedCloud {
  let started: ProxiedCloud | undefined;
  beforeAll(async () => {
    started = await startProxiedCloud(prefix);
  });
  afterAll(() => started?.close());
  return handleTo(() => started, 'cloud');
}
