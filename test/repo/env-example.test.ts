/**
 * `.env.example` (for `npm run local-action`, either action) names every input of action.yml and import/action.yml,
 * once, and nothing else.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const inputsOf = (file: string) =>
  Object.keys((parse(readFileSync(new URL(file, root), 'utf8')) as { inputs: object }).inputs);
const lines = readFileSync(new URL('.env.example', root), 'utf8').split('\n');
const names = lines.flatMap((line) => /^(INPUT_[^=]+)=/.exec(line)?.[1] ?? []);
const value = (name: string) => lines.find((line) => line.startsWith(`${name}=`))?.slice(name.length + 1);

describe('.env.example', () => {
  it('sets every input of both actions exactly once, as INPUT_<NAME> (upper case, hyphens kept)', () => {
    const inputs = new Set([...inputsOf('action.yml'), ...inputsOf('import/action.yml')]);
    expect([...names].sort()).toEqual([...inputs].map((name) => `INPUT_${name.toUpperCase()}`).sort());
  });

  it('points at the emulator and gives exactly one authentication mode', () => {
    expect(value('INPUT_ENDPOINT')).toBe('http://127.0.0.1:8787');
    // `npm run emulator -- --port 8787` puts OBS on the next port (test/emulator/main.ts).
    expect(value('INPUT_OBS-ENDPOINT')).toBe('http://127.0.0.1:8788');
    expect(value('ACTIONS_ID_TOKEN_REQUEST_URL')).toBe('http://127.0.0.1:8787/_github/id-token?api-version=2.0');
    const modes = [
      ['INPUT_ACCESS-KEY', 'INPUT_SECRET-KEY'],
      ['INPUT_USERNAME', 'INPUT_PASSWORD', 'INPUT_DOMAIN-NAME'],
      ['INPUT_IDENTITY-PROVIDER'],
      ['INPUT_AUTH-TOKEN'],
    ].filter((mode) => mode.some((name) => value(name)));
    expect(modes).toEqual([['INPUT_ACCESS-KEY', 'INPUT_SECRET-KEY']]);
  });

  it('downloads into a folder git ignores', () => {
    const dir = value('INPUT_DOWNLOAD-DIR') ?? '';
    expect(dir).toMatch(/^\.local-action\//);
    expect(readFileSync(new URL('.gitignore', root), 'utf8').split('\n')).toContain('.local-action/');
  });

  it('imports what the export writes', () => {
    expect(value('INPUT_ZIP-FILE')).toBe(value('INPUT_OBS-DIR'));
  });
});
