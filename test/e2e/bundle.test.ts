/**
 * What every run loads: dist/index.js holds `@actions/core` (with `@actions/http-client` and undici), as the action
 * writes everything to the runner through it, but not `@actions/github`, which sits in a chunk loaded only to attach
 * release assets; one undici only (the transport and @actions/http-client share one major); and it stays within the
 * size issue 17 sets. A structural check; the timing itself is measured by `npm run bench`.
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
const marker = (name: string) => {
  const [file, text] = MARKERS[name] ?? ['', ''];
  expect(readFileSync(new URL(file, modules), 'utf8')).toContain(text);
  return text;
};

describe('dist/index.js', () => {
  it('holds @actions/core with @actions/http-client', () => {
    expect(index).toContain(marker('@actions/core with @actions/http-client'));
  });

  it('does not hold @actions/github', () => {
    expect(index).not.toContain(marker('@actions/github'));
  });

  it('holds one copy of undici', () => {
    const undici = 'Object.assign(Dispatcher.prototype, api)';
    expect(readFileSync(new URL('undici/index.js', modules), 'utf8')).toContain(undici);
    expect(index.split(undici)).toHaveLength(2);
  });

  it('stays within 3 MB', () => {
    expect(statSync(new URL('index.js', dist)).size).toBeLessThanOrEqual(3 * 1024 * 1024);
  });
});
