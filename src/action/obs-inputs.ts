/**
 * The OBS inputs: `obs-endpoint` (resolveObsAccess, shared by the export's downloads and the import's uploads) and
 * the export's `download-dir`, checked with what they depend on (the region, the bucket, the authentication mode)
 * so every problem shows before anything is sent.
 * Pure: the workspace comes from the `env` it is given.
 */
import { isAbsolute, resolve } from 'node:path';
import { resolveIamEndpoint, resolveObsEndpoint } from '../cloud/endpoints.ts';
import { type ObsEndpoint, obsEndpoint, virtualHostProblem } from '../obs/address.ts';

export interface DownloadPlan extends ObsAccess {
  /** Absolute directory the ZIPs are written to (created if missing). */
  dir: string;
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
  const bucket = inputs['obs-dir']?.replace(/^obs:\/\//i, '').split('/')[0];
  const access = resolveObsAccess(inputs, mode, { bucket, bucketInput: 'download-dir', purpose: 'download' });
  if (!access.ok) problems.push(...access.problems);
  if (problems.length > 0 || !access.ok) return { ok: false, problems };
  return { ok: true, download: { dir, ...access.access } };
}

/** How OBS is reached: its endpoint and addressing, and IAM for the token modes' temporary keys. */
export interface ObsAccess {
  obs: ObsEndpoint;
  /** IAM, where the token modes trade their token for temporary keys. */
  iamEndpoint?: URL;
}

export interface ObsAccessInputs {
  'obs-endpoint'?: string;
  region?: string;
  'iam-endpoint'?: string;
}

export type ObsAccessResult =
  | { ok: true; access: ObsAccess }
  | { ok: false; problems: { input: string; message: string }[] };

/**
 * `obs-endpoint` (or the region's OBS), checked with what depends on it: a host name to put buckets in front of,
 * a bucket that can be addressed virtual-hosted (reported against `bucketInput`), and IAM for temporary keys in
 * the token modes. Shared by the export's downloads and the import's uploads.
 */
export function resolveObsAccess(
  inputs: ObsAccessInputs,
  mode: string | undefined,
  target: { bucket?: string; bucketInput: string; purpose: 'download' | 'upload' },
): ObsAccessResult {
  const problems: { input: string; message: string }[] = [];
  const plural = `${target.purpose}s`;
  const endpoint = resolveObsEndpoint(inputs.region, inputs['obs-endpoint']);
  const obs = endpoint.ok ? obsEndpoint(endpoint.url) : undefined;
  if (!endpoint.ok) {
    problems.push({
      input: 'obs-endpoint',
      message: endpoint.problem.replace(/^downloads need OBS/, `${plural} need OBS`),
    });
  }
  if (obs && !obs.pathStyle && /^[\d.]+$|^\[/.test(obs.url.hostname)) {
    problems.push({
      input: 'obs-endpoint',
      message:
        'must be a host name (buckets are addressed as https://{bucket}.{host}); only http://127.0.0.1 is addressed path-style',
    });
  }
  const bucketProblem = obs && target.bucket ? virtualHostProblem(target.bucket, obs) : undefined;
  if (bucketProblem)
    problems.push({ input: target.bucketInput, message: `cannot ${target.purpose}: ${bucketProblem}` });

  let iamEndpoint: URL | undefined;
  if (mode !== undefined && mode !== 'access-key') {
    const iam = resolveIamEndpoint(inputs.region, inputs['iam-endpoint']);
    if (iam.ok) iamEndpoint = iam.url;
    else if (mode === 'auth-token') {
      problems.push({
        input: 'iam-endpoint',
        message: `${plural} with a supplied token need IAM for temporary OBS keys: ${iam.problem.replace(/^.*need IAM: /, '')}`,
      });
    }
  }
  if (problems.length > 0 || !obs) return { ok: false, problems };
  return { ok: true, access: { obs, iamEndpoint } };
}
