/** After one page of the job list fails, no other page keeps a request in flight, retries or sleeps. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAllJobs, listRequest, mapWithConcurrency, readListResponse } from '../../../src/dli/list.ts';
import { ActionError } from '../../../src/http/errors.ts';
import { DEFAULT_RETRY_POLICY } from '../../../src/http/retry.ts';
import { createTransport } from '../../../src/http/transport.ts';
import { type LocalServer, startLocalServer } from '../../support/local-server.ts';

describe('list-cancel', () => {
  const requests: { offset: number; at: number }[] = [];
  let open = 0;
  let server: LocalServer;
  let base: URL;

  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      const offset = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('offset'));
      requests.push({ offset, at: Date.now() });
      open++;
      res.on('close', () => open--);
      if (offset === 0) {
        res.end(JSON.stringify({ is_success: true, job_list: { total_count: 1000, jobs: [] } }));
      } else if (offset === 100) {
        // the page that fails for good, a little after the others started
        setTimeout(() => {
          res.writeHead(400, { 'Content-Type': 'application/json' });
          res.end('{"error_code":"DLI.0001","error_msg":"bad page"}');
        }, 300);
      } else if (offset === 200 || offset === 300) {
        // never answers
      } else {
        // transient: the transport would wait, then retry
        res.writeHead(503);
        res.end();
      }
    });
    base = server.url;
  });
  afterAll(() => server.close());

  it('a failed page stops every other page at once: nothing in flight, nothing retried', async () => {
    const transport = createTransport({
      timeoutMs: 60_000,
      // waits of about 1 s before each retry of a 503
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 5, baseDelayMs: 1500, maxDelayMs: 1500 },
      random: () => 0.7,
    });
    const started = Date.now();
    const error = await listAllJobs(transport, (request) => request, base, 'p', 8).catch((e: unknown) => e);
    const failedAfter = Date.now() - started;
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).describe()).toMatch(/^DLI job list failed: HTTP 400 DLI\.0001: bad page/);
    // the hanging pages were abandoned, not waited for (their deadline is 60 s)
    expect(failedAfter).toBeLessThan(5000);
    const seen = requests.length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    // no page retried after its wait: the waits were cancelled too
    expect(requests.length).toBe(seen);
    expect(requests.filter((request) => request.offset === 400)).toHaveLength(1);
    // and the abandoned requests' connections are gone
    expect(open).toBe(0);
    await transport.close();
  });
});

describe('list', () => {
  function caught(action: () => unknown): ActionError {
    try {
      action();
    } catch (error) {
      if (error instanceof ActionError) return error;
      throw error;
    }
    throw new Error('expected an ActionError');
  }

  describe('job list call', () => {
    it('asks for pages of 100 in a stable order', () => {
      const request = listRequest(new URL('https://dli.eu-de.otc.t-systems.com'), 'p1', 200);
      expect(request.url.href).toBe(
        'https://dli.eu-de.otc.t-systems.com/v1.0/p1/streaming/jobs?limit=100&offset=200&order=asc',
      );
      expect(request.method).toBe('GET');
    });

    it('keeps 64-bit job IDs exact', () => {
      const body =
        '{"is_success":"true","message":"","job_list":{"total_count":2,"jobs":[{"job_id":9223372036854775807,"name":"a","status":"job_running"},{"job_id":9007199254740993,"name":"b"}]}}';
      expect(readListResponse({ status: 200, headers: {}, body })).toEqual({
        total: 2,
        jobs: [
          { id: '9223372036854775807', name: 'a', status: 'job_running' },
          { id: '9007199254740993', name: 'b', status: undefined },
        ],
      });
    });

    it('a 403 hints at dli:jobs:listAll', () => {
      expect(() =>
        readListResponse({
          status: 403,
          headers: {},
          body: '{"error_code":"DLI.0013","error_msg":"no"}',
          requestId: 'r',
        }),
      ).toThrow(expect.objectContaining({ hint: expect.stringContaining('dli:jobs:listAll') }));
    });

    it("a failed answer without job_list surfaces DLI's message, not a schema error", () => {
      const read = () =>
        readListResponse({
          status: 200,
          headers: {},
          body: '{"is_success":false,"message":"Permission denied for project"}',
          requestId: 'rid',
        });
      expect(read).toThrow(ActionError);
      expect(() => read()).toThrow(
        expect.objectContaining({
          message: 'DLI job list failed: DLI reported is_success=false',
          serviceMessage: 'Permission denied for project',
          requestId: 'rid',
        }),
      );
      expect(() => readListResponse({ status: 200, headers: {}, body: '{"is_success":"false"}' })).toThrow(
        expect.objectContaining({ serviceMessage: '(no message)' }),
      );
    });

    it('rejects odd shapes of a successful answer', () => {
      expect(() => readListResponse({ status: 200, headers: {}, body: '{"is_success":true}' })).toThrow(
        /unexpected response shape/,
      );
      expect(() =>
        readListResponse({
          status: 200,
          headers: {},
          body: '{"is_success":false,"message":"m","job_list":{"total_count":0}}',
        }),
      ).toThrow(/is_success=false/);
    });

    it('a 401 DLI.0013 hints at dli:jobs:listAll, not the export permission', () => {
      const read = () =>
        readListResponse({
          status: 401,
          headers: {},
          body: '{"error_code":"DLI.0013","error_msg":"no permission"}',
        });
      const error = caught(read);
      expect(error.hint).toContain('dli:jobs:listAll');
      expect(error.hint).not.toContain('dli:jobs:export');
      expect(error.describe()).toMatch(/^DLI job list failed: HTTP 401 DLI\.0013: no permission\. Hint: /);
    });

    it('a 2xx answer that is not JSON is shown as a short one-line excerpt', () => {
      const page = `<html><head><title>Captive\n portal\u2028login</title></head><body>${'x'.repeat(5000)}</body></html>`;
      expect(caught(() => readListResponse({ status: 200, headers: {}, body: page })).describe()).toBe(
        'DLI job list failed: HTTP 200 with a body that is not JSON: Captive portal login',
      );
      const error = caught(() => readListResponse({ status: 200, headers: {}, body: 'not json\r\n'.repeat(100) }));
      expect(error.describe()).not.toMatch(/[\r\n]/);
      expect(error.describe()).toMatch(/: not json not json .*…$/);
      expect((error.serviceMessage ?? '').length).toBeLessThanOrEqual(201);
    });
  });

  describe('bounded concurrency', () => {
    it('never has more than the limit in flight, and keeps the order', async () => {
      let inFlight = 0;
      let peak = 0;
      const results = await mapWithConcurrency([...Array(20).keys()], 4, async (n) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight--;
        return n * 2;
      });
      expect(peak).toBe(4);
      expect(results).toEqual([...Array(20).keys()].map((n) => n * 2));
    });

    it('stops starting new work after a failure', async () => {
      const started: number[] = [];
      await expect(
        mapWithConcurrency([...Array(50).keys()], 2, async (n) => {
          started.push(n);
          await new Promise((resolve) => setTimeout(resolve, 1));
          if (n === 3) throw new Error('boom');
          return n;
        }),
      ).rejects.toThrow('boom');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(started.length).toBeLessThan(8);
    });
  });
});

describe('list-detail', () => {
  const response = (body: unknown, status = 200) => ({
    status,
    headers: {},
    body: JSON.stringify(body),
    requestId: 'req-1',
  });

  it('asks for show_detail=true only when told', () => {
    const endpoint = new URL('https://dli.example.com');
    expect(listRequest(endpoint, 'p', 200, true).url.search).toBe('?limit=100&offset=200&order=asc&show_detail=true');
    expect(listRequest(endpoint, 'p', 0).url.search).toBe('?limit=100&offset=0&order=asc');
  });

  it('reads the details (listing_jobs.rst, Table 5), 64-bit IDs exact, null fields absent', async () => {
    const { readDetailResponse } = await import('../../../src/dli/list.ts');
    const body =
      '{"is_success":"true","message":"","job_list":{"total_count":1,"jobs":[{"job_id":9223372036854775807,"name":"j","desc":null,' +
      '"job_type":"flink_sql_job","queue_name":"q","run_mode":"shared_cluster","sql_body":"SELECT 1;","main_class":null,' +
      '"entrypoint_args":"","job_config":{"cu_number":2,"runtime_config":"a"},"status":"job_running","update_time":1}]}}';
    expect(readDetailResponse({ status: 200, headers: {}, body, requestId: 'r' }, 0)).toEqual({
      offset: 0,
      total: 1,
      jobs: [
        {
          id: '9223372036854775807',
          name: 'j',
          status: 'job_running',
          desc: undefined,
          jobType: 'flink_sql_job',
          queueName: 'q',
          runMode: 'shared_cluster',
          sqlBody: 'SELECT 1;',
          mainClass: undefined,
          entrypointArgs: '',
          edgeGroupIds: undefined,
          tags: undefined,
          jobConfig: { cu_number: 2, runtime_config: 'a' },
        },
      ],
    });
  });

  it('a page of the wrong shape is an error naming the list', async () => {
    const { readDetailResponse } = await import('../../../src/dli/list.ts');
    expect(() =>
      readDetailResponse(
        response({ is_success: true, job_list: { total_count: 1, jobs: [{ job_id: 1, name: 2 }] } }),
        0,
      ),
    ).toThrow(/DLI job list \(show_detail=true\) failed: unexpected response shape/);
  });
});
