import { describe, expect, it } from 'vitest';
import {
  closestNames,
  describeResolutionProblems,
  editDistance,
  mergeJobIds,
  parseJobNames,
  resolveJobNames,
} from '../../src/job-names.ts';

const jobs = [
  { id: '146', name: 'orders-enrichment' },
  { id: '2048', name: 'orders-enrichment-v2' },
  { id: '31337', name: 'clickstream' },
  { id: '9223372036854775807', name: 'twin' },
  { id: '9223372036854775806', name: 'twin' },
];

describe('job-names input', () => {
  it.each([
    ['newlines', 'a\nb\n', ['a', 'b']],
    ['commas', 'a, b ,c', ['a', 'b', 'c']],
    ['empty', '', []],
    ['blank entries and repeats', 'a,,\n a \nb,a', ['a', 'b']],
    ['names with spaces inside', 'nightly orders job', ['nightly orders job']],
  ])('splits %s', (_name, raw, expected) => {
    expect(parseJobNames(raw)).toEqual(expected);
  });
});

describe('resolving names', () => {
  it('matches exactly, not as a substring, in the order given', () => {
    expect(resolveJobNames(['orders-enrichment-v2', 'orders-enrichment'], jobs)).toEqual({
      ok: true,
      ids: ['2048', '146'],
    });
  });

  it('is case-sensitive and suggests the close names', () => {
    expect(resolveJobNames(['Orders-Enrichment'], jobs)).toEqual({
      ok: false,
      unknown: [{ name: 'Orders-Enrichment', suggestions: ['orders-enrichment', 'orders-enrichment-v2'] }],
      ambiguous: [],
    });
  });

  it('reports every unknown and ambiguous name, with the IDs of the ambiguous ones', () => {
    const result = resolveJobNames(['twin', 'nope-nothing-like-it', 'clickstraem'], jobs);
    expect(result).toEqual({
      ok: false,
      unknown: [
        { name: 'nope-nothing-like-it', suggestions: [] },
        { name: 'clickstraem', suggestions: ['clickstream'] },
      ],
      ambiguous: [{ name: 'twin', ids: ['9223372036854775807', '9223372036854775806'] }],
    });
    if (!result.ok) {
      expect(describeResolutionProblems(result)).toBe(
        [
          'Some job names could not be resolved (nothing was exported):',
          '- "nope-nothing-like-it": no job has this name',
          '- "clickstraem": no job has this name; did you mean "clickstream"?',
          '- "twin": 2 jobs have this name (IDs 9223372036854775807, 9223372036854775806); use job-ids',
        ].join('\n'),
      );
    }
  });

  it('merges IDs first, then names, without repeats', () => {
    expect(mergeJobIds(['5', '146'], ['146', '2048', '5'])).toEqual(['5', '146', '2048']);
  });
});

describe('suggestions', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['same', 'same', 0],
    ['flaw', 'lawn', 2],
  ])('edit distance of %s and %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });

  it('offers at most three, nearest first', () => {
    expect(closestNames('job-1', ['job-2', 'job-3', 'job-4', 'job-10', 'other'])).toEqual(['job-10', 'job-2', 'job-3']);
  });
});
