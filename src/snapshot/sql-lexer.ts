/**
 * A lexer for Flink SQL, just enough to tell string literals, quoted identifiers and comments from the rest, as
 * SQL reads them: `'it''s'` is one literal (a doubled quote inside), `--` runs to the end of the line, `/* *\/`
 * to its close, and a quote inside a comment or an identifier starts nothing. Every character of the input is in
 * exactly one token, so joining the tokens' text gives the input back. Pure.
 */

export type SqlToken =
  | { kind: 'space'; text: string }
  | { kind: 'comment'; text: string }
  /** `value`: the literal's content, doubled quotes undone. */
  | { kind: 'string'; text: string; value: string }
  /** `"name"` or `` `name` ``; `value` without the quotes. */
  | { kind: 'identifier'; text: string; value: string }
  /** A run of letters, digits, `_`, `.` and `$` (keywords, names, numbers, unquoted option keys). */
  | { kind: 'word'; text: string; value: string }
  | { kind: 'other'; text: string };

const WORD = /[A-Za-z0-9_.$\u0080-\uffff]+/y;
const SPACE = /\s+/y;
const WORD_START = /[A-Za-z0-9_.$\u0080-\uffff]/;
const SPACE_START = /\s/;

/** The end of the run `sticky` matches at `at` (sticky regular expressions: no copy of the text). */
function runEnd(sticky: RegExp, sql: string, at: number): number {
  sticky.lastIndex = at;
  sticky.test(sql);
  return sticky.lastIndex;
}

export type SqlTokenKind = SqlToken['kind'];

/**
 * Calls `visit` with each token's kind and its [start, end) range, allocating nothing per token: the form the
 * redaction reads 20 KiB statements in. `lexSql` gives the same tokens as objects.
 */
export function scanSql(sql: string, visit: (kind: SqlTokenKind, start: number, end: number) => void): void {
  let at = 0;
  const length = sql.length;
  while (at < length) {
    const code = sql.charCodeAt(at);
    const next = sql.charCodeAt(at + 1);
    let end: number;
    let kind: SqlTokenKind;
    if (code === 39 /* ' */ || code === 34 /* " */ || code === 96 /* ` */) {
      end = quotedEnd(sql, at);
      kind = code === 39 ? 'string' : 'identifier';
    } else if (code === 45 /* - */ && next === 45) {
      end = sql.indexOf('\n', at);
      if (end < 0) end = length;
      kind = 'comment';
    } else if (code === 47 /* / */ && next === 42 /* * */) {
      const close = sql.indexOf('*/', at + 2);
      end = close < 0 ? length : close + 2;
      kind = 'comment';
    } else if (SPACE_START.test(sql[at] as string)) {
      end = runEnd(SPACE, sql, at);
      kind = 'space';
    } else if (WORD_START.test(sql[at] as string)) {
      end = runEnd(WORD, sql, at);
      kind = 'word';
    } else {
      end = at + 1;
      kind = 'other';
    }
    visit(kind, at, end);
    at = end;
  }
}

export function lexSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  scanSql(sql, (kind, start, end) => {
    const text = sql.slice(start, end);
    if (kind === 'string' || kind === 'identifier' || kind === 'word') {
      tokens.push({ kind, text, value: kind === 'word' ? text : unquote(text) });
    } else {
      tokens.push({ kind, text });
    }
  });
  return tokens;
}

/** The end of the quoted token opening at `start` (a doubled quote is content); unterminated runs to the end. */
function quotedEnd(sql: string, start: number): number {
  const quote = sql[start] as string;
  let from = start + 1;
  for (;;) {
    const close = sql.indexOf(quote, from);
    if (close < 0) return sql.length;
    if (sql[close + 1] === quote) {
      from = close + 2;
      continue;
    }
    return close + 1;
  }
}

/** A quoted token's content: the quotes around it removed, doubled quotes undone (unterminated: to the end). */
export function unquote(text: string): string {
  const quote = text[0] as string;
  const closed = text.length >= 2 && text.endsWith(quote) && quotedEnd(text, 0) === text.length;
  return text.slice(1, closed ? -1 : undefined).replaceAll(quote + quote, quote);
}

/** A SQL string literal holding `value`: quotes doubled. */
export function quoteSqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
