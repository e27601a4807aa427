/**
 * Job names as file names, reversibly: a name is kept as it is, except that `%`, the characters Windows or a shell
 * cannot take in a file name (`/ \ : * ? " < > |`), control, format and separator characters other than an inner
 * space, a leading `.` or space, a trailing `.` or space, and the first letter of a device name Windows reserves
 * (`CON`, `nul.x`, `LPT1`) become `%XX` (UTF-8, upper-case hex). Decoding is `decodeURIComponent`. Pure.
 */

const ALWAYS = /[%/\\:*?"<>|]|[\p{C}\p{Z}]/u;
/** Device names Windows reserves in any folder, with any extension (`CON`, `nul.txt`, `LPT1`). */
const WINDOWS_DEVICE =
  /^(?:CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9\u00b9\u00b2\u00b3]|LPT[0-9\u00b9\u00b2\u00b3])(?:\.|$)/i;

export type FileBase = { ok: true; base: string } | { ok: false; problem: string };

export function fileBase(name: string): FileBase {
  if (name === '') return { ok: false, problem: 'the job has an empty name' };
  const chars = [...name];
  let base = '';
  for (const [index, char] of chars.entries()) {
    const edge = index === 0 || index === chars.length - 1;
    const encode =
      (char !== ' ' && ALWAYS.test(char)) ||
      (char === ' ' && edge) ||
      (char === '.' && (index === 0 || index === chars.length - 1));
    if (!encode) {
      base += char;
      continue;
    }
    try {
      base += encodeURIComponent(char).replace(/[!'()*.~-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    } catch {
      return { ok: false, problem: `the job name ${JSON.stringify(name)} is not valid Unicode` };
    }
  }
  // A device name's first letter (ASCII) is encoded, so that the file is a file on a Windows runner or checkout too.
  if (WINDOWS_DEVICE.test(base)) base = `%${base.charCodeAt(0).toString(16).toUpperCase()}${base.slice(1)}`;
  if (Buffer.byteLength(base) > 240) {
    return { ok: false, problem: `the job name ${JSON.stringify(name)} is too long for a file name once encoded` };
  }
  return { ok: true, base };
}

/** The job name a file base stands for, or undefined when it is not one `fileBase` writes. */
export function nameOf(base: string): string | undefined {
  let name: string;
  try {
    name = decodeURIComponent(base);
  } catch {
    return undefined;
  }
  const again = fileBase(name);
  return again.ok && again.base === base ? name : undefined;
}
