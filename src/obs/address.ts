/**
 * Where an exported ZIP lives and how to address it. DLI lists ZIPs as `bucket/key` (no scheme); OBS wants
 * virtual-hosted requests, `https://{bucket}.{endpoint host}/{key}` (Huawei Cloud refuses path-style on its domain
 * endpoints with 403 VirtualHostDomainRequired). Only an http endpoint on a loopback address (an emulator) is
 * addressed path-style, `http://127.0.0.1:PORT/{bucket}/{key}`.
 */
import { isLoopback } from '../cloud/endpoints.ts';
import { checkBucketName, dotSegmentProblem, splitObjectPath } from './paths.ts';
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

export type AddressResult = { ok: true; address: ObjectAddress } | { ok: false; problem: string };

/**
 * The URL and signed resource of `bucket/key` at `endpoint`, or why it cannot be addressed. Built with the URL API
 * (never by joining strings into a host), and checked afterwards: the URL's host must be the endpoint's (path-style)
 * or `{bucket}.{endpoint host}` exactly, and its path the encoded key, so no bucket or key can send the signed
 * request anywhere else.
 */
export function objectAddress(path: string, endpoint: ObsEndpoint): AddressResult {
  const parts = splitObjectPath(path);
  if (!parts) return { ok: false, problem: `${JSON.stringify(path)} is not a bucket/key path` };
  const bucketProblem = checkBucketName(parts.bucket);
  if (bucketProblem) return { ok: false, problem: `bucket ${JSON.stringify(parts.bucket)} ${bucketProblem}` };
  const problem = virtualHostProblem(parts.bucket, endpoint) ?? dotSegmentProblem(parts.key);
  if (problem) return { ok: false, problem };
  const encodedKey = encodeObjectKey(parts.key);
  const url = new URL(endpoint.url.origin);
  const hostname = endpoint.pathStyle ? url.hostname : `${parts.bucket}.${url.hostname}`;
  const pathname = endpoint.pathStyle ? `/${parts.bucket}/${encodedKey}` : `/${encodedKey}`;
  url.hostname = hostname;
  url.pathname = pathname;
  if (url.hostname !== hostname || url.pathname !== pathname || url.port !== endpoint.url.port || url.search !== '') {
    return { ok: false, problem: `${JSON.stringify(path)} does not make a URL on ${endpoint.url.host}` };
  }
  return { ok: true, address: { ...parts, url, resource: canonicalResource(parts.bucket, encodedKey) } };
}
