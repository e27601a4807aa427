/**
 * The summary as GitHub shows it: rendered as Markdown with HTML allowed (markdown-it, CommonMark with `html`), no
 * text from DLI may become an element: the whole summary stays one HTML block per line group, whatever it contains.
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { cell } from '../../src/html.ts';
import { MAX_JOB_ROWS, renderSummary } from '../../src/summary.ts';

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
