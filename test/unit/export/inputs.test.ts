/** The export's own inputs: their whole messages, and that every problem is reported in one go. */
import { describe, expect, it } from 'vitest';
import { describeProblems, secretCandidates } from '../../../src/action/inputs.ts';
import { EXPORT_SECRET_INPUTS } from '../../../src/export/inputs.ts';
import type { Env } from '../../../src/util/env.ts';
import {
  EXPORT_INPUTS,
  parseExportInputs as parse,
  exportPlanOf as planOf,
  exportProblemsOf as problemsOf,
  SHARED_PLAN,
} from '../../support/fixtures.ts';

describe('inputs-export', () => {
  const valid = EXPORT_INPUTS;

  describe('export inputs', () => {
    it('a missing obs-dir says what it is, with an example', () => {
      const { 'obs-dir': _omitted, ...rest } = valid;
      expect(problemsOf(rest)).toEqual([
        {
          input: 'obs-dir',
          message: 'is required: the OBS bucket and folder for the export, e.g. my-bucket/dli/backups',
        },
      ]);
    });

    it('job-ids problems are each reported, under job-ids', () => {
      const problems = problemsOf({ ...valid, 'job-ids': 'x, 0' });
      expect(problems).toEqual([
        { input: 'job-ids', message: '"x" is not a positive whole number' },
        { input: 'job-ids', message: '"0" is not a positive job ID' },
      ]);
    });

    it('a job name of 57 characters is accepted; one of 58 is reported whole (characters, not UTF-16 units)', () => {
      const max = `${'é'.repeat(56)}😀`; // 57 characters, 58 UTF-16 units
      expect(planOf({ ...valid, 'job-names': max }).jobNames).toEqual([max]);
      const long = 'n'.repeat(58);
      expect(problemsOf({ ...valid, 'job-names': `ok\n${long}\n${'m'.repeat(60)}` })).toEqual([
        { input: 'job-names', message: `"${long}" is longer than the 57 characters of a DLI job name` },
        { input: 'job-names', message: `"${'m'.repeat(60)}" is longer than the 57 characters of a DLI job name` },
      ]);
    });

    it('job names and list-exported reach the plan', () => {
      const plan = planOf({ ...valid, 'job-names': 'orders\nclicks', 'list-exported': 'true' });
      expect(plan.jobNames).toEqual(['orders', 'clicks']);
      expect(plan.listExported).toBe(true);
      expect(problemsOf({ ...valid, 'list-exported': 'on' })).toEqual([
        { input: 'list-exported', message: 'must be true or false' },
      ]);
    });

    it('download problems are reported with the other inputs’ problems', () => {
      const problems = problemsOf(
        { ...valid, 'max-attempts': '0', 'download-dir': 'out\u0007', 'obs-endpoint': 'ftp://obs' },
        { GITHUB_WORKSPACE: '/ws' },
      );
      expect(problems).toEqual([
        { input: 'max-attempts', message: 'must be at least 1' },
        { input: 'download-dir', message: 'must not contain control characters' },
        { input: 'obs-endpoint', message: expect.any(String) },
      ]);
    });

    it('download-dir is resolved in the workspace, and absent without it', () => {
      expect(planOf(valid).download).toBeUndefined();
      const plan = planOf({ ...valid, 'download-dir': 'exports' }, { GITHUB_WORKSPACE: '/ws' });
      expect(plan.download?.dir).toBe('/ws/exports');
      expect(plan.download?.obs.url.origin).toBe('https://obs.eu-de.otc.t-systems.com');
    });

    it('release-assets with the other problems of the same run, every one reported', () => {
      const problems = problemsOf(
        { ...valid, 'obs-dir': '', 'release-assets': 'true', 'download-dir': '' },
        { GITHUB_EVENT_NAME: 'release' },
      );
      expect(problems).toEqual([
        { input: 'obs-dir', message: expect.any(String) },
        {
          input: 'release-assets',
          message: 'needs `download-dir`: the files attached to the release are the downloaded ZIPs',
        },
        {
          input: 'github-token',
          message: "is required with release-assets: true (its default is the workflow's GITHUB_TOKEN)",
        },
      ]);
    });

    it('without GITHUB_EVENT_NAME, release-assets says the event is unknown', () => {
      expect(
        problemsOf({ ...valid, 'release-assets': 'true', 'download-dir': 'out', 'github-token': 't' }, {}),
      ).toEqual([
        {
          input: 'release-assets',
          message:
            "works only in a workflow run by a `release` event (this run's event is unknown: GITHUB_EVENT_NAME is not set); use `on: release` or set release-assets to false",
        },
      ]);
    });

    it('release-assets false plans no upload, whatever the token', () => {
      expect(planOf({ ...valid, 'release-assets': 'false', 'github-token': 'ghs_x' }).releaseAssets).toBeUndefined();
    });
  });
});

describe('inputs', () => {
  const valid = { ...EXPORT_INPUTS, 'obs-dir': 'obs://dli-backups/nightly/' };

  describe('inputs → plan', () => {
    it('builds the plan from valid inputs, with defaults', () => {
      const result = parse({ ...valid, 'job-ids': '1, 2' });
      expect(result).toEqual({
        ok: true,
        plan: {
          projectId: valid['project-id'],
          obsDir: 'dli-backups/nightly',
          jobIds: ['1', '2'],
          jobNames: [],
          listExported: false,
          ...SHARED_PLAN,
        },
      });
    });

    it.each([
      ['true', true],
      ['TRUE', true],
      ['True', true],
      ['false', false],
      ['FALSE', false],
    ])('dry-run %s is %s', (raw, expected) => {
      // An input error must fail here: `result.ok && ...` would be false, equal to the expected false.
      expect(parse({ ...valid, 'dry-run': raw })).toEqual({
        ok: true,
        plan: expect.objectContaining({ dryRun: expected }),
      });
    });

    it('reports every bad input at once, each naming its input', () => {
      const problems = problemsOf({
        'project-id': '../admin',
        'obs-dir': 'Bad_Bucket',
        'job-ids': '1, x',
        region: 'mars',
        'timeout-seconds': '0',
        'dry-run': 'yes',
      });
      expect(problems.map((problem) => problem.input)).toEqual([
        'project-id',
        'timeout-seconds',
        'dry-run',
        'obs-dir',
        'job-ids',
        'region',
        'authentication',
      ]);
      expect(describeProblems(problems)).toMatch(/^Invalid inputs \(nothing was sent\):\n- project-id: /);
    });

    it.each([
      ['timeout-seconds above 600', { 'timeout-seconds': '601' }, 'timeout-seconds', /at most 600/],
      ['timeout-seconds not a number', { 'timeout-seconds': '1m' }, 'timeout-seconds', /whole number/],
      ['dry-run "yes"', { 'dry-run': 'yes' }, 'dry-run', /true or false/],
      ['dry-run "1"', { 'dry-run': '1' }, 'dry-run', /true or false/],
      ['a project ID with a slash', { 'project-id': 'a/b' }, 'project-id', /must be a project ID/],
      ['a project ID with a space', { 'project-id': 'a b' }, 'project-id', /must be a project ID/],
      ['an http endpoint to a remote host', { endpoint: 'http://dli.example.com' }, 'endpoint', /https/],
      [
        'a secret key without access key',
        { 'access-key': '' },
        'access-key',
        /required for access key authentication \(with `secret-key`\)/,
      ],
      [
        'an access key without secret key',
        { 'secret-key': '' },
        'secret-key',
        /required for access key authentication \(with `access-key`\)/,
      ],
      ['an access key with a space', { 'access-key': 'AK EXAMPLE' }, 'access-key', /spaces/],
    ])('rejects %s', (_name, override, input, message) => {
      const problems = problemsOf({ ...valid, ...override });
      expect(problems).toHaveLength(1);
      expect(problems[0]?.input).toBe(input);
      expect(problems[0]?.message).toMatch(message);
    });

    it('requires project-id and obs-dir, and some credentials', () => {
      expect(problemsOf({ region: 'eu-de' }).map((problem) => problem.input)).toEqual([
        'project-id',
        'obs-dir',
        'authentication',
      ]);
    });

    it('asks for region or endpoint when both are missing', () => {
      const problems = problemsOf({ ...valid, region: '' });
      expect(problems).toEqual([{ input: 'region', message: expect.stringMatching(/set `region`.*or `endpoint`/) }]);
    });
  });

  describe('environment fallbacks', () => {
    it.each(['HUAWEICLOUD_SDK_PROJECT_ID', 'HUAWEI_CLOUD_PROJECT_ID', 'OS_PROJECT_ID'])(
      'project-id falls back to %s',
      (variable) => {
        const result = parse({ ...valid, 'project-id': '' }, { [variable]: 'fromenv123' });
        expect(result).toEqual({ ok: true, plan: expect.objectContaining({ projectId: 'fromenv123' }) });
      },
    );

    it('the input beats the environment variable', () => {
      const result = parse(valid, { HUAWEICLOUD_SDK_PROJECT_ID: 'fromenv123' });
      expect(result).toEqual({ ok: true, plan: expect.objectContaining({ projectId: valid['project-id'] }) });
    });

    it('names the environment variable a bad value came from', () => {
      const problems = problemsOf({ ...valid, 'project-id': '' }, { OS_PROJECT_ID: 'bad/id' });
      expect(problems[0]?.input).toBe('project-id (from OS_PROJECT_ID)');
    });

    it.each([
      ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_SECURITY_TOKEN'],
      ['HUAWEI_CLOUD_ACCESS_KEY_ID', 'HUAWEI_CLOUD_SECRET_ACCESS_KEY', undefined],
      ['OS_ACCESS_KEY', 'OS_SECRET_KEY', 'OS_SECURITY_TOKEN'],
    ])('credentials fall back to %s / %s', (akVar, skVar, tokenVar) => {
      const env: Env = { [akVar]: 'AKENV', [skVar]: 'SKENV', ...(tokenVar ? { [tokenVar]: 'TOKENV' } : {}) };
      const result = parse({ ...valid, 'access-key': '', 'secret-key': '' }, env);
      expect(result.ok && result.plan.auth).toMatchObject({
        accessKey: 'AKENV',
        secretKey: 'SKENV',
        securityToken: tokenVar ? 'TOKENV' : undefined,
      });
    });

    it('keys given as inputs are never mixed with a security token from the environment', () => {
      const result = parse(valid, { HUAWEICLOUD_SDK_SECURITY_TOKEN: 'stale-token', HUAWEICLOUD_SDK_AK: 'AKENV' });
      expect(result.ok && result.plan.auth).toEqual({
        mode: 'access-key',
        accessKey: 'AKEXAMPLE',
        secretKey: 'sk-example',
        securityToken: undefined,
        source: 'inputs',
      });
    });

    it('the first environment family with an access key wins as a whole', () => {
      const result = parse(
        { ...valid, 'access-key': '', 'secret-key': '' },
        { HUAWEICLOUD_SDK_AK: 'AK1', HUAWEICLOUD_SDK_SK: 'SK1', OS_ACCESS_KEY: 'AK2', OS_SECRET_KEY: 'SK2' },
      );
      expect(result.ok && result.plan.auth).toMatchObject({ accessKey: 'AK1', secretKey: 'SK1' });
    });

    it('an environment family with an access key but no secret key is reported', () => {
      const problems = problemsOf({ ...valid, 'access-key': '', 'secret-key': '' }, { OS_ACCESS_KEY: 'AK2' });
      expect(problems).toEqual([{ input: 'secret-key (from OS_SECRET_KEY)', message: expect.any(String) }]);
    });

    it('region falls back to the environment', () => {
      const result = parse({ ...valid, region: '' }, { OS_REGION_NAME: 'eu-de' });
      expect(result.ok && result.plan.endpoint.host).toBe('dli.eu-de.otc.t-systems.com');
    });

    it('lists every secret to mask, from inputs and from every environment family', () => {
      const secrets = secretCandidates((name) => ({ 'secret-key': 'S1', 'security-token': 'T1' })[name] ?? '', {
        HUAWEICLOUD_SDK_SK: 'S2',
        HUAWEICLOUD_SDK_SECURITY_TOKEN: 'T2',
        HUAWEI_CLOUD_SECRET_ACCESS_KEY: 'S3',
        OS_SECRET_KEY: 'S4',
        OS_SECURITY_TOKEN: 'T4',
        HUAWEICLOUD_SDK_AK: 'not-a-secret',
      });
      expect(secrets.sort()).toEqual(['S1', 'S2', 'S3', 'S4', 'T1', 'T2', 'T4']);
    });
  });

  describe('release-assets', () => {
    const release = { ...valid, 'release-assets': 'true', 'download-dir': 'exports', 'github-token': 'ghs_abc' };

    it('is off by default', () => {
      const result = parse(valid, { GITHUB_EVENT_NAME: 'push' });
      expect(result.ok && result.plan.releaseAssets).toBeUndefined();
    });

    it('on a release event with download-dir and a token, plans the upload with that token', () => {
      const result = parse(release, { GITHUB_EVENT_NAME: 'release' });
      expect(result.ok && result.plan.releaseAssets).toEqual({ token: 'ghs_abc' });
      expect(result.ok && result.plan.download?.dir).toMatch(/[/\\]exports$/);
    });

    it('on another event, is an input error, reported with the other problems', () => {
      const problems = problemsOf({ ...release, 'max-attempts': '0' }, { GITHUB_EVENT_NAME: 'push' });
      expect(problems).toEqual([
        { input: 'max-attempts', message: 'must be at least 1' },
        { input: 'release-assets', message: expect.stringContaining("this run's event is `push`") },
      ]);
    });

    it('needs download-dir and github-token', () => {
      const problems = problemsOf(
        { ...release, 'download-dir': '', 'github-token': '' },
        { GITHUB_EVENT_NAME: 'release' },
      );
      expect(problems.map((problem) => problem.input)).toEqual(['release-assets', 'github-token']);
      expect(problems[0]?.message).toContain('needs `download-dir`');
    });

    it('accepts only true or false, and then checks nothing else about it', () => {
      expect(problemsOf({ ...release, 'release-assets': 'yes' }, { GITHUB_EVENT_NAME: 'push' })).toEqual([
        { input: 'release-assets', message: 'must be true or false' },
      ]);
    });

    it('declares the github-token a secret, for the edge to mask before anything else (e2e: release-assets)', () => {
      expect(EXPORT_SECRET_INPUTS).toEqual(['github-token']);
    });
  });
});
