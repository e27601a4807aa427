/**
 * Common valid inputs and the plans they give, shared by the input tests of both actions
 * (test/unit/action/inputs.test.ts, obs-inputs.test.ts, test/unit/export/inputs.test.ts, test/unit/import/inputs.test.ts).
 */
import { describeProblems, type ParseResult } from '../../src/action/inputs.ts';
import type { AuthPlan } from '../../src/auth/modes.ts';
import { parseInputs } from '../../src/export/inputs.ts';
import type { Env, ReadInput } from '../../src/util/env.ts';

export const PROJECT_ID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

/** The inputs both actions share, each valid: a project, a region and a key pair. */
export const SHARED_INPUTS = {
  'project-id': PROJECT_ID,
  region: 'eu-de',
  'access-key': 'AKEXAMPLE',
  'secret-key': 'sk-example',
} as const;

/** A valid export: the shared inputs and an obs-dir (bucket/folder, no scheme). */
export const EXPORT_INPUTS = { ...SHARED_INPUTS, 'obs-dir': 'dli-backups/nightly' } as const;

/** A valid import: the shared inputs and one zip-file. */
export const IMPORT_INPUTS = { ...SHARED_INPUTS, 'zip-file': 'obs://dli-backups/rel/v1/a.zip' } as const;

/** The part of either action's plan that SHARED_INPUTS give, every other shared input left at its default. */
export const SHARED_PLAN = {
  endpoint: new URL('https://dli.eu-de.otc.t-systems.com'),
  region: 'eu-de',
  cloud: 'Open Telekom Cloud',
  auth: {
    mode: 'access-key',
    accessKey: 'AKEXAMPLE',
    secretKey: 'sk-example',
    securityToken: undefined,
    source: 'inputs',
  },
  timeoutMs: 60_000,
  maxAttempts: 3,
  dryRun: false,
} as const;

/** The export's schema on these inputs (a missing input reads as empty, as on a runner). */
export function parseExportInputs(inputs: Record<string, string>, env: Env = {}) {
  return parseInputs((name) => inputs[name] ?? '', env);
}

/** The export's problems with these inputs; throws where they are valid. */
export function exportProblemsOf(inputs: Record<string, string>, env: Env = {}) {
  const result = parseExportInputs(inputs, env);
  if (result.ok) throw new Error('expected invalid inputs');
  return result.problems;
}

/** The export's plan from these inputs; throws, naming the problems, where they are invalid. */
export function exportPlanOf(inputs: Record<string, string>, env: Env = {}) {
  const result = parseExportInputs(inputs, env);
  if (!result.ok) throw new Error(describeProblems(result.problems));
  return result.plan;
}

/** Access-key authentication as a plan holds it, for the run tests that use an in-memory transport. */
export const ACCESS_KEY_AUTH: AuthPlan = { mode: 'access-key', source: 'inputs', accessKey: 'AK', secretKey: 'SK' };

/**
 * A fresh copy of the fields every action's plan shares, for the run tests with an in-memory transport: project p1 at
 * https://dli.example, access-key authentication, one attempt of 1 s, not a dry run.
 */
export function runPlanBase() {
  return {
    projectId: 'p1',
    endpoint: new URL('https://dli.example'),
    auth: { ...ACCESS_KEY_AUTH },
    timeoutMs: 1000,
    maxAttempts: 1,
    dryRun: false,
  };
}

/**
 * The plan an action's `parse` makes of these inputs (a missing input reads as empty, as on a runner); throws, with
 * the problems as JSON, where they are invalid.
 */
export function planFrom<P>(
  parse: (readInput: ReadInput, env: Env) => ParseResult<P>,
  inputs: Record<string, string>,
  env: Env = {},
): P {
  const parsed = parse((name) => inputs[name] ?? '', env);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.plan;
}
