// The rider's 驿站 tab: nearest stations from the phone's location (or a point picked on the map),
// as a list (always) and on a Leaflet map (when the library and tiles are there). The last results
// are kept in localStorage so a rider with no signal still sees where stations are.
(function () {
  "use strict";
  const root = document.getElementById("stations-app");
  if (!root) return;
  const T = JSON.parse(document.getElementById(root.dataset.i18nId).textContent);
  const tiles = root.dataset.tiles || "osm";
  const tilesKey = root.dataset.tilesKey || "";
  const CACHE = "redrider.stations.last";
  const listEl = document.getElementById("station-list");
  const statusEl = document.getElementById("station-status");
  const labels = {};
  document.querySelectorAll("#service-labels")[0].content.querySelectorAll("span")
    .forEach((s) => { labels[s.dataset.code] = s.textContent; });
  let map = null, markers = null, lastQuery = null;

  function say(text) { statusEl.textContent = text || ""; }
  function esc(s) { const d = document.createElement("div"); d.textContent = s == null ? "" : String(s); return d.innerHTML; }
  function fmtDistance(m) { return m < 1000 ? Math.round(m) + " " + T.m : (m / 1000).toFixed(m < 10000 ? 1 : 0) + " " + T.km; }

  function tileLayer() {
    if (tiles === "tianditu" && tilesKey) {
      const base = (layer) => L.tileLayer("https://t{s}.tianditu.gov.cn/" + layer + "_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=" + layer + "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=" + encodeURIComponent(tilesKey), {subdomains: "01234567", maxZoom: 18});
      return L.layerGroup([base("vec"), base("cva")]);
    }
    if (tiles === "amap") {
      return L.tileLayer("https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}", {subdomains: "1234", maxZoom: 18});
    }
    return L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {maxZoom: 19, attribution: "© OpenStreetMap"});
  }

  function initMap() {
    if (map || !window.L) return;
    map = L.map("station-map", {zoomControl: true}).setView([30.657, 104.066], 13);
    tileLayer().addTo(map);
    markers = L.layerGroup().addTo(map);
    // A tap on the map searches from there, in the map's own coordinate system.
    map.on("click", (e) => {
      say(T.picked);
      search({lat: e.latlng.lat, lng: e.latlng.lng, crs: tiles === "amap" ? "gcj02" : "wgs84"});
    });
  }

  // Where to draw a point on the current tiles: Amap tiles are GCJ-02, the others WGS-84.
  function mapPoint(item, crs) { return tiles === "amap" ? item.gcj02 : (crs === "wgs84" ? [item.lat, item.lng] : null); }

  function drawMap(data, query) {
    if (!map) return;
    markers.clearLayers();
    const bounds = [];
    const here = tiles === "amap" ? data.origin_gcj02 : (query.crs === "wgs84" ? [query.lat, query.lng] : null);
    if (here) {
      L.marker(here, {icon: L.divIcon({className: "here-marker", iconSize: [16, 16]}), interactive: false}).addTo(markers);
      bounds.push(here);
    }
    data.items.forEach((item, i) => {
      const p = mapPoint(item, data.crs);
      if (!p) return;
      L.marker(p, {icon: L.divIcon({className: "station-marker", html: String(i + 1), iconSize: [26, 26]}), title: item.name})
        .bindPopup("<b>" + esc(item.name) + "</b><br>" + fmtDistance(item.distance_m))
        .on("click", () => { const el = document.getElementById("station-" + item.id); if (el) el.scrollIntoView({behavior: "smooth"}); })
        .addTo(markers);
      bounds.push(p);
    });
    if (bounds.length) map.fitBounds(bounds, {padding: [30, 30], maxZoom: 16});
  }

  function renderList(data) {
    listEl.innerHTML = "";
    if (!data.items.length) { listEl.innerHTML = "<li class='panel empty-state'>" + esc(T.none) + "</li>"; return; }
    data.items.forEach((item, i) => {
      const li = document.createElement("li");
      li.className = "station-item";
      li.id = "station-" + item.id;
      li.dataset.stationId = item.id;
      const services = (item.services || []).map((c) => "<span class='badge'>" + esc(labels[c] || c) + "</span>").join("");
      li.innerHTML =
        "<h3><span class='name'>" + (i + 1) + ". " + esc(item.name) + "</span><span class='dist'>" + fmtDistance(item.distance_m) + "</span></h3>" +
        "<div><span class='badge " + (item.open_now ? "open'>" + esc(T.open) : "closed'>" + esc(T.closed)) + "</span>" +
        (item.status !== "open" ? "<span class='badge'>" + esc(item.status_label) + "</span>" : "") + services + "</div>" +
        "<details><summary>" + esc(item.address || item.type_label) + "</summary>" +
        "<p class='muted'>" + esc(T.hours) + "：" + esc(item.opening_hours) + (item.services_note ? "<br>" + esc(item.services_note) : "") + "</p>" +
        "<form class='report-form' data-id='" + item.id + "'><select name='kind'>" +
        Object.entries(T.kinds).map(([k, label]) => "<option value='" + esc(k) + "'>" + esc(label) + "</option>").join("") + "</select> " +
        "<input name='opening_hours' placeholder='Mo-Su 09:00-18:00'> <input name='note' placeholder='" + esc(T.note) + "'> <button>" + esc(T.report) + "</button></form></details>" +
        "<div class='nav-links'><a href='" + esc(item.nav.amap) + "' target='_blank' rel='noopener'>" + esc(T.amap) + "</a>" +
        "<a href='" + esc(item.nav.baidu) + "' target='_blank' rel='noopener'>" + esc(T.baidu) + "</a>" +
        "<a href='" + esc(item.nav.tencent) + "' target='_blank' rel='noopener'>" + esc(T.tencent) + "</a></div>";
      listEl.appendChild(li);
    });
  }

  function filters() {
    const params = new URLSearchParams();
    if (document.getElementById("f-open").checked) params.set("open_now", "true");
    const svc = Array.from(document.querySelectorAll("input[name=svc]:checked")).map((x) => x.value);
    if (svc.length) params.set("services", svc.join(","));
    return params;
  }

  async function search(query) {
    lastQuery = query;
    const params = filters();
    params.set("lat", query.lat); params.set("lng", query.lng); params.set("crs", query.crs); params.set("limit", "10");
    try {
      const data = await window.redrider.api("/api/v1/stations/nearby?" + params.toString());
      renderList(data);
      drawMap(data, query);
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
    if (cached) { renderList(cached.data); drawMap(cached.data, cached.query); say(T.cached); }
    return cached;
  }

  function locate() {
    if (!navigator.geolocation) { say(T.noloc); return; }
    say(T.locating);
    navigator.geolocation.getCurrentPosition(
      (pos) => search({lat: pos.coords.latitude, lng: pos.coords.longitude, crs: "wgs84"}),
      () => say(T.noloc),
      {enableHighAccuracy: true, timeout: 10000, maximumAge: 60000});
  }

  listEl.addEventListener("submit", async (e) => {
    const form = e.target.closest(".report-form");
    if (!form) return;
    e.preventDefault();
    const body = {kind: form.kind.value, note: form.note.value};
    if (body.kind === "wrong_hours") body.opening_hours = form.opening_hours.value;
    try {
      await window.redrider.api("/api/v1/stations/" + form.dataset.id + "/corrections", {method: "POST", body: JSON.stringify(body)});
      say(T.sent);
    } catch (err) { say(err.message); }
    form.querySelector("button").disabled = false;
  });
  document.getElementById("f-open").addEventListener("change", () => lastQuery && search(lastQuery));
  document.querySelectorAll("input[name=svc]").forEach((x) => x.addEventListener("change", () => lastQuery && search(lastQuery)));
  document.getElementById("f-locate").addEventListener("click", locate);

  function start() {
    try { initMap(); } catch (e) { map = null; }  // no Leaflet: the list still works
    showCached();
    locate();
  }
  if (document.readyState === "complete") start(); else window.addEventListener("load", start);
})();
