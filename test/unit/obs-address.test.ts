/** Where each exported ZIP is fetched from: virtual-hosted over https, path-style only on loopback http. */
import { describe, expect, it } from 'vitest';
import { REGIONS, resolveObsEndpoint } from '../../src/endpoints.ts';
import { objectAddress, obsEndpoint, splitObjectPath } from '../../src/obs/address.ts';

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
    expect(result).toMatchObject({ ok: false, problem: expect.stringMatching(/contains a dot.*wildcard certificate/) });
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
