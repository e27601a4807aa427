/**
 * The entry point `npm run local-action` gives GitHub's `@github/local-action` (`local-action run . <this file>
 * .env`). local-action loads it with tsx after replacing `@actions/core` and `@actions/github` by its stand-ins
 * (through its module loader, quibble), and calls `run()`. This runs the action's sources (`src/main.ts`; the bundle
 * in dist/ cannot be used, see the README) and fills three gaps of local-action 7:
 *
 * - keyless authentication: the stand-in `core.getIDToken` throws "Not implemented"; here it becomes the ID-token
 *   client of `@actions/core` itself (`OidcClient.getIDToken`), which asks `ACTIONS_ID_TOKEN_REQUEST_URL` with
 *   `ACTIONS_ID_TOKEN_REQUEST_TOKEN` as on a runner (locally: the emulator's GitHub ID-token stand-in);
 * - a failed step: the stand-in `core.setFailed` records the failure but the tool ends with exit code 0; here the
 *   exit code becomes 1 and the failure is repeated at the end;
 * - the job summary: written to the `GITHUB_STEP_SUMMARY` file but never shown; here what the run appended to
 *   that file is printed after it.
 *
 * The stand-ins are changed in the table quibble keeps for the stubbed modules, before the action's modules (and so
 * the stubbed `@actions/core`) are first imported. The dev dependency is pinned to the version this was written for;
 * the end-to-end test `test/e2e/local-action.test.ts` runs it.
 */
import { readFile, stat } from 'node:fs/promises';

const ROOT = new URL('../', import.meta.url);
const ACTIONS_CORE = new URL('node_modules/@actions/core/lib/core.js', ROOT).href;
/** `@actions/core`'s ID-token client, imported by file: the package exports only its main module. */
const ACTIONS_CORE_OIDC = new URL('node_modules/@actions/core/lib/oidc-utils.js', ROOT).href;

type CoreStandIns = Record<string, unknown> & {
  setFailed: (message: string | Error) => void;
  getIDToken: (audience?: string) => Promise<string>;
};

function coreStandIns(): CoreStandIns {
  const state = (globalThis as Record<symbol, unknown>)[Symbol.for('__quibbleUserState')] as
    | { quibbledModules: Map<string, { namedExportStubs?: CoreStandIns }> }
    | undefined;
  const stubs = state?.quibbledModules.get(ACTIONS_CORE)?.namedExportStubs;
  if (!stubs || typeof stubs.setFailed !== 'function') {
    throw new Error(
      'scripts/local-action-entry.ts runs only under @github/local-action (npm run local-action), ' +
        `which must have replaced ${ACTIONS_CORE}`,
    );
  }
  return stubs;
}

async function size(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

export async function run(): Promise<void> {
  const core = coreStandIns();
  core.getIDToken = async (audience) => {
    // Imported when needed: it imports the stubbed `@actions/core`, which must not be loaded before the changes.
    const { OidcClient } = (await import(ACTIONS_CORE_OIDC)) as {
      OidcClient: { getIDToken: (audience?: string) => Promise<string> };
    };
    return OidcClient.getIDToken(audience);
  };
  let failure: string | undefined;
  const setFailed = core.setFailed;
  core.setFailed = (message) => {
    failure = String(message);
    setFailed(message);
  };

  // Only what this run appends is shown (the file may hold earlier runs' summaries, e.g. a job's on a runner).
  const summaryPath = process.env.GITHUB_STEP_SUMMARY;
  const summaryStart = summaryPath ? await size(summaryPath) : 0;

  // Imported only now, so that its `@actions/core` is the stand-in changed above.
  const { run: runAction } = await import('../src/main.ts');
  await runAction();

  if (summaryPath) {
    const written = await readFile(summaryPath).catch(() => Buffer.alloc(0));
    const summary = written.subarray(summaryStart).toString('utf8').trim();
    console.log(`\nJob summary (GITHUB_STEP_SUMMARY):\n${summary || '(none written)'}`);
  }
  if (failure !== undefined) {
    process.exitCode = 1;
    console.log(`\nThe step FAILED (exit code 1): ${failure}`);
  }
}
