/** The obs-dir and bucket-name problems read whole, and the bounds of each rule. */
import { describe, expect, it } from 'vitest';
import { checkBucketName, parseObsDir, parseObsPath, parseZipFileEntry } from '../../../src/obs/paths.ts';

describe('obs-dir: messages read whole', () => {
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
      [
        `my-bucket/${'d'.repeat(1024)}`,
        'the folder path is longer than the 1023 characters OBS allows in an object key',
      ],
    ])('%j', (raw, problem) => {
      expect(parseObsDir(raw)).toEqual({ ok: false, problem });
    });

    it('a folder path of exactly 1023 characters is accepted', () => {
      const raw = `my-bucket/${'d'.repeat(1023)}`;
      expect(parseObsDir(raw)).toEqual({ ok: true, obsDir: raw });
    });
  });
});

describe('obs-dir', () => {
  describe('obs-dir input', () => {
    it.each([
      ['a bare bucket', 'obs-test', 'obs-test'],
      ['bucket and folders', 'my-bucket/dli/backups', 'my-bucket/dli/backups'],
      ['an obs:// prefix removed', 'obs://my-bucket/dli', 'my-bucket/dli'],
      ['an OBS:// prefix in upper case removed', 'OBS://my-bucket/dli', 'my-bucket/dli'],
      ['trailing slashes removed', 'obs://my-bucket/dli//', 'my-bucket/dli'],
      ['a bucket with periods', 'backups.example.com/x', 'backups.example.com/x'],
      ['surrounding whitespace', '  my-bucket  ', 'my-bucket'],
    ])('accepts %s', (_name, raw, expected) => {
      expect(parseObsDir(raw)).toEqual({ ok: true, obsDir: expected });
    });

    it.each([
      ['an empty value after the prefix', 'obs://', /3 to 63/],
      ['a two-letter bucket', 'ab/x', /3 to 63/],
      ['upper case in the bucket', 'My-Bucket/x', /lower-case/],
      ['an underscore in the bucket', 'my_bucket', /lower-case/],
      ['a bucket ending in a hyphen', 'bucket-/x', /start and end/],
      ['two periods in a row', 'my..bucket', /"\.\."/],
      ['an IP-address bucket', '192.168.1.1/x', /IP address/],
      ['an empty folder', 'my-bucket//x', /empty folder/],
      ['a control character', 'my-bucket/a\u0001b', /control character/],
      ['a 64-character bucket', `${'a'.repeat(64)}/x`, /3 to 63/],
    ])('rejects %s', (_name, raw, message) => {
      const result = parseObsDir(raw);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem).toMatch(message);
    });

    it('a folder path of exactly 1023 characters after the bucket is accepted, a longer one refused', () => {
      const folder = 'd'.repeat(1023);
      expect(parseObsDir(`my-bucket/${folder}`)).toEqual({ ok: true, obsDir: `my-bucket/${folder}` });
      expect(parseObsDir(`my-bucket/${folder}d`).ok).toBe(false);
    });

    it.each([
      [
        's3://b/x',
        /^"s3:\/\/b\/x" is a s3: address, not an OBS folder: give it as `bucket\/folder` or `obs:\/\/bucket\/folder`$/,
      ],
      [
        'https://b.obs.eu-de.otc.t-systems.com/x',
        /^"https:.*" is a https: address, not an OBS folder: give it as `bucket\/folder`/,
      ],
      [
        'obs:/b/x',
        /^"obs:\/b\/x" is not an obs:\/\/ address: give it as `bucket\/folder` or `obs:\/\/bucket\/folder`$/,
      ],
      ['obs:bucket/x', /is not an obs:\/\/ address/],
      [
        '/b/x',
        /^"\/b\/x" starts with "\/": give it as `bucket\/folder` or `obs:\/\/bucket\/folder`, without a leading slash$/,
      ],
      ['  S3://my-bucket  ', /^"S3:\/\/my-bucket" is a S3: address/],
    ])('%s gets a message about the form, not about a bucket', (raw, message) => {
      const result = parseObsDir(raw);
      expect(result).toEqual({ ok: false, problem: expect.stringMatching(message) });
      expect(result.ok ? '' : result.problem).not.toMatch(/bucket "/);
    });
  });
});

describe("an OBS path of a ZIP or folder (the import's zip-file entries), read whole", () => {
  it.each([
    ['obs:///', '"obs:///" is not an OBS path: expected bucket/folder/file.zip'],
    ['b-1//a.zip', '"b-1//a.zip" has an empty folder name ("//")'],
    ['b-1/a\u0007.zip', '"b-1/a\\u0007.zip" contains a control character or backslash'],
    ['b-1/a\\b.zip', '"b-1/a\\\\b.zip" contains a control character or backslash'],
    ['b-1/a\u007f.zip', '"b-1/a\u007f.zip" contains a control character or backslash'],
    [
      `b-1/${'k'.repeat(1025)}`,
      `"b-1/${'k'.repeat(1025)}" is longer than the 1024 characters OBS allows in an object key`,
    ],
  ])('%j', (entry, problem) => {
    expect(parseObsPath(entry)).toEqual({ ok: false, problem });
  });

  it('obs:// in any case and trailing slashes are removed; a bucket alone is a path', () => {
    expect(parseObsPath('  OBS://b-1/rel/v1// ')).toEqual({ ok: true, path: 'b-1/rel/v1' });
    expect(parseObsPath('b-1')).toEqual({ ok: true, path: 'b-1' });
  });
});

describe("parseZipFileEntry: DLI's answer checked against obs-dir", () => {
  it.each([
    ['bkt/dir/a.zip', 'bkt/dir', { ok: true, bucket: 'bkt', key: 'dir/a.zip' }],
    ['obs://bkt/dir/sub/a.zip', 'bkt/dir', { ok: true, bucket: 'bkt', key: 'dir/sub/a.zip' }],
    ['bkt/any.zip', 'bkt', { ok: true, bucket: 'bkt', key: 'any.zip' }],
  ])('%s under %s is accepted', (entry, obsDir, expected) => {
    expect(parseZipFileEntry(entry, obsDir)).toEqual(expected);
  });

  it.each([
    ['intranet#/a.zip', 'bucket "intranet#" may contain only lower-case letters, digits, hyphens and periods'],
    [
      '2852039166:80?/x.zip',
      'bucket "2852039166:80?" may contain only lower-case letters, digits, hyphens and periods',
    ],
    ['127.0.0.1/x.zip', 'bucket "127.0.0.1" must not look like an IP address'],
    ['Bkt/dir/a.zip', 'bucket "Bkt" may contain only lower-case letters, digits, hyphens and periods'],
    ['bkt2/dir/a.zip', 'is in bucket "bkt2", not in obs-dir\'s bucket "bkt"'],
    ['bkt/dirx/a.zip', 'is not under obs-dir\'s folder "dir"'],
    ['bkt/dir', 'is not under obs-dir\'s folder "dir"'],
    ['bkt/dir/', 'names no object (an empty key or a folder)'],
    ['bkt/dir//a.zip', 'has an empty folder name ("//")'],
    ['bkt/dir/a\u0000.zip', 'contains a control character or backslash'],
    ['bkt/dir/./a.zip', 'object key "dir/./a.zip" has a "." or ".." segment, which URLs cannot carry unchanged'],
    [`bkt/dir/${'k'.repeat(1021)}`, 'is longer than the 1024 characters OBS allows in an object key'],
  ])('%s is refused: %s', (entry, why) => {
    const result = parseZipFileEntry(entry, 'bkt/dir');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toContain(why);
    expect(!result.ok && result.problem).toContain(JSON.stringify(entry).slice(0, 20));
  });

  it("the import's zip-file paths follow the same key rules: no dot segments", () => {
    expect(parseObsPath('bkt/dir/../a.zip')).toEqual({
      ok: false,
      problem:
        '"bkt/dir/../a.zip": object key "dir/../a.zip" has a "." or ".." segment, which URLs cannot carry unchanged',
    });
    expect(parseObsPath('intranet#/a.zip')).toMatchObject({ ok: false });
  });
});
