// Drives the staging page (GET /stage/) in Debian's chromium through playwright-core, as a user
// would: token, files, a folder, a drop; parallel parts; pause and resume; a reload in the middle
// of an upload (the same file chosen again continues it); a network cut (the page retries).
// Every PATCH the page sends and every offset the gateway acknowledges are recorded, so that the
// caller can check that no acknowledged byte was sent again. Prints one JSON object of what it
// saw; tests/gateway/test_stage_page.py checks it against sha256sum and the gateway's own API.
// Usage: node browser.cjs <base url> <token> <work dir with big.bin, small.txt, empty.txt, run1/>
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const [base, token, dir] = process.argv.slice(2);
const MiB = 1 << 20;
const t0 = Date.now();
const out = { steps: [], patches: [], finals: [], console: [] };
const step = (name, detail = {}) => { out.steps.push({ name, t: (Date.now() - t0) / 1000, ...detail }); };

// Records PATCH offsets sent and acknowledged, per upload URL, across reloads.
function watchNetwork(page) {
  const acked = new Map();
  page.on('request', (req) => {
    // A final upload (Upload-Concat: final;...) and how many PATCHes went before it.
    const concat = req.headers()['upload-concat'] || '';
    if (req.method() === 'POST' && concat.startsWith('final;')) out.finals.push({ patches_before: out.patches.length, concat });
    if (req.method() !== 'PATCH') return;
    const offset = Number(req.headers()['upload-offset']);
    out.patches.push({ url: req.url(), offset, acked_before: acked.get(req.url()) || 0 });
  });
  // An offset is acknowledged by a PATCH's 204 or a HEAD's 200 (what the client is told).
  page.on('response', (res) => {
    const method = res.request().method();
    if (!((method === 'PATCH' && res.status() === 204) || (method === 'HEAD' && res.status() === 200))) return;
    const offset = Number(res.headers()['upload-offset']);
    if (Number.isFinite(offset)) acked.set(res.url(), Math.max(acked.get(res.url()) || 0, offset));
  });
  // Failed requests are expected here (the network cut, a 409 after it); anything else that
  // the browser reports as an error (a CSP violation, an exception) is not.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) out.console.push(msg.text());
  });
  page.on('pageerror', (err) => out.console.push(`pageerror: ${err.message}`));
}

async function rowState(page, name) {
  return page.evaluate((n) => {
    const row = [...document.querySelectorAll('#queue tbody tr')].find((r) => r.cells[0].textContent === n);
    return row ? { state: row.dataset.state, text: row.cells[3].textContent, sent: row.querySelector('progress').value,
      sha: row.cells[4].textContent, dataset: row.dataset.dataset || null } : null;
  }, name);
}

async function waitRow(page, name, test, timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    const r = await rowState(page, name);
    if (process.env.PLATEAU_STAGE_DEBUG) console.error(Date.now(), name, JSON.stringify(r));
    if (r && test(r)) return r;
    if (Date.now() > end) throw new Error(`timed out waiting on ${name}: ${JSON.stringify(r)}`);
    await page.waitForTimeout(50);
  }
}

// Upload throttling and the network cut both go through the DevTools protocol's network
// emulation (one session per page: Playwright's own setOffline would be overridden by it).
async function network(page, bytesPerSecond) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const set = (offline) => cdp.send('Network.emulateNetworkConditions', {
    offline, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond,
  });
  await set(false);
  return { offline: () => set(true), online: () => set(false) };
}

async function setUp(page) {
  await page.goto(`${base}/stage/`);
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Use token' }).click();
  await page.getByLabel('Parallel parts per file').fill('3');
  await page.getByLabel('Request size (MiB)').fill('1');
}

// big.bin in 3 parts at 2 MiB/s: pause and resume, a network cut, then a reload in the middle
// and the same file chosen again.
async function bigFile(page) {
  const big = path.join(dir, 'big.bin');
  const net = await network(page, 2 * MiB);
  await page.locator('#files').setInputFiles(big);
  await waitRow(page, 'big.bin', (r) => r.sent >= 1 * MiB);
  await page.getByRole('button', { name: 'Pause' }).click();
  const paused = await waitRow(page, 'big.bin', (r) => r.state === 'paused');
  await page.waitForTimeout(600);
  const stillPaused = await rowState(page, 'big.bin');
  step('paused', { sent: paused.sent, after_wait: stillPaused.sent, state: stillPaused.state });
  await page.getByRole('button', { name: 'Resume' }).click();
  await waitRow(page, 'big.bin', (r) => r.sent >= 2 * MiB && r.state === 'uploading');
  await net.offline();
  const retrying = await waitRow(page, 'big.bin', (r) => r.state === 'retrying', 10000);
  step('offline', { text: retrying.text, sent: retrying.sent });
  await page.waitForTimeout(1500);
  await net.online();
  await waitRow(page, 'big.bin', (r) => r.sent >= 3.5 * MiB && r.state === 'uploading');
  step('reload', { sent: (await rowState(page, 'big.bin')).sent });
  // What the page keeps for a reload: the parts' URLs and the final upload's.
  out.stored_before_reload = await page.evaluate(() => Object.keys(localStorage)
    .filter((k) => k.startsWith('plateau.stage.upload.')).map((k) => JSON.parse(localStorage.getItem(k))));
  await page.reload();
  out.token_after_reload = await page.locator('#token-state').textContent();
  out.earlier_after_reload = await page.locator('#earlier').textContent();
  await page.getByLabel('Request size (MiB)').fill('1');
  await network(page, 2 * MiB);
  await page.locator('#files').setInputFiles(big);
  const resumed = await waitRow(page, 'big.bin', (r) => /resumed|done/.test(r.text));
  step('resumed', { text: resumed.text });
  const done = await waitRow(page, 'big.bin', (r) => r.state === 'done', 30000);
  step('big done', { sha: done.sha });
  out.big = done;
}

// Small files, an empty one, a folder (webkitdirectory) and a drop, without throttling.
async function manyFiles(page) {
  await page.reload();
  await page.locator('#files').setInputFiles([path.join(dir, 'small.txt'), path.join(dir, 'empty.txt')]);
  await page.locator('#folder').setInputFiles(path.join(dir, 'run1'));
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['dropped by the test\n'], 'dropped.txt', { type: 'text/plain' }));
    document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  // A dropped folder: Playwright cannot drop one, so the page's own walk (folder_walk.js) is run
  // on directory entries shaped like Chromium's (readEntries in batches, then an empty one).
  out.walked = await page.evaluate(async () => {
    const file = (name, text) => ({ isFile: true, name, file: (ok) => ok(new File([text], name)) });
    const dirEntry = (name, children) => ({
      isDirectory: true, name,
      createReader: () => { const batches = [children.slice(0, 1), children.slice(1), []]; return { readEntries: (ok) => ok(batches.shift()) }; },
    });
    const tree = dirEntry('scan7', [file('one.txt', '1'), dirEntry('deep', [file('two.txt', '22'), file('three.txt', '333')])]);
    const walk = await import('./folder_walk.js');
    const items = [{ kind: 'file', webkitGetAsEntry: () => tree }, { kind: 'file', webkitGetAsEntry: () => file('top.txt', 'top') }];
    const found = await walk.filesFromDrop(walk.entriesFromDrop({ items }));
    return found.map((f) => `${f.path}:${f.file.size}`);
  });
  const names = ['small.txt', 'empty.txt', 'run1/a.bin', 'run1/sub/b.txt', 'dropped.txt'];
  out.files = {};
  for (const n of names) out.files[n] = await waitRow(page, n, (r) => r.state === 'done' || r.state === 'error');
  out.total_text = await page.locator('#total-text').textContent();
}

async function datasets(page) {
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.waitForTimeout(300);
  const list = () => page.evaluate(() => [...document.querySelectorAll('#datasets tbody tr')]
    .filter((r) => r.dataset.id).map((r) => ({ id: r.dataset.id, name: r.cells[0].textContent, sha: r.cells[2].textContent })));
  out.datasets = await list();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete dataset dropped.txt' }).click();
  await page.waitForFunction(() => ![...document.querySelectorAll('#datasets tbody tr')].some((r) => r.cells[0].textContent === 'dropped.txt'));
  out.datasets_after_delete = await list();
}

(async () => {
  // launch() starts chromium with a fresh temporary --user-data-dir of Playwright's own and
  // removes it on close.
  const browser = await chromium.launch({
    executablePath: process.env.PLATEAU_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await (await browser.newContext()).newPage();
    watchNetwork(page);
    step('launched');
    await setUp(page);
    await bigFile(page);
    await manyFiles(page);
    step('many files done');
    await datasets(page);
    step('datasets checked');
  } catch (e) {
    out.error = `${e.stack || e}`;
  }
  await browser.close();
  step('closed');
  console.log(JSON.stringify(out));
})();
