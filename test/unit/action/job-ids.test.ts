/** The job-ids problems read whole, and the bounds: the largest ID, zero, long tokens shortened. */
import { describe, expect, it } from 'vitest';
import { normalizeJobId, parseJobIds } from '../../../src/action/job-ids.ts';

describe('job-ids: messages read whole', () => {
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
});

describe('job-ids', () => {
  describe('job-ids input', () => {
    it.each([
      ['empty means all jobs', '', []],
      ['blank lines mean all jobs', ' \n \n', []],
      ['commas', '1,2,3', ['1', '2', '3']],
      ['spaces and newlines', '10 20\n30\r\n40', ['10', '20', '30', '40']],
      ['commas with spaces and a trailing comma', '5, 6, ', ['5', '6']],
      ['a JSON array of numbers', '[7, 8]', ['7', '8']],
      ['a JSON array of strings', '["7", " 8 "]', ['7', '8']],
      ['the largest 64-bit ID, exactly', '9223372036854775807', ['9223372036854775807']],
      [
        'a JSON array with IDs above 2^53, exactly',
        '[9007199254740993, 9223372036854775806]',
        ['9007199254740993', '9223372036854775806'],
      ],
      ['duplicates dropped, first order kept', '3,1,3,2,1', ['3', '1', '2']],
      ['leading zeros normalised and deduplicated', '007, 7', ['7']],
    ])('accepts %s', (_name, raw, expected) => {
      expect(parseJobIds(raw)).toEqual({ ok: true, ids: expected });
    });

    it.each([
      ['zero', '0', /not a positive job ID/],
      ['a negative number', '-5', /not a positive whole number/],
      ['a decimal', '1.5', /not a positive whole number/],
      ['an exponent in JSON', '[1e3]', /not a positive whole number/],
      ['a number above 2^63-1', '9223372036854775808', /larger than the largest job ID/],
      ['a name', 'orders', /not a positive whole number/],
      ['broken JSON', '[1, 2', /not valid JSON/],
      ['a JSON array with an object', '[{"id": 1}]', /numbers or strings/],
    ])('rejects %s', (_name, raw, message) => {
      const result = parseJobIds(raw);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.join('; ')).toMatch(message);
    });

    it('reports every bad ID, not just the first', () => {
      expect(parseJobIds('1, x, 2, -3')).toEqual({
        ok: false,
        problems: ['"x" is not a positive whole number', '"-3" is not a positive whole number'],
      });
    });
  });
});
