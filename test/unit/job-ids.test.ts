import { describe, expect, it } from 'vitest';
import { parseJobIds } from '../../src/job-ids.ts';

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
