/**
 * Where an exported ZIP lives and how to address it. DLI lists ZIPs as `bucket/key` (no scheme); OBS wants
 * virtual-hosted requests, `https://{bucket}.{endpoint host}/{key}` (Huawei Cloud refuses path-style on its domain
 * endpoints with 403 VirtualHostDomainRequired). Only an http endpoint on a loopback address (an emulator) is
 * addressed path-style, `http://127.0.0.1:PORT/{bucket}/{key}`.
 */
import { isLoopback } from '../cloud/endpoints.ts';
import { splitObjectPath } from './paths.ts';
import { canonicalResource, encodeObjectKey } from './signature.ts';

export interface ObsEndpoint {
  /** The endpoint's origin, e.g. https://obs.eu-de.otc.t-systems.com, or http://127.0.0.1:9000. */
  url: URL;
  /** True only for an http endpoint on a loopback address. */
  pathStyle: boolean;
}

export interface ObjectAddress {
  bucket: string;
  key: string;
  url: URL;
  /** The signed resource, `/bucket/encodedKey`. */
  resource: string;
}

export function obsEndpoint(url: URL): ObsEndpoint {
  return { url: new URL(url.origin), pathStyle: url.protocol === 'http:' && isLoopback(url.hostname) };
}

/** Why a bucket cannot be reached virtual-hosted over https, or undefined when it can. */
export function virtualHostProblem(bucket: string, endpoint: ObsEndpoint): string | undefined {
  if (endpoint.pathStyle) return undefined;
  if (bucket.includes('.')) {
    return `bucket ${JSON.stringify(bucket)} contains a dot, so its host name ${bucket}.${endpoint.url.hostname} does not match OBS's wildcard certificate *.${endpoint.url.hostname}, and OBS allows no path-style requests on its domain endpoints; copy the export to a bucket without dots in its name, or download it another way`;
  }
  return undefined;
}

/** Why a key cannot be put in a URL unchanged (URLs resolve "." and ".." segments), or undefined. */
function keyProblem(key: string): string | undefined {
  if (key.split('/').some((segment) => segment === '.' || segment === '..')) {
    return `object key ${JSON.stringify(key)} has a "." or ".." segment, which URLs cannot carry unchanged`;
  }
  return undefined;
}

export type AddressResult = { ok: true; address: ObjectAddress } | { ok: false; problem: string };

/** The URL and signed resource of `bucket/key` at `endpoint`, or why it cannot be addressed. */
export function objectAddress(path: string, endpoint: ObsEndpoint): AddressResult {
  const parts = splitObjectPath(path);
  if (!parts) return { ok: false, problem: `${JSON.stringify(path)} is not a bucket/key path` };
  const problem = virtualHostProblem(parts.bucket, endpoint) ?? keyProblem(parts.key);
  if (problem) return { ok: false, problem };
  const encodedKey = encodeObjectKey(parts.key);
  const base = endpoint.url;
  const url = endpoint.pathStyle
    ? new URL(`${base.origin}/${parts.bucket}/${encodedKey}`)
    : new URL(`${base.protocol}//${parts.bucket}.${base.host}/${encodedKey}`);
  return { ok: true, address: { ...parts, url, resource: canonicalResource(parts.bucket, encodedKey) } };
}
