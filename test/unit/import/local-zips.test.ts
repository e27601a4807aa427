/** The checks on local files before any request: every problem at once, naming the file; then the digests. */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, open, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/http/errors.ts';
import { inspectLocalFiles } from '../../../src/import/local-zips.ts';

const ZIP = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(100, 1)]);
const EMPTY_ZIP = Buffer.concat([Buffer.from('PK\u0005\u0006', 'latin1'), Buffer.alloc(18)]);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'local-zips-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const at = (...parts: string[]) => join(dir, ...parts);
async function failure(paths: string[]): Promise<ActionError> {
  const error = await inspectLocalFiles(paths).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ActionError);
  return error as ActionError;
}

describe('inspectLocalFiles', () => {
  it('files and folders, in the order given; a folder’s .zip files by name (code point), others ignored', async () => {
    await mkdir(at('f'));
    for (const name of ['b.zip', 'B.zip', 'a.ZIP', '10.zip', '9.zip']) await writeFile(at('f', name), ZIP);
    await writeFile(at('f', 'notes.txt'), 'x');
    await writeFile(at('first.zip'), EMPTY_ZIP);
    const files = await inspectLocalFiles([at('first.zip'), at('f')]);
    expect(files.map((file) => file.name)).toEqual(['first.zip', '10.zip', '9.zip', 'B.zip', 'a.ZIP', 'b.zip']);
    expect(files[1]).toEqual({
      path: at('f', '10.zip'),
      name: '10.zip',
      size: ZIP.length,
      md5: createHash('md5').update(ZIP).digest('hex'),
      sha256: createHash('sha256').update(ZIP).digest('hex'),
    });
  });

  it('code point order also past the Basic Multilingual Plane (as `LC_ALL=C ls` lists UTF-8 names)', async () => {
    await mkdir(at('f'));
    // U+FF5E sorts before U+1F600 by code point, after it by UTF-16 code unit (a surrogate, 0xD83D).
    for (const name of ['b\u{1F600}.zip', 'b\u{FF5E}.zip']) await writeFile(at('f', name), ZIP);
    const files = await inspectLocalFiles([at('f')]);
    expect(files.map((file) => file.name)).toEqual(['b\u{FF5E}.zip', 'b\u{1F600}.zip']);
  });

  it('a file listed and also inside a listed folder is taken once; a symbolic link to a ZIP is a file', async () => {
    await mkdir(at('f'));
    await writeFile(at('f', 'a.zip'), ZIP);
    await symlink(at('f', 'a.zip'), at('link.zip'));
    expect((await inspectLocalFiles([at('f', 'a.zip'), at('f')])).map((file) => file.path)).toEqual([at('f', 'a.zip')]);
    expect((await inspectLocalFiles([at('link.zip')]))[0]?.size).toBe(ZIP.length);
  });

  it('reports every problem at once, each naming its file, and says nothing was sent', async () => {
    await mkdir(at('one'));
    await mkdir(at('two'));
    await mkdir(at('empty'));
    await mkdir(at('dirs', 'x.zip'), { recursive: true });
    await writeFile(at('one', 'same.zip'), ZIP);
    await writeFile(at('two', 'same.zip'), ZIP);
    await writeFile(at('text.zip'), 'hello');
    await writeFile(at('zero.zip'), '');
    await writeFile(at('pk.zip'), 'PK');
    const big = await open(at('big.zip'), 'w');
    await big.write(ZIP);
    await big.truncate(5 * 1024 ** 3 + 1);
    await big.close();
    const error = await failure([
      at('missing.zip'),
      at('one', 'same.zip'),
      at('two', 'same.zip'),
      at('text.zip'),
      at('zero.zip'),
      at('pk.zip'),
      at('big.zip'),
      at('empty'),
      at('dirs'),
      '/dev/null',
    ]);
    expect(error.message.split(': ').slice(0, 1)).toEqual(['Cannot upload local-files (nothing was sent)']);
    const problems = error.message.slice(error.message.indexOf(': ') + 2).split('; ');
    expect(problems).toEqual([
      `${at('missing.zip')} does not exist`,
      `the folder ${at('empty')} holds no .zip file`,
      `${at('dirs', 'x.zip')} is not a regular file`,
      '/dev/null is not a regular file or a folder',
      `${at('one', 'same.zip')} and ${at('two', 'same.zip')} are both named "same.zip", so both would be uploaded to the same object`,
      `${at('text.zip')} is not a ZIP (it does not start with the signature PK\\x03\\x04 or PK\\x05\\x06)`,
      `${at('zero.zip')} is empty, not a ZIP`,
      `${at('pk.zip')} is not a ZIP (it does not start with the signature PK\\x03\\x04 or PK\\x05\\x06)`,
      `${at('big.zip')} has 5368709121 bytes, more than the 5 GB (5368709120 bytes) OBS takes in one upload`,
    ]);
    expect(error.hint).toMatch(/local-files takes ZIPs the export wrote/);
  });

  it('exactly 5 GB fits in one PUT', async () => {
    const file = await open(at('five.zip'), 'w');
    await file.write(ZIP);
    await file.truncate(5 * 1024 ** 3);
    await file.close();
    // Only the checks: hashing 5 GB would take a while, so the signature of a slightly different file is compared.
    const error = await failure([at('five.zip'), at('nope.zip')]);
    expect(error.message).not.toMatch(/five\.zip/);
  });
});
