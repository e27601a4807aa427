import { describe, expect, it } from 'vitest';
import { proxyFromEnv, proxySecrets, redactProxyUrl } from '../../src/http/proxy.ts';

describe('proxy settings', () => {
  it('reads lower-case variables first, as curl and undici do', () => {
    expect(
      proxyFromEnv({ https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2', NO_PROXY: 'x', no_proxy: 'y' }),
    ).toEqual({
      httpProxy: undefined,
      httpsProxy: 'http://a:1',
      noProxy: 'y',
    });
  });

  it('https falls back to the http proxy', () => {
    expect(proxyFromEnv({ HTTP_PROXY: 'http://p:3128' })).toEqual({
      httpProxy: 'http://p:3128',
      httpsProxy: 'http://p:3128',
      noProxy: undefined,
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

  it('lists the proxy password, raw and decoded, for masking', () => {
    expect(proxySecrets({ httpsProxy: 'http://user:p%40ss@proxy:3128', httpProxy: 'http://proxy:80' })).toEqual([
      'p@ss',
      'p%40ss',
    ]);
  });
});
