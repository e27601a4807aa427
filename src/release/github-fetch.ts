/**
 * The `fetch` Octokit sends GitHub's requests with: undici's own `fetch` over the transport's agent for the action's
 * proxy settings (src/http/proxy.ts; `agentFor`, an `EnvHttpProxyAgent` of the same undici when a proxy is set). So GitHub's API and its uploads follow
 * the one proxy rule DLI, IAM and OBS follow: an https request uses HTTPS_PROXY, else HTTP_PROXY; lower-case names
 * first; a proxy without a scheme is http://; NO_PROXY. (@actions/github's default fetch reads the environment
 * itself: no fall-back to HTTP_PROXY, and a scheme-less proxy is not used.)
 *
 * Agent and fetch come from the same 'undici' import: a dispatcher of one undici major fails inside another's
 * fetch (Node's global fetch bundles its own undici).
 */
import { fetch as undiciFetch } from 'undici';
import type { ProxySettings } from '../http/proxy.ts';
import { agentFor } from '../http/transport.ts';

export interface GithubFetch {
  fetch: typeof globalThis.fetch;
  /** Ends every connection (requests still in flight fail), so nothing keeps Node alive. */
  close(): Promise<void>;
}

export function createGithubFetch(proxy: ProxySettings, connectTimeoutMs: number): GithubFetch {
  // The transport's own agent for these settings: the same proxy rule, and the same undici as this fetch.
  const dispatcher = agentFor(proxy, connectTimeoutMs);
  const fetch = ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher })) as unknown as typeof globalThis.fetch;
  return { fetch, close: () => dispatcher.destroy() };
}
