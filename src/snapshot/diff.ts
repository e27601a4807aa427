/**
 * Unified diffs of two texts, line by line (Myers' O((N+M)·D) algorithm after the common head and tail are cut),
 * for the job summary. A diff with more than `maxEdits` changed lines is not computed line by line: the result
 * says so instead. Pure.
 */

export interface DiffOptions {
  /** Lines of context around each change. */
  context?: number;
  /** The most inserted plus deleted lines searched for; beyond, `tooLarge`. */
  maxEdits?: number;
}

export type DiffResult = { tooLarge: false; text: string } | { tooLarge: true; text: string };

type Op = { kind: ' ' | '-' | '+'; line: string };

export function unifiedDiff(
  oldName: string,
  newName: string,
  before: string,
  after: string,
  { context = 3, maxEdits = 2000 }: DiffOptions = {},
): DiffResult {
  const header = `--- ${oldName}\n+++ ${newName}\n`;
  if (before === after) return { tooLarge: false, text: '' };
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b, maxEdits);
  if (ops === undefined) {
    return {
      tooLarge: true,
      text: `${header}(more than ${maxEdits} lines changed: ${a.length} lines before, ${b.length} after)\n`,
    };
  }
  return { tooLarge: false, text: header + hunks(ops, context) };
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The edit script turning `a` into `b`, or undefined when it needs more than `maxEdits` edits. */
export function diffLines(a: readonly string[], b: readonly string[], maxEdits: number): Op[] | undefined {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const middle = myers(midA, midB, maxEdits);
  if (middle === undefined) return undefined;
  const same = (line: string): Op => ({ kind: ' ', line });
  return [...a.slice(0, head).map(same), ...middle, ...a.slice(a.length - tail).map(same)];
}

function myers(a: readonly string[], b: readonly string[], maxEdits: number): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))
          ? (v[offset + k + 1] as number)
          : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, d, k, offset);
    }
  }
  return undefined;
}

/** Walks the saved frontiers back from (n, m) at step `d`, diagonal `k`. */
function backtrack(
  a: readonly string[],
  b: readonly string[],
  trace: Int32Array[],
  lastD: number,
  lastK: number,
  _offset: number,
): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  let k = lastK;
  for (let d = lastD; d > 0; d--) {
    const frame = trace[d] as Int32Array; // v before step d, indexes k in [-d-1, d+1] at k + d + 1
    const at = (kk: number) => frame[kk + d + 1] as number;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX + (down ? 0 : 1) && y > prevY + (down ? 1 : 0)) {
      ops.push({ kind: ' ', line: a[--x] as string });
      y--;
    }
    if (down) ops.push({ kind: '+', line: b[--y] as string });
    else ops.push({ kind: '-', line: a[--x] as string });
    k = prevK;
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: ' ', line: a[--x] as string });
    y--;
  }
  return ops.reverse();
}

function hunks(ops: readonly Op[], context: number): string {
  const out: string[] = [];
  let index = 0;
  // Line numbers (1-based) in the old and new text at ops[index].
  const oldLine: number[] = [];
  const newLine: number[] = [];
  let o = 1;
  let n = 1;
  for (const op of ops) {
    oldLine.push(o);
    newLine.push(n);
    if (op.kind !== '+') o++;
    if (op.kind !== '-') n++;
  }
  while (index < ops.length) {
    while (index < ops.length && (ops[index] as Op).kind === ' ') index++;
    if (index >= ops.length) break;
    const start = Math.max(0, index - context);
    let end = index;
    // Extend while the next change is within 2·context lines of unchanged text.
    for (;;) {
      while (end < ops.length && (ops[end] as Op).kind !== ' ') end++;
      let gap = end;
      while (gap < ops.length && (ops[gap] as Op).kind === ' ') gap++;
      if (gap < ops.length && gap - end <= 2 * context) end = gap;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    const slice = ops.slice(start, stop);
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    const oldStart = oldCount === 0 ? (oldLine[start] as number) - 1 : (oldLine[start] as number);
    const newStart = newCount === 0 ? (newLine[start] as number) - 1 : (newLine[start] as number);
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@\n`);
    for (const op of slice) out.push(`${op.kind}${op.line}\n`);
    index = stop;
  }
  return out.join('');
}
