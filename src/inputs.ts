/**
 * Action inputs -> a validated Plan, or every problem at once, each naming its input.
 * Pure: it reads through the `readInput` function and the `env` object it is given, so tests pass plain values.
 */
import { z } from 'zod';
import { type AuthField, MODE_NAMES, type SelectResult, secretValues, selectAuth } from './auth/select.ts';
import { type Cloud, resolveDliEndpoint, resolveIamEndpoint } from './endpoints.ts';
import { parseJobIds } from './job-ids.ts';
import { parseJobNames } from './job-names.ts';
import { parseObsDir } from './obs-dir.ts';
import { releaseInputProblems } from './release/event.ts';

/** How DLI calls are authorized; `source` is "inputs" or the environment source, for the log. */
export type AuthPlan =
  | { mode: 'access-key'; source: string; accessKey: string; secretKey: string; securityToken?: string }
  | { mode: 'auth-token'; source: string; token: string }
  | { mode: 'password'; source: string; username: string; password: string; domainName: string; iamEndpoint: URL }
  | { mode: 'oidc'; source: string; identityProvider: string; audience?: string; iamEndpoint: URL };

export interface Plan {
  projectId: string;
  obsDir: string;
  /** Exact decimal strings; with no names either, empty means "export every job of the project". */
  jobIds: string[];
  /** Exact job names, resolved through the job list. */
  jobNames: string[];
  /** Read the job list to show every exported job in the summary, also for "all jobs". */
  listExported: boolean;
  endpoint: URL;
  region?: string;
  cloud?: Cloud;
  auth: AuthPlan;
  timeoutMs: number;
  maxAttempts: number;
  dryRun: boolean;
  /** `download-dir` as given (read here only for the release-assets rule until the download step is merged). */
  downloadDir?: string;
  /** `release-assets: true`: attach the downloaded files to the event's release, with this token. */
  releaseAssets?: { token: string };
}

export interface InputProblem {
  input: string;
  message: string;
}

export type ParseResult = { ok: true; plan: Plan } | { ok: false; problems: InputProblem[] };

export type Env = Readonly<Record<string, string | undefined>>;
/** Returns the input's value, or '' when it is not set (what `core.getInput` does). */
export type ReadInput = (name: string) => string;

/** Conventional environment variables consulted when an input is empty; the input always wins. */
export const ENV_FALLBACKS = {
  'project-id': ['HUAWEICLOUD_SDK_PROJECT_ID', 'HUAWEI_CLOUD_PROJECT_ID', 'OS_PROJECT_ID'],
  region: ['HUAWEICLOUD_SDK_REGION', 'HUAWEI_CLOUD_REGION', 'OS_REGION_NAME'],
  'iam-endpoint': ['HUAWEICLOUD_SDK_IAM_ENDPOINT'],
} as const;

const PLAIN_INPUTS = [
  'project-id',
  'obs-dir',
  'job-ids',
  'job-names',
  'region',
  'endpoint',
  'iam-endpoint',
  'timeout-seconds',
  'max-attempts',
  'dry-run',
  'list-exported',
  'download-dir',
  'release-assets',
  'github-token',
];

/** Every secret among the inputs and the conventional environment variables, to mask before any other work. */
export function secretCandidates(readInput: ReadInput, env: Env): string[] {
  const githubToken = emptyToUndefined(readInput('github-token'));
  return [
    ...secretValues(
      (name) => emptyToUndefined(readInput(name)),
      (name) => emptyToUndefined(env[name]),
    ),
    ...(githubToken ? [githubToken] : []),
  ];
}

const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const noSpaces = () =>
  z.string().regex(/^[^\s\u0000-\u001f\u007f]+$/, { error: 'must not contain spaces or control characters' });
const noControl = () => z.string().regex(/^[^\u0000-\u001f\u007f]+$/, { error: 'must not contain control characters' });

/** A whole number in [min, max], `fallback` when the input is empty. */
const wholeNumber = (min: number, max: number, fallback: number, unit?: string) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    )
    .default(fallback);

/** true/false in any case, as YAML 1.2 reads them; anything else is an error. */
const yamlBoolean = () =>
  z
    .string()
    .regex(/^(true|false)$/i, { error: 'must be true or false' })
    .transform((value) => value.toLowerCase() === 'true')
    .default(false);

/** Which fields each mode needs, and what to say when one is missing. */
const REQUIRED_FIELDS = {
  'access-key': ['access-key', 'secret-key'],
  'auth-token': ['auth-token'],
  password: ['username', 'password', 'domain-name'],
  oidc: ['identity-provider'],
} as const satisfies Record<AuthPlan['mode'], readonly AuthField[]>;

function inputSchema(selected: SelectResult, eventName: string | undefined) {
  const selection = selected.ok ? selected.selection : undefined;
  return z
    .object({
      'project-id': z
        .string({ error: 'is required: the project ID of the region (IAM console → My Credentials → Projects)' })
        .regex(PROJECT_ID, {
          error: 'must be a project ID: letters, digits, "-" or "_" (usually 32 hexadecimal characters)',
        }),
      'obs-dir': z
        .string({ error: 'is required: the OBS bucket and folder for the export, e.g. my-bucket/dli/backups' })
        .transform((value, ctx) => {
          const result = parseObsDir(value);
          if (result.ok) return result.obsDir;
          ctx.addIssue({ code: 'custom', message: result.problem });
          return z.NEVER;
        }),
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
          // DLI job names have at most 57 characters (list API reference), so a longer one cannot match.
          for (const name of names.filter((candidate) => [...candidate].length > 57)) {
            ctx.addIssue({
              code: 'custom',
              message: `${JSON.stringify(name)} is longer than the 57 characters of a DLI job name`,
            });
          }
          return names;
        }),
      region: z.string().optional(),
      endpoint: z.string().optional(),
      'iam-endpoint': z.string().optional(),
      'access-key': noSpaces().optional(),
      'secret-key': noSpaces().optional(),
      'security-token': noSpaces().optional(),
      'auth-token': noSpaces().optional(),
      username: noControl().optional(),
      password: noControl().optional(),
      'domain-name': noControl().optional(),
      'identity-provider': z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be the identity provider ID: letters, digits, "-" or "_"' })
        .optional(),
      'oidc-audience': noSpaces().optional(),
      'timeout-seconds': wholeNumber(1, 600, 60, 'seconds'),
      'max-attempts': wholeNumber(1, 10, 3),
      'dry-run': yamlBoolean(),
      'list-exported': yamlBoolean(),
      'download-dir': z.string().optional(),
      'release-assets': yamlBoolean(),
      'github-token': noSpaces().optional(),
    })
    .superRefine(
      (inputs, ctx) => {
        // Cross-field rules; `when` makes them run even when a field above failed, so every problem shows at once.
        const endpoint = resolveDliEndpoint(inputs.region, inputs.endpoint);
        if (!endpoint.ok) ctx.addIssue({ code: 'custom', path: [endpoint.input], message: endpoint.problem });
        // release-assets needs a release event, download-dir and a token.
        const on = inputs['release-assets'] === true;
        const release = releaseInputProblems(on, eventName, inputs['download-dir'], inputs['github-token']);
        for (const problem of release)
          ctx.addIssue({ code: 'custom', path: [problem.input], message: problem.message });
        if (!selection) {
          if (!selected.ok) ctx.addIssue({ code: 'custom', path: [selected.input], message: selected.problem });
          return;
        }
        const required: readonly AuthField[] = REQUIRED_FIELDS[selection.mode];
        const missing = required.filter((field) => !inputs[field]);
        for (const field of missing) {
          const others = required.filter((other) => other !== field).map((other) => `\`${other}\``);
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: `is required for ${MODE_NAMES[selection.mode]} authentication (with ${others.join(' and ')})`,
          });
        }
        if (selection.mode === 'password' || selection.mode === 'oidc') {
          const iam = resolveIamEndpoint(inputs.region, inputs['iam-endpoint']);
          if (!iam.ok) ctx.addIssue({ code: 'custom', path: ['iam-endpoint'], message: iam.problem });
        }
      },
      { when: () => true },
    )
    .transform((inputs): Plan => {
      const endpoint = resolveDliEndpoint(inputs.region, inputs.endpoint);
      if (!endpoint.ok || !selection) throw new Error('unreachable: checked above');
      return {
        projectId: inputs['project-id'],
        obsDir: inputs['obs-dir'],
        jobIds: inputs['job-ids'],
        jobNames: inputs['job-names'],
        listExported: inputs['list-exported'],
        endpoint: endpoint.url,
        region: endpoint.region,
        cloud: endpoint.cloud,
        auth: authPlan(selection.mode, selection.source, inputs),
        timeoutMs: inputs['timeout-seconds'] * 1000,
        maxAttempts: inputs['max-attempts'],
        dryRun: inputs['dry-run'],
        downloadDir: inputs['download-dir'],
        releaseAssets: inputs['release-assets'] ? { token: inputs['github-token'] ?? '' } : undefined,
      };
    });
}

/** Builds the mode's plan from fields the schema has already checked. */
function authPlan(
  mode: AuthPlan['mode'],
  source: string,
  inputs: Partial<Record<AuthField | 'region' | 'iam-endpoint', string>>,
): AuthPlan {
  const value = (field: AuthField) => inputs[field] ?? '';
  const iamEndpoint = () => {
    const iam = resolveIamEndpoint(inputs.region, inputs['iam-endpoint']);
    if (!iam.ok) throw new Error('unreachable: checked above');
    return iam.url;
  };
  switch (mode) {
    case 'access-key':
      return {
        mode,
        source,
        accessKey: value('access-key'),
        secretKey: value('secret-key'),
        securityToken: inputs['security-token'],
      };
    case 'auth-token':
      return { mode, source, token: value('auth-token') };
    case 'password':
      return {
        mode,
        source,
        username: value('username'),
        password: value('password'),
        domainName: value('domain-name'),
        iamEndpoint: iamEndpoint(),
      };
    case 'oidc':
      return {
        mode,
        source,
        identityProvider: value('identity-provider'),
        audience: inputs['oidc-audience'],
        iamEndpoint: iamEndpoint(),
      };
  }
}

export function parseInputs(readInput: ReadInput, env: Env): ParseResult {
  const read = (name: string) => emptyToUndefined(readInput(name));
  const readEnv = (name: string) => emptyToUndefined(env[name]);
  const raw: Record<string, string | undefined> = {};
  /** Where a value came from when it was not the input itself, to name it in problems. */
  const origin: Record<string, string> = {};

  for (const name of PLAIN_INPUTS) raw[name] = read(name);
  for (const [name, variables] of Object.entries(ENV_FALLBACKS)) {
    if (raw[name] !== undefined) continue;
    const fallback = variables.find((variable) => readEnv(variable) !== undefined);
    if (fallback) {
      raw[name] = readEnv(fallback);
      origin[name] = fallback;
    }
  }

  const selected = selectAuth(read, readEnv);
  if (selected.ok) {
    Object.assign(raw, selected.selection.values);
    Object.assign(origin, selected.selection.origins);
  }

  const result = inputSchema(selected, readEnv('GITHUB_EVENT_NAME')).safeParse(raw);
  if (result.success) return { ok: true, plan: result.data };
  const problems = result.error.issues.map((issue) => {
    const input = String(issue.path[0] ?? 'inputs');
    return { input: origin[input] ? `${input} (from ${origin[input]})` : input, message: issue.message };
  });
  return { ok: false, problems };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** One message listing every problem, each naming its input. */
export function describeProblems(problems: InputProblem[]): string {
  const lines = problems.map((problem) => `- ${problem.input}: ${problem.message}`);
  return `Invalid input${problems.length > 1 ? 's' : ''} (nothing was sent):\n${lines.join('\n')}`;
}
