/**
 * One retry policy, one loop: every request that is repeated (the transport, OBS downloads and uploads, GitHub
 * uploads) goes through `retrying` in src/http/retry.ts. A file under src/ that runs its own loop shows it by what
 * such a loop needs: a wait from the policy's parts (backoffMs, throttleMs, retryAfterMs, waitBefore), its own decision
 * (maySendAgain, RETRYABLE_STATUSES), or a count of attempts compared with `maxAttempts`. This check reads the
 * source for those signs (comments left out). It cannot see a loop that has none of them (a fixed sleep in a
 * `for` over a literal count, say); review has to catch that one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** The policy itself, and files that still run their own loop, each with the reason. */
const ALLOWED: Record<string, string> = {
  'src/http/retry.ts': 'the one policy and its loop',
};

const SIGNS: [string, RegExp][] = [
  [
    'computes its own wait (backoffMs, throttleMs, retryAfterMs, waitBefore)',
    /\b(?:backoffMs|throttleMs|retryAfterMs|waitBefore)\s*\(/,
  ],
  ['decides retries itself (maySendAgain, RETRYABLE_STATUSES)', /\bmaySendAgain\s*\(|\bRETRYABLE_STATUSES\b/],
  // `attempts >= deps.retry.maxAttempts`, `attempt < this.policy.maxAttempts`; not `=>` nor arithmetic.
  ['counts attempts against maxAttempts', /(?<!=)[<>]=?\s*[\w.?!]*\bmaxAttempts\b|\bmaxAttempts\s*[<>]/],
];

/** The code of a TypeScript file without its comments (a `//` after a non-space, as in `obs://`, is kept). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}

/** The signs of a retry loop of its own in `text`: what each found says. */
function ownRetryLoop(text: string): string[] {
  const source = code(text);
  return SIGNS.filter(([, sign]) => sign.test(source)).map(([what]) => what);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(root, path).split('\\').join('/')] : [];
  });
}

describe('one retry loop: src/http/retry.ts', () => {
  const files = sourceFiles(join(root, 'src'));
  const found = Object.fromEntries(
    files.map((file) => [file, ownRetryLoop(readFileSync(join(root, file), 'utf8'))] as const),
  );

  it('no other file under src/ runs a retry loop of its own', () => {
    const offenders = Object.entries(found).filter(([file, signs]) => signs.length > 0 && !(file in ALLOWED));
    expect(Object.fromEntries(offenders)).toEqual({});
  });

  it('each file allowed a loop of its own still has one (remove it from ALLOWED once it uses `retrying`)', () => {
    for (const file of Object.keys(ALLOWED)) {
      expect(files, file).toContain(file);
      expect(found[file], file).not.toEqual([]);
    }
  });

  it.each([
    [
      'a loop over attempts with its own backoff (as OBS uploads had)',
      `for (let attempts = 1; ; attempts++) {
        if (outcome.kind === 'fail' || attempts >= deps.retry.maxAttempts) throw outcome.error;
        const wait = retryAfterMs(retryAfter, now(), deps.retry) ?? backoffMs(attempts, deps.retry, random);
        await sleep(wait);
      }`,
      2,
    ],
    ['its own status list (as OBS downloads had)', 'if (RETRYABLE_STATUSES.has(response.status)) return retry;', 1],
    [
      'a count from the other side',
      'while (this.policy.maxAttempts > tries) { await delay(throttleMs(tries, p, r)); }',
      2,
    ],
    ['the policy asked directly', 'if (maySendAgain(failure, true)) continue;', 1],
    ['code after a URL (its `//` starts no comment)', "const url = 'obs://b/k'; if (n >= maxAttempts) throw e;", 1],
  ])('finds %s', (_name, text, signs) => {
    expect(ownRetryLoop(text)).toHaveLength(signs);
  });

  it.each([
    ['a call through retrying', 'await retrying({ policy, operation, idempotent: true }, attempt, classify);'],
    [
      'a bound computed from maxAttempts',
      'const bound = policy.maxAttempts * timeoutMs + (policy.maxAttempts - 1) * wait;',
    ],
    ['an arrow returning maxAttempts', 'const max = (plan) => maxAttempts;'],
    ['a comment about a loop', '// attempts >= maxAttempts: backoffMs(attempt)\n/* RETRYABLE_STATUSES */ const x = 1;'],
  ])('does not flag %s', (_name, text) => {
    expect(ownRetryLoop(text)).toEqual([]);
  });
});
