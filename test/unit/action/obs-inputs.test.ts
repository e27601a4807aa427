/** The download inputs' problems read whole, and which modes need IAM for a download. */

import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDownload } from '../../../src/action/obs-inputs.ts';
import { EXPORT_INPUTS, parseExportInputs } from '../../support/fixtures.ts';

describe('obs-inputs: messages read whole', () => {
  const hostName =
    'must be a host name (buckets are addressed as https://{bucket}.{host}); only http://127.0.0.1 is addressed path-style';

  describe('download inputs, whole', () => {
    it.each(['https://10.0.0.1', 'https://[::1]:9000'])('%s is not a host name', (endpoint) => {
      expect(resolveDownload({ 'download-dir': 'd', 'obs-endpoint': endpoint }, 'access-key', {}, '/cwd')).toEqual({
        ok: false,
        problems: [{ input: 'obs-endpoint', message: hostName }],
      });
    });

    it('a host name with digits is fine', () => {
      expect(
        resolveDownload({ 'download-dir': 'd', 'obs-endpoint': 'https://obs1.example.com' }, 'access-key', {}, '/cwd'),
      ).toMatchObject({ ok: true, download: { dir: '/cwd/d' } });
    });

    it('a dotted bucket, whole', () => {
      expect(
        resolveDownload(
          { 'download-dir': 'd', 'obs-dir': 'OBS://my.bucket/x', region: 'eu-de' },
          'access-key',
          {},
          '/c',
        ),
      ).toEqual({
        ok: false,
        problems: [
          {
            input: 'download-dir',
            message:
              'cannot download: bucket "my.bucket" contains a dot, so its host name my.bucket.obs.eu-de.otc.t-systems.com does not match OBS\'s wildcard certificate *.obs.eu-de.otc.t-systems.com, and OBS allows no path-style requests on its domain endpoints; copy the export to a bucket without dots in its name, or download it another way',
          },
        ],
      });
    });

    it('a supplied token without IAM: the IAM problem, shortened', () => {
      expect(
        resolveDownload({ 'download-dir': 'd', 'obs-endpoint': 'https://obs.example.com' }, 'auth-token', {}, '/c'),
      ).toEqual({
        ok: false,
        problems: [
          {
            input: 'iam-endpoint',
            message:
              'downloads with a supplied token need IAM for temporary OBS keys: set `region` to a known region or `iam-endpoint` to the IAM endpoint URL',
          },
        ],
      });
    });

    it('access keys need no IAM; password and OpenID Connect report IAM with their own inputs, not here', () => {
      const inputs = { 'download-dir': 'd', 'obs-endpoint': 'https://obs.example.com' };
      expect(resolveDownload(inputs, 'access-key', {}, '/c')).toMatchObject({
        ok: true,
        download: { iamEndpoint: undefined },
      });
      expect(resolveDownload(inputs, 'password', {}, '/c')).toMatchObject({
        ok: true,
        download: { iamEndpoint: undefined },
      });
      expect(resolveDownload(inputs, undefined, {}, '/c')).toMatchObject({
        ok: true,
        download: { iamEndpoint: undefined },
      });
      expect(resolveDownload({ ...inputs, 'iam-endpoint': 'https://iam.example.com' }, 'oidc', {}, '/c')).toMatchObject(
        {
          ok: true,
          download: { iamEndpoint: new URL('https://iam.example.com') },
        },
      );
    });

    it('an absolute download-dir is kept, a relative one resolved in GITHUB_WORKSPACE', () => {
      const inputs = { 'obs-endpoint': 'https://obs.example.com' };
      expect(resolveDownload({ ...inputs, 'download-dir': '/abs/./out' }, 'access-key', {}, '/c')).toMatchObject({
        download: { dir: '/abs/out' },
      });
      expect(
        resolveDownload({ ...inputs, 'download-dir': 'out' }, 'access-key', { GITHUB_WORKSPACE: '/ws' }, '/c'),
      ).toMatchObject({ download: { dir: '/ws/out' } });
      expect(
        resolveDownload({ ...inputs, 'download-dir': 'out' }, 'access-key', { GITHUB_WORKSPACE: '' }, '/c'),
      ).toMatchObject({ download: { dir: '/c/out' } });
    });
  });
});

/** download-dir and obs-endpoint: resolved with the region, the bucket and the mode, every problem at once. */
describe('obs-inputs', () => {
  const valid = { ...EXPORT_INPUTS, 'obs-dir': 'obs://dli-backups/nightly/' };
  const parse = parseExportInputs;

  describe('download-dir', () => {
    it('empty: no download', () => {
      const result = parse(valid);
      expect(result.ok && result.plan.download).toBeUndefined();
    });

    it('relative to GITHUB_WORKSPACE; the region picks the OBS endpoint, addressed virtual-hosted', () => {
      const result = parse({ ...valid, 'download-dir': 'exports/dli' }, { GITHUB_WORKSPACE: '/home/runner/work/repo' });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(result.plan.download).toEqual({
        dir: '/home/runner/work/repo/exports/dli',
        obs: { url: new URL('https://obs.eu-de.otc.t-systems.com'), pathStyle: false },
        iamEndpoint: undefined,
      });
    });

    it('absolute paths are kept; without GITHUB_WORKSPACE relative paths use the working directory', () => {
      expect(resolveDownload({ 'download-dir': '/tmp/x/../y', region: 'eu-de' }, 'access-key', {})).toMatchObject({
        ok: true,
        download: { dir: '/tmp/y' },
      });
      expect(resolveDownload({ 'download-dir': 'out', region: 'eu-de' }, 'access-key', {}, '/cwd')).toMatchObject({
        ok: true,
        download: { dir: join('/cwd', 'out') },
      });
      expect(resolve('/cwd', 'out')).toBe('/cwd/out');
    });

    it('obs-endpoint overrides the region; http to loopback is path-style', () => {
      const result = parse({
        ...valid,
        region: '',
        endpoint: 'http://127.0.0.1:1',
        'download-dir': 'd',
        'obs-endpoint': 'http://127.0.0.1:2',
      });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(result.plan.download?.obs).toEqual({ url: new URL('http://127.0.0.1:2'), pathStyle: true });
    });

    it('token modes get the IAM endpoint for temporary keys', () => {
      const result = parse({ ...valid, 'access-key': '', 'secret-key': '', 'auth-token': 'tok', 'download-dir': 'd' });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      expect(result.plan.download?.iamEndpoint).toEqual(new URL('https://iam.eu-de.otc.t-systems.com'));
    });

    it('reports every problem at once, each naming its input, before anything is sent', () => {
      const result = parse({
        ...valid,
        region: '',
        endpoint: 'https://dli.example.com',
        'obs-dir': 'my.bucket/x',
        'access-key': '',
        'secret-key': '',
        'auth-token': 'tok',
        'download-dir': 'a\u0001b',
      });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems).toEqual(
        expect.arrayContaining([
          { input: 'download-dir', message: 'must not contain control characters' },
          {
            input: 'obs-endpoint',
            message: expect.stringMatching(/downloads need OBS: set `region`.*or `obs-endpoint`/),
          },
          { input: 'iam-endpoint', message: expect.stringMatching(/^downloads with a supplied token need IAM/) },
        ]),
      );
    });

    it('a bucket with a dot is refused for downloads over https, saying why', () => {
      const result = parse({ ...valid, 'obs-dir': 'my.bucket/x', 'download-dir': 'd' });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems).toEqual([
        {
          input: 'download-dir',
          message: expect.stringMatching(/^cannot download: bucket "my\.bucket" contains a dot.*wildcard certificate/),
        },
      ]);
    });

    it('an https obs-endpoint must be a host name, and http only to loopback', () => {
      expect(
        resolveDownload({ 'download-dir': 'd', 'obs-endpoint': 'https://10.0.0.1' }, 'access-key', {}),
      ).toMatchObject({
        ok: false,
        problems: [{ input: 'obs-endpoint', message: expect.stringMatching(/must be a host name/) }],
      });
      expect(
        resolveDownload({ 'download-dir': 'd', 'obs-endpoint': 'http://obs.example.com' }, 'access-key', {}),
      ).toMatchObject({
        ok: false,
        problems: [{ input: 'obs-endpoint', message: expect.stringMatching(/must use https/) }],
      });
    });
  });
});
