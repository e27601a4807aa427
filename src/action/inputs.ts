/**
 * The inputs both actions share (project, region and endpoints, authentication, timeouts, retries, dry run) with
 * their environment fallbacks, as parts each action's zod schema is built from. Every problem is collected at once,
 * each naming its input. Pure: it reads through the `readInput` function and the `env` object it is given.
 */
import { z } from 'zod';
import { AUTH_FIELDS, AUTH_MODES, type AuthField, type AuthPlan } from '../auth/modes.ts';
import { type SelectResult, secretValues, selectAuth } from '../auth/select.ts';
import { type Cloud, resolveDliEndpoint, resolveIamEndpoint } from '../cloud/endpoints.ts';
import type { Env, ReadInput } from '../util/env.ts';

/** What both actions' plans hold: where to call DLI, how to authenticate, and how patiently. */
export interface CommonPlan {
  projectId: string;
  endpoint: URL;
  region?: string;
  cloud?: Cloud;
  auth: AuthPlan;
  timeoutMs: number;
  maxAttempts: number;
  dryRun: boolean;
}

export interface InputProblem {
  input: string;
  message: string;
}

export type ParseResult<P> = { ok: true; plan: P } | { ok: false; problems: InputProblem[] };

/** Conventional environment variables consulted when an input is empty; the input always wins. */
export const ENV_FALLBACKS = {
  'project-id': ['HUAWEICLOUD_SDK_PROJECT_ID', 'HUAWEI_CLOUD_PROJECT_ID', 'OS_PROJECT_ID'],
  region: ['HUAWEICLOUD_SDK_REGION', 'HUAWEI_CLOUD_REGION', 'OS_REGION_NAME'],
  'iam-endpoint': ['HUAWEICLOUD_SDK_IAM_ENDPOINT'],
} as const;

/** The shared inputs other than authentication (whose fields come with the selected mode). */
export const COMMON_INPUTS = [
  'project-id',
  'region',
  'endpoint',
  'iam-endpoint',
  'timeout-seconds',
  'max-attempts',
  'dry-run',
] as const;

/** Every input both actions declare, in no particular order. */
export const SHARED_INPUTS: readonly string[] = [...COMMON_INPUTS, ...AUTH_FIELDS];

/** Every secret among the inputs and the conventional environment variables, to mask before any other work. */
export function secretCandidates(readInput: ReadInput, env: Env): string[] {
  return secretValues(
    (name) => emptyToUndefined(readInput(name)),
    (name) => emptyToUndefined(env[name]),
  );
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
export const yamlBoolean = () =>
  z
    .string()
    .regex(/^(true|false)$/i, { error: 'must be true or false' })
    .transform((value) => value.toLowerCase() === 'true')
    .default(false);

/** The shared fields of each action's schema. */
export const commonFields = {
  'project-id': z
    .string({ error: 'is required: the project ID of the region (IAM console → My Credentials → Projects)' })
    .regex(PROJECT_ID, {
      error: 'must be a project ID: letters, digits, "-" or "_" (usually 32 hexadecimal characters)',
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
};

type CommonInputs = z.output<z.ZodObject<typeof commonFields>>;

/**
 * Cross-field rules of the shared inputs (endpoint, authentication): pass to `superRefine` with
 * `{ when: () => true }`, so they run even when a field failed and every problem shows at once.
 */
export function commonRules(selected: SelectResult) {
  return (inputs: Partial<CommonInputs>, ctx: z.RefinementCtx): void => {
    const endpoint = resolveDliEndpoint(inputs.region, inputs.endpoint);
    if (!endpoint.ok) ctx.addIssue({ code: 'custom', path: [endpoint.input], message: endpoint.problem });
    if (!selected.ok) {
      ctx.addIssue({ code: 'custom', path: [selected.input], message: selected.problem });
      return;
    }
    const { mode } = selected.selection;
    const required = AUTH_MODES[mode].required;
    const missing = required.filter((field) => !inputs[field]);
    for (const field of missing) {
      const others = required.filter((other) => other !== field).map((other) => `\`${other}\``);
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `is required for ${AUTH_MODES[mode].name} authentication (with ${others.join(' and ')})`,
      });
    }
    if (AUTH_MODES[mode].usesIam) {
      const iam = resolveIamEndpoint(inputs.region, inputs['iam-endpoint']);
      if (!iam.ok) ctx.addIssue({ code: 'custom', path: ['iam-endpoint'], message: iam.problem });
    }
  };
}

/** The shared part of a plan, from inputs `commonRules` has accepted. */
export function commonPlan(inputs: CommonInputs, selected: SelectResult): CommonPlan {
  const endpoint = resolveDliEndpoint(inputs.region, inputs.endpoint);
  if (!endpoint.ok || !selected.ok) throw new Error('unreachable: checked by commonRules');
  return {
    projectId: inputs['project-id'],
    endpoint: endpoint.url,
    region: endpoint.region,
    cloud: endpoint.cloud,
    auth: authPlan(selected.selection.mode, selected.selection.source, inputs),
    timeoutMs: inputs['timeout-seconds'] * 1000,
    maxAttempts: inputs['max-attempts'],
    dryRun: inputs['dry-run'],
  };
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

/** The raw values a schema parses, where each came from, and the authentication mode chosen. */
export interface RawInputs {
  values: Record<string, string | undefined>;
  /** Where a value came from when it was not the input itself, to name it in problems. */
  origin: Record<string, string>;
  selected: SelectResult;
}

/** Reads the shared inputs and `ownInputs` (empty means unset), with the environment fallbacks. */
export function readRawInputs(readInput: ReadInput, env: Env, ownInputs: readonly string[]): RawInputs {
  const read = (name: string) => emptyToUndefined(readInput(name));
  const readEnv = (name: string) => emptyToUndefined(env[name]);
  const values: Record<string, string | undefined> = {};
  const origin: Record<string, string> = {};

  for (const name of [...ownInputs, ...COMMON_INPUTS]) values[name] = read(name);
  for (const [name, variables] of Object.entries(ENV_FALLBACKS)) {
    if (values[name] !== undefined) continue;
    const fallback = variables.find((variable) => readEnv(variable) !== undefined);
    if (fallback) {
      values[name] = readEnv(fallback);
      origin[name] = fallback;
    }
  }

  const selected = selectAuth(read, readEnv);
  if (selected.ok) {
    Object.assign(values, selected.selection.values);
    Object.assign(origin, selected.selection.origins);
  }
  return { values, origin, selected };
}

/** Parses `raw` with an action's schema: its plan, or every problem, each naming its input (and variable). */
export function parseRaw<P>(schema: z.ZodType<P>, raw: RawInputs): ParseResult<P> {
  const result = schema.safeParse(raw.values);
  if (result.success) return { ok: true, plan: result.data };
  const problems = result.error.issues.map((issue) => {
    const input = String(issue.path[0] ?? 'inputs');
    return { input: raw.origin[input] ? `${input} (from ${raw.origin[input]})` : input, message: issue.message };
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

/**
 * An input given as a JSON array of strings (e.g. another step's output), or what is wrong with it; `what` names
 * the strings expected, e.g. "OBS paths (strings), like the export’s zip-files output".
 */
export function jsonStrings(
  text: string,
  what: string,
): { ok: true; items: string[] } | { ok: false; problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `looks like a JSON array but is not valid JSON (${(error as Error).message})` };
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    return { ok: false, problem: `must be a JSON array of ${what}` };
  }
  return { ok: true, items: parsed };
}
