/**
 * Attaches local files (the downloaded ZIPs) to a GitHub release as assets, through `@actions/github` (Octokit),
 * which is loaded only here: it is costly to load and most runs never attach anything.
 *
 * Never lose an asset (docs.github.com/rest/releases/assets): GitHub refuses a second asset of the same name (422
 * `already_exists`), so the new file is uploaded first under a temporary name (names.ts). Only when GitHub lists it
 * as `uploaded` with the file's size (and its SHA-256 `digest`, where GitHub lists one: GitHub Enterprise Server
 * lists none, and then the size alone decides) is the old asset deleted and the new one renamed (PATCH of the
 * asset's `name`). A failed upload leaves the old asset as it was; "Replaced" is logged once it has happened.
 * Asset names are stable across re-runs: the ZIP's name without DLI's `_<13 digits>` stamp (names.ts).
 *
 * Streaming: Octokit hands `data` to its `fetch` unchanged, and undici's fetch accepts a Node.js stream as the body
 * and honours an explicit `Content-Length`. So the file goes up as a stream from disk with an exact length
 * (GitHub's upload endpoint wants one) and is never held whole in memory.
 *
 * Proxies: Octokit's `fetch` is undici's, over an agent with the action's proxy settings (github-fetch.ts).
 *
 * Time: each upload attempt ends within `timeout-seconds` plus the file at 1 MiB/s, every other request within
 * `timeout-seconds`, and the whole release part within `releaseBoundMs` (bound.ts), enforced by one deadline.
 *
 * Retries run through the one policy (src/http/retry.ts `retrying`, under the deadline's signal, GitHub's
 * Retry-After honoured up to the policy's cap): an Octokit HttpError is read as its status and Retry-After, one
 * without a response (Octokit's report of a network failure or timeout) as no answer; any other error (an
 * ActionError a step inside an attempt already made final, or a bug) ends the call as it is. Reads (the asset list,
 * the check), the rename (the same name set again is the same result) and deletes (a second delete of an asset
 * already gone, 404, counts as done) are idempotent. An upload changes the release, so before it is sent again the
 * attempt itself reads the release: an asset of that temporary name that is complete (as above) means the upload
 * reached GitHub and is kept, not sent again; a partial one (state `starter` or `open`, or another size or digest) is
 * deleted and the file sent again; no asset means it never arrived and the file is sent again. That check is what
 * makes re-sending safe, so the upload counts as idempotent too: it is retried on no answer, 429 and 5xx.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ActionError } from '../http/errors.ts';
import type { ProxySettings } from '../http/proxy.ts';
import {
  DEFAULT_RETRY_POLICY,
  type Failure,
  type Outcome,
  type RetryPolicy,
  retrying,
  transferAttemptMs,
} from '../http/retry.ts';
import { ASSETS_PER_PAGE, releaseBoundMs } from './bound.ts';
import type { ReleaseTarget } from './event.ts';
import { createGithubFetch, type GithubFetch } from './github-fetch.ts';
import { assetNames, isTemporaryNameOf, temporaryAssetName } from './names.ts';

type Octokit = ReturnType<typeof import('@actions/github').getOctokit>;

export type { ReleaseTarget } from './event.ts';

export interface ReleaseUploadOptions {
  release: ReleaseTarget;
  /** The `github-token` input (a secret: mask it before calling). */
  token: string;
  /** GitHub's REST API base, GITHUB_API_URL (https://api.github.com, or GHES's https://host/api/v3). */
  apiUrl: string;
  /** The action's proxy settings (proxyFromEnv); none when absent. */
  proxy?: ProxySettings;
  /** Time limit of each read, delete or rename; an upload attempt gets this plus the file at 1 MiB/s. */
  timeoutMs: number;
  /** Attempts per request in total (the `max-attempts` input). */
  maxAttempts: number;
  info: (message: string) => void;
  warning: (message: string) => void;
  /** For tests: randomness of the backoff (default Math.random) and the wait itself (see `Retrying.sleep`). */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** For tests: the temporary name's random part (default 4 random bytes). */
  temporarySuffix?: () => Buffer;
  /** For tests: the whole release part's deadline instead of releaseBoundMs (bound.ts). */
  deadlineMs?: number;
  /**
   * Told once the assets are listed when the release part's bound grew with them (a release of 100 assets or more,
   * temporary assets an earlier run left): the step's bound is then printed again.
   */
  onListed?: (listed: { existingAssets: number; staleAssets: number }) => void;
}

/** What GitHub says of an asset (the fields used here); `digest` is absent on GitHub Enterprise Server. */
interface Asset {
  id: number;
  name: string;
  state: string;
  size: number;
  digest?: string | null;
  browser_download_url: string;
}

/** The part of Octokit's RequestError (its `name` is "HttpError") read here. */
interface GithubFailure {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

/** An upload whose answer was cut off or unreadable: no answer, so the release is checked before a re-send. */
class CutOffAnswer extends Error {
  override readonly name = 'CutOffAnswer';
}

/**
 * Uploads each file, in order, as an asset of the release named by its stable name (names.ts), replacing an asset
 * of that name only once the new one is complete. Returns the assets' `browser_download_url`s in the order of
 * `files`.
 */
export async function uploadReleaseAssets(files: readonly string[], options: ReleaseUploadOptions): Promise<string[]> {
  const names = assetNames(files.map((file) => basename(file)));
  const sizes: number[] = [];
  for (const file of files) {
    try {
      sizes.push((await stat(file)).size);
    } catch (error) {
      throw new ActionError(`release-assets: cannot read ${file}: ${(error as Error).message}`);
    }
  }
  if (files.length === 0) return [];

  const bound = (existingAssets: number, staleAssets: number) =>
    options.deadlineMs ?? releaseBoundMs({ ...options, sizes, existingAssets, staleAssets });
  const deadline = new Deadline(bound(0, 0), options.release.tagName);
  const github = await GithubReleases.connect(options, deadline);
  try {
    const existing = await github.listAssets();
    const stale = existing.filter((asset) => names.some((name) => isTemporaryNameOf(asset.name, name)));
    deadline.extendTo(bound(existing.length, stale.length));
    if (bound(existing.length, stale.length) > bound(0, 0)) {
      options.onListed?.({ existingAssets: existing.length, staleAssets: stale.length });
    }
    options.info(
      `Time limit: attaching ${files.length} file(s) to release ${options.release.tagName} ends within ${duration(deadline.totalMs)} (each upload attempt within timeout-seconds plus the file at 1 MiB/s)`,
    );
    const urls: string[] = [];
    for (const [index, file] of files.entries()) {
      const name = names[index] ?? '';
      const size = sizes[index] ?? 0;
      const asset = await github.replace(
        file,
        name,
        size,
        existing.find((candidate) => candidate.name === name),
      );
      urls.push(asset.browser_download_url);
    }
    for (const asset of stale) await github.deleteAsset(asset, 'left by an earlier run');
    return urls;
  } finally {
    deadline.clear();
    await github.close();
  }
}

/** One deadline over the whole release part: every request and wait ends when it passes. */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly startedAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  totalMs: number;
  private readonly tagName: string;

  constructor(totalMs: number, tagName: string) {
    this.totalMs = totalMs;
    this.tagName = tagName;
    this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  extendTo(totalMs: number): void {
    this.totalMs = Math.max(this.totalMs, totalMs);
    this.arm();
  }

  clear(): void {
    clearTimeout(this.timer);
  }

  /** An attempt's signal: its own time limit or the deadline, whichever comes first. */
  attempt(ms: number): AbortSignal {
    return AbortSignal.any([AbortSignal.timeout(ms), this.controller.signal]);
  }

  private arm(): void {
    clearTimeout(this.timer);
    const left = Math.max(0, this.startedAt + this.totalMs - Date.now());
    this.timer = setTimeout(() => {
      this.controller.abort(
        new ActionError(
          `release-assets: attaching the files to release ${this.tagName} did not end within its time limit of ${duration(this.totalMs)}`,
          {
            hint: 'GitHub or the network path to it is too slow: the limit allows timeout-seconds plus 1 MiB/s per upload attempt; raise timeout-seconds, or re-run the step',
          },
        ),
      );
    }, left);
    this.timer.unref?.();
  }
}

/** As the step's bound is printed (src/action/deadline.ts): `N s` below 2 minutes, else `N min [M s]`. */
export function duration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
}

/** The release's assets API, with the retry rules above. */
class GithubReleases {
  private readonly options: ReleaseUploadOptions;
  private readonly octokit: Octokit;
  private readonly policy: RetryPolicy;
  private readonly deadline: Deadline;
  private readonly transport: GithubFetch;

  private constructor(options: ReleaseUploadOptions, octokit: Octokit, deadline: Deadline, transport: GithubFetch) {
    this.options = options;
    this.octokit = octokit;
    this.policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: options.maxAttempts };
    this.deadline = deadline;
    this.transport = transport;
  }

  static async connect(options: ReleaseUploadOptions, deadline: Deadline): Promise<GithubReleases> {
    const { getOctokit } = await import('@actions/github');
    const transport = createGithubFetch(options.proxy ?? {}, options.timeoutMs);
    const octokit = getOctokit(options.token, {
      baseUrl: options.apiUrl.replace(/\/+$/, ''),
      request: { fetch: transport.fetch },
    });
    return new GithubReleases(options, octokit, deadline, transport);
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private get repo() {
    const { owner, repo, releaseId } = this.options.release;
    return { owner, repo, release_id: releaseId };
  }

  private get signal() {
    return { signal: this.deadline.attempt(this.options.timeoutMs) };
  }

  /** Upload under a temporary name, check it, then delete the old asset and rename the new one. */
  async replace(file: string, name: string, size: number, old: Asset | undefined): Promise<Asset> {
    const temporary = temporaryAssetName(name, this.options.temporarySuffix);
    const kept = old ? `; the old asset ${name} was kept` : '';
    let hash: Promise<string> | undefined;
    const digest = () => {
      hash ??= sha256(file);
      return hash;
    };
    let uploaded: Asset;
    try {
      uploaded = await this.uploadVerified(file, { temporary, name }, size, digest);
    } catch (error) {
      await this.discard(temporary);
      throw error instanceof ActionError ? withMessage(error, `${error.message}${kept}`) : error;
    }
    let listed: Asset;
    try {
      listed = await this.getAsset(uploaded);
      if (!(await isComplete(listed, size, digest))) {
        throw new ActionError(
          `release-assets: GitHub lists the upload of ${name} as ${describeAsset(listed)} instead of uploaded with ${size} bytes${kept}`,
          { hint: 're-run the step' },
        );
      }
    } catch (error) {
      // The old asset is untouched: the new one is only in the way, and removed, so the release is as it was.
      await this.discard(temporary);
      throw error;
    }
    if (old) {
      try {
        await this.deleteAsset(old, 'to replace it');
      } catch (error) {
        // Kept: a delete whose answers were all lost may have happened, and then this is the only copy.
        throw error instanceof ActionError
          ? error.withHint(`${error.hint ? `${error.hint}; ` : ''}the new file is on the release as ${temporary}`)
          : error;
      }
    }
    const renamed = await this.rename(listed, name);
    this.options.info(
      old
        ? `Replaced the release asset ${name} on release ${this.options.release.tagName} (${size} bytes): ${renamed.browser_download_url}`
        : `Attached ${name} (${size} bytes) to release ${this.options.release.tagName}: ${renamed.browser_download_url}`,
    );
    return renamed;
  }

  async listAssets(): Promise<Asset[]> {
    const assets: Asset[] = [];
    for (let page = 1; ; page++) {
      const response = await this.withRetries('list the release assets', () =>
        this.octokit.rest.repos.listReleaseAssets({
          ...this.repo,
          per_page: ASSETS_PER_PAGE,
          page,
          request: this.signal,
        }),
      );
      const batch = Array.isArray(response.data) ? response.data.map(readAsset) : [undefined];
      for (const asset of batch) assets.push(asset ?? unreadable('list the release assets'));
      if (batch.length < ASSETS_PER_PAGE) return assets;
    }
  }

  private async getAsset(asset: Asset): Promise<Asset> {
    const response = await this.withRetries(`check the uploaded release asset ${asset.name}`, () =>
      this.octokit.rest.repos.getReleaseAsset({
        owner: this.options.release.owner,
        repo: this.options.release.repo,
        asset_id: asset.id,
        request: this.signal,
      }),
    );
    return readAsset(response.data) ?? unreadable(`check the uploaded release asset ${asset.name}`);
  }

  /** Gives the asset its name; the same PATCH again changes nothing, so it is retried like a read. */
  private async rename(asset: Asset, name: string): Promise<Asset> {
    try {
      const response = await this.withRetries(`rename the release asset ${asset.name} to ${name}`, () =>
        this.octokit.rest.repos.updateReleaseAsset({
          owner: this.options.release.owner,
          repo: this.options.release.repo,
          asset_id: asset.id,
          name,
          request: this.signal,
        }),
      );
      return readAsset(response.data) ?? unreadable(`rename the release asset ${asset.name} to ${name}`);
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
      throw error.withHint(
        `the new file is on the release as ${asset.name}: ${error.status === 422 ? `an asset named ${name} was added meanwhile; ` : ''}re-run the step, or rename it by hand`,
      );
    }
  }

  /** After a failed upload: deletes what it left under its temporary name, if anything; never fails. */
  private async discard(temporary: string): Promise<void> {
    if (this.deadline.signal.aborted) return;
    try {
      const left = (await this.listAssets()).find((asset) => asset.name === temporary);
      if (left) await this.deleteAsset(left, 'left by the failed upload');
    } catch (error) {
      this.options.warning(
        `Could not remove ${temporary} after the failed upload: ${(error as Error).message}; delete it by hand`,
      );
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
          request: this.signal,
        });
      } catch (error) {
        if ((error as GithubFailure).status !== 404) throw error;
      }
    });
  }

  /**
   * Uploads; every attempt after the first reads the release first and sends the file again only when the earlier
   * upload did not take effect (see the module comment), which is what makes the re-send safe.
   */
  async uploadVerified(
    file: string,
    { temporary, name }: { temporary: string; name: string },
    size: number,
    digest: () => Promise<string>,
  ): Promise<Asset> {
    const what = `upload ${name} to release ${this.options.release.tagName}`;
    return this.retried(
      what,
      (attempts) => `${what} failed${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
      async (attempt) => {
        if (attempt > 1) {
          const current = (await this.listAssets()).find((asset) => asset.name === temporary);
          if (current) {
            if (await isComplete(current, size, digest)) {
              this.options.info(`The upload of ${name} had reached GitHub (same size and digest); not sent again`);
              return current;
            }
            await this.deleteAsset(current, `left incomplete (${describeAsset(current)})`);
          }
        }
        return this.upload(file, { temporary, name }, size);
      },
      UPLOAD_RETRY_NOTE,
    );
  }

  private async upload(
    file: string,
    { temporary, name }: { temporary: string; name: string },
    size: number,
  ): Promise<Asset> {
    const body = createReadStream(file);
    try {
      const response = await this.octokit.rest.repos.uploadReleaseAsset({
        ...this.repo,
        url: this.options.release.uploadUrl,
        name: temporary,
        // A stream, not a string: Octokit passes it through to fetch untouched (see the module comment).
        data: body as unknown as string,
        headers: {
          'content-type': name.toLowerCase().endsWith('.zip') ? 'application/zip' : 'application/octet-stream',
          'content-length': String(size),
        },
        // The whole transfer, not each pause in it: a drip cannot outlive it (bound.ts).
        request: { signal: this.deadline.attempt(transferAttemptMs(this.options.timeoutMs, size)) },
      });
      const asset = readAsset(response.data);
      // An answer cut off (Octokit reads a broken body as empty) is no answer: the release is checked instead.
      if (asset === undefined) throw new CutOffAnswer('the answer to the upload was cut off or unreadable');
      return asset;
    } finally {
      body.destroy();
    }
  }

  /** A read, a rename or a delete: idempotent; fails as "Could not <what>[ after N attempts]: <GitHub's words>". */
  private withRetries<T>(what: string, call: () => Promise<T>): Promise<T> {
    return this.retried(
      what,
      (attempts) => `Could not ${what}${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
      call,
    );
  }

  /**
   * Runs `attempt` through the one retry policy (see the module comment), as an idempotent request named `what`.
   * Fails with GitHub's error under `failed(attempts)`, with an ActionError thrown inside an attempt as it is, and
   * once the deadline has passed with the deadline's own error.
   */
  private async retried<T>(
    what: string,
    failed: (attempts: number) => string,
    attempt: (attempt: number) => Promise<T>,
    note?: string,
  ): Promise<T> {
    const signal = this.deadline.signal;
    let attempts = 0;
    try {
      const { value } = await retrying(
        {
          policy: this.policy,
          operation: what,
          idempotent: true,
          note,
          log: this.options.warning,
          sleep: this.options.sleep,
          random: this.options.random,
        },
        (n) => {
          attempts = n;
          return attempt(n);
        },
        githubFailureOf,
        signal,
      );
      return value;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (isGithubFailure(error)) throw githubError(failed(attempts), error);
      throw error;
    }
  }
}

/** Logged with each retry of an upload. */
export const UPLOAD_RETRY_NOTE = 'The release is checked before the file is sent again.';

/**
 * What the retry policy reads of one GitHub attempt: nothing for a success or an error that is not GitHub's (a
 * bug, or an ActionError a step inside the attempt made final: it ends the call as it is); an HttpError with a
 * response as its status and Retry-After; one without a response (Octokit's network failure or timeout), or an
 * upload answer cut off, as no answer, worth another attempt.
 */
export function githubFailureOf(outcome: Outcome<unknown>): Failure | undefined {
  if (!('error' in outcome) || !isGithubFailure(outcome.error)) return undefined;
  const failure = outcome.error;
  if (failure.response === undefined) {
    return { what: `no answer: ${failure.message ?? 'network error'}`, transient: true };
  }
  const id = requestIdOf(failure);
  return {
    what: `HTTP ${failure.status}${id ? `, request ID ${id}` : ''}`,
    status: failure.status,
    retryAfter: failure.response.headers?.['retry-after'],
  };
}

/** Octokit's RequestError (named "HttpError", with a numeric status), or an upload's cut-off answer. */
function isGithubFailure(error: unknown): error is GithubFailure & Error {
  if (error instanceof CutOffAnswer) return true;
  return error instanceof Error && error.name === 'HttpError' && typeof (error as GithubFailure).status === 'number';
}

/** An asset as GitHub describes it, or undefined when `data` does not have the fields used here. */
export function readAsset(data: unknown): Asset | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { id, name, state, size, digest, browser_download_url } = data as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return undefined;
  if (typeof name !== 'string' || typeof state !== 'string' || typeof browser_download_url !== 'string') {
    return undefined;
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size)) return undefined;
  if (digest !== undefined && digest !== null && typeof digest !== 'string') return undefined;
  return { id, name, state, size, digest, browser_download_url };
}

function unreadable(what: string): never {
  throw new ActionError(`Could not ${what}: GitHub's answer does not describe a release asset`, {
    hint: 'check GITHUB_API_URL: it must be the REST API of GitHub or GitHub Enterprise Server',
  });
}

/** The same error with another first part (what failed), its details kept. */
function withMessage(error: ActionError, message: string): ActionError {
  const { status, code, serviceMessage, requestId, hint, retryable, notSent, cause } = error;
  return new ActionError(message, { status, code, serviceMessage, requestId, hint, retryable, notSent, cause });
}

function describeAsset(asset: Asset): string {
  return `state ${asset.state}, ${asset.size} bytes`;
}

/**
 * Complete: state `uploaded`, the file's size, and its SHA-256 where GitHub lists a digest (null or absent, as on
 * GitHub Enterprise Server: the size alone decides).
 */
async function isComplete(asset: Asset, size: number, digest: () => Promise<string>): Promise<boolean> {
  if (asset.state !== 'uploaded' || asset.size !== size) return false;
  if (asset.digest === undefined || asset.digest === null) return true;
  // Hashed only when GitHub lists a digest, and once per file.
  return asset.digest === `sha256:${await digest()}`;
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
