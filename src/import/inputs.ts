/**
 * The import's inputs -> a validated ImportPlan, or every problem at once, each naming its input.
 * Built from the shared parts in inputs/common.ts plus `zip-file` and `overwrite`. Pure.
 */
import { z } from 'zod';
import {
  type CommonPlan,
  commonFields,
  commonPlan,
  commonRules,
  type ParseResult,
  parseRaw,
  type RawInputs,
  readRawInputs,
  yamlBoolean,
} from '../action/inputs.ts';
import { resolveObsAccess } from '../action/obs-inputs.ts';
import { parseObsDir } from '../obs/paths.ts';
import type { Env, ReadInput } from '../util/env.ts';
import { parseLocalFiles, type UploadPlan } from './local-files.ts';
import { parseZipFiles } from './zip-files.ts';

export interface ImportPlan extends CommonPlan {
  /** `bucket/key` paths of ZIPs or folders, imported one after another in this order; empty with `local-files`. */
  zipFiles: string[];
  /** Overwrite jobs of the same name (sent as `is_cover`). */
  overwrite: boolean;
  /** `local-files`: upload these to `upload-dir` first, then import each uploaded object. */
  upload?: UploadPlan;
}

/** The import's own inputs, beside the shared ones. */
export const IMPORT_INPUTS = ['zip-file', 'overwrite', 'local-files', 'upload-dir', 'obs-endpoint'];

const WHAT_TO_IMPORT =
  'the OBS path of a ZIP or a folder of ZIPs (e.g. my-bucket/flink/v1.2.0), or a JSON array of them such as the export’s zip-files output';

function importSchema(raw: RawInputs, env: Env) {
  const { selected } = raw;
  const mode = selected.ok ? selected.selection.mode : undefined;
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  return z
    .object({
      ...commonFields,
      'zip-file': z
        .string()
        .optional()
        .transform((value, ctx) => {
          if (value === undefined) return [];
          const result = parseZipFiles(value);
          if (result.ok) return result.paths;
          for (const problem of result.problems) ctx.addIssue({ code: 'custom', message: problem });
          return z.NEVER;
        }),
      'local-files': z
        .string()
        .optional()
        .transform((value, ctx) => {
          if (value === undefined) return undefined;
          const result = parseLocalFiles(value, workspace);
          if (result.ok) return result.paths;
          for (const problem of result.problems) ctx.addIssue({ code: 'custom', message: problem });
          return z.NEVER;
        }),
      'upload-dir': z
        .string()
        .optional()
        .transform((value, ctx) => {
          if (value === undefined) return undefined;
          const result = parseObsDir(value);
          if (result.ok) return result.obsDir;
          ctx.addIssue({ code: 'custom', message: result.problem });
          return z.NEVER;
        }),
      'obs-endpoint': z.string().optional(),
      overwrite: yamlBoolean(),
    })
    .superRefine(
      (inputs, ctx) => {
        commonRules(selected)(inputs, ctx);
        for (const problem of sourceProblems(raw.values)) ctx.addIssue({ code: 'custom', ...problem });
        // Only when both parsed (a failed transform leaves no usable value here): their own problems come first.
        if (!Array.isArray(inputs['local-files']) || typeof inputs['upload-dir'] !== 'string') return;
        const access = uploadAccess(inputs, mode);
        for (const problem of access.ok ? [] : access.problems) {
          ctx.addIssue({ code: 'custom', path: [problem.input], message: problem.message });
        }
      },
      { when: () => true },
    )
    .transform((inputs): ImportPlan => {
      const paths = inputs['local-files'];
      const dir = inputs['upload-dir'];
      const access = paths && dir ? uploadAccess(inputs, mode) : undefined;
      if (access && !access.ok) throw new Error('unreachable: checked above');
      return {
        ...commonPlan(inputs, selected),
        zipFiles: inputs['zip-file'],
        overwrite: inputs.overwrite,
        upload: paths && dir && access ? { paths, dir, ...access.access } : undefined,
      };
    });
}

function uploadAccess(inputs: { 'upload-dir'?: string; 'obs-endpoint'?: string; region?: string }, mode?: string) {
  const bucket = inputs['upload-dir']?.split('/')[0];
  return resolveObsAccess(inputs, mode, { bucket, bucketInput: 'upload-dir', purpose: 'upload' });
}

/** Exactly one of `zip-file` and `local-files`; `upload-dir` with `local-files` only. From the raw values. */
function sourceProblems(inputs: Record<string, string | undefined>): { path: string[]; message: string }[] {
  const zip = inputs['zip-file'] !== undefined;
  const local = inputs['local-files'] !== undefined;
  if (zip && local) {
    return [
      {
        path: ['local-files'],
        message:
          'give either zip-file (ZIPs already in OBS) or local-files (ZIPs on the runner, uploaded first), not both',
      },
    ];
  }
  if (!zip && !local) {
    return [{ path: ['zip-file'], message: `is required (or local-files): ${WHAT_TO_IMPORT}` }];
  }
  if (local && inputs['upload-dir'] === undefined) {
    return [
      {
        path: ['upload-dir'],
        message:
          'is required with local-files: the OBS folder to upload them to, as bucket/folder (e.g. my-bucket/dli/restore), in the region DLI imports from',
      },
    ];
  }
  if (!local && inputs['upload-dir'] !== undefined) {
    return [{ path: ['upload-dir'], message: 'is used only with local-files, which is not set' }];
  }
  return [];
}

export function parseImportInputs(readInput: ReadInput, env: Env): ParseResult<ImportPlan> {
  const raw = readRawInputs(readInput, env, IMPORT_INPUTS);
  return parseRaw(importSchema(raw, env), raw);
}
