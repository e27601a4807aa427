/**
 * What every run loads: dist/index.js must not hold the packages only some runs need (they sit in chunks loaded
 * only when needed), nor a second undici: the transport and @actions/http-client share one major. A structural
 * check; the timing itself is measured by `npm run bench`.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = new URL('../../dist/', import.meta.url);
const index = readFileSync(new URL('index.js', dist), 'utf8');
const modules = new URL('../../node_modules/', import.meta.url);

/** A text each package's code carries (in a file of that package), and the action's own code does not. */
const MARKERS: Record<string, [file: string, marker: string]> = {
  '@actions/core with @actions/http-client': [
    '@actions/core/lib/oidc-utils.js',
    'Unable to get ACTIONS_ID_TOKEN_REQUEST_URL',
  ],
  '@actions/github': ['@actions/github/lib/context.js', 'GITHUB_GRAPHQL_URL'],
};

describe('dist/index.js', () => {
  it.each(Object.entries(MARKERS))('does not hold %s', (_, [file, marker]) => {
    expect(readFileSync(new URL(file, modules), 'utf8')).toContain(marker);
    expect(index).not.toContain(marker);
  });

  it('holds one copy of undici', () => {
    const marker = 'Object.assign(Dispatcher.prototype, api)';
    expect(readFileSync(new URL('undici/index.js', modules), 'utf8')).toContain(marker);
    expect(index.split(marker)).toHaveLength(2);
  });

  it('stays within 3 MB', () => {
    expect(statSync(new URL('index.js', dist)).size).toBeLessThanOrEqual(3 * 1024 * 1024);
  });
});
