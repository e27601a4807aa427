// Types for the undici modules imported by path (see src/http/undici-parts.ts); undici ships types for its index only.
declare module 'undici/lib/dispatcher/env-http-proxy-agent.js' {
  import type { EnvHttpProxyAgent } from 'undici';

  const EnvHttpProxyAgentModule: typeof EnvHttpProxyAgent;
  export = EnvHttpProxyAgentModule;
}

declare module 'undici/lib/api/api-request.js' {
  import type { Dispatcher } from 'undici';

  function request(this: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  export = request;
}
