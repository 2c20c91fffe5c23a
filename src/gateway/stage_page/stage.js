// The staging page: token, file choice (input, folder, drag and drop), the upload queue with
// per-file and total progress, pause/resume, and the dataset list. Uploads run through
// tus_upload.js; files run side by side as long as their parts fit in "parallel parts".
import { FileUpload, HttpError, httpRequest, planStore } from './tus_upload.js';
import { entriesFromDrop, filesFromDrop, filesFromInput } from './folder_walk.js';
import { formatBytes, renderDatasets, usageText } from './datasets_view.js';

const TOKEN_KEY = 'plateau.stage.token';
const api = new URL('../api/v1/', location.href).href;
const $ = (id) => document.getElementById(id);

const queue = [];  // {upload, row, parts}
let running = 0;   // parts in use by running uploads

function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }

function say(text) { $('message').textContent = text; }

function showToken() {
  $('token-state').textContent = token() ? 'A token is set for this tab.' : 'No token set.';
}

function setting(id, min, max) {
  const v = Math.round(Number($(id).value));
  return Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : min;
}

// --- datasets -------------------------------------------------------------------------------
async function refreshDatasets() {
  if (!token()) return;
  try {
    const xhr = await httpRequest({ method: 'GET', url: api + 'datasets', headers: { Authorization: `Bearer ${token()}` } });
    const listing = JSON.parse(xhr.responseText);
    renderDatasets($('datasets').tBodies[0], listing, deleteDataset);
    $('usage').textContent = usageText(listing);
  } catch (e) {
    say(e instanceof HttpError && e.status === 401 ? 'The gateway refused the token.' : `Could not list datasets: ${e.message}`);
  }
}

async function deleteDataset(d) {
  if (!window.confirm(`Delete dataset ${d.name || d.id} (${formatBytes(d.size)})? This cannot be undone.`)) return;
  try {
    await httpRequest({ method: 'DELETE', url: `${api}datasets/${encodeURIComponent(d.id)}`, headers: { Authorization: `Bearer ${token()}` } });
    say(`Deleted ${d.name || d.id}.`);
  } catch (e) {
    say(`Could not delete ${d.name || d.id}: ${e.message}`);
  }
  refreshDatasets();
}

// --- the queue ------------------------------------------------------------------------------
function updateTotal() {
  const size = queue.reduce((s, q) => s + q.upload.file.size, 0);
  const sent = queue.reduce((s, q) => s + q.sent, 0);
  $('total-progress').max = Math.max(size, 1);
  $('total-progress').value = sent;
  const done = queue.filter((q) => q.upload.state === 'done').length;
  $('total-text').textContent = `${done} of ${queue.length} files, ${formatBytes(sent)} of ${formatBytes(size)}`;
  const active = queue.some((q) => !['done', 'error'].includes(q.upload.state));
  const paused = queue.some((q) => q.upload.paused);
  $('pause').disabled = !active || paused;
  $('resume').disabled = !paused;
}

function addRow(path, size) {
  const row = $('queue').tBodies[0].insertRow();
  row.insertCell().textContent = path;
  const sizeCell = row.insertCell();
  sizeCell.className = 'size';
  sizeCell.textContent = formatBytes(size);
  const bar = document.createElement('progress');
  bar.max = Math.max(size, 1);
  bar.value = 0;
  bar.setAttribute('aria-label', `Progress of ${path}`);
  row.insertCell().append(bar);
  const state = row.insertCell();
  state.className = 'state';
  const sha = document.createElement('code');
  sha.className = 'sha';
  row.insertCell().append(sha);
  return { row, bar, state, sha };
}

function enqueue(files) {
  if (!token()) { say('Set a token first.'); return; }
  const parts = setting('parts', 1, 16);
  const chunkSize = setting('chunk-mib', 1, 1024) * (1 << 20);
  for (const { file, path } of files) {
    const view = addRow(path, file.size);
    const entry = { view, sent: 0, parts: 0, started: false };
    entry.upload = new FileUpload({
      file, name: path, api, token: token(), parts, chunkSize,
      onProgress: (sent) => { entry.sent = sent; view.bar.value = sent; updateTotal(); },
      onState: (state, detail) => {
        view.row.dataset.state = state;
        view.state.textContent = detail ? `${state}: ${detail}` : state;
        updateTotal();
      },
    });
    entry.upload.setState('queued');
    entry.parts = Math.max(1, Math.min(parts, Math.floor(file.size / (1 << 20))));
    queue.push(entry);
  }
  updateTotal();
  pump();
}

// Starts queued uploads while their parts fit in the parallel-parts budget (one always runs).
function pump() {
  const budget = setting('parts', 1, 16);
  for (const entry of queue) {
    if (entry.started || entry.upload.paused) continue;
    if (running > 0 && running + entry.parts > budget) break;
    entry.started = true;
    running += entry.parts;
    entry.upload.run().then((dataset) => {
      entry.view.sha.textContent = dataset.sha256;
      entry.view.bar.value = entry.view.bar.max;
      entry.view.row.dataset.dataset = dataset.id;
      entry.sent = dataset.size;
      refreshDatasets();
    }, (e) => {
      say(`${entry.upload.name}: ${e.message}`);
    }).finally(() => {
      running -= entry.parts;
      updateTotal();
      pump();
    });
  }
}

// --- wiring ---------------------------------------------------------------------------------
function wireToken() {
  $('token').value = token();
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    showToken();
    say('');
    refreshDatasets();
  });
  $('token-forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    $('token').value = '';
    showToken();
  });
  showToken();
}

function wireDrop() {
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const taken = entriesFromDrop(e.dataTransfer);
    filesFromDrop(taken).then(enqueue, (err) => say(`Could not read the dropped files: ${err.message}`));
  });
  for (const id of ['files', 'folder']) {
    $(id).addEventListener('change', (e) => {
      enqueue(filesFromInput(e.target));
      e.target.value = '';
    });
  }
}

function showEarlier() {
  const names = planStore.pending();
  $('earlier').hidden = names.length === 0;
  $('earlier').textContent = names.length
    ? `Unfinished from an earlier visit (choose the same files again to resume): ${names.join(', ')}`
    : '';
}

wireToken();
wireDrop();
$('pause').addEventListener('click', () => { for (const q of queue) q.upload.pause(); updateTotal(); });
$('resume').addEventListener('click', () => { for (const q of queue) q.upload.resume(); updateTotal(); pump(); });
$('refresh').addEventListener('click', refreshDatasets);
window.addEventListener('online', () => { for (const q of queue) q.upload.wakeAll(); });
showEarlier();
refreshDatasets();
