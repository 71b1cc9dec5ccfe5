// The helpers every page module shares: the JSON API, idempotency keys, the phone's location,
// job polling and the page's translated strings. One copy each, imported by the page modules
// (no inline script: the Content-Security-Policy forbids it).

/** The CSRF token the page was rendered with (a <meta> in the frame). */
export function csrf() {
  const token = document.querySelector('meta[name="csrf-token"]');
  return token ? token.content : "";
}

/**
 * Calls the JSON API of this site with the session's CSRF token; resolves to the body, or
 * rejects with an Error whose message is the server's `detail` (already in the reader's words),
 * `status` the HTTP status and `body` the whole error body.
 */
export async function api(path, options = {}) {
  const isForm = options.body instanceof FormData;
  const headers = Object.assign(isForm ? {} : {"Content-Type": "application/json"},
                                {"X-CSRFToken": csrf()}, options.headers || {});
  const response = await fetch(path, Object.assign({credentials: "same-origin"}, options, {headers}));
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const error = new Error(body && body.detail ? body.detail : (response.statusText || String(response.status)));
    error.status = response.status;
    error.body = body;
    throw error;
  }
  return body;
}

/** A fresh Idempotency-Key: one per intended effect, reused when the same effect is retried. */
export function newKey() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  (window.crypto || {getRandomValues: (a) => a.map(() => Math.floor(Math.random() * 256))}).getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The phone's position in WGS-84 ({lat, lng, accuracy}); rejects with an Error whose `reason`
 * is "unsupported", "denied", "unavailable" or "timeout" so the page can say what to do next.
 */
export function locate({timeout = 10000, maximumAge = 60000, highAccuracy = true} = {}) {
  return new Promise((resolve, reject) => {
    const fail = (reason) => { const e = new Error(reason); e.reason = reason; reject(e); };
    if (!navigator.geolocation) { fail("unsupported"); return; }
    navigator.geolocation.getCurrentPosition(
      (pos) => resolve({lat: pos.coords.latitude, lng: pos.coords.longitude, accuracy: pos.coords.accuracy}),
      (err) => fail(err && err.code === 1 ? "denied" : err && err.code === 3 ? "timeout" : "unavailable"),
      {enableHighAccuracy: highAccuracy, timeout, maximumAge});
  });
}

/**
 * Polls `fetchJob()` until `isDone(job)`; calls `onProgress(job)` after each answer. A failed
 * request is retried more slowly (a background job outlives a dropped connection).
 */
export async function poll(fetchJob, {isDone, onProgress = () => {}, interval = 1000, retry = 3000, first = 500}) {
  await sleep(first);
  for (;;) {
    let job = null;
    try { job = await fetchJob(); } catch (err) { await sleep(retry); continue; }
    onProgress(job);
    if (isDone(job)) return job;
    await sleep(interval);
  }
}

export function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

/** The translated strings a template handed over with `{% json_strings "id" ... %}`. */
export function strings(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : {};
}

/** Fills `{name}` placeholders of a translated template. */
export function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

/** A distance as people say it: "350 m", "1.2 km". */
export function distance(m, T = {m: "m", km: "km"}) {
  if (m == null || !isFinite(m)) return "";
  return m < 1000 ? `${Math.round(m)} ${T.m}` : `${(m / 1000).toFixed(m < 10000 ? 1 : 0)} ${T.km}`;
}

/** Runs `fn` once the document is parsed (modules already run after parsing; kept for clarity). */
export function ready(fn) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
  else fn();
}

/** Shows a message in an element (or hides it when empty). */
export function say(el, text, kind) {
  if (!el) return;
  el.textContent = text || "";
  el.hidden = !text;
  if (kind) el.dataset.kind = kind; else delete el.dataset.kind;
}

/** Element factory: el("li", {className: "x", dataset: {id: 1}}, "text", child...). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "dataset") Object.assign(node.dataset, v);
    else if (k in node) node[k] = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c != null && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}
