import { describe, expect, it } from 'vitest';
import { listRequest, mapWithConcurrency, readListResponse } from '../../src/dli/list.ts';

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

  it('rejects is_success false and odd shapes', () => {
    expect(() => readListResponse({ status: 200, headers: {}, body: '{"is_success":false,"message":"m"}' })).toThrow(
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
