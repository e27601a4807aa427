/**
 * The runner's workflow-command and file-command protocol, for the functions of `@actions/core` the action uses,
 * with the same names and the same bytes on stdout and in the `GITHUB_*` files.
 *
 * Why not `@actions/core` itself: importing it evaluates `@actions/http-client`, which imports undici whole at the
 * top, for nothing but `getIDToken`; that was the largest part of the action's start-up time. The action requests
 * the ID token itself (auth/github-id-token.ts), through its own transport, so that the request has a deadline.
 * A unit test runs every function here against `@actions/core`'s own and compares what both write.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { access, appendFile, constants } from 'node:fs/promises';
import { EOL } from 'node:os';

/** `core.toCommandValue`: strings as they are, null/undefined as '', anything else as JSON. */
function toCommandValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || value instanceof String) return String(value);
  return JSON.stringify(value);
}

const escapeData = (text: unknown) =>
  toCommandValue(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** `::name::message`, as `core.issueCommand` writes it (the action uses no command properties). */
function issueCommand(name: string, message: unknown): void {
  process.stdout.write(`::${name}::${escapeData(message)}${EOL}`);
}

/** `core.getInput`: `INPUT_<NAME>` (spaces as '_', upper case), trimmed; '' when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}

export function setSecret(secret: string): void {
  issueCommand('add-mask', secret);
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function debug(message: string): void {
  issueCommand('debug', message);
}

export function warning(message: string | Error): void {
  issueCommand('warning', message instanceof Error ? message.toString() : message);
}

export function error(message: string | Error): void {
  issueCommand('error', message instanceof Error ? message.toString() : message);
}

export function setFailed(message: string | Error): void {
  process.exitCode = 1;
  error(message);
}

/** `core.setOutput`: a heredoc entry in `GITHUB_OUTPUT`, or the legacy `set-output` command without it. */
export function setOutput(name: string, value: unknown): void {
  const filePath = process.env.GITHUB_OUTPUT || '';
  if (!filePath) {
    process.stdout.write(EOL);
    process.stdout.write(`::set-output name=${escapeProperty(name)}::${escapeData(value)}${EOL}`);
    return;
  }
  if (!existsSync(filePath)) throw new Error(`Missing file at path: ${filePath}`);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  const converted = toCommandValue(value);
  if (name.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (converted.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  appendFileSync(filePath, `${name}<<${delimiter}${EOL}${converted}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `core.summary.addRaw(text).write()`: appends to `GITHUB_STEP_SUMMARY`, which must be set and writable. */
interface Summary {
  buffer: string;
  addRaw(text: string): Summary;
  write(): Promise<Summary>;
}

export const summary: Summary = {
  buffer: '',
  addRaw(text: string): Summary {
    summary.buffer += text;
    return summary;
  },
  async write(): Promise<Summary> {
    const filePath = process.env.GITHUB_STEP_SUMMARY;
    if (!filePath) {
      throw new Error(
        'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
      );
    }
    try {
      await access(filePath, constants.R_OK | constants.W_OK);
    } catch {
      throw new Error(
        `Unable to access summary file: '${filePath}'. Check if the file has correct read/write permissions.`,
      );
    }
    await appendFile(filePath, summary.buffer, { encoding: 'utf8' });
    summary.buffer = '';
    return summary;
  },
};
