/**
 * The import itself, from a validated plan: authorize, then import each ZIP (or folder) once, one after another.
 * A failure stops the run and is returned beside what was imported before it, so the outputs can still hold that.
 */

import { describeFilesBound } from '../action/deadline.ts';
import type { RunDeps } from '../action/deps.ts';
import { authenticate, dryRunAuthorizer } from '../auth/credentials.ts';
import { buildImportRequest, type ImportResult, importJobs } from '../dli/import.ts';
import { ActionError } from '../http/errors.ts';
import { formatRequest } from '../http/redact.ts';
import { DEFAULT_RETRY_POLICY } from '../http/retry.ts';
import { obsUrl } from '../obs/paths.ts';
import type { LocalZip } from '../obs/upload.ts';
import { importBound } from './bound.ts';
import type { ImportPlan } from './inputs.ts';
import { inspectLocalFiles } from './local-zips.ts';
import { type PlannedUpload, planUploads, runUploads, type UploadedZip } from './uploads.ts';

export interface ImportedZip extends ImportResult {
  zipFile: string;
}

export type ImportOutcome =
  | {
      dryRun: true;
      requests: { zipFile: string; request: string }[];
      /** With local-files: each checked file and where it would be uploaded. */
      uploads?: { file: LocalZip; object: string; url: string }[];
    }
  | {
      dryRun: false;
      /** The ZIPs DLI imported, in order. */
      imported: ImportedZip[];
      /** With local-files: the files uploaded, in order (all of them before the first import). */
      uploaded?: UploadedZip[];
      /** The ZIP that failed (to upload, or to import), after which nothing more was sent. */
      failed?: { zipFile: string; error: ActionError; stage?: 'upload' | 'import' };
    };

export async function runImport(plan: ImportPlan, deps: RunDeps): Promise<ImportOutcome> {
  // local-files: every file is checked (and hashed) before any request; each goes to <upload-dir>/<name>.
  let planned: PlannedUpload[] | undefined;
  if (plan.upload) {
    const files = await inspectLocalFiles(plan.upload.paths);
    planned = planUploads(files, plan.upload);
    if (!plan.dryRun)
      deps.info(
        describeFilesBound(
          importBound(plan),
          files.map((file) => file.size),
        ),
      );
  }
  const zipFiles = planned ? planned.map(({ address }) => `${address.bucket}/${address.key}`) : plan.zipFiles;
  const requests = zipFiles.map((zipFile) => ({
    zipFile,
    request: buildImportRequest(plan.endpoint, { projectId: plan.projectId, zipFile, overwrite: plan.overwrite }),
  }));
  if (plan.dryRun) {
    // A dry run calls nothing at all, not even IAM.
    const authorize = dryRunAuthorizer(plan.auth, deps.now);
    return {
      dryRun: true,
      requests: requests.map(({ zipFile, request }) => ({ zipFile, request: formatRequest(authorize(request)) })),
      uploads: planned?.map(({ file, address }) => ({
        file,
        object: `${address.bucket}/${address.key}`,
        url: address.url.href,
      })),
    };
  }
  // Authentication failures end the run before any upload or import, with nothing imported.
  const { authorize, temporaryKeyToken } = await authenticate(plan.auth, plan.projectId, deps, {
    obs: planned !== undefined,
  });
  let uploaded: UploadedZip[] | undefined;
  if (planned && plan.upload) {
    const result = await runUploads(planned, plan.upload, plan.auth, {
      ...deps,
      temporaryKeyToken,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: plan.maxAttempts },
      timeoutMs: plan.timeoutMs,
    });
    uploaded = result.uploaded;
    if (result.failed) {
      const { object, error } = result.failed;
      return { dryRun: false, imported: [], uploaded, failed: { zipFile: object, error, stage: 'upload' } };
    }
  }
  const imported: ImportedZip[] = [];
  for (const [index, { zipFile, request }] of requests.entries()) {
    const which = requests.length > 1 ? ` (${index + 1} of ${requests.length})` : '';
    deps.info(`Importing ${obsUrl(zipFile)}${which}`);
    try {
      imported.push({ zipFile, ...(await importJobs(deps.transport, authorize, request)) });
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
      const failed = { zipFile, error: describeFailure(error, zipFile, which, imported), stage: 'import' as const };
      return { dryRun: false, imported, uploaded, failed };
    }
  }
  return { dryRun: false, imported, uploaded };
}

/** Names the ZIP, says whether the import may have run anyway, and what the outputs still hold. */
function describeFailure(error: ActionError, zipFile: string, which: string, before: ImportedZip[]): ActionError {
  const notes = [error.hint];
  if (mayHaveReachedDli(error)) {
    notes.push(
      `the import may have run in DLI although the step could not confirm it, so it was not sent again: check the project's jobs in the DLI console before importing ${obsUrl(zipFile)} again`,
    );
  }
  if (before.length > 0) {
    notes.push(
      `${before.map((zip) => `${obsUrl(zip.zipFile)}`).join(', ')} ${before.length === 1 ? 'was' : 'were'} imported before; the outputs hold their jobs`,
    );
  }
  const summary = error.message.replace(/^DLI import failed/, `DLI import of ${obsUrl(zipFile)}${which} failed`);
  return new ActionError(summary === error.message ? `${obsUrl(zipFile)}${which}: ${summary}` : summary, {
    status: error.status,
    code: error.code,
    serviceMessage: error.serviceMessage,
    requestId: error.requestId,
    hint: notes.filter(Boolean).join('; '),
    cause: error,
  });
}

/**
 * Whether DLI may have run the import although the step got no answer it could use: a timeout, a reset connection,
 * a server error (5xx), or a success answer it could not read. Refused connections, unknown hosts, TLS and proxy
 * refusals never reached DLI; a 4xx (429 included) or `is_success: false` is DLI or its gateway saying it did not.
 */
export function mayHaveReachedDli(error: ActionError): boolean {
  if (error.status !== undefined) return error.status >= 500;
  if (error.notSent) return false;
  return !/is_success=false/.test(error.message);
}
