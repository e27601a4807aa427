/**
 * The upload as on a runner behind a proxy: only `region: eu-de` is given, so the action dials the real host names,
 * the bucket's virtual-hosted OBS name for the PUT and DLI's for the import; the forward proxy maps them to TLS
 * fronts (certificates from a test CA, `*.obs.eu-de.otc.t-systems.com` for OBS) in front of the emulator.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY } from '../emulator/server.ts';
import { buildZip } from '../emulator/zip.ts';
import { BUCKET_HOST, DLI_HOST, useProxiedCloud } from '../support/proxied-cloud.ts';
import { runAction } from './run-action.ts';

const cloud = useProxiedCloud('dli-upload-network-');

describe('through an HTTPS proxy, with a private CA', () => {
  it('PUTs to https://dli-backups.obs.eu-de.otc.t-systems.com/{key}, virtual-hosted, then imports that key once', async () => {
    const workspace = join(cloud.dir, 'workspace');
    await mkdir(join(workspace, 'release'), { recursive: true });
    const body = buildZip([
      { name: '77.json', content: Buffer.from('{"job_id":"77","name":"restored-through-proxy"}') },
    ]);
    await writeFile(join(workspace, 'release', 'orders v1.zip'), body);
    const run = await runAction({
      action: 'import',
      inputs: {
        'project-id': DEFAULT_PROJECT_ID,
        region: 'eu-de',
        'access-key': DEFAULT_ACCESS_KEY,
        'secret-key': DEFAULT_SECRET_KEY,
        'local-files': 'release/orders v1.zip',
        'upload-dir': 'dli-backups/restore',
      },
      env: { HTTPS_PROXY: cloud.proxy.url, NODE_EXTRA_CA_CERTS: cloud.pki.caCertPath, GITHUB_WORKSPACE: workspace },
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(cloud.proxy.log.map((entry) => [entry.method, entry.target, entry.status])).toEqual([
      ['CONNECT', `${BUCKET_HOST}:443`, 200],
      ['CONNECT', `${DLI_HOST}:443`, 200],
    ]);
    expect(cloud.emulator.obs.requests).toHaveLength(1);
    expect(cloud.emulator.obs.requests[0]).toMatchObject({
      method: 'PUT',
      host: BUCKET_HOST,
      addressing: 'virtual-hosted',
      bucket: 'dli-backups',
      path: '/restore/orders%20v1.zip',
      key: 'restore/orders v1.zip',
      accepted: true,
      status: 200,
    });
    expect(cloud.emulator.obs.requests[0]?.headers['content-md5']).toBe(
      createHash('md5').update(body).digest('base64'),
    );
    expect(cloud.emulator.obs.objects.get('dli-backups/restore/orders v1.zip')?.body).toEqual(body);
    const imports = cloud.emulator.requests.filter((request) => request.operation === 'import');
    expect(imports.map((request) => request.body)).toEqual([
      '{"zip_file":"dli-backups/restore/orders v1.zip","is_cover":false}',
    ]);
    expect(run.outputs.uploaded).toBe('["dli-backups/restore/orders v1.zip"]');
  });
});
