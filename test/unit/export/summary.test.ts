/**
 * The summary as GitHub shows it: rendered as Markdown with HTML allowed (markdown-it, CommonMark with `html`), no
 * text from DLI may become an element: the whole summary stays one HTML block per line group, whatever it contains.
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { exportOutputs } from '../../../src/export/outputs.ts';
import { MAX_JOB_ROWS, renderSummary } from '../../../src/export/summary.ts';
import { cell, escapeHtml } from '../../../src/util/html.ts';

describe('summary-markdown', () => {
  const markdown = new MarkdownIt({ html: true, linkify: true });

  /** Markdown that would produce elements if it ever escaped the HTML block. */
  const PAYLOAD =
    '# Heading ![img](https://x.test/i.png) [link](https://x.test) **bold** _em_ `code` https://x.test/auto';

  const BREAKS: [string, string][] = [
    ['a lone CR', '\r'],
    ['CR CR', '\r\r'],
    ['LF LF', '\n\n'],
    ['CRLF CRLF', '\r\n\r\n'],
    ['LF CR', '\n\r'],
    ['U+2028 twice', '\u2028\u2028'],
    ['U+2029', '\u2029'],
    ['NEL', '\u0085\u0085'],
    ['VT and FF', '\v\f\v'],
    ['LF, spaces, LF', '\n   \n'],
    ['LF, tab, LF', '\n\t\n'],
  ];

  function hostileSummary(text: string): string {
    return renderSummary({
      jobIds: ['1'],
      jobs: [{ id: '1', name: text, status: text }],
      obsDir: 'b/d',
      region: 'eu-de',
      endpoint: 'https://dli.eu-de.otc.t-systems.com',
      result: { zipFiles: [`b/d/${text}.zip`], message: text, requestId: text },
      trigger: text,
    });
  }

  describe('rendered as GitHub renders Markdown', () => {
    it.each(BREAKS)('%s in DLI text produces no element', (_name, separator) => {
      const text = `x${separator}${PAYLOAD}${separator}<b>y</b>${separator}`;
      const source = hostileSummary(text);
      const tokens = markdown.parse(source, {});
      // Every top-level token is raw HTML: Markdown never parsed any part of the summary.
      expect(tokens.map((token) => token.type)).toEqual(tokens.map(() => 'html_block'));
      const html = markdown.render(source);
      expect(html).not.toMatch(/<(img|a|h1|em|strong|b|p)[\s>]/);
      expect(html).not.toContain('x.test/i.png"');
      // and what DLI said is still there, escaped
      expect(html).toContain('# Heading ![img](https://x.test/i.png)');
    });

    it('a summary without hostile text is one HTML block too (the test would see a break)', () => {
      const source = hostileSummary('plain');
      expect(markdown.parse(source, {}).every((token) => token.type === 'html_block')).toBe(true);
      // control: the same payload outside the HTML block does make elements
      expect(markdown.render(`<table>\n\n${PAYLOAD}`)).toMatch(/<h1>|<img/);
    });
  });

  describe('cells', () => {
    it('turn each line break into <br>, CRLF as one', () => {
      expect(cell('a\r\nb\rc\nd\u2028e\u2029f\u0085g\vh\fi')).toBe('a<br>b<br>c<br>d<br>e<br>f<br>g<br>h<br>i');
    });

    it('replace other control characters, keep tabs and text', () => {
      expect(cell('a\u0000b\u001bc\u007fd\u009fe\tf')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde\tf');
    });
  });

  describe('the jobs table', () => {
    const jobs = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ id: String(i + 1), name: `job-${i + 1}` }));
    const summary = (count: number) =>
      renderSummary({ jobIds: [], jobs: jobs(count), obsDir: 'b/d', endpoint: 'https://e', result: undefined });
    const rows = (html: string) => html.match(/<tr><td>/g)?.length ?? 0;

    it(`shows at most ${MAX_JOB_ROWS} rows and says how many more there are`, () => {
      const html = summary(MAX_JOB_ROWS + 7);
      expect(rows(html)).toBe(MAX_JOB_ROWS);
      expect(html).toContain(`<h3>Exported jobs (${MAX_JOB_ROWS + 7})</h3>`);
      expect(html).toContain('<p>…and 7 more.</p>');
      expect(html).toContain(`job-${MAX_JOB_ROWS}<`);
      expect(html).not.toContain(`job-${MAX_JOB_ROWS + 1}<`);
    });

    it('exactly at the limit: every row and no "more"', () => {
      const html = summary(MAX_JOB_ROWS);
      expect(rows(html)).toBe(MAX_JOB_ROWS);
      expect(html).not.toContain('more.</p>');
    });

    it('stays under the 1 MiB summary limit at the row limit, with long names', () => {
      const html = renderSummary({
        jobIds: [],
        jobs: Array.from({ length: MAX_JOB_ROWS + 1 }, (_, i) => ({
          id: String(i),
          name: 'n'.repeat(200),
          status: 'job_running',
        })),
        obsDir: 'b/d',
        endpoint: 'https://e',
      });
      expect(Buffer.byteLength(html)).toBeLessThan(1024 * 1024);
    });
  });
});

/** The export summary read whole: one job with files and a request ID, and a dry run without region. */
describe('summary: messages read whole', () => {
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
});

describe('summary', () => {
  describe('outputs', () => {
    it('lists the ZIPs unchanged, as obs:// URLs, the first one, the IDs sent and the message', () => {
      expect(exportOutputs(['9223372036854775807'], { zipFiles: ['b/x_1.zip', 'b/y_2.zip'], message: 'ok' })).toEqual({
        'zip-files': '["b/x_1.zip","b/y_2.zip"]',
        'zip-file': 'b/x_1.zip',
        'obs-urls': '["obs://b/x_1.zip","obs://b/y_2.zip"]',
        'job-ids': '["9223372036854775807"]',
        'job-names': '{}',
        message: 'ok',
      });
    });

    it('gives empty values when DLI lists no ZIP', () => {
      expect(exportOutputs([], { zipFiles: [], message: '' })).toMatchObject({
        'zip-file': '',
        'zip-files': '[]',
        'job-ids': '[]',
      });
    });
  });

  describe('job summary', () => {
    const base = {
      jobIds: ['1', '2'],
      obsDir: 'b/d',
      region: 'eu-de',
      endpoint: 'https://dli.eu-de.otc.t-systems.com',
    };

    it('shows the jobs, target, ZIPs as obs:// paths, region/endpoint and the DLI message', () => {
      const html = renderSummary({
        ...base,
        result: { zipFiles: ['b/d/a_1.zip'], message: 'Exported', requestId: 'rid' },
      });
      expect(html).toContain('2 jobs: <code>1</code>, <code>2</code>');
      expect(html).toContain('<code>obs://b/d</code>');
      expect(html).toContain('<li><code>obs://b/d/a_1.zip</code></li>');
      expect(html).toContain('eu-de (<code>https://dli.eu-de.otc.t-systems.com</code>)');
      expect(html).toContain('<td>Exported</td>');
    });

    it('says "all jobs" when no IDs were given', () => {
      expect(renderSummary({ ...base, jobIds: [], result: { zipFiles: [], message: '' } })).toContain(
        'all jobs of the project',
      );
    });

    it('marks a dry run', () => {
      expect(renderSummary(base)).toContain('dry run: nothing was exported');
    });

    it('escapes every string from the server or inputs, and keeps it on one line', () => {
      const html = renderSummary({
        ...base,
        obsDir: 'b/<img src=x>',
        result: { zipFiles: ['b/"><script>x</script>.zip'], message: 'a\n\n<b>bold</b> & more' },
        trigger: "release <v1> 'x'",
      });
      expect(html).not.toMatch(/<script>|<img|<b>/);
      expect(html).toContain('a<br><br>&lt;b&gt;bold&lt;/b&gt; &amp; more');
      expect(html).toContain('release &lt;v1&gt; &#39;x&#39;');
      expect(html.trimEnd().split('\n')).toHaveLength(2);
    });

    it('escapes the five HTML metacharacters', () => {
      expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    });
  });
});
