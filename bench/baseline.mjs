// (b) The physical limit: a bare Node process that signs one export request with node:crypto (SDK-HMAC-SHA256)
// and sends it with the global fetch. No validation, no error handling, no outputs.
import { createHash, createHmac } from 'node:crypto';

const url = new URL(`/v1.0/${process.env.BENCH_PROJECT_ID}/streaming/jobs/export`, process.env.BENCH_ENDPOINT);
const body = JSON.stringify({ obs_dir: 'dli-backups/bench', is_selected: true, job_selected: [146] });
const date = new Date()
  .toISOString()
  .replace(/[-:]/g, '')
  .replace(/\.\d{3}/, '');
const headers = {
  'content-type': 'application/json',
  host: url.host,
  'x-project-id': process.env.BENCH_PROJECT_ID,
  'x-sdk-date': date,
};
const names = Object.keys(headers).sort();
const canonical = [
  'POST',
  `${url.pathname}/`,
  '',
  names.map((n) => `${n}:${headers[n]}\n`).join(''),
  names.join(';'),
  createHash('sha256').update(body).digest('hex'),
].join('\n');
const sts = `SDK-HMAC-SHA256\n${date}\n${createHash('sha256').update(canonical).digest('hex')}`;
const sig = createHmac('sha256', process.env.BENCH_SK).update(sts).digest('hex');
const res = await fetch(url, {
  method: 'POST',
  headers: {
    ...headers,
    authorization: `SDK-HMAC-SHA256 Access=${process.env.BENCH_AK}, SignedHeaders=${names.join(';')}, Signature=${sig}`,
  },
  body,
});
const json = await res.json();
if (!json.zip_file) process.exit(1);
