/**
 * The `obs-dir` input: where DLI writes the export ZIP, as `bucket[/dir...]`.
 * DLI wants no scheme and no trailing slash, so both are removed before sending.
 */

/** `bucket/key` (as DLI lists it) written as the `obs://` address users see in OBS Browser and the console. */
export function obsUrl(path: string): string {
  return `obs://${path}`;
}

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

/** `bucket/key.zip` or `bucket/folder` from one entry, or what is wrong with it. */
export function parseObsPath(entry: string): { ok: true; path: string } | { ok: false; problem: string } {
  const trimmed = entry.trim();
  const shown = JSON.stringify(trimmed);
  const path = trimmed.replace(/^obs:\/\//i, '').replace(/\/+$/, '');
  if (path === '') return { ok: false, problem: `${shown} is not an OBS path: expected bucket/folder/file.zip` };
  const [bucket = '', ...keys] = path.split('/');
  const bucketProblem = checkBucketName(bucket);
  if (bucketProblem) return { ok: false, problem: `bucket ${JSON.stringify(bucket)} ${bucketProblem}` };
  if (keys.some((segment) => segment === '')) return { ok: false, problem: `${shown} has an empty folder name ("//")` };
  if (/[\u0000-\u001f\u007f\\]/.test(path)) {
    return { ok: false, problem: `${shown} contains a control character or backslash` };
  }
  const dots = dotSegmentProblem(keys.join('/'));
  if (dots) return { ok: false, problem: `${shown}: ${dots}` };
  // The object key is what follows `bucket/`: 1 to 1024 characters.
  if (path.length - bucket.length - 1 > 1024) {
    return { ok: false, problem: `${shown} is longer than the 1024 characters OBS allows in an object key` };
  }
  return { ok: true, path };
}

/** `bucket/key` as DLI lists it -> its parts; undefined when there is no key. */
export function splitObjectPath(path: string): { bucket: string; key: string } | undefined {
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) return undefined;
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

/** Why a key cannot be put in a URL unchanged (URLs resolve "." and ".." segments), or undefined. */
export function dotSegmentProblem(key: string): string | undefined {
  if (key.split('/').some((segment) => segment === '.' || segment === '..')) {
    return `object key ${JSON.stringify(key)} has a "." or ".." segment, which URLs cannot carry unchanged`;
  }
  return undefined;
}

export type ZipEntryResult = { ok: true; bucket: string; key: string } | { ok: false; problem: string };

/**
 * One `zip_file` entry of DLI's export answer, checked against `obs-dir` before it becomes an OBS request: the
 * answer is data from a service, so its bucket must be a valid bucket name equal to `obs-dir`'s bucket, and its key
 * a well-formed key under `obs-dir`'s folder. An `obs://` prefix is allowed (DLI documents none).
 */
export function parseZipFileEntry(entry: string, obsDir: string): ZipEntryResult {
  const shown = JSON.stringify(entry);
  const path = entry.replace(/^obs:\/\//i, '');
  const slash = path.indexOf('/');
  const bucket = slash === -1 ? path : path.slice(0, slash);
  const key = slash === -1 ? '' : path.slice(slash + 1);
  const [dirBucket = '', ...dirs] = obsDir.split('/');
  const folder = dirs.join('/');
  const bucketProblem = checkBucketName(bucket);
  if (bucketProblem) {
    return { ok: false, problem: `${shown}: bucket ${JSON.stringify(bucket)} ${bucketProblem}` };
  }
  if (bucket !== dirBucket) {
    return {
      ok: false,
      problem: `${shown} is in bucket ${JSON.stringify(bucket)}, not in obs-dir's bucket ${JSON.stringify(dirBucket)}`,
    };
  }
  if (key === '' || key.endsWith('/'))
    return { ok: false, problem: `${shown} names no object (an empty key or a folder)` };
  if (folder !== '' && !key.startsWith(`${folder}/`)) {
    return { ok: false, problem: `${shown} is not under obs-dir's folder ${JSON.stringify(folder)}` };
  }
  if (key.split('/').some((segment) => segment === '')) {
    return { ok: false, problem: `${shown} has an empty folder name ("//")` };
  }
  if (/[\u0000-\u001f\u007f\\]/.test(key)) {
    return { ok: false, problem: `${shown} contains a control character or backslash` };
  }
  const dots = dotSegmentProblem(key);
  if (dots) return { ok: false, problem: `${shown}: ${dots}` };
  if (key.length > 1024) {
    return { ok: false, problem: `${shown} is longer than the 1024 characters OBS allows in an object key` };
  }
  return { ok: true, bucket, key };
}
