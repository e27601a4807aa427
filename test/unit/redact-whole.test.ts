/** A request as the log shows it, whole: sorted headers, every secret-bearing header withheld in any case. */
import { describe, expect, it } from 'vitest';
import { formatRequest, redactHeaders } from '../../src/http/redact.ts';

describe('redacted requests', () => {
  it('every secret-bearing header is withheld, whatever its case; others stay', () => {
    expect(
      redactHeaders({
        'X-Auth-Token': 'T',
        'x-security-token': 'S',
        'Proxy-Authorization': 'Basic abc',
        authorization: 'Bearer ghs_x',
        Accept: 'application/json',
      }),
    ).toEqual({
      'X-Auth-Token': '***',
      'x-security-token': '***',
      'Proxy-Authorization': '***',
      authorization: '***',
      Accept: 'application/json',
    });
  });

  it('an AK/SK authorization keeps its access key and signed headers, not its signature', () => {
    expect(
      redactHeaders({
        Authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=abc123 tail',
      }),
    ).toEqual({ Authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=*** tail' });
  });

  it('the whole text: request line, headers sorted without regard to case, a blank line, the body', () => {
    expect(
      formatRequest({
        operation: 'DLI import',
        method: 'POST',
        url: new URL('https://dli.example/v1.0/p/streaming/jobs/import'),
        headers: { 'x-project-id': 'p', 'X-Auth-Token': 'T', 'Content-Type': 'application/json' },
        body: '{"zip_file":"b/a.zip"}',
        idempotent: false,
      }),
    ).toBe(
      'POST https://dli.example/v1.0/p/streaming/jobs/import\nContent-Type: application/json\nX-Auth-Token: ***\nx-project-id: p\n\n{"zip_file":"b/a.zip"}',
    );
    expect(
      formatRequest({ operation: 'x', method: 'GET', url: new URL('https://h/x'), headers: {}, idempotent: true }),
    ).toBe('GET https://h/x\n\n');
  });
});
