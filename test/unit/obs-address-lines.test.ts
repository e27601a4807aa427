/** Why a ZIP cannot be addressed, read whole, and the split of `bucket/key` at its edges. */
import { describe, expect, it } from 'vitest';
import { objectAddress, obsEndpoint, splitObjectPath, virtualHostProblem } from '../../src/obs/address.ts';

const OTC = obsEndpoint(new URL('https://obs.eu-de.otc.t-systems.com'));

describe('addressing problems, whole', () => {
  it('a bucket with a dot', () => {
    expect(virtualHostProblem('my.bucket', OTC)).toBe(
      `bucket "my.bucket" contains a dot, so its host name my.bucket.obs.eu-de.otc.t-systems.com does not match OBS's wildcard certificate *.obs.eu-de.otc.t-systems.com, and OBS allows no path-style requests on its domain endpoints; copy the export to a bucket without dots in its name, or download it another way`,
    );
    expect(virtualHostProblem('my-bucket', OTC)).toBeUndefined();
  });

  it.each(['b/./a.zip', 'b/x/..', 'b/../a.zip'])('%s has a dot segment', (path) => {
    const key = path.slice(2);
    expect(objectAddress(path, OTC)).toEqual({
      ok: false,
      problem: `object key ${JSON.stringify(key)} has a "." or ".." segment, which URLs cannot carry unchanged`,
    });
  });

  it('dots inside a segment are fine', () => {
    expect(objectAddress('b/.hidden/a..zip', OTC)).toMatchObject({ ok: true });
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
    const result = objectAddress('b1/k.zip', obsEndpoint(new URL('https://obs.example.com:8443/ignored')));
    expect(result.ok && result.address.url.href).toBe('https://b1.obs.example.com:8443/k.zip');
  });
});
