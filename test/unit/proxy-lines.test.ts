/** Proxy problems read whole, naming the variable a value came from, and the redacted forms the log shows. */
import { describe, expect, it } from 'vitest';
import { proxyFromEnv, proxyProblems, redactProxyUrl } from '../../src/http/proxy.ts';

const tail =
  '; expected http://[user:password@]host:port (or https://), with special characters in the user name and password percent-encoded (% as %25)';

describe('proxy problems, whole', () => {
  it.each([
    ['http://[bad', 'is not a URL'],
    ['socks5://proxy:1080', 'has the scheme "socks5", but only http and https proxies are supported'],
    ['http://us%zzer@proxy:3128', 'has a bad % escape in its user name or password'],
    ['http://user:p%zz@proxy:3128', 'has a bad % escape in its user name or password'],
  ])('%s', (value, problem) => {
    expect(proxyProblems(proxyFromEnv({ https_proxy: value }))).toEqual([
      { variable: 'https_proxy', message: `${problem}${tail}` },
    ]);
  });

  it('a bad http proxy serves https too, and is named once, by its own variable', () => {
    expect(proxyProblems(proxyFromEnv({ HTTP_PROXY: 'ftp://p:21' }))).toEqual([
      { variable: 'HTTP_PROXY', message: `has the scheme "ftp", but only http and https proxies are supported${tail}` },
    ]);
  });

  it('settings without sources: the upper-case names', () => {
    expect(proxyProblems({ httpsProxy: 'gopher://x', httpProxy: 'gopher://y' }).map((p) => p.variable)).toEqual([
      'HTTPS_PROXY',
      'HTTP_PROXY',
    ]);
  });

  it('https proxies and encoded credentials are fine', () => {
    expect(proxyProblems(proxyFromEnv({ HTTPS_PROXY: 'https://u%40x:p%25@proxy:443' }))).toEqual([]);
  });
});

describe('proxy variables', () => {
  it('lower-case http_proxy is read first, trimmed, and serves https too', () => {
    expect(proxyFromEnv({ http_proxy: ' http://lower:1 ', HTTP_PROXY: 'http://upper:2' })).toEqual({
      httpProxy: 'http://lower:1',
      httpsProxy: 'http://lower:1',
      noProxy: undefined,
      sources: { httpProxy: 'http_proxy', httpsProxy: 'http_proxy' },
    });
  });

  it('an https proxy alone: no http proxy and no source for it', () => {
    expect(proxyFromEnv({ HTTPS_PROXY: 'proxy:3128' })).toStrictEqual({
      httpProxy: undefined,
      httpsProxy: 'http://proxy:3128',
      noProxy: undefined,
      sources: { httpProxy: undefined, httpsProxy: 'HTTPS_PROXY' },
    });
  });
});

describe('redacted proxy URLs', () => {
  it('only the parts that are set are hidden', () => {
    expect(redactProxyUrl('http://user@proxy.corp:3128')).toBe('http://***@proxy.corp:3128');
    expect(redactProxyUrl('http://:secret@proxy.corp:3128')).toBe('http://:***@proxy.corp:3128');
    expect(redactProxyUrl('https://proxy.corp')).toBe('https://proxy.corp');
  });
});
