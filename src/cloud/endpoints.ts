/**
 * Region table: which DLI and IAM endpoints a region name implies, on Huawei Cloud and Open Telekom Cloud.
 * Sources: the Huawei Cloud SDKs' DLI region table and Open Telekom Cloud's endpoint list (docs/dli-api.md §3).
 */

export type Cloud = 'Huawei Cloud' | 'Open Telekom Cloud';

export interface RegionEndpoints {
  cloud: Cloud;
  /** Absent where the cloud publishes no DLI endpoint for the region. */
  dli?: string;
  iam: string;
  /** The OBS endpoint; buckets are addressed as https://{bucket}.{host}. */
  obs: string;
}

const HUAWEI_DLI_REGIONS = [
  'af-north-1',
  'af-south-1',
  'ae-ad-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'cn-east-2',
  'cn-east-3',
  'cn-east-4',
  'cn-east-5',
  'cn-north-1',
  'cn-north-2',
  'cn-north-4',
  'cn-north-9',
  'cn-south-1',
  'cn-southwest-2',
  'eu-west-0',
  'la-north-2',
  'la-south-2',
  'me-east-1',
  'my-kualalumpur-1',
  'na-mexico-1',
  'ru-moscow-1',
  'ru-northwest-2',
  'sa-brazil-1',
  'tr-west-1',
] as const;

function huawei(region: string, domain = 'myhuaweicloud.com'): RegionEndpoints {
  return {
    cloud: 'Huawei Cloud',
    dli: `https://dli.${region}.${domain}`,
    iam: `https://iam.${region}.${domain}`,
    obs: `https://obs.${region}.${domain}`,
  };
}

export const REGIONS: Readonly<Record<string, RegionEndpoints>> = Object.freeze({
  ...Object.fromEntries(HUAWEI_DLI_REGIONS.map((region) => [region, huawei(region)])),
  'eu-west-101': huawei('eu-west-101', 'myhuaweicloud.eu'),
  'eu-de': {
    cloud: 'Open Telekom Cloud',
    dli: 'https://dli.eu-de.otc.t-systems.com',
    iam: 'https://iam.eu-de.otc.t-systems.com',
    obs: 'https://obs.eu-de.otc.t-systems.com',
  },
  // Open Telekom Cloud lists no DLI endpoint for eu-nl (2026-03); IAM is there.
  'eu-nl': {
    cloud: 'Open Telekom Cloud',
    iam: 'https://iam.eu-nl.otc.t-systems.com',
    obs: 'https://obs.eu-nl.otc.t-systems.com',
  },
  // Swiss Open Telekom Cloud: no DLI documentation; IAM's host from third-party sources only.
  'eu-ch2': {
    cloud: 'Open Telekom Cloud',
    iam: 'https://iam-pub.eu-ch2.sc.otc.t-systems.com',
    obs: 'https://obs.eu-ch2.sc.otc.t-systems.com',
  },
});

export type EndpointResult =
  | {
      ok: true;
      url: URL;
      source: 'endpoint' | 'region';
      region?: string;
      cloud?: Cloud;
    }
  | { ok: false; input: 'region' | 'endpoint'; problem: string };

/** `endpoint` (when given) overrides the region's DLI endpoint; one of the two is required. */
export function resolveDliEndpoint(region: string | undefined, endpoint: string | undefined): EndpointResult {
  if (endpoint !== undefined) {
    const parsed = parseEndpointUrl(endpoint);
    if (!parsed.ok) return { ok: false, input: 'endpoint', problem: parsed.problem };
    return {
      ok: true,
      url: parsed.url,
      source: 'endpoint',
      region,
      cloud: region ? REGIONS[region]?.cloud : undefined,
    };
  }
  if (region === undefined) {
    return {
      ok: false,
      input: 'region',
      problem: 'set `region` (for example eu-de or ap-southeast-1) or `endpoint` (the DLI endpoint URL)',
    };
  }
  const known = REGIONS[region];
  if (!known) {
    return {
      ok: false,
      input: 'region',
      problem: `unknown region ${JSON.stringify(region)}; known regions: ${Object.keys(REGIONS).sort().join(', ')}. For another region or a dedicated cloud, set \`endpoint\` to the DLI endpoint URL`,
    };
  }
  if (!known.dli) {
    return {
      ok: false,
      input: 'region',
      problem: `${known.cloud} publishes no DLI endpoint for ${region}; set \`endpoint\` to the DLI endpoint URL`,
    };
  }
  return {
    ok: true,
    url: new URL(known.dli),
    source: 'region',
    region,
    cloud: known.cloud,
  };
}

/** `iam-endpoint` (when given) overrides the region's IAM endpoint; needed for password and OpenID Connect. */
export function resolveIamEndpoint(
  region: string | undefined,
  iamEndpoint: string | undefined,
): { ok: true; url: URL } | { ok: false; problem: string } {
  if (iamEndpoint !== undefined) return parseEndpointUrl(iamEndpoint);
  const known = region === undefined ? undefined : REGIONS[region];
  if (known) return { ok: true, url: new URL(known.iam) };
  return {
    ok: false,
    problem: `password and OpenID Connect authentication need IAM: set \`region\` to a known region${region ? ` (${JSON.stringify(region)} is not one)` : ''} or \`iam-endpoint\` to the IAM endpoint URL`,
  };
}

/** `obs-endpoint` (when given) overrides the region's OBS endpoint; needed only for downloads. */
export function resolveObsEndpoint(
  region: string | undefined,
  obsEndpoint: string | undefined,
): { ok: true; url: URL } | { ok: false; problem: string } {
  if (obsEndpoint !== undefined) return parseEndpointUrl(obsEndpoint);
  const known = region === undefined ? undefined : REGIONS[region];
  if (known) return { ok: true, url: new URL(known.obs) };
  return {
    ok: false,
    problem: `downloads need OBS: set \`region\` to a known region${region ? ` (${JSON.stringify(region)} is not one)` : ''} or \`obs-endpoint\` to the OBS endpoint URL, e.g. https://obs.eu-de.otc.t-systems.com`,
  };
}

/** https anywhere; plain http only to loopback (local emulator, tests). */
export function parseEndpointUrl(text: string): { ok: true; url: URL } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      ok: false,
      problem: `${JSON.stringify(text)} is not a URL; expected e.g. https://dli.eu-de.otc.t-systems.com`,
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      ok: false,
      problem: `must use https, got ${url.protocol.replace(':', '')}`,
    };
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return {
      ok: false,
      problem: 'must use https (plain http is allowed only to a loopback address such as 127.0.0.1)',
    };
  }
  if (url.username || url.password) return { ok: false, problem: 'must not contain a user name or password' };
  if (url.pathname !== '/' || url.search || url.hash) {
    return {
      ok: false,
      problem: `must be the service's base URL without a path or query, e.g. ${url.origin}`,
    };
  }
  return { ok: true, url: new URL(url.origin) };
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
