/**
 * The README's promises on downloads, release assets, proxies and time limits each name the end-to-end tests that
 * keep them ("Kept by "…""): every name quoted there must be the title of a test in test/e2e/, so a renamed or
 * deleted test cannot leave a promise standing without its proof.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** The titles of every `it(…)` in test/e2e/, with white space folded. */
function e2eTitles(): Set<string> {
  const titles = new Set<string>();
  for (const file of readdirSync(new URL('test/e2e/', root)).filter((name) => name.endsWith('.test.ts'))) {
    const source = read(`test/e2e/${file}`);
    for (const match of source.matchAll(/\bit(?:\.\w+)?\(\s*(['"`])((?:\\.|(?!\1).)*)\1/gs)) {
      titles.add((match[2] ?? '').replace(/\\(['"`\\])/g, '$1').replace(/\s+/g, ' '));
    }
  }
  return titles;
}

/** The section of a Markdown text under `## heading`, up to the next `## `. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no "## ${heading}" section`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The test names a text quotes after "Kept by" (or "The tests that keep these promises"), white space folded. */
function keptBy(text: string): string[] {
  const folded = text.replace(/\s+/g, ' ');
  const names: string[] = [];
  for (const claim of folded.matchAll(/(?:Kept by|The tests that keep these promises).*?\.(?= [A-Z*`]|$)/g)) {
    for (const quoted of claim[0].matchAll(/"([^"]+)"/g)) names.push(quoted[1] ?? '');
  }
  return names;
}

describe('the README names the tests that keep its promises', () => {
  const readme = read('README.md');
  const titles = e2eTitles();

  it.each([
    ['Downloading the export', 2],
    ['Attaching the export to the release', 2],
    ['Networking', 6], // the time limits and the proxies
  ])('%s: at least %i named tests, each an end-to-end test title', (heading, least) => {
    const names = keptBy(section(readme, heading));
    expect(names.length).toBeGreaterThanOrEqual(least);
    expect(names.filter((name) => !titles.has(name))).toEqual([]);
  });

  it('the release details in docs/ name end-to-end tests too', () => {
    const names = keptBy(read('docs/downloads-and-releases.md'));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !titles.has(name))).toEqual([]);
  });

  it('the check can fail: a name that is no test title is reported', () => {
    const names = keptBy('Kept by "a test that does not exist" and "NO_PROXY bypasses the proxy". Next sentence.');
    expect(names).toEqual(['a test that does not exist', 'NO_PROXY bypasses the proxy']);
    expect(names.filter((name) => !titles.has(name))).toEqual(['a test that does not exist']);
  });
});
