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
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Response, fetch as undiciFetch } from 'undici';
import { readCappedBody } from '../http/body.ts';
import type { ProxySettings } from '../http/proxy.ts';
import { agentFor } from '../http/transport.ts';

export interface GithubFetch {
  fetch: typeof globalThis.fetch;
  /** Ends every connection (requests still in flight fail), so nothing keeps Node alive. */
  close(): Promise<void>;
}

/** `connectTimeoutMs` (`timeout-seconds`) bounds connecting, and reading an error answer's body. */
export function createGithubFetch(proxy: ProxySettings, connectTimeoutMs: number): GithubFetch {
  // The transport's own agent for these settings: the same proxy rule, and the same undici as this fetch.
  const dispatcher = agentFor(proxy, connectTimeoutMs);
  const fetch = (async (input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) => {
    const response = await undiciFetch(input, { ...init, dispatcher });
    if (response.status < 400 || response.body === null) return response;
    // An error answer's body (Octokit reads it whole for its message) is kept to its first 64 kB and read within
    // `timeout-seconds`, however large it is or however slowly it comes (http/body.ts).
    const { text } = await readCappedBody(Readable.fromWeb(response.body as unknown as WebReadableStream), {
      deadlineMs: connectTimeoutMs,
    });
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, close: () => dispatcher.destroy() };
}
