/** The snapshot run in process: an in-memory job list (paged as DLI pages it) and a temporary workspace. */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/http/errors.ts';
import type { HttpResponse, Transport } from '../../../src/http/transport.ts';
import type { SnapshotPlan } from '../../../src/snapshot/inputs.ts';
import { consistencyProblem, runSnapshot } from '../../../src/snapshot/run.ts';
import { renderSnapshotSummary } from '../../../src/snapshot/summary.ts';
import { runPlanBase } from '../../support/fixtures.ts';
import { useTempDir } from '../../support/temp-dir.ts';

let workspace: string;
useTempDir('dli-snapshot-run-', (path) => {
  workspace = path;
});

const plan = (overrides: Partial<SnapshotPlan> = {}): SnapshotPlan => ({
  ...runPlanBase(),
  jobIds: [],
  jobNames: [],
  folder: join(workspace, 'jobs'),
  path: 'jobs',
  workspace,
  failOnDrift: false,
  ...overrides,
});

interface Job {
  job_id: string;
  name: string;
  sql_body?: string;
  job_config?: Record<string, unknown>;
}
const sqlJob = (id: string, name: string, sql = `SELECT ${id};`): Job => ({ job_id: id, name, sql_body: sql });

/** Serves `jobs` as DLI pages them (offset in records, 100 a page); `total` overrides total_count per offset. */
function listing(jobs: Job[], total: Record<number, number> = {}, fail?: number) {
  const offsets: number[] = [];
  const transport: Transport = {
    async send(request) {
      expect(request.method).toBe('GET');
      const query = new URL(request.url).searchParams;
      // The detailed list, and the plain one that confirms removals.
      expect([null, 'true']).toContain(query.get('show_detail'));
      const offset = Number(query.get('offset'));
      offsets.push(offset);
      if (offset === fail) throw new ActionError('DLI job list failed: HTTP 500', { status: 500 });
      const page = jobs.slice(offset, offset + 100);
      const body = { is_success: true, job_list: { total_count: total[offset] ?? jobs.length, jobs: page } };
      return { status: 200, headers: {}, body: JSON.stringify(body) } satisfies HttpResponse;
    },
    stream: () => Promise.reject(new Error('no stream')),
    close: async () => {},
  };
  const warnings: string[] = [];
  const deps = {
    transport,
    env: {},
    now: () => new Date(),
    mask: () => {},
    info: () => {},
    warning: (message: string) => warnings.push(message),
    debug: () => {},
  };
  return { deps, offsets, warnings };
}

const files = async () => (await readdir(join(workspace, 'jobs'))).sort();

describe('runSnapshot', () => {
  it('writes new jobs, then sees no drift; changed and removed jobs next', async () => {
    const jobs = [sqlJob('1', 'a'), sqlJob('2', 'b'), { job_id: '3', name: 'jar', job_config: { cu_number: 2 } }];
    const first = await runSnapshot(plan(), listing(jobs).deps);
    expect(first).toMatchObject({ added: ['a', 'b', 'jar'], changed: [], removed: [], unchanged: 0, filesTouched: 5 });
    expect(await files()).toEqual(['a.json', 'a.sql', 'b.json', 'b.sql', 'jar.json']);

    const again = await runSnapshot(plan(), listing(jobs).deps);
    expect(again).toMatchObject({ added: [], changed: [], removed: [], unchanged: 3, filesTouched: 0 });

    const next = [sqlJob('1', 'a', 'SELECT 42;'), { job_id: '3', name: 'jar', job_config: { cu_number: 4 } }];
    const third = await runSnapshot(plan(), listing(next).deps);
    expect(third).toMatchObject({ added: [], changed: ['a', 'jar'], removed: ['b'], unchanged: 0 });
    expect(third.diffs.map((diff) => diff.name)).toEqual(['a', 'jar']);
    expect(third.diffs[0]?.diff).toContain('-SELECT 1;\n+SELECT 42;\n');
    expect(await files()).toEqual(['a.json', 'a.sql', 'jar.json']);
  });

  it('with a selection, compares only the selected jobs and removes nothing', async () => {
    await runSnapshot(plan(), listing([sqlJob('1', 'a'), sqlJob('2', 'b')]).deps);
    const outcome = await runSnapshot(plan({ jobNames: ['a'] }), listing([sqlJob('1', 'a', 'SELECT 2;')]).deps);
    expect(outcome).toMatchObject({ compared: 1, changed: ['a'], removed: [], failure: undefined });
    expect(await files()).toEqual(['a.json', 'a.sql', 'b.json', 'b.sql']);
  });

  it('a job that loses its SQL loses its .sql file', async () => {
    await runSnapshot(plan(), listing([sqlJob('1', 'a')]).deps);
    const outcome = await runSnapshot(plan(), listing([{ job_id: '1', name: 'a' }]).deps);
    expect(outcome.changed).toEqual(['a']);
    expect(await files()).toEqual(['a.json']);
  });

  it('reads 250 jobs in pages at offsets 0, 100 and 200', async () => {
    const jobs = Array.from({ length: 250 }, (_, index) => sqlJob(String(index + 1), `j${index}`));
    const { deps, offsets } = listing(jobs);
    const outcome = await runSnapshot(plan(), deps);
    expect(outcome.added).toHaveLength(250);
    expect(offsets.sort((x, y) => x - y)).toEqual([0, 100, 200]);
  });

  it('dry run: the same outcome, no file written or deleted', async () => {
    const outcome = await runSnapshot(plan({ dryRun: true }), listing([sqlJob('1', 'a')]).deps);
    expect(outcome).toMatchObject({ dryRun: true, added: ['a'], filesTouched: 0 });
    expect(await readdir(workspace)).toEqual([]);
  });

  it('keeps the files of jobs not listed when the total changed between pages', async () => {
    const jobs = Array.from({ length: 150 }, (_, index) => sqlJob(String(index + 1), `j${index}`));
    await runSnapshot(plan(), listing(jobs).deps);
    const { deps, warnings } = listing(jobs.slice(0, 120), { 100: 119 });
    const outcome = await runSnapshot(plan(), deps);
    expect(outcome.removed).toEqual([]);
    expect(outcome.notDeleted).toMatch(/number of jobs changed/);
    expect(warnings).toEqual([expect.stringMatching(/^30 job file pair\(s\) of jobs not listed were kept/)]);
    expect((await files()).length).toBe(300);
  });

  it('deletes nothing when jobs shifted between pages with the same total (one deleted, one created)', async () => {
    const before = Array.from({ length: 150 }, (_, index) => sqlJob(String(index + 1), `j${index}`));
    await runSnapshot(plan(), listing(before).deps);
    // The first page is read before j5 is deleted and j150 created; the second after: at offset 100 it starts
    // with j101, so j100 (still in DLI) is in neither page, while the count of jobs read equals total_count.
    const after = [...before.filter((job) => job.name !== 'j5'), sqlJob('151', 'j150')];
    const { deps, warnings } = listing(after);
    const send = deps.transport.send.bind(deps.transport);
    deps.transport.send = async (request, ...rest) => {
      const query = new URL(request.url).searchParams;
      if (query.get('offset') === '0' && query.get('show_detail') === 'true') {
        return listing(before).deps.transport.send(request, ...rest);
      }
      return send(request, ...rest);
    };
    const outcome = await runSnapshot(plan(), deps);
    expect(outcome.removed).toEqual([]);
    expect(outcome.notDeleted).toMatch(/listed other jobs/);
    expect(warnings).toEqual([expect.stringMatching(/^1 job file pair\(s\) of jobs not listed were kept/)]);
    expect(await files()).toContain('j100.json');
  });

  it('a job listed on two pages (the pages shifted) is counted and reported once', async () => {
    const jobs = Array.from({ length: 150 }, (_, index) => sqlJob(String(index + 1), `j${index}`));
    // The second page starts one job early: j99 is on both pages, and the list seems to hold 151 jobs.
    const shifted = [...jobs.slice(0, 100), ...jobs.slice(99)];
    const outcome = await runSnapshot(plan(), listing(shifted, { 0: 150, 100: 150 }).deps);
    expect(outcome.added).toEqual([...new Set(outcome.added)]);
    expect(outcome.added.length + outcome.changed.length + outcome.unchanged).toBe(150);
    expect(outcome.compared).toBe(150);
  });

  it("the diffs keep the summary under GitHub's 1 MiB once escaped, whatever the SQL holds (quotes, CJK)", async () => {
    const sql = (tag: string) =>
      Array.from(
        { length: 400 },
        (_, line) => `SELECT "${tag}${line}" AS "列名称列名称", '${'"'.repeat(24)}' FROM t;`,
      ).join('\n');
    const jobs = (tag: string) =>
      Array.from({ length: 60 }, (_, index) => sqlJob(String(index + 1), `j${index}`, sql(tag)));
    await runSnapshot(plan(), listing(jobs('a')).deps);
    const outcome = await runSnapshot(plan(), listing(jobs('b')).deps);
    expect(outcome.changed.length).toBe(60);
    expect(outcome.diffsLeftOut).toBeGreaterThan(0);
    const summary = renderSnapshotSummary({
      path: 'jobs',
      projectId: 'p',
      endpoint: 'https://dli.example',
      selection: 'every Flink job',
      outcome,
    });
    expect(Buffer.byteLength(summary)).toBeLessThan(1024 * 1024);
  });

  it('a failed page fails the run before anything is deleted', async () => {
    const jobs = Array.from({ length: 150 }, (_, index) => sqlJob(String(index + 1), `j${index}`));
    await runSnapshot(plan(), listing(jobs).deps);
    await expect(runSnapshot(plan(), listing(jobs.slice(0, 120), {}, 100).deps)).rejects.toThrow(/HTTP 500/);
    expect((await files()).length).toBe(300);
  });

  it('duplicate names and an unknown selection are reported together, nothing deleted', async () => {
    await mkdir(join(workspace, 'jobs'));
    await writeFile(join(workspace, 'jobs', 'gone.json'), '{"$format":"dli-flink-job/1","name":"gone"}\n');
    const jobs = [sqlJob('1', 'a'), sqlJob('2', 'a'), sqlJob('3', 'b')];
    const all = await runSnapshot(plan(), listing(jobs).deps);
    expect(all.failure?.message).toContain('2 jobs are named "a" (IDs 1, 2)');
    expect(all.removed).toEqual([]);
    expect(await files()).toContain('gone.json');

    const selected = await runSnapshot(plan({ jobNames: ['b', 'bb'], jobIds: ['9'] }), listing(jobs).deps);
    expect(selected.failure?.message).toContain('no Flink job has the ID 9');
    expect(selected.failure?.message).toContain('no Flink job is named "bb"; did you mean "b"');
    expect(selected.failure?.message).not.toContain('named "a"');
  });

  it("a user's file that a new job's files would replace (notes.json, notes.sql) is left alone", async () => {
    await mkdir(join(workspace, 'jobs'));
    await writeFile(join(workspace, 'jobs', 'notes.json'), '{"mine": true}\n');
    await writeFile(join(workspace, 'jobs', 'b.sql'), 'my own notes\n');
    for (const dryRun of [true, false]) {
      const outcome = await runSnapshot(plan({ dryRun }), listing([sqlJob('1', 'notes'), sqlJob('2', 'b')]).deps);
      expect(outcome.failure?.message).toContain(
        'job 1 "notes": jobs/notes.json (not a job file of this action) is in the way',
      );
      expect(outcome.failure?.message).toContain('job 2 "b": jobs/b.sql (not a job file of this action) is in the way');
    }
    expect(await readFile(join(workspace, 'jobs', 'notes.json'), 'utf8')).toBe('{"mine": true}\n');
    expect(await readFile(join(workspace, 'jobs', 'b.sql'), 'utf8')).toBe('my own notes\n');
    expect(await files()).toEqual(['b.sql', 'notes.json']);
  });

  it('on a case-insensitive file system, a job never overwrites the file of a job whose name differs in case', async () => {
    // What macOS or Windows shows once "a" is written, when "A" is next: A.json opens a.json.
    await mkdir(join(workspace, 'jobs'));
    const theirs = '{"$format":"dli-flink-job/1","name":"a"}\n';
    await writeFile(join(workspace, 'jobs', 'A.json'), theirs);
    const outcome = await runSnapshot(plan(), listing([sqlJob('2', 'A')]).deps);
    expect(outcome.failure?.message).toContain(
      'job 2 "A": jobs/A.json (the file of the job "a": names that differ only in case share a file here) is in the way',
    );
    expect(await readFile(join(workspace, 'jobs', 'A.json'), 'utf8')).toBe(theirs);
  });

  it('a path through a symbolic link out of the workspace is refused', async () => {
    const { symlink } = await import('node:fs/promises');
    const outside = await mkdtemp(join(tmpdir(), 'dli-snapshot-outside-'));
    try {
      await symlink(outside, join(workspace, 'link'));
      const { deps, offsets } = listing([sqlJob('1', 'a')]);
      await expect(runSnapshot(plan({ folder: join(workspace, 'link', 'x') }), deps)).rejects.toThrow(
        /resolves outside the workspace/,
      );
      expect(offsets).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('refuses to write through a symbolic link in the folder', async () => {
    await mkdir(join(workspace, 'jobs'));
    const target = join(workspace, 'target.txt');
    await writeFile(target, 'keep');
    const { symlink } = await import('node:fs/promises');
    await symlink(target, join(workspace, 'jobs', 'a.json'));
    const outcome = await runSnapshot(plan(), listing([sqlJob('1', 'a')]).deps);
    expect(outcome.failure?.message).toContain('jobs/a.json (a symbolic link) is in the way');
    expect(await readFile(target, 'utf8')).toBe('keep');
  });
});

describe('consistencyProblem', () => {
  it('names why the listing cannot show which jobs are gone', () => {
    expect(consistencyProblem({ total: 3, sameTotal: true }, 3, false)).toBeUndefined();
    expect(consistencyProblem({ total: 3, sameTotal: false }, 3, false)).toMatch(/changed while/);
    expect(consistencyProblem({ total: 3, sameTotal: true }, 2, false)).toMatch(/said 3 job\(s\) but returned 2/);
    expect(consistencyProblem({ total: 3, sameTotal: true }, 3, true)).toMatch(/problems/);
  });
});
