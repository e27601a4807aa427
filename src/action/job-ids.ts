/**
 * Parsing of the `job-ids` input into exact decimal strings.
 *
 * DLI job IDs are 64-bit (Java Long). A JavaScript number loses precision above 2^53, so IDs are kept as
 * decimal strings from the moment they are read until they are written into the request body.
 */

import { parseKeepingNumbers } from '../util/exact-json.ts';

export const MAX_JOB_ID = 9223372036854775807n;

export type JobIdsResult = { ok: true; ids: string[] } | { ok: false; problems: string[] };

/** Accepts IDs separated by commas, whitespace or newlines, or a JSON array of numbers/strings. */
export function parseJobIds(raw: string | undefined): JobIdsResult {
  const text = raw?.trim() ?? '';
  if (text === '') return { ok: true, ids: [] };

  const tokens = text.startsWith('[') ? jsonArrayTokens(text) : { ok: true as const, tokens: text.split(/[\s,]+/) };
  if (!tokens.ok) return { ok: false, problems: [tokens.problem] };

  const problems: string[] = [];
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const token of tokens.tokens) {
    if (token === '') continue;
    const id = normalizeJobId(token);
    if (typeof id !== 'string') {
      problems.push(id.problem);
    } else if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, ids };
}

/** Returns the canonical decimal form ("007" -> "7") or why the token is not a valid job ID. */
export function normalizeJobId(token: string): string | { problem: string } {
  const shown = JSON.stringify(token.length > 40 ? `${token.slice(0, 40)}…` : token);
  if (!/^\d+$/.test(token)) return { problem: `${shown} is not a positive whole number` };
  const value = BigInt(token);
  if (value === 0n) return { problem: `${shown} is not a positive job ID` };
  if (value > MAX_JOB_ID)
    return {
      problem: `${shown} is larger than the largest job ID (${MAX_JOB_ID})`,
    };
  return value.toString();
}

/** Reads a JSON array keeping each number's source text, so large integers are not rounded. */
function jsonArrayTokens(text: string): { ok: true; tokens: string[] } | { ok: false; problem: string } {
  let parsed: unknown;
  try {
    parsed = parseKeepingNumbers(text);
  } catch (error) {
    return {
      ok: false,
      problem: `looks like a JSON array but is not valid JSON (${(error as Error).message})`,
    };
  }
  if (!Array.isArray(parsed)) return { ok: false, problem: 'must be a JSON array of job IDs' };
  const tokens: string[] = [];
  for (const item of parsed) {
    if (typeof item !== 'string') {
      return {
        ok: false,
        problem: `JSON array entries must be numbers or strings, got ${JSON.stringify(item)}`,
      };
    }
    tokens.push(item.trim());
  }
  return { ok: true, tokens };
}
