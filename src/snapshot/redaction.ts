/**
 * Secrets out of job definitions before anything is written: the SQL's `WITH (...)` options and `SET` statements,
 * the definition's key/value maps, and the Jar's arguments. Pure.
 *
 * Rules (README "Reading and reviewing jobs"):
 * - a key that contains `password`, `secret`, `token`, `access-key`/`accesskey`/`access.key`/`access_key`,
 *   `secret-key` or `credential` (any case) has its value replaced by REDACTED;
 * - inside any value, string literal or comment, `<such key>=<value>` (or `:`) has the value replaced, e.g. the
 *   `password="…"` of a JAAS string or the `password=…` of a JDBC URL;
 * - a Jar argument `--<such key>` (or `-D<such key>`) hides the argument after it.
 * The SQL is read as SQL reads it (sql-lexer.ts), so quotes in comments or doubled `''` cannot shift the pairing.
 */
import { quoteSqlString, type SqlTokenKind, scanSql, unquote } from './sql-lexer.ts';

/** The fixed marker that replaces every secret value. */
export const REDACTED = '***REDACTED***';

const SECRET_WORD = 'password|passwd|secret|token|access[-._]?key|credential';
const SECRET_KEY = new RegExp(SECRET_WORD, 'i');

/** Whether a key names a secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * `key=value` or `key: value` inside a longer text, the key naming a secret; the value quoted (a backslash escape
 * or a doubled quote inside, as in commented-out SQL; unterminated: to the end) or up to a separator.
 */
const INNER_PAIR = new RegExp(
  `(["']?[A-Za-z0-9_.\\-]*(?:${SECRET_WORD})[A-Za-z0-9_.\\-]*["']?)(\\s*[=:]\\s*)("(?:[^"\\\\]|\\\\.|"")*(?:"|$)|'(?:[^'\\\\]|\\\\.|'')*(?:'|$)|[^\\s"';,&)]+)`,
  'gi',
);

/** Replaces the value of every secret `key=value` inside `text`; everything else stays verbatim. */
export function redactText(text: string): string {
  if (!SECRET_KEY.test(text)) return text;
  return text.replace(INNER_PAIR, (whole, key: string, separator: string, value: string) => {
    const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
    const closed = quote !== '' && value.length > 1 && value.endsWith(quote);
    const inner = quote ? value.slice(1, closed ? -1 : undefined) : value;
    if (inner === '' || inner === REDACTED) return whole;
    // A URL such as token://host, or a key followed by `::`, is not a pair.
    if (!quote && separator.trim() === ':' && inner.startsWith('/')) return whole;
    return `${key}${separator}${quote}${REDACTED}${quote}`;
  });
}

/** The SQL with every secret value replaced; comments, layout and every other character kept. */
export function redactSql(sql: string): string {
  // Without a secret word anywhere, nothing can be redacted.
  if (!SECRET_KEY.test(sql)) return sql;
  const parts: string[] = [];
  let copied = 0;
  const replace = (start: number, end: number, text: string) => {
    parts.push(sql.slice(copied, start), text);
    copied = end;
  };
  // The significant token before the last (not space or comment), and whether the last was `=`: a `key = value`
  // pair is found across comments and line breaks.
  let keyKind: SqlTokenKind | undefined;
  let keyStart = 0;
  let keyEnd = 0;
  let equals = false;
  let unquotedKey = false;
  // The value of a secret key being read: every token that touches the one before (no space or comment between),
  // up to `,` `;` `)`, so that `AbC/dEf+GhI=`, `-12345` or `N'x'` is hidden whole, not only its first token.
  let valueStart = -1;
  let valueEnd = -1;
  // Where a literal that continues the value may start: after a value ending in a literal, a space holding a line
  // break (`'abc'\n'def'` is one literal to Flink).
  let continuesAt = -1;
  const endValue = () => {
    if (valueStart < 0) return;
    if (sql.slice(valueStart, valueEnd) !== quoteSqlString(REDACTED)) {
      replace(valueStart, valueEnd, quoteSqlString(REDACTED));
    }
    valueStart = -1;
  };
  const isStop = (kind: SqlTokenKind, start: number, end: number) =>
    kind === 'space' ||
    kind === 'comment' ||
    (kind === 'other' && end - start === 1 && ',;)'.includes(sql[start] as string));
  scanSql(sql, (kind, start, end) => {
    if (valueStart >= 0) {
      if (start === valueEnd && !isStop(kind, start, end)) {
        valueEnd = end;
        return;
      }
      const continued = kind === 'space' && sql[valueEnd - 1] === "'" && sql.slice(start, end).includes('\n');
      endValue();
      if (continued) {
        continuesAt = end;
        return;
      }
    }
    if (kind === 'string' && start === continuesAt) {
      valueStart = start;
      valueEnd = end;
      return;
    }
    if (kind === 'space') return;
    if (kind === 'comment') {
      const text = sql.slice(start, end);
      if (SECRET_KEY.test(text)) {
        const redacted = redactComment(text);
        if (redacted !== text) replace(start, end, redacted);
      }
      return;
    }
    const isKey = keyKind === 'string' || keyKind === 'word' || keyKind === 'identifier';
    const keyText = equals && isKey ? sql.slice(keyStart, keyEnd) : undefined;
    if (
      keyText !== undefined &&
      !isStop(kind, start, end) &&
      isSecretKey(keyKind === 'word' ? keyText : unquote(keyText))
    ) {
      valueStart = start;
      valueEnd = end;
      keyKind = undefined;
      equals = false;
      return;
    }
    if (kind === 'string') {
      const text = sql.slice(start, end);
      if (SECRET_KEY.test(text)) {
        const value = unquote(text);
        const redacted = redactText(value);
        if (redacted !== value) replace(start, end, quoteSqlString(redacted));
      }
    }
    const isEquals = kind === 'other' && end - start === 1 && sql.charCodeAt(start) === 61; // '='
    // An unquoted key is words and single dashes that touch: `s3.secret-key` (three tokens) is one key.
    const isKeyPart = kind === 'word' || (kind === 'other' && end - start === 1 && sql.charCodeAt(start) === 45);
    if (isKeyPart && unquotedKey && !equals && start === keyEnd) {
      keyKind = 'word';
      keyEnd = end;
    } else if (!isEquals) {
      keyKind = kind;
      keyStart = start;
      keyEnd = end;
    }
    unquotedKey = isKeyPart;
    equals = isEquals;
  });
  endValue();
  if (copied === 0) return sql;
  parts.push(sql.slice(copied));
  return parts.join('');
}

/** A comment's secrets; a hint (`/*+ OPTIONS('k' = 'v') *\/`) is SQL that Flink reads, and is read as SQL. */
function redactComment(text: string): string {
  if (text.startsWith('--')) return `--${redactText(text.slice(2))}`;
  const closed = text.endsWith('*/') && text.length >= 4;
  const hint = text.startsWith('/*+');
  const body = text.slice(hint ? 3 : 2, closed ? -2 : undefined);
  return `${hint ? '/*+' : '/*'}${hint ? redactSql(body) : redactText(body)}${closed ? '*/' : ''}`;
}

/**
 * Jar arguments ("separated by spaces"): `--password x`, `--password=x`, `-Dtoken=x` lose their values. The argument
 * after a secret flag is hidden unless it is a `--flag`, which is then read as a flag itself.
 */
export function redactArgs(args: string): string {
  // Spaces, and arguments in which a quoted part ("a b", 'a b') may hold spaces.
  const parts = args.match(/\s+|(?:[^\s"']|"[^"]*(?:"|$)|'[^']*(?:'|$))+/g) ?? [];
  let hideNext = false;
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] as string;
    if (part === '' || /^\s+$/.test(part)) continue;
    if (hideNext) {
      hideNext = false;
      // A long flag is read as a flag (it may name a secret of its own); anything else is the value, `-x1` too.
      if (!part.startsWith('--')) {
        parts[index] = REDACTED;
        continue;
      }
    }
    if (/^-{1,2}[^=\s]+$/.test(part) && isSecretKey(part)) {
      hideNext = true;
      continue;
    }
    parts[index] = redactText(part);
  }
  return parts.join('');
}

/**
 * A definition value with every secret replaced: an object's secret keys, `{key, value}` pairs in arrays, and
 * within every string the inner pairs; a string holding a JSON object or array (`runtime_config`) is redacted by
 * key and written back only when something changed. Under a secret key, a list or an object has every string and
 * number in it replaced (`"tokens": ["t1"]`, `"credentials": {"user": …}`), its layout and booleans kept.
 */
export function redactValue(value: unknown, key?: string, underSecret = false): unknown {
  const secret = underSecret || (key !== undefined && isSecretKey(key));
  if (secret && isSecretCarrier(value)) return REDACTED;
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, undefined, secret));
  if (isPlainObject(value)) {
    const pairKey = typeof value.key === 'string' ? value.key : undefined;
    const pairSecret = pairKey !== undefined && isSecretKey(pairKey);
    return Object.fromEntries(
      Object.entries(value).map(([name, inner]) => [
        name,
        redactValue(inner, name, secret || (name === 'value' && pairSecret)),
      ]),
    );
  }
  return value;
}

function redactString(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parsed = parseJsonExactly(trimmed);
    if (parsed !== undefined) {
      const redacted = redactValue(parsed);
      const before = JSON.stringify(parsed);
      const after = JSON.stringify(redacted);
      return before === after ? text : after;
    }
  }
  return redactText(text);
}

function isSecretCarrier(value: unknown): boolean {
  if (typeof value === 'string') return value !== '' && value !== REDACTED;
  return typeof value === 'number' || typeof value === 'bigint' || isRawJson(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isRawJson(value);
}

const rawJsonCheck = (JSON as unknown as { isRawJSON?: (value: unknown) => boolean }).isRawJSON;
function isRawJson(value: unknown): boolean {
  return rawJsonCheck?.(value) === true;
}

/** JSON with every number kept as its source text, so re-writing it never rounds a value. */
function parseJsonExactly(text: string): unknown {
  try {
    return JSON.parse(text, ((_key: string, value: unknown, context?: { source?: string }) =>
      typeof value === 'number' && context?.source !== undefined ? JSON.rawJSON(context.source) : value) as Parameters<
      typeof JSON.parse
    >[1]);
  } catch {
    return undefined;
  }
}
