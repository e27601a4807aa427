/** What commonly causes DLI's and its API gateway's errors, by service error code or HTTP status. */

const PERMISSION_HINT =
  'the credentials lack a DLI permission; grant the user or agency `dli:jobs:export` in IAM (e.g. the DLI FullAccess policy) for this project';

/** Known causes, by service error code (APIG. on Open Telekom Cloud, APIGW. on Huawei Cloud) or HTTP status. */
export function hintFor(code: string | undefined, status: number | undefined): string | undefined {
  const gateway = code?.match(/^APIGW?\.(\d{4})$/)?.[1];
  switch (gateway) {
    case '0101':
      return 'the API was not found: check `region`/`endpoint` (DLI must be offered in that region) and the project ID';
    case '0301':
      return 'the gateway rejected the credentials: check access-key/secret-key (and security-token for temporary keys) and that the project ID belongs to this region. Five failed attempts lock an access key for five minutes';
    case '0303':
      return 'the signature or its timestamp was rejected: the runner clock may be more than 15 minutes off, or a proxy altered the request';
    case '0307':
      return 'the token has expired; obtain a new one';
    case '0308':
      return 'requests are being throttled; retry later or space out runs';
    case '0613':
      return 'IAM is temporarily unavailable; retry later';
  }
  switch (code) {
    case 'DLI.0001':
      return 'DLI rejected a parameter: check `obs-dir` (an existing bucket in this region, without `obs://`) and `job-ids`';
    case 'DLI.0002':
      return 'a job ID or the OBS bucket does not exist in this project and region';
    case 'DLI.0011':
      return 'DLI cannot write to the OBS bucket; authorize DLI to access OBS (DLI console → Global Configuration → Service Authorization) and check the bucket policy';
    case 'DLI.0013':
    case 'DLI.0014':
    case 'DLI.0016':
      return PERMISSION_HINT;
    case 'DLI.0999':
      return 'DLI had an internal error; retry later, and quote the request ID to support if it persists';
  }
  if (status === 403) return PERMISSION_HINT;
  if (status === 401) return 'the request was not authenticated: check the credentials';
  if (status === 429) return 'requests are being throttled; retry later';
  if (status !== undefined && status >= 500)
    return 'the service failed; retry later, quoting the request ID if it persists';
  return undefined;
}
