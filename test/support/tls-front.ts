/**
 * A TLS-terminating TCP front on 127.0.0.1: every decrypted connection is piped to a plain TCP target (for example
 * an HTTP emulator on 127.0.0.1). Puts real TLS, with a certificate from the test CA, in front of a plain-HTTP
 * server. Offers ALPN `http/1.1` only, since the target speaks plain HTTP/1.1.
 */
import { connect, isIPv4, type Socket } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';

export interface TlsFrontOptions {
  /** PEM private key. */
  key: string;
  /** PEM certificate (chain). */
  cert: string;
  /** Plain TCP target; must be a loopback address. */
  target: { host: string; port: number };
}

export interface TlsFront {
  port: number;
  /** Connections that completed the TLS handshake so far. */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startTlsFront(options: TlsFrontOptions): Promise<TlsFront> {
  const { host, port } = options.target;
  if (!((isIPv4(host) && host.startsWith('127.')) || host === '::1')) {
    throw new Error(`tls-front target must be a loopback address, got ${host}`);
  }
  const sockets = new Set<Socket | TLSSocket>();
  const track = (socket: Socket | TLSSocket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  let connections = 0;

  const server = createServer({ key: options.key, cert: options.cert, ALPNProtocols: ['http/1.1'] }, (front) => {
    connections++;
    track(front);
    const back = connect({ host, port });
    track(back);
    front.on('error', () => back.destroy());
    back.on('error', () => front.destroy());
    front.on('close', () => back.destroy());
    back.on('close', () => front.destroy());
    front.pipe(back);
    back.pipe(front);
  });
  // Failed handshakes (e.g. a client rejecting the certificate) are expected in tests; just drop them.
  server.on('tlsClientError', (_error, socket) => socket.destroy());
  server.on('connection', track);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('tls-front: no address');

  return {
    port: address.port,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
