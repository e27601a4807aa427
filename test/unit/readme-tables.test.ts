/**
 * The README's input and output tables must say exactly what action.yml says: names, required, defaults and
 * descriptions (the README's Markdown code spans and links read as plain text).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const action = parse(readFileSync(new URL('action.yml', root), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string; description?: string }>;
  outputs: Record<string, { description?: string }>;
};
const readme = readFileSync(new URL('README.md', root), 'utf8');

/** Rows of the first Markdown table after `## heading`, as arrays of trimmed cells. */
function tableAfter(heading: string): string[][] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const lines = readme.slice(start).split('\n');
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

describe('README tables match action.yml', () => {
  const inputRows = tableAfter('Inputs');

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
    expect(tableAfter('Outputs').map((row) => unquote(row[0] ?? ''))).toEqual(Object.keys(action.outputs));
  });

  it.each(Object.entries(action.outputs))('output %s: the same description', (name, output) => {
    const row = tableAfter('Outputs').find((cells) => unquote(cells[0] ?? '') === name);
    expect(plain(row?.[1] ?? '')).toBe(output.description);
  });

  it('reads Markdown cells as plain text', () => {
    expect(plain('See [Networking](#networking), `a\\|b`.')).toBe('See Networking, a|b.');
  });
});
