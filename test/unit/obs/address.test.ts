/** Why a ZIP cannot be addressed, read whole, and the split of `bucket/key` at its edges. */
import { describe, expect, it } from 'vitest';
import { REGIONS, resolveObsEndpoint } from '../../../src/cloud/endpoints.ts';
import { objectAddress, obsEndpoint, virtualHostProblem } from '../../../src/obs/address.ts';
import { splitObjectPath } from '../../../src/obs/paths.ts';

describe('obs-address: messages read whole', () => {
  const OTC = obsEndpoint(new URL('https://obs.eu-de.otc.t-systems.com'));

  describe('addressing problems, whole', () => {
    it('a bucket with a dot', () => {
      expect(virtualHostProblem('my.bucket', OTC)).toBe(
        `bucket "my.bucket" contains a dot, so its host name my.bucket.obs.eu-de.otc.t-systems.com does not match OBS's wildcard certificate *.obs.eu-de.otc.t-systems.com, and OBS allows no path-style requests on its domain endpoints; copy the export to a bucket without dots in its name, or download it another way`,
      );
      expect(virtualHostProblem('my-bucket', OTC)).toBeUndefined();
    });

    it.each(['bkt/./a.zip', 'bkt/x/..', 'bkt/../a.zip'])('%s has a dot segment', (path) => {
      const key = path.slice(4);
      expect(objectAddress(path, OTC)).toEqual({
        ok: false,
        problem: `object key ${JSON.stringify(key)} has a "." or ".." segment, which URLs cannot carry unchanged`,
      });
    });

    it('dots inside a segment are fine', () => {
      expect(objectAddress('bkt/.hidden/a..zip', OTC)).toMatchObject({ ok: true });
    });

    it.each(['nokey', '/a.zip', 'b/'])('%s is not a bucket/key path', (path) => {
      expect(objectAddress(path, OTC)).toEqual({
        ok: false,
        problem: `${JSON.stringify(path)} is not a bucket/key path`,
      });
    });

    it('the first slash splits; later ones stay in the key', () => {
      expect(splitObjectPath('b/a/c.zip')).toEqual({ bucket: 'b', key: 'a/c.zip' });
      expect(splitObjectPath('b/x')).toEqual({ bucket: 'b', key: 'x' });
    });

    it('an https endpoint keeps its port in the virtual host', () => {
      const result = objectAddress('b11/k.zip', obsEndpoint(new URL('https://obs.example.com:8443/ignored')));
      expect(result.ok && result.address.url.href).toBe('https://b11.obs.example.com:8443/k.zip');
    });
  });
});

/** Where each exported ZIP is fetched from: virtual-hosted over https, path-style only on loopback http. */
describe('obs-address', () => {
  const OTC = obsEndpoint(new URL('https://obs.eu-de.otc.t-systems.com'));
  const LOCAL = obsEndpoint(new URL('http://127.0.0.1:9000'));

  describe('OBS endpoint per region', () => {
    it.each([
      ['eu-de', 'https://obs.eu-de.otc.t-systems.com'],
      ['eu-nl', 'https://obs.eu-nl.otc.t-systems.com'],
      ['eu-ch2', 'https://obs.eu-ch2.sc.otc.t-systems.com'],
      ['eu-west-101', 'https://obs.eu-west-101.myhuaweicloud.eu'],
      ['ap-southeast-1', 'https://obs.ap-southeast-1.myhuaweicloud.com'],
      ['cn-north-4', 'https://obs.cn-north-4.myhuaweicloud.com'],
    ])('%s -> %s', (region, url) => {
      expect(resolveObsEndpoint(region, undefined)).toEqual({ ok: true, url: new URL(url) });
    });

    it('every region in the table has an OBS endpoint of the obs.{region} form', () => {
      for (const [region, endpoints] of Object.entries(REGIONS)) {
        expect(endpoints.obs).toMatch(new RegExp(`^https://obs\\.${region}\\.`));
      }
    });

    it('obs-endpoint overrides the region; http only to loopback', () => {
      expect(resolveObsEndpoint('eu-de', 'https://obs.example.com')).toEqual({
        ok: true,
        url: new URL('https://obs.example.com'),
      });
      expect(resolveObsEndpoint(undefined, 'http://127.0.0.1:1234')).toMatchObject({ ok: true });
      expect(resolveObsEndpoint(undefined, 'http://obs.example.com')).toMatchObject({
        ok: false,
        problem: expect.stringMatching(/must use https/),
      });
    });

    it('no region and no obs-endpoint: says what to set', () => {
      expect(resolveObsEndpoint(undefined, undefined)).toMatchObject({
        ok: false,
        problem: expect.stringMatching(/set `region`.*or `obs-endpoint`/),
      });
      expect(resolveObsEndpoint('mars-1', undefined)).toMatchObject({
        ok: false,
        problem: expect.stringMatching(/"mars-1" is not one/),
      });
    });
  });

  describe('object addresses', () => {
    it('virtual-hosted over https: https://{bucket}.{host}/{key}', () => {
      const result = objectAddress('obs-test/dir/aggregate_1582677879475.zip', OTC);
      expect(result).toMatchObject({ ok: true });
      if (!result.ok) return;
      expect(result.address.url.href).toBe(
        'https://obs-test.obs.eu-de.otc.t-systems.com/dir/aggregate_1582677879475.zip',
      );
      expect(result.address).toMatchObject({
        bucket: 'obs-test',
        key: 'dir/aggregate_1582677879475.zip',
        resource: '/obs-test/dir/aggregate_1582677879475.zip',
      });
    });

    it('path-style for http on loopback', () => {
      const result = objectAddress('obs-test/a.zip', LOCAL);
      expect(result.ok && result.address.url.href).toBe('http://127.0.0.1:9000/obs-test/a.zip');
      expect(LOCAL.pathStyle).toBe(true);
      expect(obsEndpoint(new URL('https://127.0.0.1:9000')).pathStyle).toBe(false);
    });

    it('keys with spaces, +, % and unicode are encoded the same in the URL and the signed resource', () => {
      const result = objectAddress('b-1/my dir/a+b 100%/Ü.zip', OTC);
      if (!result.ok) throw new Error(result.problem);
      expect(result.address.url.pathname).toBe('/my%20dir/a%2Bb%20100%25/%C3%9C.zip');
      expect(result.address.resource).toBe('/b-1/my%20dir/a%2Bb%20100%25/%C3%9C.zip');
      expect(result.address.key).toBe('my dir/a+b 100%/Ü.zip');
    });

    it('a bucket with a dot is refused over https, before anything is sent, saying why', () => {
      const result = objectAddress('my.bucket/a.zip', OTC);
      expect(result).toMatchObject({
        ok: false,
        problem: expect.stringMatching(/contains a dot.*wildcard certificate/),
      });
      expect(objectAddress('my.bucket/a.zip', LOCAL)).toMatchObject({ ok: true });
    });

    it('rejects paths without a key and keys with dot segments', () => {
      expect(objectAddress('bucket-only', OTC)).toMatchObject({ ok: false });
      expect(objectAddress('bucket/', OTC)).toMatchObject({ ok: false });
      expect(objectAddress('bucket/a/../b.zip', OTC)).toMatchObject({
        ok: false,
        problem: expect.stringMatching(/".."/),
      });
      expect(splitObjectPath('/x')).toBeUndefined();
    });
  });
});

describe('obs-address: built with the URL API, never sent elsewhere', () => {
  const OTC = obsEndpoint(new URL('https://obs.eu-de.otc.t-systems.com'));
  const LOCAL = obsEndpoint(new URL('http://127.0.0.1:9000'));

  // Forms that a string-built URL would send to another host: refused before any request.
  it.each([
    ['2130706433:9000?/x.zip', '"2130706433:9000?"'],
    ['intranet#/a.zip', '"intranet#"'],
    ['2852039166:80?/x.zip', '"2852039166:80?"'],
    ['user@evil.example/a.zip', '"user@evil.example"'],
    ['evil.example:443/a.zip', '"evil.example:443"'],
  ])('%s is refused, at either endpoint', (path, bucket) => {
    for (const endpoint of [OTC, LOCAL]) {
      const result = objectAddress(path, endpoint);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.problem).toContain(`bucket ${bucket}`);
    }
  });

  it('the URL is exactly the endpoint host (path-style) or the bucket under it, with the encoded key as its path', () => {
    const virtual = objectAddress('my-bucket/a b/#?.zip', OTC);
    expect(virtual.ok && virtual.address.url.href).toBe(
      'https://my-bucket.obs.eu-de.otc.t-systems.com/a%20b/%23%3F.zip',
    );
    const path = objectAddress('my-bucket/a b/#?.zip', LOCAL);
    expect(path.ok && path.address.url.href).toBe('http://127.0.0.1:9000/my-bucket/a%20b/%23%3F.zip');
    expect(path.ok && path.address.url.search).toBe('');
    expect(path.ok && path.address.url.hash).toBe('');
  });
});
