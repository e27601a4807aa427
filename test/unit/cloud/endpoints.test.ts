/** Every endpoint problem read whole, and the IAM and OBS endpoints a region implies. */
import { describe, expect, it } from 'vitest';
import {
  isLoopback,
  parseEndpointUrl,
  REGIONS,
  resolveDliEndpoint,
  resolveIamEndpoint,
  resolveObsEndpoint,
} from '../../../src/cloud/endpoints.ts';

describe('endpoints: messages read whole', () => {
  describe('endpoint URLs, problem by problem', () => {
    it.each([
      ['dli.example.com', '"dli.example.com" is not a URL; expected e.g. https://dli.eu-de.otc.t-systems.com'],
      ['ftp://dli.example.com', 'must use https, got ftp'],
      ['http://dli.example.com', 'must use https (plain http is allowed only to a loopback address such as 127.0.0.1)'],
      ['https://user@dli.example.com', 'must not contain a user name or password'],
      ['https://:pw@dli.example.com', 'must not contain a user name or password'],
      [
        'https://dli.example.com:8443/v1.0',
        "must be the service's base URL without a path or query, e.g. https://dli.example.com:8443",
      ],
      [
        'https://dli.example.com/?x=1',
        "must be the service's base URL without a path or query, e.g. https://dli.example.com",
      ],
      [
        'https://dli.example.com/#top',
        "must be the service's base URL without a path or query, e.g. https://dli.example.com",
      ],
    ])('%s', (text, problem) => {
      expect(parseEndpointUrl(text)).toEqual({ ok: false, problem });
    });

    it('an accepted URL is its origin', () => {
      expect(parseEndpointUrl('https://dli.example.com:8443/')).toEqual({
        ok: true,
        url: new URL('https://dli.example.com:8443'),
      });
      expect(parseEndpointUrl('http://127.0.0.1:9000')).toEqual({ ok: true, url: new URL('http://127.0.0.1:9000') });
    });
  });

  describe('DLI endpoint problems', () => {
    it('neither region nor endpoint', () => {
      expect(resolveDliEndpoint(undefined, undefined)).toEqual({
        ok: false,
        input: 'region',
        problem: 'set `region` (for example eu-de or ap-southeast-1) or `endpoint` (the DLI endpoint URL)',
      });
    });

    it('an unknown region lists the known ones, sorted', () => {
      const result = resolveDliEndpoint('mars-1', undefined);
      expect(result).toEqual({
        ok: false,
        input: 'region',
        problem: `unknown region "mars-1"; known regions: ${Object.keys(REGIONS).sort().join(', ')}. For another region or a dedicated cloud, set \`endpoint\` to the DLI endpoint URL`,
      });
      expect(Object.keys(REGIONS).sort().slice(0, 2)).toEqual(['ae-ad-1', 'af-north-1']);
    });

    it('a region without DLI names its cloud', () => {
      expect(resolveDliEndpoint('eu-ch2', undefined)).toEqual({
        ok: false,
        input: 'region',
        problem: 'Open Telekom Cloud publishes no DLI endpoint for eu-ch2; set `endpoint` to the DLI endpoint URL',
      });
    });

    it('a bad endpoint is the endpoint’s problem, even with a good region', () => {
      expect(resolveDliEndpoint('eu-de', 'http://dli.example.com')).toMatchObject({ ok: false, input: 'endpoint' });
    });

    it('an endpoint with an unknown region or none: no cloud', () => {
      expect(resolveDliEndpoint('mars-1', 'https://dli.example.com')).toMatchObject({
        ok: true,
        region: 'mars-1',
        cloud: undefined,
      });
      expect(resolveDliEndpoint(undefined, 'https://dli.example.com')).toMatchObject({
        ok: true,
        region: undefined,
        cloud: undefined,
      });
      expect(resolveDliEndpoint('ap-southeast-3', 'https://dli.example.com')).toMatchObject({ cloud: 'Huawei Cloud' });
    });
  });

  describe('IAM and OBS endpoints', () => {
    it.each([
      ['eu-de', 'https://iam.eu-de.otc.t-systems.com', 'https://obs.eu-de.otc.t-systems.com'],
      ['eu-nl', 'https://iam.eu-nl.otc.t-systems.com', 'https://obs.eu-nl.otc.t-systems.com'],
      ['eu-ch2', 'https://iam-pub.eu-ch2.sc.otc.t-systems.com', 'https://obs.eu-ch2.sc.otc.t-systems.com'],
      ['eu-west-101', 'https://iam.eu-west-101.myhuaweicloud.eu', 'https://obs.eu-west-101.myhuaweicloud.eu'],
      ['tr-west-1', 'https://iam.tr-west-1.myhuaweicloud.com', 'https://obs.tr-west-1.myhuaweicloud.com'],
    ])('%s: IAM %s, OBS %s', (region, iam, obs) => {
      expect(resolveIamEndpoint(region, undefined)).toEqual({ ok: true, url: new URL(iam) });
      expect(resolveObsEndpoint(region, undefined)).toEqual({ ok: true, url: new URL(obs) });
    });

    it('the input wins over the region, and is checked like any endpoint', () => {
      expect(resolveIamEndpoint('eu-de', 'https://iam.example.com')).toEqual({
        ok: true,
        url: new URL('https://iam.example.com'),
      });
      expect(resolveObsEndpoint('eu-de', 'http://127.0.0.1:9')).toEqual({
        ok: true,
        url: new URL('http://127.0.0.1:9'),
      });
      expect(resolveIamEndpoint('eu-de', 'ftp://x')).toEqual({ ok: false, problem: 'must use https, got ftp' });
    });

    it('IAM unknown: says which region is not known, or only what to set', () => {
      expect(resolveIamEndpoint('mars-1', undefined)).toEqual({
        ok: false,
        problem:
          'password and OpenID Connect authentication need IAM: set `region` to a known region ("mars-1" is not one) or `iam-endpoint` to the IAM endpoint URL',
      });
      expect(resolveIamEndpoint(undefined, undefined)).toEqual({
        ok: false,
        problem:
          'password and OpenID Connect authentication need IAM: set `region` to a known region or `iam-endpoint` to the IAM endpoint URL',
      });
    });

    it('OBS unknown: the same, with an example', () => {
      expect(resolveObsEndpoint('mars-1', undefined)).toEqual({
        ok: false,
        problem:
          'downloads need OBS: set `region` to a known region ("mars-1" is not one) or `obs-endpoint` to the OBS endpoint URL, e.g. https://obs.eu-de.otc.t-systems.com',
      });
      expect(resolveObsEndpoint(undefined, undefined)).toEqual({
        ok: false,
        problem:
          'downloads need OBS: set `region` to a known region or `obs-endpoint` to the OBS endpoint URL, e.g. https://obs.eu-de.otc.t-systems.com',
      });
    });
  });
});

describe('endpoints', () => {
  describe('DLI endpoint from region or endpoint', () => {
    it.each([
      ['eu-de', 'https://dli.eu-de.otc.t-systems.com', 'Open Telekom Cloud'],
      ['ap-southeast-1', 'https://dli.ap-southeast-1.myhuaweicloud.com', 'Huawei Cloud'],
      ['cn-north-4', 'https://dli.cn-north-4.myhuaweicloud.com', 'Huawei Cloud'],
      ['eu-west-101', 'https://dli.eu-west-101.myhuaweicloud.eu', 'Huawei Cloud'],
      ['af-north-1', 'https://dli.af-north-1.myhuaweicloud.com', 'Huawei Cloud'],
    ])('region %s maps to %s (%s)', (region, url, cloud) => {
      const result = resolveDliEndpoint(region, undefined);
      expect(result).toMatchObject({ ok: true, source: 'region', cloud, region });
      if (result.ok) expect(result.url.origin).toBe(url);
    });

    it('an endpoint overrides the region', () => {
      const result = resolveDliEndpoint('eu-de', 'https://dli.internal.example.com');
      expect(result).toMatchObject({ ok: true, source: 'endpoint', region: 'eu-de' });
      if (result.ok) expect(result.url.href).toBe('https://dli.internal.example.com/');
    });

    it('an unknown region is an error that suggests `endpoint`', () => {
      const result = resolveDliEndpoint('mars-1', undefined);
      expect(result).toMatchObject({ ok: false, input: 'region' });
      if (!result.ok) expect(result.problem).toMatch(/unknown region "mars-1".*set `endpoint`/s);
    });

    it('eu-nl has no published DLI endpoint: asks for `endpoint`', () => {
      const result = resolveDliEndpoint('eu-nl', undefined);
      expect(result).toMatchObject({ ok: false, input: 'region' });
      if (!result.ok) expect(result.problem).toMatch(/no DLI endpoint for eu-nl/);
    });

    it('needs a region or an endpoint', () => {
      expect(resolveDliEndpoint(undefined, undefined)).toMatchObject({ ok: false, input: 'region' });
    });

    it.each([
      ['http to loopback', 'http://127.0.0.1:8080', true],
      ['http to localhost', 'http://localhost:1234/', true],
      ['http to [::1]', 'http://[::1]:9000', true],
      ['https anywhere', 'https://dli.example.com:8443', true],
      ['http to a remote host', 'http://dli.example.com', false],
      ['another scheme', 'ftp://dli.example.com', false],
      ['a path', 'https://dli.example.com/v1.0', false],
      ['a query', 'https://dli.example.com/?x=1', false],
      ['credentials in the URL', 'https://user:pw@dli.example.com', false],
      ['not a URL', 'dli.example.com', false],
    ])('endpoint with %s is accepted: %s', (_name, endpoint, ok) => {
      expect(resolveDliEndpoint(undefined, endpoint).ok).toBe(ok);
    });

    it.each([
      ['127.0.0.1', true],
      ['127.8.9.10', true],
      ['[::1]', true],
      ['localhost', true],
      ['128.0.0.1', false],
      ['localhost.example.com', false],
    ])('%s is loopback: %s', (host, expected) => {
      expect(isLoopback(host)).toBe(expected);
    });
  });
});
