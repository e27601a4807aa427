/**
 * The upload step before the import (`local-files`): each checked local ZIP is put at `<upload-dir>/<file name>`,
 * one after another, with the keys OBS takes (access keys as they are; temporary keys from IAM in the token modes,
 * as the export's downloads get them). Takes its effects as dependencies, so it knows nothing of the runner.
 */
import type { AuthPlan } from '../auth/modes.ts';
import { ActionError } from '../http/errors.ts';
import { type RetryPolicy, transferAttemptMs } from '../http/retry.ts';
import type { Transport } from '../http/transport.ts';
import { type ObjectAddress, objectAddress } from '../obs/address.ts';
import { obsKeys } from '../obs/credentials.ts';
import { obsUrl } from '../obs/paths.ts';
import { obsAuthHeaders } from '../obs/signature.ts';
import { type LocalZip, type UploadedObject, uploadObject } from '../obs/upload.ts';
import type { UploadPlan } from './local-files.ts';

/** A local file and where it went. */
export interface UploadedZip extends LocalZip, UploadedObject {}

export interface PlannedUpload {
  file: LocalZip;
  address: ObjectAddress;
}

/** What the `zip-file` input refuses in an OBS path (obs/paths.ts parseObsPath). */
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f\\]/;

/** Each file's object, `<upload-dir>/<name>`, or one error naming every file that cannot be addressed. */
export function planUploads(files: readonly LocalZip[], upload: Pick<UploadPlan, 'dir' | 'obs'>): PlannedUpload[] {
  const problems: string[] = [];
  const planned: PlannedUpload[] = [];
  for (const file of files) {
    const path = `${upload.dir}/${file.name}`;
    const result = objectAddress(path, upload.obs);
    // A folder's file names are not checked as the given paths are: the key DLI is given follows the zip-file rules.
    if (CONTROL_OR_BACKSLASH.test(file.name)) {
      problems.push(`${JSON.stringify(file.path)}: ${JSON.stringify(path)} contains a control character or backslash`);
    } else if (!result.ok) problems.push(`${file.path}: ${result.problem}`);
    else if (path.length - path.indexOf('/') - 1 > 1024) {
      problems.push(`${file.path}: the object key ${path.slice(path.indexOf('/') + 1)} is longer than 1024 characters`);
    } else planned.push({ file, address: result.address });
  }
  if (problems.length > 0) {
    throw new ActionError(`Cannot upload local-files (nothing was sent): ${problems.join('; ')}`);
  }
  return planned;
}

export interface UploadRunDeps {
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

export interface UploadsOutcome {
  uploaded: UploadedZip[];
  /** The file that could not be uploaded, after which nothing more was sent. */
  failed?: { file: LocalZip; object: string; error: ActionError };
}

export async function runUploads(
  planned: readonly PlannedUpload[],
  upload: Pick<UploadPlan, 'iamEndpoint'>,
  auth: AuthPlan,
  deps: UploadRunDeps,
): Promise<UploadsOutcome> {
  const uploaded: UploadedZip[] = [];
  if (planned.length === 0) return { uploaded };
  // Temporary keys (token modes) are obtained before the first PUT and renewed before they run out.
  const keys = obsKeys(auth, {
    transport: deps.transport,
    token: deps.temporaryKeyToken,
    iamEndpoint: upload.iamEndpoint,
    mask: deps.mask,
    now: deps.now,
    info: deps.info,
  });
  await keys.current();

  for (const [index, { file, address }] of planned.entries()) {
    const object = `${address.bucket}/${address.key}`;
    const which = planned.length > 1 ? ` (${index + 1} of ${planned.length})` : '';
    deps.info(`Uploading ${file.path} (${file.size} bytes) to ${obsUrl(object)}${which}`);
    const started = Date.now();
    try {
      const result = await uploadObject(address, file, {
        transport: deps.transport,
        // Keys asked for at each attempt: renewed when they near their end, as an earlier attempt may outlive them.
        authorize: async (request) => ({
          ...request,
          headers: obsAuthHeaders(request.method, request.headers, address.resource, await keys.current(), deps.now()),
        }),
        retry: deps.retry,
        attemptTimeoutMs: transferAttemptMs(deps.timeoutMs, file.size),
        log: deps.warning,
        sleep: deps.sleep,
        now: deps.now,
      });
      const encrypted = result.encryption ? `, encrypted by OBS (${result.encryption})` : '';
      deps.info(
        `Uploaded ${file.name} to ${obsUrl(object)}: ETag ${result.etag ?? '(none)'}${encrypted}, in ${Date.now() - started} ms`,
      );
      uploaded.push({ ...file, ...result });
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
      const before =
        uploaded.length > 0
          ? `; ${uploaded.map((done) => obsUrl(done.object)).join(', ')} ${uploaded.length === 1 ? 'was' : 'were'} uploaded before and nothing was imported`
          : '; nothing was imported';
      const failure = new ActionError(error.message, {
        status: error.status,
        code: error.code,
        serviceMessage: error.serviceMessage,
        requestId: error.requestId,
        hint: `${error.hint ? `${error.hint}` : 'the upload failed'}${before}`,
        cause: error,
      });
      return { uploaded, failed: { file, object, error: failure } };
    }
  }
  return { uploaded };
}
