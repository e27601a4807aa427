/**
 * Differential check: for the requests this action really sends, our signer and the official Huawei Cloud SDK
 * core's AKSKSigner (a dev-only dependency) produce the same Authorization header.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { signWithAccessKey } from '../../../src/auth/access-key.ts';
import { buildExportRequest } from '../../../src/dli/export.ts';
import { listRequest } from '../../../src/dli/list.ts';
import type { HttpRequest } from '../../../src/http/transport.ts';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: { sign(request: unknown, credential: unknown): Record<string, string> };
};

const credentials = {
  mode: 'access-key' as const,
  source: 'test',
  accessKey: 'QTWAOYTTINDUT2QVKYUC',
  secretKey: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc',
};
const sdkCredential = { getAk: () => credentials.accessKey, getSk: () => credentials.secretKey };
const now = new Date('2026-11-26T10:11:12Z');

/** Signs `request` the SDK's way: the same headers before signing, the body as the SDK would serialise it. */
function sdkAuthorization(request: HttpRequest, signed: HttpRequest): string {
  const headers: Record<string, string> = {
    'Content-Type': request.headers['Content-Type'] ?? '',
    'X-Project-Id': request.headers['X-Project-Id'] ?? '',
    'X-Sdk-Date': signed.headers['X-Sdk-Date'] ?? '',
  };
  const result = AKSKSigner.sign(
    {
      endpoint: `${request.url.origin}${request.url.pathname}`,
      method: request.method,
      headers,
      queryParams: Object.fromEntries(request.url.searchParams),
      data: request.body === undefined ? undefined : JSON.parse(request.body),
    },
    sdkCredential,
  );
  return result.Authorization ?? '';
}

describe('our signature equals the Huawei Cloud SDK core signature', () => {
  it.each([
    [
      'the export of chosen jobs',
      buildExportRequest(new URL('https://dli.eu-de.otc.t-systems.com'), {
        projectId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
        obsDir: 'bucket/dir',
        jobIds: ['146', '2048'],
      }),
    ],
    [
      'the export of all jobs, on a non-default port',
      buildExportRequest(new URL('https://dli.example.com:8443'), { projectId: 'p-1', obsDir: 'b', jobIds: [] }),
    ],
    [
      'a page of the job list (query string)',
      { ...listRequest(new URL('https://dli.ap-southeast-1.myhuaweicloud.com'), 'abc', 300) },
    ],
  ])('%s', (_name, request) => {
    const signed = signWithAccessKey(request, credentials, now);
    expect(signed.headers.Authorization).toBe(sdkAuthorization(request, signed));
  });
});

describe('canonical form: query order and header whitespace', () => {
  const base = listRequest(new URL('https://dli.eu-de.otc.t-systems.com'), 'abc', 0);

  it('an unsorted query (keys and repeated values out of order) signs like the SDK, which sorts', () => {
    const url = new URL('https://dli.eu-de.otc.t-systems.com/v1.0/abc/streaming/jobs');
    url.search = 'order=asc&offset=200&limit=100&tag=b&tag=a&Zeta=1&alpha=x%20y';
    const request: HttpRequest = { ...base, url };
    const signed = signWithAccessKey(request, credentials, now);
    const query: Record<string, string | string[]> = {};
    for (const [key, value] of url.searchParams) {
      const previous = query[key];
      query[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
    }
    const expected = AKSKSigner.sign(
      {
        endpoint: `${url.origin}${url.pathname}`,
        method: 'GET',
        headers: {
          'Content-Type': 'application/json',
          'X-Project-Id': 'abc',
          'X-Sdk-Date': signed.headers['X-Sdk-Date'] ?? '',
        },
        queryParams: query,
      },
      sdkCredential,
    ).Authorization;
    expect(signed.headers.Authorization).toBe(expected);
  });

  it('header values with surrounding spaces sign as the trimmed values the gateway receives', () => {
    const request: HttpRequest = {
      ...base,
      headers: { 'Content-Type': '  application/json\t', 'X-Project-Id': ' abc ' },
    };
    const signed = signWithAccessKey(request, credentials, now);
    // HTTP drops the whitespace around a field value on the way, so the gateway verifies over trimmed values:
    // the SDK's signature over those is the one that must match.
    const trimmed = { ...base, headers: { 'Content-Type': 'application/json', 'X-Project-Id': 'abc' } };
    expect(signed.headers.Authorization).toBe(sdkAuthorization(trimmed, signed));
  });
});
