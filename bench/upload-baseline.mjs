// The bare baseline for `npm run bench:upload`: read the file's MD5, then one OBS-signed PUT with node:http,
// streamed from disk with Content-Length, Content-MD5 and Content-Type. No checks, no retries, no SHA-256.
import { createHash, createHmac } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request } from 'node:http';
import { pipeline } from 'node:stream/promises';

const { BENCH_URL, BENCH_RESOURCE, BENCH_AK, BENCH_SK, BENCH_FILE } = process.env;
const md5 = createHash('md5');
for await (const chunk of createReadStream(BENCH_FILE)) md5.update(chunk);
const contentMd5 = md5.digest('base64');
const { size } = await stat(BENCH_FILE);
const date = new Date().toUTCString();
const signature = createHmac('sha1', BENCH_SK)
  .update(`PUT\n${contentMd5}\napplication/zip\n\nx-obs-date:${date}\n${BENCH_RESOURCE}`)
  .digest('base64');
const req = request(BENCH_URL, {
  method: 'PUT',
  headers: {
    'Content-Length': String(size),
    'Content-MD5': contentMd5,
    'Content-Type': 'application/zip',
    'x-obs-date': date,
    authorization: `OBS ${BENCH_AK}:${signature}`,
  },
});
const answered = new Promise((resolve, reject) => {
  req.on('response', resolve);
  req.on('error', reject);
});
await pipeline(createReadStream(BENCH_FILE), req);
const response = await answered;
response.resume();
if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
