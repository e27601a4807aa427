/**
 * The checks on `local-files` before any request: each path exists; a folder stands for its `.zip` files in name
 * order; each file is a regular file, starts with a ZIP signature (`PK\x03\x04`, or `PK\x05\x06` for an empty
 * archive), fits in one PUT (5 GB), and no two files share a name (they would land on the same object). Every
 * problem is reported at once, naming the file; then each file is hashed (MD5 for Content-MD5, SHA-256 for the
 * summary), streamed, never held whole.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ActionError } from '../http/errors.ts';
import { type LocalZip, MAX_SINGLE_PUT_BYTES } from '../obs/upload.ts';

const SIGNATURES = [Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.from('PK\u0005\u0006', 'latin1')];

interface Candidate {
  path: string;
  size: number;
}

/** The files `paths` stand for, checked and hashed, in order; or one ActionError naming every problem. */
export async function inspectLocalFiles(paths: readonly string[]): Promise<LocalZip[]> {
  const problems: string[] = [];
  const candidates: Candidate[] = [];
  for (const path of paths) {
    const found = await filesAt(path, problems);
    for (const candidate of found) {
      if (!candidates.some((known) => known.path === candidate.path)) candidates.push(candidate);
    }
  }
  const byName = new Map<string, string>();
  for (const { path, size } of candidates) {
    const name = basename(path);
    const earlier = byName.get(name);
    if (earlier !== undefined) {
      problems.push(
        `${earlier} and ${path} are both named ${JSON.stringify(name)}, so both would be uploaded to the same object`,
      );
    }
    byName.set(name, path);
    if (size > MAX_SINGLE_PUT_BYTES) {
      problems.push(
        `${path} has ${size} bytes, more than the 5 GB (${MAX_SINGLE_PUT_BYTES} bytes) OBS takes in one upload`,
      );
    }
    const signature = await signatureProblem(path, size);
    if (signature) problems.push(signature);
  }
  if (problems.length > 0) {
    throw new ActionError(`Cannot upload local-files (nothing was sent): ${problems.join('; ')}`, {
      hint: 'local-files takes ZIPs the export wrote (e.g. its files output, or a folder of them)',
    });
  }
  const files: LocalZip[] = [];
  for (const { path, size } of candidates) files.push({ path, name: basename(path), size, ...(await digests(path)) });
  return files;
}

/** A regular file as itself; a folder as its regular `.zip` files in name order; else a problem. */
async function filesAt(path: string, problems: string[]): Promise<Candidate[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push(
      code === 'ENOENT' ? `${path} does not exist` : `${path} cannot be read (${code ?? (error as Error).message})`,
    );
    return [];
  }
  if (info.isFile()) return [{ path, size: info.size }];
  if (!info.isDirectory()) {
    problems.push(`${path} is not a regular file or a folder`);
    return [];
  }
  const names = (await readdir(path)).filter((name) => /\.zip$/i.test(name)).sort(byCodePoint);
  const found: Candidate[] = [];
  for (const name of names) {
    const file = join(path, name);
    const entry = await stat(file).catch(() => undefined);
    if (entry?.isFile()) found.push({ path: file, size: entry.size });
    else problems.push(`${file} is not a regular file`);
  }
  if (names.length === 0) problems.push(`the folder ${path} holds no .zip file`);
  return found;
}

/** By Unicode code point (the order of UTF-8 bytes, as `LC_ALL=C ls`), not by UTF-16 code unit as `<` compares. */
function byCodePoint(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

async function signatureProblem(path: string, size: number): Promise<string | undefined> {
  const head = Buffer.alloc(4);
  let read = 0;
  try {
    const handle = await open(path, 'r');
    try {
      read = (await handle.read(head, 0, 4, 0)).bytesRead;
    } finally {
      await handle.close();
    }
  } catch (error) {
    return `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  if (read === 4 && SIGNATURES.some((signature) => signature.equals(head))) return undefined;
  return size === 0
    ? `${path} is empty, not a ZIP`
    : `${path} is not a ZIP (it does not start with the signature PK\\x03\\x04 or PK\\x05\\x06)`;
}

async function digests(path: string): Promise<{ md5: string; sha256: string }> {
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) {
      md5.update(chunk as Buffer);
      sha256.update(chunk as Buffer);
    }
  } catch (error) {
    throw new ActionError(`Could not read ${path}: ${(error as Error).message} (nothing was sent)`, { cause: error });
  }
  return { md5: md5.digest('hex'), sha256: sha256.digest('hex') };
}
