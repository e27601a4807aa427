/** The snapshot's summary as GitHub shows it (markdown-it with HTML, as the export's summary test reads it). */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/http/errors.ts';
import type { SnapshotOutcome } from '../../../src/snapshot/run.ts';
import { MAX_NAMES_SHOWN, renderSnapshotSummary } from '../../../src/snapshot/summary.ts';
import { pre } from '../../../src/util/html.ts';

const markdown = new MarkdownIt({ html: true, linkify: true });
const outcome = (over: Partial<SnapshotOutcome> = {}): SnapshotOutcome => ({
  dryRun: false,
  failOnDrift: false,
  listed: 3,
  compared: 3,
  added: [],
  changed: [],
  removed: [],
  unchanged: 3,
  filesTouched: 0,
  diffs: [],
  diffsLeftOut: 0,
  ...over,
});
const render = (over: Partial<SnapshotOutcome> = {}, name = 'p') =>
  renderSnapshotSummary({
    path: 'dli-jobs',
    projectId: name,
    region: 'eu-de',
    endpoint: 'https://dli.eu-de.otc.t-systems.com',
    selection: 'every Flink job',
    outcome: outcome(over),
    trigger: 'schedule',
  });

describe('snapshot summary', () => {
  it('counts, and no drift', () => {
    const html = render();
    expect(html).toContain('<h2>DLI Flink job snapshot</h2>');
    expect(html).toContain('no: 0 added, 0 changed, 0 removed, 3 unchanged');
  });

  it('hostile text in names and diffs never becomes an element, blank lines included', () => {
    const hostile = '<img src=x>\n\n![x](https://e.test/i.png)\n| a | b |\n|---|---|\n\n```\n</pre><b>x</b>\n   \n# h';
    const html = markdown.render(
      render(
        {
          added: [hostile],
          changed: [hostile],
          diffs: [{ name: hostile, diff: `--- a\n+++ b\n@@ -1 +1 @@\n-${hostile}\n+${hostile}\n`, truncated: true }],
        },
        hostile,
      ),
    );
    for (const element of ['<img', '<b>', '<h1', '<table>\n<thead', '<code>`', '<a '])
      expect(html).not.toContain(element);
    expect(html).toContain('diff cut');
  });

  it('pre(): escaped, control characters replaced, on lines of its own', () => {
    expect(pre('a<b\u0007\r\nc')).toBe('\n\n<pre>\na&lt;b\ufffd\nc</pre>\n\n');
  });

  it('long name lists are cut and counted; failures and dry runs are said', () => {
    const names = Array.from({ length: MAX_NAMES_SHOWN + 5 }, (_, index) => `job-${index}`);
    const html = render({
      added: names,
      dryRun: true,
      failure: new ActionError('Snapshot incomplete'),
      diffsLeftOut: 2,
      changed: ['x'],
    });
    expect(html).toContain('…and 5 more');
    expect(html).toContain('dry run: nothing written or deleted');
    expect(html).toContain('Snapshot incomplete');
    expect(html).toContain('2 more changed job(s) without a diff here');
  });
});
