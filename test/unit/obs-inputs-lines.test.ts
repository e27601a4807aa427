/** The download inputs' problems read whole, and which modes need IAM for a download. */
import { describe, expect, it } from 'vitest';
import { resolveDownload } from '../../src/obs/inputs.ts';

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
      resolveDownload({ 'download-dir': 'd', 'obs-dir': 'OBS://my.bucket/x', region: 'eu-de' }, 'access-key', {}, '/c'),
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
    expect(resolveDownload({ ...inputs, 'iam-endpoint': 'https://iam.example.com' }, 'oidc', {}, '/c')).toMatchObject({
      ok: true,
      download: { iamEndpoint: new URL('https://iam.example.com') },
    });
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
