/**
 * Keys for OBS, in every authentication mode. Access keys (temporary ones with their security token) sign OBS
 * requests directly. OBS accepts no IAM token, so in the token modes (password, OpenID Connect, supplied token) the
 * token is first traded for temporary keys at IAM (`POST /v3.0/OS-CREDENTIAL/securitytokens`).
 */
import { z } from 'zod';
import type { AuthPlan } from '../auth/modes.ts';
import { ActionError, serviceError } from '../http/errors.ts';
import type { Authorize, HttpRequest, Transport } from '../http/transport.ts';
import type { ObsCredentials } from './signature.ts';

/** The shortest lifetime IAM grants (15 minutes): enough for the downloads that follow at once. */
export const TEMPORARY_KEY_SECONDS = 900;

export function securityTokenRequest(iamEndpoint: URL): HttpRequest {
  return {
    operation: 'IAM temporary access keys for OBS',
    method: 'POST',
    url: new URL('/v3.0/OS-CREDENTIAL/securitytokens', iamEndpoint),
    headers: { 'Content-Type': 'application/json;charset=utf8' },
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
  /** The DLI authorizer: in token modes it adds X-Auth-Token, which is what IAM wants here too. */
  authorize: Authorize;
  /** IAM for the token modes. */
  iamEndpoint?: URL;
  mask: (secret: string) => void;
}

export async function obsCredentials(auth: AuthPlan, deps: ObsCredentialDeps): Promise<ObsCredentials> {
  if (auth.mode === 'access-key') {
    return { accessKey: auth.accessKey, secretKey: auth.secretKey, securityToken: auth.securityToken };
  }
  if (!deps.iamEndpoint) throw new Error('unreachable: the inputs check that token modes have an IAM endpoint');
  const response = await deps.transport.send(securityTokenRequest(deps.iamEndpoint), deps.authorize);
  const what = 'Getting temporary access keys for OBS from IAM failed';
  if (response.status !== 201 && response.status !== 200) {
    throw serviceError(
      what,
      response,
      response.status === 401
        ? 'IAM did not accept the token for this call; check the token (a supplied `auth-token` must be a valid IAM token)'
        : response.status === 403
          ? 'the identity may not create temporary access keys: check IAM access restrictions (e.g. programmatic access or IP restrictions) for this user or federated group'
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
  const { access, secret, securitytoken } = parsed.credential;
  // Masked before anything else happens with them.
  deps.mask(secret);
  deps.mask(securitytoken);
  return { accessKey: access, secretKey: secret, securityToken: securitytoken };
}
