// JSON that keeps number literals as their source text, in both directions, so 64-bit job IDs are
// checked and echoed exactly (never rounded through a JS number).

/** A JSON number, kept as the literal text the client sent (e.g. "9223372036854775807", "1.0", "1e3"). */
export class JsonNumber {
  readonly source: string;
  constructor(source: string) {
    this.source = source;
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

type Reviver = (key: string, value: unknown, context: { source?: string }) => unknown;

/** Parses JSON text; numbers become JsonNumber. Throws SyntaxError on invalid JSON. */
export function parseJsonExact(text: string): JsonValue {
  const reviver: Reviver = (_key, value, context) =>
    typeof value === 'number' ? new JsonNumber(context.source ?? String(value)) : value;
  return JSON.parse(text, reviver as (key: string, value: unknown) => unknown) as JsonValue;
}

export function isJsonObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}

export const MAX_INT64 = 9223372036854775807n;
const POSITIVE_INTEGER = /^[1-9][0-9]*$/;

/** The canonical decimal text of a positive int64 literal, or undefined (sign, fraction, exponent, range). */
export function positiveInt64(source: string): string | undefined {
  if (!POSITIVE_INTEGER.test(source)) return undefined;
  return BigInt(source) <= MAX_INT64 ? source : undefined;
}

const rawJson = (JSON as unknown as { rawJSON: (text: string) => unknown }).rawJSON;

/** A value that JSON.stringify writes as the given integer literal, unquoted and exact. */
export function integerLiteral(decimal: string): unknown {
  if (!/^-?(0|[1-9][0-9]*)$/.test(decimal)) throw new Error(`not an integer literal: ${decimal}`);
  return rawJson(decimal);
}
