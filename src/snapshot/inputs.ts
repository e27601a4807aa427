/**
 * The snapshot's inputs -> a validated SnapshotPlan, or every problem at once, each naming its input.
 * Built from the shared parts (action/inputs.ts, action/job-selection.ts) plus `path` and `fail-on-drift`. Pure.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
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
import { jobSelectionFields } from '../action/job-selection.ts';
import type { Env, ReadInput } from '../util/env.ts';

export interface SnapshotPlan extends CommonPlan {
  /** Exact decimal strings; with no names either, every Flink job of the project. */
  jobIds: string[];
  jobNames: string[];
  /** The folder for the files, absolute, inside `workspace`. */
  folder: string;
  /** `path` as given (relative to the workspace), for messages. */
  path: string;
  workspace: string;
  failOnDrift: boolean;
}

export const SNAPSHOT_INPUTS = ['job-ids', 'job-names', 'path', 'fail-on-drift'];
export const DEFAULT_PATH = 'dli-jobs';

export type FolderResult = { ok: true; folder: string; path: string } | { ok: false; problem: string };

/** `path` relative to the workspace, which it must not leave. Pure: symbolic links are checked when writing. */
export function resolveFolder(path: string, workspace: string | undefined): FolderResult {
  if (workspace === undefined || workspace.trim() === '') {
    return { ok: false, problem: 'needs GITHUB_WORKSPACE, which the runner sets: run the step in a GitHub job' };
  }
  if (/[\u0000-\u001f\u007f]/.test(path)) return { ok: false, problem: 'must not contain control characters' };
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path) || path.startsWith('\\')) {
    return { ok: false, problem: `must be relative to the workspace (GITHUB_WORKSPACE), e.g. ${DEFAULT_PATH}` };
  }
  const folder = resolve(workspace, path);
  const inside = relative(resolve(workspace), folder);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return {
      ok: false,
      problem: `must stay inside the workspace (GITHUB_WORKSPACE); ${JSON.stringify(path)} leaves it`,
    };
  }
  return { ok: true, folder, path: inside === '' ? '.' : inside.split(sep).join('/') };
}

function snapshotSchema(selected: Parameters<typeof commonRules>[0], env: Env) {
  return z
    .object({
      ...commonFields,
      ...jobSelectionFields,
      path: z
        .string()
        .default(DEFAULT_PATH)
        .transform((value, ctx) => {
          const result = resolveFolder(value, env.GITHUB_WORKSPACE);
          if (result.ok) return result;
          ctx.addIssue({ code: 'custom', message: result.problem });
          return z.NEVER;
        }),
      'fail-on-drift': yamlBoolean(),
    })
    .superRefine(commonRules(selected), { when: () => true })
    .transform(
      (inputs): SnapshotPlan => ({
        ...commonPlan(inputs, selected),
        jobIds: inputs['job-ids'],
        jobNames: inputs['job-names'],
        folder: inputs.path.folder,
        path: inputs.path.path,
        workspace: resolve(env.GITHUB_WORKSPACE ?? ''),
        failOnDrift: inputs['fail-on-drift'],
      }),
    );
}

export function parseSnapshotInputs(readInput: ReadInput, env: Env): ParseResult<SnapshotPlan> {
  const raw = readRawInputs(readInput, env, SNAPSHOT_INPUTS);
  return parseRaw(snapshotSchema(raw.selected, env), raw);
}
