/** `npm run validate` knows the import action (import/action.yml) beside the export. */

import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkWorkflow,
  type Finding,
  linterVersions,
  loadActionMetadata,
  SHELLCHECK_MISSING,
  shellcheckRequired,
  validate,
  validateMarkdown,
  yamlSnippets,
} from '../../scripts/validate-workflows.ts';

describe('validate-import', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const exportAction = loadActionMetadata(root);
  const importAction = loadActionMetadata(root, 'import/action.yml');

  const workflow = (uses: string, withBlock: string, run = 'echo "$M"') => `# An example.
on: push
permissions:
  contents: read
jobs:
  promote:
    runs-on: ubuntu-latest
    steps:
      - id: import
        uses: ${uses}
        with:
${withBlock}
      - env:
          M: \${{ steps.import.outputs.job-mapping }}
        run: ${run}
`;

  const kinds = (source: string, isExample = true) =>
    checkWorkflow('x.yml', source, exportAction, isExample, importAction).map((f) => `${f.kind}: ${f.message}`);

  describe('workflow checks for the import action', () => {
    it('accepts the import with its own inputs and outputs', () => {
      expect(kinds(workflow('<owner>/dli-flink-export-action/import@v1', '          zip-file: b/a.zip'))).toEqual([]);
      expect(kinds(workflow('./import', '          zip-file: b/a.zip'), false)).toEqual([]);
    });

    it('checks the import’s inputs and outputs against import/action.yml, not the export’s', () => {
      const source = workflow(
        '<owner>/dli-flink-export-action/import@v1',
        '          obs-dir: b',
        `echo "\${{ steps.import.outputs.zip-files }}"`,
      );
      expect(kinds(source)).toEqual([
        expect.stringMatching(/^action-input: input "obs-dir" is not defined in import\/action.yml/),
        expect.stringMatching(
          /^action-output: output "zip-files" of step "import" is not defined in import\/action.yml/,
        ),
      ]);
    });

    it('wants the README’s reference in examples and ./import in this repository’s workflows', () => {
      expect(kinds(workflow('./import', '          zip-file: b/a.zip'))).toEqual([
        expect.stringMatching(/^action-ref: use "uses: <owner>\/dli-flink-export-action\/import@v1"/),
      ]);
      expect(kinds(workflow('o/dli-flink-export-action/import@v1', '          zip-file: b/a.zip'), false)).toEqual([
        expect.stringMatching(/^action-ref: use "uses: .\/import"/),
      ]);
    });
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings hold workflow expressions, not JS templates
/**
 * `npm run validate` (scripts/validate-workflows.ts): the checks added on top of actionlint — `${{ }}` in run:
 * scripts, shellcheck with the right lines and shell, README snippets — and that actionlint 1.7 and shellcheck run.
 */
describe('validate-workflows', () => {
  const ROOT = new URL('../../', import.meta.url).pathname;
  /**
   * The script checks need the shellcheck command (.ci/run installs it; GitHub's runners have it). Without it they
   * are skipped with the same line `npm run validate` prints, except in CI, where they run and fail.
   */
  const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;
  if (!hasShellcheck && !shellcheckRequired()) console.warn(`validate-workflows tests: ${SHELLCHECK_MISSING}`);
  const action = loadActionMetadata(ROOT);
  const kinds = (findings: Finding[]) => findings.map((f) => `${f.line}:${f.column} ${f.kind}`);

  /** A README with one whole-workflow snippet (lines 4-) around the given steps. */
  const readme = (steps: string) => `# Title

\`\`\`yaml
name: t
on: push
permissions:
  contents: read
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
${steps}
\`\`\`
`;

  describe('validate-workflows: Markdown snippets', () => {
    it('reports a snippet that is not YAML', async () => {
      expect(kinds(await validateMarkdown('README.md', '```yaml\na: [\n```\n', action))[0]).toMatch(/ syntax$/);
    });

    it('finds the snippets of a Markdown file with their first line', () => {
      expect(yamlSnippets('a\n```yaml\nx: 1\n```\n\n```yml\ny: 2\n```\n```sh\nz\n```\n')).toEqual([
        { line: 3, source: 'x: 1\n' },
        { line: 7, source: 'y: 2\n' },
      ]);
    });
  });

  describe('validate-workflows: empty-matrix', () => {
    const workflow = (condition: string) => `name: t
on: push
permissions: {}
jobs:
  list:
    runs-on: ubuntu-latest
    outputs:
      zips: '[]'
    steps:
      - run: true
  each:
    needs: list
${condition}    runs-on: ubuntu-latest
    strategy:
      matrix:
        zip: \${{ fromJSON(needs.list.outputs.zips) }}
    steps:
      - run: true
`;
    it('wants an if: on a job whose matrix comes from fromJSON()', () => {
      expect(kinds(checkWorkflow('w.yml', workflow(''), action, false))).toEqual(['16:14 empty-matrix']);
      const guarded = workflow("    if: ${{ needs.list.outputs.zips != '[]' }}\n");
      expect(checkWorkflow('w.yml', guarded, action, false)).toEqual([]);
    });
  });

  describe('validate-workflows: write-cache', () => {
    const workflow = (contents: string, setup: string) => `name: t
on: push
permissions:
  contents: read
jobs:
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: ${contents}
    steps:
      - uses: actions/setup-node@v7
        with:
${setup}
`;
    it('finds a dependency cache in a job that can write', () => {
      const found = (contents: string, setup: string) =>
        kinds(checkWorkflow('w.yml', workflow(contents, setup), action, false));
      expect(found('write', '          cache: npm')).toEqual(['11:15 write-cache']);
      expect(found('write', '          node-version: 24')).toEqual(['11:15 write-cache']);
      expect(found('write', '          package-manager-cache: false')).toEqual([]);
      expect(found('read', '          cache: npm')).toEqual([]);
    });
  });

  describe.skipIf(!hasShellcheck && !shellcheckRequired())('validate-workflows (needs the shellcheck command)', () => {
    it('uses actionlint 1.7 and shellcheck', () => {
      expect(linterVersions()).toMatch(/^actionlint 1\.(7|[89]|\d\d)\.\d+ .*ShellCheck \d+\.\d+/);
    });

    it('finds ${{ }} in run: scripts (block and plain), but not in env:', async () => {
      const findings = await validateMarkdown(
        'README.md',
        readme(`      - id: x
        env:
          OK: \${{ github.sha }}
        run: echo "$OK"
      - run: echo "\${{ steps.x.outputs.y }}"
      - run: |
          echo start
          echo "\${{ github.ref }}"`),
        action,
      );
      expect(kinds(findings.filter((f) => f.kind === 'run-expression'))).toEqual([
        '16:20 run-expression',
        '19:17 run-expression',
      ]);
    });

    it('runs shellcheck on bash and sh scripts at the right line and column, and skips other shells', async () => {
      const findings = await validateMarkdown(
        'README.md',
        readme(`      - env:
          DIR: a b
        run: |
          echo start
          cd $DIR
      - shell: sh
        run: echo $DIR
      - shell: pwsh
        run: echo $DIR`),
        action,
      );
      const shellcheck = findings.filter((f) => f.kind === 'shellcheck');
      expect(shellcheck.map((f) => `${f.line}:${f.column} ${f.message.slice(0, 17)}`)).toEqual([
        '16:11 shellcheck SC2164',
        '16:14 shellcheck SC2086',
        '18:19 shellcheck SC2086',
      ]);
    });

    it('passes a clean snippet, and checks fragments too', async () => {
      expect(await validateMarkdown('README.md', readme('      - run: echo "$HOME"'), action)).toEqual([]);
      const fragment = '```yaml\n    steps:\n      - run: echo ${{ github.sha }}\n```\n';
      expect(kinds(await validateMarkdown('README.md', fragment, action))).toEqual(['3:19 run-expression']);
      const unquoted = '```yaml\n    steps:\n      - run: echo $HOME\n```\n';
      expect(kinds(await validateMarkdown('README.md', unquoted, action))).toEqual(['3:19 shellcheck']);
    });

    it('runs actionlint on whole-workflow snippets (untrusted input in a script)', async () => {
      const findings = await validateMarkdown(
        'README.md',
        readme('      - run: echo "${{ github.head_ref }}"'),
        action,
      );
      expect(findings.map((f) => f.kind)).toContain('expression');
    });

    it('is clean on this repository: workflows, examples and README', async () => {
      const { listWorkflowFiles } = await import('../../scripts/validate-workflows.ts');
      const files = listWorkflowFiles(ROOT);
      expect(files.some((file) => file.endsWith('README.md'))).toBe(true);
      expect((await validate(ROOT, files)).map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([]);
    }, 60_000);
  });
});

/** A missing shellcheck: one line and the other checks on a contributor's machine, an error in CI. */
describe('validate-workflows without shellcheck', () => {
  const ROOT = fileURLToPath(new URL('../../', import.meta.url));
  /** `npm run validate` on one workflow, with a PATH that holds only Node (so no shellcheck). */
  const validateWithout = (ci: string | undefined) =>
    spawnSync(process.execPath, ['scripts/validate-workflows.ts', '.github/workflows/ci.yml'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: dirname(process.execPath), ...(ci === undefined ? {} : { CI: ci }) },
    });

  it('skips the script checks with one line and runs the others when CI is not set', () => {
    const run = validateWithout(undefined);
    expect(run.stderr.trim()).toBe(`validate-workflows: ${SHELLCHECK_MISSING}`);
    expect(run.stdout).toMatch(/1 file\(s\), 0 problem\(s\) \(actionlint 1\.\S+ .*ShellCheck not installed\)/);
    expect(run.status).toBe(0);
  });

  it('fails with the same line in CI', () => {
    const run = validateWithout('true');
    expect(run.stderr.trim()).toBe(`validate-workflows: ${SHELLCHECK_MISSING}`);
    expect(run.status).toBe(1);
  });

  it('counts CI as set unless it is empty, false or 0', () => {
    expect(
      [undefined, '', 'false', '0', 'true', '1'].map((CI) => shellcheckRequired(CI === undefined ? {} : { CI })),
    ).toEqual([false, false, false, false, true, true]);
  });
});

describe('validate-snapshot', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const exportAction = loadActionMetadata(root);
  const importAction = loadActionMetadata(root, 'import/action.yml');
  const snapshotAction = loadActionMetadata(root, 'snapshot/action.yml');

  const workflow = (uses: string, withBlock: string, output = 'drifted') => `# An example.
on: push
permissions:
  contents: read
jobs:
  snapshot:
    runs-on: ubuntu-latest
    steps:
      - id: snapshot
        uses: ${uses}
        with:
${withBlock}
      - env:
          M: \${{ steps.snapshot.outputs.${output} }}
        run: echo "$M"
`;
  const kinds = (source: string, isExample = true) =>
    checkWorkflow('x.yml', source, exportAction, isExample, importAction, snapshotAction).map(
      (f) => `${f.kind}: ${f.message}`,
    );

  it('accepts the snapshot with its own inputs and outputs', () => {
    expect(kinds(workflow('<owner>/dli-flink-export-action/snapshot@v1', '          path: dli-jobs'))).toEqual([]);
    expect(kinds(workflow('./snapshot', '          fail-on-drift: true'), false)).toEqual([]);
  });

  it('checks the snapshot’s inputs and outputs against snapshot/action.yml', () => {
    expect(kinds(workflow('<owner>/dli-flink-export-action/snapshot@v1', '          obs-dir: b', 'zip-files'))).toEqual(
      [
        expect.stringMatching(/^action-input: input "obs-dir" is not defined in snapshot\/action.yml/),
        expect.stringMatching(
          /^action-output: output "zip-files" of step "snapshot" is not defined in snapshot\/action.yml/,
        ),
      ],
    );
  });

  it('wants the README’s reference in examples and ./snapshot in this repository’s workflows', () => {
    expect(kinds(workflow('./snapshot', '          path: x'))).toEqual([
      expect.stringMatching(/^action-ref: use "uses: <owner>\/dli-flink-export-action\/snapshot@v1"/),
    ]);
    expect(kinds(workflow('o/dli-flink-export-action/snapshot@v1', '          path: x'), false)).toEqual([
      expect.stringMatching(/^action-ref: use "uses: .\/snapshot"/),
    ]);
  });
});
