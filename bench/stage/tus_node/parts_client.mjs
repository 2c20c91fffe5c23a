// The common client of bench/stage/bench.sh: uploads FILE as N independent tus uploads,
// one per part (the same byte ranges plateau-stage's --parallel N would use), all at once: POST
// (Upload-Length), then one PATCH streaming the part from the file. No checksum and no
// concatenation, because @tus/server's FileStore has neither; run unchanged against
// plateau-gateway and @tus/server, it compares the servers with the same client and parts.
// Usage: node parts_client.mjs ENDPOINT FILE PARTS [TOKEN]   -> prints the upload URLs, one a line
import fs from 'node:fs';
import http from 'node:http';

const [endpoint, file, partsText, token] = process.argv.slice(2);
const size = fs.statSync(file).size;
const parts = Number(partsText);
const align = 1 << 20;
const partSize = Math.ceil(size / parts / align) * align;
const base = new URL(endpoint);

function request(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const h = { 'Tus-Resumable': '1.0.0', ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    const req = http.request({ host: base.hostname, port: base.port, method, path, headers: h }, (res) => {
      res.resume();
      res.on('end', () => resolve(res));
    });
    req.on('error', reject);
    if (body) body.pipe(req);
    else req.end();
  });
}

async function uploadPart(first, length) {
  const created = await request('POST', base.pathname, { 'Upload-Length': String(length), 'Content-Length': '0' });
  if (created.statusCode !== 201) throw new Error(`POST: ${created.statusCode}`);
  const location = new URL(created.headers.location, base).pathname;
  const body = fs.createReadStream(file, { start: first, end: first + length - 1, highWaterMark: 1 << 20 });
  const patched = await request('PATCH', location, {
    'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(length),
  }, body);
  if (patched.statusCode !== 204) throw new Error(`PATCH ${location}: ${patched.statusCode}`);
  return location;
}

const jobs = [];
for (let first = 0; first < size; first += partSize) jobs.push(uploadPart(first, Math.min(partSize, size - first)));
for (const location of await Promise.all(jobs)) console.log(location);
