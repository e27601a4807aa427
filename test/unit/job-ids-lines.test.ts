/** The job-ids problems read whole, and the bounds: the largest ID, zero, long tokens shortened. */
import { describe, expect, it } from 'vitest';
import { normalizeJobId, parseJobIds } from '../../src/job-ids.ts';

describe('job IDs, problem by problem', () => {
  it.each([
    ['abc', '"abc" is not a positive whole number'],
    ['1.0', '"1.0" is not a positive whole number'],
    ['0', '"0" is not a positive job ID'],
    ['000', '"000" is not a positive job ID'],
    ['9223372036854775808', '"9223372036854775808" is larger than the largest job ID (9223372036854775807)'],
    [`${'9'.repeat(41)}`, `"${'9'.repeat(40)}…" is larger than the largest job ID (9223372036854775807)`],
    [`x${'y'.repeat(40)}`, `"x${'y'.repeat(39)}…" is not a positive whole number`],
  ])('%s', (token, problem) => {
    expect(normalizeJobId(token)).toEqual({ problem });
  });

  it('the largest ID and a 40-character token are kept whole', () => {
    expect(normalizeJobId('9223372036854775807')).toBe('9223372036854775807');
    expect(normalizeJobId(`${'0'.repeat(39)}1`)).toBe('1');
    expect(normalizeJobId(`${'x'.repeat(40)}`)).toEqual({
      problem: `"${'x'.repeat(40)}" is not a positive whole number`,
    });
  });

  it.each([
    ['[1, true]', 'JSON array entries must be numbers or strings, got true'],
    ['[1, null]', 'JSON array entries must be numbers or strings, got null'],
  ])('%s', (raw, problem) => {
    expect(parseJobIds(raw)).toEqual({ ok: false, problems: [problem] });
  });

  it('bad JSON names the parser’s complaint', () => {
    const result = parseJobIds('[1, 2');
    expect(result.ok ? [] : result.problems).toEqual([
      expect.stringMatching(/^looks like a JSON array but is not valid JSON \(.+\)$/),
    ]);
  });

  it('JSON strings are trimmed; empty entries and repeats drop out', () => {
    expect(parseJobIds('[" 7 ", "", 7, "0007"]')).toEqual({ ok: true, ids: ['7'] });
    expect(parseJobIds(' ,1,,\n2 ,')).toEqual({ ok: true, ids: ['1', '2'] });
  });
});
