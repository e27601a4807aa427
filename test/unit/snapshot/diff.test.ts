import { describe, expect, it } from 'vitest';
import { diffLines, unifiedDiff } from '../../../src/snapshot/diff.ts';

const lines = (count: number, prefix = 'l') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('unifiedDiff', () => {
  it('the same hunks as diff -u', () => {
    expect(unifiedDiff('a/x', 'b/x', 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n', 'a\nB\nc\nd\ne\nf\ng\nh\nI\nj\nk\n').text).toBe(
      '--- a/x\n+++ b/x\n@@ -1,10 +1,11 @@\n a\n-b\n+B\n c\n d\n e\n f\n g\n h\n-i\n+I\n j\n+k\n',
    );
  });

  it('separate hunks when changes are far apart', () => {
    const before = lines(20).join('\n');
    const after = before.replace('l1\n', 'X\n').replace('l18\n', 'Y\n');
    expect(unifiedDiff('a', 'b', before, after).text).toBe(
      '--- a\n+++ b\n@@ -1,5 +1,5 @@\n l0\n-l1\n+X\n l2\n l3\n l4\n@@ -16,5 +16,5 @@\n l15\n l16\n l17\n-l18\n+Y\n l19\n',
    );
  });

  it('files created or emptied', () => {
    expect(unifiedDiff('a', 'b', '', 'x\n').text).toBe('--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n');
    expect(unifiedDiff('a', 'b', 'x\ny\n', '').text).toBe('--- a\n+++ b\n@@ -1,2 +0,0 @@\n-x\n-y\n');
    expect(unifiedDiff('a', 'b', 'same\n', 'same\n').text).toBe('');
  });

  it('says when more lines changed than it searches', () => {
    const result = unifiedDiff('a', 'b', lines(50).join('\n'), lines(50, 'm').join('\n'), { maxEdits: 10 });
    expect(result.tooLarge).toBe(true);
    expect(result.text).toContain('more than 10 lines changed');
  });
});

describe('diffLines', () => {
  it('applying the script to a gives b', () => {
    const a = ['x', 'a', 'b', 'c', 'a', 'b', 'b', 'a'];
    const b = ['c', 'b', 'a', 'b', 'a', 'c', 'y'];
    const ops = diffLines(a, b, 100) ?? [];
    expect(ops.filter((op) => op.kind !== '+').map((op) => op.line)).toEqual(a);
    expect(ops.filter((op) => op.kind !== '-').map((op) => op.line)).toEqual(b);
    expect(ops.filter((op) => op.kind !== ' ').length).toBe(7); // the shortest edit script
  });
});
