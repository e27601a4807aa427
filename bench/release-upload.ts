/**
 * Benchmark: attaching a large file to a release. Each measurement runs in a fresh Node process that uploads one
 * file through `uploadReleaseAssets` (Octokit, streamed) to a loopback sink that counts and discards the bytes,
 * and reports its peak RSS; the same is done for a 1 MiB file, and for a bare `node:http` request piping the file
 * (the floor for speed). Prints peak-memory growth and the speed ratio to the bare stream.
 *
 *   npx node bench/release-upload.ts [--size 200] [--runs 3]      (size in MiB; npx runs the Node 24 of devDependencies)
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const MIB = 1024 * 1024;
const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '200' },
    runs: { type: 'string', default: '3' },
    child: { type: 'string' },
    file: { type: 'string' },
    url: { type: 'string' },
  },
});

if (values.child) {
  // Child: one upload, then report time and peak RSS as JSON on stdout.
  const file = values.file ?? '';
  const url = values.url ?? '';
  const started = performance.now();
  if (values.child === 'octokit') {
    const { uploadReleaseAssets } = await import('../src/release/assets.ts');
    await uploadReleaseAssets([file], {
      release: { owner: 'o', repo: 'r', releaseId: 1, tagName: 'v1', uploadUrl: `${url}/upload{?name,label}` },
      token: 'bench',
      apiUrl: url,
      timeoutMs: 600_000,
      maxAttempts: 1,
      info: () => {},
      warning: () => {},
    });
  } else {
    const { size } = await stat(file);
    await new Promise<void>((resolve, reject) => {
      const req = request(`${url}/upload?name=bare.zip`, {
        method: 'POST',
        headers: { 'content-type': 'application/zip', 'content-length': String(size) },
      });
      req.on('response', (res) => res.resume().on('end', resolve));
      req.on('error', reject);
      createReadStream(file).pipe(req);
    });
  }
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS }));
  process.exit(0);
}

const sizeMiB = Number(values.size);
const runs = Number(values.runs);
// The sink answers as GitHub would, without a digest (as GitHub Enterprise Server): the asset list (empty), the
// upload, the check of the uploaded asset and its rename.
let uploaded = 0;
const server = createServer((req, res) => {
  let bytes = 0;
  req.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    const asset = () =>
      JSON.stringify({ id: 1, name: 'x', state: 'uploaded', size: uploaded, browser_download_url: 'u' });
    if (req.method === 'GET' && req.url?.includes('/releases/assets/')) return res.end(asset());
    if (req.method === 'GET') return res.end('[]');
    if (req.method === 'PATCH') return res.end(asset());
    uploaded = bytes;
    res.statusCode = 201;
    res.end(asset());
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const dir = await mkdtemp(join(tmpdir(), 'release-bench-'));
async function makeFile(name: string, mib: number): Promise<string> {
  const path = join(dir, name);
  const handle = await open(path, 'w');
  const block = Buffer.alloc(MIB, 0x5a);
  for (let i = 0; i < mib; i++) await handle.write(block);
  await handle.close();
  return path;
}
const small = await makeFile('small.zip', 1);
const large = await makeFile('large.zip', sizeMiB);

function child(mode: string, file: string): Promise<{ ms: number; maxRssKiB: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), '--child', mode, '--file', file, '--url', url],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    proc.stdout.on('data', (chunk) => {
      out += chunk;
    });
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child exited ${code}`))));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const results = {
  smallRss: [] as number[],
  largeRss: [] as number[],
  octokitMs: [] as number[],
  bareMs: [] as number[],
};
for (let run = 0; run < runs; run++) {
  results.smallRss.push((await child('octokit', small)).maxRssKiB);
  const big = await child('octokit', large);
  results.largeRss.push(big.maxRssKiB);
  results.octokitMs.push(big.ms);
  results.bareMs.push((await child('bare', large)).ms);
}
server.close();
await rm(dir, { recursive: true, force: true });

const growthMiB = (median(results.largeRss) - median(results.smallRss)) / 1024;
console.log(`release upload of ${sizeMiB} MiB, ${runs} run(s), medians:`);
console.log(`  peak RSS  1 MiB file: ${(median(results.smallRss) / 1024).toFixed(0)} MiB`);
console.log(
  `  peak RSS ${sizeMiB} MiB file: ${(median(results.largeRss) / 1024).toFixed(0)} MiB (growth ${growthMiB.toFixed(0)} MiB)`,
);
console.log(
  `  time: Octokit stream ${median(results.octokitMs).toFixed(0)} ms, bare node:http stream ${median(results.bareMs).toFixed(0)} ms (ratio ${(median(results.octokitMs) / median(results.bareMs)).toFixed(2)})`,
);
