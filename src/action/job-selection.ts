/**
 * The `job-ids` and `job-names` inputs as zod fields, shared by the actions that select jobs (export, snapshot).
 * Both empty selects every Flink job of the project. Pure.
 */
import { z } from 'zod';
import { parseJobIds } from './job-ids.ts';
import { parseJobNames } from './job-names.ts';

/** DLI job names have at most 57 characters (list API reference), so a longer one cannot match. */
export const MAX_JOB_NAME_LENGTH = 57;

export const jobSelectionFields = {
  'job-ids': z
    .string()
    .optional()
    .transform((value, ctx) => {
      const result = parseJobIds(value);
      if (result.ok) return result.ids;
      for (const problem of result.problems) ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }),
  'job-names': z
    .string()
    .optional()
    .transform((value, ctx) => {
      const names = parseJobNames(value);
      for (const name of names.filter((candidate) => [...candidate].length > MAX_JOB_NAME_LENGTH)) {
        ctx.addIssue({
          code: 'custom',
          message: `${JSON.stringify(name)} is longer than the ${MAX_JOB_NAME_LENGTH} characters of a DLI job name`,
        });
      }
      return names;
    }),
};
