/**
 * Which authentication mode applies, and where its values come from. Pure.
 *
 * The rule (documented in the README):
 * 1. A mode is "given as inputs" when any of its inputs is set. Two such modes are an error naming both.
 *    Exactly one: it is used, with its values from the inputs only.
 * 2. Otherwise the first environment source that is set wins, in this order: OpenID Connect
 *    (HUAWEICLOUD_SDK_IDP_ID), a supplied token (OS_AUTH_TOKEN), password (OS_USERNAME/OS_PASSWORD), then access
 *    keys (HUAWEICLOUD_SDK_*, HUAWEI_CLOUD_*, OS_*).
 * Values always come as one set from one source, so keys from one place are never mixed with a secret or token
 * from another.
 */

export type AuthMode = 'oidc' | 'auth-token' | 'password' | 'access-key';

export const MODE_NAMES: Record<AuthMode, string> = {
  oidc: 'OpenID Connect (keyless)',
  'auth-token': 'supplied IAM token',
  password: 'IAM password',
  'access-key': 'access key',
};

/** The field names a mode uses; each maps to an input of the same name. */
export type AuthField =
  | 'identity-provider'
  | 'oidc-audience'
  | 'auth-token'
  | 'username'
  | 'password'
  | 'domain-name'
  | 'access-key'
  | 'secret-key'
  | 'security-token';

/** Inputs that select a mode when set (oidc-audience and security-token only refine a mode). */
export const MODE_INPUTS: Record<AuthMode, readonly AuthField[]> = {
  oidc: ['identity-provider'],
  'auth-token': ['auth-token'],
  password: ['username', 'password', 'domain-name'],
  'access-key': ['access-key', 'secret-key', 'security-token'],
};

const MODE_FIELDS: Record<AuthMode, readonly AuthField[]> = {
  ...MODE_INPUTS,
  oidc: ['identity-provider', 'oidc-audience'],
};

/** One environment source: field -> the variable(s) it is read from (first set wins). */
interface EnvSource {
  mode: AuthMode;
  label: string;
  /** The source is chosen when this variable is set. */
  trigger: readonly string[];
  fields: Partial<Record<AuthField, readonly string[]>>;
}

export const ENV_SOURCES: readonly EnvSource[] = [
  {
    mode: 'oidc',
    label: 'HUAWEICLOUD_SDK_IDP_ID',
    trigger: ['HUAWEICLOUD_SDK_IDP_ID'],
    fields: { 'identity-provider': ['HUAWEICLOUD_SDK_IDP_ID'] },
  },
  {
    mode: 'auth-token',
    label: 'OS_AUTH_TOKEN',
    trigger: ['OS_AUTH_TOKEN'],
    fields: { 'auth-token': ['OS_AUTH_TOKEN'] },
  },
  {
    mode: 'password',
    label: 'OS_USERNAME/OS_PASSWORD',
    trigger: ['OS_USERNAME', 'OS_PASSWORD'],
    fields: {
      username: ['OS_USERNAME'],
      password: ['OS_PASSWORD'],
      'domain-name': ['OS_USER_DOMAIN_NAME', 'OS_DOMAIN_NAME'],
    },
  },
  {
    mode: 'access-key',
    label: 'HUAWEICLOUD_SDK_* environment variables',
    trigger: ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'],
    fields: {
      'access-key': ['HUAWEICLOUD_SDK_AK'],
      'secret-key': ['HUAWEICLOUD_SDK_SK'],
      'security-token': ['HUAWEICLOUD_SDK_SECURITY_TOKEN'],
    },
  },
  {
    mode: 'access-key',
    label: 'HUAWEI_CLOUD_* environment variables',
    trigger: ['HUAWEI_CLOUD_ACCESS_KEY_ID', 'HUAWEI_CLOUD_SECRET_ACCESS_KEY'],
    fields: { 'access-key': ['HUAWEI_CLOUD_ACCESS_KEY_ID'], 'secret-key': ['HUAWEI_CLOUD_SECRET_ACCESS_KEY'] },
  },
  {
    mode: 'access-key',
    label: 'OS_* environment variables',
    trigger: ['OS_ACCESS_KEY', 'OS_SECRET_KEY'],
    fields: {
      'access-key': ['OS_ACCESS_KEY'],
      'secret-key': ['OS_SECRET_KEY'],
      'security-token': ['OS_SECURITY_TOKEN'],
    },
  },
];

/** Fields whose values are secrets and must be masked before anything is logged. */
export const SECRET_FIELDS: readonly AuthField[] = ['auth-token', 'password', 'secret-key', 'security-token'];

export type Read = (name: string) => string | undefined;

export interface AuthSelection {
  mode: AuthMode;
  /** "inputs" or the environment source's label. */
  source: string;
  values: Partial<Record<AuthField, string>>;
  /** For values from the environment: field -> the variable it came from (to name it in problems). */
  origins: Partial<Record<AuthField, string>>;
}

export type SelectResult = { ok: true; selection: AuthSelection } | { ok: false; input: string; problem: string };

export function selectAuth(readInput: Read, readEnv: Read): SelectResult {
  const given = (Object.keys(MODE_INPUTS) as AuthMode[]).filter((mode) =>
    MODE_INPUTS[mode].some((field) => readInput(field) !== undefined),
  );
  if (given.length > 1) {
    const described = given.map((mode) => {
      const set = MODE_INPUTS[mode].filter((field) => readInput(field) !== undefined);
      return `${MODE_NAMES[mode]} (${set.join(', ')})`;
    });
    return {
      ok: false,
      input: 'authentication',
      problem: `inputs for more than one authentication mode were given: ${described.join(' and ')}; keep only one`,
    };
  }
  const [inputMode] = given;
  if (inputMode) {
    const values = Object.fromEntries(MODE_FIELDS[inputMode].map((field) => [field, readInput(field)]));
    return { ok: true, selection: { mode: inputMode, source: 'inputs', values, origins: {} } };
  }

  const source = ENV_SOURCES.find((candidate) => candidate.trigger.some((name) => readEnv(name) !== undefined));
  if (!source) {
    return {
      ok: false,
      input: 'authentication',
      problem:
        'no credentials: set `identity-provider` (keyless OpenID Connect, recommended), `access-key` and `secret-key`, `username`, `password` and `domain-name`, or `auth-token`, or the matching environment variables (see the README)',
    };
  }
  const values: Partial<Record<AuthField, string>> = {};
  const origins: Partial<Record<AuthField, string>> = {};
  for (const field of MODE_FIELDS[source.mode]) {
    const names = source.fields[field] ?? [];
    const name = names.find((candidate) => readEnv(candidate) !== undefined) ?? names[0];
    if (name) origins[field] = name;
    values[field] = name === undefined ? readInput(field) : readEnv(name);
  }
  return { ok: true, selection: { mode: source.mode, source: source.label, values, origins } };
}

/** Every value that could be a secret, from inputs and every environment source, to mask before any other work. */
export function secretValues(readInput: Read, readEnv: Read): string[] {
  const values = SECRET_FIELDS.map((field) => readInput(field));
  for (const source of ENV_SOURCES) {
    for (const field of SECRET_FIELDS) for (const name of source.fields[field] ?? []) values.push(readEnv(name));
  }
  return [...new Set(values.filter((value): value is string => value !== undefined))];
}
