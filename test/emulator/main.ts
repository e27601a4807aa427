// CLI: node test/emulator/main.ts [--port N] [--obs-port M] [--id-token-request-token TOKEN]
// Starts the emulator with its defaults, prints one JSON line with the URL and credentials (AK/SK, IAM user,
// identity provider and the GitHub ID-token environment), and runs until SIGINT or SIGTERM. The ID-token stand-in's
// request token is DEFAULT_ID_TOKEN_REQUEST_TOKEN unless given, so a fixed `.env` (npm run local-action) can name it.
// OBS has its own port: --obs-port, else the next port after a fixed --port (8787 -> 8788, as `.env.example`'s
// INPUT_OBS-ENDPOINT expects), else a free one.

import { parseArgs } from 'node:util';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_AUDIENCE,
  DEFAULT_DOMAIN,
  DEFAULT_ID_TOKEN_REQUEST_TOKEN,
  DEFAULT_IDP_ID,
  DEFAULT_PASSWORD,
  DEFAULT_SECRET_KEY,
  DEFAULT_USERNAME,
  type Emulator,
  startEmulator,
} from './server.ts';

function portOption(name: string, text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new Error(`--${name} must be an integer from 0 to 65535 (got ${text})`);
  return port;
}

function parseCli(args: string[]): { port: number; obsPort: number; requestToken: string } {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      'obs-port': { type: 'string' },
      'id-token-request-token': { type: 'string' },
    },
    strict: true,
  });
  const port = portOption('port', values.port ?? '0');
  if (values['obs-port'] === undefined && port === 65535) {
    throw new Error('--port 65535 leaves no next port for OBS: give --obs-port as well');
  }
  const obsPort = portOption('obs-port', values['obs-port'] ?? (port === 0 ? '0' : String(port + 1)));
  if (port !== 0 && obsPort === port) throw new Error(`--obs-port must differ from --port (both ${port})`);
  const requestToken = values['id-token-request-token'] ?? DEFAULT_ID_TOKEN_REQUEST_TOKEN;
  if (requestToken === '') throw new Error('--id-token-request-token must not be empty');
  return { port, obsPort, requestToken };
}

async function main(): Promise<void> {
  const { port, obsPort, requestToken } = parseCli(process.argv.slice(2));
  let emulator: Emulator | undefined;
  const stop = (): void => {
    if (emulator === undefined) process.exit(0);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Installed before anything else, so a signal during start-up is not lost.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  emulator = await startEmulator({ port, obsPort, githubRequestToken: requestToken });
  const info = {
    url: emulator.url,
    obsUrl: emulator.obs.url,
    projectId: emulator.projectId,
    accessKey: DEFAULT_ACCESS_KEY,
    secretKey: DEFAULT_SECRET_KEY,
    username: DEFAULT_USERNAME,
    password: DEFAULT_PASSWORD,
    domain: DEFAULT_DOMAIN,
    idpId: DEFAULT_IDP_ID,
    audience: DEFAULT_AUDIENCE,
    ...emulator.githubIdTokenEnv,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
