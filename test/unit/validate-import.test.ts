/** `npm run validate` knows the import action (import/action.yml) beside the export. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkWorkflow, loadActionMetadata } from '../../scripts/validate-workflows.ts';

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
      expect.stringMatching(/^action-input: required input "zip-file" is missing/),
      expect.stringMatching(/^action-output: output "zip-files" of step "import" is not defined in import\/action.yml/),
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
