/**
 * A throw-away PKI for tests, made with the `openssl` CLI: a self-signed CA, a server certificate for the given
 * host names (plus IP 127.0.0.1) signed by it, and a second, unrelated CA for "unknown issuer" tests.
 * EC P-256 keys keep generation fast (well under a second).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const OPENSSL = process.env.OPENSSL_BIN ?? '/usr/bin/openssl';

export interface TestPki {
  /** PEM file of the CA that signed the server certificate (for NODE_EXTRA_CA_CERTS). */
  caCertPath: string;
  /** PEM text of that CA certificate. */
  caCert: string;
  /** PEM (PKCS#8) private key of the server certificate. */
  serverKey: string;
  /** PEM server certificate (leaf only), SAN = the host names and IP:127.0.0.1. */
  serverCert: string;
  serverKeyPath: string;
  serverCertPath: string;
  /** PEM file of an unrelated CA that did not sign anything the servers present. */
  otherCaCertPath: string;
  /** PEM text of the unrelated CA. */
  otherCaCert: string;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run(OPENSSL, args, { cwd, timeout: 15_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim() || String(error)}`, { cause: error });
  }
}

async function selfSignedCa(dir: string, name: string, commonName: string): Promise<void> {
  await openssl(
    [
      'req',
      '-x509',
      ...EC_KEY,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
}

/** DNS names may contain only letters, digits, '-', '.', and a leading '*.' wildcard. */
function checkHostName(host: string): void {
  if (!/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(host)) throw new Error(`invalid host name for PKI: ${host}`);
}

export async function createTestPki(dir: string, hostNames: string[]): Promise<TestPki> {
  if (hostNames.length === 0) throw new Error('createTestPki needs at least one host name');
  for (const host of hostNames) checkHostName(host);

  const extensions = [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature',
    'extendedKeyUsage=serverAuth',
    `subjectAltName=${[...hostNames.map((h) => `DNS:${h}`), 'IP:127.0.0.1'].join(',')}`,
    'subjectKeyIdentifier=hash',
    'authorityKeyIdentifier=keyid,issuer',
    '',
  ].join('\n');

  await Promise.all([
    selfSignedCa(dir, 'ca', 'Test CA'),
    selfSignedCa(dir, 'other-ca', 'Unrelated Test CA'),
    openssl(
      ['req', '-new', ...EC_KEY, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${hostNames[0]}`],
      dir,
    ),
    writeFile(join(dir, 'server.ext'), extensions),
  ]);
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-set_serial',
      `0x${randomBytes(12).toString('hex')}`,
      '-days',
      '1',
      '-sha256',
      '-extfile',
      'server.ext',
      '-out',
      'server.crt',
    ],
    dir,
  );

  const caCertPath = join(dir, 'ca.crt');
  const otherCaCertPath = join(dir, 'other-ca.crt');
  const serverKeyPath = join(dir, 'server.key');
  const serverCertPath = join(dir, 'server.crt');
  const [caCert, otherCaCert, serverKey, serverCert] = await Promise.all(
    [caCertPath, otherCaCertPath, serverKeyPath, serverCertPath].map((path) => readFile(path, 'utf8')),
  );
  return {
    caCertPath,
    caCert: caCert as string,
    serverKey: serverKey as string,
    serverCert: serverCert as string,
    serverKeyPath,
    serverCertPath,
    otherCaCertPath,
    otherCaCert: otherCaCert as string,
  };
}
