import { describe, expect, it } from 'vitest';
import {
  isSecretKey,
  REDACTED,
  redactArgs,
  redactSql,
  redactText,
  redactValue,
} from '../../../src/snapshot/redaction.ts';

const R = REDACTED;

describe('isSecretKey', () => {
  it.each([
    'password',
    'PASSWORD',
    'sink.password',
    'client.secret',
    'auth.token',
    'access-key',
    'accesskey',
    'access.key',
    'fs.s3a.access_key',
    'secret-key',
    'credentials.file',
  ])('%s is secret', (key) => expect(isSecretKey(key)).toBe(true));
  it.each(['connector', 'topic', 'url', 'username', 'format'])('%s is not', (key) =>
    expect(isSecretKey(key)).toBe(false),
  );
});

describe('redactSql', () => {
  it('WITH options: secret keys lose their values, others stay verbatim', () => {
    expect(redactSql("WITH ('connector' = 'jdbc', 'password' = 'p', 'username' = 'u')")).toBe(
      `WITH ('connector' = 'jdbc', 'password' = '${R}', 'username' = 'u')`,
    );
  });

  it('SET statements, quoted and unquoted', () => {
    expect(redactSql("SET 'a.token' = 'x';\nSET b.password = y;\nSET 'c' = 'd';")).toBe(
      `SET 'a.token' = '${R}';\nSET b.password = '${R}';\nSET 'c' = 'd';`,
    );
  });

  it('an unquoted value is hidden whole, up to a space, comma, semicolon or parenthesis', () => {
    expect(redactSql('SET fs.s3a.secret.key = AbC/dEf+GhI=;\nSET x.password=abc-def-ghi')).toBe(
      `SET fs.s3a.secret.key = '${R}';\nSET x.password='${R}'`,
    );
    expect(redactSql("WITH ('password' = -12345, 'token' = N'a b', 'secret' = \"dq\")")).toBe(
      `WITH ('password' = '${R}', 'token' = '${R}', 'secret' = '${R}')`,
    );
    expect(redactSql("SET 'a.token' = x -- c\n;")).toBe(`SET 'a.token' = '${R}' -- c\n;`);
  });

  it('a hint (/*+ OPTIONS(...) */) is read as SQL: a doubled quote in its value cannot shift the pairing', () => {
    expect(redactSql("SELECT * FROM t /*+ OPTIONS('password'='ab''cd', 'x' = 'it''s') */")).toBe(
      `SELECT * FROM t /*+ OPTIONS('password'='${R}', 'x' = 'it''s') */`,
    );
  });

  it("a value continued on the next line ('a'\n'b', one literal to Flink) is hidden in every part", () => {
    expect(redactSql("WITH ('password' = 'abc'\n  'def'\n  'ghi', 'x' = 'y'\n'z')")).toBe(
      `WITH ('password' = '${R}'\n  '${R}'\n  '${R}', 'x' = 'y'\n'z')`,
    );
  });

  it('a commented-out option keeps a doubled quote inside its value', () => {
    expect(redactSql("-- SET 'password' = 'ab''cd';\n/* 'token' = \"x\"\"y\" */ SELECT 1")).toBe(
      `-- SET 'password' = '${R}';\n/* 'token' = "${R}" */ SELECT 1`,
    );
  });

  it('an unquoted key with dashes (Flink S3: SET s3.secret-key = …) is read whole', () => {
    expect(redactSql('SET s3.access-key=AKIA1;\nSET s3.secret-key = abc123;\nSET s3.endpoint-x = e;')).toBe(
      `SET s3.access-key='${R}';\nSET s3.secret-key = '${R}';\nSET s3.endpoint-x = e;`,
    );
  });

  it('doubled quotes inside the value and the key', () => {
    expect(redactSql("'pass''word' = 'it''s', 'password' = 'a''b'")).toBe(
      `'pass''word' = 'it''s', 'password' = '${R}'`,
    );
  });

  it('comments between key, = and value, and apostrophes in comments, do not shift the pairing', () => {
    const sql = "-- don't\n'password' /* it's */ = -- x\n 'secret-value', 'x' = 'y'";
    expect(redactSql(sql)).toBe(`-- don't\n'password' /* it's */ = -- x\n '${R}', 'x' = 'y'`);
  });

  it('a quote-pairing regex would be fooled here; the lexer is not', () => {
    const sql = "/* it's */ 'k' = 'v', 'token' = 't1' -- 'password' = 'in-comment'";
    expect(redactSql(sql)).toBe(`/* it's */ 'k' = 'v', 'token' = '${R}' -- 'password' = '${R}'`);
  });

  it('password=… inside a value (JAAS, JDBC URL)', () => {
    const sql = `'jaas' = 'PlainLoginModule required username="u" password="p w";', 'url' = 'jdbc:x://h/db?user=u&password=pw&ssl=1'`;
    expect(redactSql(sql)).toBe(
      `'jaas' = 'PlainLoginModule required username="u" password="${R}";', 'url' = 'jdbc:x://h/db?user=u&password=${R}&ssl=1'`,
    );
  });

  it('a secret in a plain literal cannot be recognised and stays', () => {
    expect(redactSql("INSERT INTO t VALUES ('hunter2')")).toBe("INSERT INTO t VALUES ('hunter2')");
  });

  it('is idempotent', () => {
    const once = redactSql("'password' = 'x', 'j' = 'password=\"y\"'");
    expect(redactSql(once)).toBe(once);
  });
});

describe('redactText', () => {
  it('replaces quoted and unquoted values of secret keys', () => {
    expect(redactText('a=1 token=abc; password: "x y"')).toBe(`a=1 token=${R}; password: "${R}"`);
  });
  it('leaves text without secrets alone', () => {
    expect(redactText('a=1, b=2')).toBe('a=1, b=2');
  });
  it('an unterminated quoted value is hidden to the end', () => {
    expect(redactText('user="u" password="p q')).toBe(`user="u" password="${R}"`);
  });

  it('does not take a URL scheme for a value', () => {
    expect(redactText('token://host')).toBe('token://host');
  });
});

describe('redactArgs', () => {
  it('hides the argument after a secret flag and key=value arguments', () => {
    expect(redactArgs('--window 30 --db.password p1 -Dsecret.key=s2 --name x')).toBe(
      `--window 30 --db.password ${R} -Dsecret.key=${R} --name x`,
    );
  });
  it('a secret flag followed by another flag hides nothing', () => {
    expect(redactArgs('--password --verbose')).toBe('--password --verbose');
  });
  it('a secret flag after a secret flag is read as a flag, and hides its own value', () => {
    expect(redactArgs('--use-token --password hunter2')).toBe(`--use-token --password ${R}`);
    expect(redactArgs('--no-credentials --db.password=p1')).toBe(`--no-credentials --db.password=${R}`);
  });
  it('a quoted argument with spaces is one argument, hidden whole', () => {
    expect(redactArgs('--password "a b" --x 1')).toBe(`--password ${R} --x 1`);
    expect(redactArgs('--password=\'a b\' -Dk.token="c d" --x 1')).toBe(`--password='${R}' -Dk.token="${R}" --x 1`);
  });
  it('a value that starts with a single dash is still hidden', () => {
    expect(redactArgs('--password -hunter2 --name x')).toBe(`--password ${R} --name x`);
  });
});

describe('redactValue', () => {
  it('object keys, {key, value} pairs and strings inside', () => {
    expect(
      redactValue({
        a: 1,
        password: 'p',
        nested: {
          apiToken: 42,
          list: [
            { key: 'sasl.password', value: 'v' },
            { key: 'x', value: 'y' },
          ],
        },
        text: 'user=u password=q',
      }),
    ).toEqual({
      a: 1,
      password: R,
      nested: {
        apiToken: R,
        list: [
          { key: 'sasl.password', value: R },
          { key: 'x', value: 'y' },
        ],
      },
      text: `user=u password=${R}`,
    });
  });

  it('a JSON string (runtime_config) is redacted by key, numbers kept exactly, and kept verbatim when clean', () => {
    expect(redactValue('{"a": 12345678901234567890, "secret": "s"}')).toBe(
      `{"a":12345678901234567890,"secret":"${R}"}`,
    );
    expect(redactValue('{ "a": 1 }')).toBe('{ "a": 1 }');
    expect(redactValue('[{"key":"token","value":"t"}]')).toBe(`[{"key":"token","value":"${R}"}]`);
  });

  it('a list or an object under a secret key has every value in it hidden', () => {
    expect(
      redactValue({
        tokens: ['t1', 2],
        credentials: { user: 'a', pass: 'b', enabled: true, more: [{ k: 'c' }] },
        list: [{ key: 'api.secret', value: ['s1'] }],
      }),
    ).toEqual({
      tokens: [R, R],
      credentials: { user: R, pass: R, enabled: true, more: [{ k: R }] },
      list: [{ key: 'api.secret', value: [R] }],
    });
    expect(redactValue('{"api.tokens":["t1","t2"],"a":["x"]}')).toBe(`{"api.tokens":["${R}","${R}"],"a":["x"]}`);
  });

  it('empty values and null stay', () => {
    expect(redactValue({ password: '', token: null })).toEqual({ password: '', token: null });
  });
});
