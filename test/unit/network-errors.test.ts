/** Each network failure's whole line (with its hint), its retry class, and the retry decision for reads and changes. */
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../src/http/errors.ts';
import { type HttpRequest, type HttpResponse, mayRetry, networkError } from '../../src/http/transport.ts';

const read: HttpRequest = {
  operation: 'DLI job list',
  method: 'GET',
  url: new URL('https://dli.eu-de.otc.t-systems.com:8443/v1.0/p/streaming/jobs'),
  headers: {},
  idempotent: true,
};
const change: HttpRequest = { ...read, operation: 'DLI export', method: 'POST', idempotent: false };
const coded = (code: string, message = 'fetch failed') => Object.assign(new Error(message), { code });
const what = 'DLI job list request to dli.eu-de.otc.t-systems.com:8443 failed';

describe('network failures, whole lines', () => {
  it.each([
    [
      'ENOTFOUND',
      `${what}: the host name dli.eu-de.otc.t-systems.com could not be resolved (ENOTFOUND). Hint: check \`region\`/\`endpoint\` and the runner's DNS (or HTTPS_PROXY, if the runner must use a proxy)`,
      { retryable: false, notSent: true },
    ],
    [
      'EAI_AGAIN',
      `${what}: the host name dli.eu-de.otc.t-systems.com could not be resolved (EAI_AGAIN). Hint: check \`region\`/\`endpoint\` and the runner's DNS (or HTTPS_PROXY, if the runner must use a proxy)`,
      { retryable: true, notSent: true },
    ],
    [
      'ECONNREFUSED',
      `${what}: connection refused. Hint: check \`endpoint\` and its port, and HTTPS_PROXY if a proxy is used`,
      { retryable: true, notSent: true },
    ],
    [
      'EPIPE',
      `${what}: the connection was reset before a response arrived. Hint: a proxy or firewall may be closing the connection`,
      { retryable: true, notSent: false },
    ],
    [
      'UND_ERR_CONNECT_TIMEOUT',
      `${what}: no connection within 2.5 s. Hint: raise \`timeout-seconds\`, or check that the runner can reach the endpoint (firewall, proxy)`,
      { retryable: true, notSent: true },
    ],
    [
      'UND_ERR_HEADERS_TIMEOUT',
      `${what}: no complete response within 2.5 s. Hint: raise \`timeout-seconds\`, or check that the runner can reach the endpoint (firewall, proxy)`,
      { retryable: true, notSent: false },
    ],
    [
      'UND_ERR_BODY_TIMEOUT',
      `${what}: no complete response within 2.5 s. Hint: raise \`timeout-seconds\`, or check that the runner can reach the endpoint (firewall, proxy)`,
      { retryable: true, notSent: false },
    ],
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      `${what}: the TLS certificate of dli.eu-de.otc.t-systems.com:8443 was not accepted (DEPTH_ZERO_SELF_SIGNED_CERT). Hint: if a corporate proxy or private CA signs this certificate, set NODE_EXTRA_CA_CERTS to the CA bundle (PEM file) for this step`,
      { retryable: false, notSent: true },
    ],
    ['EWHATEVER', `${what}: socket trouble (EWHATEVER)`, { retryable: false, notSent: false }],
  ])('%s', (code, line, kind) => {
    const error = networkError(read, coded(code, 'socket trouble'), 2500, false);
    expect(error.describe()).toBe(line);
    expect({ retryable: error.retryable, notSent: error.notSent }).toEqual(kind);
  });

  it.each([
    'SELF_SIGNED_CERT_IN_CHAIN',
    'ERR_SSL_WRONG_VERSION_NUMBER',
    'HOSTNAME_MISMATCH',
    'UNABLE_TO_GET_ISSUER_CERT',
  ])('%s is a TLS refusal', (code) => {
    expect(networkError(read, coded(code), 1000, false).message).toContain('TLS certificate');
  });

  it('a code-less error keeps its message; a thrown string is named', () => {
    expect(networkError(read, new Error('other side hung up'), 1000, false).describe()).toBe(
      `${what}: other side hung up`,
    );
    expect(networkError(read, 'weird', 1000, false).describe()).toBe(`${what}: weird`);
  });

  it('the useful code is found under undici’s generic wrappers', () => {
    const generic = (cause: unknown, code: string) => Object.assign(new Error('fetch failed'), { code, cause });
    const deep = generic(generic(generic(coded('ECONNREFUSED'), 'UND_ERR'), 'UND_ERR_ABORTED'), 'UND_ERR');
    expect(networkError(read, deep, 1000, false).message).toBe(`${what}: connection refused`);
  });

  it('a proxy asking for credentials (407) says how to give them', () => {
    const error = networkError(
      read,
      coded('UND_ERR_ABORTED', 'Proxy response (407) !== 200 when HTTP Tunneling'),
      1000,
      false,
    );
    expect(error.describe()).toBe(
      `${what}: the proxy answered HTTP 407 to the tunnel request for dli.eu-de.otc.t-systems.com:8443. Hint: the proxy needs credentials: put them in the proxy URL, e.g. HTTPS_PROXY=http://user:password@proxy:3128`,
    );
    expect(error.retryable).toBe(false);
  });

  it('a proxy refusing the host says to allow it or bypass the proxy', () => {
    expect(
      networkError(read, coded('UND_ERR', 'Proxy response (403) !== 200 when HTTP Tunneling'), 1000, false).hint,
    ).toBe(
      'the proxy refused dli.eu-de.otc.t-systems.com:8443: ask for it to be allowed, or list it in NO_PROXY if it is reachable directly',
    );
  });

  it('a deadline wins over any code', () => {
    const error = networkError(read, coded('ECONNREFUSED'), 60_000, true);
    expect(error.message).toBe(`${what}: no complete response within 60 s`);
    expect(error.notSent).toBe(false);
  });
});

describe('the retry decision', () => {
  const answer = (status: number): HttpResponse => ({ status, headers: {}, body: '' });
  it.each([
    [429, true, true],
    [500, true, false],
    [502, true, false],
    [503, true, false],
    [504, true, false],
    [501, false, false],
    [400, false, false],
    [401, false, false],
    [200, false, false],
  ])('HTTP %i: a read retries %s, a change %s', (status, forRead, forChange) => {
    expect(mayRetry(read, answer(status))).toBe(forRead);
    expect(mayRetry(change, answer(status))).toBe(forChange);
  });

  it.each([
    [{ retryable: true, notSent: true }, true, true],
    [{ retryable: true, notSent: false }, true, false],
    [{ retryable: false, notSent: true }, false, false],
    [{ retryable: false, notSent: false }, false, false],
  ])('a network failure %j: a read retries %s, a change %s', (kind, forRead, forChange) => {
    const error = new ActionError('x', kind);
    expect(mayRetry(read, error)).toBe(forRead);
    expect(mayRetry(change, error)).toBe(forChange);
  });
});
