// The /stage/ page's upload flow (src/gateway/stage_page/tus_upload.js) in Node, for
// bench/stage/bench.sh: FILE cut into PARTS equal byte ranges (the page's splitRanges), each a tus
// partial upload (Upload-Concat: partial); the final upload naming them created at once, before
// any byte (concatenation-unfinished); then every part sent on its own connection in PATCH
// requests of REQUEST_MIB MiB (16, the page's default; no Upload-Checksum, as the page sends
// none); the dataset named by a HEAD of the final upload once the last part is complete.
// Usage: node page_flow_client.mjs ENDPOINT FILE PARTS TOKEN [REQUEST_MIB]  -> prints the dataset id
import fs from 'node:fs';
import http from 'node:http';

const [endpoint, file, partsText, token, requestMib] = process.argv.slice(2);
const size = fs.statSync(file).size;
const request = Number(requestMib || 16) << 20;
const base = new URL(endpoint);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function call(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const h = { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}`, ...headers };
    const req = http.request({ host: base.hostname, port: base.port, method, path, headers: h, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res));
    });
    req.on('error', reject);
    if (body) body.pipe(req);
    else req.end();
  });
}

function ranges(parts) {  // the page's splitRanges: at most `parts`, none under 1 MiB
  const n = Math.max(1, Math.min(parts, Math.floor(size / (1 << 20))));
  const each = Math.floor(size / n);
  return Array.from({ length: n }, (_, i) => ({ start: i * each, length: i === n - 1 ? size - i * each : each }));
}

async function create(headers) {
  const res = await call('POST', base.pathname, { 'Content-Length': '0', ...headers });
  if (res.statusCode !== 201) throw new Error(`POST: ${res.statusCode}`);
  return new URL(res.headers.location, base).pathname;
}

async function send(part) {
  for (let offset = 0; offset < part.length; offset += request) {
    const n = Math.min(request, part.length - offset);
    const body = fs.createReadStream(file, { start: part.start + offset, end: part.start + offset + n - 1, highWaterMark: 1 << 20 });
    const res = await call('PATCH', part.url, {
      'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(n),
    }, body);
    if (res.statusCode !== 204) throw new Error(`PATCH ${part.url}: ${res.statusCode}`);
  }
}

const parts = ranges(Number(partsText));
const name = `filename ${Buffer.from('page-flow.bin').toString('base64')}`;
for (const p of parts) p.url = await create({ 'Upload-Length': String(p.length), 'Upload-Concat': 'partial', 'Upload-Metadata': name });
const final = await create({ 'Upload-Concat': 'final;' + parts.map((p) => p.url).join(' '), 'Upload-Metadata': name });
await Promise.all(parts.map(send));
const head = await call('HEAD', final, {});
if (head.statusCode !== 200 || !head.headers['plateau-dataset']) throw new Error(`HEAD ${final}: ${head.statusCode}, no dataset`);
console.log(head.headers['plateau-dataset']);
agent.destroy();
