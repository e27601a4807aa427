/** release-assets: the input rules and reading the release from the event payload. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReleaseTarget, releaseInputProblems } from '../../../src/release/event.ts';

describe('releaseInputProblems', () => {
  it('has nothing to say when release-assets is off, whatever the event', () => {
    expect(releaseInputProblems(false, 'push', undefined, undefined)).toEqual([]);
  });

  it('accepts a release event with download-dir and a token', () => {
    expect(releaseInputProblems(true, 'release', 'exports', 'ghs_x')).toEqual([]);
  });

  it('names every broken rule at once', () => {
    expect(releaseInputProblems(true, 'push', undefined, undefined)).toEqual([
      {
        input: 'release-assets',
        message:
          "works only in a workflow run by a `release` event (this run's event is `push`); use `on: release` or set release-assets to false",
      },
      {
        input: 'release-assets',
        message: 'needs `download-dir`: the files attached to the release are the downloaded ZIPs',
      },
      {
        input: 'github-token',
        message: "is required with release-assets: true (its default is the workflow's GITHUB_TOKEN)",
      },
    ]);
  });

  it('says when the event is unknown', () => {
    expect(releaseInputProblems(true, undefined, 'exports', 'ghs_x')[0]?.message).toContain(
      'unknown: GITHUB_EVENT_NAME is not set',
    );
  });
});

describe('loadReleaseTarget', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'release-event-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const payload = {
    release: {
      id: 17,
      tag_name: 'v2',
      upload_url: 'https://uploads.github.com/repos/o/r/releases/17/assets{?name,label}',
    },
    repository: { name: 'r', owner: { login: 'o' } },
  };
  async function load(content: unknown) {
    const path = join(dir, 'event.json');
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
    return loadReleaseTarget(path);
  }

  it('reads owner, repo, id, tag and upload URL', async () => {
    expect(await load(payload)).toEqual({
      owner: 'o',
      repo: 'r',
      releaseId: 17,
      tagName: 'v2',
      uploadUrl: payload.release.upload_url,
    });
  });

  it('falls back to the release ID when the tag is missing', async () => {
    expect((await load({ ...payload, release: { ...payload.release, tag_name: undefined } })).tagName).toBe('17');
  });

  it.each([
    ['GITHUB_EVENT_PATH is not set', undefined],
    ['release.id is missing', { ...payload, release: { ...payload.release, id: '17' } }],
    ['release.upload_url is missing', { ...payload, release: { ...payload.release, upload_url: 'x' } }],
    ['repository.owner.login or name is missing', { ...payload, repository: { name: 'r' } }],
    ['release.id is missing', 'null'],
    ['release.id is missing', { push: {} }],
    ['in JSON at position 1', '{not json'],
  ])('fails naming the gap: %s', async (expected, content) => {
    const attempt = content === undefined ? loadReleaseTarget(undefined) : load(content);
    await expect(attempt).rejects.toThrow(expected);
    await expect(attempt).rejects.toThrow(/^release-assets: cannot read the release from the event payload: /);
  });

  it('fails naming a file that cannot be read', async () => {
    await expect(loadReleaseTarget(join(dir, 'absent.json'))).rejects.toThrow(/absent\.json: ENOENT/);
  });
});
