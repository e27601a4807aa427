/** The export summary read whole: one job with files and a request ID, and a dry run without region. */
import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../src/summary.ts';

const row = (name: string, value: string) => `<tr><th align="left">${name}</th><td>${value}</td></tr>`;

describe('the export summary, whole', () => {
  it('one job, its ZIP, the message, request ID, trigger, jobs and files', () => {
    expect(
      renderSummary({
        jobIds: ['146'],
        jobs: [{ id: '146', name: 'orders' }],
        obsDir: 'b/d',
        region: 'eu-de',
        endpoint: 'https://dli.eu-de.otc.t-systems.com',
        result: { zipFiles: ['b/d/a.zip'], message: 'ok', requestId: 'r1' },
        trigger: 'push on main in o/r',
        files: [{ path: '/w/a.zip', size: 12, sha256: 'abc' }],
      }),
    ).toBe(
      '<h2>DLI Flink job export</h2>\n<table>' +
        row('Exported', '1 job: <code>146</code>') +
        row('Target directory', '<code>obs://b/d</code>') +
        row('Region / endpoint', 'eu-de (<code>https://dli.eu-de.otc.t-systems.com</code>)') +
        row('ZIP files', '<ul><li><code>obs://b/d/a.zip</code></li></ul>') +
        row('DLI message', 'ok') +
        row('Request ID', '<code>r1</code>') +
        row('Triggered by', 'push on main in o/r') +
        '</table>\n' +
        '<h3>Exported jobs (1)</h3>\n<table><tr><th>ID</th><th>Name</th><th>Status</th></tr>' +
        '<tr><td><code>146</code></td><td>orders</td><td></td></tr></table>\n' +
        '<h3>Downloaded files (1)</h3>\n<table><tr><th>File</th><th>Bytes</th><th>SHA-256</th></tr>' +
        '<tr><td><code>/w/a.zip</code></td><td align="right">12</td><td><code>abc</code></td></tr></table>\n',
    );
  });

  it('an export with no message and no ZIP', () => {
    const html = renderSummary({
      jobIds: [],
      obsDir: 'b/d',
      endpoint: 'https://dli.example',
      result: { zipFiles: [], message: '' },
    });
    expect(html).toContain(row('Exported', 'all jobs of the project'));
    expect(html).toContain(row('ZIP files', 'none returned'));
    expect(html).toContain(row('DLI message', '(none)'));
    expect(html).toContain(row('Region / endpoint', '<code>https://dli.example</code>'));
    expect(html).not.toContain('Request ID');
    expect(html).not.toContain('<h3>');
  });

  it('several ZIPs, jobs and files: one list item or row each', () => {
    const html = renderSummary({
      jobIds: ['1', '2'],
      jobs: [
        { id: '1', name: 'a', status: 'job_running' },
        { id: '2', name: 'b' },
      ],
      obsDir: 'b/d',
      endpoint: 'https://dli.example',
      result: { zipFiles: ['b/d/a.zip', 'b/d/b.zip'], message: 'ok' },
      files: [
        { path: '/w/a.zip', size: 1, sha256: 's1' },
        { path: '/w/b.zip', size: 2, sha256: 's2' },
      ],
    });
    expect(html).toContain(
      row('ZIP files', '<ul><li><code>obs://b/d/a.zip</code></li><li><code>obs://b/d/b.zip</code></li></ul>'),
    );
    expect(html).toContain(
      '<h3>Exported jobs (2)</h3>\n<table><tr><th>ID</th><th>Name</th><th>Status</th></tr><tr><td><code>1</code></td><td>a</td><td>job_running</td></tr><tr><td><code>2</code></td><td>b</td><td></td></tr></table>\n',
    );
    expect(html).toContain(
      '<h3>Downloaded files (2)</h3>\n<table><tr><th>File</th><th>Bytes</th><th>SHA-256</th></tr><tr><td><code>/w/a.zip</code></td><td align="right">1</td><td><code>s1</code></td></tr><tr><td><code>/w/b.zip</code></td><td align="right">2</td><td><code>s2</code></td></tr></table>\n',
    );
  });

  it('a dry run: the plan only', () => {
    expect(
      renderSummary({
        jobIds: ['1', '2'],
        jobs: [],
        obsDir: 'b/d',
        endpoint: 'https://dli.example',
        files: [],
      }),
    ).toBe(
      '<h2>DLI Flink job export (dry run: nothing was exported)</h2>\n<table>' +
        row('Exported', '2 jobs: <code>1</code>, <code>2</code>') +
        row('Target directory', '<code>obs://b/d</code>') +
        row('Region / endpoint', '<code>https://dli.example</code>') +
        '</table>\n',
    );
  });
});
