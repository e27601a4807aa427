/**
 * The download inputs: `download-dir` (empty = no download) and `obs-endpoint`, checked with what they depend on
 * (the region, the bucket of `obs-dir`, the authentication mode) so every problem shows before anything is sent.
 * Pure: the workspace comes from the `env` it is given.
 */
import { isAbsolute, resolve } from 'node:path';
import { resolveIamEndpoint, resolveObsEndpoint } from '../cloud/endpoints.ts';
import { type ObsEndpoint, obsEndpoint, virtualHostProblem } from '../obs/address.ts';

export interface DownloadPlan {
  /** Absolute directory the ZIPs are written to (created if missing). */
  dir: string;
  obs: ObsEndpoint;
  /** IAM, where the token modes trade their token for temporary keys. */
  iamEndpoint?: URL;
}

export interface DownloadInputs {
  'download-dir'?: string;
  'obs-endpoint'?: string;
  'obs-dir'?: string;
  region?: string;
  'iam-endpoint'?: string;
}

export type DownloadResult =
  | { ok: true; download?: DownloadPlan }
  | { ok: false; problems: { input: string; message: string }[] };

export function resolveDownload(
  inputs: DownloadInputs,
  mode: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): DownloadResult {
  const raw = inputs['download-dir'];
  if (raw === undefined) return { ok: true };
  const problems: { input: string; message: string }[] = [];
  if (/[\u0000-\u001f\u007f]/.test(raw)) {
    problems.push({ input: 'download-dir', message: 'must not contain control characters' });
  }
  const dir = isAbsolute(raw) ? resolve(raw) : resolve(env.GITHUB_WORKSPACE || cwd, raw);

  const endpoint = resolveObsEndpoint(inputs.region, inputs['obs-endpoint']);
  const obs = endpoint.ok ? obsEndpoint(endpoint.url) : undefined;
  if (!endpoint.ok) problems.push({ input: 'obs-endpoint', message: endpoint.problem });
  if (obs && !obs.pathStyle && /^[\d.]+$|^\[/.test(obs.url.hostname)) {
    problems.push({
      input: 'obs-endpoint',
      message:
        'must be a host name (buckets are addressed as https://{bucket}.{host}); only http://127.0.0.1 is addressed path-style',
    });
  }
  const bucket = inputs['obs-dir']?.replace(/^obs:\/\//i, '').split('/')[0];
  const bucketProblem = obs && bucket ? virtualHostProblem(bucket, obs) : undefined;
  if (bucketProblem) problems.push({ input: 'download-dir', message: `cannot download: ${bucketProblem}` });

  let iamEndpoint: URL | undefined;
  if (mode !== undefined && mode !== 'access-key') {
    const iam = resolveIamEndpoint(inputs.region, inputs['iam-endpoint']);
    if (iam.ok) iamEndpoint = iam.url;
    else if (mode === 'auth-token') {
      problems.push({
        input: 'iam-endpoint',
        message: `downloads with a supplied token need IAM for temporary OBS keys: ${iam.problem.replace(/^.*need IAM: /, '')}`,
      });
    }
  }
  if (problems.length > 0 || !obs) return { ok: false, problems };
  return { ok: true, download: { dir, obs, iamEndpoint } };
}
