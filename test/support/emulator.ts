/**
 * The emulator's life in a test file: started once before the file's tests, reset before each, closed after all.
 * Shared by the e2e tests and the in-process tests that run against the whole emulator.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator/server.ts';

/**
 * Registers the hooks: `startEmulator(options)` before all (handing the emulator to `assign`), `reset()` before each
 * test, `close()` after all. A test that needs an emulator of its own starts and closes it itself; it does not replace
 * the file's.
 */
export function useEmulator(assign: (emulator: Emulator) => void, options: EmulatorOptions = {}): void {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator(options);
    assign(emulator);
  });
  afterAll(() => emulator?.close());
  beforeEach(() => emulator?.reset());
}
