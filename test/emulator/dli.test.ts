// The emulator's job list pages: the same pages as sorting and filtering the whole catalogue for each request,
// without doing that for each request (the emulator must not be what limits large-list benchmarks).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildCatalogue } from './catalogue.ts';
import { type DliState, handleList } from './dli.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

function state(count: number): DliState {
  // IDs out of order, some beyond 2^53, so sorting matters and is by exact value.
  const specs = Array.from({ length: count }, (_, i) => ({
    job_id: String(BigInt(((i * 7919) % count) + 1) + (i % 3 === 0 ? 9007199254740990n : 0n)),
    name: `job-${i % 10}-${i}`,
    status: i % 2 === 0 ? 'job_running' : 'job_stopped',
  }));
  return {
    jobs: buildCatalogue(specs),
    buckets: new Set(),
    now: () => new Date(0),
    isSuccessAsString: false,
    exports: [],
  };
}

const ids = (response: ReturnType<typeof handleList>) =>
  ((response.body as { job_list: { jobs: { job_id: unknown }[] } }).job_list.jobs ?? []).map((job) =>
    JSON.stringify(job.job_id),
  );

describe('emulator job list paging', () => {
  it('pages through the catalogue sorted by exact ID, both ways, with filters', () => {
    const dli = state(250);
    const byId = [...dli.jobs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const [order, expected] of [
      ['asc', byId],
      ['desc', [...byId].reverse()],
    ] as const) {
      for (const offset of [0, 100, 200, 240, 300]) {
        const page = handleList(dli, `limit=100&offset=${offset}&order=${order}`);
        expect(ids(page)).toEqual(expected.slice(offset, offset + 100).map((job) => job.job_id));
        expect((page.body as { job_list: { total_count: number } }).job_list.total_count).toBe(250);
      }
      const filtered = expected.filter((job) => job.name.includes('job-3') && job.status === 'job_running');
      const page = handleList(dli, `limit=10&offset=2&order=${order}&name=job-3&status=job_running`);
      expect(ids(page)).toEqual(filtered.slice(2, 12).map((job) => job.job_id));
    }
  });

  it('sorts the catalogue once, not on every page request', () => {
    const dli = state(1000);
    const sort = vi.spyOn(Array.prototype, 'sort');
    for (let offset = 0; offset < 1000; offset += 100) handleList(dli, `limit=100&offset=${offset}&order=asc`);
    for (let offset = 0; offset < 1000; offset += 100) handleList(dli, `limit=100&offset=${offset}&order=desc`);
    expect(sort.mock.calls.length).toBeLessThanOrEqual(1);
  });
});

// show_detail (listing_jobs.rst, Table 5 and Table 6; docs/dli-api.md §6).
describe('the job list with show_detail=true', () => {
  const jobs = (response: ReturnType<typeof handleList>) =>
    (response.body as { job_list: { jobs: Record<string, unknown>[] } }).job_list.jobs;
  const detailState = (): DliState => ({
    jobs: buildCatalogue([
      { job_id: '1', name: 'sql', job_type: 'flink_sql_job' },
      { job_id: '2', name: 'jar', job_type: 'flink_jar_job', status: 'job_init' },
    ]),
    buckets: new Set(),
    now: () => new Date(0),
    isSuccessAsString: false,
    exports: [],
  });

  it('adds the definition fields and leaves out those valid only without details', () => {
    const [sql, jar] = jobs(handleList(detailState(), 'show_detail=true&order=asc', 'p'));
    expect(sql).toMatchObject({ sql_body: expect.any(String), run_mode: 'shared_cluster', project_id: 'p' });
    expect(sql).toHaveProperty('job_config.cu_number');
    expect(jar).toMatchObject({ main_class: 'com.example.Main', job_config: { entrypoint: 'dli-jars/jar.jar' } });
    expect(jar).not.toHaveProperty('sql_body');
    for (const job of [sql, jar]) {
      for (const field of ['user_name', 'duration', 'root_id']) expect(job).not.toHaveProperty(field);
    }
    const [plain] = jobs(handleList(detailState(), 'order=asc', 'p'));
    expect(plain).not.toHaveProperty('sql_body');
    expect(plain).toHaveProperty('user_name');
  });

  it('changes the volatile fields on every call, and only them', () => {
    const current = detailState();
    const [a] = jobs(handleList(current, 'show_detail=true&order=asc', 'p'));
    const [b] = jobs(handleList(current, 'show_detail=true&order=asc', 'p'));
    const changed = Object.keys(a ?? {}).filter((key) => JSON.stringify(a?.[key]) !== JSON.stringify(b?.[key]));
    expect(changed.sort()).toEqual(
      [
        'execution_graph',
        'has_savepoint',
        'job_config',
        'restart_times',
        'savepoint_path',
        'start_time',
        'status_desc',
        'update_time',
      ].sort(),
    );
    const { real_cu_number: _x, ...configA } = (a?.job_config ?? {}) as Record<string, unknown>;
    const { real_cu_number: _y, ...configB } = (b?.job_config ?? {}) as Record<string, unknown>;
    expect(configA).toEqual(configB);
  });

  it('refuses a show_detail that is not a Boolean', () => {
    expect(handleList(detailState(), 'show_detail=yes', 'p').status).toBe(400);
  });
});
