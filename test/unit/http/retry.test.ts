import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/http/errors.ts';
import {
  abortableSleep,
  backoffMs,
  DEFAULT_RETRY_POLICY,
  type Failure,
  maySendAgain,
  type Outcome,
  RETRYABLE_STATUSES,
  type Retrying,
  retrying,
  throttleMs,
  waitBefore,
  worstCaseMs,
} from '../../../src/http/retry.ts';

const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 };
const now = new Date('2026-11-26T10:00:00Z');

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
    const wait = waitBefore(1, { what: 'x', status: 503, retryAfter: header }, policy, () => 0.5, now);
    expect(wait.ms).toBe(expected);
    expect(wait.why).toContain(`as Retry-After: ${header} asks`);
  });

  it.each([undefined, '', 'soon', '-5', '1.5'])('ignores an unreadable Retry-After %j', (header) => {
    // The backoff instead: half of the first retry's 1 s.
    expect(waitBefore(1, { what: 'x', status: 503, retryAfter: header }, policy, () => 0.5, now)).toEqual({
      ms: 500,
      why: 'retrying in 0.5 s',
    });
  });

  it('bounds one call: attempts × timeout + waits at their caps', () => {
    expect(worstCaseMs(policy, 60_000)).toBe(3 * 60_000 + 2 * 30_000);
    expect(worstCaseMs({ ...policy, maxAttempts: 1 }, 60_000)).toBe(60_000);
  });
});

describe('maySendAgain', () => {
  it.each([
    [429, true, true],
    [500, true, false],
    [502, true, false],
    [503, true, false],
    [504, true, false],
    [501, false, false],
    [400, false, false],
    [401, false, false],
    [404, false, false],
  ])('an answer HTTP %i: idempotent %s, a change %s', (status, idempotent, change) => {
    const failure = { what: 'x', status };
    expect(maySendAgain(failure, true)).toBe(idempotent);
    expect(maySendAgain(failure, false)).toBe(change);
  });

  it.each([
    [{ transient: true, notSent: true }, true, true],
    [{ transient: true, notSent: false }, true, false],
    [{ transient: true }, true, false],
    [{ transient: false, notSent: true }, false, false],
    [{ notSent: true }, false, false],
    [{}, false, false],
  ])('no answer, %j: idempotent %s, a change %s', (kind, idempotent, change) => {
    expect(maySendAgain({ what: 'x', ...kind }, true)).toBe(idempotent);
    expect(maySendAgain({ what: 'x', ...kind }, false)).toBe(change);
  });

  it('an answer counts, not the network flags beside it', () => {
    expect(maySendAgain({ what: 'x', status: 400, transient: true, notSent: true }, true)).toBe(false);
  });
});

describe('waitBefore', () => {
  const quarter = () => 0.25;

  it.each<[string, Failure, number, string]>([
    [
      'Retry-After first, even on a 429',
      { what: 'x', status: 429, retryAfter: '4' },
      4000,
      'retrying in 4.0 s as Retry-After: 4 asks',
    ],
    [
      'Retry-After at the cap says so',
      { what: 'x', status: 503, retryAfter: '600' },
      30_000,
      'retrying in 30.0 s as Retry-After: 600 asks, capped at 30.0 s',
    ],
    ['a 429 without it: throttled', { what: 'x', status: 429 }, 2750, 'throttled, retrying in 2.8 s'],
    [
      'an unreadable one on a 503: the backoff',
      { what: 'x', status: 503, retryAfter: 'soon' },
      500,
      'retrying in 0.5 s',
    ],
    ['no answer: the backoff', { what: 'x', transient: true }, 500, 'retrying in 0.5 s'],
  ])('%s', (_name, failure, ms, why) => {
    expect(waitBefore(2, failure, policy, quarter, now)).toEqual({ ms, why });
  });
});

describe('retrying', () => {
  const refused = () =>
    new ActionError('DLI export request to h failed: connection refused', { retryable: true, notSent: true });
  const reset = () => new ActionError('DLI export request to h failed: reset', { retryable: true });
  type Answer = { status: number };
  /** The classification a caller writes: an answer of 400 or more, or an ActionError. */
  const classify = (outcome: Outcome<Answer>): Failure | undefined => {
    if ('value' in outcome) {
      return outcome.value.status < 400
        ? undefined
        : { what: `HTTP ${outcome.value.status}`, status: outcome.value.status };
    }
    const { error } = outcome;
    return error instanceof ActionError
      ? { what: error.message, transient: error.retryable, notSent: error.notSent }
      : undefined;
  };

  /** Runs `retrying` over a script of results (an Answer, or an error to throw), recording attempts, waits, notices. */
  function run(script: (Answer | Error)[], options: Partial<Retrying> = {}, signal?: AbortSignal) {
    const seen = { attempts: [] as number[], waits: [] as number[], logs: [] as string[] };
    const promise = retrying(
      {
        policy,
        operation: 'DLI export',
        idempotent: true,
        log: (message) => seen.logs.push(message),
        sleep: async (ms) => {
          seen.waits.push(ms);
        },
        random: () => 0.25,
        now: () => new Date('2026-11-26T10:00:00Z'),
        ...options,
      },
      async (attempt) => {
        seen.attempts.push(attempt);
        const next = script.shift();
        if (next === undefined) throw new Error('the script ran out');
        if (next instanceof Error) throw next;
        return next;
      },
      classify,
      signal,
    );
    return { promise, seen };
  }

  it('a first success: its value, one attempt, no notice', async () => {
    const { promise, seen } = run([{ status: 200 }]);
    expect(await promise).toEqual({ value: { status: 200 }, attempts: 1 });
    expect(seen).toEqual({ attempts: [1], waits: [], logs: [] });
  });

  it('retries until a success, numbering the attempts, with one notice and one wait before each', async () => {
    const { promise, seen } = run([{ status: 503 }, refused(), { status: 200 }], { note: 'Reads are safe to repeat.' });
    expect(await promise).toEqual({ value: { status: 200 }, attempts: 3 });
    expect(seen.attempts).toEqual([1, 2, 3]);
    expect(seen.waits).toEqual([250, 500]);
    expect(seen.logs).toEqual([
      'DLI export: attempt 1 of 3 failed (HTTP 503); retrying in 0.3 s. Reads are safe to repeat.',
      'DLI export: attempt 2 of 3 failed (DLI export request to h failed: connection refused); retrying in 0.5 s. Reads are safe to repeat.',
    ]);
  });

  it('gives up after maxAttempts: the last answer as it is, or the last error saying how many attempts', async () => {
    const answered = run([{ status: 503 }, { status: 503 }, { status: 502 }, { status: 200 }]);
    expect(await answered.promise).toEqual({ value: { status: 502 }, attempts: 3 });
    expect(answered.seen.logs).toHaveLength(2);

    const failed = run([refused(), refused(), refused(), { status: 200 }]);
    await expect(failed.promise).rejects.toThrow(
      'DLI export request to h failed: connection refused (after 3 attempts)',
    );
    expect(failed.seen.attempts).toEqual([1, 2, 3]);
  });

  it('one attempt allowed: the error without a count', async () => {
    const { promise } = run([refused()], { policy: { ...policy, maxAttempts: 1 } });
    await expect(promise).rejects.toThrow(/connection refused$/);
  });

  it('a failure the policy does not retry ends the call at once: a 400, a final error after retries', async () => {
    const bad = run([{ status: 400 }, { status: 200 }]);
    expect(await bad.promise).toEqual({ value: { status: 400 }, attempts: 1 });
    const tls = new ActionError('certificate not accepted', { notSent: true });
    const late = run([{ status: 503 }, tls, { status: 200 }]);
    await expect(late.promise).rejects.toThrow('certificate not accepted (after 2 attempts)');
    expect(late.seen.attempts).toEqual([1, 2]);
  });

  it('an ActionError the caller leaves unclassified (made final inside an attempt) ends the call as it is, without a count', async () => {
    const final = new ActionError('Could not list the release assets after 3 attempts');
    const script: (Answer | Error)[] = [{ status: 503 }, final];
    const promise = retrying(
      { policy, operation: 'GitHub', idempotent: true, sleep: async () => undefined, random: () => 0.25 },
      async () => {
        const next = script.shift();
        if (next instanceof Error) throw next;
        return next as Answer;
      },
      (outcome) => ('error' in outcome ? undefined : classify(outcome)),
    );
    await expect(promise).rejects.toBe(final);
  });

  it('an error it cannot classify (a bug) is thrown as it is, not retried', async () => {
    const bug = new TypeError('x is undefined');
    const { promise, seen } = run([bug, { status: 200 }]);
    await expect(promise).rejects.toBe(bug);
    expect(seen.attempts).toEqual([1]);
  });

  it('a request that changes something: re-sent after 429 and when not sent, never after a 5xx or a reset', async () => {
    const change = { idempotent: false };
    expect(await run([{ status: 429 }, refused(), { status: 201 }], change).promise).toEqual({
      value: { status: 201 },
      attempts: 3,
    });
    expect(await run([{ status: 503 }, { status: 201 }], change).promise).toEqual({
      value: { status: 503 },
      attempts: 1,
    });
    const afterReset = run([reset(), { status: 201 }], change);
    await expect(afterReset.promise).rejects.toThrow(/reset$/);
    expect(afterReset.seen.attempts).toEqual([1]);
  });

  describe('a deadline (startBy): no attempt starts that could not end by it', () => {
    const at = Date.parse('2026-11-26T10:00:00Z');

    it('a retry whose wait would pass startBy is not made: the last outcome ends the call, without a notice', async () => {
      // The waits are 250 ms, then 500 ms (random 0.25), from a clock that stands still at `at`.
      const answered = run([{ status: 503 }, { status: 503 }, { status: 200 }], { startBy: () => at + 499 });
      expect(await answered.promise).toEqual({ value: { status: 503 }, attempts: 2 });
      expect(answered.seen.waits).toEqual([250]);
      expect(answered.seen.logs).toHaveLength(1);

      const failed = run([refused(), refused(), { status: 200 }], { startBy: () => at + 249 });
      await expect(failed.promise).rejects.toThrow(/connection refused$/);
      expect(failed.seen).toMatchObject({ attempts: [1], waits: [], logs: [] });
    });

    it('a retry that can start by it (exactly at it, too) is made; startBy is read before each retry', async () => {
      let latest = at + 250;
      const { promise, seen } = run([{ status: 503 }, refused(), { status: 200 }], {
        startBy: () => {
          const value = latest;
          latest += 250;
          return value;
        },
      });
      expect(await promise).toEqual({ value: { status: 200 }, attempts: 3 });
      expect(seen.waits).toEqual([250, 500]);
    });
  });

  describe('cancelling', () => {
    it('an aborted signal: no attempt, the reason', async () => {
      const { promise, seen } = run([{ status: 200 }], {}, AbortSignal.abort(new Error('stop')));
      await expect(promise).rejects.toThrow('stop');
      expect(seen.attempts).toEqual([]);
    });

    it('during the wait: the wait ends at once with the reason, nothing more is sent', async () => {
      const cancel = new AbortController();
      const started = Date.now();
      const { promise, seen } = run(
        [{ status: 503 }, { status: 200 }],
        { sleep: abortableSleep, policy: { ...policy, baseDelayMs: 60_000, maxDelayMs: 60_000 }, random: () => 0.99 },
        cancel.signal,
      );
      setTimeout(() => cancel.abort(new Error('another page failed')), 50);
      await expect(promise).rejects.toThrow('another page failed');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(seen.attempts).toEqual([1]);
    });

    it('an attempt that fails once cancelled: its own error, neither retried nor announced', async () => {
      const cancel = new AbortController();
      const reason = new ActionError('another page timed out', { retryable: true });
      const logs: string[] = [];
      const attempts: number[] = [];
      const promise = retrying(
        { policy, operation: 'DLI job list', idempotent: true, log: (message) => logs.push(message) },
        async (attempt) => {
          attempts.push(attempt);
          cancel.abort(reason);
          throw reason;
        },
        () => ({ what: 'x', transient: true }),
        cancel.signal,
      );
      await expect(promise).rejects.toBe(reason);
      expect({ attempts, logs }).toEqual({ attempts: [1], logs: [] });
    });
  });

  it('by default waits for real (abortableSleep), with jitter from Math.random', async () => {
    const started = Date.now();
    const { promise } = run([{ status: 503 }, { status: 200 }], {
      sleep: undefined,
      random: undefined,
      now: undefined,
      policy: { ...policy, baseDelayMs: 40, maxDelayMs: 40 },
    });
    expect(await promise).toMatchObject({ attempts: 2 });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('abortableSleep', () => {
  it('resolves after the time, or rejects when aborted', async () => {
    await expect(abortableSleep(5)).resolves.toBeUndefined();
    const cancel = new AbortController();
    const sleeping = abortableSleep(60_000, cancel.signal);
    cancel.abort(new Error('woken'));
    await expect(sleeping).rejects.toThrow('woken');
    await expect(abortableSleep(5, cancel.signal)).rejects.toThrow('woken');
  });
});
