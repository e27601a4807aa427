/**
 * Keys for OBS, in every authentication mode. Access keys (temporary ones with their security token) sign OBS
 * requests directly. OBS accepts no IAM token, so in the token modes (password, OpenID Connect, supplied token) an
 * IAM token is first traded for temporary keys at IAM (`POST /v3.0/OS-CREDENTIAL/securitytokens`, docs/obs-api.md
 * §4): the user's or the supplied token, and for a federated user the federation's unscoped token, which is what
 * Huawei Cloud's "Obtaining Temporary Access Keys and Security Tokens of a Federated User" takes (OTC's "Obtaining
 * a Temporary AK/SK" takes any federated token). Temporary keys live `duration_seconds`; they are renewed before
 * they run out, so a step longer than their lifetime keeps signing with valid keys.
 */
import { z } from 'zod';
import type { AuthPlan } from '../auth/modes.ts';
import { ActionError, serviceError } from '../http/errors.ts';
import type { HttpRequest, Transport } from '../http/transport.ts';
import type { ObsCredentials } from './signature.ts';

/** The shortest lifetime IAM grants (15 minutes): enough for the downloads that follow, renewed when not. */
export const TEMPORARY_KEY_SECONDS = 900;

/** Keys are renewed once this little of their lifetime is left: 5 minutes, or a third of a shorter lifetime. */
export const RENEW_BEFORE_MS = 5 * 60_000;

export function securityTokenRequest(iamEndpoint: URL, token: string): HttpRequest {
  return {
    operation: 'IAM temporary access keys for OBS',
    method: 'POST',
    url: new URL('/v3.0/OS-CREDENTIAL/securitytokens', iamEndpoint),
    // The token goes in X-Auth-Token, which both clouds take (Huawei Cloud once allowed federated users only that).
    headers: { 'Content-Type': 'application/json;charset=utf8', 'X-Auth-Token': token },
    body: JSON.stringify({
      auth: { identity: { methods: ['token'], token: { duration_seconds: TEMPORARY_KEY_SECONDS } } },
    }),
    idempotent: true,
  };
}

const credentialSchema = z.object({
  credential: z.object({
    access: z.string().min(1),
    secret: z.string().min(1),
    securitytoken: z.string().min(1),
    expires_at: z.string().optional(),
  }),
});

export interface ObsCredentialDeps {
  transport: Pick<Transport, 'send'>;
  /** In token modes: the IAM token that obtains temporary keys (authentication's `temporaryKeyToken`). */
  token?: string;
  /** IAM for the token modes. */
  iamEndpoint?: URL;
  mask: (secret: string) => void;
  /** The clock that decides when keys are renewed. Default: the system clock. */
  now?: () => Date;
  /** Told each time temporary keys are obtained (the access key is not secret). */
  info?: (message: string) => void;
  /** How long a renewal may take with its retries; default RENEW_BEFORE_MS (the old keys' remaining life). */
  renewalTimeoutMs?: number;
}

/** Keys for OBS that stay valid: `current()` before each signed request. */
export interface ObsKeys {
  current(): Promise<ObsCredentials>;
}

interface Held {
  keys: ObsCredentials;
  /** By the local clock: when to obtain new keys. */
  renewAt: number;
}

export function obsKeys(auth: AuthPlan, deps: ObsCredentialDeps): ObsKeys {
  if (auth.mode === 'access-key') {
    // Given keys, temporary or not, cannot be renewed here: whoever made them decides their lifetime.
    const keys = { accessKey: auth.accessKey, secretKey: auth.secretKey, securityToken: auth.securityToken };
    return { current: async () => keys };
  }
  const now = deps.now ?? (() => new Date());
  let held: Held | undefined;
  // One request at a time: callers that ask together share it.
  let pending: Promise<Held> | undefined;
  return {
    async current() {
      if (held && now().getTime() < held.renewAt) return held.keys;
      pending ??= obtain(deps, now, held !== undefined).finally(() => {
        pending = undefined;
      });
      held = await pending;
      return held.keys;
    },
  };
}

/** Temporary keys for one use, e.g. a single download. */
export function obsCredentials(auth: AuthPlan, deps: ObsCredentialDeps): Promise<ObsCredentials> {
  return obsKeys(auth, deps).current();
}

async function obtain(deps: ObsCredentialDeps, now: () => Date, renewal: boolean): Promise<Held> {
  if (!deps.iamEndpoint || deps.token === undefined) {
    throw new Error('unreachable: token modes have an IAM endpoint and a token for temporary keys');
  }
  const asked = now().getTime();
  // A renewal ends before the keys it replaces would (so the step's bound can count it): at most RENEW_BEFORE_MS.
  const limitMs = deps.renewalTimeoutMs ?? RENEW_BEFORE_MS;
  const signal = renewal ? AbortSignal.timeout(limitMs) : undefined;
  let response: Awaited<ReturnType<typeof deps.transport.send>>;
  try {
    response = await deps.transport.send(securityTokenRequest(deps.iamEndpoint, deps.token), undefined, { signal });
  } catch (error) {
    if (!signal?.aborted) throw error;
    throw new ActionError(
      `Renewing the temporary access keys for OBS took longer than ${Math.ceil(limitMs / 1000)} s, the life the previous keys had left`,
      { hint: 'IAM answered too slowly or not at all; run the step again' },
    );
  }
  const what = 'Getting temporary access keys for OBS from IAM failed';
  if (response.status !== 201 && response.status !== 200) {
    throw serviceError(
      what,
      response,
      response.status === 401
        ? 'IAM did not accept the token for this call; check the token (a supplied `auth-token` must be a valid IAM token; for a federated user Huawei Cloud takes only an unscoped token here)'
        : response.status === 403
          ? 'the identity may not create temporary access keys: check IAM access restrictions (e.g. programmatic access or IP restrictions) for this user or federated group; for a federated user Huawei Cloud takes only an unscoped token here'
          : undefined,
    );
  }
  let parsed: z.infer<typeof credentialSchema>;
  try {
    parsed = credentialSchema.parse(JSON.parse(response.body));
  } catch {
    throw new ActionError(`${what}: HTTP ${response.status} without a credential (access, secret, securitytoken)`, {
      requestId: response.requestId,
      hint: 'check that `iam-endpoint` points at IAM',
    });
  }
  const { access, secret, securitytoken, expires_at: expiresAt } = parsed.credential;
  // Masked before anything else happens with them.
  deps.mask(secret);
  deps.mask(securitytoken);
  const lifetimeMs = lifetimeOf(expiresAt, asked);
  deps.info?.(
    `OBS: temporary access key ${access} from IAM${renewal ? ' (renewed before the previous one ran out)' : ''}, valid ${Math.round(lifetimeMs / 1000)} s`,
  );
  return {
    keys: { accessKey: access, secretKey: secret, securityToken: securitytoken },
    renewAt: asked + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 3),
  };
}

/**
 * How long keys live, counted from when they were asked for on the local clock: what was asked, or less when IAM's
 * `expires_at` says so. A runner clock that is behind IAM's cannot stretch it past what was asked for.
 */
export function lifetimeOf(expiresAt: string | undefined, askedAtMs: number): number {
  const asked = TEMPORARY_KEY_SECONDS * 1000;
  const until = Date.parse(expiresAt ?? '');
  return Number.isNaN(until) ? asked : Math.max(0, Math.min(asked, until - askedAtMs));
}
