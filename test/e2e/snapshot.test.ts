/**
 * The snapshot action end to end: dist/snapshot/index.js in a fresh Node process, as the runner starts it, against
 * the emulator's job list with show_detail=true (test/emulator/README.md), writing into a temporary workspace.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_JOBS, type JobSpec } from '../emulator/catalogue.ts';
import { DEFAULT_ACCESS_KEY, DEFAULT_IDP_ID, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY } from '../emulator/server.ts';
import { useEmulator } from '../support/emulator.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { type RunResult, runAction } from './run-action.ts';

/** Every secret the default jobs hold (test/emulator/catalogue.ts), in SQL options, JAAS, runtime_config, arguments. */
const SECRETS = ['kafka-S3cret!', 'dws-Passw0rd', 'trust-Me-123', 'jar-Secret-9', 'AKIAEXAMPLE'];

const emulator = useEmulator();
let workspace: string;
useTempDir('dli-snapshot-', (path) => {
  workspace = path;
});
beforeEach(() => {
  emulator.setJobs(DEFAULT_JOBS);
});

const inputs = (overrides: Record<string, string> = {}) => ({
  'project-id': DEFAULT_PROJECT_ID,
  endpoint: emulator.url,
  'access-key': DEFAULT_ACCESS_KEY,
  'secret-key': DEFAULT_SECRET_KEY,
  ...overrides,
});
const snapshot = (overrides: Record<string, string> = {}, env: Record<string, string> = {}) =>
  runAction({ action: 'snapshot', inputs: inputs(overrides), env: { GITHUB_WORKSPACE: workspace, ...env } });
const folder = (path = 'dli-jobs') => join(workspace, path);
const files = async (path = 'dli-jobs') => (await readdir(folder(path))).sort();
const read = (name: string, path = 'dli-jobs') => readFile(join(folder(path), name), 'utf8');

/** The default jobs with `edit` applied to the one named `name`. */
function jobsWith(name: string, edit: (job: JobSpec) => JobSpec): JobSpec[] {
  return DEFAULT_JOBS.map((job) => (job.name === name ? edit(structuredClone(job)) : job));
}

function expectOk(run: RunResult) {
  expect(run.errors, run.stdout).toEqual([]);
  expect(run.exitCode).toBe(0);
}

describe('snapshot files', () => {
  it('writes a .json per job and a .sql per SQL job, sorted keys, LF, one trailing newline, no volatile field', async () => {
    const run = await snapshot();
    expectOk(run);
    expect(await files()).toEqual([
      'clickstream-sessionizer.json',
      'fraud-scoring.json',
      'fraud-scoring.sql',
      'max-id-job.json',
      'orders-enrichment-v2.json',
      'orders-enrichment-v2.sql',
      'orders-enrichment.json',
      'orders-enrichment.sql',
    ]);
    const sql = await read('orders-enrichment.sql');
    expect(sql).not.toContain('\r');
    expect(sql.endsWith(';\n')).toBe(true);
    expect(sql).toContain("'topic' = 'orders',\n");

    const jar = await read('clickstream-sessionizer.json');
    const definition = JSON.parse(jar);
    expect(jar).toBe(`${JSON.stringify(definition, null, 2)}\n`);
    expect(Object.keys(definition)).toEqual([...Object.keys(definition)].sort());
    expect(definition).toMatchObject({
      $format: 'dli-flink-job/1',
      name: 'clickstream-sessionizer',
      job_type: 'flink_jar_job',
      main_class: 'com.example.clicks.Sessionizer',
      run_mode: 'exclusive_cluster',
      job_config: {
        entrypoint: 'dli-jars/clicks/sessionizer-2.3.1.jar',
        dependency_jars: ['dli-jars/common/kafka-clients-3.4.0.jar'],
      },
    });
    for (const file of await files()) {
      const text = await read(file);
      for (const volatile of ['status', 'update_time', 'start_time', 'real_cu_number', 'restart_times', 'job_id']) {
        expect(text, `${file} holds ${volatile}`).not.toContain(`"${volatile}"`);
      }
    }
    expect(run.outputs).toEqual({
      added: '["clickstream-sessionizer","fraud-scoring","max-id-job","orders-enrichment","orders-enrichment-v2"]',
      changed: '[]',
      removed: '[]',
      drifted: 'true',
    });
  });

  it('a second run against unchanged jobs (volatile fields changed) writes the same bytes and reports no drift', async () => {
    expectOk(await snapshot());
    const first = new Map<string, string>();
    for (const file of await files()) first.set(file, await read(file));
    const mtimes = await Promise.all([...first.keys()].map(async (file) => (await stat(join(folder(), file))).mtimeMs));

    const again = await snapshot();
    expectOk(again);
    expect(again.outputs).toEqual({ added: '[]', changed: '[]', removed: '[]', drifted: 'false' });
    for (const [file, text] of first) expect(await read(file)).toBe(text);
    expect(await files()).toEqual([...first.keys()]);
    const after = await Promise.all([...first.keys()].map(async (file) => (await stat(join(folder(), file))).mtimeMs));
    expect(after).toEqual(mtimes);
    // The emulator did change the volatile fields between the two runs.
    const lists = emulator.requests.filter((request) => request.query?.includes('show_detail=true'));
    expect(lists.length).toBe(2);
  });

  it('SQL and configuration changes: changed, with a diff of each in the summary', async () => {
    expectOk(await snapshot());
    emulator.setJobs(
      jobsWith('orders-enrichment', (job) => {
        const detail = job.detail ?? {};
        detail.sql_body = (detail.sql_body ?? '').replace("'topic' = 'orders'", "'topic' = 'orders-v2'");
        return job;
      }).map((job) =>
        job.name === 'clickstream-sessionizer'
          ? { ...job, detail: { ...job.detail, job_config: { ...job.detail?.job_config, parallel_number: 6 } } }
          : job,
      ),
    );
    const run = await snapshot();
    expectOk(run);
    expect(run.outputs).toEqual({
      added: '[]',
      changed: '["clickstream-sessionizer","orders-enrichment"]',
      removed: '[]',
      drifted: 'true',
    });
    expect(await read('orders-enrichment.sql')).toContain("'topic' = 'orders-v2'");
    const summary = run.summary ?? '';
    expect(summary).toContain('-  &#39;topic&#39; = &#39;orders&#39;,\n+  &#39;topic&#39; = &#39;orders-v2&#39;,');
    expect(summary).toContain('-    &quot;parallel_number&quot;: 4,\n+    &quot;parallel_number&quot;: 6,');
    expect(summary).toContain('--- a/orders-enrichment.sql');
  });

  it('added and removed jobs; other files in the folder (a README, notes.json, a foreign .json) are left alone', async () => {
    expectOk(await snapshot());
    await writeFile(join(folder(), 'README.md'), '# Our jobs\n');
    await writeFile(join(folder(), 'notes.json'), '{"name": "notes"}\n');
    await writeFile(join(folder(), 'legacy.json'), '{"$format": "dli-flink-job/1", "name": "someone-else"}\n');
    emulator.setJobs([
      ...DEFAULT_JOBS.filter((job) => job.name !== 'fraud-scoring'),
      { job_id: '77', name: 'payments-alerts', job_type: 'flink_sql_job' },
    ]);
    const run = await snapshot();
    expectOk(run);
    expect(run.outputs).toEqual({
      added: '["payments-alerts"]',
      changed: '[]',
      removed: '["fraud-scoring"]',
      drifted: 'true',
    });
    const now = await files();
    expect(now).not.toContain('fraud-scoring.json');
    expect(now).not.toContain('fraud-scoring.sql');
    expect(now).toEqual(expect.arrayContaining(['README.md', 'notes.json', 'legacy.json', 'payments-alerts.sql']));
    expect(await read('README.md')).toBe('# Our jobs\n');
    expect(run.summary).toContain('<h3>Removed (1)</h3>');
  });

  it('with a selection, only the selected jobs are compared and written; nothing else is removed', async () => {
    await mkdir(folder(), { recursive: true });
    // Files of a job DLI no longer has: kept, because it is not selected.
    await writeFile(join(folder(), 'retired.json'), '{"$format": "dli-flink-job/1", "name": "retired"}\n');
    const run = await snapshot({ 'job-names': 'orders-enrichment', 'job-ids': '31337' });
    expectOk(run);
    expect(run.outputs).toEqual({
      added: '["clickstream-sessionizer","orders-enrichment"]',
      changed: '[]',
      removed: '[]',
      drifted: 'true',
    });
    expect(await files()).toEqual([
      'clickstream-sessionizer.json',
      'orders-enrichment.json',
      'orders-enrichment.sql',
      'retired.json',
    ]);
  });

  it('an unknown selected name fails the step with a suggestion, after writing the others', async () => {
    const run = await snapshot({ 'job-names': 'orders-enrichment\norders-enrichmnt-v2' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain('no Flink job is named "orders-enrichmnt-v2"; did you mean "orders-enrichment-v2"');
    expect(await files()).toEqual(['orders-enrichment.json', 'orders-enrichment.sql']);
  });

  it('encodes names that are not safe file names reversibly, and never writes outside the folder', async () => {
    emulator.setJobs([
      { job_id: '5', name: '../escape', job_type: 'flink_sql_job' },
      { job_id: '6', name: 'a/b: c?*', job_type: 'flink_jar_job' },
      { job_id: '7', name: '.hidden', job_type: 'flink_jar_job' },
    ]);
    const run = await snapshot();
    expectOk(run);
    expect(await files()).toEqual([
      '%2E.%2Fescape.json',
      '%2E.%2Fescape.sql',
      '%2Ehidden.json',
      'a%2Fb%3A c%3F%2A.json',
    ]);
    expect((await readdir(workspace)).sort()).toEqual(['dli-jobs']);
    expect(JSON.parse(run.outputs.added ?? '')).toEqual(['../escape', '.hidden', 'a/b: c?*']);
    expect(decodeURIComponent('a%2Fb%3A c%3F%2A')).toBe('a/b: c?*');
    // Recognised again by name: a second run sees no drift.
    expect((await snapshot()).outputs.drifted).toBe('false');
  });

  it('two jobs with the same name fail the step, naming both IDs; nothing is deleted', async () => {
    expectOk(await snapshot());
    emulator.setJobs([
      ...DEFAULT_JOBS.filter((job) => job.name !== 'max-id-job'),
      { job_id: '8001', name: 'orders-enrichment', job_type: 'flink_sql_job' },
    ]);
    const run = await snapshot();
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/2 jobs are named "orders-enrichment" \(IDs (146, 8001|8001, 146)\)/);
    expect(await files()).toContain('max-id-job.json');
  });
});

describe('consistency', () => {
  const many = (count: number): JobSpec[] =>
    Array.from({ length: count }, (_, index) => ({ job_id: String(1000 + index), name: `job-${1000 + index}` }));

  it('deletes nothing when the total changed between pages', async () => {
    emulator.setJobs(many(150));
    expectOk(await snapshot());
    emulator.setJobs(many(120));
    emulator.script('list', [
      { kind: 'ok' },
      { status: 200, body: { is_success: true, message: '', job_list: { total_count: 119, jobs: [] } } },
    ]);
    const run = await snapshot();
    expectOk(run);
    expect(run.outputs.removed).toBe('[]');
    expect(run.warnings.join('\n')).toMatch(/kept: the number of jobs changed while the list was read/);
    expect((await files()).length).toBe(150 * 2);
  });

  it('deletes nothing when a page failed; the step fails with the service error', async () => {
    emulator.setJobs(many(150));
    expectOk(await snapshot());
    emulator.setJobs(many(120));
    emulator.script('list', [{ kind: 'ok' }, { status: 500, body: { error_code: 'DLI.0999', error_msg: 'boom' } }]);
    const run = await snapshot({ 'max-attempts': '1' });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('DLI.0999');
    expect((await files()).length).toBe(150 * 2);
  });

  it('reads 250 jobs in three pages of 100, offset counting records', async () => {
    emulator.setJobs(many(250));
    const run = await snapshot();
    expectOk(run);
    const offsets = emulator.requests
      .filter((request) => request.operation === 'list')
      .map((request) => new URLSearchParams(request.query).get('offset'))
      .sort();
    expect(offsets).toEqual(['0', '100', '200']);
    expect(JSON.parse(run.outputs.added ?? '')).toHaveLength(250);
  });
});

describe('secrets', () => {
  it('no secret reaches a file, an output, the summary or the log; non-secret options stay verbatim', async () => {
    const tricky = [
      "-- the customer's feed; don't lose it",
      "/* it's a 'comment' with password = 'not-a-pair' */",
      'CREATE TABLE t (a STRING) WITH (',
      "  'connector' = 'jdbc', 'url' = 'jdbc:mysql://db:3306/x?user=etl&password=url-Secret-1&ssl=true',",
      "  'description' = 'it''s a ''quoted'' value',",
      "  'PASSWORD' /* keep this */ = 'it''s-Secret-2',",
      "  'access.key' = 'ak-Secret-3', 'secret-key' = 'sk-Secret-4', 'my.credential' = 'cred-Secret-5',",
      "  'auth.token' = 'tok-Secret-6'",
      ');',
      "SET 'sink.password' = 'set-Secret-7';",
      'SET s3.secret-key = sk/Secret+9=;',
      "INSERT INTO t SELECT 'plain' FROM s /*+ OPTIONS('password' = 'hint''Secret-10') */;",
    ].join('\n');
    const more = {
      desc: 'db user=etl password=desc-Secret-12',
      entrypoint_args: '--use-token --password arg-Secret-13 --name "x y"',
    };
    emulator.setJobs([
      ...DEFAULT_JOBS,
      {
        job_id: '99',
        name: 'tricky',
        detail: { ...more, sql_body: tricky, job_config: { runtime_config: 'a=1, token=rt-Secret-8' } },
      },
    ]);
    const run = await snapshot();
    expectOk(run);
    // A second run with a change, so that the summary holds diffs of the redacted files.
    emulator.setJobs([
      ...DEFAULT_JOBS.map((job) => ({ ...job, detail: { ...job.detail, desc: 'changed' } })),
      {
        job_id: '99',
        name: 'tricky',
        detail: {
          ...more,
          sql_body: `${tricky}\n-- v2`,
          job_config: { runtime_config: '{"a": 2, "api.tokens": ["list-Secret-11"]}' },
        },
      },
    ]);
    const second = await snapshot();
    expectOk(second);
    const everything = [run.visible, second.visible];
    for (const file of await files()) everything.push(await read(file));
    const all = everything.join('\n');
    for (const secret of [
      ...SECRETS,
      'url-Secret-1',
      "it''s-Secret-2",
      "it's-Secret-2",
      'ak-Secret-3',
      'sk-Secret-4',
      'cred-Secret-5',
      'tok-Secret-6',
      'set-Secret-7',
      'rt-Secret-8',
      'Secret+9',
      'Secret-10',
      'list-Secret-11',
      'desc-Secret-12',
      'arg-Secret-13',
    ]) {
      expect(all, secret).not.toContain(secret);
    }
    const sql = await read('tricky.sql');
    expect(sql).toContain(
      "-- the customer's feed; don't lose it\n/* it's a 'comment' with password = '***REDACTED***' */",
    );
    expect(sql).toContain("'description' = 'it''s a ''quoted'' value',");
    expect(sql).toContain("'PASSWORD' /* keep this */ = '***REDACTED***',");
    expect(sql).toContain("user=etl&password=***REDACTED***&ssl=true'");
    expect(sql).toContain("SET 'sink.password' = '***REDACTED***';");
    expect(sql).toContain("INSERT INTO t SELECT 'plain' FROM s /*+ OPTIONS('password' = '***REDACTED***') */;");
    expect(await read('orders-enrichment.sql')).toContain("'properties.bootstrap.servers' = 'kafka-1:9093',");
    expect(sql).toContain("SET s3.secret-key = '***REDACTED***';");
    expect(await read('tricky.json')).toContain(
      '"runtime_config": "{\\"a\\":2,\\"api.tokens\\":[\\"***REDACTED***\\"]}"',
    );
    expect(await read('tricky.json')).toContain(
      '"entrypoint_args": "--use-token --password ***REDACTED*** --name \\"x y\\""',
    );
    expect(second.summary).toContain('***REDACTED***');
  });
});

describe('summary', () => {
  it('renders hostile SQL as text: no element from the SQL, diffs in <pre>', async () => {
    expectOk(await snapshot());
    const hostile = [
      '<img src=x onerror=alert(1)> ![x](https://evil.test/x.png) [link](https://evil.test)',
      '| a | b |',
      '|---|---|',
      '| c | d |',
      '```',
      '</pre><script>alert(2)</script>',
      '',
      '# heading **bold**',
      '<details><summary>x</summary>',
    ].join('\n');
    emulator.setJobs(
      jobsWith('fraud-scoring', (job) => ({ ...job, detail: { sql_body: `-- ${hostile}\nSELECT 1;` } })),
    );
    const run = await snapshot();
    expectOk(run);
    const html = new MarkdownIt({ html: true, linkify: true }).render(run.summary ?? '');
    for (const element of ['<img', '<script', '<a ', '<h1', '<strong', '<code>x', '<thead', '<td>c']) {
      expect(html, element).not.toContain(element);
    }
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;');
    expect((html.match(/<pre>/g) ?? []).length).toBe((html.match(/<\/pre>/g) ?? []).length);
  });

  it('caps a long diff and says so', async () => {
    expectOk(await snapshot());
    const long = Array.from({ length: 3000 }, (_, index) => `SELECT ${index} AS a_rather_long_column_name_${index};`);
    emulator.setJobs(jobsWith('fraud-scoring', (job) => ({ ...job, detail: { sql_body: long.join('\n') } })));
    const run = await snapshot();
    expectOk(run);
    expect(run.summary).toContain('diff cut');
    expect((run.summary ?? '').length).toBeLessThan(60_000);
  });
});

describe('modes', () => {
  it('fail-on-drift: fails after writing the files and outputs, with one error line giving the counts', async () => {
    const run = await snapshot({ 'fail-on-drift': 'true' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      expect.stringMatching(/^DLI drifted from the files: 5 added, 0 changed, 0 removed \(fail-on-drift is true\)/),
    ]);
    expect(run.outputs.drifted).toBe('true');
    expect((await files()).length).toBe(8);
    expectOk(await snapshot({ 'fail-on-drift': 'true' }));
  });

  it('dry run: computes and sets the outputs, writes and deletes nothing', async () => {
    const run = await snapshot({ 'dry-run': 'true' });
    expectOk(run);
    expect(run.outputs.drifted).toBe('true');
    expect(JSON.parse(run.outputs.added ?? '')).toHaveLength(5);
    expect(await readdir(workspace)).toEqual([]);

    expectOk(await snapshot());
    emulator.setJobs(DEFAULT_JOBS.filter((job) => job.name !== 'max-id-job'));
    const dry = await snapshot({ 'dry-run': 'true', 'fail-on-drift': 'true' });
    expect(dry.exitCode).toBe(1);
    expect(dry.outputs).toEqual({ added: '[]', changed: '[]', removed: '["max-id-job"]', drifted: 'true' });
    expect(await files()).toContain('max-id-job.json');
  });

  it('sends nothing but GET requests to DLI', async () => {
    expectOk(await snapshot());
    expect(emulator.requests.length).toBeGreaterThan(0);
    expect(emulator.requests.map((request) => `${request.method} ${request.operation}`)).toEqual(
      emulator.requests.map(() => 'GET list'),
    );
  });

  it('keyless authentication (OpenID Connect): the list is read with an IAM token', async () => {
    const run = await runAction({
      action: 'snapshot',
      inputs: {
        'project-id': DEFAULT_PROJECT_ID,
        endpoint: emulator.url,
        'iam-endpoint': emulator.url,
        'identity-provider': DEFAULT_IDP_ID,
      },
      env: { GITHUB_WORKSPACE: workspace, ...emulator.githubIdTokenEnv },
    });
    expectOk(run);
    expect(emulator.requests.map((request) => request.operation)).toEqual(['github-id-token', 'iam-oidc', 'list']);
    expect(emulator.requests.at(-1)?.headers['x-auth-token']).toBe(emulator.issuedTokens[0]);
    expect(await files()).toHaveLength(8);
  });

  it('a path that leaves the workspace is an input error, with nothing sent', async () => {
    for (const path of ['../outside', '/etc', 'a/../../b']) {
      const run = await snapshot({ path });
      expect(run.exitCode).toBe(1);
      expect(run.errors[0]).toMatch(/^Invalid input \(nothing was sent\):\n- path: must/);
    }
    expect(emulator.requests).toEqual([]);
  });

  it('a path through a symbolic link out of the workspace is refused before any request', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'dli-outside-'));
    try {
      await symlink(outside, join(workspace, 'link'));
      const run = await snapshot({ path: 'link/jobs' });
      expect(run.exitCode).toBe(1);
      expect(run.errors[0]).toContain('path resolves outside the workspace');
      expect(await readdir(outside)).toEqual([]);
      expect(emulator.requests).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
