/**
 * Attaches local files (the downloaded ZIPs) to a GitHub release as assets, through `@actions/github` (Octokit),
 * which is loaded only here: it is costly to load and most runs never attach anything.
 *
 * Replace, not duplicate: GitHub refuses a second asset of the same name (422 `already_exists`), so an existing
 * asset of that name is deleted first, then the file uploaded.
 *
 * Streaming: Octokit hands `data` to its `fetch` (undici's, with `duplex: 'half'`) unchanged, and undici accepts a
 * Node.js stream as the body and honours an explicit `Content-Length`. So the file goes up as a stream from disk
 * with an exact length (GitHub's upload endpoint wants one) and is never held whole in memory; a direct undici
 * request to the upload URL would gain nothing and lose Octokit's URL templating, headers and error shapes.
 *
 * Retries. Reads (the asset list) are retried freely. A delete is repeated only when no answer came, and a second
 * delete of an asset already gone (404) counts as done. An upload changes the release, so it is re-sent only when
 * the release shows that it did not take effect: after an upload with no answer (reset, timeout) or a 429/5xx, the
 * asset list is read again; an asset of that name in state `uploaded` with the file's size (and SHA-256 digest,
 * where GitHub lists one) means the upload reached GitHub and is kept, not sent again; a partial one (state
 * `starter`, or another size or digest) is deleted and the file sent again; no asset means it never arrived and
 * the file is sent again. The same name is thus never left twice or half-written, whatever the network did.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ActionError } from '../http/errors.ts';
import { backoffMs, DEFAULT_RETRY_POLICY, RETRYABLE_STATUSES, type RetryPolicy, throttleMs } from '../http/retry.ts';
import type { ReleaseTarget } from './event.ts';

type Octokit = ReturnType<typeof import('@actions/github').getOctokit>;

export type { ReleaseTarget } from './event.ts';

export interface ReleaseUploadOptions {
  release: ReleaseTarget;
  /** The `github-token` input (a secret: mask it before calling). */
  token: string;
  /** GitHub's REST API base, GITHUB_API_URL (https://api.github.com, or GHES's https://host/api/v3). */
  apiUrl: string;
  /** Time limit of each read or delete; an upload gets this plus one second per MiB of the file. */
  timeoutMs: number;
  /** Attempts per request in total (the `max-attempts` input). */
  maxAttempts: number;
  info: (message: string) => void;
  warning: (message: string) => void;
  /** For tests: randomness of the backoff (default Math.random) and the wait itself. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** What GitHub says of an asset (the fields used here). */
interface Asset {
  id: number;
  name: string;
  state: string;
  size: number;
  digest?: string | null;
  browser_download_url: string;
}

/** The part of Octokit's RequestError read here. */
interface GithubFailure {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

const MIB = 1024 * 1024;
const PAGE_SIZE = 100;

/**
 * Uploads each file, in order, as an asset of the release, named after the file, replacing an asset of the same
 * name. Returns the assets' `browser_download_url`s in the order of `files`.
 */
export async function uploadReleaseAssets(files: readonly string[], options: ReleaseUploadOptions): Promise<string[]> {
  const names = files.map((file) => basename(file));
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) {
    throw new ActionError(`release-assets: two files are named ${JSON.stringify(duplicate)}; asset names must differ`);
  }
  const sizes: number[] = [];
  for (const file of files) {
    try {
      sizes.push((await stat(file)).size);
    } catch (error) {
      throw new ActionError(`release-assets: cannot read ${file}: ${(error as Error).message}`);
    }
  }
  if (files.length === 0) return [];

  const github = await GithubReleases.connect(options);
  const urls: string[] = [];
  const existing = await github.listAssets();
  for (const [index, file] of files.entries()) {
    const name = names[index] ?? '';
    const size = sizes[index] ?? 0;
    const old = existing.find((asset) => asset.name === name);
    if (old) {
      await github.deleteAsset(old, 'to replace it');
      options.info(`Replaced the release asset ${name} (the old one was deleted)`);
    }
    const asset = await github.uploadVerified(file, name, size);
    options.info(
      `Attached ${name} (${size} bytes) to release ${options.release.tagName}: ${asset.browser_download_url}`,
    );
    urls.push(asset.browser_download_url);
  }
  return urls;
}

/** The release's assets API, with the retry rules above. */
class GithubReleases {
  private readonly options: ReleaseUploadOptions;
  private readonly octokit: Octokit;
  private readonly policy: RetryPolicy;

  private constructor(options: ReleaseUploadOptions, octokit: Octokit) {
    this.options = options;
    this.octokit = octokit;
    this.policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: options.maxAttempts };
  }

  static async connect(options: ReleaseUploadOptions): Promise<GithubReleases> {
    const { getOctokit } = await import('@actions/github');
    return new GithubReleases(options, getOctokit(options.token, { baseUrl: options.apiUrl.replace(/\/+$/, '') }));
  }

  private get repo() {
    const { owner, repo, releaseId } = this.options.release;
    return { owner, repo, release_id: releaseId };
  }

  async listAssets(): Promise<Asset[]> {
    const assets: Asset[] = [];
    for (let page = 1; ; page++) {
      const response = await this.withRetries('list the release assets', () =>
        this.octokit.rest.repos.listReleaseAssets({
          ...this.repo,
          per_page: PAGE_SIZE,
          page,
          request: { signal: AbortSignal.timeout(this.options.timeoutMs) },
        }),
      );
      const batch = response.data as Asset[];
      assets.push(...batch);
      if (batch.length < PAGE_SIZE) return assets;
    }
  }

  /** Deletes an asset; an asset already gone (404, e.g. after a delete whose answer was lost) counts as deleted. */
  async deleteAsset(asset: Asset, why: string): Promise<void> {
    await this.withRetries(`delete the release asset ${asset.name} ${why}`, async () => {
      try {
        await this.octokit.rest.repos.deleteReleaseAsset({
          owner: this.options.release.owner,
          repo: this.options.release.repo,
          asset_id: asset.id,
          request: { signal: AbortSignal.timeout(this.options.timeoutMs) },
        });
      } catch (error) {
        if ((error as GithubFailure).status !== 404) throw error;
      }
    });
  }

  /** Uploads, re-sending only when the release shows the upload did not take effect (see the module comment). */
  async uploadVerified(file: string, name: string, size: number): Promise<Asset> {
    const what = `upload ${name} to release ${this.options.release.tagName}`;
    let digest: string | undefined;
    for (let attempt = 1; ; attempt++) {
      let failure: GithubFailure;
      try {
        return await this.upload(file, name, size);
      } catch (error) {
        failure = error as GithubFailure;
      }
      if (!mayHaveFailedInTransit(failure) || attempt >= this.policy.maxAttempts) {
        throw githubError(`${what} failed${attempt > 1 ? ` after ${attempt} attempts` : ''}`, failure);
      }
      this.options.warning(
        `Attempt ${attempt} to ${what} got ${describeFailure(failure)}; checking the release before sending it again`,
      );
      await this.wait(attempt, failure);
      const current = (await this.listAssets()).find((asset) => asset.name === name);
      if (current) {
        digest ??= await sha256(file);
        if (isComplete(current, size, digest)) {
          this.options.info(`The upload of ${name} had reached GitHub (same size and digest); not sent again`);
          return current;
        }
        await this.deleteAsset(current, `left incomplete (state ${current.state}, ${current.size} bytes)`);
      }
    }
  }

  private async upload(file: string, name: string, size: number): Promise<Asset> {
    const body = createReadStream(file);
    try {
      const response = await this.octokit.rest.repos.uploadReleaseAsset({
        ...this.repo,
        url: this.options.release.uploadUrl,
        name,
        // A stream, not a string: Octokit passes it through to fetch untouched (see the module comment).
        data: body as unknown as string,
        headers: {
          'content-type': name.toLowerCase().endsWith('.zip') ? 'application/zip' : 'application/octet-stream',
          'content-length': String(size),
        },
        request: { signal: AbortSignal.timeout(this.options.timeoutMs + Math.ceil(size / MIB) * 1000) },
      });
      return response.data as Asset;
    } finally {
      body.destroy();
    }
  }

  /** Reads and deletes: retried on no answer, 429 and 5xx, never on another status. */
  private async withRetries<T>(what: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const failure = error as GithubFailure;
        if (!mayHaveFailedInTransit(failure) || attempt >= this.policy.maxAttempts) {
          throw githubError(`Could not ${what}${attempt > 1 ? ` after ${attempt} attempts` : ''}`, failure);
        }
        this.options.warning(`Attempt ${attempt} to ${what} got ${describeFailure(failure)}; retrying`);
        await this.wait(attempt, failure);
      }
    }
  }

  private async wait(attempt: number, failure: GithubFailure): Promise<void> {
    const random = this.options.random ?? Math.random;
    const ms =
      failure.status === 429 ? throttleMs(attempt, this.policy, random) : backoffMs(attempt, this.policy, random);
    await (this.options.sleep ?? delay)(ms);
  }
}

/** No answer at all (Octokit reports network errors and timeouts as status 500 without a response), 429 or 5xx. */
function mayHaveFailedInTransit(failure: GithubFailure): boolean {
  return failure.response === undefined || RETRYABLE_STATUSES.has(failure.status ?? 0);
}

function describeFailure(failure: GithubFailure): string {
  return failure.response === undefined
    ? `no answer (${failure.message ?? 'network error'})`
    : `HTTP ${failure.status}${requestIdOf(failure) ? ` (request ID ${requestIdOf(failure)})` : ''}`;
}

function isComplete(asset: Asset, size: number, digest: string): boolean {
  return asset.state === 'uploaded' && asset.size === size && (!asset.digest || asset.digest === `sha256:${digest}`);
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function requestIdOf(failure: GithubFailure): string | undefined {
  return failure.response?.headers?.['x-github-request-id'];
}

/** One actionable line: what failed, GitHub's status and message, its request ID, and the likely cause. */
export function githubError(what: string, failure: GithubFailure): ActionError {
  const data = failure.response?.data;
  const message =
    typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string'
      ? (data as { message: string }).message
      : typeof data === 'string' && data.trim() !== ''
        ? data.trim().slice(0, 200)
        : failure.message;
  const noAnswer = failure.response === undefined;
  return new ActionError(what, {
    status: noAnswer ? undefined : failure.status,
    serviceMessage: noAnswer ? `no answer from GitHub (${failure.message ?? 'network error'})` : message,
    requestId: requestIdOf(failure),
    hint: githubHint(failure.status, message, noAnswer),
    cause: failure,
  });
}

function githubHint(status: number | undefined, message: string | undefined, noAnswer: boolean): string | undefined {
  if (noAnswer) return 'check the network path to GitHub (GITHUB_API_URL, proxy settings); the step may be re-run';
  if (status === 403 && /rate limit/i.test(message ?? '')) return 'GitHub is rate-limiting this token; re-run later';
  if (status === 403) {
    return 'the token may not write releases: add `permissions: contents: write` to the workflow or job (or give `github-token` a token that may)';
  }
  if (status === 401) return '`github-token` is invalid or expired';
  if (status === 404) return 'the release or repository was not found with this token; was the release deleted?';
  if (status === 422)
    return 'GitHub refused the asset (an asset of that name may have been added meanwhile); re-run the step';
  return undefined;
}
