/** Stable release asset names: DLI's stamp dropped, other names kept, clashes refused, temporary names recognised. */
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/http/errors.ts';
import { assetNames, isTemporaryNameOf, stableAssetName, temporaryAssetName } from '../../../src/release/names.ts';

describe('stableAssetName', () => {
  it.each([
    ['aggregate_1582677879475.zip', 'aggregate.zip'],
    ['orders_v2_1765100000000.zip', 'orders_v2.zip'],
    ['aggregate_1582677879475', 'aggregate'],
    ['aggregate_1582677879475.ZIP', 'aggregate.ZIP'],
    // not a 13-digit stamp right before the extension: kept as it is
    ['aggregate.zip', 'aggregate.zip'],
    ['nightly.zip', 'nightly.zip'],
    ['aggregate_158267787947.zip', 'aggregate_158267787947.zip'],
    ['aggregate_15826778794750.zip', 'aggregate_15826778794750.zip'],
    ['aggregate-1582677879475.zip', 'aggregate-1582677879475.zip'],
    ['aggregate_1582677879475_x.zip', 'aggregate_1582677879475_x.zip'],
    ['aggregate_1582677879475.zip.bak', 'aggregate_1582677879475.zip.bak'],
    // nothing but the stamp: kept whole rather than a name that is only an extension
    ['_1582677879475.zip', '_1582677879475.zip'],
    ['_1582677879475', '_1582677879475'],
  ])('%s → %s', (file, name) => {
    expect(stableAssetName(file)).toBe(name);
  });
});

describe('assetNames', () => {
  it('names each file in order', () => {
    expect(assetNames(['a_1582677879475.zip', 'b.zip', 'c_1582677879476.zip'])).toEqual(['a.zip', 'b.zip', 'c.zip']);
  });

  it('refuses files that would share a name, naming every clash', () => {
    let error: unknown;
    try {
      assetNames(['a_1582677879475.zip', 'a.zip', 'b_1582677879475.zip', 'b_1582677879476.zip', 'c.zip']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).describe()).toBe(
      'release-assets: these ZIPs would get the same asset name (the name without its _<13 digits> stamp): "a_1582677879475.zip" and "a.zip" → "a.zip"; "b_1582677879475.zip" and "b_1582677879476.zip" → "b.zip". Hint: export them into separate steps with different obs-dir folders, or attach them without release-assets',
    );
  });

  it('names differing only in case are different names to GitHub', () => {
    expect(assetNames(['A.zip', 'a.zip'])).toEqual(['A.zip', 'a.zip']);
  });
});

describe('temporary names', () => {
  it('is the name, .upload- and 8 hex digits, recognised as that name’s only', () => {
    const name = temporaryAssetName('aggregate.zip', () => Buffer.from([0, 1, 0xab, 0xff]));
    expect(name).toBe('aggregate.zip.upload-0001abff');
    expect(isTemporaryNameOf(name, 'aggregate.zip')).toBe(true);
    expect(isTemporaryNameOf(name, 'aggregate')).toBe(false);
    expect(isTemporaryNameOf('aggregate.zip', 'aggregate.zip')).toBe(false);
    expect(isTemporaryNameOf('aggregate.zip.upload-0001abfg', 'aggregate.zip')).toBe(false);
    expect(isTemporaryNameOf('aggregate.zip.upload-0001abff0', 'aggregate.zip')).toBe(false);
    expect(isTemporaryNameOf('x.aggregate.zip.upload-0001abff', 'aggregate.zip')).toBe(false);
  });

  it('is random by default', () => {
    const names = new Set(Array.from({ length: 20 }, () => temporaryAssetName('a.zip')));
    expect(names.size).toBe(20);
    for (const name of names) expect(name).toMatch(/^a\.zip\.upload-[0-9a-f]{8}$/);
  });
});
