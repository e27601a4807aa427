/** Proxy settings from the conventional environment variables (lower case first, as curl and undici read them). */

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
  /** The variable each proxy URL came from (e.g. "HTTPS_PROXY"), to name it in problems. */
  sources?: { httpProxy?: string; httpsProxy?: string };
}

type Env = Readonly<Record<string, string | undefined>>;

export function proxyFromEnv(env: Env): ProxySettings {
  const pick = (...names: string[]) => {
    const name = names.find((candidate) => env[candidate]?.trim());
    return name === undefined ? undefined : { name, value: env[name]?.trim() ?? '' };
  };
  const http = pick('http_proxy', 'HTTP_PROXY');
  // As undici and curl do, https requests fall back to the http proxy.
  const https = pick('https_proxy', 'HTTPS_PROXY') ?? http;
  const settings: ProxySettings = {
    httpProxy: http && withScheme(http.value),
    httpsProxy: https && withScheme(https.value),
    noProxy: pick('no_proxy', 'NO_PROXY')?.value,
  };
  if (http || https) settings.sources = { httpProxy: http?.name, httpsProxy: https?.name };
  return settings;
}

/**
 * `proxy.corp:3128` or `10.0.0.5:3128` means `http://proxy.corp:3128`, as @actions/http-client and curl read a
 * proxy without a scheme.
 */
export function withScheme(value: string): string {
  return value.includes('://') ? value : `http://${value}`;
}

/** What makes a proxy URL unusable, each naming its variable; never showing its credentials. */
export function proxyProblems(settings: ProxySettings): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const key of ['httpsProxy', 'httpProxy'] as const) {
    const value = settings[key];
    const variable = settings.sources?.[key] ?? (key === 'httpsProxy' ? 'HTTPS_PROXY' : 'HTTP_PROXY');
    if (value === undefined || seen.has(variable)) continue;
    seen.add(variable);
    const problem = proxyUrlProblem(value);
    if (problem) {
      problems.push({
        variable,
        message: `${problem}; expected http://[user:password@]host:port (or https://), with special characters in the user name and password percent-encoded (% as %25)`,
      });
    }
  }
  return problems;
}

function proxyUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `has the scheme ${JSON.stringify(url.protocol.replace(/:$/, ''))}, but only http and https proxies are supported`;
  }
  if (url.username === '' && url.password === '' && value.replace(/^[^:]*:\/\//, '').includes('@')) {
    return 'has "@" after its host name (a user name or password holding "/", "?" or "#" must be percent-encoded)';
  }
  for (const part of [url.username, url.password]) {
    try {
      decodeURIComponent(part);
    } catch {
      return 'has a bad % escape in its user name or password';
    }
  }
  return undefined;
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

/**
 * Secrets inside proxy URLs (the user name and the password, as written and decoded), to mask before anything is
 * logged. Read from the text itself, so that they are masked even when the URL cannot be used.
 */
export function proxySecrets(settings: ProxySettings): string[] {
  const secrets: string[] = [];
  for (const value of [settings.httpProxy, settings.httpsProxy]) {
    if (!value) continue;
    // scheme://userinfo@host...: userinfo is everything before the last '@' of the authority
    const rest = value.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '');
    const authority = rest.split(/[/?#]/)[0] ?? '';
    // A password holding an unencoded "/", "?" or "#" ends the authority early (`http://u:12/x@proxy`): then the
    // userinfo is everything before the last "@" of the rest, so it is masked although the URL cannot be used.
    const at = authority.includes('@') ? authority.lastIndexOf('@') : rest.lastIndexOf('@');
    if (at === -1) continue;
    const userinfo = (authority.includes('@') ? authority : rest).slice(0, at);
    const colon = userinfo.indexOf(':');
    for (const part of colon === -1 ? [userinfo] : [userinfo.slice(0, colon), userinfo.slice(colon + 1)]) {
      if (!part) continue;
      secrets.push(part);
      try {
        secrets.push(decodeURIComponent(part));
      } catch {
        // a bad % escape: the raw text is masked, and proxyProblems reports it
      }
    }
  }
  return [...new Set(secrets)];
}
