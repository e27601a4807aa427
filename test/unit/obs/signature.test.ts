/** OBS's header signature against the published vectors, and the key encoding the OBS SDK uses. */
import { describe, expect, it } from 'vitest';
import {
  canonicalHeaders,
  canonicalResource,
  encodeObjectKey,
  obsAuthHeaders,
  signString,
  stringToSign,
} from '../../../src/obs/signature.ts';

const PUBLISHED_HEADERS = { 'Content-MD5': 'abc', 'Content-Type': 'text/plain', Date: 'Mon, 15 Aug 2022 16:50:12 GMT' };

describe('published vectors (SK 123456, made with Huawei signature tool)', () => {
  it.each([
    ['object', canonicalResource('bucket', 'object.txt'), '9gUZ4ol2W19LyYcc92Bu3U0V09E='],
    [
      'object with sub-resource name=hello',
      canonicalResource('bucket', 'object.txt', new URLSearchParams('name=hello')),
      'EaTKiO1Qh5KFUvWAVvbCNGktJUY=',
    ],
    [
      'bucket with sub-resource name=hello',
      canonicalResource('bucket', '', new URLSearchParams('name=hello')),
      '9OdOsf8PRdhGhpkp7IIbKE0kRvA=',
    ],
  ])('%s', (_name, resource, signature) => {
    const text = stringToSign({ method: 'GET', headers: PUBLISHED_HEADERS, resource });
    expect(text).toBe(`GET\nabc\ntext/plain\nMon, 15 Aug 2022 16:50:12 GMT\n${resource}`);
    expect(signString('123456', text)).toBe(signature);
  });

  it('the AWS signature V2 documentation example (same algorithm)', () => {
    const text = stringToSign({
      method: 'GET',
      headers: { Date: 'Tue, 27 Mar 2007 19:36:42 +0000' },
      resource: canonicalResource('johnsmith', 'photos/puppy.jpg'),
    });
    expect(text).toBe('GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg');
    expect(signString('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', text)).toBe('bWq2s1WEIj+Ydj0vQ697zp+IXMU=');
  });
});

describe('string to sign', () => {
  it('with x-obs-date the Date line is empty, and x-obs-* headers are signed sorted, lower-case and trimmed (OBS docs, Table 3)', () => {
    const text = stringToSign({
      method: 'PUT',
      headers: {
        'content-type': 'text/plain',
        'X-OBS-Security-Token': ' YwkaRTbdY8g7q.... ',
        'x-obs-date': 'Tue, 15 Oct 2015 07:20:09 GMT',
        Date: 'ignored',
        'User-Agent': 'curl/7.15.5',
      },
      resource: canonicalResource('bucket', 'object.txt'),
    });
    expect(text).toBe(
      'PUT\n\ntext/plain\n\nx-obs-date:Tue, 15 Oct 2015 07:20:09 GMT\nx-obs-security-token:YwkaRTbdY8g7q....\n/bucket/object.txt',
    );
  });

  it('ordinary query parameters are not signed; sub-resources are, sorted', () => {
    const query = new URLSearchParams('prefix=a&versionId=xxx&max-keys=10&response-content-type=text/plain');
    expect(canonicalResource('bucket-test', 'object-test', query)).toBe(
      '/bucket-test/object-test?response-content-type=text/plain&versionId=xxx',
    );
    expect(canonicalResource('b', 'k', new URLSearchParams('acl'))).toBe('/b/k?acl');
  });

  it('only x-obs-* headers are canonical', () => {
    expect(canonicalHeaders({ Host: 'h', 'x-obs-meta-a': 'x', 'x-amz-date': 'y' })).toBe('x-obs-meta-a:x\n');
  });
});

describe('object keys are URI-encoded as the OBS SDK does', () => {
  it.each([
    ['plain', 'dir/aggregate_1582677879475.zip', 'dir/aggregate_1582677879475.zip'],
    ['space', 'my dir/a b.zip', 'my%20dir/a%20b.zip'],
    ['plus', 'a+b.zip', 'a%2Bb.zip'],
    ['percent', '100%.zip', '100%25.zip'],
    ['unicode', 'Übersicht/日本.zip', '%C3%9Cbersicht/%E6%97%A5%E6%9C%AC.zip'],
    ["!*'()", "x!*'().zip", 'x%21%2A%27%28%29.zip'],
    ['unreserved kept', 'a-b_c.d~e', 'a-b_c.d~e'],
    ['query-like', 'a?b=c&d#e', 'a%3Fb%3Dc%26d%23e'],
  ])('%s', (_name, key, encoded) => {
    expect(encodeObjectKey(key)).toBe(encoded);
  });
});

describe('obsAuthHeaders', () => {
  const now = new Date('2022-08-15T16:50:12Z');

  it('adds x-obs-date and an OBS Authorization over the encoded key', () => {
    const headers = obsAuthHeaders('GET', {}, '/bucket/a%20b.zip', { accessKey: 'AK', secretKey: 'SK' }, now);
    expect(headers['x-obs-date']).toBe('Mon, 15 Aug 2022 16:50:12 GMT');
    expect(headers['x-obs-security-token']).toBeUndefined();
    const expected = signString('SK', 'GET\n\n\n\nx-obs-date:Mon, 15 Aug 2022 16:50:12 GMT\n/bucket/a%20b.zip');
    expect(headers.Authorization).toBe(`OBS AK:${expected}`);
  });

  it('temporary keys send and sign x-obs-security-token', () => {
    const headers = obsAuthHeaders('GET', {}, '/b/k', { accessKey: 'TMP', secretKey: 'S', securityToken: 'TOK' }, now);
    expect(headers['x-obs-security-token']).toBe('TOK');
    const expected = signString(
      'S',
      'GET\n\n\n\nx-obs-date:Mon, 15 Aug 2022 16:50:12 GMT\nx-obs-security-token:TOK\n/b/k',
    );
    expect(headers.Authorization).toBe(`OBS TMP:${expected}`);
  });
});
