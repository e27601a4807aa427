/**
 * The emulator must accept what the real gateway accepts: a request made by the official Huawei Cloud SDK core
 * (signed by its own signer, sent by its own HTTP stack) exports successfully against it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY, startEmulator } from '../emulator/server.ts';

const SDK_SCRIPT = fileURLToPath(new URL('../../bench/sdk-core.cjs', import.meta.url));

function runSdk(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SDK_SCRIPT], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

it("accepts the official SDK core's signed export, and rejects it with a wrong secret key", async () => {
  const emulator = await startEmulator();
  try {
    const env = { BENCH_ENDPOINT: emulator.url, BENCH_PROJECT_ID: DEFAULT_PROJECT_ID, BENCH_AK: DEFAULT_ACCESS_KEY };
    const good = await runSdk({ ...env, BENCH_SK: DEFAULT_SECRET_KEY });
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect(emulator.requests[0]).toMatchObject({ operation: 'export', accepted: true, status: 200 });
    expect(emulator.exports[0]?.jobIds).toEqual(['146']);

    const bad = await runSdk({ ...env, BENCH_SK: 'not-the-secret' });
    expect(bad.code).toBe(1);
    expect(emulator.requests[1]).toMatchObject({ accepted: false, status: 401 });
  } finally {
    await emulator.close();
  }
});
