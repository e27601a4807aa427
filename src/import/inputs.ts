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
  readRawInputs,
  yamlBoolean,
} from '../action/inputs.ts';
import type { Env, ReadInput } from '../util/env.ts';
import { parseZipFiles } from './zip-files.ts';

export interface ImportPlan extends CommonPlan {
  /** `bucket/key` paths of ZIPs or folders, imported one after another in this order. */
  zipFiles: string[];
  /** Overwrite jobs of the same name (sent as `is_cover`). */
  overwrite: boolean;
}

/** The import's own inputs, beside the shared ones. */
export const IMPORT_INPUTS = ['zip-file', 'overwrite'];

function importSchema(selected: Parameters<typeof commonRules>[0]) {
  return z
    .object({
      ...commonFields,
      'zip-file': z
        .string({
          error:
            'is required: the OBS path of a ZIP or a folder of ZIPs (e.g. my-bucket/flink/v1.2.0), or a JSON array of them such as the export’s zip-files output',
        })
        .transform((value, ctx) => {
          const result = parseZipFiles(value);
          if (result.ok) return result.paths;
          for (const problem of result.problems) ctx.addIssue({ code: 'custom', message: problem });
          return z.NEVER;
        }),
      overwrite: yamlBoolean(),
    })
    .superRefine(commonRules(selected), { when: () => true })
    .transform(
      (inputs): ImportPlan => ({
        ...commonPlan(inputs, selected),
        zipFiles: inputs['zip-file'],
        overwrite: inputs.overwrite,
      }),
    );
}

export function parseImportInputs(readInput: ReadInput, env: Env): ParseResult<ImportPlan> {
  const raw = readRawInputs(readInput, env, IMPORT_INPUTS);
  return parseRaw(importSchema(raw.selected), raw);
}
