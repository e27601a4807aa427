/**
 * The two parts of undici the transport uses, loaded from their own modules instead of undici's index.
 *
 * undici's index evaluates every part of the package (fetch, WebSocket, caches, mocks, ...): about half of the
 * action's start-up time went there. The agent and the request API are all the transport needs. These module paths
 * are undici's internals, so package.json pins undici's exact version and a unit test fails when they move or stop
 * being the same objects the index exports.
 */
import type { Dispatcher, EnvHttpProxyAgent as EnvHttpProxyAgentType } from 'undici';
import requestModule from 'undici/lib/api/api-request.js';
import EnvHttpProxyAgentModule from 'undici/lib/dispatcher/env-http-proxy-agent.js';

export const EnvHttpProxyAgent: typeof EnvHttpProxyAgentType = EnvHttpProxyAgentModule;

export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & {
  method?: Dispatcher.HttpMethod;
  dispatcher: Dispatcher;
};

/** undici's `request(url, { dispatcher, ... })`, for a URL object and an explicit dispatcher. */
export function request(url: URL, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  return requestModule.call(dispatcher, {
    ...rest,
    origin: url.origin,
    path: url.search ? `${url.pathname}${url.search}` : url.pathname,
    method: rest.method ?? (rest.body ? 'PUT' : 'GET'),
  });
}
