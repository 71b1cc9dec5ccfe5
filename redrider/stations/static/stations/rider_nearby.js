// The rider's 驿站 tab: nearest stations from the phone's location (or a point picked on the
// map), as a list first and then on a map. On a weak signal the list is what matters: the map
// library is fetched only after the list has been drawn. The last results are kept in
// localStorage, so a rider with no signal still sees where stations are.
import {api, distance, el, locate, strings} from "../web/lib.js";
import {createMap} from "../web/maps.js";

const root = document.getElementById("stations-app");
const T = strings(root.dataset.i18nId);
const CACHE = "redrider.stations.last";
const listEl = document.getElementById("station-list");
const statusEl = document.getElementById("station-status");
const mapEl = document.getElementById("station-map");
const labels = Object.fromEntries(Array.from(
  document.getElementById("service-labels").content.querySelectorAll("span"), (s) => [s.dataset.code, s.textContent]));
let map = null, markers = null, mapLoading = null, lastQuery = null, lastData = null;

const say = (text) => { statusEl.textContent = text || ""; };
const fmtDistance = (m) => distance(m, T);

// ---- the list ---------------------------------------------------------------------------------

function correctionForm(item) {
  const select = el("select", {name: "kind", required: true},
    el("option", {value: ""}, T.pick_kind),
    ...Object.entries(T.kinds).map(([k, label]) => el("option", {value: k}, label)));
  const form = el("form", {className: "report-form", noValidate: true, dataset: {id: item.id}},
    el("label", {}, T.what_wrong, select),
    el("fieldset", {className: "hours-field", hidden: true}, el("legend", {}, T.right_hours),
      el("label", {}, T.days, el("select", {name: "hours_days"},
        el("option", {value: "Mo-Su"}, T.every_day), el("option", {value: "Mo-Fr"}, T.weekdays),
        el("option", {value: "Sa,Su"}, T.weekend))),
      el("label", {className: "check"}, el("input", {type: "checkbox", name: "hours_24"}), el("span", {}, T.all_day)),
      el("div", {className: "hours-times"},
        el("label", {}, T.opens, el("input", {type: "time", name: "hours_from", value: "09:00"})),
        el("label", {}, T.closes, el("input", {type: "time", name: "hours_to", value: "21:00"})))),
    el("label", {}, T.note, el("input", {name: "note", maxLength: 255})),
    el("button", {type: "submit"}, T.report),
    el("p", {className: "form-result", role: "status", hidden: true}));
  select.addEventListener("change", () => {
    form.querySelector(".hours-field").hidden = select.value !== "wrong_hours";
  });
  form.addEventListener("change", (e) => {
    if (e.target.name === "hours_24") form.querySelector(".hours-times").hidden = e.target.checked;
  });
  return form;
}

function renderList(data) {
  listEl.replaceChildren();
  if (!data.items.length) { listEl.append(el("li", {className: "panel empty-state"}, T.none)); return; }
  data.items.forEach((item, i) => {
    const badges = el("div", {},
      el("span", {className: `badge ${item.open_now ? "open" : "closed"}`}, item.open_now ? T.open : T.closed),
      item.status !== "open" ? el("span", {className: "badge"}, item.status_label) : null,
      ...(item.services || []).map((c) => el("span", {className: "badge"}, labels[c] || c)));
    const details = el("details", {},
      el("summary", {}, item.address || item.type_label),
      el("p", {className: "muted"}, `${T.hours}${T.colon}${item.opening_hours_text || item.opening_hours}`,
         item.services_note ? el("br") : null, item.services_note || null),
      correctionForm(item));
    const nav = el("div", {className: "nav-links"},
      el("a", {href: item.nav.amap, target: "_blank", rel: "noopener"}, T.amap),
      el("a", {href: item.nav.baidu, target: "_blank", rel: "noopener"}, T.baidu),
      el("a", {href: item.nav.tencent, target: "_blank", rel: "noopener"}, T.tencent));
    listEl.append(el("li", {className: "station-item", id: `station-${item.id}`, dataset: {stationId: item.id}},
      el("h3", {}, el("span", {className: "name"}, `${i + 1}. ${item.name}`), el("span", {className: "dist"}, fmtDistance(item.distance_m))),
      badges, details, nav));
  });
}

// ---- the map (after the list) -----------------------------------------------------------------

function ensureMap() {
  if (mapLoading) return mapLoading;
  mapLoading = createMap(mapEl, {center: [30.657, 104.066], zoom: 13, zoomControl: true}).then((m) => {
    map = m;
    markers = L.layerGroup().addTo(map);
    // A tap on the map searches from there (the map's layers are WGS-84 whatever the tiles).
    map.on("click", (e) => {
      say(T.picked);
      search({lat: e.latlng.lat, lng: e.latlng.lng, crs: "wgs84"});
    });
    if (lastData) drawMap(lastData, lastQuery);
    return map;
  }).catch(() => { mapEl.hidden = true; return null; });  // no map library: the list still works
  return mapLoading;
}

function drawMap(data, query) {
  if (!map) return;
  markers.clearLayers();
  const bounds = [];
  if (query && query.crs === "wgs84") {
    const here = [query.lat, query.lng];
    L.marker(here, {icon: L.divIcon({className: "here-marker", iconSize: [16, 16]}), interactive: false}).addTo(markers);
    bounds.push(here);
  }
  data.items.forEach((item, i) => {
    // The API answers in the crs asked; the list asks in WGS-84, the map draws WGS-84.
    if (data.crs !== "wgs84") return;
    const p = [item.lat, item.lng];
    L.marker(p, {icon: L.divIcon({className: "station-marker", html: String(i + 1), iconSize: [26, 26]}), title: item.name})
      .bindPopup(el("div", {}, el("b", {}, item.name), el("br"), fmtDistance(item.distance_m)))
      .on("click", () => { const li = document.getElementById(`station-${item.id}`); if (li) li.scrollIntoView({behavior: "smooth"}); })
      .addTo(markers);
    bounds.push(p);
  });
  if (bounds.length) map.fitBounds(bounds, {padding: [30, 30], maxZoom: 16});
}

// ---- searching --------------------------------------------------------------------------------

function filters() {
  const params = new URLSearchParams();
  if (document.getElementById("f-open").checked) params.set("open_now", "true");
  const svc = Array.from(document.querySelectorAll("input[name=svc]:checked"), (x) => x.value);
  if (svc.length) params.set("services", svc.join(","));
  return params;
}

function show(data, query) {
  lastData = data;
  lastQuery = query;
  renderList(data);
  drawMap(data, query);
  ensureMap();
}

async function search(query) {
  lastQuery = query;
  const params = filters();
  params.set("lat", query.lat); params.set("lng", query.lng); params.set("crs", query.crs); params.set("limit", "10");
  try {
    const data = await api("/api/v1/stations/nearby?" + params.toString());
    show(data, query);
    if (statusEl.textContent === T.locating || statusEl.textContent === T.cached) say("");
    try { localStorage.setItem(CACHE, JSON.stringify({at: Date.now(), query, data})); } catch (e) { /* storage full or off */ }
  } catch (err) {
    if (err.status && err.status < 500) { say(err.message); return; }
    showCached();
  }
}

function showCached() {
  let cached = null;
  try { cached = JSON.parse(localStorage.getItem(CACHE) || "null"); } catch (e) { cached = null; }
  if (cached) { show(cached.data, cached.query); say(T.cached); }
  return cached;
}

async function locateAndSearch() {
  say(T.locating);
  try {
    const here = await locate();
    search({lat: here.lat, lng: here.lng, crs: "wgs84"});
  } catch (err) {
    say(T.noloc);
    ensureMap();  // no position: the rider picks one on the map
  }
}

listEl.addEventListener("submit", async (e) => {
  const form = e.target.closest(".report-form");
  if (!form) return;
  e.preventDefault();
  const result = form.querySelector(".form-result");
  const button = form.querySelector("button");
  if (!form.kind.value) { result.hidden = false; result.textContent = T.pick_kind_first; result.className = "form-result error"; return; }
  const body = {kind: form.kind.value, note: form.note.value};
  if (body.kind === "wrong_hours") {
    // Said in words by the rider, written in OpenStreetMap syntax for the station's record.
    const days = form.hours_days.value;
    body.opening_hours = form.hours_24.checked ? (days === "Mo-Su" ? "24/7" : `${days} 00:00-24:00`)
      : `${days} ${form.hours_from.value}-${form.hours_to.value}`;
  }
  button.disabled = true;
  try {
    await api(`/api/v1/stations/${form.dataset.id}/corrections`, {method: "POST", body: JSON.stringify(body)});
    result.textContent = T.sent;
    result.className = "form-result ok";
    form.reset();
  } catch (err) {
    result.textContent = err.message;
    result.className = "form-result error";
  }
  result.hidden = false;
  button.disabled = false;
});
document.getElementById("f-open").addEventListener("change", () => lastQuery && search(lastQuery));
document.querySelectorAll("input[name=svc]").forEach((x) => x.addEventListener("change", () => lastQuery && search(lastQuery)));
document.getElementById("f-locate").addEventListener("click", locateAndSearch);

showCached();
locateAndSearch();
