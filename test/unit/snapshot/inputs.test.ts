import { describe, expect, it } from 'vitest';
import { parseSnapshotInputs, resolveFolder } from '../../../src/snapshot/inputs.ts';

const base = { 'project-id': 'p1', region: 'eu-de', 'access-key': 'AK', 'secret-key': 'SK' };
const parse = (inputs: Record<string, string>, env: Record<string, string> = { GITHUB_WORKSPACE: '/w' }) =>
  parseSnapshotInputs((name) => ({ ...base, ...inputs })[name as keyof typeof base] ?? '', env);

describe('snapshot inputs', () => {
  it('defaults: every job, dli-jobs, no fail-on-drift', () => {
    const result = parse({});
    expect(result.ok && result.plan).toMatchObject({
      jobIds: [],
      jobNames: [],
      folder: '/w/dli-jobs',
      path: 'dli-jobs',
      failOnDrift: false,
      dryRun: false,
    });
  });

  it('reads the selection and the snapshot inputs', () => {
    const result = parse({ 'job-ids': '007, 9', 'job-names': 'a\nb', path: 'ops/jobs/', 'fail-on-drift': 'TRUE' });
    expect(result.ok && result.plan).toMatchObject({
      jobIds: ['7', '9'],
      jobNames: ['a', 'b'],
      folder: '/w/ops/jobs',
      path: 'ops/jobs',
      failOnDrift: true,
    });
  });

  it('reports every bad input at once, naming each', () => {
    const result = parse({ 'job-ids': 'x', path: '../up', 'fail-on-drift': 'yes', 'project-id': '' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((problem) => problem.input).sort()).toEqual([
      'fail-on-drift',
      'job-ids',
      'path',
      'project-id',
    ]);
  });
});

describe('resolveFolder', () => {
  it.each(['..', '../x', 'a/../../x', '/abs', 'C:\\x', '\\\\server\\share'])('%s leaves the workspace', (path) => {
    expect(resolveFolder(path, '/w').ok).toBe(false);
  });
  it('a path inside, the workspace itself included', () => {
    expect(resolveFolder('a/../b', '/w')).toEqual({ ok: true, folder: '/w/b', path: 'b' });
    expect(resolveFolder('.', '/w')).toEqual({ ok: true, folder: '/w', path: '.' });
  });
  it('needs GITHUB_WORKSPACE and refuses control characters', () => {
    expect(resolveFolder('x', undefined).ok).toBe(false);
    expect(resolveFolder('a\nb', '/w').ok).toBe(false);
  });
});
