/**
 * JSON with exact 64-bit integers. Job IDs are Java Longs; a JavaScript number loses precision above 2^53, so
 * their source text is kept when reading (Node >= 21 gives revivers the source) and written verbatim when sending.
 */

declare global {
  interface JSON {
    /** Node >= 21: a value that JSON.stringify writes verbatim. */
    rawJSON(text: string): unknown;
  }
}

type SourceReviver = (key: string, value: unknown, context: { source: string }) => unknown;

/** Parses `text`, replacing each number whose key passes `keep` by its source text (e.g. "9223372036854775807"). */
export function parseKeepingNumbers(text: string, keep: (key: string) => boolean = () => true): unknown {
  const reviver: SourceReviver = (key, value, context) =>
    typeof value === 'number' && keep(key) ? context.source : value;
  return JSON.parse(text, reviver as Parameters<typeof JSON.parse>[1]);
}

/** A decimal integer string as a JSON number literal, exactly. */
export function integerLiteral(decimal: string): unknown {
  return JSON.rawJSON(decimal);
}
