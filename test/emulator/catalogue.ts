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
  /** What `show_detail=true` adds (listing_jobs.rst, Tables 5 and 6); a default by job type when omitted. */
  detail?: JobDetailSpec;
}

/** The definition part of a job's details: what the list returns with `show_detail=true` besides the volatile fields. */
export interface JobDetailSpec {
  desc?: string;
  run_mode?: 'shared_cluster' | 'exclusive_cluster' | 'edge_node';
  /** Flink SQL jobs (listing_jobs.rst Table 5: "Stream SQL statement"). */
  sql_body?: string;
  /** Flink Jar jobs. */
  main_class?: string;
  /** "Multiple parameters are separated by spaces" (Table 5). */
  entrypoint_args?: string;
  /** Table 6; `real_cu_number` is added by the list (it changes between calls). */
  job_config?: Record<string, unknown>;
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
  detail: JobDetailSpec;
}

/** Includes an ID just above 2^53 and the int64 maximum, and names that are substrings of each other. */
export const DEFAULT_JOBS: readonly JobSpec[] = [
  {
    job_id: '146',
    name: 'orders-enrichment',
    status: 'job_running',
    job_type: 'flink_sql_job',
    detail: {
      desc: 'Joins orders with customers from Kafka into DWS',
      run_mode: 'exclusive_cluster',
      sql_body: [
        '-- orders from Kafka (SASL: the JAAS config holds a password)',
        'CREATE TABLE orders (order_id STRING, customer_id STRING, amount DECIMAL(10, 2), ts TIMESTAMP(3)) WITH (',
        "  'connector' = 'kafka',",
        "  'topic' = 'orders',",
        "  'properties.bootstrap.servers' = 'kafka-1:9093',",
        '  \'properties.sasl.jaas.config\' = \'org.apache.kafka.common.security.plain.PlainLoginModule required username="etl" password="kafka-S3cret!";\',',
        "  'format' = 'json'",
        ');',
        'CREATE TABLE customers_dws (customer_id STRING, total DECIMAL(12, 2)) WITH (',
        "  'connector' = 'dws',",
        "  'url' = 'jdbc:postgresql://dws:8000/sales',",
        "  'username' = 'etl',",
        "  'password' = 'dws-Passw0rd'",
        ');',
        'INSERT INTO customers_dws SELECT customer_id, SUM(amount) FROM orders GROUP BY customer_id;',
        '',
      ].join('\r\n'),
      job_config: {
        checkpoint_enabled: true,
        checkpoint_mode: 'exactly_once',
        checkpoint_interval: 30,
        log_enabled: true,
        obs_bucket: 'dli-logs',
        cu_number: 4,
        manager_cu_number: 1,
        parallel_number: 2,
        tm_cus: 1,
        tm_slot_num: 1,
        restart_when_exception: true,
        resume_checkpoint: true,
        resume_max_num: -1,
        idle_state_retention: 3600,
        dirty_data_strategy: '0',
        feature: 'basic',
        flink_version: '1.15',
        runtime_config: JSON.stringify([
          { key: 'table.exec.state.ttl', value: '1 h' },
          { key: 'security.ssl.truststore-password', value: 'trust-Me-123' },
        ]),
      },
    },
  },
  { job_id: '2048', name: 'orders-enrichment-v2', status: 'job_init', job_type: 'flink_sql_job' },
  {
    job_id: '31337',
    name: 'clickstream-sessionizer',
    status: 'job_running',
    job_type: 'flink_jar_job',
    detail: {
      desc: 'Sessionizes the click stream (Jar)',
      run_mode: 'exclusive_cluster',
      main_class: 'com.example.clicks.Sessionizer',
      entrypoint_args: '--window 30min --sink.password jar-Secret-9 --source kafka-1:9093',
      job_config: {
        checkpoint_enabled: true,
        checkpoint_interval: 60,
        cu_number: 8,
        manager_cu_number: 1,
        parallel_number: 4,
        entrypoint: 'dli-jars/clicks/sessionizer-2.3.1.jar',
        dependency_jars: ['dli-jars/common/kafka-clients-3.4.0.jar'],
        dependency_files: ['dli-jars/clicks/geo.csv'],
        feature: 'basic',
        flink_version: '1.15',
        runtime_config: '{"taskmanager.memory.process.size":"4g","s3.access-key":"AKIAEXAMPLE"}',
      },
    },
  },
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
      detail: spec.detail ?? defaultDetail(spec.job_type ?? 'flink_sql_job', spec.name),
    };
  });
}

/** A plain definition for jobs given without one: SQL jobs get a short statement, Jar jobs a main class. */
export function defaultDetail(jobType: string, name: string): JobDetailSpec {
  const config = {
    checkpoint_enabled: false,
    cu_number: 2,
    manager_cu_number: 1,
    parallel_number: 1,
    log_enabled: false,
  };
  if (jobType === 'flink_jar_job') {
    return {
      desc: '',
      run_mode: 'shared_cluster',
      main_class: 'com.example.Main',
      entrypoint_args: '',
      job_config: { ...config, entrypoint: `dli-jars/${name}.jar`, dependency_jars: [] },
    };
  }
  return {
    desc: '',
    run_mode: 'shared_cluster',
    sql_body: `-- ${name}\nINSERT INTO sink SELECT * FROM source;\n`,
    job_config: config,
  };
}
