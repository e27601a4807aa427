/** The release part's time limit: the formula the README states, in numbers. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIN_TRANSFER_BYTES_PER_S, transferAttemptMs } from '../../../src/http/retry.ts';
import { assetListPages, releaseAssetBoundMs, releaseBoundMs, releaseRequestMs } from '../../../src/release/bound.ts';

const MIB = 1024 * 1024;
const defaults = { timeoutMs: 60_000, maxAttempts: 3 };

describe('release bound', () => {
  it('an upload attempt: timeout-seconds plus the file at 1 MiB/s, every started MiB counted', () => {
    expect(MIN_TRANSFER_BYTES_PER_S).toBe(MIB);
    expect(transferAttemptMs(60_000, 0)).toBe(60_000);
    expect(transferAttemptMs(60_000, 1)).toBe(61_000);
    expect(transferAttemptMs(60_000, MIB)).toBe(61_000);
    expect(transferAttemptMs(60_000, MIB + 1)).toBe(62_000);
    expect(transferAttemptMs(2_000, 100 * MIB)).toBe(102_000);
  });

  it('a request: A × T + (A − 1) × 30 s, as every other request', () => {
    expect(releaseRequestMs(defaults)).toBe(240_000);
    expect(releaseRequestMs({ timeoutMs: 2_000, maxAttempts: 1 })).toBe(2_000);
  });

  it('one file: A × (T + S/1 MiB) + (A − 1) × (30 s + (P + 1) R) + 3 R', () => {
    // 3 × 160 s + 2 × (30 s + 2 × 240 s) + 3 × 240 s = 480 + 1020 + 720 s = 37 min
    expect(releaseAssetBoundMs(100 * MIB, defaults)).toBe(2_220_000);
    // two pages of assets: each re-check reads both
    expect(releaseAssetBoundMs(100 * MIB, defaults, 2)).toBe(2_220_000 + 2 * 240_000);
    // max-attempts 1: one attempt and the check, the delete and the rename
    expect(releaseAssetBoundMs(0, { timeoutMs: 2_000, maxAttempts: 1 })).toBe(2_000 + 3 * 2_000);
  });

  it('the release part: the list, each file, and the stale temporary assets', () => {
    expect(releaseBoundMs({ ...defaults, sizes: [100 * MIB] })).toBe(240_000 + 2_220_000);
    expect(releaseBoundMs({ ...defaults, sizes: [100 * MIB, 0], staleAssets: 2 })).toBe(
      240_000 + 2_220_000 + releaseAssetBoundMs(0, defaults) + 2 * 240_000,
    );
    expect(releaseBoundMs({ ...defaults, sizes: [], existingAssets: 0 })).toBe(240_000);
  });

  it('pages of the list: 100 assets each, the temporary ones of this run included', () => {
    expect(assetListPages(0, 1)).toBe(1);
    expect(assetListPages(98, 1)).toBe(1);
    expect(assetListPages(99, 1)).toBe(2);
    expect(assetListPages(250, 3)).toBe(3);
    expect(releaseBoundMs({ ...defaults, sizes: [0], existingAssets: 99 })).toBe(
      2 * 240_000 + releaseAssetBoundMs(0, defaults, 2),
    );
  });
});

describe('README: the release part of the time limit', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

  it('states the formula releaseAssetBoundMs computes, and its figure for 100 MiB with the defaults', () => {
    expect(readme).toContain(
      '`A × (timeout-seconds + ⌈S / 1 MiB⌉ s) + (A − 1) × (30 s + 2 R) + 3 R` (A = `max-attempts`;',
    );
    const minutes = (ms: number) => ms / 60_000;
    const list = minutes(releaseRequestMs(defaults));
    const file = minutes(releaseAssetBoundMs(100 * MIB, defaults));
    expect(minutes(releaseBoundMs({ ...defaults, sizes: [100 * MIB] }))).toBe(list + file);
    expect(readme).toContain(
      `With the defaults, a 100 MiB ZIP adds at most ${list} + ${file} = ${list + file} minutes`,
    );
  });
});
