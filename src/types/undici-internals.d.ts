// Types for the undici modules imported by path (see src/http/undici-parts.ts); undici ships types for its index only.
declare module 'undici/lib/dispatcher/env-http-proxy-agent.js' {
  import type { EnvHttpProxyAgent } from 'undici';

  const EnvHttpProxyAgentModule: typeof EnvHttpProxyAgent;
  export = EnvHttpProxyAgentModule;
}

declare module 'undici/lib/dispatcher/dispatcher.js' {
  import type { Dispatcher } from 'undici';

  const DispatcherModule: typeof Dispatcher;
  export = DispatcherModule;
}

declare module 'undici/lib/api/index.js' {
  import type { Dispatcher } from 'undici';

  const api: {
    request(this: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
    stream: Dispatcher['stream'];
    pipeline: Dispatcher['pipeline'];
    upgrade: Dispatcher['upgrade'];
    connect: Dispatcher['connect'];
  };
  export = api;
}
