/**
 * The export's inputs -> a validated Plan, or every problem at once, each naming its input.
 * Built from the shared parts in action/inputs.ts plus the export's own inputs. Pure.
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
import { jobSelectionFields } from '../action/job-selection.ts';
import { type DownloadPlan, resolveDownload } from '../action/obs-inputs.ts';
import { parseObsDir } from '../obs/paths.ts';
import { releaseInputProblems } from '../release/event.ts';
import type { Env, ReadInput } from '../util/env.ts';

export interface Plan extends CommonPlan {
  obsDir: string;
  /** Exact decimal strings; with no names either, empty means "export every job of the project". */
  jobIds: string[];
  /** Exact job names, resolved through the job list. */
  jobNames: string[];
  /** Read the job list to show every exported job in the summary, also for "all jobs". */
  listExported: boolean;
  /** Download the exported ZIPs (`download-dir`); absent when off. */
  download?: DownloadPlan;
  /** `release-assets: true`: attach the downloaded files to the event's release, with this token. */
  releaseAssets?: { token: string };
}

/** The export's own inputs, beside the shared ones. */
const EXPORT_INPUTS = [
  'obs-dir',
  'job-ids',
  'job-names',
  'list-exported',
  'download-dir',
  'obs-endpoint',
  'release-assets',
  'github-token',
];

/** The export's own inputs that hold a secret, masked with the shared ones before any other work. */
export const EXPORT_SECRET_INPUTS = ['github-token'];

function inputSchema(selected: Parameters<typeof commonRules>[0], env: Env) {
  const mode = selected.ok ? selected.selection.mode : undefined;
  return z
    .object({
      ...commonFields,
      'obs-dir': z
        .string({ error: 'is required: the OBS bucket and folder for the export, e.g. my-bucket/dli/backups' })
        .transform((value, ctx) => {
          const result = parseObsDir(value);
          if (result.ok) return result.obsDir;
          ctx.addIssue({ code: 'custom', message: result.problem });
          return z.NEVER;
        }),
      ...jobSelectionFields,
      'list-exported': yamlBoolean(),
      'download-dir': z.string().optional(),
      'obs-endpoint': z.string().optional(),
      'release-assets': yamlBoolean(),
      // Read only with release-assets (tools such as local-action pass the default `${{ github.token }}` unexpanded).
      'github-token': z.string().optional(),
    })
    .superRefine(
      (inputs, ctx) => {
        commonRules(selected)(inputs, ctx);
        const download = resolveDownload(inputs, mode, env);
        for (const problem of download.ok ? [] : download.problems) {
          ctx.addIssue({ code: 'custom', path: [problem.input], message: problem.message });
        }
        // release-assets needs a release event, download-dir and a token.
        const on = inputs['release-assets'] === true;
        for (const problem of releaseInputProblems(
          on,
          env.GITHUB_EVENT_NAME,
          inputs['download-dir'],
          inputs['github-token'],
        )) {
          ctx.addIssue({ code: 'custom', path: [problem.input], message: problem.message });
        }
      },
      { when: () => true },
    )
    .transform(
      (inputs): Plan => ({
        ...commonPlan(inputs, selected),
        obsDir: inputs['obs-dir'],
        jobIds: inputs['job-ids'],
        jobNames: inputs['job-names'],
        listExported: inputs['list-exported'],
        download: downloadPlan(resolveDownload(inputs, mode, env)),
        releaseAssets: inputs['release-assets'] ? { token: inputs['github-token'] ?? '' } : undefined,
      }),
    );
}

function downloadPlan(result: ReturnType<typeof resolveDownload>): DownloadPlan | undefined {
  if (!result.ok) throw new Error('unreachable: checked above');
  return result.download;
}

export function parseInputs(readInput: ReadInput, env: Env): ParseResult<Plan> {
  const raw = readRawInputs(readInput, env, EXPORT_INPUTS);
  return parseRaw(inputSchema(raw.selected, env), raw);
}
