/** Proxy settings from the conventional environment variables (lower case first, as curl and undici read them). */

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export function proxyFromEnv(env: Env): ProxySettings {
  const pick = (...names: string[]) => names.map((name) => env[name]?.trim()).find((value) => value);
  const httpProxy = pick('http_proxy', 'HTTP_PROXY');
  return {
    httpProxy,
    // As undici and curl do, https requests fall back to the http proxy.
    httpsProxy: pick('https_proxy', 'HTTPS_PROXY') ?? httpProxy,
    noProxy: pick('no_proxy', 'NO_PROXY'),
  };
}

/** The proxy URL as it may be logged: credentials replaced. */
export function redactProxyUrl(proxyUrl: string): string {
  try {
    const url = new URL(proxyUrl);
    if (url.username || url.password) {
      url.username = url.username ? '***' : '';
      url.password = url.password ? '***' : '';
    }
    return url.href.replace(/\/$/, '');
  } catch {
    return '(unreadable proxy URL)';
  }
}

/** Secrets inside proxy URLs (the password, and the user name with it), to mask before anything is logged. */
export function proxySecrets(settings: ProxySettings): string[] {
  const secrets: string[] = [];
  for (const value of [settings.httpProxy, settings.httpsProxy]) {
    if (!value) continue;
    try {
      const url = new URL(value);
      if (url.password) secrets.push(decodeURIComponent(url.password), url.password);
    } catch {
      // an unreadable URL carries nothing we can mask separately; undici will report it
    }
  }
  return [...new Set(secrets)];
}
