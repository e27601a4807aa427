/**
 * A real HTTP forward proxy for tests, run as its own process (this file is both a module and a script).
 *
 * - `CONNECT host:port` tunnelling (what HTTPS clients use) and absolute-URI forwarding of plain HTTP
 *   (`GET http://host:port/path`).
 * - Never leaves loopback: an authority listed in `--map host:port=127.0.0.1:PORT` goes to the mapped loopback
 *   address; an unmapped authority whose host is a loopback IP literal (127.0.0.0/8, ::1) is connected as is;
 *   anything else is answered `502 Bad Gateway`. No DNS look-ups are made.
 * - `--auth user:pass` requires `Proxy-Authorization: Basic ...` (else `407`, `Proxy-Authenticate: Basic realm="test"`).
 * - `--refuse` answers every request (CONNECT and plain HTTP) with `403 Forbidden`, after the auth check.
 * - `--exit-on-stdin-end` exits when stdin closes, so a crashed parent cannot leave it running.
 *
 * Options may also be given as JSON in FORWARD_PROXY_OPTIONS (`{"map":{...},"auth":{"user","pass"},"refuse":true}`);
 * CLI arguments are added on top. It listens on 127.0.0.1 port 0, prints `{"port":N}` on stdout when ready, then one
 * JSON line per handled request: `{"method","target","status","auth","upstream"}`.
 *
 *   node test/support/forward-proxy.ts --map dli.eu-de.otc.t-systems.com:443=127.0.0.1:8443
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, request, STATUS_CODES } from 'node:http';
import { connect, isIPv4, isIPv6, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';

export interface ForwardProxyOptions {
  /** `host:port` (as the client asks for it) → `127.0.0.1:PORT`. */
  map?: Record<string, string>;
  auth?: { user: string; pass: string };
  /** Answer every request with 403 Forbidden (after authentication). */
  refuse?: boolean;
}

export interface ProxyLogEntry {
  method: string;
  /** The request target as received: `host:port` for CONNECT, the absolute URI for plain HTTP. */
  target: string;
  status: number;
  /** User name presented in Proxy-Authorization (valid or not), null if none. */
  auth: string | null;
  /** Loopback address actually connected, null if none was. */
  upstream: string | null;
}

export interface ForwardProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Live list of handled requests, in order. */
  log: ProxyLogEntry[];
  /** Resolves with the first log entry (already present or yet to come) matching `predicate`. */
  waitForLog(predicate: (entry: ProxyLogEntry) => boolean, timeoutMs?: number): Promise<ProxyLogEntry>;
  close(): Promise<void>;
}

const THIS_FILE = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------------------------
// Parent side

export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const args = [THIS_FILE, ...toArgs(options), '--exit-on-stdin-end'];
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.FORWARD_PROXY_OPTIONS;
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env });

  const log: ProxyLogEntry[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const port = await new Promise<number>((resolve, reject) => {
    let ready = false;
    const timer = setTimeout(() => fail(new Error('forward proxy did not become ready within 10 s')), 10_000);
    const fail = (error: Error) => {
      if (ready) return;
      ready = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}${stderr ? `\n${stderr.trim()}` : ''}`));
    };
    child.once('error', fail);
    child.once('exit', (code, signal) =>
      fail(new Error(`forward proxy exited early (code ${code}, signal ${signal})`)),
    );
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        return;
      }
      if (!ready) {
        const port = (message as { port?: unknown }).port;
        if (typeof port !== 'number') return;
        ready = true;
        clearTimeout(timer);
        resolve(port);
        return;
      }
      log.push(message as ProxyLogEntry);
      for (const wake of [...waiters]) wake();
    });
  });

  const waitForLog = (predicate: (entry: ProxyLogEntry) => boolean, timeoutMs = 5_000) =>
    new Promise<ProxyLogEntry>((resolve, reject) => {
      const check = () => {
        const entry = log.find(predicate);
        if (!entry) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(entry);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching proxy log entry within ${timeoutMs} ms; log: ${JSON.stringify(log)}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    waitForLog,
    close: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

function toArgs(options: ForwardProxyOptions): string[] {
  const args: string[] = [];
  for (const [from, to] of Object.entries(options.map ?? {})) args.push('--map', `${from}=${to}`);
  if (options.auth) args.push('--auth', `${options.auth.user}:${options.auth.pass}`);
  if (options.refuse) args.push('--refuse');
  return args;
}

// ---------------------------------------------------------------------------------------------------------------
// Proxy side

interface ProxyConfig {
  map: Map<string, { host: string; port: number }>;
  auth: { user: string; pass: string } | undefined;
  refuse: boolean;
  exitOnStdinEnd: boolean;
}

function isLoopback(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIPv4(bare)) return bare.startsWith('127.');
  return isIPv6(bare) && bare === '::1';
}

/** Splits `host:port` / `[v6]:port`; host lower-cased, brackets kept. */
function splitAuthority(authority: string): { host: string; port: number } | undefined {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]/\s]+):(\d{1,5})$/.exec(authority);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: (match[1] as string).toLowerCase(), port };
}

export function parseArgs(argv: string[], envJson: string | undefined): ProxyConfig {
  const config: ProxyConfig = { map: new Map(), auth: undefined, refuse: false, exitOnStdinEnd: false };
  const addMap = (from: string, to: string) => {
    const key = splitAuthority(from);
    const target = splitAuthority(to);
    if (!key) throw new Error(`--map: bad authority ${JSON.stringify(from)}`);
    if (!target || !isLoopback(target.host)) throw new Error(`--map: target must be a loopback address: ${to}`);
    config.map.set(`${key.host}:${key.port}`, { host: target.host.replace(/^\[|\]$/g, ''), port: target.port });
  };
  if (envJson) {
    const json = JSON.parse(envJson) as ForwardProxyOptions;
    for (const [from, to] of Object.entries(json.map ?? {})) addMap(from, to);
    if (json.auth) config.auth = { user: json.auth.user, pass: json.auth.pass };
    if (json.refuse) config.refuse = true;
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--map') {
      const spec = value();
      const eq = spec.lastIndexOf('=');
      if (eq < 0) throw new Error(`--map expects host:port=127.0.0.1:PORT, got ${spec}`);
      addMap(spec.slice(0, eq), spec.slice(eq + 1));
    } else if (arg === '--auth') {
      const spec = value();
      const colon = spec.indexOf(':');
      if (colon < 0) throw new Error('--auth expects user:pass');
      config.auth = { user: spec.slice(0, colon), pass: spec.slice(colon + 1) };
    } else if (arg === '--refuse') config.refuse = true;
    else if (arg === '--exit-on-stdin-end') config.exitOnStdinEnd = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  return config;
}

/** Returns the presented user (or null) and whether the credentials are acceptable. */
function checkAuth(req: IncomingMessage, config: ProxyConfig): { user: string | null; ok: boolean } {
  const header = req.headers['proxy-authorization'];
  let user: string | null = null;
  let pass: string | null = null;
  const match = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (match) {
    const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) {
      user = decoded.slice(0, colon);
      pass = decoded.slice(colon + 1);
    }
  }
  if (!config.auth) return { user, ok: true };
  return { user, ok: user === config.auth.user && pass === config.auth.pass };
}

function resolveUpstream(
  authority: { host: string; port: number },
  config: ProxyConfig,
): { host: string; port: number } | undefined {
  const mapped = config.map.get(`${authority.host}:${authority.port}`);
  if (mapped) return mapped;
  if (isLoopback(authority.host)) return { host: authority.host.replace(/^\[|\]$/g, ''), port: authority.port };
  return undefined;
}

function rawResponse(socket: Duplex, status: number, body: string, extraHeaders: string[] = []): void {
  const text = `${body}\n`;
  socket.end(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
      ...extraHeaders,
      'Content-Type: text/plain; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(text)}`,
      'Connection: close',
      '',
      text,
    ].join('\r\n'),
  );
}

const AUTH_REQUIRED = 'Proxy-Authenticate: Basic realm="test"';
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function endToEndHeaders(headers: IncomingMessage['headers']): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

export function runProxy(config: ProxyConfig): Promise<number> {
  const sockets = new Set<Socket | Duplex>();
  const record = (entry: ProxyLogEntry) => process.stdout.write(`${JSON.stringify(entry)}\n`);

  const server = createServer((req, res) => {
    const target = req.url ?? '';
    const method = req.method ?? 'GET';
    const { user, ok } = checkAuth(req, config);
    const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
      record({ method, target, status, auth: user, upstream: null });
      const text = `${body}\n`;
      res.writeHead(status, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
        Connection: 'close',
        ...headers,
      });
      res.end(text);
    };
    let url: URL;
    try {
      url = new URL(target);
      if (url.protocol !== 'http:') throw new Error('not http');
    } catch {
      return answer(400, 'Bad Request: this is a forward proxy; use an absolute http:// URI or CONNECT');
    }
    if (!ok) return answer(407, 'Proxy Authentication Required', { 'Proxy-Authenticate': 'Basic realm="test"' });
    if (config.refuse) return answer(403, 'Forbidden by test proxy');
    const upstream = resolveUpstream({ host: url.hostname.toLowerCase(), port: Number(url.port || 80) }, config);
    if (!upstream) return answer(502, `Bad Gateway: no route to ${url.host} (test proxy maps only loopback)`);

    const upstreamName = `${upstream.host}:${upstream.port}`;
    const headers = endToEndHeaders(req.headers);
    headers.host = url.host;
    const forward = request({
      host: upstream.host,
      port: upstream.port,
      method,
      path: `${url.pathname}${url.search}`,
      headers,
      agent: false,
      setHost: false,
    });
    forward.on('response', (upstreamRes) => {
      record({ method, target, status: upstreamRes.statusCode ?? 0, auth: user, upstream: upstreamName });
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, endToEndHeaders(upstreamRes.headers));
      upstreamRes.pipe(res);
      upstreamRes.on('error', () => res.destroy());
    });
    forward.on('error', (error) => {
      if (res.headersSent) return res.destroy();
      record({ method, target, status: 502, auth: user, upstream: upstreamName });
      res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      res.end(`Bad Gateway: ${error.message}\n`);
    });
    req.pipe(forward);
  });

  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const target = req.url ?? '';
    const { user, ok } = checkAuth(req, config);
    const answer = (status: number, body: string, extra: string[] = []) => {
      record({ method: 'CONNECT', target, status, auth: user, upstream: null });
      rawResponse(client, status, body, extra);
    };
    const authority = splitAuthority(target);
    if (!authority) return answer(400, 'Bad Request: CONNECT needs host:port');
    if (!ok) return answer(407, 'Proxy Authentication Required', [AUTH_REQUIRED]);
    if (config.refuse) return answer(403, 'Forbidden by test proxy');
    const upstream = resolveUpstream(authority, config);
    if (!upstream) return answer(502, `Bad Gateway: no route to ${target} (test proxy maps only loopback)`);

    const upstreamName = `${upstream.host}:${upstream.port}`;
    const tunnel = connect({ host: upstream.host, port: upstream.port });
    sockets.add(tunnel);
    tunnel.on('close', () => sockets.delete(tunnel));
    tunnel.once('connect', () => {
      tunnel.removeAllListeners('error');
      tunnel.on('error', () => client.destroy());
      client.on('close', () => tunnel.destroy());
      tunnel.on('close', () => client.destroy());
      record({ method: 'CONNECT', target, status: 200, auth: user, upstream: upstreamName });
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) tunnel.write(head);
      tunnel.pipe(client);
      client.pipe(tunnel);
    });
    tunnel.once('error', (error) => {
      record({ method: 'CONNECT', target, status: 502, auth: user, upstream: upstreamName });
      rawResponse(client, 502, `Bad Gateway: ${error.message}`);
    });
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) rawResponse(socket, 400, 'Bad Request');
    else socket.destroy();
  });

  const shutdown = () => {
    server.close();
    for (const socket of sockets) socket.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  if (config.exitOnStdinEnd) {
    process.stdin.on('end', shutdown);
    process.stdin.on('close', shutdown);
    process.stdin.resume();
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      process.stdout.write(`${JSON.stringify({ port })}\n`);
      resolve(port);
    });
  });
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(THIS_FILE);
  } catch {
    return false;
  }
}

if (isMainModule()) {
  try {
    await runProxy(parseArgs(process.argv.slice(2), process.env.FORWARD_PROXY_OPTIONS));
  } catch (error) {
    process.stderr.write(`forward-proxy: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}
