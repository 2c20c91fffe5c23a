// A small tus 1.0.0 client for the staging page (creation, concatenation, termination), written
// for this gateway: one file is cut into N byte ranges, each sent as a partial upload on its own
// connection. The final upload naming them (Upload-Concat) is created right after the parts and
// before any byte is sent (tus concatenation-unfinished): the gateway then writes every part
// straight into the dataset's file and joins it with one SHA-256 pass, no copy, when the last part
// completes. A gateway that refuses that (400) gets the final upload once the parts are sent.
// What makes it resumable:
//  - the partial uploads' URLs and the final upload's are kept in localStorage under the file's
//    fingerprint (name, size, last modification), so the same file chosen again after a reload
//    continues them;
//  - before sending anything after an interruption (pause, reload, network error) a part asks the
//    gateway for its offset (HEAD) and sends only what lies past it, so no byte the gateway
//    acknowledged is ever sent again;
//  - network errors and busy answers are retried with a growing delay (1 s to 30 s), and at once
//    when the browser comes back online.
// The SHA-256 shown at the end is the one the gateway computed over the joined file.

const TUS = '1.0.0';
const MIN_PART = 1 << 20;  // a part smaller than this is not worth its own connection
const RETRY_DELAYS = [1000, 2000, 4000, 8000, 15000, 30000];
const MAX_FAILURES = 12;    // consecutive failures before the upload stops with an error
const STORE_PREFIX = 'plateau.stage.upload.';
const STORE_DAYS = 7;       // the gateway's default expiry of an idle upload

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
  get retryable() {
    return this.status === 0 || this.status === 409 || this.status === 423 || this.status === 429 ||
      (this.status >= 500 && this.status !== 501 && this.status !== 507);
  }
}

class Paused extends Error {}

// One HTTP request through XMLHttpRequest (fetch has no upload progress). `track` receives the
// request so that pause can abort it.
export function httpRequest({ method, url, headers = {}, body = null, onProgress = null, track = null }) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    if (onProgress) xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) { resolve(xhr); return; }
      let message = `${method} answered ${xhr.status}`;
      try { message = JSON.parse(xhr.responseText).error || message; } catch (e) { /* not JSON */ }
      reject(new HttpError(xhr.status, message));
    };
    xhr.onerror = () => reject(new HttpError(0, 'network error'));
    xhr.onabort = () => reject(new HttpError(0, 'aborted'));
    if (track) track(xhr);
    xhr.send(body);
  });
}

function base64(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function fingerprint(file, name) {
  return `${name}\u0000${file.size}\u0000${file.lastModified}`;
}

// The byte ranges of a file: at most `parts`, none below MIN_PART (one part for small files).
export function splitRanges(size, parts) {
  const n = Math.max(1, Math.min(parts, Math.floor(size / MIN_PART)));
  const base = Math.floor(size / n);
  const ranges = [];
  for (let i = 0, start = 0; i < n; i++) {
    const length = i === n - 1 ? size - start : base;
    ranges.push({ start, length });
    start += length;
  }
  return ranges;
}

export const planStore = {
  load(key) {
    try { return JSON.parse(localStorage.getItem(STORE_PREFIX + key)); } catch (e) { return null; }
  },
  save(key, plan) { localStorage.setItem(STORE_PREFIX + key, JSON.stringify(plan)); },
  remove(key) { localStorage.removeItem(STORE_PREFIX + key); },
  // Unfinished uploads from earlier visits (names), dropping those older than the gateway keeps.
  pending() {
    const names = [];
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (!key || !key.startsWith(STORE_PREFIX)) continue;
      const plan = this.load(key.slice(STORE_PREFIX.length));
      if (!plan || Date.now() - plan.saved > STORE_DAYS * 86400e3) localStorage.removeItem(key);
      else names.push(plan.name);
    }
    return names.sort();
  },
};

// One file's upload. Events: onProgress(sentBytes), onState(state, detail).
// States: queued, starting, uploading, paused, retrying, joining, done, error.
export class FileUpload {
  constructor({ file, name, api, token, parts, chunkSize, onProgress, onState }) {
    Object.assign(this, { file, name, api, token, parts, chunkSize, onProgress, onState });
    this.key = fingerprint(file, name);
    this.requests = new Set();
    this.wakers = new Set();  // resolve waits early (resume, back online)
    this.paused = false;
    this.generation = 0;      // bumped by pause: loops of an earlier generation stop
    this.state = 'queued';
    this.resumedFrom = null;
  }

  headers(extra = {}) {
    return { 'Tus-Resumable': TUS, Authorization: `Bearer ${this.token}`, ...extra };
  }

  setState(state, detail = '') {
    this.state = state;
    this.onState(state, detail);
  }

  sent() {
    if (!this.plan) return 0;
    return this.plan.parts.reduce((sum, p) => sum + Math.min(p.length, (p.acked || 0) + (p.inFlight || 0)), 0);
  }

  request(options) {
    return httpRequest({ ...options, track: (xhr) => this.requests.add(xhr) });
  }

  // Stops every request of this upload; what the gateway received of them it keeps.
  stopAll() {
    this.generation++;
    for (const xhr of this.requests) xhr.abort();
    this.requests.clear();
    this.wakeAll();
  }

  wakeAll() {
    const wakers = [...this.wakers];
    this.wakers.clear();
    for (const wake of wakers) wake();
  }

  pause() {
    if (this.state === 'done' || this.state === 'error' || this.paused) return;
    this.paused = true;
    this.stopAll();
    this.setState('paused');
  }

  resume() {
    if (!this.paused) return;
    this.paused = false;
    this.wakeAll();
  }

  alive(generation) {
    if (this.paused || generation !== this.generation) throw new Paused();
  }

  // Runs until done (resolves with the dataset record) or failed (throws); waits while paused.
  async run() {
    this.setState('starting');
    for (;;) {
      const generation = this.generation;
      try {
        while (this.paused) await new Promise((resolve) => this.wakers.add(resolve));
        this.plan = this.plan || (await this.resumedPlan(generation)) || this.newPlan();
        await this.createParts(generation);
        await this.createFinal(generation);
        const from = this.resumedFrom === null ? '' : `resumed at ${this.resumedFrom} bytes`;
        this.setState('uploading', from);
        this.onProgress(this.sent());
        if (!this.plan.dataset) await Promise.all(this.plan.parts.map((p) => this.sendPart(p, generation)));
        const dataset = await this.finish(generation);
        planStore.remove(this.key);
        this.setState('done');
        return dataset;
      } catch (e) {
        if (e instanceof Paused) continue;
        this.stopAll();
        this.setState('error', e.message);
        throw e;
      }
    }
  }

  // The stored plan for this file if its uploads still exist: the final upload (if made) asked
  // whether it is joined already, each part's offset asked with HEAD.
  async resumedPlan(generation) {
    const plan = planStore.load(this.key);
    if (!plan) return null;
    try {
      if (plan.final) {
        const xhr = await this.withRetries(generation, () => this.request({ method: 'HEAD', url: plan.final, headers: this.headers() }));
        plan.dataset = xhr.getResponseHeader('Plateau-Dataset') || null;
      }
      for (const p of plan.parts) {
        if (plan.dataset) { p.acked = p.length; continue; }  // joined before the reload: nothing to send
        if (p.url) p.acked = await this.withRetries(generation, () => this.headOffset(p.url));
      }
    } catch (e) {
      if (e instanceof HttpError && [403, 404, 410].includes(e.status)) {
        planStore.remove(this.key);  // expired, removed or another user's: start again
        if (plan.final) this.request({ method: 'DELETE', url: plan.final, headers: this.headers() }).catch(() => {});
        return null;
      }
      throw e;
    }
    this.resumedFrom = plan.parts.reduce((s, p) => s + (p.acked || 0), 0);
    return plan;
  }

  newPlan() {
    const plan = { name: this.name, saved: Date.now(), parts: splitRanges(this.file.size, this.parts) };
    for (const p of plan.parts) Object.assign(p, { url: null, acked: 0 });
    planStore.save(this.key, plan);
    return plan;
  }

  // Creates the parts that have no upload yet (all of them, or those a reload cut short).
  async createParts(generation) {
    const many = this.plan.parts.length > 1;
    for (const p of this.plan.parts) {
      if (p.url) continue;
      const headers = this.headers({
        'Upload-Length': String(p.length),
        'Upload-Metadata': `filename ${base64(this.name)}`,
      });
      if (many) headers['Upload-Concat'] = 'partial';
      const xhr = await this.withRetries(generation, () => this.request({ method: 'POST', url: this.api + 'uploads', headers }));
      p.url = this.uploadUrl(xhr.getResponseHeader('Location'));
      p.acked = Number(xhr.getResponseHeader('Upload-Offset') || 0);
      planStore.save(this.key, this.plan);
    }
  }

  // concatenation-unfinished: the final upload right after its parts, before their bytes. A 400
  // means a gateway without it (or a retried POST whose first answer was lost and which took the
  // parts): the parts are then joined at the end (finish), found by name if they were taken.
  async createFinal(generation) {
    if (this.plan.parts.length < 2 || this.plan.final || this.plan.finalLast) return;
    try {
      const xhr = await this.withRetries(generation, () => this.request({
        method: 'POST', url: this.api + 'uploads',
        headers: this.headers({ 'Upload-Concat': this.concatHeader(), 'Upload-Metadata': `filename ${base64(this.name)}` }),
      }));
      this.plan.final = this.uploadUrl(xhr.getResponseHeader('Location'));
    } catch (e) {
      if (!(e instanceof HttpError) || e.status !== 400) throw e;
      this.plan.finalLast = true;
    }
    planStore.save(this.key, this.plan);
  }

  concatHeader() {
    return 'final;' + this.plan.parts.map((p) => new URL(p.url, location.href).pathname).join(' ');
  }

  // Location is "/api/v1/uploads/<id>"; kept relative to the page's API base (proxies, prefixes).
  uploadUrl(location) {
    const id = location.split('/').filter(Boolean).pop();
    return `${this.api}uploads/${id}`;
  }

  async headOffset(url) {
    const xhr = await this.request({ method: 'HEAD', url, headers: this.headers() });
    return Number(xhr.getResponseHeader('Upload-Offset'));
  }

  async sendPart(part, generation) {
    let known = true;  // part.acked is the gateway's offset (just created, or just asked for)
    let failures = 0;
    for (;;) {
      this.alive(generation);
      try {
        if (!known) part.acked = await this.headOffset(part.url);
        known = true;
        if (part.acked >= part.length) return;
        await this.patch(part);
        failures = 0;
      } catch (e) {
        part.inFlight = 0;
        known = false;
        this.alive(generation);
        if (!(e instanceof HttpError) || !e.retryable || ++failures > MAX_FAILURES) throw e;
        await this.backoff(generation, failures, e);
      }
    }
  }

  async patch(part) {
    const end = Math.min(part.length, part.acked + this.chunkSize);
    const body = this.file.slice(part.start + part.acked, part.start + end);
    const xhr = await this.request({
      method: 'PATCH', url: part.url, body,
      headers: this.headers({ 'Upload-Offset': String(part.acked), 'Content-Type': 'application/offset+octet-stream' }),
      onProgress: (loaded) => { part.inFlight = loaded; this.onProgress(this.sent()); },
    });
    part.acked = Number(xhr.getResponseHeader('Upload-Offset'));
    part.inFlight = 0;
    this.onProgress(this.sent());
  }

  async backoff(generation, failures, error) {
    const delay = RETRY_DELAYS[Math.min(failures - 1, RETRY_DELAYS.length - 1)];
    this.setState('retrying', `${error.message}; retry ${failures} in ${delay / 1000} s`);
    await new Promise((resolve) => {
      const wake = () => { clearTimeout(timer); this.wakers.delete(wake); resolve(); };
      const timer = setTimeout(wake, delay);
      this.wakers.add(wake);
    });
    this.alive(generation);
    this.setState('uploading');
  }

  async withRetries(generation, action) {
    for (let failures = 1; ; failures++) {
      this.alive(generation);
      try {
        return await action();
      } catch (e) {
        this.alive(generation);
        if (!(e instanceof HttpError) || !e.retryable || failures > MAX_FAILURES) throw e;
        await this.backoff(generation, failures, e);
      }
    }
  }

  // The dataset: a single part became it with its last PATCH; a final upload made first was
  // joined by the PATCH that completed its last part (HEAD names the dataset, and joins it if that
  // PATCH could not: 409 while the join runs is retried); else the parts are joined now.
  async finish(generation) {
    const parts = this.plan.parts;
    let id = this.plan.dataset || (parts.length === 1 ? parts[0].url.split('/').pop() : null);
    if (!id && this.plan.final) {
      this.setState('joining');
      const xhr = await this.withRetries(generation, () => this.request({ method: 'HEAD', url: this.plan.final, headers: this.headers() }));
      id = xhr.getResponseHeader('Plateau-Dataset');
      if (!id) throw new Error('the gateway has not joined the final upload although every part is sent');
    }
    if (!id) {
      this.setState('joining');
      const concat = this.concatHeader();
      try {
        const xhr = await this.withRetries(generation, () => this.request({
          method: 'POST', url: this.api + 'uploads',
          headers: this.headers({ 'Upload-Concat': concat, 'Upload-Metadata': `filename ${base64(this.name)}` }),
        }));
        id = xhr.getResponseHeader('Plateau-Dataset') || this.uploadUrl(xhr.getResponseHeader('Location')).split('/').pop();
      } catch (e) {
        // A join whose answer was lost (network cut, pause) consumed the parts: find its dataset.
        if (!(e instanceof HttpError) || e.status !== 400 || !(id = await this.joinedDataset(generation))) throw e;
      }
    }
    const xhr = await this.withRetries(generation, () => this.request({
      method: 'GET', url: `${this.api}datasets/${encodeURIComponent(id)}`, headers: this.headers(),
    }));
    return JSON.parse(xhr.responseText);
  }

  // The newest dataset of this name and size created since the plan was made, if any.
  async joinedDataset(generation) {
    const xhr = await this.withRetries(generation, () => this.request({
      method: 'GET', url: this.api + 'datasets', headers: this.headers(),
    }));
    const found = JSON.parse(xhr.responseText).datasets
      .filter((d) => d.name === this.name && d.size === this.file.size && Date.parse(d.created) >= this.plan.saved - 60e3)
      .sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
    return found.length ? found[0].id : null;
  }
}
