// A stand-in for the part of GitHub's REST API that attaches files to a release, as Octokit calls it:
//   GET    {api}/repos/{owner}/{repo}/releases/{release_id}/assets[?per_page=&page=]   list the assets
//   DELETE {api}/repos/{owner}/{repo}/releases/assets/{asset_id}                       delete one (204)
//   POST   {upload_url}?name=...[&label=...]                                           upload one (201)
// The API base (GITHUB_API_URL) is the emulator's URL; the release's upload_url points at the emulator's
// /uploads/... path, as GitHub's points at uploads.github.com. Tokens are checked as GitHub does
// (`Authorization: token ...` or `Bearer ...`): unknown is 401 "Bad credentials", one without `contents: write`
// gets 403 "Resource not accessible by integration" on deletes and uploads.

import { createHash, randomBytes } from 'node:crypto';
import { type HeaderMap, headerValue } from './signature.ts';

export type GithubReleaseOperation = 'github-list-assets' | 'github-delete-asset' | 'github-upload-asset';

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
  /** "uploaded", or "starter" for an upload that broke off. */
  state: 'uploaded' | 'starter';
  size: number;
  bytes: Buffer;
  browser_download_url: string;
}

export interface GithubReleasesState {
  release: ReleaseSpec;
  /** token -> may it write contents. Read live, so tests may add or change tokens. */
  tokens: Map<string, { contentsWrite: boolean }>;
  assets: StoredAsset[];
  nextAssetId: number;
  /** Uploads to store completely and then answer with a reset connection (the answer is lost). */
  loseUploadAnswers: number;
  /** Uploads to store only half of, as state "starter" (as GitHub leaves a broken upload), then reset. */
  breakUploads: number;
  /** The emulator's URL, set once it listens. */
  baseUrl: string;
}

export type GithubReleaseResponse =
  | { status: number; body: unknown; headers: Record<string, string>; accepted: boolean }
  | { kind: 'reset' };

export function createGithubReleasesState(release: ReleaseSpec = DEFAULT_RELEASE): GithubReleasesState {
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
    baseUrl: '',
  };
}

const ROUTES: { method: string; pattern: RegExp; operation: GithubReleaseOperation }[] = [
  { method: 'GET', pattern: /^\/repos\/([^/]+)\/([^/]+)\/releases\/(\d+)\/assets$/, operation: 'github-list-assets' },
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

function assetJson(state: GithubReleasesState, asset: StoredAsset) {
  const { owner, repo } = state.release;
  return {
    url: `${state.baseUrl}/repos/${owner}/${repo}/releases/assets/${asset.id}`,
    id: asset.id,
    name: asset.name,
    label: asset.label,
    content_type: asset.contentType,
    state: asset.state,
    size: asset.size,
    digest: asset.state === 'uploaded' ? `sha256:${createHash('sha256').update(asset.bytes).digest('hex')}` : null,
    download_count: 0,
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

  if (operation === 'github-delete-asset') {
    const index = state.assets.findIndex((asset) => asset.id === Number(id));
    if (index === -1) return reply(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    state.assets.splice(index, 1);
    return { ...reply(204, ''), accepted: true };
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
  if (state.assets.some((asset) => asset.name === name)) {
    return reply(422, {
      message: 'Validation Failed',
      errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }],
      documentation_url: DOCS,
      status: '422',
    });
  }
  const broken = state.breakUploads > 0;
  if (broken) state.breakUploads--;
  const bytes = broken ? body.subarray(0, Math.floor(body.length / 2)) : body;
  const asset: StoredAsset = {
    id: state.nextAssetId++,
    name,
    label: query.get('label'),
    contentType,
    state: broken ? 'starter' : 'uploaded',
    size: bytes.length,
    bytes: Buffer.from(bytes),
    browser_download_url: `${state.baseUrl}/${release.owner}/${release.repo}/releases/download/${encodeURIComponent(release.tagName)}/${encodeURIComponent(name)}`,
  };
  state.assets.push(asset);
  if (broken) return { kind: 'reset' };
  if (state.loseUploadAnswers > 0) {
    state.loseUploadAnswers--;
    return { kind: 'reset' };
  }
  return reply(201, assetJson(state, asset), true);
}
