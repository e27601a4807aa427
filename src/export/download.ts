/**
 * The download step after a successful export: each ZIP DLI listed is fetched from OBS into `download-dir`,
 * verified, and reported. Takes its effects as dependencies, so it knows nothing of the runner.
 *
 * For the steps that follow (e.g. attaching the files to a release): `runDownloads` returns the files in
 * `zip-files` order, each with its absolute `path`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DownloadPlan } from '../action/obs-inputs.ts';
import type { AuthPlan } from '../auth/modes.ts';
import type { ExportResult } from '../dli/export.ts';
import { ActionError } from '../http/errors.ts';
import type { RetryPolicy } from '../http/retry.ts';
import type { Transport } from '../http/transport.ts';
import { type ObjectAddress, objectAddress } from '../obs/address.ts';
import { obsKeys } from '../obs/credentials.ts';
import { type DownloadedFile, downloadObject } from '../obs/download.ts';
import { obsUrl } from '../obs/paths.ts';
import { obsAuthHeaders } from '../obs/signature.ts';
import type { Plan } from './inputs.ts';
import type { RunOutcome } from './run.ts';

export type { DownloadedFile } from '../obs/download.ts';

/** A 404 NoSuchKey right after the export is retried for at most this long (or `timeout-seconds`, if shorter). */
export const MAX_NOT_FOUND_WINDOW_MS = 30_000;

export interface DownloadRunDeps {
  transport: Transport;
  /** In token modes, the IAM token for temporary keys (authentication's `temporaryKeyToken`). */
  temporaryKeyToken?: string;
  retry: RetryPolicy;
  timeoutMs: number;
  now: () => Date;
  mask: (secret: string) => void;
  info: (message: string) => void;
  warning: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** After the export: downloads when `download-dir` is set, says what it would download in a dry run. */
export async function runDownloadStep(
  plan: Plan,
  outcome: RunOutcome,
  deps: Omit<DownloadRunDeps, 'temporaryKeyToken'>,
): Promise<DownloadedFile[]> {
  if (!plan.download) return [];
  if (outcome.dryRun) {
    deps.info(describeDryRunDownload(plan.download, plan.obsDir));
    return [];
  }
  return runDownloads(plan.download, plan.auth, outcome.result, {
    ...deps,
    temporaryKeyToken: outcome.temporaryKeyToken,
  });
}

/** Local file name of an object: the key's last segment. */
export function fileNameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** Every ZIP's address and local path, or one error naming every problem, before anything is sent. */
export function planDownloads(
  download: DownloadPlan,
  zipFiles: readonly string[],
): { address: ObjectAddress; destination: string }[] {
  const problems: string[] = [];
  const planned: { address: ObjectAddress; destination: string }[] = [];
  const seen = new Map<string, string>();
  for (const zip of zipFiles) {
    const result = objectAddress(zip, download.obs);
    if (!result.ok) {
      problems.push(`${zip}: ${result.problem}`);
      continue;
    }
    const name = fileNameOf(result.address.key);
    if (name === '' || /[\u0000-\u001f\u007f\\]/.test(name)) {
      problems.push(`${zip}: ${JSON.stringify(name)} cannot be a file name`);
      continue;
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) problems.push(`${zip} and ${earlier} would both be written to ${name}`);
    seen.set(name, zip);
    planned.push({ address: result.address, destination: join(download.dir, name) });
  }
  if (problems.length > 0) {
    throw new ActionError(`Cannot download the exported ZIPs (nothing was downloaded): ${problems.join('; ')}`, {
      hint: 'the export itself succeeded; see the zip-files output',
    });
  }
  return planned;
}

export async function runDownloads(
  download: DownloadPlan,
  auth: AuthPlan,
  result: ExportResult,
  deps: DownloadRunDeps,
): Promise<DownloadedFile[]> {
  const planned = planDownloads(download, result.zipFiles);
  if (planned.length === 0) return [];
  await mkdir(download.dir, { recursive: true });
  // Temporary keys (token modes) are obtained before the first GET and renewed before they run out.
  const keys = obsKeys(auth, {
    transport: deps.transport,
    token: deps.temporaryKeyToken,
    iamEndpoint: download.iamEndpoint,
    mask: deps.mask,
    now: deps.now,
    info: deps.info,
  });
  await keys.current();

  const files: DownloadedFile[] = [];
  for (const { address, destination } of planned) {
    const started = Date.now();
    const file = await downloadObject(address, destination, {
      transport: deps.transport,
      authorize: async (request) => ({
        ...request,
        headers: obsAuthHeaders(request.method, request.headers, address.resource, await keys.current(), deps.now()),
      }),
      retry: deps.retry,
      timeoutMs: deps.timeoutMs,
      notFoundWindowMs: Math.min(deps.timeoutMs, MAX_NOT_FOUND_WINDOW_MS),
      log: deps.warning,
      sleep: deps.sleep,
      now: deps.now,
    });
    deps.info(
      `Downloaded ${obsUrl(file.object)} to ${file.path}: ${file.size} bytes, SHA-256 ${file.sha256}, in ${Date.now() - started} ms`,
    );
    files.push(file);
  }
  return files;
}

/** What a dry run says instead of downloading. */
export function describeDryRunDownload(download: DownloadPlan, obsDir: string): string {
  const bucket = obsDir.split('/')[0] ?? '';
  const where = download.obs.pathStyle
    ? `${download.obs.url.origin}/${bucket}/…`
    : `${download.obs.url.protocol}//${bucket}.${download.obs.url.host}/…`;
  return `Dry run: each ZIP DLI lists would be downloaded from ${where} into ${download.dir} (file name = the object key's last segment); nothing is downloaded`;
}

/** Step outputs: `files` (JSON array of absolute paths, in zip-files order) and `file` (the first, or ''). */
export function downloadOutputs(files: readonly Pick<DownloadedFile, 'path'>[]): Record<string, string> {
  return { files: JSON.stringify(files.map((file) => file.path)), file: files[0]?.path ?? '' };
}
