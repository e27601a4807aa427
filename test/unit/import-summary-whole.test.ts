/** The import summary read whole for a small import, a dry run, and the row cap. */
import { describe, expect, it } from 'vitest';
import { MAX_MAPPING_ROWS, renderImportSummary } from '../../src/import/summary.ts';

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
    const html = renderImportSummary({
      zipFiles: ['b1x/a.zip'],
      overwrite: false,
      endpoint: 'https://dli.example',
      outcome: { dryRun: false, imported: [{ zipFile: 'b1x/a.zip', message: 'ok', jobMapping }] },
    });
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
    const html = renderImportSummary({
      zipFiles: ['b1x/a.zip'],
      overwrite: false,
      endpoint: 'https://dli.example',
      outcome: { dryRun: false, imported: [{ zipFile: 'b1x/a.zip', message: 'ok', jobMapping }] },
    });
    expect(html).not.toContain('more.</p>');
  });
});
