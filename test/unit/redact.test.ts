import { describe, expect, it } from 'vitest';
import { signWithAccessKey } from '../../src/auth/access-key.ts';
import { formatRequest, redactHeaders } from '../../src/http/redact.ts';

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
      idempotent: false,
      url: new URL('https://dli.eu-de.otc.t-systems.com/v1.0/p/streaming/jobs/export'),
      headers: { 'Content-Type': 'application/json', 'X-Project-Id': 'p' },
      body: '{"obs_dir":"b","is_selected":false}',
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
