/**
 * The `obs-dir` input: where DLI writes the export ZIP, as `bucket[/dir...]`.
 * DLI wants no scheme and no trailing slash, so both are removed before sending.
 */

export type ObsDirResult = { ok: true; obsDir: string } | { ok: false; problem: string };

export function parseObsDir(raw: string): ObsDirResult {
  const trimmed = raw.trim();
  const withoutScheme = trimmed.replace(/^obs:\/\//i, '');
  const obsDir = withoutScheme.replace(/\/+$/, '');
  const [bucket = '', ...dirs] = obsDir.split('/');

  const bucketProblem = checkBucketName(bucket);
  if (bucketProblem)
    return {
      ok: false,
      problem: `bucket ${JSON.stringify(bucket)} ${bucketProblem}`,
    };
  if (dirs.some((segment) => segment === '')) {
    return {
      ok: false,
      problem: `${JSON.stringify(trimmed)} has an empty folder name ("//")`,
    };
  }
  if (/[\u0000-\u001f\u007f\\]/.test(obsDir)) {
    return {
      ok: false,
      problem: `${JSON.stringify(trimmed)} contains a control character or backslash`,
    };
  }
  if (obsDir.length - bucket.length > 1023) {
    return {
      ok: false,
      problem: 'the folder path is longer than the 1023 characters OBS allows in an object key',
    };
  }
  return { ok: true, obsDir };
}

/** OBS bucket naming rules; returns what is wrong, or undefined when the name is valid. */
export function checkBucketName(bucket: string): string | undefined {
  if (bucket.length < 3 || bucket.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9.-]+$/.test(bucket)) return 'may contain only lower-case letters, digits, hyphens and periods';
  if (!/^[a-z0-9].*[a-z0-9]$/.test(bucket)) return 'must start and end with a letter or digit';
  if (/\.\.|\.-|-\./.test(bucket)) return 'must not contain "..", ".-" or "-."';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(bucket)) return 'must not look like an IP address';
  return undefined;
}
