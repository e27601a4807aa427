/**
 * Reading an error body (DLI, IAM, OBS, GitHub) that may be large or may never end: at most `maxBytes` are kept
 * and read, and the read ends by `deadlineMs` whatever the server does. The body is destroyed when the read stops
 * early, so its connection is not left open.
 */

export const ERROR_BODY_MAX_BYTES = 65_536;

export interface CappedBody {
  text: string;
  /** Why the read stopped before the end of the body, if it did. */
  cut?: 'size' | 'deadline' | 'error';
}

interface DestroyableBody extends AsyncIterable<Uint8Array> {
  destroy?: (error?: Error) => unknown;
}

/** The first `maxBytes` of `body` as UTF-8, read within `deadlineMs`. Never rejects. */
export async function readCappedBody(
  body: DestroyableBody,
  { maxBytes = ERROR_BODY_MAX_BYTES, deadlineMs }: { maxBytes?: number; deadlineMs: number },
): Promise<CappedBody> {
  const chunks: Buffer[] = [];
  let length = 0;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), Math.max(0, deadlineMs));
  });
  const read = (async (): Promise<'end' | 'size' | 'error'> => {
    try {
      for await (const chunk of body) {
        const room = maxBytes - length;
        chunks.push(Buffer.from(chunk).subarray(0, room));
        length += Math.min(chunk.length, room);
        if (length >= maxBytes) return 'size';
      }
      return 'end';
    } catch {
      return 'error';
    }
  })();
  const how = await Promise.race([read, deadline]);
  clearTimeout(timer);
  if (how !== 'end') body.destroy?.();
  const text = Buffer.concat(chunks).toString('utf8');
  return how === 'end' ? { text } : { text, cut: how };
}
