/** GitHub's failures as one line: the message from each body shape, and every hint whole. */
import { describe, expect, it } from 'vitest';
import { githubError } from '../../src/release/assets.ts';

const answered = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
  status,
  message: 'octokit says',
  response: { headers, data },
});

describe('githubError', () => {
  it.each([
    [
      403,
      { message: 'Resource not accessible by integration' },
      'x: HTTP 403: Resource not accessible by integration (request ID R). Hint: the token may not write releases: add `permissions: contents: write` to the workflow or job (or give `github-token` a token that may)',
    ],
    [
      403,
      { message: 'API RATE LIMIT exceeded for installation' },
      'x: HTTP 403: API RATE LIMIT exceeded for installation (request ID R). Hint: GitHub is rate-limiting this token; re-run later',
    ],
    [
      401,
      { message: 'Bad credentials' },
      'x: HTTP 401: Bad credentials (request ID R). Hint: `github-token` is invalid or expired',
    ],
    [
      404,
      { message: 'Not Found' },
      'x: HTTP 404: Not Found (request ID R). Hint: the release or repository was not found with this token; was the release deleted?',
    ],
    [
      422,
      { message: 'Validation Failed' },
      'x: HTTP 422: Validation Failed (request ID R). Hint: GitHub refused the asset (an asset of that name may have been added meanwhile); re-run the step',
    ],
    [500, { message: 'Server Error' }, 'x: HTTP 500: Server Error (request ID R)'],
    [400, { message: 'Problems parsing JSON' }, 'x: HTTP 400: Problems parsing JSON (request ID R)'],
  ])('HTTP %i %j', (status, data, line) => {
    expect(githubError('x', answered(status, data, { 'x-github-request-id': 'R' })).describe()).toBe(line);
  });

  it('a text body: trimmed, its first 200 characters', () => {
    expect(githubError('x', answered(502, `  ${'b'.repeat(300)}\n`)).serviceMessage).toBe('b'.repeat(200));
    expect(githubError('x', answered(502, '<h1>Bad gateway</h1>')).describe()).toBe(
      'x: HTTP 502: <h1>Bad gateway</h1>',
    );
  });

  it('a blank body or one without a message: Octokit’s own message', () => {
    expect(githubError('x', answered(502, '  ')).serviceMessage).toBe('octokit says');
    expect(githubError('x', answered(502, { message: 7 })).serviceMessage).toBe('octokit says');
    expect(githubError('x', answered(502, null)).serviceMessage).toBe('octokit says');
    expect(githubError('x', answered(403, undefined)).hint).toMatch(/^the token may not write releases/);
  });

  it('no answer: no status, the network error named, and the network hint, whatever the status says', () => {
    const cause = { status: 500, message: 'connect ECONNREFUSED 127.0.0.1:9' };
    const error = githubError('Could not list the release assets', cause);
    expect(error.describe()).toBe(
      'Could not list the release assets: no answer from GitHub (connect ECONNREFUSED 127.0.0.1:9). Hint: check the network path to GitHub (GITHUB_API_URL, proxy settings); the step may be re-run',
    );
    expect(error.cause).toBe(cause);
    expect(githubError('y', {}).describe()).toBe(
      'y: no answer from GitHub (network error). Hint: check the network path to GitHub (GITHUB_API_URL, proxy settings); the step may be re-run',
    );
  });
});
