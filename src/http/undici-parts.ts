/**
 * The two parts of undici the transport uses, loaded from their own modules instead of undici's index.
 *
 * undici's index evaluates every part of the package (fetch, WebSocket, caches, mocks, ...): about half of the
 * action's start-up time went there. The agent and the dispatcher API are all the transport needs. These module
 * paths are undici's internals, so package.json pins undici's exact version, and unit tests fail when they move,
 * stop being the objects the index exports, or when the index's own set-up (below) is not repeated.
 */
import type { Dispatcher, EnvHttpProxyAgent as EnvHttpProxyAgentType } from 'undici';
import api from 'undici/lib/api/index.js';
import DispatcherModule from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgentModule from 'undici/lib/dispatcher/env-http-proxy-agent.js';

// What undici's index does as it loads, besides exporting: every dispatcher gets the API functions (request,
// stream, pipeline, upgrade, connect). The proxy agent opens its tunnels with `connect`.
Object.assign(DispatcherModule.prototype, api);

export const EnvHttpProxyAgent: typeof EnvHttpProxyAgentType = EnvHttpProxyAgentModule;

export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & {
  method?: Dispatcher.HttpMethod;
  dispatcher: Dispatcher;
};

/** undici's `request(url, { dispatcher, ... })`, for a URL object and an explicit dispatcher. */
export function request(url: URL, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  return api.request.call(dispatcher, {
    ...rest,
    origin: url.origin,
    path: url.search ? `${url.pathname}${url.search}` : url.pathname,
    method: rest.method ?? (rest.body ? 'PUT' : 'GET'),
  });
}
