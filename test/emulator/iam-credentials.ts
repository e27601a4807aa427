// IAM's temporary access keys: POST /v3.0/OS-CREDENTIAL/securitytokens with a token (methods ["token"]) returns
// an AK/SK and security token, which the emulated OBS then accepts (only together with the security token).
//
// Which token is taken follows one of two readings of the IAM pages (option `iamReading`):
// - 'huawei-cloud' (default), Huawei Cloud's pages: an IAM user's token of any scope ("Obtaining Temporary Access
//   Keys and Security Tokens of an IAM User", iam_04_0002); a federated user's token only when unscoped
//   ("Obtaining Temporary Access Keys and Security Tokens of a Federated User", iam_04_0003: "using an unscoped
//   token"). The page does not say how a scoped federated token is refused; the emulator answers 401 IAM.0001.
// - 'open-telekom-cloud', OTC's "Obtaining a Temporary AK/SK" (../../shared reference otc-iam/
//   obtaining_a_temporary_ak_sk.rst): "a user token, agency token, and federated token", whatever their scope.

import { randomBytes } from 'node:crypto';
import type { IamResponse, IssuedToken } from './iam.ts';

export const SECURITY_TOKENS_PATH = '/v3.0/OS-CREDENTIAL/securitytokens';

export interface TemporaryKey {
  accessKey: string;
  secretKey: string;
  securityToken: string;
  expiresAt: Date;
}

/** Which cloud's IAM pages the securitytokens call follows (see the top of this file). */
export type IamReading = 'huawei-cloud' | 'open-telekom-cloud';

export interface SecurityTokenState {
  now: () => Date;
  reading: IamReading;
  /**
   * Test-only: keys live this long whatever `duration_seconds` asked (IAM grants 15 minutes at least), so a test
   * can outlive them. Undefined: `duration_seconds`.
   */
  keyLifetimeMs?: number;
  /** A token the emulated IAM issued, or undefined. */
  issuedToken: (token: string) => IssuedToken | undefined;
  /** Tokens accepted whatever IAM issued (the emulator's acceptedTokens). */
  acceptedTokens: ReadonlySet<string>;
  /** Called with every key issued, e.g. to let OBS accept it. */
  onIssue: (key: TemporaryKey) => void;
  /** Every key issued, in order. */
  issuedKeys: TemporaryKey[];
}

function iamError(status: number, code: string, message: string): IamResponse {
  return { status, accepted: false, body: { error_msg: message, error_code: code } };
}

/** POST /v3.0/OS-CREDENTIAL/securitytokens, token method, the token in X-Auth-Token (or auth.identity.token.id). */
export function handleSecurityToken(
  state: SecurityTokenState,
  authToken: string | undefined,
  body: Buffer,
): IamResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return iamError(400, 'IAM.0011', 'Request body is invalid.');
  }
  const identity = (parsed as { auth?: { identity?: Record<string, unknown> } })?.auth?.identity;
  const methods = identity?.methods;
  const tokenField = identity?.token as { id?: unknown; duration_seconds?: unknown } | undefined;
  if (!Array.isArray(methods) || methods.length !== 1 || methods[0] !== 'token') {
    return iamError(400, 'IAM.0011', 'auth.identity.methods must be ["token"] here.');
  }
  const duration = tokenField?.duration_seconds ?? 900;
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 900 || duration > 86_400) {
    return iamError(400, 'IAM.0011', 'duration_seconds must be an integer from 900 to 86400.');
  }
  const token = authToken ?? (typeof tokenField?.id === 'string' ? tokenField.id : undefined);
  if (token === undefined) return iamError(401, 'IAM.0001', 'The request you have made requires authentication.');
  const now = state.now();
  const issued = state.issuedToken(token);
  const known = state.acceptedTokens.has(token) || (issued !== undefined && issued.expiresAt.getTime() > now.getTime());
  if (!known) return iamError(401, 'IAM.0001', 'The token is invalid or has expired.');
  if (state.reading === 'huawei-cloud' && issued?.method === 'oidc' && issued.projectId !== undefined) {
    return iamError(
      401,
      'IAM.0001',
      'A federated user obtains temporary access keys and security tokens only with an unscoped token.',
    );
  }

  const key: TemporaryKey = {
    accessKey: `TMP${randomBytes(10).toString('hex').toUpperCase()}`,
    secretKey: randomBytes(30).toString('base64url'),
    securityToken: `gAAAAAB${randomBytes(120).toString('base64url')}`,
    expiresAt: new Date(now.getTime() + (state.keyLifetimeMs ?? duration * 1000)),
  };
  state.issuedKeys.push(key);
  state.onIssue(key);
  return {
    status: 201,
    accepted: true,
    body: {
      credential: {
        access: key.accessKey,
        secret: key.secretKey,
        expires_at: key.expiresAt.toISOString(),
        securitytoken: key.securityToken,
      },
    },
  };
}
