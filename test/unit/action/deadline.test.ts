/** The step's time limit: computed from the plan, logged, and the same as the README states. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  stepBound as boundOf,
  boundWithFiles,
  describeBound,
  describeFilesBound,
  LIST_PAGES_AT_ONCE,
  renewalsMs,
} from '../../../src/action/deadline.ts';
import { LIST_CONCURRENCY } from '../../../src/dli/list.ts';
import type { Plan } from '../../../src/export/inputs.ts';
import { exportBound as stepBound } from '../../../src/export/main.ts';
import { DEFAULT_RETRY_POLICY, transferAttemptMs, worstCaseMs } from '../../../src/http/retry.ts';
import { importBound } from '../../../src/import/main.ts';
import { downloadBoundMs } from '../../../src/obs/download.ts';
import { releaseBoundMs } from '../../../src/release/bound.ts';

type Bounded = Parameters<typeof stepBound>[0];
const plan = (mode: Plan['auth']['mode'], overrides: Partial<Bounded> = {}): Bounded => ({
  auth: { mode } as Plan['auth'],
  jobNames: [],
  listExported: false,
  dryRun: false,
  timeoutMs: 60_000,
  maxAttempts: 3,
  ...overrides,
});

describe('temporary-key renewals', () => {
  it('count one renewal of min(R, 5 min) for every 10 minutes of transfers less the renewal itself', () => {
    expect(renewalsMs(0, 240_000)).toBe(0);
    // R = 4 min: a renewal every 6 minutes of transfers at worst.
    expect(renewalsMs(1, 240_000)).toBe(240_000);
    expect(renewalsMs(6 * 60_000, 240_000)).toBe(240_000);
    expect(renewalsMs(6 * 60_000 + 1, 240_000)).toBe(2 * 240_000);
    // R longer than the 5 minutes the old keys have left: each renewal is cut at 5 minutes.
    expect(renewalsMs(5 * 60_000 + 1, 20 * 60_000)).toBe(2 * 5 * 60_000);
  });

  it("are added to token modes' transfers, not to access keys", () => {
    const download = {} as NonNullable<Plan['download']>;
    const zip = [10 * 1024 * 1024];
    const keyless = stepBound(plan('oidc', { download }), zip);
    const keys = stepBound(plan('access-key', { download }), zip);
    const transfers = downloadBoundMs({ ...DEFAULT_RETRY_POLICY, maxAttempts: 3 }, 60_000, zip[0] ?? 0);
    expect(keyless.stepMs - keyless.sequentialRequests * keyless.perRequestMs).toBe(
      transfers + renewalsMs(transfers, keyless.perRequestMs),
    );
    expect(keys.stepMs - keys.sequentialRequests * keys.perRequestMs).toBe(transfers);
  });
});

describe('step bound', () => {
  it('with release-assets, includes the release part for the downloaded files once their sizes are known', () => {
    const download = {} as NonNullable<Plan['download']>;
    const small = { timeoutMs: 2000, maxAttempts: 1 };
    const without = stepBound(plan('access-key', { ...small, download }), [3 * 1024 * 1024]);
    const withRelease = stepBound(plan('access-key', { ...small, download }), [3 * 1024 * 1024], [3 * 1024 * 1024]);
    expect(withRelease.stepMs - without.stepMs).toBe(releaseBoundMs({ ...small, sizes: [3 * 1024 * 1024] }));
    expect(describeBound(withRelease)).toMatch(
      /this step within \d+ s \(1 request\(s\) in turn, 1 download\(s\) of known size, 1 release asset\(s\) for a release of fewer than 100 assets\)$/,
    );
  });

  it('is the requests in turn times the longest one request can take', () => {
    expect(boundOf({ timeoutMs: 2000, maxAttempts: 1, requests: 3 })).toEqual({
      perRequestMs: 2000,
      sequentialRequests: 3,
      stepMs: 6000,
      pagedList: false,
    });
  });

  it('the import counts authentication and one import per ZIP; its dry run sends nothing', () => {
    const zips = { zipFiles: ['b/a.zip', 'b/c.zip'], timeoutMs: 60_000, maxAttempts: 3 };
    expect(importBound({ ...zips, auth: { mode: 'oidc' } as Plan['auth'], dryRun: false }).sequentialRequests).toBe(4);
    expect(importBound({ ...zips, auth: { mode: 'password' } as Plan['auth'], dryRun: false }).sequentialRequests).toBe(
      3,
    );
    expect(importBound({ ...zips, auth: { mode: 'oidc' } as Plan['auth'], dryRun: true }).sequentialRequests).toBe(0);
  });

  it.each([
    ['access-key', 1],
    ['auth-token', 1],
    ['password', 2],
    ['oidc', 3],
  ] as const)('%s: %i request(s) in turn, each bounded by worstCaseMs', (mode, requests) => {
    const bound = stepBound(plan(mode));
    expect(bound).toEqual({
      perRequestMs: 240_000,
      sequentialRequests: requests,
      stepMs: requests * 240_000,
      pagedList: false,
    });
  });

  it('the job list adds its first page, and the further pages per batch', () => {
    expect(stepBound(plan('oidc', { jobNames: ['a'] }))).toMatchObject({ sequentialRequests: 4, pagedList: true });
    expect(stepBound(plan('access-key', { listExported: true }))).toMatchObject({ sequentialRequests: 2 });
  });

  it("downloads add keyless authentication's unscoped token (for temporary OBS keys), not in a dry run", () => {
    const download = { download: {} as Plan['download'] };
    // the GitHub ID token, the scoped and the unscoped IAM tokens, the export, the temporary keys
    expect(stepBound(plan('oidc', download)).sequentialRequests).toBe(5);
    expect(stepBound(plan('oidc', { ...download, dryRun: true, jobNames: ['a'] })).sequentialRequests).toBe(3);
    expect(stepBound(plan('password', download)).sequentialRequests).toBe(3);
    expect(stepBound(plan('auth-token', download)).sequentialRequests).toBe(2);
  });

  it('a dry run sends nothing without the job list, and no export with it', () => {
    expect(stepBound(plan('oidc', { dryRun: true })).sequentialRequests).toBe(0);
    expect(stepBound(plan('oidc', { dryRun: true, jobNames: ['a'] })).sequentialRequests).toBe(3);
  });

  it('follows timeout-seconds and max-attempts', () => {
    expect(stepBound(plan('access-key', { timeoutMs: 2000, maxAttempts: 1 })).stepMs).toBe(2000);
    expect(stepBound(plan('access-key', { timeoutMs: 2000, maxAttempts: 2 })).stepMs).toBe(2 * 2000 + 30_000);
  });

  it('says it in the log, in seconds or minutes', () => {
    expect(describeBound(stepBound(plan('oidc', { timeoutMs: 2000, maxAttempts: 1 })))).toBe(
      'Time limit: each request ends within 2 s with its retries; this step within 6 s (3 request(s) in turn)',
    );
    expect(describeBound(stepBound(plan('password', { listExported: true })))).toBe(
      'Time limit: each request ends within 4 min with its retries; this step within 12 min (3 request(s) in turn, plus 4 min for every 8 job-list pages after the first)',
    );
    expect(describeBound(stepBound(plan('access-key', { timeoutMs: 61_000, maxAttempts: 2 })))).toBe(
      'Time limit: each request ends within 2 min 32 s with its retries; this step within 2 min 32 s (1 request(s) in turn)',
    );
  });

  it('with download-dir: the temporary-key request in token modes, then each ZIP once its size is known', () => {
    const download = {} as NonNullable<Plan['download']>;
    const small = { timeoutMs: 2000, maxAttempts: 1 };
    // Before the export answers: the ZIPs are listed later.
    expect(describeBound(stepBound(plan('access-key', { ...small, download })))).toBe(
      'Time limit: each request ends within 2 s with its retries; this step within 2 s (1 request(s) in turn, plus 4 s and 1 s per MiB for each ZIP downloaded)',
    );
    expect(stepBound(plan('oidc', { download })).sequentialRequests).toBe(5);
    expect(stepBound(plan('oidc', { download, dryRun: true })).downloads).toBeUndefined();
    // One size known, one not: 2 s + (2 s + 2 s + 3 s for 3 MiB) = 9 s, plus the other ZIP.
    const mib = 1024 * 1024;
    expect(describeBound(stepBound(plan('access-key', { ...small, download }), [3 * mib, undefined]))).toBe(
      'Time limit: each request ends within 2 s with its retries; this step within 9 s (1 request(s) in turn, 1 download(s) of known size, plus 4 s and 1 s per MiB for each of the 1 other ZIP(s))',
    );
    expect(describeBound(stepBound(plan('access-key', { ...small, download }), [3 * mib, 1]))).toBe(
      'Time limit: each request ends within 2 s with its retries; this step within 14 s (1 request(s) in turn, 2 download(s) of known size)',
    );
  });

  it('pages at once are the list module’s concurrency', () => {
    expect(LIST_PAGES_AT_ONCE).toBe(LIST_CONCURRENCY);
  });
});

describe('the README states the bound the code computes', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
  const importReadme = readFileSync(new URL('../../../import/README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

  it('per request: the formula and its default value', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 };
    expect(readme).toContain(
      '`max-attempts × timeout-seconds + (max-attempts − 1) × 30 s`; with the defaults 3 × 60 s + 2 × 30 s = 4 minutes.',
    );
    expect(worstCaseMs(policy, 60_000)).toBe(4 * 60_000);
    expect(DEFAULT_RETRY_POLICY.maxRetryAfterMs).toBe(30_000);
  });

  it('per local file (the import’s local-files), in import/README.md', () => {
    const bound = boundOf({ timeoutMs: 60_000, maxAttempts: 3, requests: 0, localFiles: true });
    const minutes = (bound.perLocalFile?.fixedMs ?? 0) / 60_000;
    const seconds = (bound.perLocalFile?.perMiBMs ?? 0) / 1000;
    expect(importReadme).toContain(`with the defaults ${minutes} minutes plus ${seconds} seconds per MiB`);
    expect(importReadme).toContain(
      `with the defaults each file adds ${minutes} minutes plus ${seconds} seconds per MiB`,
    );
    expect(importReadme).toContain('`timeout-seconds` plus one second per MiB');
    expect(transferAttemptMs(0, 1024 * 1024)).toBe(1000);
  });

  it('per step, by authentication mode', () => {
    const minutes = (mode: Plan['auth']['mode']) => stepBound(plan(mode)).stepMs / 60_000;
    expect(readme).toContain(
      `within ${minutes('access-key')} minutes with access keys or a supplied token, ${minutes('password')} with a password and ${minutes('oidc')} keyless`,
    );
    expect(minutes('auth-token')).toBe(minutes('access-key'));
  });

  it('per ZIP downloaded: the formula and its example equal what the step adds for a ZIP of that size', () => {
    expect(readme).toContain(
      'per ZIP of S MiB, `min(timeout-seconds, 30 s) + max-attempts × (timeout-seconds + S s) + (max-attempts − 1) × 30 s`',
    );
    expect(readme).toContain('with the defaults and a 10 MiB ZIP 30 s + 3 × 70 s + 2 × 30 s = 5 minutes');
    const download = {} as NonNullable<Plan['download']>;
    const withZip = stepBound(plan('access-key', { download }), [10 * 1024 * 1024]).stepMs;
    const without = stepBound(plan('access-key')).stepMs;
    expect(withZip - without).toBe(5 * 60_000);
    // The formula for other inputs: 7 s timeout, 2 attempts, a 2.5 MiB ZIP (3 started MiB).
    const other = { timeoutMs: 7000, maxAttempts: 2 };
    const added =
      stepBound(plan('access-key', { ...other, download }), [2.5 * 1024 * 1024]).stepMs -
      stepBound(plan('access-key', other)).stepMs;
    expect(added).toBe(Math.min(7, 30) * 1000 + 2 * (7 + 3) * 1000 + 1 * 30_000);
  });

  it('the import (import/README.md): 4 × N minutes, plus 4 with a password and 8 keyless, as it prints it', () => {
    expect(importReadme).toContain(
      '4 × N minutes with access keys or a supplied token, 4 × (N + 1) with a password and 4 × (N + 2) keyless',
    );
    for (const n of [1, 2, 5]) {
      const zipFiles = Array.from({ length: n }, (_, i) => `bkt/z${i}.zip`);
      const minutes = (mode: Plan['auth']['mode']) =>
        importBound({ zipFiles, timeoutMs: 60_000, maxAttempts: 3, auth: { mode } as Plan['auth'], dryRun: false })
          .stepMs / 60_000;
      expect(minutes('access-key')).toBe(4 * n);
      expect(minutes('auth-token')).toBe(4 * n);
      expect(minutes('password')).toBe(4 * (n + 1));
      expect(minutes('oidc')).toBe(4 * (n + 2));
    }
    // The case: keyless, N = 1, the import prints 12 min.
    expect(
      describeBound(
        importBound({
          zipFiles: ['b/a.zip'],
          timeoutMs: 60_000,
          maxAttempts: 3,
          auth: { mode: 'oidc' } as Plan['auth'],
          dryRun: false,
        }),
      ),
    ).toContain('this step within 12 min');
  });
});

describe('step bound with local files (the import’s local-files)', () => {
  it('each upload attempt gets timeout-seconds plus one second per MiB', () => {
    expect(transferAttemptMs(60_000, 0)).toBe(60_000);
    expect(transferAttemptMs(60_000, 1)).toBe(61_000);
    expect(transferAttemptMs(60_000, 1024 * 1024)).toBe(61_000);
    expect(transferAttemptMs(60_000, 1024 * 1024 + 1)).toBe(62_000);
  });

  it('each file adds its upload (worstCaseMs of its attempt bound) and its import', () => {
    const bound = boundOf({ timeoutMs: 60_000, maxAttempts: 3, requests: 1, localFiles: true });
    expect(bound.perLocalFile).toEqual({ fixedMs: 480_000, perMiBMs: 3000 });
    const sizes = [0, 5 * 1024 * 1024, 1];
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 };
    const expected =
      bound.stepMs +
      sizes.reduce((sum, size) => sum + worstCaseMs(policy, transferAttemptMs(60_000, size)) + bound.perRequestMs, 0);
    expect(boundWithFiles(bound, sizes)).toBe(expected);
    expect(boundWithFiles(boundOf({ timeoutMs: 1000, maxAttempts: 1, requests: 2 }), [1, 2])).toBe(2000);
  });

  it('is logged before the files are known, and again with their sizes', () => {
    const bound = boundOf({ timeoutMs: 60_000, maxAttempts: 3, requests: 1, localFiles: true });
    expect(describeBound(bound)).toBe(
      'Time limit: each request ends within 4 min with its retries; this step within 4 min (1 request(s) in turn), plus 8 min and 3 s per MiB for each local file (its upload and its import)',
    );
    expect(describeFilesBound(bound, [1024 * 1024, 10 * 1024 * 1024])).toBe(
      'Time limit with 2 local file(s) of 11 MiB in all: this step within 20 min 33 s',
    );
  });

  it('the import with local-files: authentication, temporary keys in token modes, then per file', () => {
    const local = {
      zipFiles: [],
      timeoutMs: 60_000,
      maxAttempts: 3,
      dryRun: false,
      upload: { paths: ['/a.zip'], dir: 'b', obs: { url: new URL('https://obs.x'), pathStyle: false } },
    };
    expect(importBound({ ...local, auth: { mode: 'access-key' } as Plan['auth'] })).toMatchObject({
      sequentialRequests: 0,
      perLocalFile: { fixedMs: 480_000 },
    });
    expect(importBound({ ...local, auth: { mode: 'oidc' } as Plan['auth'] }).sequentialRequests).toBe(4);
    expect(importBound({ ...local, auth: { mode: 'auth-token' } as Plan['auth'] }).sequentialRequests).toBe(1);
    const dry = importBound({ ...local, auth: { mode: 'oidc' } as Plan['auth'], dryRun: true });
    expect(dry.sequentialRequests).toBe(0);
    expect(dry.perLocalFile).toBeUndefined();
  });
});
