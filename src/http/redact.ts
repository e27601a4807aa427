/** How requests appear in logs: never with a secret-bearing header value. */
import type { HttpRequest } from './transport.ts';

const SECRET_HEADERS = new Set(['authorization', 'x-security-token', 'x-auth-token', 'proxy-authorization']);

export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      const lower = name.toLowerCase();
      if (!SECRET_HEADERS.has(lower)) return [name, value];
      // The access key and the signed-header list are not secret and help debugging; the signature is withheld.
      if (lower === 'authorization' && value.startsWith('SDK-HMAC-SHA256 ')) {
        return [name, value.replace(/Signature=\S+/, 'Signature=***')];
      }
      return [name, '***'];
    }),
  );
}

/** The request as text: request line, headers (redacted, sorted), blank line, body. */
export function formatRequest(request: HttpRequest): string {
  const headers = Object.entries(redactHeaders(request.headers))
    .sort(([a], [b]) => a.toLowerCase().localeCompare(b.toLowerCase()))
    .map(([name, value]) => `${name}: ${value}`);
  return [`${request.method} ${request.url.href}`, ...headers, '', request.body ?? ''].join('\n');
}
