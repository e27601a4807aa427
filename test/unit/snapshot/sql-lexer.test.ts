import { describe, expect, it } from 'vitest';
import { lexSql, quoteSqlString } from '../../../src/snapshot/sql-lexer.ts';

const kinds = (sql: string) => lexSql(sql).map((token) => `${token.kind}:${token.text}`);

describe('lexSql', () => {
  it('gives the input back when the tokens are joined', () => {
    const sql = "SELECT 'a''b' -- it's\n/* 'x */ \"c\"\"d\" `e``f` FROM t WHERE x = 1;";
    expect(
      lexSql(sql)
        .map((token) => token.text)
        .join(''),
    ).toBe(sql);
  });

  it('reads a doubled quote as part of the literal', () => {
    expect(lexSql("'it''s'")).toEqual([{ kind: 'string', text: "'it''s'", value: "it's" }]);
  });

  it('reads quotes inside comments as comment text', () => {
    expect(kinds("-- don't\n'x'")).toEqual(["comment:-- don't", 'space:\n', "string:'x'"]);
    expect(kinds("/* it's */'x'")).toEqual(["comment:/* it's */", "string:'x'"]);
  });

  it('quoted identifiers and words', () => {
    expect(lexSql('`a``b` "c" key.name')).toEqual([
      { kind: 'identifier', text: '`a``b`', value: 'a`b' },
      { kind: 'space', text: ' ' },
      { kind: 'identifier', text: '"c"', value: 'c' },
      { kind: 'space', text: ' ' },
      { kind: 'word', text: 'key.name', value: 'key.name' },
    ]);
  });

  it('runs an unterminated literal or comment to the end', () => {
    expect(kinds("'abc")).toEqual(["string:'abc"]);
    expect(kinds('/* abc')).toEqual(['comment:/* abc']);
    expect(kinds('-- abc')).toEqual(['comment:-- abc']);
  });

  it('a single minus or slash is not a comment', () => {
    expect(kinds('a-b/c')).toEqual(['word:a', 'other:-', 'word:b', 'other:/', 'word:c']);
  });

  it('quoteSqlString doubles quotes', () => {
    expect(quoteSqlString("it's")).toBe("'it''s'");
  });
});
