// Every map of the platform (console and rider pages) is made here, so tiles, coordinates and
// the offline fallback behave the same everywhere.
//
// - Leaflet is fetched only when a map is wanted (`loadLeaflet`), so a page shows its list first.
// - Tiles come from settings.MAP_TILES (README: osm, tianditu with MAP_TILES_KEY, amap, a
//   self-hosted URL template, or none). Amap's tiles are GCJ-02: the map gets a CRS that shifts
//   WGS-84 onto them, so every layer keeps drawing the WGS-84 points the API returns.
// - Whenever tiles fail (an intranet, no signal, a blocked server) the map draws the offline base
//   layer instead: province, prefecture and county outlines with names, from static files built
//   by tools/build_boundaries.py. The map element gets data-offline="shown" when it does.

const A = 6378245.0;
const EE = 0.00669342162296594323;

function outOfChina(lat, lng) { return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271; }

function offset(lat, lng) {
  const x = lng - 105.0, y = lat - 35.0;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
  dLat += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
  dLat += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
  let dLng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLng += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
  dLng += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
  dLng += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
  const rad = lat / 180.0 * Math.PI;
  let magic = Math.sin(rad);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
  dLng = (dLng * 180.0) / (A / sqrtMagic * Math.cos(rad) * Math.PI);
  return [dLat, dLng];
}

export function wgs84ToGcj02(lat, lng) {
  if (outOfChina(lat, lng)) return [lat, lng];
  const [dLat, dLng] = offset(lat, lng);
  return [lat + dLat, lng + dLng];
}

export function gcj02ToWgs84(lat, lng) {
  // Fixed-point iteration: the forward offset varies slowly, so this converges to < 1e-7°.
  let wLat = lat, wLng = lng;
  for (let i = 0; i < 10; i++) {
    const [gLat, gLng] = wgs84ToGcj02(wLat, wLng);
    wLat -= gLat - lat;
    wLng -= gLng - lng;
  }
  return [wLat, wLng];
}

/** Great-circle distance in metres between two WGS-84 points. */
export function metresBetween(a, b) {
  const rad = Math.PI / 180, R = 6371008.8;
  const dLat = (b[0] - a[0]) * rad, dLng = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function tilesKind() { return document.body.dataset.mapTiles || "osm"; }

let leafletPromise = null;

/** Loads Leaflet (script and stylesheet from our static files) once; resolves to `L`. */
export function loadLeaflet() {
  if (window.L) return Promise.resolve(window.L);
  if (leafletPromise) return leafletPromise;
  const data = document.body.dataset;
  leafletPromise = new Promise((resolve, reject) => {
    if (data.leafletCss && !document.querySelector(`link[href="${data.leafletCss}"]`)) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = data.leafletCss;
      document.head.append(link);
    }
    const script = document.createElement("script");
    script.src = data.leafletJs;
    script.onload = () => resolve(window.L);
    script.onerror = () => { leafletPromise = null; reject(new Error("leaflet")); };
    document.head.append(script);
  });
  return leafletPromise;
}

function crsFor(kind) {
  if (kind !== "amap") return L.CRS.EPSG3857;
  const mercator = L.Projection.SphericalMercator;
  const projection = {
    bounds: mercator.bounds,
    project(latlng) { const [la, ln] = wgs84ToGcj02(latlng.lat, latlng.lng); return mercator.project(L.latLng(la, ln)); },
    unproject(point) { const g = mercator.unproject(point); const [la, ln] = gcj02ToWgs84(g.lat, g.lng); return L.latLng(la, ln); },
  };
  return L.extend({}, L.CRS.EPSG3857, {projection, code: "GCJ02"});
}

function baseLayer(kind, key) {
  if (kind === "none") return null;
  if (kind === "tianditu" && key) {
    const layer = (name) => L.tileLayer(`https://t{s}.tianditu.gov.cn/${name}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${name}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
      {subdomains: "01234567", maxZoom: 18, attribution: "© 天地图"});
    return L.featureGroup([layer("vec"), layer("cva")]);
  }
  if (kind === "amap") {
    return L.tileLayer("https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
      {subdomains: "1234", maxZoom: 18, attribution: "© 高德地图"});
  }
  if (kind.includes("{z}")) return L.tileLayer(kind, {maxZoom: 19});  // a self-hosted server
  return L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {maxZoom: 19, attribution: "© OpenStreetMap"});
}

// ---- the offline base layer -------------------------------------------------------------------

const files = new Map();  // url → Promise<json>

function fetchJson(path) {
  const url = (document.body.dataset.boundaries || "/static/vendor/boundaries/") + path;
  if (!files.has(url)) {
    files.set(url, fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))))
      .catch((err) => { files.delete(url); throw err; }));
  }
  return files.get(url);
}

function inRing(lng, lat, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if ((yi > lat) !== (yj > lat) && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function contains(feature, lat, lng) {
  const g = feature.geometry;
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
  return polygons.some((rings) => inRing(lng, lat, rings[0]) && !rings.slice(1).some((hole) => inRing(lng, lat, hole)));
}

function intersects(bbox, bounds) {
  const [s, w, n, e] = bbox;
  return !(n < bounds.getSouth() || s > bounds.getNorth() || e < bounds.getWest() || w > bounds.getEast());
}

/**
 * Outlines and names of the regions in view: provinces when the whole country shows,
 * prefectures from zoom 6, counties from zoom 8 (names from 9), fetched per province and per
 * prefecture as the map moves.
 */
function offlineLayer(map) {
  map.createPane("offline");
  map.getPane("offline").classList.add("offline-pane");
  const group = L.layerGroup();
  const drawn = new Map();  // file → {outlines, labels, level, data}
  // Zoomed in, no outline may be in view: a corner says which county the map is showing.
  const here = L.control({position: "bottomleft"});
  here.onAdd = () => L.DomUtil.create("div", "offline-here");
  const style = {
    province: {color: "#57606a", weight: 2, fill: false},
    prefecture: {color: "#6e7781", weight: 1.5, fill: false},
    county: {color: "#8c959f", weight: 1, dashArray: "3 3", fill: false},
  };
  const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  function draw(key, data, level) {
    if (drawn.has(key)) return;
    const outlines = L.geoJSON(data, {pane: "offline", interactive: false, style: () => style[level]});
    const labels = L.layerGroup(data.features.map((f) => L.marker(f.properties.label, {
      pane: "offline", interactive: false, keyboard: false,
      icon: L.divIcon({className: `region-label region-label-${level}`, html: `<span>${escape(f.properties.name)}</span>`, iconSize: null}),
    })));
    drawn.set(key, {outlines, labels, level, data});
    group.addLayer(outlines);
    refresh();
  }

  function where() {
    const c = map.getCenter();
    for (const level of ["county", "prefecture"]) {
      for (const d of drawn.values()) {
        if (d.level !== level) continue;
        const f = d.data.features.find((x) => intersects(x.properties.bbox, L.latLngBounds([c, c])) && contains(x, c.lat, c.lng));
        if (f) return f.properties.name;
      }
    }
    return "";
  }

  function refresh() {
    const zoom = map.getZoom();
    const box = here.getContainer();
    if (box) { box.textContent = zoom >= 9 ? where() : ""; box.hidden = !box.textContent; }
    for (const {labels, level, outlines} of drawn.values()) {
      const outlinesOn = level === "province" ? zoom < 7 : level === "prefecture" ? zoom >= 5 : zoom >= 8;
      const labelsOn = level === "province" ? zoom < 6 : level === "prefecture" ? zoom >= 6 && zoom < 10 : zoom >= 9;
      if (outlinesOn) group.addLayer(outlines); else group.removeLayer(outlines);
      if (labelsOn) group.addLayer(labels); else group.removeLayer(labels);
    }
  }

  async function update() {
    if (!map.hasLayer(group)) return;
    const zoom = map.getZoom(), bounds = map.getBounds();
    try {
      if (zoom < 7) draw("china", await fetchJson("china.json"), "province");
      if (zoom < 5) return;
      const index = await fetchJson("index.json");
      for (const p of index.features) {
        if (!intersects(p.properties.bbox, bounds)) continue;
        const pp = p.properties.code.slice(0, 2);
        const province = await fetchJson(`p/${pp}.json`);
        draw(`p/${pp}`, province, "prefecture");
        if (zoom < 8) continue;
        for (const c of province.county_files || []) {
          if (intersects(c.bbox, bounds)) draw(c.file, await fetchJson(c.file), "county");
        }
      }
    } catch (err) { /* the boundary files are a fallback: a map without them still works */ }
    refresh();
  }

  return {
    show() {
      if (map.hasLayer(group)) return;
      group.addTo(map);
      here.addTo(map);
      map.getContainer().dataset.offline = "shown";
      map.getContainer().classList.add("map-offline");
      map.on("moveend zoomend", update);
      update();
    },
    layer: group,
  };
}

/**
 * A Leaflet map on `el` (an element or its id) with the configured tiles and the offline
 * fallback; layers take WGS-84 coordinates. Resolves once Leaflet has loaded.
 */
export async function createMap(el, options = {}) {
  await loadLeaflet();
  const kind = tilesKind();
  const {center, zoom, ...rest} = options;
  const map = L.map(el, L.extend({crs: crsFor(kind)}, rest));
  (typeof el === "string" ? document.getElementById(el) : el).leafletMap = map;  // for tests and consoles
  if (center) map.setView(center, zoom || 12);
  const offline = offlineLayer(map);
  map.redriderOffline = offline;
  const tiles = baseLayer(kind, document.body.dataset.mapTilesKey || "");
  if (!tiles || navigator.onLine === false) {
    offline.show();
  }
  if (tiles) {
    let loaded = false;
    tiles.on("tileload", () => { loaded = true; });
    tiles.on("tileerror", () => offline.show());
    // A tile server that never answers (no signal) fails no request in time: after a while
    // without a single tile, draw the outlines too.
    setTimeout(() => { if (!loaded) offline.show(); }, 6000);
    tiles.addTo(map);
  }
  return map;
}

// The browser tests (and a curious developer's console) reach the conversions here.
window.redriderMaps = {wgs84ToGcj02, gcj02ToWgs84, kind: tilesKind, createMap, loadLeaflet};
