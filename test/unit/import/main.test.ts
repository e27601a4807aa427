/**
 * The import action's own parts of the edge (import/main.ts): the first log line, the per-ZIP log, the warnings
 * about skipped and replaced jobs, the outputs, and the failure it reports. Written through `@actions/core`: the
 * log on stdout, the outputs in the GITHUB_OUTPUT file.
 */
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/http/errors.ts';
import { type ImportPlan, parseImportInputs } from '../../../src/import/inputs.ts';
import { importEdge } from '../../../src/import/main.ts';
import type { ImportOutcome } from '../../../src/import/run.ts';
import { planFrom } from '../../support/fixtures.ts';
import { captureRunnerStdout } from '../../support/runner-stdout.ts';

const { log, lines, outputs } = captureRunnerStdout();

function plan(inputs: Record<string, string> = {}): ImportPlan {
  const all: Record<string, string> = {
    'project-id': 'p1',
    'zip-file': 'bkt/a.zip',
    'access-key': 'AK',
    'secret-key': 'SK',
    region: 'eu-de',
    ...inputs,
  };
  return planFrom(parseImportInputs, all);
}
const job = (oldJobId: string, newJobId: string, remark = 'Job created') => ({ oldJobId, newJobId, remark });

describe('the first log line', () => {
  it('names each ZIP and the project', () => {
    expect(importEdge.describe(plan({ 'zip-file': '["bkt/a.zip","bkt/b.zip"]' }))).toBe(
      'Importing obs://bkt/a.zip, obs://bkt/b.zip into project p1',
    );
  });
  it('says when jobs of the same name are overwritten', () => {
    expect(importEdge.describe(plan({ overwrite: 'true' }))).toBe(
      'Importing obs://bkt/a.zip into project p1, overwriting jobs of the same name',
    );
  });
});

describe('the time limit', () => {
  it('one import per ZIP, one after the other', () => {
    expect(
      importEdge.bound(plan({ 'zip-file': '["bkt/a.zip","bkt/b.zip"]', 'timeout-seconds': '5', 'max-attempts': '1' })),
    ).toBe('Time limit: each request ends within 5 s with its retries; this step within 10 s (2 request(s) in turn)');
  });
});

describe('publishing an import', () => {
  it('logs each ZIP and job, sets the outputs, and warns about the skipped jobs', () => {
    const outcome: ImportOutcome = {
      dryRun: false,
      imported: [
        { zipFile: 'bkt/a.zip', message: 'done', jobMapping: [job('1', '11'), job('2', '-1', 'Job exists')] },
        { zipFile: 'bkt/b.zip', message: '', jobMapping: [job('3', '-1', 'Job exists')] },
      ],
    };
    importEdge.publish(plan(), outcome);
    expect(lines()).toEqual([
      'obs://bkt/a.zip: 1 job(s) imported, 1 skipped. DLI: done',
      '  1 -> 11  Job created',
      '  2 -> -1  Job exists',
      'obs://bkt/b.zip: 0 job(s) imported, 1 skipped. DLI: (no message)',
      '  3 -> -1  Job exists',
      '::warning::2 job(s) were not imported because a job of the same name exists in project p1 (old IDs 2, 3): set `overwrite: true` to replace them',
    ]);
    expect(outputs()).toEqual({
      'job-mapping':
        '[{"old_job_id":"1","new_job_id":"11","remark":"Job created"},{"old_job_id":"2","new_job_id":"-1","remark":"Job exists"},{"old_job_id":"3","new_job_id":"-1","remark":"Job exists"}]',
      'new-job-ids': '["11"]',
      'skipped-job-ids': '["2","3"]',
    });
  });

  it('with overwrite: warns that the replacing jobs are Drafts, naming them', () => {
    importEdge.publish(plan({ overwrite: 'true' }), {
      dryRun: false,
      imported: [{ zipFile: 'bkt/a.zip', message: 'ok', jobMapping: [job('1', '11'), job('2', '12')] }],
    });
    expect(lines().filter((line) => line.startsWith('::warning::'))).toEqual([
      '::warning::overwrite is on: a job that replaced one of the same name is now a Draft and does not run until it is started again (DLI console or API). Imported job IDs: 11, 12',
    ]);
  });

  it('with overwrite but nothing imported: no Draft warning', () => {
    importEdge.publish(plan({ overwrite: 'true' }), {
      dryRun: false,
      imported: [{ zipFile: 'bkt/a.zip', message: 'ok', jobMapping: [job('1', '-1', 'exists')] }],
    });
    expect(log()).not.toContain('overwrite is on');
  });

  it('a ZIP with no job: a warning naming it; outputs are empty lists', () => {
    importEdge.publish(plan(), { dryRun: false, imported: [{ zipFile: 'bkt/a.zip', message: 'ok', jobMapping: [] }] });
    expect(lines()).toEqual([
      'obs://bkt/a.zip: 0 job(s) imported, 0 skipped. DLI: ok',
      '::warning::DLI reported success for obs://bkt/a.zip but listed no job',
    ]);
    expect(outputs()).toEqual({ 'job-mapping': '[]', 'new-job-ids': '[]', 'skipped-job-ids': '[]' });
  });

  it('a dry run: each request, then that nothing was sent; no output', () => {
    importEdge.publish(plan({ 'dry-run': 'true' }), {
      dryRun: true,
      requests: [
        { zipFile: 'bkt/a.zip', request: 'POST /a' },
        { zipFile: 'bkt/b.zip', request: 'POST /b' },
      ],
    });
    expect(lines()).toEqual([
      'Dry run: for obs://bkt/a.zip this request would be sent (secrets withheld):',
      'POST /a',
      'Dry run: for obs://bkt/b.zip this request would be sent (secrets withheld):',
      'POST /b',
      'Dry run: nothing was sent, and no output is set.',
    ]);
    expect(outputs()).toEqual({});
  });
});

describe('the failure it reports', () => {
  it('the failed ZIP’s error, none for a dry run or a full success', () => {
    const error = new ActionError('DLI import of obs://bkt/b.zip failed');
    expect(importEdge.failure?.({ dryRun: false, imported: [], failed: { zipFile: 'bkt/b.zip', error } })).toBe(error);
    expect(importEdge.failure?.({ dryRun: false, imported: [] })).toBeUndefined();
    expect(importEdge.failure?.({ dryRun: true, requests: [] })).toBeUndefined();
  });

  it('the summary is given the plan’s ZIPs, overwrite, region and endpoint', () => {
    const html = importEdge.summary(
      plan({ overwrite: 'true' }),
      { dryRun: false, imported: [{ zipFile: 'bkt/a.zip', message: 'ok', jobMapping: [job('1', '11')] }] },
      'push on main',
    );
    expect(html).toContain('obs://bkt/a.zip');
    expect(html).toContain('eu-de');
    expect(html).toContain('https://dli.eu-de.otc.t-systems.com');
    expect(html).toContain('push on main');
    expect(html).toContain('yes: jobs of the same name are replaced and become Draft');
  });
});
