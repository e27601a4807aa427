/** The local-files input: the forms it takes, paths resolved against the workspace, each once. Pure. */
import { describe, expect, it } from 'vitest';
import { parseLocalFiles } from '../../../src/import/local-files.ts';

describe('parseLocalFiles', () => {
  it.each([
    ['one relative path', 'exports/a.zip', ['/ws/exports/a.zip']],
    ['an absolute path, normalised', '/tmp/x/../a.zip', ['/tmp/a.zip']],
    ['a newline list with blank lines', 'a.zip\n\n  b.zip  \n', ['/ws/a.zip', '/ws/b.zip']],
    ['a comma list', 'a.zip, b.zip,c.zip', ['/ws/a.zip', '/ws/b.zip', '/ws/c.zip']],
    ['a JSON array (the export’s files output), commas kept', '["/r/a,1.zip", "b.zip"]', ['/r/a,1.zip', '/ws/b.zip']],
    ['the same file twice, kept once', 'a.zip\n./a.zip\n/ws/a.zip', ['/ws/a.zip']],
    ['a folder', 'exports/', ['/ws/exports']],
  ])('%s', (_name, raw, paths) => {
    expect(parseLocalFiles(raw, '/ws')).toEqual({ ok: true, paths });
  });

  it.each([
    ['an empty list', ' , \n', 'names no file: give at least one ZIP or folder'],
    ['an empty JSON array', '[]', 'names no file: give at least one ZIP or folder'],
    ['invalid JSON', '["a.zip"', /^looks like a JSON array but is not valid JSON/],
    ['a JSON array of numbers', '[1]', 'must be a JSON array of file paths (strings), like the export’s files output'],
    ['a control character', '["a\\u0007.zip"]', '"a\\u0007.zip" contains a control character'],
  ])('refuses %s', (_name, raw, problem) => {
    const result = parseLocalFiles(raw, '/ws');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([
      typeof problem === 'string' ? problem : expect.stringMatching(problem),
    ]);
  });
});
