// The bare baseline for `npm run bench:download`: one OBS-signed GET with node:http, streamed to disk with
// pipeline. No checks, no retries, no hashing. Prints the milliseconds from request to file closed.
import { createHmac } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { get } from 'node:http';
import { pipeline } from 'node:stream/promises';

const { BENCH_URL, BENCH_RESOURCE, BENCH_AK, BENCH_SK, BENCH_OUT } = process.env;
const date = new Date().toUTCString();
const signature = createHmac('sha1', BENCH_SK)
  .update(`GET\n\n\n\nx-obs-date:${date}\n${BENCH_RESOURCE}`)
  .digest('base64');
const started = performance.now();
const response = await new Promise((resolve, reject) => {
  get(BENCH_URL, { headers: { 'x-obs-date': date, authorization: `OBS ${BENCH_AK}:${signature}` } }, resolve).on(
    'error',
    reject,
  );
});
if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
await pipeline(response, createWriteStream(BENCH_OUT));
console.log(`ms=${(performance.now() - started).toFixed(1)}`);
