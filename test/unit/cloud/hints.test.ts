/** DLI's and the gateway's hints read whole, by code on both clouds' prefixes and by status at the bounds. */
import { describe, expect, it } from 'vitest';
import { hintFor } from '../../../src/cloud/hints.ts';

const PERMISSION =
  'the credentials lack a DLI permission; grant the user or agency `dli:jobs:export` in IAM (e.g. the DLI FullAccess policy) for this project';

describe('hintFor', () => {
  it.each([
    [
      '0101',
      'the API was not found: check `region`/`endpoint` (DLI must be offered in that region) and the project ID',
    ],
    [
      '0301',
      'the gateway rejected the credentials: check access-key/secret-key (and security-token for temporary keys) and that the project ID belongs to this region. Five failed attempts lock an access key for five minutes',
    ],
    [
      '0303',
      'the signature or its timestamp was rejected: the runner clock may be more than 15 minutes off, or a proxy altered the request',
    ],
    ['0307', 'the token has expired; obtain a new one'],
    ['0308', 'requests are being throttled; retry later or space out runs'],
    ['0613', 'IAM is temporarily unavailable; retry later'],
  ])('gateway %s, on both clouds', (number, hint) => {
    expect(hintFor(`APIG.${number}`, 400)).toBe(hint);
    expect(hintFor(`APIGW.${number}`, 400)).toBe(hint);
  });

  it('gateway codes must be whole: a prefix or suffix is not one', () => {
    expect(hintFor('XAPIG.0301', 400)).toBeUndefined();
    expect(hintFor('APIG.03011', 400)).toBeUndefined();
    expect(hintFor('APIGX.0301', 400)).toBeUndefined();
    expect(hintFor('APIG.9999', 400)).toBeUndefined();
  });

  it.each([
    [
      'DLI.0001',
      'DLI rejected a parameter: check `obs-dir` (an existing bucket in this region, without `obs://`) and `job-ids`',
    ],
    ['DLI.0002', 'a job ID or the OBS bucket does not exist in this project and region'],
    [
      'DLI.0011',
      'DLI cannot write to the OBS bucket; authorize DLI to access OBS (DLI console → Global Configuration → Service Authorization) and check the bucket policy',
    ],
    ['DLI.0013', PERMISSION],
    ['DLI.0014', PERMISSION],
    ['DLI.0016', PERMISSION],
    ['DLI.0999', 'DLI had an internal error; retry later, and quote the request ID to support if it persists'],
  ])('%s', (code, hint) => {
    expect(hintFor(code, 400)).toBe(hint);
  });

  it.each([
    [403, PERMISSION],
    [401, 'the request was not authenticated: check the credentials'],
    [429, 'requests are being throttled; retry later'],
    [500, 'the service failed; retry later, quoting the request ID if it persists'],
    [503, 'the service failed; retry later, quoting the request ID if it persists'],
    [499, undefined],
    [400, undefined],
    [404, undefined],
    [undefined, undefined],
  ])('an unknown code at HTTP %s', (status, hint) => {
    expect(hintFor('SOMETHING.1', status)).toBe(hint);
    expect(hintFor(undefined, status)).toBe(hint);
  });
});
