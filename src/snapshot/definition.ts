/**
 * A job's files from its listed details: the `.json` definition (what recreating the job needs) and the `.sql`
 * text, both redacted, in one fixed layout so that unchanged jobs give the same bytes. Pure.
 *
 * The definition keeps DLI's own field names. Left out: the job ID (a recreated or promoted job gets a new one, and
 * the same definition must read the same in every project), the project and user IDs, and everything that changes
 * while a job merely runs: status, status text, create/start/update times, duration, restart count, savepoint
 * state, the execution graph DLI derives, and in `job_config` the CUs actually used (`real_cu_number`) and `root_id`.
 */
import type { JobDetail } from '../dli/list.ts';
import { redactArgs, redactSql, redactText, redactValue } from './redaction.ts';

/** The format marker: a `.json` file with it (and its own name inside) is a job file this action manages. */
export const FORMAT = 'dli-flink-job/1';

/** `job_config` keys that change while a job runs, or that DLI derives (listing_jobs.rst, Table 6). */
export const VOLATILE_CONFIG_KEYS: ReadonlySet<string> = new Set(['real_cu_number', 'root_id']);

export interface JobFiles {
  json: string;
  /** Absent when the job has no SQL (Jar jobs). */
  sql?: string;
}

export function jobFiles(job: JobDetail): JobFiles {
  const sql = job.sqlBody !== undefined && job.sqlBody.trim() !== '' ? renderSql(redactSql(job.sqlBody)) : undefined;
  return { json: renderJson(definition(job)), sql };
}

/** The definition object, redacted, before layout. */
export function definition(job: JobDetail): Record<string, unknown> {
  const config = job.jobConfig
    ? Object.fromEntries(Object.entries(job.jobConfig).filter(([key]) => !VOLATILE_CONFIG_KEYS.has(key)))
    : undefined;
  const fields: Record<string, unknown> = {
    $format: FORMAT,
    name: job.name,
    desc: job.desc === undefined ? undefined : redactText(job.desc),
    job_type: job.jobType,
    queue_name: job.queueName,
    run_mode: job.runMode,
    main_class: job.mainClass,
    entrypoint_args: job.entrypointArgs === undefined ? undefined : redactArgs(job.entrypointArgs),
    edge_group_ids: job.edgeGroupIds,
    tags: job.tags && redactValue(job.tags),
    job_config: config && redactValue(config),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null));
}

/** Keys sorted (at every depth), two-space indentation, one trailing newline. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) !== null) {
    const entries = Object.entries(value as Record<string, unknown>);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner)]));
  }
  return value;
}

/** LF line ends, exactly one trailing newline. */
export function renderSql(sql: string): string {
  return `${sql.replace(/\r\n?/g, '\n').replace(/\n+$/, '')}\n`;
}
