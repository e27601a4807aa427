/**
 * In-process OBS set-up shared by the transfer tests (test/unit/obs/download.test.ts, upload.test.ts): the emulated
 * OBS with one bucket `bkt` and one key pair, the real transport, object addresses on the emulator and the signing
 * the action does for one object.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { DEFAULT_RETRY_POLICY } from '../../src/http/retry.ts';
import { type Authorize, createTransport, type Transport } from '../../src/http/transport.ts';
import { type ObjectAddress, objectAddress, obsEndpoint } from '../../src/obs/address.ts';
import { type ObsCredentials, obsAuthHeaders } from '../../src/obs/signature.ts';
import { type ObsEmulator, startObs } from '../emulator/obs.ts';
import { handleTo } from './handle.ts';

/**
 * Registers the hooks for the emulated OBS (bucket `bkt`, the one key pair) and a real transport with 3 attempts and a
 * 2 s timeout: both started before all, OBS reset before each test, both closed after all. Returns handles to them.
 */
export function useObsAndTransport(accessKey: string, secretKey: string): { obs: ObsEmulator; transport: Transport } {
  let obs: ObsEmulator | undefined;
  let transport: Transport | undefined;
  beforeAll(async () => {
    obs = await startObs({ credentials: { [accessKey]: secretKey }, buckets: ['bkt'], now: () => new Date() });
    transport = createTransport({ timeoutMs: 2000, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 } });
  });
  afterAll(async () => {
    await transport?.close();
    await obs?.close();
  });
  beforeEach(() => obs?.reset());
  return { obs: handleTo(() => obs, 'obs'), transport: handleTo(() => transport, 'transport') };
}

/** The path-style address of `bucket/key` on the emulated OBS; throws where the action would refuse the path. */
export function addressOn(obs: Pick<ObsEmulator, 'url'>, path: string): ObjectAddress {
  const result = objectAddress(path, obsEndpoint(new URL(obs.url)));
  if (!result.ok) throw new Error(result.problem);
  return result.address;
}

/** Signs each request for the object `target` with these credentials, at the time it is sent. */
export function signedFor(target: ObjectAddress, credentials: ObsCredentials): Authorize {
  return (request) => ({
    ...request,
    headers: obsAuthHeaders(request.method, request.headers, target.resource, credentials, new Date()),
  });
}
