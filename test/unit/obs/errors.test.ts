/** OBS XML errors become one actionable line. */
import { describe, expect, it } from 'vitest';
import { obsError, obsHint, parseObsError } from '../../../src/obs/errors.ts';

describe('obs-errors', () => {
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
        'Downloading obs://obs-test/dir/a.zip failed: HTTP 403 AccessDenied: Access Denied (request ID RID123). Hint: the credentials need permission `obs:object:GetObject` on obs-test (IAM policy, or the bucket policy), and the bucket must be in this region (obs.eu-de.otc.t-systems.com); without `obs:bucket:ListBucket`, OBS also answers 403 for an object that does not exist',
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
});

/** Every OBS hint read whole, the boundaries of the status rules, and the corners of reading OBS's XML. */
describe('obs-hints', () => {
  const context = { object: 'bkt/dir/a.zip', bucket: 'bkt', host: 'obs.eu-de.otc.t-systems.com' };

  describe('OBS hints, whole', () => {
    it.each([
      [
        'NoSuchKey',
        404,
        'the object did not appear in time; check in the OBS console that DLI wrote it, and that the bucket has no lifecycle rule deleting it',
      ],
      [
        'NoSuchBucket',
        404,
        "the bucket does not exist at obs.eu-de.otc.t-systems.com: check `region` or `obs-endpoint` (the bucket's region)",
      ],
      [
        'InvalidAccessKeyId',
        403,
        'the access key is unknown to OBS: check `access-key`, and that temporary keys come with their `security-token`',
      ],
      ['SignatureDoesNotMatch', 403, 'check `secret-key`; a proxy that alters requests also breaks the signature'],
      ['RequestTimeTooSkewed', 403, "the runner's clock is more than 15 minutes off"],
      [
        'VirtualHostDomainRequired',
        400,
        '`obs-endpoint` must be the OBS domain endpoint of the region, e.g. https://obs.eu-de.otc.t-systems.com',
      ],
      [
        'PermanentRedirect',
        301,
        "the bucket is in another region than obs.eu-de.otc.t-systems.com: set `region` or `obs-endpoint` to the bucket's region",
      ],
      [
        'TemporaryRedirect',
        307,
        "the bucket is in another region than obs.eu-de.otc.t-systems.com: set `region` or `obs-endpoint` to the bucket's region",
      ],
      [
        undefined,
        403,
        'the credentials need permission `obs:object:GetObject` on bkt, and the bucket must be in the region of obs.eu-de.otc.t-systems.com',
      ],
      [
        undefined,
        301,
        "the bucket is in another region than obs.eu-de.otc.t-systems.com: set `region` or `obs-endpoint` to the bucket's region",
      ],
      [undefined, 500, 'OBS failed; retry later, quoting the request ID if it persists'],
      [undefined, 599, 'OBS failed; retry later, quoting the request ID if it persists'],
    ])('%s, HTTP %i', (code, status, hint) => {
      expect(obsHint(code, status, context)).toBe(hint);
    });

    it('a redirect code is recognised by its code alone, whatever the status', () => {
      const hint =
        "the bucket is in another region than obs.eu-de.otc.t-systems.com: set `region` or `obs-endpoint` to the bucket's region";
      expect(obsHint('PermanentRedirect', 400, context)).toBe(hint);
      expect(obsHint('TemporaryRedirect', 400, context)).toBe(hint);
    });

    it.each([
      [undefined, 400],
      [undefined, 404],
      [undefined, 302],
      [undefined, 499],
      ['InternalError', 200],
      ['SomethingElse', 409],
    ])('%s, HTTP %i: no hint', (code, status) => {
      expect(obsHint(code, status, context)).toBeUndefined();
    });
  });

  describe('OBS error lines', () => {
    it('one attempt is not counted; the body’s request ID serves without the header', () => {
      const body = '<Error><Code>NoSuchKey</Code><Message>gone</Message><RequestId>BODY</RequestId></Error>';
      expect(obsError({ status: 404, headers: {}, body, attempts: 1 }, context).describe()).toBe(
        'Downloading obs://bkt/dir/a.zip failed: HTTP 404 NoSuchKey: gone (request ID BODY). Hint: the object did not appear in time; check in the OBS console that DLI wrote it, and that the bucket has no lifecycle rule deleting it',
      );
    });

    it('a text body: its first 200 characters, trimmed, as the message', () => {
      const text = `  ${'t'.repeat(250)}  `;
      expect(obsError({ status: 400, headers: {}, body: text }, context).serviceMessage).toBe('t'.repeat(200));
      expect(obsError({ status: 400, headers: {}, body: ' \n ' }, context).serviceMessage).toBe('(empty body)');
    });

    it('an XML body without a message: the body text stands in', () => {
      const body = '<Error><Code>X</Code></Error>';
      expect(obsError({ status: 400, headers: {}, body }, context).describe()).toBe(
        'Downloading obs://bkt/dir/a.zip failed: HTTP 400 X: <Error><Code>X</Code></Error>',
      );
    });
  });

  describe('reading OBS XML', () => {
    it('blank fields are absent; values are trimmed', () => {
      expect(parseObsError('<Error><Code> </Code><Message>\n  m \n</Message></Error>')).toEqual({
        code: undefined,
        message: 'm',
        requestId: undefined,
        hostId: undefined,
      });
    });

    it('decodes every named entity in any case, decimal and hexadecimal references, and drops nothing else', () => {
      expect(
        parseObsError('<Message>&QUOT;&apos;&Amp;&GT;&lt; &#x1F600; &#X41; &#9731; &nbsp;</Message>').message,
      ).toBe('"\'&>< 😀 A ☃ &nbsp;');
    });

    it('a field is read only from its own element', () => {
      expect(parseObsError('<Codes>x</Codes><Code>C</Code><xMessage>no</xMessage>')).toEqual({
        code: 'C',
        message: undefined,
        requestId: undefined,
        hostId: undefined,
      });
    });
  });
});

describe('obs errors of an upload', () => {
  const upload = {
    object: 'bkt/r/a.zip',
    bucket: 'bkt',
    host: 'obs.eu-de.otc.t-systems.com',
    operation: 'upload' as const,
  };

  it('names the upload and the permission it needs', () => {
    const error = obsError({ status: 403, headers: {}, body: '<Error><Code>AccessDenied</Code></Error>' }, upload);
    expect(error.message).toBe('Uploading to obs://bkt/r/a.zip failed');
    expect(error.hint).toMatch(/^the credentials need permission `obs:object:PutObject` on bkt \(IAM policy/);
    expect(obsHint(undefined, 403, upload)).toMatch(/^the credentials need permission `obs:object:PutObject` on bkt,/);
  });

  it.each([
    ['BadDigest', /the bytes OBS received differ from the file read before/],
    ['EntityTooLarge', /^OBS takes at most 5 GB in one PUT$/],
  ])('%s', (code, hint) => {
    expect(obsHint(code, 400, upload)).toMatch(hint);
  });
});
