import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/html.ts';
import { exportOutputs } from '../../src/outputs.ts';
import { renderSummary } from '../../src/summary.ts';

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
  const base = { jobIds: ['1', '2'], obsDir: 'b/d', region: 'eu-de', endpoint: 'https://dli.eu-de.otc.t-systems.com' };

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
