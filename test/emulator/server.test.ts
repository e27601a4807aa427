import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { integerLiteral, JsonNumber, parseJsonExact } from './json.ts';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_PROJECT_ID,
  DEFAULT_SECRET_KEY,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from './server.ts';
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  computeSignature,
  type ReceivedRequest,
  sha256Hex,
  verifySignature,
} from './signature.ts';

const EMPTY = Buffer.alloc(0);

function authorization(ak: string, signedHeaders: string[], signature: string): string {
  return `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
}

/** Signs `req` over all its headers and returns it with the Authorization header added. */
function signed(req: ReceivedRequest, ak: string, sk: string): ReceivedRequest {
  const names = Object.keys(req.headers).sort();
  const signature = computeSignature({ ...req, signedHeaders: names }, sk, String(req.headers['x-sdk-date']));
  return { ...req, headers: { ...req.headers, authorization: authorization(ak, names, signature) } };
}

describe('signature: published vectors', () => {
  const vectorAk = 'QTWAOYTTINDUT2QVKYUC';
  const vectorSk = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
  const vectorDate = new Date(Date.UTC(2019, 10, 15, 3, 36, 55));
  const guide: ReceivedRequest = {
    method: 'GET',
    rawPath: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs',
    rawQuery: 'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
    headers: {
      'content-type': 'application/json',
      host: 'service.region.example.com',
      'x-sdk-date': '20191115T033655Z',
    },
    body: EMPTY,
  };
  const guideSignature = '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe';
  const guideSigned: ReceivedRequest = {
    ...guide,
    headers: {
      ...guide.headers,
      authorization: authorization(vectorAk, ['content-type', 'host', 'x-sdk-date'], guideSignature),
    },
  };
  const secretFor = (ak: string): string | undefined => (ak === vectorAk ? vectorSk : undefined);

  it('recomputes the signing guide vector (canonical request hash and signature)', () => {
    const input = { ...guide, signedHeaders: ['content-type', 'host', 'x-sdk-date'] };
    expect(sha256Hex(canonicalRequest(input))).toBe('b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a');
    expect(computeSignature(input, vectorSk, '20191115T033655Z')).toBe(guideSignature);
    const recomputed = signed(guide, vectorAk, vectorSk);
    expect(recomputed.headers.authorization).toBe(guideSigned.headers.authorization);
  });

  it('accepts the signing guide vector', () => {
    expect(verifySignature(guideSigned, secretFor, vectorDate)).toEqual({ ok: true, accessKey: vectorAk });
  });

  it('recomputes both Go SDK vectors', () => {
    const get = {
      method: 'GET',
      rawPath: '/path',
      rawQuery: 'limit=1',
      headers: { 'x-sdk-date': '20060102T150405Z' },
      body: EMPTY,
      signedHeaders: ['x-sdk-date'],
    };
    expect(computeSignature(get, 'SecretKey', '20060102T150405Z')).toBe(
      '5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624',
    );
    const post = { ...get, method: 'POST', rawQuery: 'key=value', body: Buffer.from('{"Name":"test","Id":1}\n') };
    expect(computeSignature(post, 'SecretKey', '20060102T150405Z')).toBe(
      'cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59',
    );
  });

  it('rejects the Go SDK vectors at the gateway: host is not signed', () => {
    const req: ReceivedRequest = {
      method: 'GET',
      rawPath: '/path',
      rawQuery: 'limit=1',
      headers: {
        host: 'example.huaweicloud.com',
        'x-sdk-date': '20060102T150405Z',
        authorization: authorization(
          'AccessKey',
          ['x-sdk-date'],
          '5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624',
        ),
      },
      body: EMPTY,
    };
    const result = verifySignature(req, () => 'SecretKey', new Date(Date.UTC(2006, 0, 2, 15, 4, 5)));
    expect(result).toMatchObject({ ok: false, status: 401, code: 'APIGW.0301' });
  });

  it('rejects a tampered body, header, path, query or date with APIGW.0301', () => {
    const tampered: ReceivedRequest[] = [
      { ...guideSigned, body: Buffer.from('{}') },
      { ...guideSigned, headers: { ...guideSigned.headers, 'content-type': 'text/plain' } },
      { ...guideSigned, headers: { ...guideSigned.headers, host: 'evil.example.com' } },
      { ...guideSigned, headers: { ...guideSigned.headers, 'x-sdk-date': '20191115T033656Z' } },
      { ...guideSigned, rawPath: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/x' },
      { ...guideSigned, rawQuery: 'limit=3&marker=13551d6b-755d-4757-b956-536f674975c0' },
      { ...guideSigned, method: 'POST' },
    ];
    for (const req of tampered) {
      expect(verifySignature(req, secretFor, vectorDate)).toEqual({
        ok: false,
        status: 401,
        code: 'APIGW.0301',
        message: 'Incorrect IAM authentication information: verify aksk signature fail',
      });
    }
  });

  it('ignores headers that are not signed', () => {
    const extra = { ...guideSigned, headers: { ...guideSigned.headers, 'user-agent': 'anything' } };
    expect(verifySignature(extra, secretFor, vectorDate).ok).toBe(true);
  });

  it('rejects clock skew beyond 15 minutes and malformed dates with APIGW.0303', () => {
    const late = new Date(vectorDate.getTime() + 15 * 60 * 1000 + 1000);
    const early = new Date(vectorDate.getTime() - 15 * 60 * 1000 - 1000);
    expect(verifySignature(guideSigned, secretFor, late)).toMatchObject({ ok: false, code: 'APIGW.0303' });
    expect(verifySignature(guideSigned, secretFor, early)).toMatchObject({ ok: false, code: 'APIGW.0303' });
    const edge = new Date(vectorDate.getTime() + 15 * 60 * 1000);
    expect(verifySignature(guideSigned, secretFor, edge).ok).toBe(true);
    for (const date of ['2019-11-15T03:36:55Z', '20191315T033655Z', '20191115T033655']) {
      const req = { ...guideSigned, headers: { ...guideSigned.headers, 'x-sdk-date': date } };
      expect(verifySignature(req, secretFor, vectorDate)).toMatchObject({ ok: false, code: 'APIGW.0303' });
    }
  });

  it('rejects unknown keys, missing or malformed authorization and missing signed headers', () => {
    expect(verifySignature(guideSigned, () => undefined, vectorDate)).toMatchObject({ code: 'APIGW.0301' });
    const cases: Array<Record<string, string | undefined>> = [
      { authorization: undefined },
      { authorization: `Bearer ${guideSignature}` },
      { authorization: authorization(vectorAk, ['content-type', 'x-sdk-date'], guideSignature) },
      { authorization: authorization(vectorAk, ['content-type', 'host'], guideSignature) },
      { authorization: authorization(vectorAk, ['Content-Type', 'host', 'x-sdk-date'], guideSignature) },
      { 'content-type': undefined },
    ];
    for (const change of cases) {
      const req = { ...guideSigned, headers: { ...guideSigned.headers, ...change } };
      expect(verifySignature(req, secretFor, vectorDate)).toMatchObject({ ok: false, status: 401, code: 'APIGW.0301' });
    }
  });

  it('uses UNSIGNED-PAYLOAD instead of the body hash when asked', () => {
    const req = signed(
      { ...guide, method: 'PUT', headers: { ...guide.headers, 'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD' } },
      vectorAk,
      vectorSk,
    );
    expect(verifySignature({ ...req, body: Buffer.from('any bytes') }, secretFor, vectorDate).ok).toBe(true);
  });
});

describe('signature: canonical forms', () => {
  it('re-encodes each path segment and appends a slash', () => {
    expect(canonicalUri('/v1.0/p/streaming/jobs')).toBe('/v1.0/p/streaming/jobs/');
    expect(canonicalUri('/a%20b/c d/%7e~/é/')).toBe('/a%20b/c%20d/~~/%C3%A9/');
    expect(canonicalUri('/a%2fb')).toBe('/a%2Fb/');
    expect(canonicalUri('')).toBe('/');
  });

  it('sorts decoded query pairs by key then value and re-encodes them', () => {
    expect(canonicalQuery('')).toBe('');
    expect(canonicalQuery('b=2&a=z&a=y&c')).toBe('a=y&a=z&b=2&c=');
    expect(canonicalQuery('name=a+b&x=%7e%2a')).toBe('name=a%20b&x=~%2A');
  });

  it('trims header values and joins canonical lines', () => {
    const text = canonicalRequest({
      method: 'get',
      rawPath: '/p',
      rawQuery: '',
      headers: { host: '  h:1 ', 'x-sdk-date': '20200101T000000Z' },
      body: EMPTY,
      signedHeaders: ['x-sdk-date', 'host'],
    });
    expect(text).toBe(`GET\n/p/\n\nhost:h:1\nx-sdk-date:20200101T000000Z\n\nhost;x-sdk-date\n${sha256Hex('')}`);
  });
});

describe('json: exact numbers', () => {
  it('keeps number literals as source text', () => {
    const parsed = parseJsonExact('{"ids":[9223372036854775807, 1.0, 1e3]}');
    expect(parsed).toEqual({
      ids: [new JsonNumber('9223372036854775807'), new JsonNumber('1.0'), new JsonNumber('1e3')],
    });
  });

  it('writes integer literals exactly', () => {
    expect(JSON.stringify({ id: integerLiteral('9223372036854775807') })).toBe('{"id":9223372036854775807}');
    expect(() => integerLiteral('1.5')).toThrow();
  });
});

// --- the HTTP emulator -------------------------------------------------------------------------

interface CallOptions {
  method?: string;
  /** Path and query, relative to the project (e.g. "/streaming/jobs?limit=1"). */
  path: string;
  body?: string;
  headers?: Record<string, string>;
  accessKey?: string;
  secretKey?: string;
  date?: Date;
  /** Modifies the request after signing. */
  tamper?: (req: { body: string; headers: Record<string, string> }) => void;
  projectId?: string;
  signal?: AbortSignal;
}

function sdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

interface ApiBody {
  error_code?: string;
  error_msg?: string;
  request_id?: string;
  is_success?: boolean | string;
  message?: string;
  zip_file?: string[];
  job_list?: { total_count: number; jobs: Array<{ name: string }> };
}

interface ApiResponse {
  status: number;
  text: string;
  headers: Headers;
  /** The parsed body, or {} when it is not JSON. */
  json: ApiBody;
}

async function call(emulator: Emulator, options: CallOptions): Promise<ApiResponse> {
  const method = options.method ?? 'GET';
  const fullPath = `/v1.0/${options.projectId ?? DEFAULT_PROJECT_ID}${options.path}`;
  const [rawPath = '', rawQuery = ''] = fullPath.split('?');
  const headers: Record<string, string> = {
    host: `127.0.0.1:${emulator.port}`,
    'x-sdk-date': sdkDate(options.date ?? new Date()),
    ...options.headers,
  };
  const body = options.body ?? '';
  const names = Object.keys(headers).sort();
  const signature = computeSignature(
    { method, rawPath, rawQuery, headers, body: Buffer.from(body), signedHeaders: names },
    options.secretKey ?? DEFAULT_SECRET_KEY,
    headers['x-sdk-date'] ?? '',
  );
  const request = {
    body,
    headers: { ...headers, authorization: authorization(options.accessKey ?? DEFAULT_ACCESS_KEY, names, signature) },
  };
  options.tamper?.(request);
  const response = await fetch(`${emulator.url}${fullPath}`, {
    method,
    headers: request.headers,
    ...(method === 'GET' ? {} : { body: request.body }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const text = await response.text();
  let json: ApiBody;
  try {
    json = JSON.parse(text) as ApiBody;
  } catch {
    json = {};
  }
  return { status: response.status, text, headers: response.headers, json };
}

function exportCall(emulator: Emulator, body: string, extra: Partial<CallOptions> = {}) {
  return call(emulator, {
    method: 'POST',
    path: '/streaming/jobs/export',
    body,
    headers: { 'content-type': 'application/json', 'x-project-id': DEFAULT_PROJECT_ID },
    ...extra,
  });
}

describe('emulator server', () => {
  let emulator: Emulator;
  const fixedNow = new Date('2026-03-01T12:00:00.000Z');
  const start = async (options: EmulatorOptions = {}): Promise<void> => {
    await emulator?.close();
    emulator = await startEmulator({ now: () => fixedNow, ...options });
  };

  beforeEach(async () => {
    emulator = await startEmulator({ now: () => fixedNow });
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('exports selected jobs, 64-bit IDs exactly', async () => {
    const body = '{"obs_dir":"dli-backups/flink","is_selected":true,"job_selected":[9223372036854775807,146]}';
    const response = await exportCall(emulator, body, { date: fixedNow });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(response.json).toEqual({
      is_success: true,
      message: 'Exported 2 job(s) successfully',
      zip_file: [`dli-backups/flink/aggregate_${fixedNow.getTime()}.zip`],
    });
    expect(emulator.exports).toEqual([
      {
        obsDir: 'dli-backups/flink',
        selected: true,
        jobIds: ['9223372036854775807', '146'],
        zipFile: `dli-backups/flink/aggregate_${fixedNow.getTime()}.zip`,
      },
    ]);
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({
      method: 'POST',
      path: `/v1.0/${DEFAULT_PROJECT_ID}/streaming/jobs/export`,
      query: '',
      body,
      operation: 'export',
      accepted: true,
      status: 200,
    });
    expect(emulator.requests[0]?.headers['x-project-id']).toBe(DEFAULT_PROJECT_ID);
  });

  it('exports every job when is_selected is false, and can say is_success as a string', async () => {
    await start({ isSuccessAsString: true });
    const response = await exportCall(emulator, '{"obs_dir":"obs-test","is_selected":false}', { date: fixedNow });
    expect(response.status).toBe(200);
    expect(response.json.is_success).toBe('true');
    expect(response.json.message).toBe('Exported 5 job(s) successfully');
    expect(emulator.exports[0]?.jobIds).toHaveLength(5);
  });

  it('rejects a tampered body at the gateway, without reaching DLI', async () => {
    const response = await exportCall(emulator, '{"obs_dir":"obs-test","is_selected":true,"job_selected":[146]}', {
      date: fixedNow,
      tamper: (req) => {
        req.body = req.body.replace('146', '2048');
      },
    });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      error_code: 'APIGW.0301',
      error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
      request_id: response.headers.get('x-request-id'),
    });
    expect(emulator.requests[0]?.accepted).toBe(false);
    expect(emulator.exports).toEqual([]);
  });

  it('rejects a wrong secret key and clock skew', async () => {
    const wrongKey = await exportCall(emulator, '{}', { date: fixedNow, secretKey: 'nope' });
    expect(wrongKey.json.error_code).toBe('APIGW.0301');
    const skewed = await exportCall(emulator, '{}', { date: new Date(fixedNow.getTime() - 16 * 60 * 1000) });
    expect(skewed.status).toBe(401);
    expect(skewed.json.error_code).toBe('APIGW.0303');
  });

  it('validates the export body like DLI', async () => {
    const cases: Array<[string, string]> = [
      ['not json', 'DLI.0001'],
      ['[]', 'DLI.0001'],
      ['{"is_selected":false}', 'DLI.0001'],
      ['{"obs_dir":"","is_selected":false}', 'DLI.0001'],
      ['{"obs_dir":"obs://obs-test/dir","is_selected":false}', 'DLI.0001'],
      ['{"obs_dir":"obs-test/dir/","is_selected":false}', 'DLI.0001'],
      ['{"obs_dir":"obs-test","is_selected":"true","job_selected":[146]}', 'DLI.0001'],
      ['{"obs_dir":"obs-test","is_selected":true}', 'DLI.0001'],
      ['{"obs_dir":"obs-test","is_selected":true,"job_selected":[]}', 'DLI.0001'],
      ['{"obs_dir":"obs-test","is_selected":true,"job_selected":["146"]}', 'DLI.0001'],
      ['{"obs_dir":"obs-test","is_selected":true,"job_selected":[146.0]}', 'DLI.0001'],
      ['{"obs_dir":"obs-test","is_selected":true,"job_selected":[1.46e2]}', 'DLI.0001'],
      ['{"obs_dir":"obs-test","is_selected":true,"job_selected":[-146]}', 'DLI.0001'],
      ['{"obs_dir":"obs-test","is_selected":true,"job_selected":[0]}', 'DLI.0001'],
      ['{"obs_dir":"obs-test","is_selected":true,"job_selected":[9223372036854775808]}', 'DLI.0001'],
      ['{"obs_dir":"obs-test","is_selected":true,"job_selected":[9223372036854775806]}', 'DLI.0002'],
      ['{"obs_dir":"no-such-bucket/dir","is_selected":true,"job_selected":[146]}', 'DLI.0002'],
    ];
    for (const [body, code] of cases) {
      const response = await exportCall(emulator, body, { date: fixedNow });
      expect({ body, status: response.status, code: response.json.error_code }).toEqual({ body, status: 400, code });
      expect(typeof response.json.error_msg).toBe('string');
    }
    const textPlain = await exportCall(emulator, '{"obs_dir":"obs-test","is_selected":false}', {
      date: fixedNow,
      headers: { 'content-type': 'text/plain' },
    });
    expect(textPlain.json.error_code).toBe('DLI.0001');
    expect(emulator.exports).toEqual([]);
  });

  it('names the missing job and bucket', async () => {
    const job = await exportCall(
      emulator,
      '{"obs_dir":"obs-test","is_selected":true,"job_selected":[146,9007199254740992]}',
      {
        date: fixedNow,
      },
    );
    expect(job.json.error_msg).toContain('9007199254740992');
    const bucket = await exportCall(emulator, '{"obs_dir":"other/x","is_selected":false}', { date: fixedNow });
    expect(bucket.json.error_msg).toContain('other');
  });

  it('lists jobs, newest ID first by default, with exact 64-bit IDs', async () => {
    const response = await call(emulator, { path: '/streaming/jobs', date: fixedNow });
    expect(response.status).toBe(200);
    expect(response.json.is_success).toBe(true);
    expect(response.json.job_list?.total_count).toBe(5);
    expect(response.text).toContain('"job_id":9223372036854775807,');
    expect(response.text).toContain('"job_id":9007199254740993,');
    const names = response.json.job_list?.jobs.map((job: { name: string }) => job.name);
    expect(names).toEqual([
      'max-id-job',
      'fraud-scoring',
      'clickstream-sessionizer',
      'orders-enrichment-v2',
      'orders-enrichment',
    ]);
    expect(emulator.requests[0]?.operation).toBe('list');
  });

  it('filters by name substring (case-sensitive) and pages by offset', async () => {
    const byName = await call(emulator, { path: '/streaming/jobs?name=orders-enrichment&order=asc', date: fixedNow });
    expect(byName.json.job_list?.total_count).toBe(2);
    expect(byName.json.job_list?.jobs.map((job: { name: string }) => job.name)).toEqual([
      'orders-enrichment',
      'orders-enrichment-v2',
    ]);
    const upper = await call(emulator, { path: '/streaming/jobs?name=Orders', date: fixedNow });
    expect(upper.json.job_list).toEqual({ total_count: 0, jobs: [] });
    const page = await call(emulator, { path: '/streaming/jobs?limit=2&offset=3&order=asc', date: fixedNow });
    expect(page.json.job_list?.total_count).toBe(5);
    expect(page.text).toContain('"job_id":9223372036854775807');
    expect(page.json.job_list?.jobs).toHaveLength(2);
    const bad = await call(emulator, { path: '/streaming/jobs?limit=101', date: fixedNow });
    expect(bad.status).toBe(400);
    expect(bad.json.error_code).toBe('DLI.0001');
  });

  it('uses the configured catalogue, buckets, keys and project', async () => {
    await start({
      credentials: { AK2: 'SK2' },
      projectId: 'p2',
      jobs: [{ job_id: '7', name: 'seven' }],
      buckets: ['b'],
    });
    const ok = await exportCall(emulator, '{"obs_dir":"b","is_selected":true,"job_selected":[7]}', {
      date: fixedNow,
      projectId: 'p2',
      accessKey: 'AK2',
      secretKey: 'SK2',
      headers: { 'content-type': 'application/json', 'x-project-id': 'p2' },
    });
    expect(ok.status).toBe(200);
    const oldKey = await call(emulator, { path: '/streaming/jobs', projectId: 'p2', date: fixedNow });
    expect(oldKey.json.error_code).toBe('APIGW.0301');
  });

  it('answers unknown APIs and other projects with APIGW.0101, a mismatched X-Project-Id with DLI.0001', async () => {
    const unknown = await call(emulator, { path: '/streaming/jobs/146', date: fixedNow });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error_code: 'APIGW.0101', request_id: unknown.headers.get('x-request-id') });
    const wrongMethod = await call(emulator, { method: 'GET', path: '/streaming/jobs/export', date: fixedNow });
    expect(wrongMethod.json.error_code).toBe('APIGW.0101');
    const otherProject = await call(emulator, { path: '/streaming/jobs', projectId: 'ffff', date: fixedNow });
    expect(otherProject.json.error_code).toBe('APIGW.0101');
    const mismatch = await call(emulator, {
      path: '/streaming/jobs',
      date: fixedNow,
      headers: { 'x-project-id': 'ffff' },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.error_code).toBe('DLI.0001');
    expect(emulator.requests.map((r) => r.operation)).toEqual(['unknown', 'unknown', 'list', 'list']);
  });

  it('checks X-Auth-Token against the accepted tokens, read live', async () => {
    const tokens = new Set<string>();
    await start({ acceptedTokens: tokens });
    const url = `${emulator.url}/v1.0/${DEFAULT_PROJECT_ID}/streaming/jobs`;
    const rejected = await fetch(url, { headers: { 'x-auth-token': 'tok' } });
    expect(rejected.status).toBe(401);
    expect(await rejected.json()).toMatchObject({ error_code: 'APIGW.0301' });
    tokens.add('tok');
    const accepted = await fetch(url, { headers: { 'x-auth-token': 'tok' } });
    expect(accepted.status).toBe(200);
    await accepted.text();
    expect(emulator.requests.map((r) => r.accepted)).toEqual([false, true]);
  });

  it('plays scripted responses in order, only for authenticated requests of that operation', async () => {
    emulator.script('list', [
      { status: 429, body: { error_code: 'APIGW.0308', error_msg: 'throttled' }, headers: { 'retry-after': '1' } },
      { kind: 'ok' },
      { status: 503, body: 'upstream down' },
    ]);
    const unsigned = await call(emulator, { path: '/streaming/jobs', date: fixedNow, secretKey: 'wrong' });
    expect(unsigned.status).toBe(401);
    const exported = await exportCall(emulator, '{"obs_dir":"obs-test","is_selected":false}', { date: fixedNow });
    expect(exported.status).toBe(200);
    const first = await call(emulator, { path: '/streaming/jobs', date: fixedNow });
    expect(first.status).toBe(429);
    expect(first.json.error_code).toBe('APIGW.0308');
    expect(first.headers.get('retry-after')).toBe('1');
    expect(first.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect((await call(emulator, { path: '/streaming/jobs', date: fixedNow })).status).toBe(200);
    const third = await call(emulator, { path: '/streaming/jobs', date: fixedNow });
    expect([third.status, third.text]).toEqual([503, 'upstream down']);
    expect((await call(emulator, { path: '/streaming/jobs', date: fixedNow })).status).toBe(200);
  });

  it('resets the connection or hangs when scripted, and close() ends hanging requests', async () => {
    emulator.script('export', [{ kind: 'reset' }, { kind: 'hang' }]);
    const body = '{"obs_dir":"obs-test","is_selected":false}';
    await expect(exportCall(emulator, body, { date: fixedNow })).rejects.toThrow();
    const hanging = exportCall(emulator, body, { date: fixedNow });
    hanging.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(emulator.requests).toHaveLength(2);
    expect(emulator.requests[1]?.status).toBeUndefined();
    await emulator.close();
    await expect(hanging).rejects.toThrow();
    expect(emulator.exports).toEqual([]);
  });

  it('times out a hanging request on the client side', async () => {
    emulator.script('export', [{ kind: 'hang' }]);
    const response = exportCall(emulator, '{"obs_dir":"obs-test","is_selected":false}', {
      date: fixedNow,
      signal: AbortSignal.timeout(150),
    });
    await expect(response).rejects.toThrow();
  });

  it('adds latency and clears state on reset()', async () => {
    await start({ latencyMs: 120 });
    emulator.script('list', [{ status: 500 }]);
    const started = Date.now();
    await call(emulator, { path: '/streaming/jobs', date: fixedNow });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    emulator.script('list', [{ status: 500 }]);
    emulator.reset();
    expect(emulator.requests).toEqual([]);
    expect((await call(emulator, { path: '/streaming/jobs', date: fixedNow })).status).toBe(200);
  });
});
