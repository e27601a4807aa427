/**
 * The GitHub release-asset stand-in as GitHub documents it ("REST API endpoints for release assets",
 * https://docs.github.com/rest/releases/assets): asset states, the 502 that leaves an empty `starter` asset, the
 * rename (PATCH name) and its clash, `digest` present or absent (GitHub Enterprise Server), a clock that moves.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_TOKEN, type Emulator, startEmulator } from './server.ts';

let emulator: Emulator;
let clock = new Date('2026-12-07T10:00:00Z');

beforeAll(async () => {
  emulator = await startEmulator({ now: () => clock });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const auth = { authorization: `Bearer ${DEFAULT_GITHUB_TOKEN}` };
const assetsUrl = () => `${emulator.url}/repos/octo-org/octo-repo/releases/4711/assets`;
const assetUrl = (id: number) => `${emulator.url}/repos/octo-org/octo-repo/releases/assets/${id}`;

async function upload(name: string, bytes: Buffer): Promise<Response> {
  return fetch(`${emulator.url}/uploads/repos/octo-org/octo-repo/releases/4711/assets?name=${name}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/zip', 'content-length': String(bytes.length) },
    body: bytes,
  });
}

async function json(
  response: Response | Promise<Response>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await response;
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}

describe('github release assets', () => {
  it('a complete upload is `uploaded` with its size and sha256 digest, stamped by the clock', async () => {
    const bytes = Buffer.from('zip bytes');
    const created = await json(upload('a.zip', bytes));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'a.zip',
      state: 'uploaded',
      size: bytes.length,
      digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
      created_at: '2026-12-07T10:00:00.000Z',
    });
    const got = await json(fetch(assetUrl(created.body.id as number), { headers: auth }));
    expect(got.body).toEqual(created.body);
  });

  it('a 502 leaves an empty asset in state `starter` (digest null), as the upload docs say', async () => {
    emulator.githubReleases.failUploads = 1;
    const failed = await upload('a.zip', Buffer.from('zip bytes'));
    expect(failed.status).toBe(502);
    const [asset] = (await (await fetch(assetsUrl(), { headers: auth })).json()) as Record<string, unknown>[];
    expect(asset).toMatchObject({ name: 'a.zip', state: 'starter', size: 0, digest: null });
  });

  it('without digests (GitHub Enterprise Server) an asset has no `digest` field at all', async () => {
    emulator.githubReleases.digests = false;
    const created = await json(upload('a.zip', Buffer.from('x')));
    expect(created.body).not.toHaveProperty('digest');
    expect(created.body.state).toBe('uploaded');
  });

  it('a second upload of a name is 422 already_exists; a rename to a name in use too; a rename moves the URL', async () => {
    const first = await json(upload('a.zip', Buffer.from('1')));
    expect((await json(upload('a.zip', Buffer.from('2')))).body).toMatchObject({
      errors: [{ code: 'already_exists' }],
    });
    const second = await json(upload('b.zip', Buffer.from('2')));
    const patch = (id: number, name: string) =>
      json(fetch(assetUrl(id), { method: 'PATCH', headers: auth, body: JSON.stringify({ name }) }));
    const clash = await patch(second.body.id as number, 'a.zip');
    expect(clash.status).toBe(422);
    expect(clash.body.errors).toEqual([{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }]);

    clock = new Date('2026-12-07T10:05:00Z');
    const renamed = await patch(first.body.id as number, 'c.zip');
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'c.zip', updated_at: '2026-12-07T10:05:00.000Z' });
    expect(renamed.body.browser_download_url).toMatch(/\/releases\/download\/v1\.2\.0\/c\.zip$/);
    // The same name again is no clash with itself.
    expect((await patch(first.body.id as number, 'c.zip')).status).toBe(200);
    expect((await json(fetch(assetUrl(999), { headers: auth }))).status).toBe(404);
  });

  it('an upload cut off mid-way is `open` with half the bytes; a truncated one `uploaded` one byte short', async () => {
    emulator.githubReleases.breakUploads = 1;
    await upload('a.zip', Buffer.from('12345678')).catch(() => undefined);
    emulator.githubReleases.truncateUploads = 1;
    await upload('b.zip', Buffer.from('12345678')).catch(() => undefined);
    const listed = (await (await fetch(assetsUrl(), { headers: auth })).json()) as Record<string, unknown>[];
    expect(listed.map(({ name, state, size }) => ({ name, state, size }))).toEqual([
      { name: 'a.zip', state: 'open', size: 4 },
      { name: 'b.zip', state: 'uploaded', size: 7 },
    ]);
  });
});
