import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  DEFAULT_RETRY_POLICY,
  RETRYABLE_STATUSES,
  retryAfterMs,
  throttleMs,
  worstCaseMs,
} from '../../../src/http/retry.ts';

const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 };

describe('retry policy', () => {
  it.each([429, 500, 502, 503, 504])('retries HTTP %i', (status) => {
    expect(RETRYABLE_STATUSES.has(status)).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 501])('never retries HTTP %i', (status) => {
    expect(RETRYABLE_STATUSES.has(status)).toBe(false);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffMs(retry, policy, top))).toEqual([
      999, 1999, 3999, 7999, 9999, 9999,
    ]);
    expect(backoffMs(3, policy, () => 0)).toBe(0);
    expect(backoffMs(2, policy, () => 0.5)).toBe(1000);
  });

  it('waits 2 to 5 s after throttling without Retry-After', () => {
    expect(throttleMs(1, policy, () => 0)).toBe(2000);
    expect(throttleMs(1, policy, () => 0.999999)).toBe(4999);
  });

  it.each([
    ['delta seconds', '3', 3000],
    ['zero', '0', 0],
    ['an HTTP date 10 s ahead', 'Thu, 26 Nov 2026 10:00:10 GMT', 10_000],
    ['an HTTP date in the past', 'Thu, 26 Nov 2026 09:59:00 GMT', 0],
    ['a huge value, capped', '86400', 30_000],
  ])('reads Retry-After as %s', (_name, header, expected) => {
    expect(retryAfterMs(header, new Date('2026-11-26T10:00:00Z'), policy)).toBe(expected);
  });

  it.each([undefined, '', 'soon', '-5', '1.5'])('ignores an unreadable Retry-After %j', (header) => {
    expect(retryAfterMs(header, new Date('2026-11-26T10:00:00Z'), policy)).toBeUndefined();
  });

  it('bounds one call: attempts × timeout + waits at their caps', () => {
    expect(worstCaseMs(policy, 60_000)).toBe(3 * 60_000 + 2 * 30_000);
    expect(worstCaseMs({ ...policy, maxAttempts: 1 }, 60_000)).toBe(60_000);
  });
});
