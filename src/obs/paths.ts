/**
 * The `obs-dir` input: where DLI writes the export ZIP, as `bucket[/dir...]`.
 * DLI wants no scheme and no trailing slash, so both are removed before sending.
 */

export type ObsDirResult = { ok: true; obsDir: string } | { ok: false; problem: string };

export function parseObsDir(raw: string): ObsDirResult {
  const trimmed = raw.trim();
  const formProblem = checkForm(trimmed);
  if (formProblem) return { ok: false, problem: `${JSON.stringify(trimmed)} ${formProblem}` };
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
  // The folder path is what follows `bucket/`.
  if (obsDir.length - bucket.length - 1 > 1023) {
    return {
      ok: false,
      problem: 'the folder path is longer than the 1023 characters OBS allows in an object key',
    };
  }
  return { ok: true, obsDir };
}

const FORMS = 'give it as `bucket/folder` or `obs://bucket/folder`';

/** Forms people type that are not a bucket and folder: other schemes and URLs, `obs:/b`, a leading slash. */
function checkForm(value: string): string | undefined {
  if (/^obs:\/\//i.test(value)) return undefined;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1];
  if (scheme !== undefined) {
    const what = /^obs$/i.test(scheme) ? 'is not an obs:// address' : `is a ${scheme}: address, not an OBS folder`;
    return `${what}: ${FORMS}`;
  }
  if (value.startsWith('/')) return `starts with "/": ${FORMS}, without a leading slash`;
  return undefined;
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
