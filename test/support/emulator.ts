/**
 * The emulator's life in a test file: started once before the file's tests, reset before each, closed after all.
 * Shared by the e2e tests that run the built actions against the whole emulator.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator/server.ts';
import { handleTo } from './handle.ts';

/** Temporary keys (AK/SK and security token) to give the emulator as `temporaryKeys`, as IAM's securitytokens issue. */
export const TEMPORARY_KEY = {
  accessKey: 'TMPE2EACCESSKEY',
  secretKey: 'tmp-e2e-secret-key',
  securityToken: 'tmp-e2e-security-token',
} as const;

/**
 * Registers the hooks (`startEmulator(options)` before all, `reset()` before each test, `close()` after all) and
 * returns the file's emulator: a handle that reads through to the one started, usable from the first hook on. A test
 * that needs an emulator of its own starts and closes it itself.
 */
export function useEmulator(options: EmulatorOptions = {}): Emulator {
  let started: Emulator | undefined;
  beforeAll(async () => {
    started = await startEmulator(options);
  });
  afterAll(() => started?.close());
  beforeEach(() => started?.reset());
  return handleTo(() => started, 'emulator');
}
