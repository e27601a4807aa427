/** OBS XML errors become one actionable line. */
import { describe, expect, it } from 'vitest';
import { obsError, parseObsError } from '../../src/obs/errors.ts';

const context = { object: 'obs-test/dir/a.zip', bucket: 'obs-test', host: 'obs.eu-de.otc.t-systems.com' };
const xml = (code: string, message: string, requestId = 'RID123') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><HostId>host-id</HostId></Error>`;

describe('OBS XML errors', () => {
  it('reads code, message, request ID and host ID, decoding entities', () => {
    expect(parseObsError(xml('AccessDenied', 'Access &amp; &lt;denied&gt; &#65;&#x42;'))).toEqual({
      code: 'AccessDenied',
      message: 'Access & <denied> AB',
      requestId: 'RID123',
      hostId: 'host-id',
    });
    expect(parseObsError('')).toEqual({});
  });

  it('AccessDenied: one line with the code, message, request ID and the GetObject permission', () => {
    const error = obsError({ status: 403, headers: {}, body: xml('AccessDenied', 'Access Denied') }, context);
    expect(error.describe()).toBe(
      'Downloading obs://obs-test/dir/a.zip failed: HTTP 403 AccessDenied: Access Denied (request ID RID123). Hint: the credentials need permission `obs:object:GetObject` on obs-test (IAM policy, or the bucket policy), and the bucket must be in this region (obs.eu-de.otc.t-systems.com)',
    );
  });

  it('prefers the x-obs-request-id header and counts attempts', () => {
    const error = obsError(
      { status: 503, headers: { 'x-obs-request-id': 'HDR' }, body: xml('ServiceUnavailable', 'busy'), attempts: 3 },
      context,
    );
    expect(error.describe()).toMatch(
      /failed after 3 attempts: HTTP 503 ServiceUnavailable: busy \(request ID HDR\)\. Hint: OBS failed/,
    );
  });

  it.each([
    ['NoSuchKey', 404, /did not appear in time/],
    ['NoSuchBucket', 404, /does not exist at obs\.eu-de/],
    ['InvalidAccessKeyId', 403, /security-token/],
    ['SignatureDoesNotMatch', 403, /secret-key/],
    ['RequestTimeTooSkewed', 403, /clock/],
    ['VirtualHostDomainRequired', 403, /obs-endpoint/],
    ['PermanentRedirect', 301, /another region/],
    ['', 403, /obs:object:GetObject/],
    ['', 307, /another region/],
  ])('%s (HTTP %i) has a hint', (code, status, hint) => {
    const body = code ? xml(code, 'm') : '';
    expect(obsError({ status, headers: {}, body }, context).hint).toMatch(hint);
  });

  it('an empty or non-XML body is still shown', () => {
    expect(obsError({ status: 400, headers: {}, body: '' }, context).describe()).toBe(
      'Downloading obs://obs-test/dir/a.zip failed: HTTP 400: (empty body)',
    );
    expect(obsError({ status: 400, headers: {}, body: 'bad gateway text' }, context).serviceMessage).toBe(
      'bad gateway text',
    );
  });
});
