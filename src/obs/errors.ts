/**
 * OBS's XML errors (`<Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId></Error>`) as one
 * ActionError: what failed, OBS's code and message, the request ID and a hint for the common causes.
 */
import { ActionError } from '../http/errors.ts';
import { obsUrl } from './paths.ts';

export interface ObsErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
  hostId?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ENTITIES[entity.toLowerCase()] ?? '';
  });
}

/** Reads the fields of an OBS XML error body; absent fields stay undefined (HEAD answers carry no body). */
export function parseObsError(body: string): ObsErrorBody {
  const field = (name: string) => {
    const value = new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
    const text = value === undefined ? undefined : decodeXml(value).trim();
    return text === '' ? undefined : text;
  };
  return { code: field('Code'), message: field('Message'), requestId: field('RequestId'), hostId: field('HostId') };
}

export interface ObsErrorContext {
  /** `bucket/key` of the object. */
  object: string;
  bucket: string;
  /** The OBS host the request went to. */
  host: string;
  /** What the request did: a download (GET, the default) or an upload (PUT). */
  operation?: 'download' | 'upload';
}

/** The permission the request needed. */
function permissionOf(context: ObsErrorContext): string {
  return context.operation === 'upload' ? 'obs:object:PutObject' : 'obs:object:GetObject';
}

/** The common causes, by OBS code or HTTP status. */
export function obsHint(code: string | undefined, status: number, context: ObsErrorContext): string | undefined {
  switch (code) {
    case 'BadDigest':
      return 'the bytes OBS received differ from the file read before (a proxy altering the body, or the file changed meanwhile); run the step again';
    case 'EntityTooLarge':
      return 'OBS takes at most 5 GB in one PUT';
    case 'AccessDenied':
      return `the credentials need permission \`${permissionOf(context)}\` on ${context.bucket} (IAM policy, or the bucket policy), and the bucket must be in this region (${context.host})${context.operation === 'upload' ? '' : '; without `obs:bucket:ListBucket`, OBS also answers 403 for an object that does not exist'}`;
    case 'NoSuchKey':
      return 'the object did not appear in time; check in the OBS console that DLI wrote it, and that the bucket has no lifecycle rule deleting it';
    case 'NoSuchBucket':
      return `the bucket does not exist at ${context.host}: check \`region\` or \`obs-endpoint\` (the bucket's region)`;
    case 'InvalidAccessKeyId':
      return 'the access key is unknown to OBS: check `access-key`, and that temporary keys come with their `security-token`';
    case 'SignatureDoesNotMatch':
      return 'check `secret-key`; a proxy that alters requests also breaks the signature';
    case 'RequestTimeTooSkewed':
      return "the runner's clock is more than 15 minutes off";
    case 'VirtualHostDomainRequired':
      return '`obs-endpoint` must be the OBS domain endpoint of the region, e.g. https://obs.eu-de.otc.t-systems.com';
    case 'PermanentRedirect':
    case 'TemporaryRedirect':
      return `the bucket is in another region than ${context.host}: set \`region\` or \`obs-endpoint\` to the bucket's region`;
  }
  if (status === 403) {
    return `the credentials need permission \`${permissionOf(context)}\` on ${context.bucket}, and the bucket must be in the region of ${context.host}`;
  }
  if (status === 301 || status === 307) {
    return `the bucket is in another region than ${context.host}: set \`region\` or \`obs-endpoint\` to the bucket's region`;
  }
  if (status >= 500) return 'OBS failed; retry later, quoting the request ID if it persists';
  return undefined;
}

export interface ObsErrorResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
  attempts?: number;
}

export function obsError(response: ObsErrorResponse, context: ObsErrorContext): ActionError {
  const parsed = parseObsError(response.body);
  const attempts = response.attempts && response.attempts > 1 ? ` after ${response.attempts} attempts` : '';
  const verb = context.operation === 'upload' ? 'Uploading to' : 'Downloading';
  return new ActionError(`${verb} ${obsUrl(context.object)} failed${attempts}`, {
    status: response.status,
    code: parsed.code,
    serviceMessage:
      parsed.message ?? (response.body.trim() === '' ? '(empty body)' : response.body.trim().slice(0, 200)),
    requestId: response.headers['x-obs-request-id'] ?? parsed.requestId,
    hint: obsHint(parsed.code, response.status, context),
  });
}
