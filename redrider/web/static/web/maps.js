// Shared map set-up for the console: base tiles from settings.MAP_TILES and, for Amap's GCJ-02
// tiles, a map CRS that shifts WGS-84 coordinates onto them — so every layer keeps drawing
// the WGS-84 points the API returns, and nothing else needs converting.
(function () {
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

  function wgs84ToGcj02(lat, lng) {
    if (outOfChina(lat, lng)) return [lat, lng];
    const [dLat, dLng] = offset(lat, lng);
    return [lat + dLat, lng + dLng];
  }

  function gcj02ToWgs84(lat, lng) {
    // Fixed-point iteration: the forward offset varies slowly, so this converges to < 1e-7°.
    let wLat = lat, wLng = lng;
    for (let i = 0; i < 10; i++) {
      const [gLat, gLng] = wgs84ToGcj02(wLat, wLng);
      wLat -= gLat - lat;
      wLng -= gLng - lng;
    }
    return [wLat, wLng];
  }

  function crsFor(kind) {
    if (kind !== "amap" || !window.L) return window.L && L.CRS.EPSG3857;
    const mercator = L.Projection.SphericalMercator;
    const projection = {
      bounds: mercator.bounds,
      project(latlng) { const [la, ln] = wgs84ToGcj02(latlng.lat, latlng.lng); return mercator.project(L.latLng(la, ln)); },
      unproject(point) { const g = mercator.unproject(point); const [la, ln] = gcj02ToWgs84(g.lat, g.lng); return L.latLng(la, ln); },
    };
    return L.extend({}, L.CRS.EPSG3857, {projection, code: "GCJ02"});
  }

  function baseLayer(kind, key) {
    if (kind === "tianditu" && key) {
      return L.tileLayer("https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=" + encodeURIComponent(key), {subdomains: "01234567", maxZoom: 18, attribution: "© 天地图"});
    }
    if (kind === "amap") {
      return L.tileLayer("https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}", {subdomains: "1234", maxZoom: 18, attribution: "© 高德地图"});
    }
    return L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {maxZoom: 19, attribution: "© OpenStreetMap"});
  }

  window.redriderMaps = {
    wgs84ToGcj02, gcj02ToWgs84,
    kind() { return document.body.dataset.mapTiles || "osm"; },
    // A Leaflet map on `el` with the configured tiles; layers take WGS-84 coordinates.
    create(el, options) {
      const kind = this.kind();
      const map = L.map(el, L.extend({crs: crsFor(kind)}, options || {}));
      baseLayer(kind, document.body.dataset.mapTilesKey || "").addTo(map);
      return map;
    },
  };
})();
