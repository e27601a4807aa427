/** The emulated OBS: its own signature verifier pinned to the published vectors, addressing, operations, faults. */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { md5Etag, type ObsEmulator, startObs } from './obs.ts';
import { obsSign, obsStringToSign } from './obs-signature.ts';
import { buildZip } from './zip.ts';

describe('emulator OBS signature verifier (independent of src/)', () => {
  const base = {
    method: 'GET',
    headers: { 'content-md5': 'abc', 'content-type': 'text/plain', date: 'Mon, 15 Aug 2022 16:50:12 GMT' },
  };
  it.each([
    ['object', { bucket: 'bucket', rawKey: 'object.txt', rawQuery: '' }, '9gUZ4ol2W19LyYcc92Bu3U0V09E='],
    [
      'object ?name=hello',
      { bucket: 'bucket', rawKey: 'object.txt', rawQuery: 'name=hello' },
      'EaTKiO1Qh5KFUvWAVvbCNGktJUY=',
    ],
    ['bucket ?name=hello', { bucket: 'bucket', rawKey: '', rawQuery: 'name=hello' }, '9OdOsf8PRdhGhpkp7IIbKE0kRvA='],
  ])('published vector: %s', (_name, target, signature) => {
    expect(obsSign('123456', obsStringToSign({ ...base, ...target }))).toBe(signature);
  });

  it('the AWS signature V2 example', () => {
    const text = obsStringToSign({
      method: 'GET',
      headers: { date: 'Tue, 27 Mar 2007 19:36:42 +0000' },
      bucket: 'johnsmith',
      rawKey: 'photos/puppy.jpg',
      rawQuery: 'prefix=x&max-keys=3',
    });
    expect(text).toBe('GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg');
    expect(obsSign('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', text)).toBe('bWq2s1WEIj+Ydj0vQ697zp+IXMU=');
  });
});

describe('emulator ZIP', () => {
  it('writes a ZIP with stored entries whose names and contents read back', () => {
    const zip = buildZip([{ name: '146.json', content: Buffer.from('{"a":1}') }]);
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    expect(zip.subarray(30, 38).toString()).toBe('146.json');
    expect(zip.subarray(38, 45).toString()).toBe('{"a":1}');
    expect(zip.readUInt32LE(zip.length - 22)).toBe(0x06054b50);
  });
});

const AK = 'AKLONG';
const SK = 'sk-long';
let obs: ObsEmulator;
let now = new Date('2026-11-28T12:00:00Z');

beforeAll(async () => {
  obs = await startObs({ credentials: { [AK]: SK }, buckets: ['bkt'], now: () => now });
});
afterAll(() => obs.close());
beforeEach(() => {
  obs.reset();
  now = new Date('2026-11-28T12:00:00Z');
  obs.putObject('bkt/dir/a b+c.zip', Buffer.from('0123456789'));
});

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A signed request; `host` as the client puts it in the Host header. */
function send(options: {
  method?: string;
  host?: string;
  path: string;
  signedPath?: { bucket: string; rawKey: string; rawQuery?: string };
  key?: { ak: string; sk: string; token?: string };
  headers?: Record<string, string>;
  date?: Date;
  /** A request body (PUT); sent with Content-Length unless `chunked`. */
  body?: Buffer;
  chunked?: boolean;
}): Promise<Sent> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { 'x-obs-date': (options.date ?? now).toUTCString(), ...options.headers };
  const key = options.key ?? { ak: AK, sk: SK };
  if (key.token) headers['x-obs-security-token'] = key.token;
  if (options.signedPath) {
    const text = obsStringToSign({ method, headers, rawQuery: '', ...options.signedPath });
    headers.authorization = `OBS ${key.ak}:${obsSign(key.sk, text)}`;
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: obs.port,
        method,
        path: options.path,
        headers: { ...headers, host: options.host ?? `127.0.0.1:${obs.port}` },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.chunked) req.setHeader('transfer-encoding', 'chunked');
    else if (options.body) req.setHeader('content-length', String(options.body.length));
    req.end(options.body);
  });
}

const signed = (rawKey: string, rawQuery = '') => ({ bucket: 'bkt', rawKey, rawQuery });

describe('emulator OBS operations', () => {
  it('GET path-style on loopback, with the key percent-encoded in path and signature', async () => {
    const res = await send({ path: '/bkt/dir/a%20b%2Bc.zip', signedPath: signed('dir/a%20b%2Bc.zip') });
    expect(res).toMatchObject({ status: 200, body: '0123456789' });
    expect(res.headers.etag).toBe(md5Etag(Buffer.from('0123456789')));
    expect(obs.requests[0]).toMatchObject({ addressing: 'path-style', key: 'dir/a b+c.zip', accepted: true });
  });

  it('GET virtual-hosted by Host {bucket}.obs.{region}…', async () => {
    const res = await send({
      host: 'bkt.obs.eu-de.otc.t-systems.com',
      path: '/dir/a%20b%2Bc.zip',
      signedPath: signed('dir/a%20b%2Bc.zip'),
    });
    expect(res.status).toBe(200);
    expect(obs.requests[0]).toMatchObject({ addressing: 'virtual-hosted', bucket: 'bkt' });
  });

  it('path-style on a domain endpoint: 403 VirtualHostDomainRequired', async () => {
    const res = await send({ host: 'obs.eu-de.otc.t-systems.com', path: '/bkt/x', signedPath: signed('x') });
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>VirtualHostDomainRequired</Code>');
  });

  it('HEAD and Range', async () => {
    const head = await send({
      method: 'HEAD',
      path: '/bkt/dir/a%20b%2Bc.zip',
      signedPath: signed('dir/a%20b%2Bc.zip'),
    });
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe('10');
    const range = await send({
      path: '/bkt/dir/a%20b%2Bc.zip',
      signedPath: signed('dir/a%20b%2Bc.zip'),
      headers: { range: 'bytes=2-4' },
    });
    expect(range).toMatchObject({ status: 206, body: '234' });
    expect(range.headers['content-range']).toBe('bytes 2-4/10');
    const suffix = await send({
      path: '/bkt/dir/a%20b%2Bc.zip',
      signedPath: signed('dir/a%20b%2Bc.zip'),
      headers: { range: 'bytes=-3' },
    });
    expect(suffix.body).toBe('789');
    const bad = await send({
      path: '/bkt/dir/a%20b%2Bc.zip',
      signedPath: signed('dir/a%20b%2Bc.zip'),
      headers: { range: 'bytes=20-' },
    });
    expect(bad.status).toBe(416);
  });

  it('ListObjects V1 with prefix, marker and max-keys', async () => {
    for (const name of ['dir/b.zip', 'dir/c.zip', 'other/d.zip']) obs.putObject(`bkt/${name}`, Buffer.from(name));
    const first = await send({
      path: '/bkt/?prefix=dir%2F&max-keys=2',
      signedPath: signed('', 'prefix=dir%2F&max-keys=2'),
    });
    expect(first.status).toBe(200);
    expect(first.body).toContain('<IsTruncated>true</IsTruncated>');
    expect(first.body).toContain('<NextMarker>dir/b.zip</NextMarker>');
    expect([...first.body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1])).toEqual(['dir/a b+c.zip', 'dir/b.zip']);
    const second = await send({ path: '/bkt/?prefix=dir%2F&marker=dir%2Fb.zip', signedPath: signed('') });
    expect([...second.body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1])).toEqual(['dir/c.zip']);
    expect(second.body).toContain('<IsTruncated>false</IsTruncated>');
    const v2 = await send({ path: '/bkt/?list-type=2', signedPath: signed('') });
    expect(v2.status).toBe(400);
  });

  it.each([
    ['no signature', { path: '/bkt/x' }, 'AccessDenied'],
    [
      'a wrong secret key',
      { path: '/bkt/dir/a%20b%2Bc.zip', signedPath: signed('dir/a%20b%2Bc.zip'), key: { ak: AK, sk: 'wrong' } },
      'SignatureDoesNotMatch',
    ],
    [
      'a key signed unencoded but sent encoded',
      { path: '/bkt/dir/a%20b%2Bc.zip', signedPath: signed('dir/a b+c.zip') },
      'SignatureDoesNotMatch',
    ],
    [
      'an unknown access key',
      { path: '/bkt/x', signedPath: signed('x'), key: { ak: 'NOPE', sk: SK } },
      'InvalidAccessKeyId',
    ],
    [
      'a date 16 minutes off',
      { path: '/bkt/x', signedPath: signed('x'), date: new Date('2026-11-28T12:16:01Z') },
      'RequestTimeTooSkewed',
    ],
  ])('403 for %s', async (_name, options, code) => {
    const res = await send(options);
    expect(res.status).toBe(403);
    expect(res.body).toContain(`<Code>${code}</Code>`);
    expect(res.body).toMatch(/<RequestId>[0-9A-F]+<\/RequestId>/);
    expect(res.headers['x-obs-request-id']).toBeDefined();
    expect(obs.requests[0]?.accepted).toBe(false);
  });

  it('temporary keys only with their security token', async () => {
    obs.addTemporaryKey('TMPAK', {
      secretKey: 'tmp-sk',
      securityToken: 'tok',
      expiresAt: new Date('2026-11-28T12:15:00Z'),
    });
    const key = { ak: 'TMPAK', sk: 'tmp-sk' };
    const path = { path: '/bkt/dir/a%20b%2Bc.zip', signedPath: signed('dir/a%20b%2Bc.zip') };
    expect((await send({ ...path, key: { ...key, token: 'tok' } })).status).toBe(200);
    expect((await send({ ...path, key })).body).toContain('<Code>InvalidAccessKeyId</Code>');
    expect((await send({ ...path, key: { ...key, token: 'other' } })).body).toContain('<Code>InvalidToken</Code>');
    now = new Date('2026-11-28T12:15:00Z');
    expect((await send({ ...path, key: { ...key, token: 'tok' } })).body).toContain('has expired');
  });

  it('404 NoSuchKey and NoSuchBucket', async () => {
    expect((await send({ path: '/bkt/nope', signedPath: signed('nope') })).body).toContain('<Code>NoSuchKey</Code>');
    const other = await send({ path: '/zzz/a', signedPath: { bucket: 'zzz', rawKey: 'a' } });
    expect(other.body).toContain('<Code>NoSuchBucket</Code>');
  });

  it('scripted faults apply to object GETs in order: missing, wrong ETag, error, then normal', async () => {
    obs.script([
      { kind: 'missing' },
      { kind: 'wrong-etag' },
      { kind: 'error', status: 503, code: 'ServiceUnavailable' },
    ]);
    const get = () => send({ path: '/bkt/dir/a%20b%2Bc.zip', signedPath: signed('dir/a%20b%2Bc.zip') });
    expect((await get()).body).toContain('NoSuchKey');
    const wrong = await get();
    expect(wrong.body).toBe('0123456789');
    expect(wrong.headers.etag).not.toBe(md5Etag(Buffer.from('0123456789')));
    expect((await get()).status).toBe(503);
    expect((await get()).status).toBe(200);
    expect(obs.requests.map((r) => r.fault)).toEqual(['missing', 'wrong-etag', 'error', undefined]);
  });

  it('a truncated body announces the full length and closes early', async () => {
    obs.script([{ kind: 'truncate', bytes: 4 }]);
    await expect(send({ path: '/bkt/dir/a%20b%2Bc.zip', signedPath: signed('dir/a%20b%2Bc.zip') })).rejects.toThrow(
      /aborted|socket hang up|ECONNRESET/,
    );
  });
});

describe('emulator OBS PUT Object (uploading_an_object_put.rst, error_codes.rst)', () => {
  const zip = buildZip([{ name: '7.json', content: Buffer.from('{"job_id":"7","name":"fresh"}') }]);
  const md5 = (data: Buffer) => createHash('md5').update(data).digest('base64');
  const put = (body: Buffer, headers: Record<string, string> = {}, extra: Partial<Parameters<typeof send>[0]> = {}) =>
    send({
      method: 'PUT',
      path: '/bkt/restore/a.zip',
      signedPath: signed('restore/a.zip'),
      headers: { 'content-type': 'application/zip', 'content-md5': md5(body), ...headers },
      body,
      ...extra,
    });

  it('stores a signed PUT whose Content-MD5 matches, answering the MD5 as ETag', async () => {
    const res = await put(zip);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(md5Etag(zip));
    expect(res.headers['x-obs-server-side-encryption']).toBeUndefined();
    expect(obs.objects.get('bkt/restore/a.zip')).toMatchObject({ body: zip, contentType: 'application/zip' });
    expect(obs.requests.at(-1)).toMatchObject({ method: 'PUT', accepted: true, status: 200 });
  });

  it('signs Content-MD5 and Content-Type: a signature without them is refused', async () => {
    const headers = { 'x-obs-date': now.toUTCString() };
    const unsigned = obsSign(
      SK,
      obsStringToSign({ method: 'PUT', headers, bucket: 'bkt', rawKey: 'restore/a.zip', rawQuery: '' }),
    );
    const res = await put(zip, { ...headers, authorization: `OBS ${AK}:${unsigned}` }, { signedPath: undefined });
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(obs.objects.has('bkt/restore/a.zip')).toBe(false);
  });

  it('400 BadDigest when the bytes differ from Content-MD5; 400 InvalidDigest when it is no MD5', async () => {
    const bad = await put(zip, { 'content-md5': md5(Buffer.from('other bytes')) });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('<Code>BadDigest</Code>');
    const invalid = await put(zip, { 'content-md5': 'not-an-md5' });
    expect(invalid.body).toContain('<Code>InvalidDigest</Code>');
    expect(obs.objects.has('bkt/restore/a.zip')).toBe(false);
  });

  it('411 MissingContentLength without Content-Length', async () => {
    const res = await put(zip, {}, { chunked: true });
    expect(res.status).toBe(411);
    expect(res.body).toContain('<Code>MissingContentLength</Code>');
  });

  it('a bucket with default encryption: the ETag is not the MD5, and the encryption is named', async () => {
    obs.encryption.set('bkt', 'kms');
    try {
      const res = await put(zip);
      expect(res.status).toBe(200);
      expect(res.headers['x-obs-server-side-encryption']).toBe('kms');
      expect(res.headers['x-obs-server-side-encryption-kms-key-id']).toMatch(/:key\//);
      expect(res.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect(res.headers.etag).not.toBe(md5Etag(zip));
    } finally {
      obs.encryption.clear();
    }
  });

  it('faults: a 503, then a reset halfway through the body, then a wrong ETag; nothing stored until a PUT completes', async () => {
    obs.script([{ kind: 'error', status: 503, code: 'ServiceUnavailable' }, { kind: 'reset' }, { kind: 'wrong-etag' }]);
    expect((await put(zip)).status).toBe(503);
    await expect(put(zip)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(obs.objects.has('bkt/restore/a.zip')).toBe(false);
    const wrong = await put(zip);
    expect(wrong.status).toBe(200);
    expect(wrong.headers.etag).not.toBe(md5Etag(zip));
    expect(obs.requests.map((request) => request.fault)).toEqual(['error', 'reset', 'wrong-etag']);
  });
});
