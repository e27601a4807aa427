// A loopback emulator of DLI's Flink job export, import and list APIs behind the API gateway, of IAM's token APIs
// (password and OpenID Connect) and of GitHub Actions' ID-token service, all on one port.

import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { buildCatalogue, DEFAULT_JOBS, type JobSpec } from './catalogue.ts';
import { type DliResponse, type DliState, dliError, type ExportRecord, handleExport, handleList } from './dli.ts';
import {
  API_NOT_FOUND,
  type AuthSettings,
  authenticate,
  type GatewayError,
  matchRoute,
  type Operation,
} from './gateway.ts';
import {
  GITHUB_ID_TOKEN_PATH,
  type GithubResponse,
  type GithubState,
  handleIdTokenRequest,
  idTokenClaims,
  matchGithubRoute,
  signIdToken,
} from './github.ts';
import {
  createGithubReleasesState,
  type GithubReleaseOperation,
  type GithubReleasesState,
  handleGithubRelease,
  matchGithubReleaseRoute,
  type ReleaseSpec,
  releaseEventPayload,
} from './github-releases.ts';
import {
  buildIdentityProviders,
  DEFAULT_IDENTITY_PROVIDERS,
  DEFAULT_PROJECT_NAME,
  DEFAULT_USERS,
  handleOidcToken,
  handlePasswordToken,
  type IamResponse,
  type IamState,
  type IamUser,
  type IdentityProvider,
  matchIamRoute,
} from './iam.ts';
import { handleSecurityToken, type IamReading, SECURITY_TOKENS_PATH, type TemporaryKey } from './iam-credentials.ts';
import { createImportState, handleImport, type ImportRecord, rememberZip, type ZippedJob } from './import.ts';
import type { JwtClaims } from './jwt.ts';
import { type ObsEmulator, startObs } from './obs.ts';
import { exportZip } from './obs-objects.ts';
import { headerValue, type ReceivedRequest } from './signature.ts';

export type { JobSpec } from './catalogue.ts';
export type { ExportRecord } from './dli.ts';
export type { Operation } from './gateway.ts';
export { DEFAULT_GITHUB_CLAIMS, GITHUB_ISSUER } from './github.ts';
export type { GithubReleasesState, ReleaseSpec, StoredAsset } from './github-releases.ts';
export { DEFAULT_GITHUB_TOKEN, DEFAULT_RELEASE, READ_ONLY_GITHUB_TOKEN } from './github-releases.ts';
export type { IamUser, IdentityProvider, MappingRule } from './iam.ts';
export {
  DEFAULT_AUDIENCE,
  DEFAULT_DOMAIN,
  DEFAULT_IDENTITY_PROVIDERS,
  DEFAULT_IDP_ID,
  DEFAULT_PASSWORD,
  DEFAULT_PROJECT_NAME,
  DEFAULT_USERNAME,
  DEFAULT_USERS,
} from './iam.ts';
export type { IamReading, TemporaryKey } from './iam-credentials.ts';
export { DEFAULT_FIRST_IMPORTED_JOB_ID, type ImportRecord, type ZippedJob } from './import.ts';
export type { JwtClaims } from './jwt.ts';
export type { ObsEmulator, ObsFault, ObsRecordedRequest } from './obs.ts';

export const DEFAULT_ACCESS_KEY = 'EMULATORACCESSKEY0001';
export const DEFAULT_SECRET_KEY = 'emulator-secret-key-0000000000000000000001';
export const DEFAULT_PROJECT_ID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
/** The request token of the CLI's GitHub ID-token stand-in (`npm run emulator`), so a `.env` file can name it. */
export const DEFAULT_ID_TOKEN_REQUEST_TOKEN = 'emulator-id-token-request-token';
export const DEFAULT_BUCKETS: readonly string[] = ['dli-backups', 'obs-test'];
export { DEFAULT_JOBS };

export interface EmulatorOptions {
  /** Listening port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** The emulated OBS's own listening port on 127.0.0.1; 0 (default) picks a free one. */
  obsPort?: number;
  /** AK -> SK. Default: DEFAULT_ACCESS_KEY -> DEFAULT_SECRET_KEY. */
  credentials?: Record<string, string>;
  /** IAM tokens accepted in X-Auth-Token (the set is read live, so it may be filled later). Default: none. */
  acceptedTokens?: Set<string>;
  projectId?: string;
  jobs?: JobSpec[];
  /** Existing OBS buckets; an export to any other bucket fails with DLI.0002. */
  buckets?: string[];
  /** Clock for the signature skew check and the zip timestamps. */
  now?: () => Date;
  /** Delay before handling each request. */
  latencyMs?: number;
  /** Send "is_success": "true" instead of true. */
  isSuccessAsString?: boolean;
  /** ZIPs in OBS the import can read, as path (bucket/key.zip) -> the jobs in it; every export adds its ZIP. */
  zips?: Record<string, ZippedJob[]>;
  /** The first ID an imported job gets. Default: DEFAULT_FIRST_IMPORTED_JOB_ID (above 2^53). */
  firstImportedJobId?: string;
  /** IAM users for password tokens. Default: DEFAULT_USERS (DEFAULT_USERNAME / DEFAULT_PASSWORD in DEFAULT_DOMAIN). */
  users?: IamUser[];
  /** IAM identity providers for OpenID Connect tokens. Default: DEFAULT_IDENTITY_PROVIDERS (DEFAULT_IDP_ID). */
  identityProviders?: IdentityProvider[];
  /** Claims that override or extend those of every ID token the GitHub stand-in issues (aud and exp included). */
  githubClaims?: JwtClaims;
  /** The ACTIONS_ID_TOKEN_REQUEST_TOKEN the GitHub stand-in accepts. Default: random per emulator. */
  githubRequestToken?: string;
  /** Temporary keys (as from IAM): DLI accepts their signature; OBS only together with their security token. */
  temporaryKeys?: Omit<TemporaryKey, 'expiresAt'>[];
  /**
   * Which IAM pages securitytokens follows: 'huawei-cloud' (default: a federated user's token only when unscoped)
   * or 'open-telekom-cloud' (any user or federated token).
   */
  iamReading?: IamReading;
  /** Test-only: temporary keys IAM issues live this long, whatever `duration_seconds` asked. */
  temporaryKeyLifetimeMs?: number;
  /** The release the GitHub stand-in's release-asset API serves. Default: DEFAULT_RELEASE. */
  release?: ReleaseSpec;
}

/** The environment a GitHub job with `permissions: id-token: write` gets, pointing at the stand-in. */
export interface GithubIdTokenEnv {
  ACTIONS_ID_TOKEN_REQUEST_URL: string;
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: string;
}

/**
 * `afterRunning: true` (DLI operations): the request is handled first (an export is made and recorded), then its
 * answer is replaced by this one, as when a gateway times out or a connection drops after DLI did the work.
 */
export type ScriptedResponse = (
  | { status: number; body?: string | object; headers?: Record<string, string> }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'ok' }
) & { afterRunning?: boolean };

export interface RecordedRequest {
  method: string;
  /** Raw path, without the query. */
  path: string;
  /** Raw query (after '?'), or ''. */
  query: string;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  body: string;
  operation: Operation | 'unknown';
  /**
   * DLI: the gateway authenticated it (valid signature or accepted token). IAM: a token was issued. GitHub
   * stand-in: the request token was valid and an ID token issued.
   */
  accepted: boolean;
  /** Status sent; undefined while pending, or for reset and hang faults. */
  status?: number;
}

export interface Emulator {
  readonly url: string;
  readonly port: number;
  readonly projectId: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Every successful export, in order. */
  readonly exports: ExportRecord[];
  /** Every successful import, in order. */
  readonly imports: ImportRecord[];
  /** Every IAM token issued (X-Subject-Token), in order. */
  readonly issuedTokens: string[];
  /** Every ID token (JWT) the GitHub stand-in issued over HTTP, in order. */
  readonly issuedIdTokens: string[];
  /** Set these in the action's environment to let `@actions/core` `getIDToken()` reach the stand-in. */
  readonly githubIdTokenEnv: Readonly<GithubIdTokenEnv>;
  /** The stand-in's RSA public key (SPKI PEM), to verify its ID tokens. */
  readonly githubPublicKeyPem: string;
  /** The emulated OBS (its own port): every export writes its ZIP there. */
  readonly obs: ObsEmulator;
  /** Every temporary key IAM issued (securitytokens), in order. */
  readonly temporaryKeys: TemporaryKey[];
  /**
   * Signs an ID token with the stand-in's key, as the stand-in would issue it, with `claims` overriding or
   * extending the claims (e.g. `{ exp: 0 }`). Not recorded in `issuedIdTokens`.
   */
  mintIdToken(claims?: JwtClaims, audience?: string): string;
  /**
   * The GitHub stand-in's release (its assets, the tokens it accepts, and faults to inject); use the emulator's
   * URL as GITHUB_API_URL.
   */
  readonly githubReleases: GithubReleasesState;
  /** The `release` event payload for GITHUB_EVENT_PATH, its upload_url pointing at the emulator. */
  releaseEvent(): object;
  /**
   * Queues responses for an operation, consumed one per request before it is handled: for DLI operations, per
   * request that passed the gateway's authentication; for IAM and GitHub operations, per request.
   */
  script(operation: Operation, responses: ScriptedResponse[]): void;
  /**
   * Clears recorded requests, exports, imports, issued token lists and scripts (tokens already issued and jobs
   * and ZIPs stay).
   */
  reset(): void;
  /** Replaces the project's jobs (e.g. to change a job's SQL between two runs); imports add to them. */
  setJobs(jobs: readonly JobSpec[]): void;
  /** Closes the server and every open connection (hanging ones included). */
  close(): Promise<void>;
}

type Reply =
  | { status: number; body: string; headers?: Record<string, string>; dripIntervalMs?: number }
  | { kind: 'reset' }
  | { kind: 'hang' };

const CONTENT_TYPE = 'application/json;charset=UTF-8';

function gatewayReply(error: GatewayError, requestId: string): Reply {
  const body = { error_code: error.code, error_msg: error.message, request_id: requestId };
  return { status: error.status, body: JSON.stringify(body) };
}

function dliReply(response: DliResponse): Reply {
  return { status: response.status, body: JSON.stringify(response.body) };
}

function serviceReply(response: IamResponse | GithubResponse): Reply {
  const body = JSON.stringify(response.body);
  return !('headers' in response) || response.headers === undefined
    ? { status: response.status, body }
    : { status: response.status, body, headers: response.headers };
}

/** The operation a request targets (method and raw path); DLI routes match whatever the project. */
function operationOf(method: string, rawPath: string): Operation | undefined {
  if (method === 'POST' && rawPath === SECURITY_TOKENS_PATH) return 'iam-securitytoken';
  return (
    matchRoute(method, rawPath)?.operation ??
    matchIamRoute(method, rawPath) ??
    matchGithubRoute(method, rawPath) ??
    matchGithubReleaseRoute(method, rawPath)
  );
}

/** The reply a scripted response forces, or undefined for { kind: 'ok' } (handle normally). */
function scriptedReply(scripted: ScriptedResponse): Reply | undefined {
  if ('kind' in scripted) return scripted.kind === 'ok' ? undefined : { kind: scripted.kind };
  const body =
    typeof scripted.body === 'string'
      ? scripted.body
      : scripted.body === undefined
        ? ''
        : JSON.stringify(scripted.body);
  return scripted.headers === undefined
    ? { status: scripted.status, body }
    : { status: scripted.status, body, headers: scripted.headers };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const projectId = options.projectId ?? DEFAULT_PROJECT_ID;
  const now = options.now ?? (() => new Date());
  const latencyMs = options.latencyMs ?? 0;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKey = createPublicKey(privateKey);
  const github: GithubState = {
    privateKey,
    requestToken: options.githubRequestToken ?? randomBytes(32).toString('base64url'),
    claims: { ...options.githubClaims },
    now,
    issuedIdTokens: [],
  };
  const iam: IamState = {
    projectId,
    projectName: DEFAULT_PROJECT_NAME,
    users: (options.users ?? DEFAULT_USERS).map((user) => ({ ...user })),
    identityProviders: buildIdentityProviders(options.identityProviders ?? DEFAULT_IDENTITY_PROVIDERS),
    idTokenPublicKey: publicKey,
    now,
    tokens: new Map(),
    issuedTokens: [],
  };
  const auth: AuthSettings = {
    credentials: {
      ...(options.credentials ?? { [DEFAULT_ACCESS_KEY]: DEFAULT_SECRET_KEY }),
      ...Object.fromEntries((options.temporaryKeys ?? []).map((key) => [key.accessKey, key.secretKey])),
    },
    acceptedTokens: options.acceptedTokens ?? new Set<string>(),
    issuedToken: (token) => iam.tokens.get(token),
    now,
  };
  const requests: RecordedRequest[] = [];
  const exports: ExportRecord[] = [];
  const imports = createImportState(options.zips, options.firstImportedJobId);
  const dli: DliState = {
    jobs: buildCatalogue(options.jobs ?? DEFAULT_JOBS),
    buckets: new Set(options.buckets ?? DEFAULT_BUCKETS),
    now,
    isSuccessAsString: options.isSuccessAsString ?? false,
    exports,
    onZipWritten: (zipFile, jobs) => rememberZip(imports, zipFile, jobs),
  };
  const githubReleases = createGithubReleasesState(options.release, now);
  const releaseOperations: GithubReleaseOperation[] = [
    'github-list-assets',
    'github-get-asset',
    'github-update-asset',
    'github-delete-asset',
    'github-upload-asset',
  ];
  const operations: Operation[] = [
    'export',
    'import',
    'list',
    'iam-password',
    'iam-oidc',
    'iam-securitytoken',
    'github-id-token',
    ...releaseOperations,
  ];
  const obs = await startObs({ credentials: auth.credentials, buckets: dli.buckets, now, port: options.obsPort ?? 0 });
  const securityTokens = {
    now,
    reading: options.iamReading ?? 'huawei-cloud',
    keyLifetimeMs: options.temporaryKeyLifetimeMs,
    issuedToken: (token: string) => iam.tokens.get(token),
    acceptedTokens: auth.acceptedTokens,
    onIssue: (key: TemporaryKey) => obs.addTemporaryKey(key.accessKey, key),
    issuedKeys: [] as TemporaryKey[],
  };
  for (const key of options.temporaryKeys ?? []) obs.addTemporaryKey(key.accessKey, key);
  const scripts = new Map<Operation, ScriptedResponse[]>(operations.map((operation) => [operation, []]));

  /** The reply forced by the next scripted response of `operation`, if any (undefined: handle normally). */
  function takeScripted(operation: Operation): Reply | undefined {
    const scripted = scripts.get(operation)?.shift();
    return scripted === undefined ? undefined : scriptedReply(scripted);
  }

  /** Whether the next scripted response of `operation` replaces the answer only after handling the request. */
  function nextRunsFirst(operation: Operation): boolean {
    return scripts.get(operation)?.[0]?.afterRunning === true;
  }

  /** IAM and the GitHub stand-in: not behind the gateway's authentication, so faults apply to every request. */
  function decideService(received: ReceivedRequest, record: RecordedRequest, operation: Operation): Reply {
    const forced = takeScripted(operation);
    if (forced !== undefined) return forced;
    if ((releaseOperations as Operation[]).includes(operation)) {
      const answer = handleGithubRelease(
        githubReleases,
        operation as GithubReleaseOperation,
        received.rawPath,
        received.rawQuery,
        received.headers,
        received.body,
      );
      if ('kind' in answer) return answer;
      record.accepted = answer.accepted;
      return {
        status: answer.status,
        body: answer.status === 204 ? '' : JSON.stringify(answer.body),
        headers: answer.headers,
        ...(answer.dripIntervalMs === undefined ? {} : { dripIntervalMs: answer.dripIntervalMs }),
      };
    }
    const response: IamResponse | GithubResponse =
      operation === 'iam-password'
        ? handlePasswordToken(iam, received.body)
        : operation === 'iam-oidc'
          ? handleOidcToken(iam, headerValue(received.headers, 'x-idp-id'), received.body)
          : operation === 'iam-securitytoken'
            ? handleSecurityToken(securityTokens, headerValue(received.headers, 'x-auth-token'), received.body)
            : handleIdTokenRequest(github, received.headers, received.rawQuery);
    record.accepted = response.accepted;
    return serviceReply(response);
  }

  /** Everything between receiving the request and answering it; records progress in `record`. */
  function decide(received: ReceivedRequest, record: RecordedRequest, requestId: string): Reply {
    const operation = operationOf(received.method, received.rawPath);
    if (operation !== undefined && operation !== 'export' && operation !== 'import' && operation !== 'list') {
      return decideService(received, record, operation);
    }
    const route = matchRoute(received.method, received.rawPath);
    if (route === undefined || route.projectId !== projectId) return gatewayReply(API_NOT_FOUND, requestId);

    const authResult = authenticate(received, auth, route.projectId);
    if (!authResult.ok) return gatewayReply(authResult, requestId);
    record.accepted = true;

    if (nextRunsFirst(route.operation)) {
      const normal = handleDli(received, route);
      return takeScripted(route.operation) ?? normal;
    }
    const forced = takeScripted(route.operation);
    if (forced !== undefined) return forced;
    return handleDli(received, route);
  }

  function handleDli(received: ReceivedRequest, route: { operation: Operation; projectId: string }): Reply {
    const headerProject = headerValue(received.headers, 'x-project-id');
    if (headerProject !== undefined && headerProject !== route.projectId) {
      return dliReply(
        dliError(400, 'DLI.0001', `X-Project-Id ${headerProject} does not match the project in the path`),
      );
    }
    const contentType = headerValue(received.headers, 'content-type');
    if (route.operation === 'export') {
      const response = handleExport(dli, contentType, received.body);
      const written = response.status === 200 ? exports.at(-1) : undefined;
      if (written) obs.putObject(written.zipFile, exportZip(written, dli.jobs));
      return dliReply(response);
    }
    if (route.operation === 'import') {
      return dliReply(handleImport(dli, imports, contentType, received.body, obs.objects));
    }
    return dliReply(handleList(dli, received.rawQuery, projectId));
  }

  function send(res: ServerResponse, reply: Reply, requestId: string, record: RecordedRequest): void {
    if (res.destroyed || res.socket === null || res.socket.destroyed) return;
    if ('kind' in reply) {
      if (reply.kind === 'reset') res.socket.resetAndDestroy();
      return; // 'hang': never answer; close() destroys the socket
    }
    record.status = reply.status;
    const payload = Buffer.from(reply.body, 'utf8');
    res.writeHead(reply.status, {
      'X-Request-Id': requestId,
      'Content-Type': CONTENT_TYPE,
      'Content-Length': String(payload.length),
      ...reply.headers,
    });
    if (reply.dripIntervalMs === undefined) {
      res.end(payload);
      return;
    }
    // A drip: one byte per interval, until the client gives up (close() ends it too).
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed || sent >= payload.length) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(payload.subarray(sent, ++sent));
    }, reply.dripIntervalMs);
    res.on('close', () => clearInterval(timer));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const requestId = randomBytes(16).toString('hex');
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const received: ReceivedRequest = {
      method: req.method ?? 'GET',
      rawPath: queryStart === -1 ? url : url.slice(0, queryStart),
      rawQuery: queryStart === -1 ? '' : url.slice(queryStart + 1),
      headers: req.headers,
      body,
    };
    const record: RecordedRequest = {
      method: received.method,
      path: received.rawPath,
      query: received.rawQuery,
      headers: flattenHeaders(req.headers),
      body: body.toString('utf8'),
      operation: operationOf(received.method, received.rawPath) ?? 'unknown',
      accepted: false,
    };
    requests.push(record);
    if (latencyMs > 0) await delay(latencyMs);
    let reply: Reply;
    try {
      reply = decide(received, record, requestId);
    } catch (error) {
      const message = `emulator internal error: ${error instanceof Error ? error.message : String(error)}`;
      reply = gatewayReply({ status: 500, code: 'APIGW.0601', message }, requestId);
    }
    send(res, reply, requestId, record);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  githubReleases.baseUrl = url;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    projectId,
    requests,
    exports,
    imports: imports.imports,
    issuedTokens: iam.issuedTokens,
    issuedIdTokens: github.issuedIdTokens,
    githubIdTokenEnv: Object.freeze({
      ACTIONS_ID_TOKEN_REQUEST_URL: `${url}${GITHUB_ID_TOKEN_PATH}?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
    }),
    githubPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    obs,
    temporaryKeys: securityTokens.issuedKeys,
    mintIdToken(claims, audience) {
      return signIdToken(github, idTokenClaims(github, audience, claims ?? {}));
    },
    githubReleases,
    releaseEvent() {
      return releaseEventPayload(githubReleases);
    },
    script(operation, responses) {
      const queue = scripts.get(operation);
      if (queue === undefined) throw new Error(`unknown operation to script: ${String(operation)}`);
      queue.push(...responses);
    },
    reset() {
      requests.length = 0;
      exports.length = 0;
      imports.imports.length = 0;
      iam.issuedTokens.length = 0;
      github.issuedIdTokens.length = 0;
      for (const queue of scripts.values()) queue.length = 0;
      securityTokens.issuedKeys.length = 0;
      obs.reset();
      githubReleases.assets.length = 0;
      githubReleases.loseUploadAnswers = 0;
      githubReleases.breakUploads = 0;
      githubReleases.failUploads = 0;
      githubReleases.truncateUploads = 0;
      githubReleases.dripUploadAnswers = 0;
      githubReleases.digests = true;
    },
    setJobs(specs) {
      dli.jobs = buildCatalogue(specs);
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }).then(() => obs.close());
      return closing;
    },
  };
}
