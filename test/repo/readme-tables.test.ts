/**
 * The README's input and output tables must say exactly what each action.yml says (the export's in README.md, the
 * import's in import/README.md, the snapshot's in snapshot/README.md): names, order, required, defaults and
 * descriptions (the README's Markdown code spans and links read as plain text). The root README holds no copy of
 * the sub-actions' tables, so there is one place to keep in step.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
interface ActionYml {
  inputs: Record<string, { required?: boolean; default?: string; description?: string }>;
  outputs: Record<string, { description?: string }>;
}
const load = (file: string) => parse(readFileSync(new URL(file, root), 'utf8')) as ActionYml;
const readme = readFileSync(new URL('README.md', root), 'utf8');

/** Rows of the first Markdown table after the heading `## heading` (or `###`), as arrays of trimmed cells. */
function tableAfterIn(heading: string, text: string = readme): string[][] {
  const match = new RegExp(`\n#{2,3} ${heading}\n`).exec(text);
  if (!match) throw new Error(`README has no "## ${heading}" section`);
  const start = match.index;
  const lines = text.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

const unquote = (cell: string) => cell.replace(/^`(.*)`$/, '$1');
/** A README cell as plain text: code spans and links unwrapped, escaped pipes restored. */
const plain = (cell: string) =>
  cell
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replaceAll('`', '')
    .replaceAll('\\|', '|');
const defaultCell = (value: string | undefined) => (value === undefined ? '' : value === '' ? "''" : value);

describe.each([
  { file: 'action.yml', inputs: 'Inputs', outputs: 'Outputs', text: readme },
  // The import action's own README (import/README.md), in the style of actions/cache's restore/README.md.
  {
    file: 'import/action.yml',
    inputs: 'Inputs',
    outputs: 'Outputs',
    text: readFileSync(new URL('import/README.md', root), 'utf8'),
  },
  {
    file: 'snapshot/action.yml',
    inputs: 'Inputs',
    outputs: 'Outputs',
    text: readFileSync(new URL('snapshot/README.md', root), 'utf8'),
  },
])('README tables ($inputs) match $file', ({ file, inputs, outputs, text }) => {
  const action = load(file);
  const tableAfter = (heading: string) => tableAfterIn(heading, text);
  const inputRows = tableAfter(inputs);

  it('lists the same inputs, in the same order', () => {
    expect(inputRows.map((row) => unquote(row[0] ?? ''))).toEqual(Object.keys(action.inputs));
  });

  it.each(Object.entries(action.inputs))('input %s: same required flag and default', (name, input) => {
    const row = inputRows.find((cells) => unquote(cells[0] ?? '') === name);
    expect(row?.[1]).toBe(input.required ? 'yes' : 'no');
    expect(unquote(row?.[2] ?? '')).toBe(defaultCell(input.default));
  });

  it.each(Object.entries(action.inputs))('input %s: the same description', (name, input) => {
    const row = inputRows.find((cells) => unquote(cells[0] ?? '') === name);
    expect(plain(row?.[3] ?? '')).toBe(input.description);
  });

  it('lists the same outputs, in the same order', () => {
    expect(tableAfter(outputs).map((row) => unquote(row[0] ?? ''))).toEqual(Object.keys(action.outputs));
  });

  it.each(Object.entries(action.outputs))('output %s: the same description', (name, output) => {
    const row = tableAfter(outputs).find((cells) => unquote(cells[0] ?? '') === name);
    expect(plain(row?.[1] ?? '')).toBe(output.description);
  });
});

it('the root README has no input or output table of the import or the snapshot (they live in their own README)', () => {
  expect(readme).not.toMatch(/\n#{2,3} (Import|Snapshot) (inputs|outputs)\n/);
  for (const input of ['local-files', 'upload-dir', 'overwrite', 'fail-on-drift']) {
    expect(readme).not.toMatch(new RegExp(`\n\\| \`${input}\` \\|`));
  }
});

it('reads Markdown cells as plain text', () => {
  expect(plain('See [Networking](#networking), `a\\|b`.')).toBe('See Networking, a|b.');
});
