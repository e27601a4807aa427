import { describe, expect, it } from 'vitest';
import { parseZipFiles } from '../../src/import/zip-files.ts';

describe('the zip-file input', () => {
  it.each([
    ['a ZIP', 'dli-backups/rel/v1/a.zip', ['dli-backups/rel/v1/a.zip']],
    ['an obs:// URL', 'obs://dli-backups/rel/a.zip', ['dli-backups/rel/a.zip']],
    ['OBS:// in capitals', 'OBS://dli-backups/a.zip', ['dli-backups/a.zip']],
    ['a folder with a trailing slash', ' obs://dli-backups/rel/v1/ ', ['dli-backups/rel/v1']],
    ['a bucket alone', 'dli-backups', ['dli-backups']],
    [
      'the export’s zip-files output',
      '["dli-backups/rel/a.zip", "obs://dli-backups/rel/b.zip"]',
      ['dli-backups/rel/a.zip', 'dli-backups/rel/b.zip'],
    ],
    ['a JSON array with a repeat (imported once)', '["b1x/a.zip", "obs://b1x/a.zip"]', ['b1x/a.zip']],
  ])('accepts %s', (_name, raw, paths) => {
    expect(parseZipFiles(raw)).toEqual({ ok: true, paths });
  });

  it.each([
    ['a bad bucket', 'Bad_Bucket/a.zip', /bucket "Bad_Bucket" may contain only lower-case/],
    ['an empty folder name', 'dli-backups//a.zip', /empty folder name/],
    ['a control character', 'dli-backups/a\u0007.zip', /control character/],
    ['a backslash', 'dli-backups/a\\b.zip', /backslash/],
    ['only a scheme', 'obs://', /is not an OBS path/],
    ['invalid JSON', '["a.zip"', /not valid JSON/],
    ['a JSON array of numbers', '[1, 2]', /JSON array of OBS paths/],
    ['an empty JSON array', '[]', /empty/],
    ['a key longer than OBS allows', `dli-backups/${'k'.repeat(1025)}`, /longer than the 1024/],
    [
      'a ZIP inside a folder also listed',
      '["dli-backups/rel", "dli-backups/rel/a.zip"]',
      /"dli-backups\/rel\/a.zip" is inside the folder "dli-backups\/rel".*imported twice/,
    ],
  ])('rejects %s', (_name, raw, problem) => {
    const result = parseZipFiles(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('\n')).toMatch(problem);
  });

  it('a key of exactly 1024 characters, the most OBS allows, is accepted', () => {
    const path = `dli-backups/${'k'.repeat(1024)}`;
    expect(parseZipFiles(path)).toEqual({ ok: true, paths: [path] });
  });

  it('reports every bad entry of an array', () => {
    const result = parseZipFiles('["Bad/a.zip", "ok-bucket/a.zip", "x"]');
    expect(result.ok ? [] : result.problems).toHaveLength(2);
  });
});
