/**
 * The step always ends in time: on every path (GitHub ID token, IAM, job list, export), a service that accepts the
 * connection and never answers makes the *process* exit within the bound the action states (and the README gives),
 * not only print its error. Measured as the exit time of dist/index.js.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_DOMAIN,
  DEFAULT_IDP_ID,
  DEFAULT_PASSWORD,
  DEFAULT_USERNAME,
  type Emulator,
  startEmulator,
} from '../emulator/server.ts';
import { accessKeyInputs, type RunResult, runAction } from './run-action.ts';

/** Accepts every connection and never says a word. */
let silent: Server;
let silentUrl: string;
const sockets = new Set<Socket>();
let emulator: Emulator;

beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  silentUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  emulator = await startEmulator();
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  await emulator.close();
});
beforeEach(() => emulator.reset());

/** Start-up of a fresh Node process on a busy machine: generous, and still far below "minutes". */
const START_UP_MARGIN_MS = 8000;

async function timedRun(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const started = Date.now();
  const run = await runAction({ inputs: { 'timeout-seconds': '2', ...inputs }, env, timeoutMs: 120_000 });
  return { run, elapsedMs: Date.now() - started };
}

/** The bound the action logs, in ms ("this step within 6 s"). */
function statedBoundMs(run: RunResult): number {
  const match = /this step within (?:(\d+) min)? ?(?:(\d+) s)?/.exec(run.stdout);
  expect(match, run.stdout).not.toBeNull();
  return (Number(match?.[1] ?? 0) * 60 + Number(match?.[2] ?? 0)) * 1000;
}

function expectEndedInTime(result: { run: RunResult; elapsedMs: number }, expectedBoundMs: number) {
  const { run, elapsedMs } = result;
  expect(run.exitCode).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(statedBoundMs(run)).toBe(expectedBoundMs);
  expect(elapsedMs).toBeLessThan(statedBoundMs(run) + START_UP_MARGIN_MS);
}

describe('a service that never answers, with timeout-seconds 2', () => {
  it('the GitHub ID-token service: the process exits within the bound', async () => {
    const result = await timedRun(
      {
        ...accessKeyInputs({ 'access-key': '', 'secret-key': '' }),
        endpoint: emulator.url,
        'iam-endpoint': emulator.url,
        'identity-provider': DEFAULT_IDP_ID,
        'max-attempts': '1',
      },
      { ACTIONS_ID_TOKEN_REQUEST_URL: `${silentUrl}/token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'rt' },
    );
    // ID token, IAM token, export: 3 requests of at most 2 s
    expectEndedInTime(result, 6000);
    expect(result.run.errors[0]).toMatch(
      /^GitHub ID token request to 127\.0\.0\.1:\d+ failed: no complete response within 2 s/,
    );
    expect(emulator.requests).toHaveLength(0);
  });

  it('the ID-token service, retried (max-attempts 2): still bounded, and the request token is masked', async () => {
    const result = await timedRun(
      {
        ...accessKeyInputs({ 'access-key': '', 'secret-key': '' }),
        endpoint: emulator.url,
        'iam-endpoint': emulator.url,
        'identity-provider': DEFAULT_IDP_ID,
        'max-attempts': '2',
      },
      {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${silentUrl}/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'rt-secret',
      },
    );
    // 3 requests of at most 2 × 2 s + one wait of at most 30 s
    expectEndedInTime(result, 3 * 34_000);
    expect(result.elapsedMs).toBeLessThan(4000 + 1000 + START_UP_MARGIN_MS);
    expect(result.run.errors[0]).toMatch(/no complete response within 2 s \(after 2 attempts\)/);
    expect(result.run.masks).toContain('rt-secret');
  });

  it('IAM (password): the process exits within the bound', async () => {
    const result = await timedRun({
      ...accessKeyInputs({ 'access-key': '', 'secret-key': '' }),
      endpoint: emulator.url,
      'iam-endpoint': silentUrl,
      username: DEFAULT_USERNAME,
      password: DEFAULT_PASSWORD,
      'domain-name': DEFAULT_DOMAIN,
      'max-attempts': '1',
    });
    expectEndedInTime(result, 4000);
    expect(result.run.errors[0]).toMatch(/^IAM password authentication request to .* no complete response within 2 s/);
  });

  it('the job list: the process exits within the bound', async () => {
    const result = await timedRun(
      accessKeyInputs({ endpoint: silentUrl, 'job-names': 'orders-enrichment', 'max-attempts': '1' }),
    );
    expectEndedInTime(result, 4000);
    expect(result.run.errors[0]).toMatch(/^DLI job list request to .* no complete response within 2 s/);
  });

  it('the export (not retried once sent, even with max-attempts 3): the process exits within the bound', async () => {
    const result = await timedRun(accessKeyInputs({ endpoint: silentUrl, 'job-ids': '146', 'max-attempts': '3' }));
    expectEndedInTime(result, 66_000);
    expect(result.elapsedMs).toBeLessThan(2000 + START_UP_MARGIN_MS);
    expect(result.run.errors[0]).toMatch(
      /^DLI export request to .* no complete response within 2 s\. Hint: the export may have completed/,
    );
  });
});
