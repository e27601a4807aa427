/**
 * Which release the `release-assets` input attaches to: the input rules (checked with the other inputs, before
 * anything is sent) and the release read from the event payload GitHub writes at GITHUB_EVENT_PATH.
 */
import { readFile } from 'node:fs/promises';
import { ActionError } from '../http/errors.ts';

/** The release of a `release` event, as the upload needs it. */
export interface ReleaseTarget {
  owner: string;
  repo: string;
  releaseId: number;
  tagName: string;
  /** The release's `upload_url`, an RFC 6570 template ending in `{?name,label}`. */
  uploadUrl: string;
}

export interface ReleaseInputProblem {
  input: 'release-assets' | 'github-token';
  message: string;
}

/**
 * The cross-field rules of `release-assets: true`: only on a `release` event, only with `download-dir` (the files
 * attached are the downloaded ZIPs), and with a token. Empty when the input is off.
 */
export function releaseInputProblems(
  releaseAssets: boolean,
  eventName: string | undefined,
  downloadDir: string | undefined,
  githubToken: string | undefined,
): ReleaseInputProblem[] {
  if (!releaseAssets) return [];
  const problems: ReleaseInputProblem[] = [];
  if (eventName !== 'release') {
    problems.push({
      input: 'release-assets',
      message: `works only in a workflow run by a \`release\` event (this run's event is ${eventName ? `\`${eventName}\`` : 'unknown: GITHUB_EVENT_NAME is not set'}); use \`on: release\` or set release-assets to false`,
    });
  }
  if (downloadDir === undefined) {
    problems.push({
      input: 'release-assets',
      message: 'needs `download-dir`: the files attached to the release are the downloaded ZIPs',
    });
  }
  if (githubToken === undefined) {
    problems.push({
      input: 'github-token',
      message: "is required with release-assets: true (its default is the workflow's GITHUB_TOKEN)",
    });
  }
  return problems;
}

/** Reads the release from the event payload; any gap is an error that says what is missing, before any upload. */
export async function loadReleaseTarget(eventPath: string | undefined): Promise<ReleaseTarget> {
  const fail = (detail: string) =>
    new ActionError(`release-assets: cannot read the release from the event payload: ${detail}`, {
      hint: 'release-assets works only in a workflow run by a `release` event',
    });
  if (!eventPath) throw fail('GITHUB_EVENT_PATH is not set');
  let payload: unknown;
  try {
    payload = JSON.parse(await readFile(eventPath, 'utf8'));
  } catch (error) {
    throw fail(`${eventPath}: ${(error as Error).message}`);
  }
  const release = field(payload, 'release');
  const repository = field(payload, 'repository');
  const releaseId = field(release, 'id');
  const tagName = field(release, 'tag_name');
  const uploadUrl = field(release, 'upload_url');
  const owner = field(field(repository, 'owner'), 'login');
  const repo = field(repository, 'name');
  if (typeof releaseId !== 'number' || !Number.isSafeInteger(releaseId)) throw fail('release.id is missing');
  if (typeof uploadUrl !== 'string' || !/^https?:\/\//.test(uploadUrl)) throw fail('release.upload_url is missing');
  if (typeof owner !== 'string' || typeof repo !== 'string') throw fail('repository.owner.login or name is missing');
  return { owner, repo, releaseId, tagName: typeof tagName === 'string' ? tagName : String(releaseId), uploadUrl };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}
