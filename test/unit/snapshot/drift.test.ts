import { describe, expect, it } from 'vitest';
import { classify, describeDrift, drifted, sortNames } from '../../../src/snapshot/drift.ts';
import { snapshotOutputs } from '../../../src/snapshot/outputs.ts';

describe('drift', () => {
  it('classifies by both files', () => {
    expect(classify(undefined, { json: 'a' })).toBe('added');
    expect(classify({ json: 'a' }, { json: 'a' })).toBe('unchanged');
    expect(classify({ json: 'a', sql: 's' }, { json: 'a' })).toBe('changed');
    expect(classify({ json: 'a' }, { json: 'a', sql: 's' })).toBe('changed');
    expect(classify({ json: 'a', sql: 's' }, { json: 'a', sql: 't' })).toBe('changed');
  });

  it('sorts names by code units, whatever the locale', () => {
    expect(sortNames(['b', 'B', 'a', 'ä', '_'])).toEqual(['B', '_', 'a', 'b', 'ä']);
  });

  it('outputs: JSON arrays and true/false', () => {
    const drift = { added: ['a'], changed: [], removed: ['r"q'] };
    expect(snapshotOutputs(drift)).toEqual({ added: '["a"]', changed: '[]', removed: '["r\\"q"]', drifted: 'true' });
    expect(snapshotOutputs({ added: [], changed: [], removed: [] }).drifted).toBe('false');
    expect(drifted({ added: [], changed: ['c'], removed: [] })).toBe(true);
    expect(describeDrift(drift)).toBe('1 added, 0 changed, 1 removed');
  });
});
