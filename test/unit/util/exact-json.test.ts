// Reading JSON with exact integers: the plain parser where it is exact, the reviver with sources otherwise.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseKeepingNumbers, parseWithSources } from '../../../src/util/exact-json.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

const isJobId = (key: string) => key === 'job_id';
const page = (ids: string[]) =>
  `{"is_success":true,"message":"","job_list":{"total_count":${ids.length},"jobs":[${ids
    .map((id, i) => `{"job_id":${id},"name":"job ${i}","create_time":1578892414688,"duration":0,"root_id":-1}`)
    .join(',')}]}}`;

/** Whether JSON.parse was called with a reviver (the exact reading) while `read` ran. */
function usedReviver(read: () => unknown): boolean {
  const parse = vi.spyOn(JSON, 'parse');
  read();
  const withReviver = parse.mock.calls.some((call) => typeof call[1] === 'function');
  parse.mockRestore();
  return withReviver;
}

describe('parseKeepingNumbers', () => {
  it('keeps IDs beyond 2^53 exact, through the reviver', () => {
    const text = page(['146', '9007199254740993', '9223372036854775807']);
    expect(usedReviver(() => parseKeepingNumbers(text, isJobId))).toBe(true);
    const jobs = (parseKeepingNumbers(text, isJobId) as { job_list: { jobs: { job_id: string }[] } }).job_list.jobs;
    expect(jobs.map((job) => job.job_id)).toEqual(['146', '9007199254740993', '9223372036854775807']);
  });

  it('reads small IDs with the plain parser, to the same result as the exact reading', () => {
    const text = page(['146', '2048', '9007199254740991']);
    expect(usedReviver(() => parseKeepingNumbers(text, isJobId))).toBe(false);
    expect(parseKeepingNumbers(text, isJobId)).toEqual(parseWithSources(text, isJobId));
    expect(parseKeepingNumbers('[1,[2,{"a":3}],"4"]')).toEqual(['1', ['2', { a: '3' }], '4']);
  });

  it.each([
    ['2^53 itself', '[9007199254740992]'],
    ['a fraction', '{"job_id":146.0}'],
    ['an exponent', '{"job_id":1e3}'],
    ['a negative exponent', '[5E-1]'],
    ['minus zero', '{"job_id":-0}'],
    ['a fraction elsewhere', '{"job_id":146,"ratio":0.5}'],
    ['digits around a dot inside a string', '{"job_id":146,"name":"v1.2"}'],
    ['a negative ID', '{"job_id":-7}'],
    ['an unsafe number under another key', '{"job_id":1,"other":123456789012345678901234567890}'],
    ['nothing to keep', '{"a":"b","c":[true,null]}'],
    ['a bare number', '42'],
  ])('gives the exact reading for %s', (_, text) => {
    expect(parseKeepingNumbers(text, isJobId)).toEqual(parseWithSources(text, isJobId));
    expect(parseKeepingNumbers(text)).toEqual(parseWithSources(text));
  });

  it('agrees with the exact reading on random documents', () => {
    let state = 7;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const numbers = ['0', '-0', '7', '-12', '9007199254740991', '9007199254740993', '1.5', '2e3', '123456789012'];
    const value = (depth: number): string => {
      const kind = next();
      if (depth > 3 || kind < 0.4) return numbers[Math.floor(next() * numbers.length)] as string;
      if (kind < 0.55) return JSON.stringify(`s${Math.floor(next() * 100)}${next() < 0.2 ? '.5' : ''}`);
      if (kind < 0.75) return `[${Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1)).join(',')}]`;
      const keys = ['job_id', 'name', 'n'];
      const entries = Array.from({ length: Math.floor(next() * 4) }, (_, i) => `"${keys[i % 3]}":${value(depth + 1)}`);
      return `{${entries.join(',')}}`;
    };
    for (let trial = 0; trial < 2000; trial++) {
      const text = value(0);
      expect(parseKeepingNumbers(text, isJobId), text).toEqual(parseWithSources(text, isJobId));
      expect(parseKeepingNumbers(text), text).toEqual(parseWithSources(text));
    }
  });

  it('throws on invalid JSON as JSON.parse does', () => {
    expect(() => parseKeepingNumbers('{"job_id":')).toThrow(SyntaxError);
    expect(() => parseKeepingNumbers('{"job_id":1.}')).toThrow(SyntaxError);
  });
});
