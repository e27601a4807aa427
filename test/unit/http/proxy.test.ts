/** Proxy problems read whole, naming the variable a value came from, and the redacted forms the log shows. */
import { describe, expect, it } from 'vitest';
import { proxyFromEnv, proxyProblems, proxySecrets, redactProxyUrl } from '../../../src/http/proxy.ts';

describe('proxy: messages read whole', () => {
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
        {
          variable: 'HTTP_PROXY',
          message: `has the scheme "ftp", but only http and https proxies are supported${tail}`,
        },
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
});

describe('proxy', () => {
  describe('proxy settings', () => {
    it('reads lower-case variables first, as curl and undici do', () => {
      expect(
        proxyFromEnv({ https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2', NO_PROXY: 'x', no_proxy: 'y' }),
      ).toEqual({
        httpProxy: undefined,
        httpsProxy: 'http://a:1',
        noProxy: 'y',
        sources: { httpProxy: undefined, httpsProxy: 'https_proxy' },
      });
    });

    it('https falls back to the http proxy', () => {
      expect(proxyFromEnv({ HTTP_PROXY: 'http://p:3128' })).toEqual({
        httpProxy: 'http://p:3128',
        httpsProxy: 'http://p:3128',
        noProxy: undefined,
        sources: { httpProxy: 'HTTP_PROXY', httpsProxy: 'HTTP_PROXY' },
      });
    });

    it('nothing set means no proxy', () => {
      expect(proxyFromEnv({ HTTPS_PROXY: '  ' })).toEqual({
        httpProxy: undefined,
        httpsProxy: undefined,
        noProxy: undefined,
      });
    });

    it('redacts credentials for the log', () => {
      expect(redactProxyUrl('http://user:p%40ss@proxy.corp:3128')).toBe('http://***:***@proxy.corp:3128');
      expect(redactProxyUrl('http://proxy.corp:3128/')).toBe('http://proxy.corp:3128');
      expect(redactProxyUrl('not a url')).toBe('(unreadable proxy URL)');
    });

    it('lists the proxy user name and password, raw and decoded, for masking', () => {
      expect(proxySecrets({ httpsProxy: 'http://us%65r:p%40ss@proxy:3128', httpProxy: 'http://proxy:80' })).toEqual([
        'us%65r',
        'user',
        'p%40ss',
        'p@ss',
      ]);
      expect(proxySecrets({ httpsProxy: 'http://token@proxy:3128/x@y' })).toEqual(['token']);
    });

    it('masks the credentials of an unusable URL too (bad % escape, unknown scheme, no scheme)', () => {
      expect(proxySecrets({ httpsProxy: 'http://builder:p%zzss@proxy:3128' })).toEqual(['builder', 'p%zzss']);
      expect(proxySecrets({ httpsProxy: 'socks5://u1:s3cret@proxy:1080' })).toEqual(['u1', 's3cret']);
      expect(proxySecrets(proxyFromEnv({ HTTPS_PROXY: 'u2:pa:ss@proxy.corp:3128' }))).toEqual(['u2', 'pa:ss']);
    });

    it.each([
      'http://u3:123/abc@proxy.corp:3128',
      'http://u3:123?abc@proxy.corp:3128',
      'http://u3:123#abc@proxy.corp:3128',
    ])('a password with an unencoded "/", "?" or "#" is masked and refused, not logged: %s', (value) => {
      const settings = proxyFromEnv({ HTTPS_PROXY: value });
      const secret = value.slice('http://u3:'.length, value.indexOf('@'));
      expect(proxySecrets(settings)).toEqual(['u3', secret]);
      const problems = proxyProblems(settings);
      expect(problems).toEqual([
        { variable: 'HTTPS_PROXY', message: expect.stringMatching(/^has "@" after its host/) },
      ]);
      expect(JSON.stringify(problems)).not.toContain('abc');
    });

    it.each([
      ['proxy.corp:3128', 'http://proxy.corp:3128'],
      ['10.0.0.5:3128', 'http://10.0.0.5:3128'],
      ['user:pw@proxy.corp:3128', 'http://user:pw@proxy.corp:3128'],
      ['https://proxy.corp:3128', 'https://proxy.corp:3128'],
    ])('a proxy without a scheme is http, as @actions/http-client reads it: %s', (value, expected) => {
      const settings = proxyFromEnv({ HTTPS_PROXY: value, NO_PROXY: 'localhost,.corp' });
      expect(settings.httpsProxy).toBe(expected);
      expect(settings.noProxy).toBe('localhost,.corp');
      expect(proxyProblems(settings)).toEqual([]);
    });

    it.each([
      [
        'HTTPS_PROXY',
        'http://builder:p%zzss@proxy:3128',
        /^has a bad % escape in its user name or password; expected http:/,
      ],
      ['HTTPS_PROXY', 'socks5://proxy:1080', /^has the scheme "socks5", but only http and https proxies are supported/],
      ['https_proxy', 'http://exa mple:80', /^is not a URL/],
      ['HTTP_PROXY', 'http://:80', /^is not a URL/],
    ])('%s=%s cannot be used: the problem names the variable', (variable, value, message) => {
      const problems = proxyProblems(proxyFromEnv({ [variable]: value }));
      expect(problems).toEqual([{ variable, message: expect.stringMatching(message) }]);
      expect(JSON.stringify(problems)).not.toContain('zzss');
    });

    it('each unusable variable is named once, https first', () => {
      expect(
        proxyProblems(proxyFromEnv({ HTTPS_PROXY: 'ftp://a:1', HTTP_PROXY: 'ftp://b:2' })).map((p) => p.variable),
      ).toEqual(['HTTPS_PROXY', 'HTTP_PROXY']);
    });
  });
});
