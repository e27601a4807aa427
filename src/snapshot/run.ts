/**
 * The snapshot itself, from a validated plan: authorize, read the job list with details page by page, and for each
 * job in scope write its files as its page arrives (never holding every job), then delete the files of jobs gone
 * from DLI when the listing was complete and consistent, and a second read of the list (IDs and names) agrees.
 * GET requests only.
 */
import type { RunDeps } from '../action/deps.ts';
import { closestNames } from '../action/job-names.ts';
import { createAuthorizer } from '../auth/credentials.ts';
import type { DetailPage, JobDetail, JobSummary } from '../dli/list.ts';
import { ActionError } from '../http/errors.ts';
import type { Authorize } from '../http/transport.ts';
import { escapeHtml } from '../util/html.ts';
import { type JobFiles, jobFiles } from './definition.ts';
import { unifiedDiff } from './diff.ts';
import { classify, sortNames } from './drift.ts';
import { fileBase } from './file-names.ts';
import { foreignFiles, prepareFolder, readJobFiles, removeJobFiles, scanJobFiles, writeJobFiles } from './files.ts';
import type { SnapshotPlan } from './inputs.ts';

/**
 * Detailed pages in flight at once (each up to 100 jobs with their SQL): enough to hide the latency while the
 * pages before are written, few enough to keep memory flat.
 */
export const DETAIL_PAGES_AT_ONCE = 4;

/**
 * The summary's diff budget: characters per job, and for all jobs together the bytes the summary holds them in,
 * HTML-escaped and UTF-8 (`"` takes 6, a CJK character 3): GitHub drops a summary over 1 MiB whole.
 */
export const MAX_DIFF_CHARS_PER_JOB = 20_000;
export const MAX_DIFF_BYTES_TOTAL = 500_000;

export interface JobDiff {
  name: string;
  diff: string;
  /** Cut to the budget, or too large to compute line by line. */
  truncated: boolean;
}

export interface SnapshotOutcome {
  dryRun: boolean;
  /** `fail-on-drift`: the step fails when drifted, after the files and outputs are written. */
  failOnDrift: boolean;
  /** Jobs the listing returned (all, before the selection). */
  listed: number;
  /** Jobs compared (the selection, or all). */
  compared: number;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  /** Files written or deleted (0 in a dry run). */
  filesTouched: number;
  diffs: JobDiff[];
  /** Changed jobs whose diff did not fit the summary budget. */
  diffsLeftOut: number;
  /** Why files of jobs gone from DLI were not deleted, when they were not. */
  notDeleted?: string;
  /** A failure to report once the files and outputs are written (duplicate names, unknown selection). */
  failure?: ActionError;
}

export async function runSnapshot(plan: SnapshotPlan, deps: RunDeps): Promise<SnapshotOutcome> {
  await prepareFolder(plan.workspace, plan.folder, plan.dryRun);
  const existing = await scanJobFiles(plan.folder);
  deps.info(`${existing.size} job(s) have files in ${plan.path}`);
  const authorize = await createAuthorizer(plan.auth, plan.projectId, deps);

  const selection = plan.jobIds.length + plan.jobNames.length > 0;
  const ids = new Set(plan.jobIds);
  const names = new Set(plan.jobNames);
  const inScope = (job: JobDetail) => !selection || ids.has(job.id) || names.has(job.name);

  /** Every listed job's name -> ID (small: for duplicates, suggestions and removals). */
  const listedNames = new Map<string, string>();
  const listedIds = new Set<string>();
  const duplicates = new Map<string, Set<string>>();
  const compared = new Set<string>();
  const added: string[] = [];
  const changed: string[] = [];
  const diffs: JobDiff[] = [];
  let unchanged = 0;
  let filesTouched = 0;
  let diffBudget = MAX_DIFF_BYTES_TOTAL;
  let diffsLeftOut = 0;
  const problems: string[] = [];

  const onJob = async (job: JobDetail) => {
    // A job on two pages (the list shifted while it was read) is taken once, as first seen.
    if (listedIds.has(job.id)) return;
    listedIds.add(job.id);
    const other = listedNames.get(job.name);
    if (other !== undefined && other !== job.id) {
      const both = duplicates.get(job.name) ?? new Set([other]);
      both.add(job.id);
      duplicates.set(job.name, both);
      return;
    }
    listedNames.set(job.name, job.id);
    if (!inScope(job)) return;
    const base = fileBase(job.name);
    if (!base.ok) {
      problems.push(`job ${job.id}: ${base.problem}`);
      return;
    }
    compared.add(job.name);
    const next = jobFiles(job);
    const known = existing.get(job.name);
    const before = known ? await readJobFiles(plan.folder, known) : undefined;
    const change = classify(before, next);
    if (change === 'unchanged') {
      unchanged++;
      return;
    }
    (change === 'added' ? added : changed).push(job.name);
    const taken = foreignFiles(plan.folder, base.base, next, before);
    if (taken.length > 0) {
      const where = taken.map((file) => `${plan.path}/${file}`).join(' and ');
      problems.push(
        `job ${job.id} ${JSON.stringify(job.name)}: ${where} ${taken.length > 1 ? 'are' : 'is'} in the way and left alone: move it, or rename the job`,
      );
      return;
    }
    if (!plan.dryRun) filesTouched += await writeJobFiles(plan.folder, base.base, next, before);
    if (change === 'changed' && before) {
      const diff = jobDiff(job.name, base.base, before, next, MAX_DIFF_CHARS_PER_JOB, diffBudget);
      if (diff === undefined) diffsLeftOut++;
      else {
        diffs.push(diff.diff);
        diffBudget -= diff.bytes;
      }
    }
  };

  const { listJobDetails } = await import('../dli/list.ts');
  const started = Date.now();
  const listing = await listJobDetails(
    deps.transport,
    authorize,
    plan.endpoint,
    plan.projectId,
    async (page) => {
      for (const job of page.jobs) await onJob(job);
      deps.debug(describePage(page));
    },
    DETAIL_PAGES_AT_ONCE,
  );
  deps.info(`Listed ${listedIds.size} job(s) in ${listing.pages} page(s) in ${Date.now() - started} ms`);

  // Duplicate names in scope fail the step; the selection must name jobs that exist.
  for (const [name, both] of duplicates) {
    if (!selection || names.has(name) || [...both].some((id) => ids.has(id))) {
      problems.push(
        `${[...both].length} jobs are named ${JSON.stringify(name)} (IDs ${[...both].join(', ')}): rename one in DLI`,
      );
      compared.delete(name);
    }
  }
  for (const id of plan.jobIds) if (!listedIds.has(id)) problems.push(`no Flink job has the ID ${id}`);
  for (const name of plan.jobNames) {
    if (listedNames.has(name)) continue;
    const near = closestNames(name, listedNames.keys());
    problems.push(
      `no Flink job is named ${JSON.stringify(name)}${near.length ? `; did you mean ${near.map((n) => JSON.stringify(n)).join(', ')}?` : ''}`,
    );
  }

  // Removals: only for "every job", and only from a listing known to be whole.
  const removed: string[] = [];
  let notDeleted: string | undefined;
  if (!selection) {
    const gone = [...existing.keys()].filter((name) => !listedNames.has(name));
    notDeleted = consistencyProblem(listing, listedIds.size, problems.length > 0);
    if (notDeleted === undefined && gone.length > 0) {
      // Counts cannot tell a job missed because another was deleted before its page (offsets shift) while a third
      // was created: the list is read once more (IDs and names only), and nothing is deleted unless it agrees.
      const again = await listJobsAgain(deps, authorize, plan);
      notDeleted = confirmationProblem(listedIds, gone, again);
    }
    if (notDeleted !== undefined) {
      if (gone.length > 0) deps.warning(`${gone.length} job file pair(s) of jobs not listed were kept: ${notDeleted}`);
    } else {
      for (const name of sortNames(gone)) {
        removed.push(name);
        if (!plan.dryRun) {
          await removeJobFiles(plan.folder, existing.get(name) as { base: string; sql: boolean });
          filesTouched += existing.get(name)?.sql ? 2 : 1;
        }
      }
    }
  }

  const failure =
    problems.length > 0
      ? new ActionError(`Snapshot of ${plan.path} incomplete:\n${problems.map((line) => `- ${line}`).join('\n')}`, {
          hint: 'files of the jobs listed without problems were written; no file was deleted',
        })
      : undefined;
  return {
    dryRun: plan.dryRun,
    failOnDrift: plan.failOnDrift,
    listed: listedIds.size,
    compared: compared.size,
    added: sortNames(added),
    changed: sortNames(changed),
    removed,
    unchanged,
    filesTouched,
    diffs: diffs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    diffsLeftOut,
    notDeleted: failure ? undefined : notDeleted,
    failure,
  };
}

/** Why the listing cannot be trusted to show which jobs are gone, or undefined when it can. */
export function consistencyProblem(
  listing: { total: number; sameTotal: boolean },
  uniqueJobs: number,
  otherProblems: boolean,
): string | undefined {
  if (!listing.sameTotal)
    return 'the number of jobs changed while the list was read (jobs created or deleted meanwhile)';
  if (uniqueJobs !== listing.total) {
    return `the list said ${listing.total} job(s) but returned ${uniqueJobs} (jobs created or deleted meanwhile)`;
  }
  if (otherProblems) return 'the step found problems (see the error)';
  return undefined;
}

async function listJobsAgain(deps: RunDeps, authorize: Authorize, plan: SnapshotPlan): Promise<JobSummary[]> {
  const { listAllJobs } = await import('../dli/list.ts');
  const started = Date.now();
  const jobs = await listAllJobs(deps.transport, authorize, plan.endpoint, plan.projectId, DETAIL_PAGES_AT_ONCE);
  deps.info(`Listed ${jobs.length} job(s) again, to confirm the removals, in ${Date.now() - started} ms`);
  return jobs;
}

/** Why the second read does not confirm that the `gone` jobs are gone, or undefined when it does. */
export function confirmationProblem(
  listedIds: ReadonlySet<string>,
  gone: readonly string[],
  again: readonly JobSummary[],
): string | undefined {
  const goneNames = new Set(gone);
  const same =
    again.length === listedIds.size &&
    again.every((job) => listedIds.has(job.id)) &&
    !again.some((job) => goneNames.has(job.name));
  return same
    ? undefined
    : 'the jobs changed while the list was read (a second read, to confirm the removals, listed other jobs)';
}

/** The job's diff cut at a line end to `maxChars`, and to `maxBytes` as the summary holds it; undefined when none fits. */
function jobDiff(
  name: string,
  base: string,
  before: Partial<JobFiles>,
  next: JobFiles,
  maxChars: number,
  maxBytes: number,
): { diff: JobDiff; bytes: number } | undefined {
  const parts = [
    unifiedDiff(`a/${base}.json`, `b/${base}.json`, before.json ?? '', next.json),
    unifiedDiff(`a/${base}.sql`, `b/${base}.sql`, before.sql ?? '', next.sql ?? ''),
  ];
  const text = parts.map((part) => part.text).join('');
  let end = 0;
  let bytes = 0;
  while (end < text.length) {
    const newline = text.indexOf('\n', end);
    const stop = newline < 0 ? text.length : newline + 1;
    const cost = Buffer.byteLength(escapeHtml(text.slice(end, stop)));
    if (stop > maxChars || bytes + cost > maxBytes) break;
    bytes += cost;
    end = stop;
  }
  if (end === 0) return undefined;
  const truncated = end < text.length || parts.some((part) => part.tooLarge);
  return { diff: { name, diff: text.slice(0, end), truncated }, bytes };
}

function describePage(page: DetailPage): string {
  return `List page at offset ${page.offset}: ${page.jobs.length} job(s), total_count ${page.total}`;
}
