/** A fresh temporary folder for each test, removed after it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** Registers the hooks: a new folder named `prefix…` in the OS temp folder before each test (handed to `assign`), removed after it. */
export function useTempDir(prefix: string, assign: (path: string) => void): void {
  let path: string | undefined;
  beforeEach(async () => {
    path = await mkdtemp(join(tmpdir(), prefix));
    assign(path);
  });
  afterEach(async () => {
    if (path) await rm(path, { recursive: true, force: true });
    path = undefined;
  });
}
