/**
 * Action inputs -> a validated Plan, or every problem at once, each naming its input.
 * Pure: it reads through the `readInput` function and the `env` object it is given, so tests pass plain values.
 */
import { z } from 'zod';
import { type Cloud, resolveDliEndpoint } from './endpoints.ts';
import { parseJobIds } from './job-ids.ts';
import { parseObsDir } from './obs-dir.ts';

export interface AccessKeyCredentials {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
  /** Where the keys came from, for the log: "inputs" or the environment variable family. */
  source: string;
}

export interface Plan {
  projectId: string;
  obsDir: string;
  /** Exact decimal strings; empty means "export every job of the project". */
  jobIds: string[];
  endpoint: URL;
  region?: string;
  cloud?: Cloud;
  credentials: AccessKeyCredentials;
  timeoutMs: number;
  dryRun: boolean;
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
} as const;

/**
 * Credentials come as one set from the first source that has an access key, so keys from one place are never
 * mixed with a (possibly stale) secret or security token from another.
 */
export const CREDENTIAL_SOURCES = [
  {
    source: 'inputs',
    accessKey: 'access-key',
    secretKey: 'secret-key',
    securityToken: 'security-token',
  },
  {
    source: 'HUAWEICLOUD_SDK_* environment variables',
    accessKey: 'HUAWEICLOUD_SDK_AK',
    secretKey: 'HUAWEICLOUD_SDK_SK',
    securityToken: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
  },
  {
    source: 'HUAWEI_CLOUD_* environment variables',
    accessKey: 'HUAWEI_CLOUD_ACCESS_KEY_ID',
    secretKey: 'HUAWEI_CLOUD_SECRET_ACCESS_KEY',
  },
  {
    source: 'OS_* environment variables',
    accessKey: 'OS_ACCESS_KEY',
    secretKey: 'OS_SECRET_KEY',
    securityToken: 'OS_SECURITY_TOKEN',
  },
] as const;

/** Every value that must be masked before anything is logged, whichever source ends up used. */
export function secretCandidates(readInput: ReadInput, env: Env): string[] {
  return CREDENTIAL_SOURCES.flatMap((family) => {
    const names = 'securityToken' in family ? [family.secretKey, family.securityToken] : [family.secretKey];
    return names.map((name) => (family.source === 'inputs' ? readInput(name) : env[name]) ?? '');
  })
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const NO_CONTROL_OR_SPACE = /^[^\s\u0000-\u001f\u007f]+$/;

function inputSchema(credentialSource: string) {
  return z
    .object({
      'project-id': z
        .string({
          error: 'is required: the project ID of the region (IAM console → My Credentials → Projects)',
        })
        .regex(PROJECT_ID, {
          error: 'must be a project ID: letters, digits, "-" or "_" (usually 32 hexadecimal characters)',
        }),
      'obs-dir': z
        .string({
          error: 'is required: the OBS bucket and folder for the export, e.g. my-bucket/dli/backups',
        })
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
      region: z.string().optional(),
      endpoint: z.string().optional(),
      'access-key': z
        .string()
        .regex(NO_CONTROL_OR_SPACE, {
          error: 'must not contain spaces or control characters',
        })
        .optional(),
      'secret-key': z
        .string()
        .regex(NO_CONTROL_OR_SPACE, {
          error: 'must not contain spaces or control characters',
        })
        .optional(),
      'security-token': z
        .string()
        .regex(NO_CONTROL_OR_SPACE, {
          error: 'must not contain spaces or control characters',
        })
        .optional(),
      'timeout-seconds': z
        .string()
        .regex(/^\d+$/, {
          error: 'must be a whole number of seconds from 1 to 600',
        })
        .transform(Number)
        .pipe(z.number().min(1, { error: 'must be at least 1' }).max(600, { error: 'must be at most 600' }))
        .default(60),
      'dry-run': z
        .string()
        .regex(/^(true|false)$/i, { error: 'must be true or false' })
        .transform((value) => value.toLowerCase() === 'true')
        .default(false),
    })
    .superRefine(
      (inputs, ctx) => {
        // Cross-field rules; `when` makes them run even when a field above failed, so every problem shows at once.
        const endpoint = resolveDliEndpoint(inputs.region, inputs.endpoint);
        if (!endpoint.ok)
          ctx.addIssue({
            code: 'custom',
            path: [endpoint.input],
            message: endpoint.problem,
          });
        const problem = missingCredential(inputs['access-key'], inputs['secret-key']);
        if (problem)
          ctx.addIssue({
            code: 'custom',
            path: [problem.input],
            message: problem.message,
          });
      },
      { when: () => true },
    )
    .transform((inputs): Plan => {
      const endpoint = resolveDliEndpoint(inputs.region, inputs.endpoint);
      if (!endpoint.ok) throw new Error('unreachable: endpoint checked above');
      return {
        projectId: inputs['project-id'],
        obsDir: inputs['obs-dir'],
        jobIds: inputs['job-ids'],
        endpoint: endpoint.url,
        region: endpoint.region,
        cloud: endpoint.cloud,
        credentials: {
          accessKey: inputs['access-key'] ?? '',
          secretKey: inputs['secret-key'] ?? '',
          securityToken: inputs['security-token'],
          source: credentialSource,
        },
        timeoutMs: inputs['timeout-seconds'] * 1000,
        dryRun: inputs['dry-run'],
      };
    });
}

function missingCredential(accessKey: string | undefined, secretKey: string | undefined): InputProblem | undefined {
  if (!accessKey && !secretKey) {
    return {
      input: 'access-key',
      message:
        'no credentials: set `access-key` and `secret-key` (from repository secrets), or the HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK, HUAWEI_CLOUD_ACCESS_KEY_ID/HUAWEI_CLOUD_SECRET_ACCESS_KEY or OS_ACCESS_KEY/OS_SECRET_KEY environment variables',
    };
  }
  if (!accessKey)
    return {
      input: 'access-key',
      message: 'is required when `secret-key` is set',
    };
  if (!secretKey)
    return {
      input: 'secret-key',
      message: 'is required when `access-key` is set',
    };
  return undefined;
}

export function parseInputs(readInput: ReadInput, env: Env): ParseResult {
  const raw: Record<string, string | undefined> = {};
  /** Where a value came from when it was not the input itself, to name it in problems. */
  const origin: Record<string, string> = {};
  const read = (name: string) => emptyToUndefined(readInput(name));

  for (const name of ['project-id', 'obs-dir', 'job-ids', 'endpoint', 'timeout-seconds', 'dry-run']) {
    raw[name] = read(name);
  }
  for (const [name, variables] of Object.entries(ENV_FALLBACKS)) {
    raw[name] = read(name);
    const fallback =
      raw[name] === undefined ? variables.find((variable) => emptyToUndefined(env[variable])) : undefined;
    if (fallback) {
      raw[name] = emptyToUndefined(env[fallback]);
      origin[name] = fallback;
    }
  }

  const credentials = pickCredentialSource(read, env);
  raw['access-key'] = credentials.accessKey;
  raw['secret-key'] = credentials.secretKey;
  raw['security-token'] = credentials.securityToken;
  if (credentials.source !== 'inputs') {
    for (const name of ['access-key', 'secret-key', 'security-token'] as const) origin[name] = credentials.names[name];
  }

  const result = inputSchema(credentials.source).safeParse(raw);
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((issue) => {
        const input = String(issue.path[0] ?? 'inputs');
        return {
          input: origin[input] ? `${input} (from ${origin[input]})` : input,
          message: issue.message,
        };
      }),
    };
  }
  return { ok: true, plan: result.data };
}

function pickCredentialSource(read: (name: string) => string | undefined, env: Env) {
  const family =
    CREDENTIAL_SOURCES.find((candidate) =>
      candidate.source === 'inputs'
        ? read(candidate.accessKey) !== undefined || read(candidate.secretKey) !== undefined
        : emptyToUndefined(env[candidate.accessKey]) !== undefined,
    ) ?? CREDENTIAL_SOURCES[0];
  const value = (name: string | undefined) =>
    name === undefined ? undefined : family.source === 'inputs' ? read(name) : emptyToUndefined(env[name]);
  const tokenName = 'securityToken' in family ? family.securityToken : undefined;
  return {
    source: family.source,
    accessKey: value(family.accessKey),
    secretKey: value(family.secretKey),
    securityToken: value(tokenName),
    names: {
      'access-key': family.accessKey,
      'secret-key': family.secretKey,
      'security-token': tokenName ?? '',
    },
  };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** One message listing every problem, each naming its input. */
export function describeProblems(problems: InputProblem[]): string {
  const lines = problems.map((problem) => `- ${problem.input}: ${problem.message}`);
  return `Invalid input${problems.length > 1 ? 's' : ''} (nothing was sent to DLI):\n${lines.join('\n')}`;
}
