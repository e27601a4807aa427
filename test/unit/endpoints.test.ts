import { describe, expect, it } from 'vitest';
import { isLoopback, resolveDliEndpoint } from '../../src/endpoints.ts';

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
