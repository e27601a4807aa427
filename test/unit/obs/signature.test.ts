/** OBS's header signature against the published vectors, and the key encoding the OBS SDK uses. */
import { createHash } from 'node:crypto';
import { Agent, createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectAddress, obsEndpoint } from '../../../src/obs/address.ts';
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

/**
 * The official OBS SDK (esdk-obs-nodejs) as an oracle: it sends GET, HEAD and PUT (with Content-MD5 and
 * Content-Type) virtual-hosted to a loopback server (its agent connects every host there); the action's URL and
 * signature for the same request must equal the SDK's. The SDK signs OBS-style only when virtual-hosted (path-style
 * makes it fall back to AWS V2), so the endpoint is a domain name.
 */
describe('the official OBS SDK agrees (esdk-obs-nodejs)', () => {
  interface Captured {
    method: string;
    url: string;
    headers: Record<string, string>;
  }
  const require = createRequire(import.meta.url);
  const ObsClient = require('esdk-obs-nodejs') as new (
    options: Record<string, unknown>,
  ) => {
    getObject(param: Record<string, unknown>): Promise<unknown>;
    getObjectMetadata(param: Record<string, unknown>): Promise<unknown>;
    putObject(param: Record<string, unknown>): Promise<unknown>;
    close(): void;
  };
  const captured: Captured[] = [];
  let server: Server;
  let agent: Agent;

  beforeAll(async () => {
    server = createServer((req, res) => {
      captured.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers as Record<string, string> });
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Length': '0', ETag: '"0"' });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    agent = new Agent();
    agent.createConnection = () => connect(port, '127.0.0.1');
  });
  afterAll(async () => {
    agent.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function sdkRequest(
    credentials: { accessKey: string; secretKey: string; securityToken?: string },
    send: (client: InstanceType<typeof ObsClient>) => Promise<unknown>,
  ): Promise<Captured> {
    captured.length = 0;
    const client = new ObsClient({
      access_key_id: credentials.accessKey,
      secret_access_key: credentials.secretKey,
      ...(credentials.securityToken ? { security_token: credentials.securityToken } : {}),
      server: 'http://obs.eu-de.otc.t-systems.com',
      http_agent: agent,
      is_signature_negotiation: false,
    });
    // The SDK sets itself up asynchronously after construction.
    await new Promise((resolve) => setTimeout(resolve, 50));
    try {
      await send(client);
    } finally {
      client.close();
    }
    expect(captured).toHaveLength(1);
    return captured[0] as Captured;
  }

  /** The action's URL and signature for what the SDK sent: same path, same host, same Authorization. */
  function expectSameAsAction(request: Captured, bucket: string, key: string, secretKey: string, accessKey: string) {
    const result = objectAddress(`${bucket}/${key}`, obsEndpoint(new URL('https://obs.eu-de.otc.t-systems.com')));
    if (!result.ok) throw new Error(result.problem);
    expect(request.url).toBe(result.address.url.pathname);
    expect(request.headers.host).toBe(result.address.url.hostname);
    const signed: Record<string, string> = {};
    for (const name of ['date', 'content-md5', 'content-type', 'x-obs-security-token']) {
      if (request.headers[name] !== undefined) signed[name] = request.headers[name];
    }
    const signature = signString(
      secretKey,
      stringToSign({ method: request.method, headers: signed, resource: result.address.resource }),
    );
    expect(request.headers.authorization).toBe(`OBS ${accessKey}:${signature}`);
  }

  const KEYS = [
    'exports/plain.zip',
    'my dir/a+b 100%/x.zip',
    "stars*and!bangs'(paren)s.zip",
    'ünïcödé/日本語 ファイル.zip',
    'tilde~and=equals&amp;;semi:colon@at$dollar,comma.zip',
  ];
  const LONG_TERM = { accessKey: 'AKORACLE', secretKey: 's3cr3t+/= key with spaces' };
  const TEMPORARY = { accessKey: 'TMPAKORACLE', secretKey: 'tmp-secret', securityToken: 'gQpzZWN1cml0eS10b2tlbg+/=' };
  /** Each key, signed once with long-term keys and once with temporary keys. */
  const EACH_KEY_WITH_EACH_KIND = KEYS.flatMap(
    (key) =>
      [
        [key, 'long-term keys', LONG_TERM],
        [key, 'temporary keys', TEMPORARY],
      ] as const,
  );

  it.each(EACH_KEY_WITH_EACH_KIND)('GET %s with %s', async (key, _kind, credentials) => {
    const request = await sdkRequest(credentials, (client) => client.getObject({ Bucket: 'my-bucket', Key: key }));
    expect(request.method).toBe('GET');
    if ('securityToken' in credentials) expect(request.headers['x-obs-security-token']).toBe(credentials.securityToken);
    expectSameAsAction(request, 'my-bucket', key, credentials.secretKey, credentials.accessKey);
  });

  it.each(KEYS.map((key) => [key] as const))('HEAD %s with temporary keys', async (key) => {
    const request = await sdkRequest(TEMPORARY, (client) =>
      client.getObjectMetadata({ Bucket: 'my-bucket', Key: key }),
    );
    expect(request.method).toBe('HEAD');
    expectSameAsAction(request, 'my-bucket', key, TEMPORARY.secretKey, TEMPORARY.accessKey);
  });

  it.each(EACH_KEY_WITH_EACH_KIND)('PUT %s with Content-MD5 and Content-Type, %s', async (key, _kind, credentials) => {
    const body = Buffer.from('PK\u0003\u0004 zip bytes');
    const md5 = createHash('md5').update(body).digest('base64');
    const request = await sdkRequest(credentials, (client) =>
      client.putObject({ Bucket: 'my-bucket', Key: key, Body: body, ContentMD5: md5, ContentType: 'application/zip' }),
    );
    expect(request.method).toBe('PUT');
    expect(request.headers['content-md5']).toBe(md5);
    expect(request.headers['content-type']).toBeDefined();
    expectSameAsAction(request, 'my-bucket', key, credentials.secretKey, credentials.accessKey);
  });

  it('the comparison can fail: another secret key gives another signature', async () => {
    const request = await sdkRequest(LONG_TERM, (client) => client.getObject({ Bucket: 'my-bucket', Key: KEYS[1] }));
    expect(() => expectSameAsAction(request, 'my-bucket', KEYS[1] as string, 'other', LONG_TERM.accessKey)).toThrow();
  });
});
