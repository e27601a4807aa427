/**
 * JSON with exact 64-bit integers. Job IDs are Java Longs; a JavaScript number loses precision above 2^53, so
 * their source text is kept when reading (Node >= 21 gives revivers the source) and written verbatim when sending.
 *
 * Reading is fast in the usual case: the plain parser reads the text, and the numbers to keep become their decimal
 * text. That text equals the source when every number literal in the text is an integer literal (no fraction or
 * exponent: none of `1.5`, `1e3`) and each number kept is a safe integer other than -0. Otherwise, e.g. when an ID
 * is beyond 2^53, the text is read again with a reviver that gets each number's source (several times slower).
 */

declare global {
  interface JSON {
    /** Node >= 21: a value that JSON.stringify writes verbatim. */
    rawJSON(text: string): unknown;
  }
}

type SourceReviver = (key: string, value: unknown, context: { source: string }) => unknown;

/**
 * Any number literal with a fraction or an exponent contains one of these (JSON needs a digit on both sides);
 * text inside strings may match too, which only costs the slower exact reading.
 */
const NON_INTEGER_LITERAL = /\d[.eE][-+]?\d/;

/** Parses `text`, replacing each number whose key passes `keep` by its source text (e.g. "9223372036854775807"). */
export function parseKeepingNumbers(text: string, keep: (key: string) => boolean = () => true): unknown {
  if (!NON_INTEGER_LITERAL.test(text)) {
    const plain: unknown = JSON.parse(text);
    const exact = keepIntegers({ '': plain }, keep);
    if (exact) return exact[''];
  }
  return parseWithSources(text, keep);
}

/** The exact reading: a reviver sees every value, with its source text. */
export function parseWithSources(text: string, keep: (key: string) => boolean = () => true): unknown {
  const reviver: SourceReviver = (key, value, context) =>
    typeof value === 'number' && keep(key) ? context.source : value;
  return JSON.parse(text, reviver as Parameters<typeof JSON.parse>[1]);
}

/**
 * Replaces, in place, each kept number by its decimal text; returns undefined (leaving the work to the exact
 * reading) at the first kept number whose decimal text may differ from its source.
 */
function keepIntegers(
  root: Record<string, unknown>,
  keep: (key: string) => boolean,
): Record<string, unknown> | undefined {
  const pending: (Record<string, unknown> | unknown[])[] = [root];
  for (let container = pending.pop(); container !== undefined; container = pending.pop()) {
    if (Array.isArray(container)) {
      for (let index = 0; index < container.length; index++) {
        const value = container[index];
        if (typeof value === 'number') {
          if (!keep(String(index))) continue;
          if (!isExactInteger(value)) return undefined;
          container[index] = String(value);
        } else if (typeof value === 'object' && value !== null) {
          pending.push(value as Record<string, unknown> | unknown[]);
        }
      }
    } else {
      for (const key in container) {
        const value = container[key];
        if (typeof value === 'number') {
          if (!keep(key)) continue;
          if (!isExactInteger(value)) return undefined;
          container[key] = String(value);
        } else if (typeof value === 'object' && value !== null) {
          pending.push(value as Record<string, unknown> | unknown[]);
        }
      }
    }
  }
  return root;
}

/** An integer whose decimal text is the literal it was read from (given that the literal was an integer). */
function isExactInteger(value: number): boolean {
  return Number.isSafeInteger(value) && !Object.is(value, -0);
}

/** A decimal integer string as a JSON number literal, exactly. */
export function integerLiteral(decimal: string): unknown {
  return JSON.rawJSON(decimal);
}
