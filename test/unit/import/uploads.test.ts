/** The upload step's plan: each file's object under upload-dir, or one error naming every file that cannot go. */
import { describe, expect, it } from 'vitest';
import { planUploads } from '../../../src/import/uploads.ts';
import { obsEndpoint } from '../../../src/obs/address.ts';
import type { LocalZip } from '../../../src/obs/upload.ts';

const file = (name: string): LocalZip => ({
  path: `/ws/${name}`,
  name,
  size: 1,
  md5: 'a'.repeat(32),
  sha256: 'b'.repeat(64),
});
const https = obsEndpoint(new URL('https://obs.eu-de.otc.t-systems.com'));
const loopback = obsEndpoint(new URL('http://127.0.0.1:9000'));

describe('planUploads', () => {
  it('puts each file at <upload-dir>/<name>, virtual-hosted on a domain endpoint, key encoded as OBS signs it', () => {
    const [planned] = planUploads([file('orders v1+ü.zip')], { dir: 'dli-restore/flink', obs: https });
    expect(planned?.address).toEqual({
      bucket: 'dli-restore',
      key: 'flink/orders v1+ü.zip',
      url: new URL('https://dli-restore.obs.eu-de.otc.t-systems.com/flink/orders%20v1%2B%C3%BC.zip'),
      resource: '/dli-restore/flink/orders%20v1%2B%C3%BC.zip',
    });
  });

  it('a bucket alone: the key is the file name; path-style on a loopback endpoint', () => {
    const [planned] = planUploads([file('a.zip')], { dir: 'dli-restore', obs: loopback });
    expect(planned?.address.url.href).toBe('http://127.0.0.1:9000/dli-restore/a.zip');
  });

  it('names every file that cannot be addressed, and sends nothing', () => {
    expect(() =>
      planUploads([file('..'), file('ok.zip'), file(`${'x'.repeat(1020)}.zip`)], { dir: 'dli-restore/f', obs: https }),
    ).toThrow(
      /^Cannot upload local-files \(nothing was sent\): \/ws\/\.\.: object key "f\/\.\." has a "\." or "\.\." segment.*; \/ws\/x+\.zip: the object key f\/x+\.zip is longer than 1024 characters$/,
    );
  });

  it("a name with a control character or backslash (a folder's file) is refused as the zip-file input refuses it", () => {
    expect(() =>
      planUploads([file('a\nb.zip'), file('c\\d.zip'), file('ok.zip')], { dir: 'dli-restore/f', obs: https }),
    ).toThrow(
      /^Cannot upload local-files \(nothing was sent\): "\/ws\/a\\nb\.zip": "dli-restore\/f\/a\\nb\.zip" contains a control character or backslash; "\/ws\/c\\\\d\.zip": "dli-restore\/f\/c\\\\d\.zip" contains a control character or backslash$/,
    );
  });
});
