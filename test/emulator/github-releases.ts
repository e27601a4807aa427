// A stand-in for the part of GitHub's REST API that attaches files to a release, as Octokit calls it, following
// "REST API endpoints for release assets" (https://docs.github.com/rest/releases/assets):
//   GET    {api}/repos/{owner}/{repo}/releases/{release_id}/assets[?per_page=&page=]   list the assets
//   GET    {api}/repos/{owner}/{repo}/releases/assets/{asset_id}                       get one
//   PATCH  {api}/repos/{owner}/{repo}/releases/assets/{asset_id}                       update name/label (200)
//   DELETE {api}/repos/{owner}/{repo}/releases/assets/{asset_id}                       delete one (204)
//   POST   {upload_url}?name=...[&label=...]                                           upload one (201)
// An asset's `state` is `uploaded` once complete; the schema's other value, `open`, is what an upload cut off
// mid-way leaves here, and a 502 leaves an empty asset in state `starter` ("Upload a release asset": "This may
// leave an empty asset with a state of starter. It can be safely deleted"). `digest` is `sha256:<hex>` for a
// complete asset and null otherwise, or absent altogether with `digests: false` (GitHub Enterprise Server lists
// none). A second asset of an existing name is refused with 422 `already_exists` (documented for uploads; assumed
// for a rename, which the docs do not describe). Timestamps come from the emulator's clock.
// The API base (GITHUB_API_URL) is the emulator's URL; the release's upload_url points at the emulator's
// /uploads/... path, as GitHub's points at uploads.github.com. Tokens are checked as GitHub does
// (`Authorization: token ...` or `Bearer ...`): unknown is 401 "Bad credentials", one without `contents: write`
// gets 403 "Resource not accessible by integration" on deletes and uploads.

import { createHash, randomBytes } from 'node:crypto';
import { type HeaderMap, headerValue } from './signature.ts';

export type GithubReleaseOperation =
  | 'github-list-assets'
  | 'github-get-asset'
  | 'github-update-asset'
  | 'github-delete-asset'
  | 'github-upload-asset';

/** The workflow token of a job with `permissions: contents: write`. */
export const DEFAULT_GITHUB_TOKEN = 'ghs_emulatorContentsWrite0000000000000001';
/** A token with `contents: read` only (GitHub's default for many repositories and organisations). */
export const READ_ONLY_GITHUB_TOKEN = 'ghs_emulatorContentsRead00000000000000002';

export interface ReleaseSpec {
  owner: string;
  repo: string;
  id: number;
  tagName: string;
}

export const DEFAULT_RELEASE: Readonly<ReleaseSpec> = {
  owner: 'octo-org',
  repo: 'octo-repo',
  id: 4711,
  tagName: 'v1.2.0',
};

export interface StoredAsset {
  id: number;
  name: string;
  label: string | null;
  contentType: string;
  /** "uploaded"; "open" for an upload cut off mid-way; "starter" (empty) for one answered 502. */
  state: 'uploaded' | 'open' | 'starter';
  size: number;
  bytes: Buffer;
  browser_download_url: string;
  created_at: string;
  updated_at: string;
}

export interface GithubReleasesState {
  release: ReleaseSpec;
  /** token -> may it write contents. Read live, so tests may add or change tokens. */
  tokens: Map<string, { contentsWrite: boolean }>;
  assets: StoredAsset[];
  nextAssetId: number;
  /** Uploads to store completely and then answer with a reset connection (the answer is lost). */
  loseUploadAnswers: number;
  /** Uploads to store only half of, as state "open" (cut off mid-way), then reset. */
  breakUploads: number;
  /** Uploads to answer 502 Bad Gateway, leaving an empty asset in state "starter", as GitHub documents. */
  failUploads: number;
  /**
   * Uploads to store with their last byte missing but listed as "uploaded" (a truncation nobody noticed), then
   * reset: only the size (and the digest, where listed) shows it.
   */
  truncateUploads: number;
  /** Upload answers (201) to send one byte every `dripIntervalMs`, after storing the asset. */
  dripUploadAnswers: number;
  dripIntervalMs: number;
  /** List `digest` (github.com); false: no `digest` field at all, as GitHub Enterprise Server. */
  digests: boolean;
  /** The emulator's clock, for created_at/updated_at. */
  now: () => Date;
  /** The emulator's URL, set once it listens. */
  baseUrl: string;
}

export type GithubReleaseResponse =
  | { status: number; body: unknown; headers: Record<string, string>; accepted: boolean; dripIntervalMs?: number }
  | { kind: 'reset' };

export function createGithubReleasesState(
  release: ReleaseSpec = DEFAULT_RELEASE,
  now: () => Date = () => new Date(),
): GithubReleasesState {
  return {
    release: { ...release },
    tokens: new Map([
      [DEFAULT_GITHUB_TOKEN, { contentsWrite: true }],
      [READ_ONLY_GITHUB_TOKEN, { contentsWrite: false }],
    ]),
    assets: [],
    nextAssetId: 1,
    loseUploadAnswers: 0,
    breakUploads: 0,
    failUploads: 0,
    truncateUploads: 0,
    dripUploadAnswers: 0,
    dripIntervalMs: 1000,
    digests: true,
    now,
    baseUrl: '',
  };
}

const ROUTES: { method: string; pattern: RegExp; operation: GithubReleaseOperation }[] = [
  { method: 'GET', pattern: /^\/repos\/([^/]+)\/([^/]+)\/releases\/(\d+)\/assets$/, operation: 'github-list-assets' },
  { method: 'GET', pattern: /^\/repos\/([^/]+)\/([^/]+)\/releases\/assets\/(\d+)$/, operation: 'github-get-asset' },
  {
    method: 'PATCH',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/releases\/assets\/(\d+)$/,
    operation: 'github-update-asset',
  },
  {
    method: 'DELETE',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/releases\/assets\/(\d+)$/,
    operation: 'github-delete-asset',
  },
  {
    method: 'POST',
    pattern: /^\/uploads\/repos\/([^/]+)\/([^/]+)\/releases\/(\d+)\/assets$/,
    operation: 'github-upload-asset',
  },
];

export function matchGithubReleaseRoute(method: string, rawPath: string): GithubReleaseOperation | undefined {
  return ROUTES.find((route) => route.method === method && route.pattern.test(rawPath))?.operation;
}

/** The `release` event payload GitHub would write to GITHUB_EVENT_PATH for this release (the fields used). */
export function releaseEventPayload(state: GithubReleasesState): object {
  const { owner, repo, id, tagName } = state.release;
  return {
    action: 'published',
    release: {
      id,
      tag_name: tagName,
      url: `${state.baseUrl}/repos/${owner}/${repo}/releases/${id}`,
      upload_url: `${state.baseUrl}/uploads/repos/${owner}/${repo}/releases/${id}/assets{?name,label}`,
      html_url: `${state.baseUrl}/${owner}/${repo}/releases/tag/${tagName}`,
    },
    repository: { name: repo, full_name: `${owner}/${repo}`, owner: { login: owner } },
  };
}

function reply(status: number, body: unknown, accepted = false): GithubReleaseResponse {
  return {
    status,
    body,
    accepted,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'X-GitHub-Request-Id': `EMU:${randomBytes(6).toString('hex').toUpperCase()}`,
    },
  };
}

const DOCS = 'https://docs.github.com/rest/releases/assets';

function downloadUrl(state: GithubReleasesState, name: string): string {
  const { owner, repo, tagName } = state.release;
  return `${state.baseUrl}/${owner}/${repo}/releases/download/${encodeURIComponent(tagName)}/${encodeURIComponent(name)}`;
}

const ALREADY_EXISTS = {
  message: 'Validation Failed',
  errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }],
  documentation_url: DOCS,
  status: '422',
};

function assetJson(state: GithubReleasesState, asset: StoredAsset) {
  const { owner, repo } = state.release;
  const digest = asset.state === 'uploaded' ? `sha256:${createHash('sha256').update(asset.bytes).digest('hex')}` : null;
  return {
    url: `${state.baseUrl}/repos/${owner}/${repo}/releases/assets/${asset.id}`,
    id: asset.id,
    name: asset.name,
    label: asset.label,
    content_type: asset.contentType,
    state: asset.state,
    size: asset.size,
    ...(state.digests ? { digest } : {}),
    download_count: 0,
    created_at: asset.created_at,
    updated_at: asset.updated_at,
    browser_download_url: asset.browser_download_url,
  };
}

export function handleGithubRelease(
  state: GithubReleasesState,
  operation: GithubReleaseOperation,
  rawPath: string,
  rawQuery: string,
  headers: HeaderMap,
  body: Buffer,
): GithubReleaseResponse {
  const authorization = headerValue(headers, 'authorization') ?? '';
  const token = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization.trim())?.[1];
  const grant = token === undefined ? undefined : state.tokens.get(token);
  if (grant === undefined) return reply(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });

  const route = ROUTES.find((candidate) => candidate.operation === operation);
  const [, owner, repo, id] = route?.pattern.exec(rawPath) ?? [];
  const { release } = state;
  if (owner !== release.owner || repo !== release.repo) {
    return reply(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
  }
  if (operation !== 'github-list-assets' && !grant.contentsWrite) {
    return reply(403, { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' });
  }
  const query = new URLSearchParams(rawQuery);

  if (operation === 'github-delete-asset' || operation === 'github-get-asset' || operation === 'github-update-asset') {
    const index = state.assets.findIndex((asset) => asset.id === Number(id));
    const asset = state.assets[index];
    if (asset === undefined) return reply(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    if (operation === 'github-get-asset') return reply(200, assetJson(state, asset), true);
    if (operation === 'github-delete-asset') {
      state.assets.splice(index, 1);
      return { ...reply(204, ''), accepted: true };
    }
    let update: { name?: unknown; label?: unknown };
    try {
      update = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });
    }
    if (typeof update.name === 'string') {
      if (state.assets.some((other) => other !== asset && other.name === update.name)) {
        return reply(422, ALREADY_EXISTS);
      }
      asset.name = update.name;
      asset.browser_download_url = downloadUrl(state, update.name);
    }
    if (typeof update.label === 'string') asset.label = update.label;
    asset.updated_at = state.now().toISOString();
    return reply(200, assetJson(state, asset), true);
  }
  if (Number(id) !== release.id) return reply(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });

  if (operation === 'github-list-assets') {
    const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
    const slice = state.assets.slice((page - 1) * perPage, page * perPage);
    return reply(
      200,
      slice.map((asset) => assetJson(state, asset)),
      true,
    );
  }

  // Upload.
  const name = query.get('name') ?? '';
  const contentType = headerValue(headers, 'content-type');
  const length = headerValue(headers, 'content-length');
  if (name === '') {
    return reply(422, {
      message: 'Validation Failed',
      errors: [{ resource: 'ReleaseAsset', code: 'missing_field', field: 'name' }],
      documentation_url: DOCS,
      status: '422',
    });
  }
  if (!contentType) return reply(400, { message: 'Content-Type header is required', status: '400' });
  if (length === undefined) return reply(411, { message: 'Content-Length header is required', status: '411' });
  if (state.assets.some((asset) => asset.name === name)) return reply(422, ALREADY_EXISTS);
  const take = (counter: 'breakUploads' | 'failUploads' | 'truncateUploads') => {
    if (state[counter] <= 0) return false;
    state[counter]--;
    return true;
  };
  const fault = take('failUploads')
    ? 'fail'
    : take('breakUploads')
      ? 'break'
      : take('truncateUploads')
        ? 'truncate'
        : undefined;
  const bytes =
    fault === 'fail'
      ? Buffer.alloc(0)
      : fault === 'break'
        ? body.subarray(0, Math.floor(body.length / 2))
        : fault === 'truncate'
          ? body.subarray(0, Math.max(0, body.length - 1))
          : body;
  const stamp = state.now().toISOString();
  const asset: StoredAsset = {
    id: state.nextAssetId++,
    name,
    label: query.get('label'),
    contentType,
    state: fault === 'fail' ? 'starter' : fault === 'break' ? 'open' : 'uploaded',
    size: bytes.length,
    bytes: Buffer.from(bytes),
    browser_download_url: downloadUrl(state, name),
    created_at: stamp,
    updated_at: stamp,
  };
  state.assets.push(asset);
  if (fault === 'fail') return reply(502, { message: 'Bad Gateway', documentation_url: DOCS, status: '502' });
  if (fault !== undefined) return { kind: 'reset' };
  if (state.loseUploadAnswers > 0) {
    state.loseUploadAnswers--;
    return { kind: 'reset' };
  }
  if (state.dripUploadAnswers > 0) {
    state.dripUploadAnswers--;
    return { ...reply(201, assetJson(state, asset), true), dripIntervalMs: state.dripIntervalMs };
  }
  return reply(201, assetJson(state, asset), true);
}
