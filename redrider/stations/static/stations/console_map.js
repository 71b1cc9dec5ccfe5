// The console registry map: every station of the filtered list (up to a cap) as a small circle,
// plus an optional coverage layer (service circles of open stations and uncovered demand
// hotspots) from the planning API for the region in focus.
import {api} from "../web/lib.js";
import {createMap} from "../web/maps.js";

(async () => {
  const el = document.getElementById("console-map");
  if (!el) return;
  const points = JSON.parse(el.dataset.points || "[]");
  const map = await createMap(el, {center: [30.66, 104.06], zoom: 8});
  const colour = {open: "#1a7f37", temporarily_closed: "#9a6700", broken: "#c8161d", retired: "#888"};
  const bounds = [];
  points.forEach(([id, name, lat, lng, status]) => {
    L.circleMarker([lat, lng], {radius: 5, color: colour[status] || "#333", weight: 2, className: "console-station"})
      .bindPopup('<a href="' + id + '/">' + name.replace(/[<&]/g, "") + "</a>").addTo(map);
    bounds.push([lat, lng]);
  });
  if (bounds.length) map.fitBounds(bounds, {padding: [20, 20], maxZoom: 15});

  const controls = document.getElementById("coverage-controls");
  if (!controls) return;
  controls.addEventListener("submit", (event) => event.preventDefault());
  const toggle = document.getElementById("coverage-toggle");
  const radius = document.getElementById("coverage-radius");
  const openAt = document.getElementById("coverage-open-at");
  const summary = document.getElementById("coverage-summary");
  let layer = null;

  async function draw() {
    if (layer) { map.removeLayer(layer); layer = null; }
    summary.textContent = "";
    if (!toggle.checked) return;
    const params = new URLSearchParams({region: controls.dataset.region || "", radius_m: radius.value,
                                        include_stations: "true", hotspots: "100"});
    if (openAt.value) params.set("open_at", openAt.value);
    summary.textContent = "…";
    try {
      const report = await api("/api/v1/planning/coverage?" + params.toString(), {method: "GET"});
      layer = L.featureGroup();
      (report.stations || []).forEach((s) => {
        L.circle([s.lat, s.lng], {radius: Number(radius.value), color: "#1a7f37", weight: 1, fillOpacity: 0.08,
                                  className: "coverage-circle"}).addTo(layer);
      });
      (report.hotspots || []).forEach((h) => {
        L.polygon(h.boundary, {color: "#c8161d", weight: 1, fillOpacity: 0.35, className: "coverage-hotspot"})
          .bindTooltip((h.share * 100).toFixed(2) + "%").addTo(layer);
      });
      layer.addTo(map);
      if (layer.getLayers().length) map.fitBounds(layer.getBounds(), {padding: [20, 20], maxZoom: 16});
      const share = report.covered_share ?? (report.figures && report.figures.covered_share);
      summary.textContent = share == null ? "" : `${summary.dataset.label}: ${(share * 100).toFixed(1)}%`;
    } catch (error) {
      summary.textContent = error.message;
    }
  }
  [toggle, radius, openAt].forEach((input) => input.addEventListener("change", draw));
})();
