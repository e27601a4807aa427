/**
 * The snapshot folder on disk: where it may be, which of its files are job files (recognised by their content),
 * and writing or deleting a job's pair. Nothing is written outside the folder, nor through a symbolic link.
 *
 * The job files are small (a few KiB, the SQL some tens) and many: they are read and written with the synchronous
 * calls, which for files this size cost less than a round trip through libuv's thread pool each (measured with
 * bench/snapshot.ts); the network reads of the next pages go on meanwhile.
 */
import {
  closeSync,
  constants,
  type Dirent,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { lstat, mkdir, realpath } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { ActionError } from '../http/errors.ts';
import { FORMAT, type JobFiles } from './definition.ts';
import { nameOf } from './file-names.ts';

/** A job file larger than this is not one the action wrote (a definition without SQL is a few KiB). */
const MAX_JSON_BYTES = 4 * 1024 * 1024;

export interface ExistingJob {
  base: string;
  /** Whether `<base>.sql` exists beside the `.json`. */
  sql: boolean;
}

/**
 * Fails unless `dir` (existing or not) resolves, symbolic links followed, inside `workspace`; creates it unless
 * `dryRun`. Returns whether it existed.
 */
export async function prepareFolder(workspace: string, dir: string, dryRun: boolean): Promise<boolean> {
  const root = await realpath(workspace).catch(() => {
    throw new ActionError(`The workspace ${workspace} (GITHUB_WORKSPACE) does not exist`, {
      hint: 'check out the repository (actions/checkout) before this step',
    });
  });
  let existing = dir;
  while (!(await exists(existing))) {
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  const real = await realpath(existing);
  const inside = relative(root, real);
  if (inside.startsWith(`..${sep}`) || inside === '..' || /^[A-Za-z]:/.test(inside) || inside.startsWith(sep)) {
    throw new ActionError(
      `path resolves outside the workspace (through a symbolic link to ${real}); nothing was written`,
    );
  }
  if (existing === dir) {
    if (!(await lstat(real)).isDirectory()) throw new ActionError(`path ${dir} exists and is not a folder`);
    return true;
  }
  if (!dryRun) await mkdir(dir, { recursive: true });
  return false;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** The jobs whose files are in `dir`: each `.json` in the action's format whose name matches its file name. */
export async function scanJobFiles(dir: string): Promise<Map<string, ExistingJob>> {
  const jobs = new Map<string, ExistingJob>();
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return jobs;
    throw error;
  }
  const regular = new Set(entries.filter((entry) => entry.isFile()).map((entry) => entry.name));
  for (const file of regular) {
    if (!file.endsWith('.json')) continue;
    const base = file.slice(0, -'.json'.length);
    const name = nameOf(base);
    if (name === undefined) continue;
    const path = join(dir, file);
    if (lstatSync(path).size > MAX_JSON_BYTES) continue;
    if (!isJobFile(readFileSync(path, 'utf8'), name)) continue;
    jobs.set(name, { base, sql: regular.has(`${base}.sql`) });
  }
  return jobs;
}

/** Whether `text` is a job definition this action wrote for the job `name`. */
export function isJobFile(text: string, name: string): boolean {
  try {
    const json = JSON.parse(text) as unknown;
    return (
      typeof json === 'object' &&
      json !== null &&
      !Array.isArray(json) &&
      (json as Record<string, unknown>).$format === FORMAT &&
      (json as Record<string, unknown>).name === name
    );
  } catch {
    return false;
  }
}

export async function readJobFiles(dir: string, job: ExistingJob): Promise<Partial<JobFiles>> {
  const json = readFileSync(join(dir, `${job.base}.json`), 'utf8');
  const sql = job.sql ? readFileSync(join(dir, `${job.base}.sql`), 'utf8') : undefined;
  return { json, sql };
}

/**
 * The files `writeJobFiles` would create (the job had none of that kind) where something already is: a file the
 * action does not own (a user's `notes.json`, a `.sql` beside no job file), a symbolic link, a folder, or on a
 * case-insensitive file system the file of a job whose name differs only in case. Each is described, e.g.
 * `a.json (a symbolic link)`; they are never written.
 */
export function foreignFiles(
  dir: string,
  base: string,
  next: JobFiles,
  before: Partial<JobFiles> | undefined,
): string[] {
  const created = [];
  if (before?.json === undefined) created.push(`${base}.json`);
  if (next.sql !== undefined && before?.sql === undefined) created.push(`${base}.sql`);
  const found: string[] = [];
  for (const file of created) {
    const stat = lstatSync(join(dir, file), { throwIfNoEntry: false });
    if (stat === undefined) continue;
    found.push(
      `${file} (${stat.isSymbolicLink() ? 'a symbolic link' : stat.isDirectory() ? 'a folder' : whoseFile(join(dir, file), stat.size)})`,
    );
  }
  return found;
}

/**
 * Whose a regular file in the way is: a job file of another job is one whose name differs only in case (a
 * case-insensitive file system opens it under this job's file name), anything else is the user's.
 */
function whoseFile(path: string, size: number): string {
  if (path.endsWith('.json') && size <= MAX_JSON_BYTES) {
    try {
      const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> | null;
      if (json?.$format === FORMAT && typeof json.name === 'string') {
        return `the file of the job ${JSON.stringify(json.name)}: names that differ only in case share a file here`;
      }
    } catch {
      // Not JSON: the user's.
    }
  }
  return 'not a job file of this action';
}

/**
 * Writes the files that differ from `before`, and deletes a `.sql` the job no longer has. Returns files touched.
 * A file the job had none of is only created, never replaced (see `foreignFiles`).
 */
export async function writeJobFiles(
  dir: string,
  base: string,
  next: JobFiles,
  before: Partial<JobFiles> | undefined,
): Promise<number> {
  let touched = 0;
  if (before?.json !== next.json) {
    writeNoFollow(join(dir, `${base}.json`), next.json, before?.json === undefined);
    touched++;
  }
  if (next.sql !== undefined && before?.sql !== next.sql) {
    writeNoFollow(join(dir, `${base}.sql`), next.sql, before?.sql === undefined);
    touched++;
  }
  if (next.sql === undefined && before?.sql !== undefined) {
    unlinkSync(join(dir, `${base}.sql`));
    touched++;
  }
  return touched;
}

export async function removeJobFiles(dir: string, job: ExistingJob): Promise<void> {
  unlinkSync(join(dir, `${job.base}.json`));
  if (job.sql) unlinkSync(join(dir, `${job.base}.sql`));
}

/** Refuses to follow a symbolic link at `path` (O_NOFOLLOW where the platform has it); `create`: fails if it exists. */
function writeNoFollow(path: string, text: string, create: boolean): void {
  const flags =
    constants.O_WRONLY |
    constants.O_CREAT |
    (create ? constants.O_EXCL : constants.O_TRUNC) |
    (constants.O_NOFOLLOW ?? 0);
  const fd = openSync(path, flags, 0o644);
  try {
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  } finally {
    closeSync(fd);
  }
}
