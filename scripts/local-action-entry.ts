/**
 * The entry point `npm run local-action` gives GitHub's `@github/local-action` (`local-action run . <this file>
 * .env`). local-action loads it with tsx after replacing `@actions/core` and `@actions/github` by its stand-ins
 * (through its module loader, quibble), and calls `run()`. This runs the action's sources (`src/main.ts`; the bundle
 * in dist/ cannot be used, see the README), and:
 *
 * - routes the action's runner commands to the tool: the action writes them through `src/runner.ts` (not through
 *   `@actions/core`, which costs start-up time), so that module is replaced by the tool's `@actions/core` stand-ins;
 *   keyless authentication needs nothing more, as the action requests the ID token itself from
 *   `ACTIONS_ID_TOKEN_REQUEST_URL` (locally: the emulator's GitHub ID-token stand-in);
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
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../', import.meta.url);
const ACTIONS_CORE = new URL('node_modules/@actions/core/lib/core.js', ROOT).href;
/** The action's own writer of the runner's commands, which the stand-ins of `@actions/core` replace. */
const RUNNER = new URL('src/action/runner.ts', ROOT);

type CoreStandIns = Record<string, unknown> & {
  setFailed: (message: string | Error) => void;
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
  let failure: string | undefined;
  const setFailed = core.setFailed;
  core.setFailed = (message) => {
    failure = String(message);
    setFailed(message);
  };

  // Only what this run appends is shown (the file may hold earlier runs' summaries, e.g. a job's on a runner).
  const summaryPath = process.env.GITHUB_STEP_SUMMARY;
  const summaryStart = summaryPath ? await size(summaryPath) : 0;

  // The action writes the runner's commands through src/runner.ts (not @actions/core, for start-up time): the
  // tool's stand-ins replace that module too, so that outputs, masks and failures reach the tool.
  // quibble is local-action's module loader (a dependency of the pinned version), untyped: imported by name.
  const quibbleModule = 'quibble';
  const { default: quibble } = (await import(quibbleModule)) as {
    default: { esm: (path: string, stubs: Record<string, unknown>) => Promise<void> };
  };
  await quibble.esm(fileURLToPath(RUNNER), core);

  // Imported only now, so that its runner module is the stand-in changed above.
  const { run: runAction } = await import('../src/export/main.ts');
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
