/** A request as the log shows it, whole: sorted headers, every secret-bearing header withheld in any case. */
import { describe, expect, it } from 'vitest';
import { signWithAccessKey } from '../../../src/auth/access-key.ts';
import { formatRequest, redactHeaders } from '../../../src/http/redact.ts';

describe('redact: messages read whole', () => {
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
});

describe('redact', () => {
  describe('requests in logs', () => {
    const credentials = {
      mode: 'access-key' as const,
      accessKey: 'AKSHOWN',
      secretKey: 'SECRET-SK',
      securityToken: 'SECRET-TOKEN',
      source: 'inputs',
    };
    const signed = signWithAccessKey(
      {
        operation: 'DLI export',
        method: 'POST',
        url: new URL('https://dli.eu-de.otc.t-systems.com/v1.0/p/streaming/jobs/export'),
        headers: { 'Content-Type': 'application/json', 'X-Project-Id': 'p' },
        body: '{"obs_dir":"b","is_selected":false}',
        idempotent: false,
      },
      credentials,
      new Date('2026-11-26T10:00:00Z'),
    );

    it('signs Host, X-Sdk-Date, X-Project-Id, X-Security-Token and Content-Type', () => {
      expect(signed.headers.Authorization).toMatch(
        /^SDK-HMAC-SHA256 Access=AKSHOWN, SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token, Signature=[0-9a-f]{64}$/,
      );
      expect(signed.headers['X-Sdk-Date']).toBe('20261126T100000Z');
      expect(signed.headers.Host).toBe('dli.eu-de.otc.t-systems.com');
    });

    it('withholds the signature and the security token, keeps the access key', () => {
      const text = formatRequest(signed);
      expect(text).not.toContain('SECRET-TOKEN');
      expect(text).not.toMatch(/Signature=[0-9a-f]/);
      expect(text).toContain('Access=AKSHOWN');
      expect(text).toContain('X-Security-Token: ***');
      expect(text.split('\n')[0]).toBe('POST https://dli.eu-de.otc.t-systems.com/v1.0/p/streaming/jobs/export');
      expect(text.endsWith('\n\n{"obs_dir":"b","is_selected":false}')).toBe(true);
    });

    it.each(['X-Auth-Token', 'Proxy-Authorization', 'authorization'])('hides %s', (name) => {
      expect(redactHeaders({ [name]: 'Bearer secret' })[name]).toBe('***');
    });
  });
});
