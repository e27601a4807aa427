/**
 * `npm run emulator` (test/emulator/main.ts): fixed ports for DLI/IAM and for OBS, so that `.env.example` can name
 * both endpoints (INPUT_ENDPOINT 8787, INPUT_OBS-ENDPOINT 8788) and `npm run local-action` downloads without a port
 * copied by hand.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

/** Two consecutive free ports on 127.0.0.1 (P and P + 1), as far as one can tell before using them. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await listenAndClose(0);
    if (port < 65535 && (await listenAndClose(port + 1).catch(() => undefined)) !== undefined) return port;
  }
  throw new Error('no two consecutive free ports');
}

function listenAndClose(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

/** Starts main.ts with these arguments; resolves with its JSON line, or rejects with its stderr and exit code. */
function start(args: string[]): Promise<{ url: string; obsUrl: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('close', (code) => reject(new Error(`exit ${code}: ${err}`)));
  });
}

describe('npm run emulator', () => {
  it('--port P puts OBS on P + 1, and OBS answers there', async () => {
    const port = await freePortPair();
    const info = await start(['--port', String(port)]);
    expect(info.url).toBe(`http://127.0.0.1:${port}`);
    expect(info.obsUrl).toBe(`http://127.0.0.1:${port + 1}`);
    // An unsigned GET of a bucket: OBS's own XML error, not a refused connection.
    const response = await fetch(`${info.obsUrl}/dli-backups/none.zip`);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>');
  }, 30_000);

  it('--obs-port M sets the OBS port itself', async () => {
    const obsPort = await listenAndClose(0);
    const info = await start(['--obs-port', String(obsPort)]);
    expect(info.obsUrl).toBe(`http://127.0.0.1:${obsPort}`);
  }, 30_000);

  it('without --port both ports are free ones; bad ports are refused', async () => {
    const info = await start([]);
    expect(info.obsUrl).not.toBe(info.url);
    await expect(start(['--port', '8787', '--obs-port', '8787'])).rejects.toThrow(/--obs-port must differ/);
    await expect(start(['--obs-port', '70000'])).rejects.toThrow(/--obs-port must be an integer/);
    await expect(start(['--port', '65535'])).rejects.toThrow(/give --obs-port/);
  }, 30_000);
});
