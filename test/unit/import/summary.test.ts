/** The import summary read whole for a small import, a dry run, and the row cap. */
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/http/errors.ts';
import { importOutputs } from '../../../src/import/outputs.ts';
import { MAX_MAPPING_ROWS, renderImportSummary } from '../../../src/import/summary.ts';

/** The summary of one ZIP, b1x/a.zip, imported with this job mapping. */
const summaryOfOneZip = (jobMapping: { oldJobId: string; newJobId: string; remark: string }[]) =>
  renderImportSummary({
    zipFiles: ['b1x/a.zip'],
    overwrite: false,
    endpoint: 'https://dli.example',
    outcome: { dryRun: false, imported: [{ zipFile: 'b1x/a.zip', message: 'ok', jobMapping }] },
  });

describe('import-summary: messages read whole', () => {
  describe('the import summary, whole', () => {
    it('an import without region or trigger', () => {
      expect(
        renderImportSummary({
          zipFiles: ['b1x/a.zip'],
          overwrite: false,
          endpoint: 'https://dli.example',
          outcome: {
            dryRun: false,
            imported: [
              {
                zipFile: 'b1x/a.zip',
                message: '',
                jobMapping: [
                  { oldJobId: '1', newJobId: '11', remark: 'created' },
                  { oldJobId: '2', newJobId: '-1', remark: 'exists' },
                ],
              },
            ],
          },
        }),
      ).toBe(
        '<h2>DLI Flink job import</h2>\n<table>' +
          '<tr><th align="left">ZIP files</th><td><ul><li><code>obs://b1x/a.zip</code></li></ul></td></tr>' +
          '<tr><th align="left">Overwrite</th><td>no</td></tr>' +
          '<tr><th align="left">Region / endpoint</th><td><code>https://dli.example</code></td></tr>' +
          '<tr><th align="left">DLI on <code>b1x/a.zip</code></th><td>(no message)</td></tr>' +
          '</table>\n' +
          '<h3>Jobs (2)</h3>\n<table><tr><th>Old ID</th><th></th><th>New ID</th><th>Remark</th></tr>' +
          '<tr><td><code>1</code></td><td>→</td><td><code>11</code></td><td>created</td></tr>' +
          '<tr><td><code>2</code></td><td>→</td><td>skipped (name exists)</td><td>exists</td></tr></table>\n',
      );
    });

    it('a dry run: its title, no DLI rows and no jobs', () => {
      expect(
        renderImportSummary({
          zipFiles: ['b1x/a.zip', 'b1x/b.zip'],
          overwrite: true,
          region: 'eu-de',
          endpoint: 'https://dli.example',
          outcome: { dryRun: true, requests: [] },
          trigger: 'push on main',
        }),
      ).toBe(
        '<h2>DLI Flink job import (dry run: nothing was imported)</h2>\n<table>' +
          '<tr><th align="left">ZIP files</th><td><ul><li><code>obs://b1x/a.zip</code></li><li><code>obs://b1x/b.zip</code></li></ul></td></tr>' +
          '<tr><th align="left">Overwrite</th><td>yes: jobs of the same name are replaced and become Draft</td></tr>' +
          '<tr><th align="left">Region / endpoint</th><td>eu-de (<code>https://dli.example</code>)</td></tr>' +
          '<tr><th align="left">Triggered by</th><td>push on main</td></tr>' +
          '</table>\n',
      );
    });

    it('beyond the row cap: the count, the first rows, and how many more', () => {
      const jobMapping = Array.from({ length: MAX_MAPPING_ROWS + 3 }, (_, index) => ({
        oldJobId: String(index + 1),
        newJobId: String(index + 10_001),
        remark: '',
      }));
      const html = summaryOfOneZip(jobMapping);
      expect(html).toContain(`<h3>Jobs (${MAX_MAPPING_ROWS + 3})</h3>`);
      expect(html.match(/<td>→<\/td>/g)).toHaveLength(MAX_MAPPING_ROWS);
      expect(html.endsWith('</table>\n<p>…and 3 more.</p>\n')).toBe(true);
    });

    it('exactly at the cap: no "more" line', () => {
      const jobMapping = Array.from({ length: MAX_MAPPING_ROWS }, (_, index) => ({
        oldJobId: String(index + 1),
        newJobId: '-1',
        remark: '',
      }));
      const html = summaryOfOneZip(jobMapping);
      expect(html).not.toContain('more.</p>');
    });
  });
});

describe('import-summary', () => {
  const mapping = [
    { oldJobId: '9223372036854775807', newJobId: '9223372036854770001', remark: 'Job created' },
    { oldJobId: '146', newJobId: '-1', remark: 'A job named <b>x</b> exists' },
  ];

  describe('import outputs', () => {
    it('hold the mapping with exact decimal strings, the new IDs without -1, and the skipped old IDs', () => {
      expect(importOutputs(mapping)).toEqual({
        'job-mapping':
          '[{"old_job_id":"9223372036854775807","new_job_id":"9223372036854770001","remark":"Job created"},' +
          '{"old_job_id":"146","new_job_id":"-1","remark":"A job named <b>x</b> exists"}]',
        'new-job-ids': '["9223372036854770001"]',
        'skipped-job-ids': '["146"]',
      });
    });

    it('are empty arrays when nothing was imported', () => {
      expect(importOutputs([])).toEqual({ 'job-mapping': '[]', 'new-job-ids': '[]', 'skipped-job-ids': '[]' });
    });
  });

  describe('import summary', () => {
    const base = { zipFiles: ['b1x/a.zip', 'b1x/<b>.zip'], overwrite: false, endpoint: 'https://dli.example' };

    it('shows old → new per job, escaped, and each ZIP with DLI’s message and request ID', () => {
      const html = renderImportSummary({
        ...base,
        region: 'eu-de',
        trigger: 'release on v1 in o/r (run 1)',
        outcome: {
          dryRun: false,
          imported: [{ zipFile: 'b1x/a.zip', jobMapping: mapping, message: 'Imported <1>', requestId: 'rid-1' }],
        },
      });
      expect(html).toMatch(/^<h2>DLI Flink job import<\/h2>/);
      expect(html).toContain(
        '<td><code>9223372036854775807</code></td><td>→</td><td><code>9223372036854770001</code></td>',
      );
      expect(html).toContain('<td>skipped (name exists)</td><td>A job named &lt;b&gt;x&lt;/b&gt; exists</td>');
      expect(html).toContain('obs://b1x/&lt;b&gt;.zip');
      expect(html).toContain('Imported &lt;1&gt; (request ID <code>rid-1</code>)');
      expect(html).toContain('eu-de (<code>https://dli.example</code>)');
      expect(html).toContain('release on v1 in o/r (run 1)');
      expect(html).not.toMatch(/<b>/);
    });

    it('names the failed ZIP and keeps the jobs imported before it', () => {
      const html = renderImportSummary({
        ...base,
        overwrite: true,
        outcome: {
          dryRun: false,
          imported: [{ zipFile: 'b1x/a.zip', jobMapping: mapping.slice(0, 1), message: '' }],
          failed: { zipFile: 'b1x/<b>.zip', error: new ActionError('DLI import failed', { serviceMessage: '<x>' }) },
        },
      });
      expect(html).toMatch(/^<h2>DLI Flink job import \(failed\)<\/h2>/);
      expect(html).toContain(
        '<th align="left">Failed</th><td><code>obs://b1x/&lt;b&gt;.zip</code>: DLI import failed: &lt;x&gt;</td>',
      );
      expect(html).toContain('(no message)');
      expect(html).toContain('yes: jobs of the same name are replaced and become Draft');
      expect(html).toContain('<h3>Jobs (1)</h3>');
    });

    it('says a dry run imported nothing', () => {
      const html = renderImportSummary({ ...base, outcome: { dryRun: true, requests: [] } });
      expect(html).toMatch(/dry run: nothing was imported/);
      expect(html).not.toMatch(/<h3>/);
    });

    it('caps the table', () => {
      const many = Array.from({ length: MAX_MAPPING_ROWS + 5 }, (_, i) => ({
        oldJobId: `${i + 1}`,
        newJobId: `${i + 9}`,
        remark: '',
      }));
      const html = renderImportSummary({
        ...base,
        outcome: { dryRun: false, imported: [{ zipFile: 'b1x/a.zip', jobMapping: many, message: 'ok' }] },
      });
      expect(html).toContain('<p>…and 5 more.</p>');
      expect(html.match(/<tr><td>/g)).toHaveLength(MAX_MAPPING_ROWS);
    });
  });

  describe('with local files', () => {
    const local = {
      path: '/ws/a <b>.zip',
      name: 'a <b>.zip',
      size: 123,
      md5: 'a'.repeat(32),
      sha256: 'c'.repeat(64),
    };
    it('an upload and its import: the folder, each file with size, SHA-256 and object, then the mapping', () => {
      const html = renderImportSummary({
        zipFiles: [],
        uploadDir: 'b1x/restore',
        overwrite: false,
        endpoint: 'https://dli.example',
        outcome: {
          dryRun: false,
          uploaded: [{ ...local, object: 'b1x/restore/a <b>.zip', etag: 'e', encryption: 'kms', attempts: 2 }],
          imported: [
            {
              zipFile: 'b1x/restore/a <b>.zip',
              message: 'ok',
              jobMapping: [{ oldJobId: '1', newJobId: '11', remark: 'created' }],
            },
          ],
        },
      });
      expect(html).toContain(
        '<tr><th align="left">Local files</th><td>uploaded to <code>obs://b1x/restore</code>, then imported one by one</td></tr>',
      );
      expect(html).toContain(
        `<h3>Uploaded files (1)</h3>\n<table><tr><th>File</th><th>Bytes</th><th>SHA-256</th><th>Uploaded to</th></tr><tr><td><code>/ws/a &lt;b&gt;.zip</code></td><td align="right">123</td><td><code>${'c'.repeat(64)}</code></td><td><code>obs://b1x/restore/a &lt;b&gt;.zip</code> (encrypted: kms)</td></tr></table>\n<h3>Jobs (1)</h3>`,
      );
      expect(html).not.toContain('ZIP files');
    });

    it('a dry run lists the files it would upload', () => {
      const html = renderImportSummary({
        zipFiles: [],
        uploadDir: 'b1x/restore',
        overwrite: false,
        endpoint: 'https://dli.example',
        outcome: { dryRun: true, requests: [], uploads: [{ file: local, object: 'b1x/restore/a <b>.zip', url: 'x' }] },
      });
      expect(html).toContain('<h3>Files to upload (dry run: nothing was sent) (1)</h3>');
      expect(html).not.toContain('encrypted');
    });
  });
});
