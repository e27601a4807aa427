/**
 * The download as on a runner behind a proxy: only `region: eu-de` is given, so the action dials the real host
 * names, DLI's and the bucket's virtual-hosted OBS name; the forward proxy maps them to TLS fronts (certificates
 * from a test CA, `*.obs.eu-de.otc.t-systems.com` for OBS) in front of the emulator.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUCKET_HOST, DLI_HOST, useProxiedCloud } from '../support/proxied-cloud.ts';
import { accessKeyInputs, runAction } from './run-action.ts';

const cloud = useProxiedCloud('dli-download-network-');

describe('through an HTTPS proxy, with a private CA', () => {
  it('downloads from https://dli-backups.obs.eu-de.otc.t-systems.com/{key}, virtual-hosted, certificate verified', async () => {
    const workspace = join(cloud.dir, 'workspace');
    const run = await runAction({
      inputs: accessKeyInputs({ region: 'eu-de', 'job-ids': '146', 'download-dir': 'exports' }),
      env: { HTTPS_PROXY: cloud.proxy.url, NODE_EXTRA_CA_CERTS: cloud.pki.caCertPath, GITHUB_WORKSPACE: workspace },
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(cloud.proxy.log.map((entry) => [entry.method, entry.target, entry.status])).toEqual([
      ['CONNECT', `${DLI_HOST}:443`, 200],
      ['CONNECT', `${BUCKET_HOST}:443`, 200],
    ]);
    const zip = cloud.emulator.exports[0]?.zipFile ?? '';
    expect(cloud.emulator.obs.requests).toHaveLength(1);
    expect(cloud.emulator.obs.requests[0]).toMatchObject({
      host: BUCKET_HOST,
      addressing: 'virtual-hosted',
      bucket: 'dli-backups',
      path: `/${zip.slice('dli-backups/'.length)}`,
      accepted: true,
      status: 200,
    });
    const path = JSON.parse(run.outputs.files ?? '[]')[0];
    expect(path).toBe(join(workspace, 'exports', zip.slice(zip.lastIndexOf('/') + 1)));
    expect(await readFile(path)).toEqual(cloud.emulator.obs.objects.get(zip)?.body);
  });
});
