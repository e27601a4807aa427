/**
 * The download step after a successful export: each ZIP DLI listed is fetched from OBS into `download-dir`,
 * verified, and reported. Takes its effects as dependencies, so it knows nothing of the runner.
 *
 * For the steps that follow (e.g. attaching the files to a release): `runDownloads` returns the files in
 * `zip-files` order, each with its absolute `path`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describeBound } from '../action/deadline.ts';
import type { DownloadPlan } from '../action/obs-inputs.ts';
import type { AuthPlan } from '../auth/modes.ts';
import type { ExportResult } from '../dli/export.ts';
import { ActionError } from '../http/errors.ts';
import type { RetryPolicy } from '../http/retry.ts';
import type { Transport } from '../http/transport.ts';
import { type ObjectAddress, objectAddress } from '../obs/address.ts';
import { obsKeys } from '../obs/credentials.ts';
import { type DownloadedFile, downloadObject, MAX_FILE_NAME_BYTES, notFoundWindowMs } from '../obs/download.ts';
import { obsUrl, parseZipFileEntry } from '../obs/paths.ts';
import { obsAuthHeaders } from '../obs/signature.ts';
import { exportBound } from './bound.ts';
import type { Plan } from './inputs.ts';
import type { RunOutcome } from './run.ts';

export type { DownloadedFile } from '../obs/download.ts';

export { MAX_NOT_FOUND_WINDOW_MS } from '../obs/download.ts';

export interface DownloadRunDeps {
  transport: Transport;
  /** In token modes, the IAM token for temporary keys (authentication's `temporaryKeyToken`). */
  temporaryKeyToken?: string;
  retry: RetryPolicy;
  timeoutMs: number;
  /** The step's time limit with the ZIPs' sizes known so far (one entry per ZIP), printed again as sizes become known. */
  bound?: (sizes: readonly (number | undefined)[]) => string;
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
    obsDir: plan.obsDir,
    bound: (sizes) => describeBound(exportBound(plan, sizes)),
  });
}

/** Local file name of an object: the key's last segment. */
export function fileNameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** Names Windows reserves for devices, with or without an extension (`CON`, `nul.zip`, `COM1.txt`, `LPT¹`). */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/** Why `name` cannot be a file name on every runner (Linux, macOS, Windows), or undefined when it can. */
export function fileNameProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return 'cannot be a file name';
  if (/[\u0000-\u001f\u007f\\]/.test(name)) return 'contains a control character or backslash';
  if (/[<>:"|?*]/.test(name)) return 'contains a character Windows does not allow in file names (<>:"|?*)';
  if (WINDOWS_DEVICE.test(name)) return 'is a device name Windows reserves';
  if (/[. ]$/.test(name)) return 'ends in a dot or space, which Windows drops';
  if (Buffer.byteLength(name) > MAX_FILE_NAME_BYTES) {
    return `is ${Buffer.byteLength(name)} bytes long; file systems allow ${MAX_FILE_NAME_BYTES}`;
  }
  return undefined;
}

/** The form under which case-insensitive (Windows, macOS) and normalising (macOS) file systems compare names. */
export function fileNameIdentity(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase();
}

/**
 * Every ZIP's address and local path, or one error naming every problem, before anything is sent. Each entry of
 * DLI's answer must be in `obs-dir`'s bucket and under its folder (parseZipFileEntry); its file name must be
 * usable on every runner and differ from the others' however the file system compares names.
 */
export function planDownloads(
  download: DownloadPlan,
  zipFiles: readonly string[],
  obsDir?: string,
): { address: ObjectAddress; destination: string }[] {
  const problems: string[] = [];
  const planned: { address: ObjectAddress; destination: string }[] = [];
  const seen = new Map<string, { zip: string; name: string }>();
  for (const zip of zipFiles) {
    let path = zip;
    if (obsDir !== undefined) {
      const entry = parseZipFileEntry(zip, obsDir);
      if (!entry.ok) {
        problems.push(entry.problem);
        continue;
      }
      path = `${entry.bucket}/${entry.key}`;
    }
    const result = objectAddress(path, download.obs);
    if (!result.ok) {
      problems.push(`${zip}: ${result.problem}`);
      continue;
    }
    const name = fileNameOf(result.address.key);
    const nameProblem = fileNameProblem(name);
    if (nameProblem) {
      problems.push(`${zip}: ${JSON.stringify(name)} ${nameProblem}`);
      continue;
    }
    const identity = fileNameIdentity(name);
    const earlier = seen.get(identity);
    if (earlier !== undefined) {
      problems.push(
        earlier.name === name
          ? `${zip} and ${earlier.zip} would both be written to ${name}`
          : `${zip} and ${earlier.zip} would be written to ${JSON.stringify(name)} and ${JSON.stringify(earlier.name)}, one file on case-insensitive or normalising file systems (Windows, macOS)`,
      );
    }
    seen.set(identity, { zip, name });
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
  deps: DownloadRunDeps & { obsDir?: string },
): Promise<DownloadedFile[]> {
  const planned = planDownloads(download, result.zipFiles, deps.obsDir);
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
  const sizes: (number | undefined)[] = planned.map(() => undefined);
  for (const [index, { address, destination }] of planned.entries()) {
    const started = Date.now();
    const file = await downloadObject(address, destination, {
      transport: deps.transport,
      authorize: async (request) => ({
        ...request,
        headers: obsAuthHeaders(request.method, request.headers, address.resource, await keys.current(), deps.now()),
      }),
      retry: deps.retry,
      timeoutMs: deps.timeoutMs,
      notFoundWindowMs: notFoundWindowMs(deps.timeoutMs),
      log: deps.warning,
      // Once a ZIP's size is known, the step's bound covers its transfer: say it again.
      onSize: (size) => {
        sizes[index] = size;
        if (deps.bound) deps.info(deps.bound(sizes));
      },
      sleep: deps.sleep,
      now: deps.now,
    });
    const unchecked = file.md5Unchecked
      ? `; the MD5 could not be checked (${file.md5Unchecked}), so the length and SHA-256 are what was verified`
      : '';
    deps.info(
      `Downloaded ${obsUrl(file.object)} to ${file.path}: ${file.size} bytes, SHA-256 ${file.sha256}, in ${Date.now() - started} ms${unchecked}`,
    );
    files.push(file);
  }
  return files;
}

/** What a dry run says instead of downloading. */
export function describeDryRunDownload(download: DownloadPlan, obsDir: string): string {
  const bucket = obsDir.split('/')[0] ?? '';
  const url = new URL(download.obs.url.origin);
  if (!download.obs.pathStyle) url.hostname = `${bucket}.${url.hostname}`;
  const where = download.obs.pathStyle ? `${url.origin}/${bucket}/…` : `${url.origin}/…`;
  return `Dry run: each ZIP DLI lists would be downloaded from ${where} into ${download.dir} (file name = the object key's last segment); nothing is downloaded`;
}

/** Step outputs: `files` (JSON array of absolute paths, in zip-files order) and `file` (the first, or ''). */
export function downloadOutputs(files: readonly Pick<DownloadedFile, 'path'>[]): Record<string, string> {
  return { files: JSON.stringify(files.map((file) => file.path)), file: files[0]?.path ?? '' };
}
