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

const WORD = /[A-Za-z0-9_.$\u0080-\uffff]/;
const SPACE = /\s/;

export function lexSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let at = 0;
  while (at < sql.length) {
    const char = sql[at] as string;
    const next = sql[at + 1];
    let end: number;
    if (SPACE.test(char)) {
      end = at + 1;
      while (end < sql.length && SPACE.test(sql[end] as string)) end++;
      tokens.push({ kind: 'space', text: sql.slice(at, end) });
    } else if (char === '-' && next === '-') {
      end = sql.indexOf('\n', at);
      if (end < 0) end = sql.length;
      tokens.push({ kind: 'comment', text: sql.slice(at, end) });
    } else if (char === '/' && next === '*') {
      const close = sql.indexOf('*/', at + 2);
      end = close < 0 ? sql.length : close + 2;
      tokens.push({ kind: 'comment', text: sql.slice(at, end) });
    } else if (char === "'" || char === '"' || char === '`') {
      const quoted = readQuoted(sql, at, char);
      end = quoted.end;
      const text = sql.slice(at, end);
      tokens.push(
        char === "'"
          ? { kind: 'string', text, value: quoted.value }
          : { kind: 'identifier', text, value: quoted.value },
      );
    } else if (WORD.test(char)) {
      end = at + 1;
      while (end < sql.length && WORD.test(sql[end] as string)) end++;
      const text = sql.slice(at, end);
      tokens.push({ kind: 'word', text, value: text });
    } else {
      end = at + 1;
      tokens.push({ kind: 'other', text: char });
    }
    at = end;
  }
  return tokens;
}

/** From the opening quote to the closing one (a doubled quote is content); unterminated runs to the end. */
function readQuoted(sql: string, start: number, quote: string): { end: number; value: string } {
  const parts: string[] = [];
  let from = start + 1;
  for (;;) {
    const close = sql.indexOf(quote, from);
    if (close < 0) {
      parts.push(sql.slice(from));
      return { end: sql.length, value: parts.join('') };
    }
    parts.push(sql.slice(from, close));
    if (sql[close + 1] === quote) {
      parts.push(quote);
      from = close + 2;
      continue;
    }
    return { end: close + 1, value: parts.join('') };
  }
}

/** A SQL string literal holding `value`: quotes doubled. */
export function quoteSqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
