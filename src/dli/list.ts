/**
 * The job list call (`GET /v1.0/{project_id}/streaming/jobs`), paged by offset. After the first page gives
 * `total_count`, the remaining pages are fetched with bounded concurrency.
 */
import { z } from 'zod';
import type { Authorize, HttpResponse, Transport } from '../http/transport.ts';
import { isSuccessSchema, readDliJson } from './response.ts';

/** A job as the job list names it. */
export interface JobSummary {
  /** Exact decimal string. */
  id: string;
  name: string;
  status?: string;
}

/** The largest page the API allows. */
export const PAGE_SIZE = 100;
/** Pages in flight at once: fast for large projects, gentle on the API. */
export const LIST_CONCURRENCY = 8;

const jobSchema = z.object({
  /** Read as its exact source text (see readDliJson). */
  job_id: z.string().regex(/^\d+$/),
  name: z.string(),
  status: z.string().optional(),
});

const listSchema = z.object({
  is_success: isSuccessSchema,
  message: z.string().optional().default(''),
  job_list: z.object({
    total_count: z.number().int().nonnegative(),
    jobs: z.array(jobSchema).default([]),
  }),
});

/** The list's own permission, for its 403 and its DLI permission codes (not the export's). */
export const LIST_PERMISSION_HINT =
  'listing jobs (for `job-names` or `list-exported`) needs the `dli:jobs:listAll` permission in this project; grant it to the user or agency in IAM';

export function listRequest(endpoint: URL, projectId: string, offset: number, detail = false) {
  const url = new URL(`/v1.0/${encodeURIComponent(projectId)}/streaming/jobs`, endpoint);
  const query: Record<string, string> = { limit: String(PAGE_SIZE), offset: String(offset), order: 'asc' };
  if (detail) query.show_detail = 'true';
  url.search = new URLSearchParams(query).toString();
  return {
    operation: 'DLI job list',
    method: 'GET' as const,
    url,
    headers: { 'Content-Type': 'application/json', 'X-Project-Id': projectId },
    idempotent: true,
  };
}

/** Every job of the project (ID, name, status), de-duplicated by ID should jobs shift between pages. */
export async function listAllJobs(
  transport: Transport,
  authorize: Authorize,
  endpoint: URL,
  projectId: string,
  concurrency = LIST_CONCURRENCY,
): Promise<JobSummary[]> {
  // When one page fails, the others stop at once: no attempt in flight, no retry waiting.
  const cancel = new AbortController();
  const fetchPage = async (offset: number) =>
    readListResponse(
      await transport.send(listRequest(endpoint, projectId, offset), authorize, { signal: cancel.signal }),
    );

  const first = await fetchPage(0);
  const offsets: number[] = [];
  for (let offset = PAGE_SIZE; offset < first.total; offset += PAGE_SIZE) offsets.push(offset);
  const pages = await mapWithConcurrency(offsets, concurrency, fetchPage, cancel);

  const jobs = new Map<string, JobSummary>();
  for (const page of [first, ...pages]) for (const job of page.jobs) if (!jobs.has(job.id)) jobs.set(job.id, job);
  return [...jobs.values()];
}

export function readListResponse(response: HttpResponse): { total: number; jobs: JobSummary[] } {
  const data = readDliJson(response, 'DLI job list failed', listSchema, {
    permission: LIST_PERMISSION_HINT,
  });
  return {
    total: data.job_list.total_count,
    jobs: data.job_list.jobs.map((job) => ({ id: job.job_id, name: job.name, status: job.status })),
  };
}

/**
 * Runs `task` over `items` with at most `limit` in flight; results in input order; the first failure wins, and
 * aborts `cancel` so that the tasks still running can stop.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
  cancel?: AbortController,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T);
      } catch (error) {
        if (!failed) cancel?.abort(error);
        failed = true; // stop the other workers from starting more
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * A job as the list with `show_detail=true` describes it (listing_jobs.rst, Table 5; querying_job_details.rst).
 * Every field but the ID and the name is optional: the pages mark them all "Mandatory: No".
 */
export interface JobDetail extends JobSummary {
  desc?: string;
  jobType?: string;
  queueName?: string;
  runMode?: string;
  sqlBody?: string;
  mainClass?: string;
  /** One string, "separated by spaces" (Table 5). */
  entrypointArgs?: string;
  edgeGroupIds?: string[];
  /** Not in the list's table, but in the create call's; kept when DLI sends it. */
  tags?: { key: string; value: string }[];
  /** Table 6, as DLI sent it (unknown keys kept: the table grows with Flink versions). */
  jobConfig?: Record<string, unknown>;
}

const text = () => z.string().nullish();
const detailSchema = z.object({
  job_id: z.string().regex(/^\d+$/),
  name: z.string(),
  status: text(),
  desc: text(),
  job_type: text(),
  queue_name: text(),
  run_mode: text(),
  sql_body: text(),
  main_class: text(),
  entrypoint_args: text(),
  edge_group_ids: z.array(z.string()).nullish(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })).nullish(),
  job_config: z.record(z.string(), z.unknown()).nullish(),
});

const detailListSchema = z.object({
  is_success: isSuccessSchema,
  message: z.string().optional().default(''),
  job_list: z.object({
    total_count: z.number().int().nonnegative(),
    jobs: z.array(detailSchema).default([]),
  }),
});

export interface DetailPage {
  offset: number;
  /** `total_count` as this page gave it. */
  total: number;
  jobs: JobDetail[];
}

export function readDetailResponse(response: HttpResponse, offset: number): DetailPage {
  const data = readDliJson(response, 'DLI job list (show_detail=true) failed', detailListSchema, {
    permission: LIST_PERMISSION_HINT.replace('(for `job-names` or `list-exported`)', '(snapshot)'),
  });
  const some = <T>(value: T | null | undefined): T | undefined => value ?? undefined;
  return {
    offset,
    total: data.job_list.total_count,
    jobs: data.job_list.jobs.map((job) => ({
      id: job.job_id,
      name: job.name,
      status: some(job.status),
      desc: some(job.desc),
      jobType: some(job.job_type),
      queueName: some(job.queue_name),
      runMode: some(job.run_mode),
      sqlBody: some(job.sql_body),
      mainClass: some(job.main_class),
      entrypointArgs: some(job.entrypoint_args),
      edgeGroupIds: some(job.edge_group_ids),
      tags: some(job.tags),
      jobConfig: some(job.job_config),
    })),
  };
}

export interface DetailListing {
  /** `total_count` of the first page. */
  total: number;
  /** Pages read, the first included. */
  pages: number;
  /** Whether every page gave the first page's `total_count`. */
  sameTotal: boolean;
}

/**
 * Every job with its details, page by page: `onPage` gets each page as it arrives (the first, then the others,
 * `concurrency` at a time, in any order), so a caller never needs to hold every job. Read-only: each page is retried
 * as any read is. The first failure (a page or `onPage`) stops the others and is thrown.
 */
export async function listJobDetails(
  transport: Transport,
  authorize: Authorize,
  endpoint: URL,
  projectId: string,
  onPage: (page: DetailPage) => Promise<void>,
  concurrency = LIST_CONCURRENCY,
): Promise<DetailListing> {
  const cancel = new AbortController();
  const fetchPage = async (offset: number) => {
    const response = await transport.send(listRequest(endpoint, projectId, offset, true), authorize, {
      signal: cancel.signal,
    });
    const page = readDetailResponse(response, offset);
    await onPage(page);
    return page.total;
  };
  const total = await fetchPage(0);
  const offsets: number[] = [];
  for (let offset = PAGE_SIZE; offset < total; offset += PAGE_SIZE) offsets.push(offset);
  const totals = await mapWithConcurrency(offsets, concurrency, fetchPage, cancel);
  return { total, pages: offsets.length + 1, sameTotal: totals.every((other) => other === total) };
}
