// tus-js-client (Node) against plateau-gateway: a plain upload, an upload aborted and resumed
// from its URL, and an upload in 4 parallel parts joined by concatenation. Prints one JSON
// object; tests/gateway/test_staging_tus_js.py checks it and the datasets' SHA-256.
// Usage: node interop.cjs <endpoint> <token> <file>
'use strict';
const fs = require('fs');
const tus = require('tus-js-client');

const [endpoint, token, file] = process.argv.slice(2);
const data = fs.readFileSync(file);
const headers = { Authorization: `Bearer ${token}` };

function upload(options) {
  return new Promise((resolve, reject) => {
    const u = new tus.Upload(data, {
      endpoint, headers, retryDelays: null, chunkSize: 1 << 20, ...options,
      onError: reject,
      onSuccess: () => resolve(u),
    });
    u.start();
  });
}

async function plain() {
  const u = await upload({ metadata: { filename: 'plain.bin' } });
  return { url: u.url };
}

// Aborts once 3 MiB are acknowledged, then resumes from the URL: the first PATCH of the second
// upload must start at (or after) the last acknowledged offset.
async function resumed() {
  let acknowledged = 0;
  const first = await new Promise((resolve, reject) => {
    const u = new tus.Upload(data, {
      endpoint, headers, retryDelays: null, chunkSize: 1 << 20, metadata: { filename: 'resumed.bin' },
      onError: reject,
      onSuccess: () => reject(new Error('finished before the abort')),
      onChunkComplete: (chunk, accepted) => {
        acknowledged = accepted;
        if (accepted >= 3 << 20) u.abort().then(() => resolve(u));
      },
    });
    u.start();
  });
  const offsets = [];
  const second = await upload({
    uploadUrl: first.url, metadata: { filename: 'resumed.bin' },
    onBeforeRequest: (req) => {
      if (req.getMethod() === 'PATCH') offsets.push(Number(req.getHeader('Upload-Offset')));
    },
  });
  return { url: second.url, same_url: second.url === first.url, acknowledged, first_patch_offset: offsets[0] };
}

async function parallel() {
  const u = await upload({ parallelUploads: 4, metadata: { filename: 'parallel.bin' }, chunkSize: Infinity });
  return { url: u.url };
}

(async () => {
  const out = {};
  try {
    out.plain = await plain();
    out.resumed = await resumed();
    out.parallel = await parallel();
  } catch (e) {
    out.error = String(e && e.stack || e);
  }
  process.stdout.write(JSON.stringify(out) + '\n');
})();
