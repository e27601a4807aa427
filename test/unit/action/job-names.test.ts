import { describe, expect, it } from 'vitest';
import {
  closestNames,
  describeResolutionProblems,
  editDistance,
  mergeJobIds,
  parseJobNames,
  resolveJobNames,
  suggester,
} from '../../../src/action/job-names.ts';

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

/** Plain Levenshtein distance over UTF-16 code units: the full table, no shortcuts. */
function levenshteinReference(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = table[i] as number[];
      const above = table[i - 1] as number[];
      row[j] = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return (table[a.length] as number[])[b.length] as number;
}

/** The unbounded search the bounded one must agree with: every candidate scored, then sorted. */
function closestNamesReference(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const scored: { candidate: string; distance: number }[] = [];
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === lower ? 0.5 : levenshteinReference(lower, candidate.toLowerCase());
    if (distance <= Math.max(2, Math.floor(name.length / 3))) scored.push({ candidate, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('bounded suggestions', () => {
  const next = random(13);
  const alphabet = ['a', 'b', 'c', 'A', '-', '1', 'é', 'İ'];
  const word = (length: number) =>
    Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  const mutate = (text: string) => {
    const chars = [...text];
    for (let edits = Math.floor(next() * 4); edits > 0; edits--) {
      const at = Math.floor(next() * (chars.length + 1));
      const kind = next();
      if (kind < 0.33) chars.splice(at, 1);
      else if (kind < 0.66) chars.splice(at, 0, alphabet[Math.floor(next() * alphabet.length)] as string);
      else chars[at] = (chars[at] ?? 'x').toUpperCase();
    }
    return chars.join('');
  };

  it('finds exactly what scoring every candidate finds', () => {
    for (let trial = 0; trial < 300; trial++) {
      const base = Array.from({ length: 3 }, () => word(2 + Math.floor(next() * 12)));
      const candidates = [...new Set(Array.from({ length: 40 }, () => mutate(base[Math.floor(next() * 3)] as string)))];
      const suggest = suggester(candidates);
      for (let probe = 0; probe < 5; probe++) {
        const name = mutate(base[Math.floor(next() * 3)] as string);
        if (candidates.includes(name)) continue;
        expect(suggest(name), `${name} among ${JSON.stringify(candidates)}`).toEqual(
          closestNamesReference(name, candidates),
        );
      }
    }
  });

  it('computes the edit distance exactly, and stops above its bound', () => {
    for (let trial = 0; trial < 3000; trial++) {
      // Up to 45 code units: both the bit-parallel path (up to 31 after the common ends) and the table.
      // Every other trial in ASCII only (the bit-parallel path needs the pattern below 128).
      const plain = (text: string) => (trial % 2 === 0 ? text.replace(/[^a-z0-9-]/gi, 'z') : text);
      const a = plain(word(Math.floor(next() * (trial % 3 === 0 ? 45 : 12))));
      const b = plain(next() < 0.5 ? mutate(a) : word(Math.floor(next() * 12)));
      const exact = levenshteinReference(a, b);
      expect(editDistance(a, b), `${a} / ${b}`).toBe(exact);
      expect(editDistance(b, a), `${b} / ${a}`).toBe(exact);
      const max = Math.floor(next() * 5);
      const bounded = editDistance(a, b, max);
      if (exact <= max) expect(bounded).toBe(exact);
      else expect(bounded).toBeGreaterThan(max);
    }
  });

  it('suggests among many look-alike names the nearest, in name order on ties', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `flink-job-${i}`);
    expect(closestNames('flink-job-12x', names)).toEqual(closestNamesReference('flink-job-12x', names));
    const upper = closestNames('FLINK-JOB-77', names);
    expect(upper).toEqual(closestNamesReference('FLINK-JOB-77', names));
    expect(upper[0]).toBe('flink-job-77');
  });
});
