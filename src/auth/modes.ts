/**
 * The one table of authentication modes: each mode's fields, which of them select it and which it requires, the
 * environment sources it can come from, and which fields are secrets. Every other module reads this table.
 */

export type AuthMode = 'oidc' | 'auth-token' | 'password' | 'access-key';

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

/** How DLI calls are authorized; `source` is "inputs" or the environment source, for the log. */
export type AuthPlan =
  | { mode: 'access-key'; source: string; accessKey: string; secretKey: string; securityToken?: string }
  | { mode: 'auth-token'; source: string; token: string }
  | { mode: 'password'; source: string; username: string; password: string; domainName: string; iamEndpoint: URL }
  | { mode: 'oidc'; source: string; identityProvider: string; audience?: string; iamEndpoint: URL };

export interface ModeSpec {
  /** In the user's words, for the log and for problems. */
  name: string;
  /** Every field the mode reads. */
  fields: readonly AuthField[];
  /** Fields that select the mode when set (oidc-audience and security-token only refine a mode). */
  selectors: readonly AuthField[];
  /** Fields the mode cannot do without. */
  required: readonly AuthField[];
  /** Whether the mode talks to IAM, so needs its endpoint. */
  usesIam: boolean;
}

/** In this order when several are named. */
export const AUTH_MODES: Readonly<Record<AuthMode, ModeSpec>> = {
  oidc: {
    name: 'OpenID Connect (keyless)',
    fields: ['identity-provider', 'oidc-audience'],
    selectors: ['identity-provider'],
    required: ['identity-provider'],
    usesIam: true,
  },
  'auth-token': {
    name: 'supplied IAM token',
    fields: ['auth-token'],
    selectors: ['auth-token'],
    required: ['auth-token'],
    usesIam: false,
  },
  password: {
    name: 'IAM password',
    fields: ['username', 'password', 'domain-name'],
    selectors: ['username', 'password', 'domain-name'],
    required: ['username', 'password', 'domain-name'],
    usesIam: true,
  },
  'access-key': {
    name: 'access key',
    fields: ['access-key', 'secret-key', 'security-token'],
    selectors: ['access-key', 'secret-key', 'security-token'],
    required: ['access-key', 'secret-key'],
    usesIam: false,
  },
};

export const AUTH_MODE_ORDER = Object.keys(AUTH_MODES) as AuthMode[];

/** Every authentication field, as each is an input of both actions. */
export const AUTH_FIELDS: readonly AuthField[] = [
  ...new Set(AUTH_MODE_ORDER.flatMap((mode) => AUTH_MODES[mode].fields)),
];

/** Fields whose values are secrets and must be masked before anything is logged. */
export const SECRET_FIELDS: readonly AuthField[] = ['auth-token', 'password', 'secret-key', 'security-token'];

/** One environment source: field -> the variable(s) it is read from (first set wins). */
export interface EnvSource {
  mode: AuthMode;
  label: string;
  /** The source is chosen when this variable is set. */
  trigger: readonly string[];
  fields: Partial<Record<AuthField, readonly string[]>>;
}

/** Consulted in this order when no mode is given as inputs; the first whose trigger is set wins. */
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
