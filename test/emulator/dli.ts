// The DLI service behind the gateway: the Flink job export and list APIs, validated like DLI does.

import type { Job } from './catalogue.ts';
import { integerLiteral, isJsonObject, JsonNumber, type JsonValue, parseJsonExact, positiveInt64 } from './json.ts';

export interface ExportRecord {
  obsDir: string;
  /** true when the request named the jobs (is_selected), false for "export all". */
  selected: boolean;
  /** Exported job IDs, decimal, in request (or catalogue) order, without duplicates. */
  jobIds: string[];
  zipFile: string;
}

export interface DliState {
  /** Imports add to it. */
  jobs: Job[];
  buckets: ReadonlySet<string>;
  now: () => Date;
  isSuccessAsString: boolean;
  exports: ExportRecord[];
  /** List requests with show_detail=true so far: the volatile fields change with it. */
  detailCalls?: number;
  /** Called with every ZIP the export writes and the jobs in it (the import reads them back). */
  onZipWritten?: (zipFile: string, jobs: readonly Job[]) => void;
}

export interface DliResponse {
  status: number;
  body: unknown;
}

export function dliError(status: number, code: string, message: string): DliResponse {
  return { status, body: { error_code: code, error_msg: message } };
}

const invalid = (message: string): DliResponse => dliError(400, 'DLI.0001', message);
const notFound = (message: string): DliResponse => dliError(400, 'DLI.0002', message);

function success(state: DliState): true | 'true' {
  return state.isSuccessAsString ? 'true' : true;
}

function isJsonContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

function checkObsDir(value: JsonValue | undefined): string | DliResponse {
  if (typeof value !== 'string' || value.trim() === '') {
    return invalid('obs_dir is mandatory and must be a non-empty string');
  }
  if (/^obs:\/\//i.test(value)) return invalid(`obs_dir must not start with obs:// (got ${value})`);
  if (value.endsWith('/')) return invalid(`obs_dir must not end with '/' (got ${value})`);
  if (value.split('/').some((part) => part === '')) {
    return invalid(`obs_dir must have the form bucket/dir1/dir2 (got ${value})`);
  }
  return value;
}

function checkJobSelected(value: JsonValue | undefined): string[] | DliResponse {
  if (!Array.isArray(value) || value.length === 0) {
    return invalid('job_selected must be a non-empty array of job IDs when is_selected is true');
  }
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const [index, item] of value.entries()) {
    const id = item instanceof JsonNumber ? positiveInt64(item.source) : undefined;
    if (id === undefined) {
      const shown = item instanceof JsonNumber ? item.source : JSON.stringify(item);
      return invalid(`job_selected[${index}] must be a positive 64-bit integer (got ${shown})`);
    }
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  return ids;
}

/** POST /v1.0/{project_id}/streaming/jobs/export */
export function handleExport(state: DliState, contentType: string | undefined, body: Buffer): DliResponse {
  if (!isJsonContentType(contentType)) return invalid('Content-Type must be application/json');
  let parsed: JsonValue;
  try {
    parsed = parseJsonExact(body.toString('utf8'));
  } catch {
    return invalid('The request body is not valid JSON');
  }
  if (!isJsonObject(parsed)) return invalid('The request body must be a JSON object');

  const obsDir = checkObsDir(parsed.obs_dir);
  if (typeof obsDir !== 'string') return obsDir;
  const isSelected = parsed.is_selected;
  if (typeof isSelected !== 'boolean') return invalid('is_selected is mandatory and must be a boolean');
  const selected = isSelected ? checkJobSelected(parsed.job_selected) : undefined;
  if (selected !== undefined && !Array.isArray(selected)) return selected;

  const bucket = obsDir.split('/')[0] ?? '';
  if (!state.buckets.has(bucket)) return notFound(`The OBS bucket ${bucket} does not exist`);
  const known = indexOf(state.jobs).ids;
  const unknown = selected?.find((id) => !known.has(id));
  if (unknown !== undefined) return notFound(`Job ${unknown} does not exist`);

  const jobIds = selected ?? state.jobs.map((job) => job.job_id);
  const zipFile = `${obsDir}/aggregate_${state.now().getTime()}.zip`;
  state.exports.push({ obsDir, selected: isSelected, jobIds, zipFile });
  if (state.onZipWritten) {
    const byId = new Map(state.jobs.map((job) => [job.job_id, job]));
    state.onZipWritten(
      zipFile,
      jobIds.flatMap((id) => byId.get(id) ?? []),
    );
  }
  return {
    status: 200,
    body: {
      is_success: success(state),
      message: `Exported ${jobIds.length} job(s) successfully`,
      zip_file: [zipFile],
    },
  };
}

interface ListQuery {
  limit: number;
  offset: number;
  order: 'asc' | 'desc';
  name: string | undefined;
  status: string | undefined;
  jobType: string | undefined;
  queueName: string | undefined;
  detail: boolean;
}

function parseListQuery(rawQuery: string): ListQuery | DliResponse {
  const params = new URLSearchParams(rawQuery);
  const limitText = params.get('limit') ?? '10';
  if (!/^\d{1,3}$/.test(limitText) || Number(limitText) > 100) {
    return invalid(`limit must be an integer from 0 to 100 (got ${limitText})`);
  }
  const offsetText = params.get('offset') ?? '0';
  if (!/^\d{1,9}$/.test(offsetText)) return invalid(`offset must be a non-negative integer (got ${offsetText})`);
  const order = params.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') return invalid(`order must be asc or desc (got ${order})`);
  const name = params.get('name') ?? undefined;
  if (name !== undefined && name.length > 57) return invalid('name can contain at most 57 characters');
  const showDetail = params.get('show_detail') ?? 'false';
  if (showDetail !== 'true' && showDetail !== 'false') {
    return invalid(`show_detail must be true or false (got ${showDetail})`);
  }
  return {
    limit: Number(limitText),
    offset: Number(offsetText),
    order,
    name,
    status: params.get('status') ?? undefined,
    jobType: params.get('job_type') ?? undefined,
    queueName: params.get('queue_name') ?? undefined,
    detail: showDetail === 'true',
  };
}

function matches(job: Job, query: ListQuery): boolean {
  return (
    (query.name === undefined || job.name.includes(query.name)) &&
    (query.status === undefined || job.status === query.status) &&
    (query.jobType === undefined || job.job_type === query.jobType) &&
    (query.queueName === undefined || job.queue_name === query.queueName)
  );
}

function unfiltered(query: ListQuery): boolean {
  return (
    query.name === undefined &&
    query.status === undefined &&
    query.jobType === undefined &&
    query.queueName === undefined
  );
}

interface CatalogueIndex {
  asc: readonly Job[];
  desc: readonly Job[];
  ids: ReadonlySet<string>;
}

/** The catalogue sorted both ways and its IDs, built once per catalogue: a page costs its own size, not a sort. */
const indexes = new WeakMap<readonly Job[], CatalogueIndex>();
function indexOf(jobs: readonly Job[]): CatalogueIndex {
  let index = indexes.get(jobs);
  if (!index) {
    const asc = [...jobs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    index = { asc, desc: [...asc].reverse(), ids: new Set(jobs.map((job) => job.job_id)) };
    indexes.set(jobs, index);
  }
  return index;
}

function listEntry(job: Job): Record<string, unknown> {
  return {
    job_id: integerLiteral(job.job_id),
    name: job.name,
    desc: '',
    user_name: 'emulator',
    job_type: job.job_type,
    status: job.status,
    status_desc: '',
    queue_name: job.queue_name,
    create_time: job.create_time,
    duration: 0,
    root_id: -1,
    graph_editor_enabled: false,
    has_savepoint: false,
  };
}

/**
 * With `show_detail=true` (listing_jobs.rst, Table 5): no `user_name`, `duration` or `root_id` ("valid only when
 * show_detail is false"); `user_id`, `project_id`, `sql_body`, `run_mode`, `job_config`, `main_class`,
 * `entrypoint_args`, `execution_graph` and `update_time` added. The fields that change while a job runs differ on
 * every call: `status_desc`, `start_time`, `update_time`, `restart_times`, `has_savepoint`, `savepoint_path`,
 * `execution_graph` and `job_config.real_cu_number` (Table 6: "actually used CUs").
 */
function detailEntry(job: Job, call: number, projectId: string): Record<string, unknown> {
  const { user_name: _user, duration: _duration, root_id: _root, ...entry } = listEntry(job);
  const running = job.status === 'job_running';
  const startTime = running ? job.create_time + 3_600_000 + call * 1000 : 0;
  return {
    ...entry,
    status_desc: running ? `running for ${call} checks` : '',
    start_time: startTime,
    update_time: job.create_time + call * 1000,
    user_id: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
    project_id: projectId,
    restart_times: call % 3,
    has_savepoint: call % 2 === 1,
    savepoint_path: call % 2 === 1 ? `obs://dli-savepoints/${job.job_id}/sp-${call}` : '',
    execution_graph: JSON.stringify({ nodes: [{ id: 1, parallelism: 1, checked: call }] }),
    desc: job.detail.desc ?? '',
    run_mode: job.detail.run_mode ?? 'shared_cluster',
    ...(job.detail.sql_body !== undefined ? { sql_body: job.detail.sql_body } : {}),
    ...(job.detail.main_class !== undefined ? { main_class: job.detail.main_class } : {}),
    ...(job.detail.entrypoint_args !== undefined ? { entrypoint_args: job.detail.entrypoint_args } : {}),
    job_config: { ...job.detail.job_config, real_cu_number: running ? 2 + (call % 4) : 0, root_id: -1 },
  };
}

/** GET /v1.0/{project_id}/streaming/jobs */
export function handleList(state: DliState, rawQuery: string, projectId = ''): DliResponse {
  const query = parseListQuery(rawQuery);
  if ('body' in query) return query;
  let call = 0;
  if (query.detail) {
    call = (state.detailCalls ?? 0) + 1;
    state.detailCalls = call;
  }
  const sorted = indexOf(state.jobs)[query.order];
  const filtered = unfiltered(query) ? sorted : sorted.filter((job) => matches(job, query));
  const page = filtered.slice(query.offset, query.offset + query.limit);
  return {
    status: 200,
    body: {
      is_success: success(state),
      message: '',
      job_list: {
        total_count: filtered.length,
        jobs: query.detail ? page.map((job) => detailEntry(job, call, projectId)) : page.map(listEntry),
      },
    },
  };
}
