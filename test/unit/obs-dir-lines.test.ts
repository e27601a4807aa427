/** The obs-dir and bucket-name problems read whole, and the bounds of each rule. */
import { describe, expect, it } from 'vitest';
import { checkBucketName, parseObsDir } from '../../src/obs-dir.ts';

describe('bucket names, rule by rule', () => {
  it.each([
    ['abc', undefined],
    ['a'.repeat(63), undefined],
    ['a.b-c.1', undefined],
    ['ab', 'must be 3 to 63 characters long'],
    ['a'.repeat(64), 'must be 3 to 63 characters long'],
    ['abC', 'may contain only lower-case letters, digits, hyphens and periods'],
    ['a b', 'may contain only lower-case letters, digits, hyphens and periods'],
    ['-abc', 'must start and end with a letter or digit'],
    ['abc.', 'must start and end with a letter or digit'],
    ['a..b', 'must not contain "..", ".-" or "-."'],
    ['a.-b', 'must not contain "..", ".-" or "-."'],
    ['a-.b', 'must not contain "..", ".-" or "-."'],
    ['10.0.0.1', 'must not look like an IP address'],
    ['10.0.0.1a', undefined],
    ['1000.0.0.1', undefined],
  ])('%s: %s', (bucket, problem) => {
    expect(checkBucketName(bucket)).toBe(problem);
  });
});

describe('obs-dir problems, whole', () => {
  it.each([
    ['My-Bucket/x', 'bucket "My-Bucket" may contain only lower-case letters, digits, hyphens and periods'],
    ['my-bucket//x', '"my-bucket//x" has an empty folder name ("//")'],
    ['my-bucket/a\\b', '"my-bucket/a\\\\b" contains a control character or backslash'],
    ['my-bucket/a\u007fb', '"my-bucket/a\u007fb" contains a control character or backslash'],
    [`my-bucket/${'d'.repeat(1024)}`, 'the folder path is longer than the 1023 characters OBS allows in an object key'],
  ])('%j', (raw, problem) => {
    expect(parseObsDir(raw)).toEqual({ ok: false, problem });
  });

  it('a folder path of exactly 1023 characters is accepted', () => {
    const raw = `my-bucket/${'d'.repeat(1023)}`;
    expect(parseObsDir(raw)).toEqual({ ok: true, obsDir: raw });
  });
});
