/** The `zip-file` input's problems read whole, its edges (1024 characters, duplicates, folders), and the import's hints. */
import { describe, expect, it } from 'vitest';
import { IMPORT_HINTS, readImportResponse } from '../../../src/dli/import.ts';
import type { ActionError } from '../../../src/http/errors.ts';
import { parseZipFiles } from '../../../src/import/zip-files.ts';

describe('zip-files: messages read whole', () => {
  describe('zip-file problems, whole', () => {
    it.each([
      ['[]', 'the JSON array is empty: name at least one ZIP'],
      ['["a", 1]', 'must be a JSON array of OBS paths (strings), like the export’s zip-files output'],
      ['[{"a": 1}]', 'must be a JSON array of OBS paths (strings), like the export’s zip-files output'],
    ])('%s', (raw, problem) => {
      expect(parseZipFiles(raw)).toEqual({ ok: false, problems: [problem] });
    });

    it('invalid JSON names the parser’s complaint', () => {
      const result = parseZipFiles('["a.zip"');
      expect(result.ok ? [] : result.problems).toEqual([
        expect.stringMatching(/^looks like a JSON array but is not valid JSON \(.+\)$/),
      ]);
    });

    it('the same ZIP twice is imported once, in first order', () => {
      expect(parseZipFiles('["b-1/a.zip", "obs://b-1/b.zip", "b-1/a.zip/"]')).toEqual({
        ok: true,
        paths: ['b-1/a.zip', 'b-1/b.zip'],
      });
    });

    it('a folder and a ZIP inside it, in either order, is reported whole', () => {
      const problem =
        '"b-1/rel/a.zip" is inside the folder "b-1/rel", which is listed too: its jobs would be imported twice';
      expect(parseZipFiles('["b-1/rel/a.zip", "b-1/rel"]')).toEqual({ ok: false, problems: [problem] });
      expect(parseZipFiles('["b-1/rel", "b-1/release.zip"]')).toMatchObject({ ok: true });
    });
  });

  describe('the import’s hints, whole', () => {
    const failure = (body: string, status: number) => {
      try {
        readImportResponse({ status, headers: {}, body, requestId: 'r' });
      } catch (error) {
        return error as ActionError;
      }
      throw new Error('expected a failure');
    };

    it.each(Object.entries(IMPORT_HINTS.codes))('%s', (code, hint) => {
      expect(failure(`{"error_code":"${code}","error_msg":"m"}`, 400).describe()).toBe(
        `DLI import failed: HTTP 400 ${code}: m (request ID r). Hint: ${hint}`,
      );
    });

    it('HTTP 403: the permission it needs', () => {
      expect(failure('{"error_code":"DLI.0013","error_msg":"denied"}', 403).describe()).toBe(
        'DLI import failed: HTTP 403 DLI.0013: denied (request ID r). Hint: importing jobs needs the `dli:jobs:create` permission in this project',
      );
    });

    it('is_success false: what to check', () => {
      expect(failure('{"is_success":false,"message":"queue q1 not found"}', 200).describe()).toBe(
        'DLI import failed: DLI reported is_success=false: queue q1 not found (request ID r). Hint: check that the ZIP was exported by DLI and that the queues and agencies its jobs use exist in this project',
      );
    });

    it('negative and zero-padded IDs are whole numbers, written canonically', () => {
      const result = readImportResponse({
        status: 200,
        headers: {},
        body: '{"is_success":true,"job_mapping":[{"old_job_id":"007","new_job_id":-1,"remark":null}]}',
      });
      expect(result.jobMapping).toEqual([{ oldJobId: '7', newJobId: '-1', remark: '' }]);
      expect(failure('{"is_success":true,"job_mapping":[{"old_job_id":"1.5","new_job_id":1}]}', 200).message).toMatch(
        /^DLI import failed: unexpected response shape \(.*must be a whole number/,
      );
    });
  });
});

describe('zip-files', () => {
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
});
