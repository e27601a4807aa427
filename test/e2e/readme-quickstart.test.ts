/**
 * The README's quick start, as written, runs: its YAML is taken from README.md, its `with:` expressions are
 * evaluated for a `schedule` and for a `release` event with GitHub's own expression evaluator
 * (`@actions/expressions`), and the export runs with those inputs under `npm run local-action` against the emulator
 * (keyless, the emulator standing in for GitHub's ID-token service; releases through its GitHub API stand-in).
 *
 * Only the plumbing that points at a real cloud is replaced: `region` gives way to the emulator's DLI, IAM and OBS
 * endpoints. `project-id` comes from the expression `vars.DLI_PROJECT_ID`, with the variable set to the emulator's
 * project; `identity-provider` and every other input are the README's.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { yamlSnippets } from '../../scripts/validate-workflows.ts';
import { DEFAULT_GITHUB_TOKEN, DEFAULT_RELEASE, type Emulator, startEmulator } from '../emulator/server.ts';
import { localAction, outputsTable, ROOT, RUN_TIMEOUT_MS } from './local-action-run.ts';

const USES = '<owner>/dli-flink-export-action@v1';
/** Contexts the quick start may use in `with:`; anything else (secrets, env, steps…) fails the test loudly. */
const CONTEXTS = ['github', 'vars'];

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { 'timeout-minutes'?: number; permissions?: Record<string, string>; steps: Step[] }>;
}

/** The first YAML snippet under the README's "## Quick start" heading. */
function quickStart(readme: string): { source: string; workflow: Workflow } {
  const heading = /^## Quick start\b.*$/m.exec(readme);
  if (!heading) throw new Error('README.md has no "## Quick start" section');
  const headingLine = readme.slice(0, heading.index).split('\n').length;
  const snippet = yamlSnippets(readme).find(({ line }) => line > headingLine);
  if (!snippet) throw new Error('the quick start has no ```yaml snippet');
  return { source: snippet.source, workflow: parse(snippet.source) as Workflow };
}

/** One `${{ expression }}` evaluated by GitHub's evaluator; an unknown context or a parse error throws. */
function evaluate(expression: string, context: data.Dictionary): string {
  const lexed = new Lexer(expression).lex();
  const tree = new Parser(lexed.tokens, CONTEXTS, []).parse();
  const value = new Evaluator(tree, context).evaluate();
  if (value.kind === data.Kind.Dictionary || value.kind === data.Kind.Array) {
    throw new Error(`\${{ ${expression} }} is an object or array; an input takes a string`);
  }
  return value.coerceString();
}

/** An input's value as the runner gives it to the action: each `${{ }}` replaced by its value as a string. */
function inputValue(raw: unknown, context: data.Dictionary): string {
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
    throw new Error(`an input value of type ${typeof raw}`);
  }
  const text = String(raw);
  let out = '';
  let at = 0;
  for (let open = text.indexOf('${{', at); open !== -1; open = text.indexOf('${{', at)) {
    const close = text.indexOf('}}', open);
    if (close === -1) throw new Error(`unclosed \${{ in ${JSON.stringify(text)}`);
    out += text.slice(at, open) + evaluate(text.slice(open + 3, close).trim(), context);
    at = close + 2;
  }
  return out + text.slice(at);
}

/** The `github` and `vars` contexts of a run of this event with this payload. */
function contexts(eventName: string, payload: object, vars: Record<string, string>): data.Dictionary {
  const revive = (value: unknown) => JSON.parse(JSON.stringify(value), data.reviver) as data.ExpressionData;
  const context = new data.Dictionary();
  context.add(
    'github',
    revive({ event_name: eventName, event: payload, repository: 'octo-org/octo-repo', token: DEFAULT_GITHUB_TOKEN }),
  );
  context.add('vars', revive(vars));
  return context;
}

const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
const actionInputs = Object.keys(
  (parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> }).inputs,
);

let emulator: Emulator;
let folder: string;
beforeAll(async () => {
  const { workflow } = quickStart(readme);
  const step = Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .find((candidate) => candidate.uses === USES);
  const bucket = /^(?:obs:\/\/)?([^/]+)\//.exec(String(step?.with?.['obs-dir'] ?? ''))?.[1];
  // The README's bucket exists in the emulated OBS, as it must in the user's region.
  emulator = await startEmulator({ buckets: bucket === undefined ? [] : [bucket] });
  folder = await mkdtemp(join(tmpdir(), 'readme-quickstart-'));
});
afterAll(async () => {
  await emulator?.close();
  await rm(folder, { recursive: true, force: true });
});
beforeEach(() => emulator.reset());

/** Runs the quick start's export step for this event; returns local-action's output, outputs and workspace. */
async function runQuickStart(eventName: 'schedule' | 'release', payload: object) {
  const { workflow } = quickStart(readme);
  const jobs = Object.values(workflow.jobs).filter((job) => job.steps.some((step) => step.uses === USES));
  expect(jobs, 'one job runs the export').toHaveLength(1);
  const step = jobs[0]?.steps.find((candidate) => candidate.uses === USES) as Step;
  const given = step.with ?? {};
  // The runner only warns about an unknown input and the action never sees it: here it fails.
  expect(Object.keys(given).filter((name) => !actionInputs.includes(name))).toEqual([]);

  const run = join(folder, eventName);
  const workspace = join(run, 'workspace');
  await mkdir(workspace, { recursive: true });
  const eventPath = join(run, 'event.json');
  await writeFile(eventPath, JSON.stringify(payload));
  const context = contexts(eventName, payload, { DLI_PROJECT_ID: emulator.projectId });
  const inputs: Record<string, string> = {};
  for (const [name, raw] of Object.entries(given)) inputs[name] = inputValue(raw, context);
  // The plumbing: the emulator's endpoints instead of the region's.
  expect(inputs.region, 'the quick start names a region').toMatch(/^[a-z]+-[a-z]+-?\d*$/);
  Object.assign(inputs, {
    region: '',
    endpoint: emulator.url,
    'iam-endpoint': emulator.url,
    'obs-endpoint': emulator.obs.url,
  });
  // What the runner evaluates from action.yml's default `${{ github.token }}`.
  inputs['github-token'] ??= DEFAULT_GITHUB_TOKEN;

  const env: Record<string, string> = {
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: `${DEFAULT_RELEASE.owner}/${DEFAULT_RELEASE.repo}`,
    GITHUB_API_URL: emulator.url,
    GITHUB_STEP_SUMMARY: join(run, 'summary.html'),
    ...emulator.githubIdTokenEnv,
  };
  for (const [name, value] of Object.entries(env)) {
    if (/[\n"'\\]/.test(value)) throw new Error(`${name}=${JSON.stringify(value)} cannot go into a .env file as is`);
  }
  const envFile = join(run, 'action.env');
  await writeFile(
    envFile,
    `${Object.entries(env)
      .map(([name, value]) => `${name}="${value}"`)
      .join('\n')}\n`,
  );
  const { code, out } = await localAction([envFile], folder);
  return { code, out, outputs: outputsTable(out), inputs, workspace, job: jobs[0] };
}

describe('the README quick start', () => {
  it('is one workflow on a nightly schedule and on published releases, keyless, exporting every job', () => {
    const { workflow } = quickStart(readme);
    expect(Object.keys(workflow.on).sort()).toEqual(['release', 'schedule']);
    expect(workflow.on.release).toEqual({ types: ['published'] });
    const job = Object.values(workflow.jobs)[0];
    expect(job?.permissions?.['id-token']).toBe('write');
    const step = job?.steps.find((candidate) => candidate.uses === USES);
    expect(step?.with?.['identity-provider']).toBeTruthy();
    expect(step?.with?.['job-ids']).toBeUndefined();
    expect(step?.with?.['job-names']).toBeUndefined();
  });

  it('evaluates expressions as GitHub does, and refuses contexts it does not provide', () => {
    const release = contexts('release', { release: { tag_name: 'v9' } }, {});
    const schedule = contexts('schedule', { schedule: '17 2 * * *' }, {});
    const expression = (body: string) => `\${{ ${body} }}`;
    const folderOf = `x/${expression("github.event_name == 'release' && github.event.release.tag_name || 'nightly'")}`;
    expect(inputValue(folderOf, release)).toBe('x/v9');
    expect(inputValue(folderOf, schedule)).toBe('x/nightly');
    expect(inputValue(expression("github.event_name == 'release'"), schedule)).toBe('false');
    expect(() => inputValue(expression('secrets.KEY'), schedule)).toThrow();
    expect(() => inputValue(expression('github.event_name =='), schedule)).toThrow();
  });

  it(
    'runs on the schedule: every job exported, downloaded, no release asset',
    async () => {
      const { code, out, outputs, inputs, workspace } = await runQuickStart('schedule', {
        schedule: '17 2 * * *',
      });
      expect(code, out).toBe(0);
      expect(inputs['release-assets']).toBe('false');
      expect(emulator.exports).toHaveLength(1);
      expect(emulator.exports[0]?.selected).toBe(false); // "export all": no job_selected
      const zip = emulator.exports[0]?.zipFile ?? '';
      expect(zip).toMatch(/\/flink\/nightly\/[^/]+\.zip$/);
      expect(outputs['zip-files']).toBe(JSON.stringify([zip]));
      const file = join(workspace, inputs['download-dir'] ?? '', zip.slice(zip.lastIndexOf('/') + 1));
      expect(outputs.files).toBe(JSON.stringify([file]));
      expect(await readFile(file)).toEqual(emulator.obs.objects.get(zip)?.body);
      expect(outputs['release-asset-urls']).toBeUndefined();
      expect(emulator.githubReleases.assets).toEqual([]);
      expect(out).toContain('Authentication: OpenID Connect (keyless)');
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'runs on a published release: exported into the tag folder, downloaded and attached to the release',
    async () => {
      const { code, out, outputs, inputs, workspace, job } = await runQuickStart('release', emulator.releaseEvent());
      expect(code, out).toBe(0);
      expect(inputs['release-assets']).toBe('true');
      expect(emulator.exports[0]?.selected).toBe(false);
      const zip = emulator.exports[0]?.zipFile ?? '';
      expect(zip).toMatch(new RegExp(`/flink/${DEFAULT_RELEASE.tagName.replaceAll('.', '\\.')}/[^/]+\\.zip$`));
      expect(outputs['zip-files']).toBe(JSON.stringify([zip]));
      const file = join(workspace, inputs['download-dir'] ?? '', zip.slice(zip.lastIndexOf('/') + 1));
      expect(outputs.files).toBe(JSON.stringify([file]));
      const assets = emulator.githubReleases.assets;
      expect(assets.map((asset) => asset.name)).toEqual(['aggregate.zip']);
      expect(assets[0]?.bytes).toEqual(await readFile(file));
      expect(outputs['release-asset-urls']).toBe(JSON.stringify([assets[0]?.browser_download_url]));
      // The job's timeout-minutes is above the time limit the step printed for this run.
      const limit = /this step within (\d+(?:\.\d+)?) min/.exec(out);
      expect(limit, out).not.toBeNull();
      expect(Number(limit?.[1])).toBeLessThan(job?.['timeout-minutes'] ?? 360);
    },
    RUN_TIMEOUT_MS,
  );
});
