// The Flink jobs of the emulated project.

import { positiveInt64 } from './json.ts';

export interface JobSpec {
  /** Decimal job ID, up to 9223372036854775807. */
  job_id: string;
  name: string;
  status?: string;
  job_type?: string;
  queue_name?: string;
  /** Epoch milliseconds; derived from the catalogue position when omitted. */
  create_time?: number;
}

export interface Job {
  job_id: string;
  /** job_id as a BigInt, for ordering. */
  id: bigint;
  name: string;
  status: string;
  job_type: string;
  queue_name: string;
  create_time: number;
}

/** Includes an ID just above 2^53 and the int64 maximum, and names that are substrings of each other. */
export const DEFAULT_JOBS: readonly JobSpec[] = [
  { job_id: '146', name: 'orders-enrichment', status: 'job_running', job_type: 'flink_sql_job' },
  { job_id: '2048', name: 'orders-enrichment-v2', status: 'job_init', job_type: 'flink_sql_job' },
  { job_id: '31337', name: 'clickstream-sessionizer', status: 'job_running', job_type: 'flink_jar_job' },
  { job_id: '9007199254740993', name: 'fraud-scoring', status: 'job_stopped', job_type: 'flink_sql_job' },
  { job_id: '9223372036854775807', name: 'max-id-job', status: 'job_running', job_type: 'flink_jar_job' },
];

const BASE_CREATE_TIME = 1578892414688;
const DAY_MS = 86_400_000;

/** Validates and completes job specs; throws on an invalid or duplicate ID. */
export function buildCatalogue(specs: readonly JobSpec[]): Job[] {
  const seen = new Set<string>();
  return specs.map((spec, index) => {
    const jobId = positiveInt64(spec.job_id);
    if (jobId === undefined) throw new Error(`emulator job_id must be a positive int64: ${spec.job_id}`);
    if (seen.has(jobId)) throw new Error(`emulator job_id is duplicated: ${jobId}`);
    seen.add(jobId);
    return {
      job_id: jobId,
      id: BigInt(jobId),
      name: spec.name,
      status: spec.status ?? 'job_running',
      job_type: spec.job_type ?? 'flink_sql_job',
      queue_name: spec.queue_name ?? 'default',
      create_time: spec.create_time ?? BASE_CREATE_TIME + index * DAY_MS,
    };
  });
}
