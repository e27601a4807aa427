import { describe, expect, it } from 'vitest';
import { fileBase, nameOf } from '../../../src/snapshot/file-names.ts';

const base = (name: string) => {
  const result = fileBase(name);
  if (!result.ok) throw new Error(result.problem);
  return result.base;
};

describe('fileBase', () => {
  it.each([
    ['orders-enrichment', 'orders-enrichment'],
    ['a b', 'a b'],
    ['a/b', 'a%2Fb'],
    ['..', '%2E%2E'],
    ['../x', '%2E.%2Fx'],
    ['.hidden', '%2Ehidden'],
    ['trail.', 'trail%2E'],
    [' lead', '%20lead'],
    ['100%', '100%25'],
    ['a:b*c?d"e<f>g|h\\i', 'a%3Ab%2Ac%3Fd%22e%3Cf%3Eg%7Ch%5Ci'],
    ['tab\there', 'tab%09here'],
    ['rtl\u202eevil', 'rtl%E2%80%AEevil'],
    ['订单作业', '订单作业'],
    // Device names Windows reserves, with any extension: their first letter is encoded.
    ['CON', '%43ON'],
    ['nul.backup', '%6Eul.backup'],
    ['Lpt1', '%4Cpt1'],
    ['com9', '%63om9'],
    ['console', 'console'],
    ['aux-feed', 'aux-feed'],
  ])('%j -> %j, and back', (name, expected) => {
    expect(base(name)).toBe(expected);
    expect(nameOf(expected)).toBe(name);
  });

  it('refuses an empty name and a lone surrogate', () => {
    expect(fileBase('').ok).toBe(false);
    expect(fileBase('a\ud800').ok).toBe(false);
  });

  it('nameOf refuses bases fileBase would not write', () => {
    expect(nameOf('a%2')).toBeUndefined();
    expect(nameOf('a%41')).toBeUndefined(); // "aA" is written as "aA"
    expect(nameOf('.x')).toBeUndefined();
    expect(nameOf('CON')).toBeUndefined();
  });
});
