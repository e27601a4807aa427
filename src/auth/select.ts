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

import { AUTH_MODE_ORDER, AUTH_MODES, type AuthField, type AuthMode, ENV_SOURCES, SECRET_FIELDS } from './modes.ts';

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
  const given = AUTH_MODE_ORDER.filter((mode) =>
    AUTH_MODES[mode].selectors.some((field) => readInput(field) !== undefined),
  );
  if (given.length > 1) {
    const described = given.map((mode) => {
      const set = AUTH_MODES[mode].selectors.filter((field) => readInput(field) !== undefined);
      return `${AUTH_MODES[mode].name} (${set.join(', ')})`;
    });
    return {
      ok: false,
      input: 'authentication',
      problem: `inputs for more than one authentication mode were given: ${described.join(' and ')}; keep only one`,
    };
  }
  const [inputMode] = given;
  if (inputMode) {
    const values = Object.fromEntries(AUTH_MODES[inputMode].fields.map((field) => [field, readInput(field)]));
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
  for (const field of AUTH_MODES[source.mode].fields) {
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
