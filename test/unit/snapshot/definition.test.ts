import { describe, expect, it } from 'vitest';
import { definition, FORMAT, jobFiles, renderJson, renderSql } from '../../../src/snapshot/definition.ts';

describe('definition', () => {
  it('keeps what recreating the job needs, drops IDs and volatile fields, redacts', () => {
    expect(
      definition({
        id: '146',
        name: 'j',
        status: 'job_running',
        desc: 'd',
        jobType: 'flink_jar_job',
        queueName: 'q',
        runMode: 'exclusive_cluster',
        mainClass: 'M',
        entrypointArgs: '--password p',
        edgeGroupIds: ['e'],
        tags: [{ key: 'team', value: 'data' }],
        jobConfig: { cu_number: 2, real_cu_number: 3, root_id: -1, runtime_config: 'token=x' },
      }),
    ).toEqual({
      $format: FORMAT,
      name: 'j',
      desc: 'd',
      job_type: 'flink_jar_job',
      queue_name: 'q',
      run_mode: 'exclusive_cluster',
      main_class: 'M',
      entrypoint_args: '--password ***REDACTED***',
      edge_group_ids: ['e'],
      tags: [{ key: 'team', value: 'data' }],
      job_config: { cu_number: 2, runtime_config: 'token=***REDACTED***' },
    });
  });

  it('a description holding key=value secrets has them redacted', () => {
    expect(definition({ id: '1', name: 'j', desc: 'sink db: user=etl password=hunter2' }).desc).toBe(
      'sink db: user=etl password=***REDACTED***',
    );
  });

  it('a job without SQL (or with blank SQL) has no .sql', () => {
    expect(jobFiles({ id: '1', name: 'j', sqlBody: '  \n' }).sql).toBeUndefined();
    expect(jobFiles({ id: '1', name: 'j', sqlBody: 'SELECT 1;\r\n\r\n' }).sql).toBe('SELECT 1;\n');
  });
});

describe('layout', () => {
  it('sorts keys at every depth, two-space indentation, one trailing newline', () => {
    expect(renderJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 2 } })).toBe(
      '{\n  "a": {\n    "c": 2,\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  it('a key named __proto__ is kept as data', () => {
    const value = JSON.parse('{"__proto__": {"x": 1}, "a": 2}');
    expect(renderJson(value)).toBe('{\n  "__proto__": {\n    "x": 1\n  },\n  "a": 2\n}\n');
  });

  it('SQL: LF line ends, exactly one trailing newline', () => {
    expect(renderSql('a\r\nb\rc')).toBe('a\nb\nc\n');
    expect(renderSql('a\n\n\n')).toBe('a\n');
  });
});
